package export

import (
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/digisim/digisim/output/iamc"
	"github.com/digisim/digisim/workflow/sweep"
)

const exp = `name = "tiny"
scenario = "agreement"
design = "lhs"
runs = 3
seed = 2
[[levers]]
scenarios = ["agreement", "binding"]
[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.0
max = 0.5
[[outcomes]]
name = "dividend"
cumulative = true
against = "no-coordination"
[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030
[[series]]
name = "gmv"
variable = "gmv"
[[series]]
name = "gmv_id"
variable = "gmv"
member = "ID"
segment = "ecommerce"
`

// TestSweepIAMC: the export of a sweep reads back with the IAMC columns and
// the years 2018-2035; every outcome and series value equals its cell of
// runs.csv (both are the shortest decimal of the same float64, so equal
// means equal), in the scenario named by the run's policy and index.
func TestSweepIAMC(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tiny.toml")
	if err := os.WriteFile(path, []byte(exp), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := sweep.Run(context.Background(), sweep.Options{Experiment: path, Out: out, Workers: 1}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	file, n, err := Run(Options{Dir: out, Model: "digisim test"})
	if err != nil {
		t.Fatal(err)
	}
	if n != 6*4 {
		t.Errorf("%d series: want 6 runs x (2 outcomes + 2 series)", n)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	head := strings.SplitN(string(raw), "\n", 2)[0]
	if !strings.HasPrefix(head, "Model,Scenario,Region,Variable,Unit,2018,2019,") || !strings.HasSuffix(head, ",2035") {
		t.Errorf("header %q: want the IAMC columns (title case, as pyam writes) and the years 2018-2035", head)
	}
	tb, err := iamc.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, r := range tb.Records() {
		got[r.Scenario+" "+r.Region+" "+r.Variable+" "+r.Unit+" "+strconv.Itoa(r.Year)] = r.Value
	}
	fh, err := os.Open(filepath.Join(out, "runs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	rows, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	h := rows[0]
	col := func(name string) int { return slices.Index(h, name) }
	checked := 0
	for i, row := range rows[1:] {
		policy := []string{"agreement", "binding"}[i%2]
		sc := "tiny/" + policy + "/run " + row[0]
		want := map[string]string{
			sc + " ASEAN Outcome|dividend USD 2035":      row[col("dividend")],
			sc + " ASEAN Outcome|gmv_2030 USD/year 2030": row[col("gmv_2030")],
			sc + " ASEAN gmv USD/year 2018":              row[col("gmv@2018")],
			sc + " ASEAN gmv USD/year 2035":              row[col("gmv@2035")],
			sc + " ID gmv_id USD/year 2025":              row[col("gmv_id@2025")],
		}
		for k, s := range want {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("runs.csv %s: %v", k, err)
			}
			if g, ok := got[k]; !ok || g != v {
				t.Errorf("%s: IAMC %v (present %v), runs.csv %v", k, g, ok, v)
			}
			checked++
		}
	}
	if checked != 30 {
		t.Errorf("checked %d values, want 30", checked)
	}
}

func TestErrors(t *testing.T) {
	empty := t.TempDir()
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{Dir: empty}, "holds neither runs.parquet (a sweep) nor series.csv"},
		{Options{Dir: filepath.Join(empty, "x")}, "is not a folder"},
		{Options{Dir: empty, Format: "excel"}, `--format "excel": the formats are: iamc`},
	} {
		if _, _, err := Run(tc.o); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: got %v, want %q", tc.o, err, tc.want)
		}
	}
}
