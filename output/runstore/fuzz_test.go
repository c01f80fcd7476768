package runstore

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The fuzz targets of the run-table readers: whatever is in a
// partial table, a runs.csv or a parts folder, Resume, WriteBands,
// WriteParquet and Merge return an error with a message or a table that
// holds exactly the runs it should; they never panic. scripts/fuzz.sh runs
// each for a few seconds in CI.

// FuzzRunsCSV: the bytes of runs.csv.partial (for --resume) and of
// runs.csv (for bands.csv and runs.parquet).
func FuzzRunsCSV(f *testing.F) {
	var b bytes.Buffer
	b.WriteString(headerLine(layout))
	for r := range 4 {
		b.Write(appendRow(nil, row(r)))
	}
	f.Add(b.Bytes())
	f.Add(b.Bytes()[:b.Len()-7]) // a line cut short by a kill
	f.Add([]byte{})              // a kill before the header was flushed
	f.Add([]byte(headerLine(layout)))
	f.Add([]byte(headerLine(layout) + "0,0,0,NaN,1,2,3\n"))
	f.Add([]byte(headerLine(layout) + "0,0,0,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		skipKnown(t, knownRunsCSV, data)
		dir := t.TempDir()
		partial := filepath.Join(dir, "runs.csv.partial")
		if err := os.WriteFile(partial, data, 0o644); err != nil {
			t.Fatal(err)
		}
		w, n, err := Resume(partial, layout, 0)
		if err != nil {
			nonEmpty(t, "Resume", err)
		} else {
			if err := w.Write(row(n)); err != nil {
				t.Fatal(err)
			}
			final := filepath.Join(dir, "resumed.csv")
			if err := w.Commit(final); err != nil {
				t.Fatal(err)
			}
			checkRuns(t, final, 0, n+1)
		}
		runs := filepath.Join(dir, "runs.csv")
		if err := os.WriteFile(runs, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := WriteBands(runs, filepath.Join(dir, "bands.csv"), layout); err != nil {
			nonEmpty(t, "WriteBands", err)
		}
	})
}

// FuzzMerge: the first of two parts (its table and its info), and a file
// a killed shard leaves beside it (part-0000-of-0002.csv.state.json, issue
// 12 item 1), merged with a valid second part.
func FuzzMerge(f *testing.F) {
	const total = 6
	seed := t0dir(f, total)
	csv0, _ := os.ReadFile(PartPath(seed, 0, 2))
	info0, _ := os.ReadFile(infoPath(PartPath(seed, 0, 2)))
	f.Add(csv0, info0, []byte(nil))
	f.Add(csv0, info0, []byte(`{"experiment_sha256":"h","from":0,"to":3}`))
	f.Add(csv0[:len(csv0)/2], info0, []byte(nil))
	f.Add(csv0, []byte(`{"experiment":"x","experiment_sha256":"h","shard":0,"shards":0,"from":0,"to":0}`), []byte(nil))
	f.Fuzz(func(t *testing.T, csv, info, state []byte) {
		skipKnown(t, knownMerge, csv, info, state)
		dir := t.TempDir()
		writeParts(t, dir, 2, total, "h")
		p0 := PartPath(dir, 0, 2)
		if err := os.WriteFile(p0, csv, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(infoPath(p0), info, 0o644); err != nil {
			t.Fatal(err)
		}
		if state != nil {
			if err := os.WriteFile(p0+".state.json", state, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		parts, err := Merge(dir, layout, "x", "h", total)
		if err != nil {
			nonEmpty(t, "Merge", err)
			if _, err := os.Stat(filepath.Join(dir, "runs.csv")); err == nil {
				t.Fatal("Merge failed but left a runs.csv")
			}
			return
		}
		if len(parts) != 2 {
			t.Fatalf("merged %d parts, want 2", len(parts))
		}
		checkRuns(t, filepath.Join(dir, "runs.csv"), 0, total)
	})
}

// Inputs that crash today, skipped until the fix.
var (
	knownMerge   = map[string]string{}
	knownRunsCSV = map[string]string{}
)

// t0dir writes a valid two-part folder for the seeds.
func t0dir(f *testing.F, total int) string {
	dir := f.TempDir()
	for k := range 2 {
		from, to := Shard(k, 2, total)
		p := PartPath(dir, k, 2)
		w, err := Create(p+".partial", layout, from)
		if err != nil {
			f.Fatal(err)
		}
		for r := from; r < to; r++ {
			if err := w.Write(row(r)); err != nil {
				f.Fatal(err)
			}
		}
		if err := w.Commit(p); err != nil {
			f.Fatal(err)
		}
		if err := WritePartInfo(p, PartInfo{Experiment: "x", Hash: "h", Shard: k, Shards: 2, From: from, To: to}); err != nil {
			f.Fatal(err)
		}
	}
	return dir
}

func nonEmpty(t *testing.T, what string, err error) {
	t.Helper()
	if strings.TrimSpace(err.Error()) == "" {
		t.Fatalf("%s: error with an empty message", what)
	}
}

// checkRuns: the table at path has the header and exactly runs from..to-1.
func checkRuns(t *testing.T, path string, from, to int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if lines[0]+"\n" != headerLine(layout) {
		t.Fatalf("%s: header %q", path, lines[0])
	}
	if len(lines)-1 != to-from {
		t.Fatalf("%s: %d rows, want %d", path, len(lines)-1, to-from)
	}
	for i, l := range lines[1:] {
		run, _, _ := strings.Cut(l, ",")
		if run != strconv.Itoa(from+i) {
			t.Fatalf("%s: row %d is run %q, want %d", path, i, run, from+i)
		}
	}
}

// skipKnown skips an input that crashes today and is listed in known (by
// the first 12 hex digits of the SHA-256 of its arguments) with the issue
// item that will fix it, so that go test stays green while the fix is
// pending; remove the entry with the fix. DIGISIM_FUZZ_KEYS=1 prints the
// key of every input run.
func skipKnown(t *testing.T, known map[string]string, args ...any) {
	t.Helper()
	h := sha256.Sum256(fmt.Appendf(nil, "%q", args))
	key := hex.EncodeToString(h[:6])
	if why, ok := known[key]; ok {
		t.Skip("known crasher " + key + ": " + why)
	}
	if os.Getenv("DIGISIM_FUZZ_KEYS") != "" {
		fmt.Fprintf(os.Stderr, "%s: input key %s\n", t.Name(), key)
	}
}
