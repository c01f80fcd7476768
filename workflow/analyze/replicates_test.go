package analyze

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digisim/digisim/workflow/sweep"
)

// sobolSweep runs a scrambled Sobol' sweep of two uncertainties (N = 8, 32
// runs) under seed and returns its folder.
func sobolSweep(t *testing.T, seed int, scramble bool) string {
	t.Helper()
	dir := t.TempDir()
	exp := fmt.Sprintf(`scenario = "agreement"
design = "sobol"
runs = 8
seed = %d
scramble = %v
[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.05
max = 0.4
[[uncertainties]]
path = "policy.lag_years"
distribution = "uniform"
min = 1.0
max = 4.0
[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030
`, seed, scramble)
	path := filepath.Join(dir, "s.toml")
	if err := os.WriteFile(path, []byte(exp), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := sweep.Run(context.Background(), sweep.Options{Experiment: path, Out: out, Workers: 1}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSobolReplicates: three replicate sweeps give, per index, the mean
// and standard deviation of the three folders' own Sobol' estimates (read
// from Indices, computed independently per folder) and the t interval
// mean ± 4.302653 sd/sqrt(3); sweeps that are not replicates are refused.
func TestSobolReplicates(t *testing.T) {
	dirs := []string{sobolSweep(t, 1, true), sobolSweep(t, 2, true), sobolSweep(t, 3, true)}
	each := map[string][]float64{}
	for _, d := range dirs {
		idx, err := Indices(d, 1, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range idx {
			if r.Method == "sobol" {
				k := r.Parameter + " " + r.Measure
				each[k] = append(each[k], r.Value)
			}
		}
	}
	got, err := SobolReplicates(dirs)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("%d rows, want 2 parameters x S1, ST", len(got))
	}
	for _, r := range got {
		x := each[r.Parameter+" "+r.Measure]
		m := (x[0] + x[1] + x[2]) / 3
		sd := math.Sqrt(((x[0]-m)*(x[0]-m) + (x[1]-m)*(x[1]-m) + (x[2]-m)*(x[2]-m)) / 2)
		h := 4.302653 * sd / math.Sqrt(3)
		if r.R != 3 || math.Abs(r.Mean-m) > 1e-12 || math.Abs(r.SD-sd) > 1e-12 || math.Abs(r.Lo-(m-h)) > 1e-6 || math.Abs(r.Hi-(m+h)) > 1e-6 {
			t.Errorf("%s %s: %+v; want mean %v sd %v interval [%v, %v] from %v", r.Parameter, r.Measure, r, m, sd, m-h, m+h, x)
		}
	}
	path := filepath.Join(t.TempDir(), "sensitivity-replicates.csv")
	if err := WriteReplicates(path, got); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(b), "outcome,parameter,measure,replicates,mean,sd,ci_low,ci_high\ngmv_2030,policy.spillover,S1,3,") {
		t.Errorf("sensitivity-replicates.csv: %q", b)
	}
	var w bytes.Buffer
	PrintReplicates(&w, got)
	if !strings.Contains(w.String(), "gmv_2030: sobol (ST), mean of 3 replicates, 95% t interval") {
		t.Errorf("PrintReplicates:\n%s", w.String())
	}
	for _, tc := range []struct {
		dirs []string
		want string
	}{
		{dirs[:1], "at least two sweep folders"},
		{[]string{dirs[0], dirs[0]}, "the same seed 1"},
		{[]string{dirs[0], sobolSweep(t, 4, false)}, "scramble = false"},
	} {
		if _, err := SobolReplicates(tc.dirs); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.dirs, err, tc.want)
		}
	}
}
