package runstore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/digisim/digisim/internal/atomicfile"
)

// Shard returns the contiguous run range [from, to) of shard k of n over
// total runs. Shard sizes differ by at most one run.
func Shard(k, n, total int) (from, to int) {
	if n < 1 || k < 0 || k >= n {
		return 0, 0 // no shard: callers check K/N first
	}
	return int(int64(k) * int64(total) / int64(n)), int(int64(k+1) * int64(total) / int64(n))
}

// PartsDir is the folder of a sharded sweep's parts inside its output
// folder.
const PartsDir = "parts"

// PartInfo describes one shard's part: which experiment (by the hash of its
// resolved definition), which shard, which runs.
type PartInfo struct {
	Experiment string `json:"experiment"`
	Hash       string `json:"experiment_sha256"`
	Shard      int    `json:"shard"`
	Shards     int    `json:"shards"`
	From       int    `json:"from"`
	To         int    `json:"to"`
	// Source is the experiment file (absolute) or "shipped/NAME.toml",
	// and File its decoded definition, so that merge can rebuild the
	// experiment from the parts alone.
	Source string          `json:"experiment_source,omitempty"`
	File   json.RawMessage `json:"experiment_file,omitempty"`
}

// PartPath returns the CSV path of shard k of n in dir.
func PartPath(dir string, k, n int) string {
	return filepath.Join(dir, PartsDir, fmt.Sprintf("part-%04d-of-%04d.csv", k, n))
}

func infoPath(csvPath string) string { return strings.TrimSuffix(csvPath, ".csv") + ".json" }

// WritePartInfo records the part's description next to its CSV, atomically.
func WritePartInfo(csvPath string, info PartInfo) error {
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(infoPath(csvPath), append(b, '\n'))
}

// Merge checks the parts in dir/parts and concatenates their rows, in run
// order, into dir/runs.csv (atomically). It refuses parts of another
// experiment or another shard count, names missing and interrupted shards
// with the command that re-runs or resumes them (experiment is the name or
// file given to sweep), checks every value, and never counts a run twice.
// On any error it writes nothing. It returns the part files merged.
func Merge(dir string, l Layout, experiment, hash string, total int) ([]string, error) {
	return MergeThen(dir, l, experiment, hash, total, nil)
}

// MergeThen is Merge calling before (when not nil) once every part is
// checked, just before runs.csv is replaced: a caller removes there what
// must not outlive the old table (its manifest).
func MergeThen(dir string, l Layout, experiment, hash string, total int, before func() error) ([]string, error) {
	infos, interrupted, err := listParts(dir)
	if err != nil {
		return nil, err
	}
	if len(infos) == 0 && len(interrupted) == 0 {
		return nil, fmt.Errorf("runstore: no parts in %s; run the shards first (digisim sweep %s --shard K/N --out %s)", filepath.Join(dir, PartsDir), experiment, dir)
	}
	var parts []PartInfo
	var paths []string
	var errs []error
	shards := -1
	for _, p := range infos {
		info, err := ReadPartInfo(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if info.Hash != hash {
			errs = append(errs, fmt.Errorf("%s belongs to another experiment (sha256 %.12s, this one %.12s); remove it or merge it with its own experiment", p, info.Hash, hash))
			continue
		}
		if shards >= 0 && info.Shards != shards {
			errs = append(errs, fmt.Errorf("%s: part of a %d-shard run, others are of %d shards; keep the parts of one sharding only", p, info.Shards, shards))
			continue
		}
		shards = info.Shards
		if from, to := Shard(info.Shard, info.Shards, total); info.From != from || info.To != to {
			errs = append(errs, fmt.Errorf("%s: runs [%d, %d), but shard %d of %d is [%d, %d)", p, info.From, info.To, info.Shard, info.Shards, from, to))
			continue
		}
		parts = append(parts, info)
		paths = append(paths, strings.TrimSuffix(p, ".json")+".csv")
	}
	done := map[[2]int]bool{}
	for _, p := range parts {
		done[[2]int{p.Shard, p.Shards}] = true
	}
	for _, in := range interrupted {
		if done[[2]int{in.k, in.n}] {
			continue // a leftover beside a finished part
		}
		errs = append(errs, fmt.Errorf("runstore: shard %d of %d was interrupted (%s is left); finish it with: digisim sweep %s --shard %d/%d --out %s --resume",
			in.k, in.n, in.path, experiment, in.k, in.n, dir))
		if shards < 0 {
			shards = in.n
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	have := map[int]string{}
	for k, p := range parts {
		if other, dup := have[p.Shard]; dup {
			return nil, fmt.Errorf("runstore: shard %d of %d appears twice (%s and %s); keep one", p.Shard, shards, other, paths[k])
		}
		have[p.Shard] = paths[k]
	}
	var missing []string
	for k := range shards {
		if _, ok := have[k]; !ok {
			missing = append(missing, strconv.Itoa(k))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("runstore: missing shards %s of %d; re-run each with: digisim sweep %s --shard K/%d --out %s",
			strings.Join(missing, ", "), shards, experiment, shards, dir)
	}
	sort.Slice(parts, func(a, b int) bool { return parts[a].Shard < parts[b].Shard })
	sort.Strings(paths) // zero-padded names sort by shard

	head := headerLine(l)
	out, err := atomicfile.Create(filepath.Join(dir, "runs.csv"))
	if err != nil {
		return nil, err
	}
	defer out.Abort() // a no-op once committed
	out.Write([]byte(head))
	for k, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("runstore: shard %d: %w; re-run it with --shard %d/%d", parts[k].Shard, err, parts[k].Shard, shards)
		}
		if err := checkPart(path, data, l, parts[k]); err != nil {
			return nil, err
		}
		out.Write(data[len(head):])
	}
	if before != nil {
		if err := before(); err != nil {
			return nil, err
		}
	}
	if err := out.Commit(); err != nil {
		return nil, err
	}
	return paths, nil
}

// checkPart verifies that a part holds exactly the rows of its range, each
// complete.
func checkPart(path string, data []byte, l Layout, info PartInfo) error {
	head := headerLine(l)
	labels := l.labels() // per parameter column, its value labels or nil
	redo := fmt.Sprintf("re-run it with --shard %d/%d", info.Shard, info.Shards)
	if !bytes.HasPrefix(data, []byte(head)) {
		if why := edited(data); why != "" {
			return fmt.Errorf("runstore: %s %s: digisim writes neither, so it was edited or copied through another program; %s", path, why, redo)
		}
		return fmt.Errorf("runstore: %s has other columns than this experiment; %s", path, redo)
	}
	body := data[len(head):]
	if len(body) > 0 && body[len(body)-1] != '\n' {
		return fmt.Errorf("runstore: %s is truncated (last row incomplete); %s", path, redo)
	}
	cols := strings.Count(head, ",")
	names := strings.Split(strings.TrimSuffix(head, "\n"), ",")
	run := info.From
	for line := range bytes.Lines(body) {
		comma := bytes.IndexByte(line, ',')
		got, err := strconv.Atoi(string(line[:max(comma, 0)]))
		if comma < 0 || err != nil || got != run || string(line[:comma]) != strconv.Itoa(run) || bytes.Count(line, []byte{','}) != cols {
			return fmt.Errorf("runstore: %s: row %d is damaged or out of order (want run %d); %s", path, run-info.From+1, run, redo)
		}
		for i, cell := range bytes.Split(bytes.TrimSuffix(line, []byte{'\n'}), []byte{','}) {
			if i < 3 {
				if v, err := strconv.Atoi(string(cell)); err != nil || string(cell) != strconv.Itoa(v) {
					return fmt.Errorf("runstore: %s: row %d, column %s: %q is not an integer; %s", path, run-info.From+1, names[i], clip(cell), redo)
				}
				continue
			}
			if j := i - 3; j < len(labels) && labels[j] != nil {
				if !slices.Contains(labels[j], string(cell)) {
					return fmt.Errorf("runstore: %s: row %d, column %s: %q is not one of %s; %s", path, run-info.From+1, names[i], clip(cell), strings.Join(labels[j], ", "), redo)
				}
				continue
			}
			v, err := strconv.ParseFloat(string(cell), 64)
			if err != nil {
				return fmt.Errorf("runstore: %s: row %d, column %s: %q is not a number; %s", path, run-info.From+1, names[i], clip(cell), redo)
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				// A run stops on a non-finite output (MODEL.md): the file was edited or damaged.
				return fmt.Errorf("runstore: %s: row %d, column %s: %q is not a finite number, which no run writes; %s", path, run-info.From+1, names[i], clip(cell), redo)
			}
		}
		run++
	}
	if run != info.To {
		return fmt.Errorf("runstore: %s holds runs %d to %d, want %d to %d; %s", path, info.From, run-1, info.From, info.To-1, redo)
	}
	return nil
}

// edited names what a text editor or spreadsheet adds to a table that
// digisim never writes: a byte-order mark, Windows line ends.
func edited(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return "starts with a byte-order mark (U+FEFF)"
	case bytes.Contains(data[:min(len(data), 1<<16)], []byte("\r\n")):
		return "has Windows line ends (\\r\\n)"
	}
	return ""
}

// clip shortens a damaged cell for a message.
func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "..."
	}
	return string(b)
}

// interruptedPart is what a killed shard leaves: its partial table or
// its state file.
type interruptedPart struct {
	path string
	k, n int
}

// partLeftoverName matches what an interrupted shard leaves.
var partLeftoverName = regexp.MustCompile(`^part-([0-9]+)-of-([0-9]+)\.csv\.(partial|state\.json)$`)

// listParts returns the part infos in dir/parts, sorted, and the
// leftovers of interrupted shards (one per shard).
func listParts(dir string) ([]string, []interruptedPart, error) {
	entries, err := os.ReadDir(filepath.Join(dir, PartsDir))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var infos []string
	var left []interruptedPart
	seen := map[[2]int]bool{}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, "part-") && strings.HasSuffix(name, ".json") && !strings.HasSuffix(name, ".csv.state.json") {
			infos = append(infos, filepath.Join(dir, PartsDir, name))
			continue
		}
		if m := partLeftoverName.FindStringSubmatch(name); m != nil {
			k, _ := strconv.Atoi(m[1])
			n, _ := strconv.Atoi(m[2])
			if !seen[[2]int{k, n}] {
				seen[[2]int{k, n}] = true
				left = append(left, interruptedPart{filepath.Join(dir, PartsDir, name), k, n})
			}
		}
	}
	sort.Strings(infos)
	return infos, left, nil
}

// ReadPartInfo reads and checks a part's description.
func ReadPartInfo(path string) (PartInfo, error) {
	var info PartInfo
	b, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(b, &info)
	}
	if err != nil {
		return info, fmt.Errorf("%s: %w; re-run its shard", path, err)
	}
	if info.Shards < 1 || info.Shard < 0 || info.Shard >= info.Shards || info.From < 0 || info.To < info.From {
		return info, fmt.Errorf("%s: shard %d of %d, runs [%d, %d): not a valid part description; re-run its shard", path, info.Shard, info.Shards, info.From, info.To)
	}
	return info, nil
}

// FirstPartInfo returns the description of the first part in dir/parts,
// which names the experiment the parts were run from.
func FirstPartInfo(dir string) (PartInfo, string, error) {
	infos, left, err := listParts(dir)
	if err != nil {
		return PartInfo{}, "", err
	}
	if len(infos) == 0 {
		if len(left) > 0 {
			return PartInfo{}, "", fmt.Errorf("runstore: no finished part in %s, only the interrupted %s; finish its shard with --resume first",
				filepath.Join(dir, PartsDir), left[0].path)
		}
		return PartInfo{}, "", fmt.Errorf("runstore: no parts in %s; run the shards first (digisim sweep EXPERIMENT --shard K/N --out %s)", filepath.Join(dir, PartsDir), dir)
	}
	var errs []error
	for _, p := range infos {
		info, err := ReadPartInfo(p)
		if err == nil {
			return info, p, nil
		}
		errs = append(errs, err)
	}
	return PartInfo{}, "", errors.Join(errs...)
}

// CheckTable verifies that the run table at path has the header of l and
// holds exactly runs 0 to total-1, in order, each complete, every value a
// number: a reader of a finished sweep calls it before trusting runs.csv
// (or the runs.parquet written from it).
func CheckTable(path string, l Layout, total int) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("runstore: %w; re-run the sweep", err)
	}
	err = checkPart(path, data, l, PartInfo{From: 0, To: total})
	if err != nil {
		msg := strings.Replace(err.Error(), "re-run it with --shard 0/0", "re-run the sweep (or the merge)", 1)
		return errors.New(msg)
	}
	return nil
}

// CleanPartTemps removes the temporary files that a killed atomic write of
// shard k of n's files left in dir/parts (".part-K-of-N...tmp-*"). Only
// that shard writes those names, so it may call this while other shards
// write theirs.
func CleanPartTemps(dir string, k, n int) {
	base := filepath.Base(PartPath(dir, k, n))
	names, _ := filepath.Glob(filepath.Join(dir, PartsDir, "."+strings.TrimSuffix(base, ".csv")+".*tmp-*"))
	for _, name := range names {
		os.Remove(name)
	}
}
