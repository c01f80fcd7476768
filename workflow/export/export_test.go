package export

import (
	"context"
	"encoding/csv"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/digisim/digisim/output/iamc"
	"github.com/digisim/digisim/sim/series"
	"github.com/digisim/digisim/workflow/sweep"
	"github.com/xuri/excelize/v2"
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

// constant2022 is the factor from current dollars of a year to constant
// 2022 dollars, written out independently of dollars.go: World Bank US
// GDP deflator 2022 / year (2015 = 100), and 2% a year after 2022.
var constant2022 = map[int]float64{
	2018: 121.52 / 105.40, 2019: 121.52 / 107.29, 2020: 121.52 / 108.69, 2021: 121.52 / 113.57, 2022: 1,
	2025: 1 / (1.02 * 1.02 * 1.02), 2030: 1 / math.Pow(1.02, 8), 2035: 1 / math.Pow(1.02, 13),
}

// TestSweepIAMC: the export of a sweep reads back with the IAMC columns and
// the years 2018-2035; every outcome and series value equals its cell of
// runs.csv in billions of constant 2022 dollars (recomputed here from the
// deflator's values), in the scenario named by the run's policy and index,
// with regions and segments named; the cumulative outcome is left out, with
// the reason; the meta has a row per run with its parameter values.
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
	res, err := Run(Options{Dir: out, Model: "digisim test"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Series != 6*3 {
		t.Errorf("%d series: want 6 runs x (1 outcome + 2 series)", res.Series)
	}
	if len(res.Left) != 1 || !strings.Contains(res.Left[0], "outcome dividend") {
		t.Errorf("left out %q, want the cumulative outcome dividend", res.Left)
	}
	raw, err := os.ReadFile(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	head := strings.SplitN(string(raw), "\n", 2)[0]
	if !strings.HasPrefix(head, "Model,Scenario,Region,Variable,Unit,2018,2019,") || !strings.HasSuffix(head, ",2035") {
		t.Errorf("header %q: want the IAMC columns (title case, as pyam writes) and the years 2018-2035", head)
	}
	tb, err := iamc.ReadFile(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, r := range tb.Records() {
		got[r.Scenario+" "+r.Region+" "+r.Variable+" "+r.Unit+" "+strconv.Itoa(r.Year)] = r.Value
	}
	rows := readCSV(t, filepath.Join(out, "runs.csv"))
	h := rows[0]
	col := func(name string) int { return slices.Index(h, name) }
	const bn = "billion USD_2022/yr"
	checked := 0
	for i, row := range rows[1:] {
		policy := []string{"agreement", "binding"}[i%2]
		sc := "tiny/" + policy + "/run " + row[0]
		want := map[string]string{
			sc + " ASEAN Outcome|gmv_2030 " + bn + " 2030":           row[col("gmv_2030")],
			sc + " ASEAN Digital GMV " + bn + " 2018":                row[col("gmv@2018")],
			sc + " ASEAN Digital GMV " + bn + " 2021":                row[col("gmv@2021")],
			sc + " ASEAN Digital GMV " + bn + " 2035":                row[col("gmv@2035")],
			sc + " Indonesia Digital GMV|E-commerce " + bn + " 2025": row[col("gmv_id@2025")],
		}
		for k, s := range want {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("runs.csv %s: %v", k, err)
			}
			year, _ := strconv.Atoi(k[len(k)-4:])
			w := v * 1e-9 * constant2022[year]
			if g, ok := got[k]; !ok || math.Abs(g-w) > 1e-13*math.Abs(w) {
				t.Errorf("%s: IAMC %v (present %v), runs.csv %v: want %v", k, g, ok, v, w)
			}
			checked++
		}
	}
	if checked != 30 {
		t.Errorf("checked %d values, want 30", checked)
	}
	meta := readCSV(t, res.MetaPath)
	if want := []string{"model", "scenario", "run", "design_point", "replicate", "scenario_lever", "policy.spillover"}; !slices.Equal(meta[0], want) {
		t.Errorf("meta header %q, want %q", meta[0], want)
	}
	for i, row := range rows[1:] {
		m := meta[i+1]
		if m[1] != "tiny/"+m[5]+"/run "+row[0] || m[2] != row[0] || m[6] != row[col("policy.spillover")] {
			t.Errorf("meta row %q for runs.csv row %q", m, row)
		}
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	rows, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
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
		{Options{Dir: empty, Out: "x.txt"}, "--out x.txt: end the name in .csv"},
	} {
		if _, err := Run(tc.o); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: got %v, want %q", tc.o, err, tc.want)
		}
	}
}

// TestUnitsCoverVocabulary: every unit of the output vocabulary has an
// IAMC unit (the Python check in CI parses each with pyam's registry).
func TestUnitsCoverVocabulary(t *testing.T) {
	for _, v := range series.Variables {
		if _, err := unitOf(v.Name); err != nil {
			t.Error(err)
		}
	}
}

// TestConstantDollars checks the factor to 2022 dollars against the
// deflator's values, the 2% assumption after 2022, and refuses a year
// before the series.
func TestConstantDollars(t *testing.T) {
	for year, want := range constant2022 {
		got, err := toConstant(year)
		if err != nil || !near(got, want) {
			t.Errorf("%d: %v, %v; want %v", year, got, err, want)
		}
	}
	if _, err := toConstant(1999); err == nil || !strings.Contains(err.Error(), "starts in 2000") {
		t.Errorf("1999: error %v, want one saying the series starts in 2000", err)
	}
}

// TestXLSXOut: --out x.xlsx writes a workbook (a zip file with the sheets
// data and meta), no CSV beside it.
func TestXLSXOut(t *testing.T) {
	dir := writeSeries(t, "ID", nil)
	out := filepath.Join(dir, "x.xlsx")
	res, err := Run(Options{Dir: dir, Model: "m", Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Path != out || res.MetaPath != "" {
		t.Errorf("wrote %q and meta %q, want %q and the meta sheet", res.Path, res.MetaPath, out)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"data", "meta"}) {
		t.Errorf("sheets %q, want data, meta", got)
	}
	rows, err := f.GetRows("data")
	if err != nil || len(rows) != 5 || rows[0][4] != "Unit" {
		t.Errorf("data sheet %q (%v): want the header and 4 series", rows, err)
	}
	if exists(MetaPath(out)) || exists(filepath.Join(dir, "results-iamc.csv")) {
		t.Error("a CSV was written beside the workbook")
	}
}
