package runstore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/digisim/digisim/internal/atomicfile"
)

// Shard returns the contiguous run range [from, to) of shard k of n over
// total runs. Shard sizes differ by at most one run.
func Shard(k, n, total int) (from, to int) {
	return k * total / n, (k + 1) * total / n
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
// experiment or another shard count, names missing shards with the command
// that re-runs them (experiment is the name or file given to sweep), and
// never counts a run twice. It returns the part files merged.
func Merge(dir string, l Layout, experiment, hash string, total int) ([]string, error) {
	infos, err := filepath.Glob(filepath.Join(dir, PartsDir, "part-*.json"))
	if err != nil {
		return nil, err
	}
	if len(infos) == 0 {
		return nil, fmt.Errorf("runstore: no parts in %s; run the shards first (digisim sweep %s --shard K/N --out %s)", filepath.Join(dir, PartsDir), experiment, dir)
	}
	sort.Strings(infos)
	var parts []PartInfo
	var paths []string
	var errs []error
	shards := -1
	for _, p := range infos {
		var info PartInfo
		b, err := os.ReadFile(p)
		if err == nil {
			err = json.Unmarshal(b, &info)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", p, err))
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
			return nil, fmt.Errorf("runstore: shard %d: %v; re-run it with --shard %d/%d", parts[k].Shard, err, parts[k].Shard, shards)
		}
		if err := checkPart(path, data, head, parts[k]); err != nil {
			return nil, err
		}
		out.Write(data[len(head):])
	}
	if err := out.Commit(); err != nil {
		return nil, err
	}
	return paths, nil
}

// checkPart verifies that a part holds exactly the rows of its range, each
// complete.
func checkPart(path string, data []byte, head string, info PartInfo) error {
	redo := fmt.Sprintf("re-run it with --shard %d/%d", info.Shard, info.Shards)
	if !bytes.HasPrefix(data, []byte(head)) {
		return fmt.Errorf("runstore: %s has other columns than this experiment; %s", path, redo)
	}
	body := data[len(head):]
	if len(body) > 0 && body[len(body)-1] != '\n' {
		return fmt.Errorf("runstore: %s is truncated (last row incomplete); %s", path, redo)
	}
	cols := strings.Count(head, ",")
	run := info.From
	for line := range bytes.Lines(body) {
		comma := bytes.IndexByte(line, ',')
		got, err := strconv.Atoi(string(line[:max(comma, 0)]))
		if comma < 0 || err != nil || got != run || bytes.Count(line, []byte{','}) != cols {
			return fmt.Errorf("runstore: %s: row %d is damaged or out of order (want run %d); %s", path, run-info.From+1, run, redo)
		}
		run++
	}
	if run != info.To {
		return fmt.Errorf("runstore: %s holds runs %d to %d, want %d to %d; %s", path, info.From, run-1, info.From, info.To-1, redo)
	}
	return nil
}
