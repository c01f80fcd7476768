package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/workflow/sweep"
)

// smallExperiment is a 24-run Monte Carlo with shocks, two outcomes, a
// counterfactual and a series: enough to exercise every column.
const smallExperiment = `name = "small"
scenario = "agreement"
design = "montecarlo"
runs = 12
replicates = 2
seed = 5
[shocks]
phi = 0.5
sd = 0.01
[[uncertainties]]
path = "segments.*.imitation"
distribution = "uniform"
min = 0.2
max = 0.5
[[uncertainties]]
path = "policy.spillover"
distribution = "triangular"
min = 0.05
mode = 0.2
max = 0.4
[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030
[[outcomes]]
name = "dividend"
cumulative = true
against = "no-coordination"
[[series]]
name = "gmv"
variable = "gmv"
`

func writeExperiment(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "small.toml")
	if err := os.WriteFile(path, []byte(smallExperiment), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var sweepTables = []string{"runs.csv", "runs.parquet", "bands.csv"}

func sameTables(t *testing.T, a, b string) {
	t.Helper()
	for _, f := range sweepTables {
		if !bytes.Equal(readFile(t, filepath.Join(a, f)), readFile(t, filepath.Join(b, f))) {
			t.Errorf("%s differs between %s and %s", f, a, b)
		}
	}
}

// TestSweepWorkersAgree: 1 and 2 workers give byte-identical tables.
func TestSweepWorkersAgree(t *testing.T) {
	exp := writeExperiment(t)
	dir := t.TempDir()
	mustCLI(t, "sweep", exp, "--workers", "1", "--out", filepath.Join(dir, "w1"))
	mustCLI(t, "sweep", exp, "--workers", "2", "--out", filepath.Join(dir, "w2"))
	sameTables(t, filepath.Join(dir, "w1"), filepath.Join(dir, "w2"))
	runs := string(readFile(t, filepath.Join(dir, "w1", "runs.csv")))
	if n := strings.Count(runs, "\n"); n != 25 {
		t.Errorf("runs.csv has %d lines, want header + 24 runs", n)
	}
	if !strings.HasPrefix(runs, "run,design_point,replicate,segments.*.imitation,policy.spillover,gmv_2030,dividend,gmv@2018,") {
		t.Errorf("runs.csv header: %.120s", runs)
	}
}

// TestSweepResume: a sweep interrupted before its first run, and one cut
// after nine runs with half a row written, both resume to the tables of an
// uninterrupted sweep, without redoing kept runs.
func TestSweepResume(t *testing.T) {
	exp := writeExperiment(t)
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole")
	mustCLI(t, "sweep", exp, "--out", whole)

	// Interrupted at once: Ctrl-C before any run finished.
	cut := filepath.Join(dir, "cut")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stderr bytes.Buffer
	err := run(ctx, []string{"sweep", exp, "--out", cut}, &bytes.Buffer{}, &stderr)
	if !errors.Is(err, context.Canceled) || exitCode(ctx, err, &bytes.Buffer{}) != 130 {
		t.Fatalf("cancelled sweep: %v (exit %d)", err, exitCode(ctx, err, &bytes.Buffer{}))
	}
	if !strings.Contains(stderr.String(), "--resume") {
		t.Errorf("an interrupted sweep should say how to resume:\n%s", stderr.String())
	}
	if _, err := os.Stat(filepath.Join(cut, "runs.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Error("an interrupted sweep left a runs.csv that looks whole")
	}
	mustCLI(t, "sweep", exp, "--out", cut, "--resume")
	sameTables(t, whole, cut)

	// Cut after nine runs, in the middle of the tenth row.
	part := filepath.Join(dir, "part")
	os.MkdirAll(part, 0o755)
	lines := strings.SplitAfter(string(readFile(t, filepath.Join(whole, "runs.csv"))), "\n")
	partial := strings.Join(lines[:10], "") + lines[10][:len(lines[10])/2]
	os.WriteFile(filepath.Join(part, "runs.csv.partial"), []byte(partial), 0o644)
	e, err := experiments.Load(exp)
	if err != nil {
		t.Fatal(err)
	}
	state, _ := json.Marshal(sweep.State{Hash: e.Hash, From: 0, To: 24})
	os.WriteFile(filepath.Join(part, "runs.csv.state.json"), state, 0o644)
	var out bytes.Buffer
	errb := &bytes.Buffer{}
	if err := run(context.Background(), []string{"sweep", exp, "--out", part, "--resume"}, &out, errb); err != nil {
		t.Fatalf("resume: %v\n%s", err, errb)
	}
	if !strings.Contains(errb.String(), "resuming after 9 done") {
		t.Errorf("resume did not keep the nine runs:\n%s", errb)
	}
	sameTables(t, whole, part)
}

func TestResumeRefusesAnotherExperiment(t *testing.T) {
	exp := writeExperiment(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	run(ctx, []string{"sweep", exp, "--out", dir}, &bytes.Buffer{}, &bytes.Buffer{})
	other := strings.Replace(smallExperiment, "seed = 5", "seed = 6", 1)
	os.WriteFile(exp, []byte(other), 0o644)
	_, _, code, err := cli(t, "sweep", exp, "--out", dir, "--resume")
	if code != 1 || err == nil || !strings.Contains(err.Error(), "another experiment or shard") {
		t.Errorf("resume of a changed experiment: exit %d, %v", code, err)
	}
}
