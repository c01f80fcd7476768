package sweep

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digisim/digisim/output/table"
)

// TestScenarioLeverNames: a scenario lever's column of runs.csv and
// runs.parquet holds the scenario names, in the lever's order within each
// future, not their indices.
func TestScenarioLeverNames(t *testing.T) {
	dir := t.TempDir()
	exp := filepath.Join(dir, "e.toml")
	src := `scenario = "agreement"
design = "lhs"
runs = 2
seed = 1
[[levers]]
scenarios = ["asean-2018", "binding"]
[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.0
max = 0.5
[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030
`
	if err := os.WriteFile(exp, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := Run(context.Background(), Options{Experiment: exp, Out: out, Workers: 1}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "runs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	want := []string{"asean-2018", "binding", "asean-2018", "binding"}
	for i, w := range want {
		if f := strings.Split(lines[1+i], ","); f[3] != w {
			t.Errorf("runs.csv row %d scenario %q, want %q", i, f[3], w)
		}
	}
	runs, err := table.ReadRunsFile(filepath.Join(out, "runs.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		if got := runs.Rows[i].Text; got == nil || got[0] != w {
			t.Errorf("runs.parquet row %d text %q, want scenario %q", i, got, w)
		}
	}
}
