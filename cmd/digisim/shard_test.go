package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/digisim/digisim/output/runstore"
	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/workflow/sweep"
)

// shardExperiment is 20 design points x 2 replicates = 40 runs of the
// agreement: enough for 7 shards of 5-6 runs, quick enough for tests.
const shardExperiment = `name = "small"
description = "40 quick runs for the shard tests"
scenario = "agreement"
design = "montecarlo"
runs = 20
replicates = 2
seed = %d

[shocks]
phi = 0.5
sd = 0.015

[[uncertainties]]
path = "segments.*.imitation"
distribution = "uniform"
min = 0.25
max = 0.55

[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.05
max = 0.4

[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030

[[outcomes]]
name = "gini_2035"
variable = "gini_gmv_per_head"
year = 2035

[[series]]
name = "gmv"
variable = "gmv"
`

const shardRuns = 40

// writeShardExperiment writes the small experiment with the given seed to dir
// and returns its path.
func writeShardExperiment(t *testing.T, dir, file string, seed int) string {
	t.Helper()
	path := filepath.Join(dir, file)
	if err := os.WriteFile(path, fmt.Appendf(nil, shardExperiment, seed), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// shardTables are the files a finished sweep must reproduce byte for byte.
var shardTables = []string{"runs.csv", "runs.parquet", "bands.csv"}

// sweepShards runs every shard of n in-process, then merges them.
func sweepShards(t *testing.T, exp, out string, n int) {
	t.Helper()
	for k := range n {
		mustCLI(t, "sweep", exp, "--shard", fmt.Sprintf("%d/%d", k, n), "--out", out, "--workers", "2")
	}
	mustCLI(t, "merge", out, "--experiment", exp)
}

// readManifest decodes a manifest into generic JSON, so that two can be
// compared field by field.
func readManifest(t *testing.T, path string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(readFile(t, path), &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// snapshot holds the bytes of a finished output folder's results.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	s := map[string][]byte{}
	for _, f := range append(shardTables, "manifest.json") {
		s[f] = readFile(t, filepath.Join(dir, f))
	}
	return s
}

// TestShardsMergeToTheOneMachineSweep: for any shard count, the merged
// tables are the one-machine tables byte for byte, and the manifests
// differ only in when and how they were made. With -short, 1 and 7
// shards (the whole, and shards of 5 or 6 runs); without, 2 and 3 too.
func TestShardsMergeToTheOneMachineSweep(t *testing.T) {
	counts := []int{1, 2, 3, 7}
	if testing.Short() {
		counts = []int{1, 7}
	}
	dir := t.TempDir()
	exp := writeShardExperiment(t, dir, "small.toml", 7)
	one := filepath.Join(dir, "one")
	mustCLI(t, "sweep", exp, "--out", one, "--workers", "3")
	oneManifest := readManifest(t, filepath.Join(one, "manifest.json"))
	if got := strings.Count(string(readFile(t, filepath.Join(one, "runs.csv"))), "\n"); got != shardRuns+1 {
		t.Fatalf("one-machine runs.csv has %d lines, want %d", got, shardRuns+1)
	}

	for _, n := range counts {
		t.Run(fmt.Sprintf("N=%d", n), func(t *testing.T) {
			out := filepath.Join(dir, fmt.Sprintf("shards-%d", n))
			sweepShards(t, exp, out, n)
			for _, f := range shardTables {
				if !bytes.Equal(readFile(t, filepath.Join(one, f)), readFile(t, filepath.Join(out, f))) {
					t.Errorf("%s of %d merged shards differs from the one-machine sweep's", f, n)
				}
				a, _ := os.Stat(filepath.Join(one, f))
				b, _ := os.Stat(filepath.Join(out, f))
				if a.Mode() != b.Mode() {
					t.Errorf("%s: merged mode %v, one-machine %v", f, b.Mode(), a.Mode())
				}
			}
			m := readManifest(t, filepath.Join(out, "manifest.json"))
			extra, _ := m["extra"].(map[string]any)
			parts, _ := extra["merged_parts"].([]any)
			if len(parts) != n {
				t.Errorf("manifest lists %d merged parts, want %d: %v", len(parts), n, parts)
			}
			for k, p := range parts {
				if want := runstore.PartPath(out, k, n); p != want {
					t.Errorf("merged part %d is %v, want %s", k, p, want)
				}
			}
			// What may differ: the time, the list of parts, and the command
			// line (the two were made by different commands into different
			// folders). Everything else, parameters, hashes, versions and
			// columns included, must be the same.
			delete(extra, "merged_parts")
			want := map[string]any{}
			for k, v := range oneManifest {
				want[k] = v
			}
			for _, mm := range []map[string]any{m, want} {
				delete(mm, "created")
				delete(mm, "args")
			}
			if !reflect.DeepEqual(m, want) {
				for k := range want {
					if !reflect.DeepEqual(m[k], want[k]) {
						t.Errorf("manifest field %q differs from the one-machine sweep's:\n got %.300v\nwant %.300v", k, m[k], want[k])
					}
				}
			}
		})
	}
}

// TestMergeRefusesBadParts: each broken set of parts gets a clear error
// that says what to re-run, exit status 1, and leaves the good result of an
// earlier merge exactly as it was.
func TestMergeRefusesBadParts(t *testing.T) {
	dir := t.TempDir()
	exp := writeShardExperiment(t, dir, "small.toml", 7)
	other := writeShardExperiment(t, dir, "other.toml", 8) // same name and columns, another seed
	const n = 3
	good := filepath.Join(dir, "good")
	sweepShards(t, exp, good, n)
	parts := filepath.Join(good, runstore.PartsDir)
	pristine, err := os.ReadDir(parts)
	if err != nil {
		t.Fatal(err)
	}
	saved := map[string][]byte{}
	for _, e := range pristine {
		saved[e.Name()] = readFile(t, filepath.Join(parts, e.Name()))
	}
	part := func(k int) string { return strings.TrimSuffix(runstore.PartPath(good, k, n), ".csv") }
	copyFile := func(from, to string) {
		if err := os.WriteFile(to, readFile(t, from), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	truncate := func(path string, drop func(data []byte) int) {
		data := readFile(t, path)
		if err := os.WriteFile(path, data[:drop(data)], 0o644); err != nil {
			t.Fatal(err)
		}
	}

	cases := []struct {
		name   string
		damage func()
		want   []string
	}{
		{"missing part", func() {
			os.Remove(part(1) + ".csv")
			os.Remove(part(1) + ".json")
		}, []string{"missing shards 1 of 3", "digisim sweep " + exp + " --shard K/3", "--out " + good}},
		{"missing part CSV", func() {
			os.Remove(part(2) + ".csv")
		}, []string{"shard 2", "re-run it with --shard 2/3"}},
		{"duplicated part", func() {
			copyFile(part(1)+".csv", filepath.Join(parts, "part-0001-of-0003-copy.csv"))
			copyFile(part(1)+".json", filepath.Join(parts, "part-0001-of-0003-copy.json"))
		}, []string{"shard 1 of 3 appears twice", "keep one"}},
		{"part of another shard count", func() {
			mustCLI(t, "sweep", exp, "--shard", "1/2", "--out", good, "--workers", "2")
		}, []string{"part-0001-of-0002", "keep the parts of one sharding only"}},
		{"part of another experiment", func() {
			mustCLI(t, "sweep", other, "--shard", "1/3", "--out", good, "--workers", "2")
		}, []string{"part-0001-of-0003.json belongs to another experiment", "sha256"}},
		{"part claiming another range", func() {
			info := readFile(t, part(2)+".json")
			os.WriteFile(part(2)+".json", bytes.Replace(info, []byte(`"from": 26`), []byte(`"from": 20`), 1), 0o644)
		}, []string{"runs [20, 40), but shard 2 of 3 is [26, 40)"}},
		{"truncated mid-row", func() {
			truncate(part(0)+".csv", func(d []byte) int { return len(d) - 10 })
		}, []string{"part-0000-of-0003.csv is truncated", "re-run it with --shard 0/3"}},
		{"truncated at a row boundary", func() {
			truncate(part(2)+".csv", func(d []byte) int { return bytes.LastIndexByte(d[:len(d)-1], '\n') + 1 })
		}, []string{"holds runs 26 to 38, want 26 to 39", "re-run it with --shard 2/3"}},
		{"damaged row", func() {
			data := readFile(t, part(1)+".csv")
			os.WriteFile(part(1)+".csv", bytes.Replace(data, []byte("\n14,"), []byte("\n41,"), 1), 0o644)
		}, []string{"part-0001-of-0003.csv: row 2 is damaged or out of order (want run 14)"}},
		{"no parts", func() {
			os.RemoveAll(parts)
		}, []string{"no parts in", "digisim sweep " + exp + " --shard K/N"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := snapshot(t, good)
			c.damage()
			_, stderr, code, err := cli(t, "merge", good, "--experiment", exp)
			if err == nil || code != 1 {
				t.Fatalf("merge: exit %d, err %v; want exit 1 and an error", code, err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("merge error lacks %q:\n%v", w, err)
				}
			}
			if strings.Count(stderr, "digisim:") != 1 {
				t.Errorf("the error should be printed once:\n%s", stderr)
			}
			after := snapshot(t, good)
			for f := range before {
				if !bytes.Equal(before[f], after[f]) {
					t.Errorf("a failed merge changed %s", f)
				}
			}
			if tmp, _ := filepath.Glob(filepath.Join(good, ".*")); len(tmp) > 0 {
				t.Errorf("a failed merge left temporary files: %v", tmp)
			}
			// Restore the good parts for the next case.
			os.RemoveAll(parts)
			os.MkdirAll(parts, 0o755)
			for name, b := range saved {
				os.WriteFile(filepath.Join(parts, name), b, 0o644)
			}
			mustCLI(t, "merge", good, "--experiment", exp)
		})
	}
}

// TestShardThroughSlurmEnvironment: a shard run as an array task, index
// and count from the environment, writes the same part as --shard.
func TestShardThroughSlurmEnvironment(t *testing.T) {
	dir := t.TempDir()
	exp := writeShardExperiment(t, dir, "small.toml", 7)
	flagged, fromEnv := filepath.Join(dir, "flag"), filepath.Join(dir, "env")
	mustCLI(t, "sweep", exp, "--shard", "1/3", "--out", flagged, "--workers", "2")
	t.Setenv("SLURM_ARRAY_TASK_ID", "1")
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "3")
	mustCLI(t, "sweep", exp, "--out", fromEnv, "--workers", "1")
	for _, ext := range []string{".csv", ".json"} {
		a := strings.TrimSuffix(runstore.PartPath(flagged, 1, 3), ".csv") + ext
		b := strings.TrimSuffix(runstore.PartPath(fromEnv, 1, 3), ".csv") + ext
		if !bytes.Equal(readFile(t, a), readFile(t, b)) {
			t.Errorf("part%s from SLURM_ARRAY_TASK_ID differs from --shard 1/3's", ext)
		}
	}
}

// TestResumeShard: a shard cut short (some rows, then half a row) and
// continued with --resume gives the part of an uninterrupted shard.
func TestResumeShard(t *testing.T) {
	dir := t.TempDir()
	exp := writeShardExperiment(t, dir, "small.toml", 7)
	e, err := experiments.Load(exp)
	if err != nil {
		t.Fatal(err)
	}
	whole, cut := filepath.Join(dir, "whole"), filepath.Join(dir, "cut")
	mustCLI(t, "sweep", exp, "--shard", "2/3", "--out", whole, "--workers", "2")
	part := runstore.PartPath(whole, 2, 3)
	data := readFile(t, part)

	// The state of an interrupted shard: header, 5 complete rows and a
	// cut one in the partial file, and the state file beside it.
	from, to := runstore.Shard(2, 3, shardRuns)
	lines := bytes.SplitAfter(data, []byte("\n"))
	partial := bytes.Join(lines[:6], nil)
	partial = append(partial, lines[6][:len(lines[6])/2]...)
	target := runstore.PartPath(cut, 2, 3)
	os.MkdirAll(filepath.Dir(target), 0o755)
	os.WriteFile(target+".partial", partial, 0o644)
	state, _ := json.Marshal(sweep.State{Hash: e.Hash, From: from, To: to})
	os.WriteFile(target+".state.json", state, 0o644)

	_, stderr, code, err := cli(t, "sweep", exp, "--shard", "2/3", "--out", cut, "--workers", "2", "--resume")
	if code != 0 {
		t.Fatalf("sweep --resume: exit %d: %v\n%s", code, err, stderr)
	}
	if !strings.Contains(stderr, "resuming after 5 done") {
		t.Errorf("sweep --resume did not report 5 rows kept:\n%s", stderr)
	}
	if !bytes.Equal(readFile(t, target), data) {
		t.Error("a resumed shard's part differs from an uninterrupted one's")
	}
	for _, leftover := range []string{target + ".partial", target + ".state.json"} {
		if _, err := os.Stat(leftover); err == nil {
			t.Errorf("%s left behind after the shard finished", leftover)
		}
	}

	// A shard with nothing to resume is refused.
	os.WriteFile(target+".state.json", state, 0o644)
	_, _, code, err = cli(t, "sweep", exp, "--shard", "1/3", "--out", cut, "--resume")
	if code != 1 || err == nil || !strings.Contains(err.Error(), "nothing to resume") {
		t.Errorf("sweep --resume of a shard never started: exit %d, err %v; want exit 1 and \"nothing to resume\"", code, err)
	}
}
