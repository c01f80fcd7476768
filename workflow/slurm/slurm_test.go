package slurm

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/runstore"
)

func TestShellQuote(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain/path-1.toml", "plain/path-1.toml"},
		{"", "''"},
		{"a b", "'a b'"},
		{"it's", `'it'\''s'`},
		{"$HOME", "'$HOME'"},
	}
	for _, c := range cases {
		if got := ShellQuote(c.in); got != c.want {
			t.Errorf("ShellQuote(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestCheckCollectsEveryMistake: every option that cannot go into an
// #SBATCH line is named, as a usage error.
func TestCheckCollectsEveryMistake(t *testing.T) {
	o := Options{Tasks: 0, CPUs: 0, Time: "1 hour", Mem: "lots", Partition: "a b"}
	err := o.Check()
	var u *usage.Error
	if !errors.As(err, &u) {
		t.Fatalf("Check: %v, want a usage error", err)
	}
	for _, want := range []string{"--tasks 0", "--cpus 0", `--time "1 hour"`, `--mem "lots"`, `--partition "a b"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Check error lacks %q:\n%v", want, err)
		}
	}
	good := Options{Tasks: 4, CPUs: 2, Time: "1-02:00:00", Mem: "2G", Partition: "short,long"}
	if err := good.Check(); err != nil {
		t.Errorf("Check of good options: %v", err)
	}
}

// TestScripts: the array script runs shard K of N with the job's values,
// and the merge script merges into the same folder.
func TestScripts(t *testing.T) {
	j := Job{Name: "demo", JobName: "digisim-demo", Experiment: "demo", Digisim: "/opt/digisim", Out: "/data/out",
		Dir: "/data/out/slurm", Logs: "/data/out/slurm/logs", Tasks: 8, Runs: 800, MinPerTask: 100, MaxPerTask: 100,
		Time: "01:00:00", CPUs: 4, Mem: "1G", Command: "digisim slurm demo --tasks 8"}
	s, err := j.scripts()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"#SBATCH --array=0-7", "#SBATCH --cpus-per-task=4", "N=8", "--shard \"$K/$N\"", "/data/out/parts/part-%04d-of-0008.csv"} {
		if !strings.Contains(s.Array, want) {
			t.Errorf("array.sbatch lacks %q", want)
		}
	}
	if !strings.Contains(s.Merge, `exec "$DIGISIM" merge /data/out --experiment demo`) {
		t.Errorf("merge.sbatch does not merge /data/out:\n%s", s.Merge)
	}
	if !strings.Contains(s.Submit, "--dependency=afterok:\"$array\"") {
		t.Errorf("submit.sh does not make the merge wait for the array:\n%s", s.Submit)
	}
	if got := j.perTask(); got != "100" {
		t.Errorf("perTask = %q, want 100", got)
	}
}

// TestWrite: Write puts the three scripts and the log folder under
// <out>/slurm with absolute paths, and says how to submit them.
func TestWrite(t *testing.T) {
	t.Setenv("DIGISIM", "/opt/digisim/bin/digisim")
	out := filepath.Join(t.TempDir(), "out")
	o := Options{Experiment: "agreement-montecarlo", Tasks: 4, Time: "01:00:00", CPUs: 2, Mem: "1G", Out: out,
		Args: []string{"slurm", "agreement-montecarlo", "--tasks", "4"}}
	var stdout, stderr bytes.Buffer
	if err := Write(context.Background(), o, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "1000 runs in 4 tasks of 250 runs each") || stderr.Len() != 0 {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
	array, err := os.ReadFile(filepath.Join(out, "slurm", "array.sbatch"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"#SBATCH --array=0-3", "DIGISIM=/opt/digisim/bin/digisim", "OUT=" + out, "# Written by: digisim slurm agreement-montecarlo --tasks 4"} {
		if !strings.Contains(string(array), want) {
			t.Errorf("array.sbatch lacks %q", want)
		}
	}
	if st, err := os.Stat(filepath.Join(out, "slurm", "logs")); err != nil || !st.IsDir() {
		t.Errorf("no log folder: %v", err)
	}
}

// TestWriteRefuses: tasks too small to pay for their scheduling, and an
// output folder with parts of another shard count.
func TestWriteRefuses(t *testing.T) {
	t.Setenv("DIGISIM", "/opt/digisim/bin/digisim")
	dir := t.TempDir()
	o := Options{Experiment: "agreement-montecarlo", Tasks: 500, Time: "1", CPUs: 1, Mem: "1G", Out: filepath.Join(dir, "a")}
	err := Write(context.Background(), o, io.Discard, io.Discard)
	var u *usage.Error
	if !errors.As(err, &u) || !strings.Contains(err.Error(), "use --tasks 100 or fewer") {
		t.Errorf("500 tasks of 2 runs: %v", err)
	}
	stale := filepath.Join(dir, "b")
	os.MkdirAll(filepath.Join(stale, runstore.PartsDir), 0o755)
	os.WriteFile(filepath.Join(stale, runstore.PartsDir, "part-0000-of-0002.json"), []byte("{}"), 0o644)
	o.Tasks, o.Out = 4, stale
	if err := Write(context.Background(), o, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "2-shard sweep") {
		t.Errorf("stale parts: %v", err)
	}
}
