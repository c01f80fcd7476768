package slurm

import (
	"errors"
	"strings"
	"testing"

	"github.com/digisim/digisim/internal/usage"
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
