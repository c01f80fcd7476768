package analyze

import (
	"bytes"
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digisim/digisim/workflow/sweep"
)

const morris = `scenario = "agreement"
design = "morris"
runs = 4
seed = 3
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
`

// TestMorrisIndices: a Morris sweep gets mu*, mu and sigma for each
// parameter (mu* >= |mu|, by definition), written and printed; a folder
// without a sweep's manifest is refused.
func TestMorrisIndices(t *testing.T) {
	dir := t.TempDir()
	exp := filepath.Join(dir, "morris.toml")
	if err := os.WriteFile(exp, []byte(morris), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "m")
	if err := sweep.Run(context.Background(), sweep.Options{Experiment: exp, Out: out, Workers: 1}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	idx, err := Indices(out, 10, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, r := range idx {
		if r.Method == "morris" {
			got[r.Parameter+" "+r.Measure] = r.Value
		}
	}
	for _, p := range []string{"policy.spillover", "policy.lag_years"} {
		star, okStar := got[p+" mu_star"]
		mu, okMu := got[p+" mu"]
		if !okStar || !okMu {
			t.Fatalf("no Morris measures of %s in %+v", p, idx)
		}
		if star < math.Abs(mu)-1e-12 { // mu* = mean |EE| >= |mean EE|
			t.Errorf("%s: mu* %v < |mu| %v", p, star, math.Abs(mu))
		}
	}
	path := filepath.Join(out, "sensitivity.csv")
	if err := WriteCSV(path, idx); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(b), "outcome,parameter,method,measure,value,ci_low,ci_high\n") {
		t.Errorf("sensitivity.csv header: %q", strings.SplitN(string(b), "\n", 2)[0])
	}
	var w bytes.Buffer
	Print(&w, idx)
	if !strings.Contains(w.String(), "gmv_2030: morris (mu_star)") {
		t.Errorf("Print:\n%s", w.String())
	}
	if _, err := Indices(t.TempDir(), 10, io.Discard); err == nil || !strings.Contains(err.Error(), "holds no runs (no manifest.json, no runs.parquet): run digisim sweep") {
		t.Errorf("a folder without a sweep: %v", err)
	}
}
