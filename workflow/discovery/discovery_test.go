package discovery

import (
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/workflow/sweep"
)

// small crosses two policies with 80 futures of three uncertainties. GMV in
// 2030 rises with Bass imitation (the adoption speed of every segment), so
// the runs with the highest GMV lie at high imitation: the oracle for
// where a box must be.
const small = `name = "small-robustness"
scenario = "agreement"
design = "lhs"
runs = 80
seed = 11
[[levers]]
scenarios = ["agreement", "binding"]
[[uncertainties]]
path = "segments.*.imitation"
distribution = "uniform"
min = 0.25
max = 0.55
[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.0
max = 0.5
[[uncertainties]]
path = "policy.lag_years"
distribution = "uniform"
min = 1.0
max = 5.0
[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030
`

var (
	once   sync.Once
	swept  string
	sweepE error
)

// sweepOnce runs the small sweep once for every test of the package.
func sweepOnce(t *testing.T) string {
	t.Helper()
	once.Do(func() {
		dir, err := os.MkdirTemp("", "discovery")
		if err != nil {
			sweepE = err
			return
		}
		exp := filepath.Join(dir, "small.toml")
		if sweepE = os.WriteFile(exp, []byte(small), 0o644); sweepE != nil {
			return
		}
		swept = filepath.Join(dir, "out")
		sweepE = sweep.Run(context.Background(), sweep.Options{Experiment: exp, Out: swept, Workers: 2}, io.Discard, io.Discard)
	})
	if sweepE != nil {
		t.Fatal(sweepE)
	}
	return swept
}

func TestMain(m *testing.M) {
	code := m.Run()
	if swept != "" {
		os.RemoveAll(filepath.Dir(swept))
	}
	os.Exit(code)
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestPrimFindsImitation: the fifth of runs with the highest GMV in 2030
// under one policy lie in a box that raises the lower limit of imitation,
// with a small quasi-p-value; the tables and charts are written and agree
// with the result.
func TestPrimFindsImitation(t *testing.T) {
	dir := sweepOnce(t)
	res, err := Run(Options{Dir: dir, Where: "gmv_2030 > p80", Policy: "binding", Subject: "GMV is high"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Runs != 80 || res.Cases != 16 {
		t.Errorf("runs %d, cases %d: want 80 runs under one policy and 16 above the 80th percentile", res.Runs, res.Cases)
	}
	if res.Pooled != 0 {
		t.Errorf("pooled %d with --policy: want 0", res.Pooled)
	}
	box := res.Boxes[0]
	var im *Limit
	for i, l := range box.Limits {
		if l.Name == "segments.*.imitation" {
			im = &box.Limits[i]
		}
	}
	if im == nil || !im.LoRestricted || im.Lo < 0.35 || qpOf(im.Restriction) > MaxQP {
		t.Fatalf("limits %+v: want imitation's lower limit raised above 0.35 with quasi-p <= %v", box.Limits, MaxQP)
	}
	if box.Stats.Density < 0.6 || box.Stats.Coverage < 0.5 {
		t.Errorf("box stats %+v: want density >= 0.6 and coverage >= 0.5 for a one-parameter rule", box.Stats)
	}
	if !strings.HasPrefix(box.Text, "GMV is high when ") || !strings.Contains(box.Text, "segments.*.imitation > ") {
		t.Errorf("text %q", box.Text)
	}
	rows := readCSV(t, filepath.Join(dir, "discover.csv"))
	if len(rows) != 1+len(box.Limits) || rows[0][3] != "parameter" {
		t.Fatalf("discover.csv has %d rows, header %q: want a header and one row per restricted dimension (%d)", len(rows), rows[0], len(box.Limits))
	}
	for _, r := range rows[1:] {
		cov, _ := strconv.ParseFloat(r[12], 64)
		if r[0] != "prim" || r[1] != "gmv_2030 > p80" || cov != box.Stats.Coverage || r[len(r)-1] != box.Text {
			t.Errorf("discover.csv row %q disagrees with the result", r)
		}
	}
	traj := readCSV(t, filepath.Join(dir, "discover-trajectory.csv"))
	if len(traj) != 1+len(res.Trajectory) || traj[1+res.Chosen][6] != "yes" {
		t.Errorf("discover-trajectory.csv: %d rows for %d steps, chosen %d", len(traj), len(res.Trajectory), res.Chosen)
	}
	for _, c := range []string{"discover-trajectory.png", "discover-box.png"} {
		if _, err := os.Stat(filepath.Join(dir, "charts", c)); err != nil {
			t.Error(err)
		}
	}
}

// TestCartFindsImitation: CART's densest leaves put the same runs at high
// imitation.
func TestCartFindsImitation(t *testing.T) {
	dir := sweepOnce(t)
	res, err := Run(Options{Dir: dir, Outcome: "gmv_2030", Where: "> p80", Method: "cart", Policy: "binding", NoCharts: true})
	if err != nil {
		t.Fatal(err)
	}
	box := res.Boxes[0]
	found := false
	for _, l := range box.Limits {
		found = found || (l.Name == "segments.*.imitation" && l.LoRestricted && l.Lo > 0.35)
	}
	if !found || box.Stats.Density < 0.5 {
		t.Errorf("CART box %+v: want imitation's lower limit above 0.35, density >= 0.5", box)
	}
}

// TestPooled: without --policy the scenario lever is no dimension and the
// report says the policies are pooled.
func TestPooled(t *testing.T) {
	dir := sweepOnce(t)
	res, err := Run(Options{Dir: dir, Where: "gmv_2030 < p25", NoCharts: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pooled != 2 || res.Runs != 160 {
		t.Errorf("pooled %d, runs %d: want 2 policies, 160 runs", res.Pooled, res.Runs)
	}
	for _, d := range res.Dims {
		if d == "scenario" {
			t.Error("the scenario lever is a dimension")
		}
	}
	var b strings.Builder
	Print(&b, res)
	if !strings.Contains(b.String(), "all 2 policy options pooled") {
		t.Errorf("report does not say the policies are pooled:\n%s", b.String())
	}
}

func TestErrors(t *testing.T) {
	dir := sweepOnce(t)
	empty := t.TempDir()
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"no runs", Options{Dir: empty, Where: "gmv_2030 < 0"}, "holds no runs (no manifest.json, no runs.parquet): run digisim sweep"},
		{"not a folder", Options{Dir: filepath.Join(empty, "nope"), Where: "gmv_2030 < 0"}, "is not a folder"},
		{"unknown outcome", Options{Dir: dir, Where: "gmv_2031 < 0"}, `no outcome "gmv_2031"; did you mean "gmv_2030"?`},
		{"marks nothing", Options{Dir: dir, Where: "gmv_2030 < 0"}, "no run has gmv_2030 < 0 (gmv_2030 runs from"},
		{"marks all", Options{Dir: dir, Where: "gmv_2030 > 0"}, "every run has gmv_2030 > 0"},
		{"no where", Options{Dir: dir, Outcome: "gmv_2030"}, "give the runs of interest with --where"},
		{"no outcome", Options{Dir: dir, Where: "< 0"}, "which outcome?"},
		{"two outcomes", Options{Dir: dir, Outcome: "gini", Where: "gmv_2030 < 0"}, `names outcome "gmv_2030" but --outcome is "gini"`},
		{"bad condition", Options{Dir: dir, Where: "gmv_2030 < lots"}, `"lots" is not a number`},
		{"bad method", Options{Dir: dir, Where: "gmv_2030 < 0", Method: "svm"}, `--method "svm": want prim or cart`},
		{"bad policy", Options{Dir: dir, Where: "gmv_2030 < p10", Policy: "bindng"}, `--policy "bindng" is not an option of this experiment (options: agreement; binding)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(tc.o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// TestEachPolicy: --policy each runs one discovery per option, each on its
// own 80 runs, into its own files.
func TestEachPolicy(t *testing.T) {
	dir := sweepOnce(t)
	rs, err := RunEach(Options{Dir: dir, Where: "gmv_2030 > p80", NoCharts: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Policy != "agreement" || rs[1].Policy != "binding" {
		t.Fatalf("%d results: want agreement and binding", len(rs))
	}
	for _, r := range rs {
		if r.Runs != 80 || r.Cases != 16 || !strings.HasPrefix(r.Boxes[0].Text, "gmv_2030 > p80 under "+r.Policy+" when ") {
			t.Errorf("%s: %d runs, %d cases, text %q", r.Policy, r.Runs, r.Cases, r.Boxes[0].Text)
		}
		rows := readCSV(t, filepath.Join(dir, "discover-"+r.Policy+".csv"))
		if len(rows) != 1+len(r.Boxes[0].Limits) {
			t.Errorf("discover-%s.csv: %d rows for %d limits", r.Policy, len(rows), len(r.Boxes[0].Limits))
		}
	}
	if _, err := Run(Options{Dir: dir, Where: "gmv_2030 > p80", Policy: "each"}); err == nil {
		t.Error("Run with --policy each: no error")
	}
}

// TestShortOfDensity: when no box reaches the requested density, the
// result, the table's sentences, the printout and the charts' titles say
// so and name the densest box found, whose density is the largest in the
// trajectory written (PRIM) or among the leaves (CART); a density that is
// reached says nothing of the kind.
func TestShortOfDensity(t *testing.T) {
	dir := sweepOnce(t)
	base := Options{Dir: dir, Where: "gmv_2030 > p80", Policy: "agreement", Stem: "short"}
	res, err := Run(base)
	if err != nil {
		t.Fatal(err)
	}
	if res.Short || strings.HasPrefix(res.Boxes[0].Text, "No box") {
		t.Fatalf("density 0.8 reached at %v: Short %v, text %q", res.Boxes[0].Stats.Density, res.Short, res.Boxes[0].Text)
	}
	maxDensity := 0.0
	for _, r := range readCSV(t, filepath.Join(dir, "short-trajectory.csv"))[1:] {
		d, _ := strconv.ParseFloat(r[3], 64)
		maxDensity = max(maxDensity, d)
	}
	if maxDensity >= 1 {
		t.Fatalf("PRIM found a box of density 1: no density to fall short of")
	}
	o := base
	o.MinDensity = (maxDensity + 1) / 2
	res, err = Run(o)
	if err != nil {
		t.Fatal(err)
	}
	box := res.Boxes[0]
	if !res.Short || box.Stats.Density != maxDensity {
		t.Errorf("asked %v: Short %v, chosen density %v; want true and the trajectory's largest, %v", o.MinDensity, res.Short, box.Stats.Density, maxDensity)
	}
	want := "No box reaches the requested density of " + chart.Share(o.MinDensity) + "; the densest found is step " + strconv.Itoa(res.Chosen)
	if !strings.HasPrefix(box.Text, want) {
		t.Errorf("sentence %q, want it to begin %q", box.Text, want)
	}
	for _, r := range readCSV(t, filepath.Join(dir, "short.csv"))[1:] {
		if !strings.HasPrefix(r[len(r)-1], want) {
			t.Errorf("short.csv text %q, want it to begin %q", r[len(r)-1], want)
		}
	}
	var w strings.Builder
	Print(&w, res)
	if !strings.Contains(w.String(), want) {
		t.Errorf("printout lacks %q:\n%s", want, w.String())
	}
	for _, c := range []string{"short-trajectory.png", "short-box.png"} {
		if _, err := os.Stat(filepath.Join(dir, "charts", c)); err != nil {
			t.Error(err)
		}
	}

	// CART, on both policies pooled (the same futures under two policies:
	// no leaf is pure): ask for more than its densest majority leaf.
	o = Options{Dir: dir, Where: "gmv_2030 > p90", Stem: "short", Method: "cart", MinDensity: 0.5, NoCharts: true}
	res, err = Run(o)
	if err != nil {
		t.Fatal(err)
	}
	_, d := res.Densest()
	if d >= 1 {
		t.Fatalf("CART found a pure leaf in pooled runs")
	}
	o.MinDensity = (d + 1) / 2
	res, err = Run(o)
	if err != nil {
		t.Fatal(err)
	}
	if b, dd := res.Densest(); !res.Short || dd != d || !strings.HasPrefix(res.Boxes[0].Text, "No box reaches the requested density of "+chart.Share(o.MinDensity)+"; the densest found is box "+strconv.Itoa(b+1)+", at "+chart.Share(d)) {
		t.Errorf("CART asked %v: Short %v, densest %v (want %v), text %q", o.MinDensity, res.Short, dd, d, res.Boxes[0].Text)
	}
}
