package analyze

import (
	"context"
	"encoding/csv"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/sim/experiment"
	"github.com/digisim/digisim/sim/robust"
	"github.com/digisim/digisim/sim/series"
	"github.com/digisim/digisim/workflow/sweep"
)

const crossed = `name = "crossed"
scenario = "agreement"
design = "lhs"
runs = 20
seed = 5
[[levers]]
scenarios = ["asean-2018", "binding"]
[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.0
max = 0.5
[[uncertainties]]
path = "segments.*.imitation"
distribution = "uniform"
min = 0.25
max = 0.55
[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030
threshold = 6e11
`

func runSweep(t *testing.T, exp string) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "e.toml")
	if err := os.WriteFile(path, []byte(exp), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := sweep.Run(context.Background(), sweep.Options{Experiment: path, Out: out, Workers: 2}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRobustness: the options are named by their scenarios; mean and
// satisficing equal those counted by hand from runs.csv; the best option of
// each future has regret zero, so the futures in which options are best add
// up to at least the futures; robustness.csv holds one row per option.
func TestRobustness(t *testing.T) {
	dir := runSweep(t, crossed)
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !f.HasRobustness() {
		t.Fatal("a lever crossed with uncertainties has no robustness")
	}
	rs, err := Robustness(f, robust.MaxSatisficing, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := rs[0]
	if r.Futures != 20 || len(r.Options) != 2 || r.Options[0].Name != "asean-2018" || r.Options[1].Name != "binding" {
		t.Fatalf("futures %d, options %+v: want 20 futures of asean-2018 and binding", r.Futures, r.Options)
	}
	if r.Criterion != robust.MaxSatisficing || r.Threshold == nil || r.Threshold.Value != 6e11 || !r.Threshold.AtLeast {
		t.Errorf("criterion %v, threshold %+v: want satisficing at least 6e11", r.Criterion, r.Threshold)
	}
	// By hand from runs.csv: runs of the same policy are every other row.
	fh, err := os.Open(filepath.Join(dir, "runs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	rows, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == "gmv_2030" {
			col = i
		}
	}
	var sum, meet [2]float64
	for i, row := range rows[1:] {
		v, _ := strconv.ParseFloat(row[col], 64)
		sum[i%2] += v
		if v >= 6e11 {
			meet[i%2]++
		}
	}
	// The mean of 20 sums of numbers near 6e11 differs from the estimator's
	// only by rounding: a relative 1e-12.
	for o := range 2 {
		if got, want := r.Options[o].Mean, sum[o]/20; math.Abs(got-want) > 1e-12*want {
			t.Errorf("%s mean %v, by hand %v", r.Options[o].Name, got, want)
		}
		if got, want := r.Options[o].Satisficing, meet[o]/20; got != want {
			t.Errorf("%s satisficing %v, by hand %v", r.Options[o].Name, got, want)
		}
	}
	if best := r.Options[0].Best + r.Options[1].Best; best < 20 {
		t.Errorf("options best in %d futures together: want at least 20 (every future has a best option)", best)
	}
	if err := WriteRobustness(filepath.Join(dir, "robustness.csv"), rs); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "robustness.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "outcome,goal,option,futures,mean") || strings.Count(string(b), ",yes,") != 1 {
		t.Errorf("robustness.csv:\n%s\nwant a header and two options, one most robust", b)
	}
	var out strings.Builder
	PrintRobustness(&out, rs, f.OutcomeUnit)
	if !strings.Contains(out.String(), "most robust: "+r.Options[r.Best].Name+" (largest share of futures with gmv_2030 at least US$600bn") {
		t.Errorf("report does not name the most robust option and its criterion:\n%s", out.String())
	}
	if cs, err := RobustnessCharts(f, rs, f.OutcomeUnit, chart.PNG, chart.Slide); err != nil || len(cs) != 1 {
		t.Errorf("charts %v, %v", cs, err)
	}
	// A threshold given on the command line replaces the file's: above
	// every run, no option satisfices.
	rs, err = Robustness(f, robust.MaxSatisficing, map[string]float64{"gmv_2030": 1e15})
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].Threshold.Value != 1e15 || rs[0].Options[0].Satisficing != 0 || rs[0].Options[1].Satisficing != 0 {
		t.Errorf("threshold %+v, satisficing %v %v: want 1e15 met by no future", rs[0].Threshold, rs[0].Options[0].Satisficing, rs[0].Options[1].Satisficing)
	}
	if _, err := Robustness(f, robust.MinimaxRegret, map[string]float64{"gmv_2031": 1}); err == nil || !strings.Contains(err.Error(), `no outcome "gmv_2031"`) {
		t.Errorf("threshold of an unknown outcome: %v", err)
	}
}

const sobolSeries = `name = "sobol-series"
scenario = "agreement"
design = "sobol"
scramble = true
runs = 16
seed = 9
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
[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030
[[series]]
name = "gmv"
variable = "gmv"
`

// TestOverTimeScrambled: a scrambled Sobol' design is recorded in the
// manifest and reported; its series get indices at every year after the
// base year (where nothing varies), two parameters each.
func TestOverTimeScrambled(t *testing.T) {
	dir := runSweep(t, sobolSeries)
	m, err := manifest.Read(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	sw, err := m.Sweep()
	if err != nil || !strings.Contains(string(sw.Experiment), `"scramble":true`) {
		t.Fatalf("manifest experiment %s (%v): want scramble recorded", sw.Experiment, err)
	}
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Scrambled() || !strings.Contains(f.Design(), "Owen-scrambled, seed 9") {
		t.Errorf("design %q: want it reported scrambled", f.Design())
	}
	rows, err := OverTime(f, 20)
	if err != nil {
		t.Fatal(err)
	}
	times := f.Exp.Run.Times()
	if len(rows) != 2*(len(times)-1) {
		t.Fatalf("%d rows: want 2 parameters x %d years after the base year", len(rows), len(times)-1)
	}
	for _, r := range rows {
		if r.Time <= times[0] || r.Series != "gmv" || math.IsNaN(r.ST) || !(r.STCI.Lo <= r.STCI.Hi) {
			t.Errorf("row %+v", r)
		}
	}
	if err := WriteOverTime(filepath.Join(dir, "sensitivity-over-time.csv"), rows); err != nil {
		t.Fatal(err)
	}
	if cs, err := OverTimeCharts(f, rows, chart.PNG, chart.Slide); err != nil || len(cs) != 1 {
		t.Errorf("charts %v, %v", cs, err)
	}
	// In any format and size, in the reader's words: the parameters by
	// their labels (scenarios.Label, without unit or wildcard scope), the
	// series by its variable's label; no raw path or variable name.
	cs, err := OverTimeCharts(f, rows, chart.SVG, chart.Page)
	if err != nil || len(cs) != 1 || filepath.Base(cs[0]) != "indices-over-time-gmv.svg" {
		t.Fatalf("SVG charts %v, %v", cs, err)
	}
	b, err := os.ReadFile(cs[0])
	if err != nil {
		t.Fatal(err)
	}
	svg := string(b)
	for _, want := range []string{">Imitation rate of adoption<", ">Capacity spillover rate<", "digital GMV most", "Share of the variance of digital GMV"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart lacks %q", want)
		}
	}
	for _, raw := range []string{"policy.spillover", "segments.", "drives gmv", "What drives"} {
		if strings.Contains(svg, raw) {
			t.Errorf("the chart says %q", raw)
		}
	}
}

// The title names the parameter with the largest total effect at the last
// year, "in every year" only when it leads at every year.
func TestOverTimeTitle(t *testing.T) {
	x := []float64{2023, 2024, 2025}
	a := chart.IndexPath{Name: "Capacity spillover rate", X: x, ST: []float64{0.6, 0.5, 0.4}}
	b := chart.IndexPath{Name: "Business engagement", X: x, ST: []float64{0.2, 0.3, 0.3}}
	if got, want := overTimeTitle([]chart.IndexPath{b, a}, "digital GMV"), "Capacity spillover rate drives digital GMV most in every year"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	b.ST[2] = 0.45
	if got, want := overTimeTitle([]chart.IndexPath{a, b}, "digital GMV"), "Business engagement drives digital GMV most by 2025"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	f := &Folder{Exp: &experiments.Experiment{Run: &experiment.Experiment{Series: []experiment.Series{
		{Name: "gmv", Of: series.Selector{Variable: "gmv"}},
		{Name: "users_id_ecom", Of: series.Selector{Variable: "users", Member: "ID", Segment: "ecommerce"}},
	}}}}
	f.Exp.Run.Series = append(f.Exp.Run.Series, experiment.Series{Name: "gmv_uy_ecom", Of: series.Selector{Variable: "gmv", Member: "UY", Segment: "ecommerce"}})
	uy := &chart.Region{Members: []string{"UY"}, Names: map[string]string{"UY": "Uruguay"}}
	for name, want := range map[string]string{"gmv": "Digital GMV", "users_id_ecom": "Users (E-commerce) in Indonesia", "other_series": "other series",
		"gmv_uy_ecom": "E-commerce GMV in Uruguay"} {
		if got := seriesLabel(f, name, uy); got != want {
			t.Errorf("seriesLabel(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestRobustnessChartNames: a user's own region's options are named as
// its other charts name its scenarios (an id of its own in lower case
// reads as words: "synth" is "Synth", "synth-loose" "Synth loose"), in
// the rows and the title; other options by their display names.
func TestRobustnessChartNames(t *testing.T) {
	r := Robust{Outcome: "dividend", Futures: 4, Criterion: robust.MinimaxRegret, Best: 0, Options: []robust.Option{
		{Name: "synth", Mean: 2, Percentiles: []float64{1, 2, 3}, MaxRegret: 0},
		{Name: "synth-loose", Mean: 1, Percentiles: []float64{0.5, 1, 2}, MaxRegret: 1}}}
	for _, c := range []struct {
		scenario, params string
		want, not        []string
	}{
		{"synth", `{"members": {"AR": {"name": "Argentina"}, "UY": {"name": "Uruguay"}}}`,
			[]string{"Synth is the most robust option for dividend", ">Synth<", ">Synth loose<"}, []string{">synth<"}},
		{"agreement", `{"members": {"ID": {"name": "Indonesia"}, "SG": {"name": "Singapore"}}}`,
			// Outside a user's region ids read by chart.DisplayName: a
			// hyphenated id as words, an unknown word as it is.
			[]string{">synth<", ">Synth loose<"}, []string{">Synth<", ">synth-loose<"}},
	} {
		dir := t.TempDir()
		m := &manifest.Manifest{Format: manifest.Format, Scenario: c.scenario, Parameters: []byte(c.params)}
		if err := manifest.Write(filepath.Join(dir, "manifest.json"), m); err != nil {
			t.Fatal(err)
		}
		f := &Folder{Dir: dir, Exp: &experiments.Experiment{File: experiments.File{Name: "x"}}}
		written, err := RobustnessCharts(f, []Robust{r}, func(string) chart.Unit { return chart.Plain }, chart.SVG, chart.Page)
		if err != nil || len(written) != 1 {
			t.Fatalf("%s: %v, %v", c.scenario, written, err)
		}
		svg, err := os.ReadFile(written[0])
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			if !strings.Contains(string(svg), w) {
				t.Errorf("%s: the chart has no %q", c.scenario, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(string(svg), w) {
				t.Errorf("%s: the chart has %q", c.scenario, w)
			}
		}
	}
}

// TestRobustnessTitleNamesTheOutcome: the title and subtitle name the
// outcome in words, its member as the scenario names it (the expected
// title written by hand), never by the user's name for it.
func TestRobustnessTitleNamesTheOutcome(t *testing.T) {
	th := 5e9
	r := Robust{Outcome: "ecommerce_uy_2030", Futures: 4, Criterion: robust.MaxSatisficing, Best: 0,
		Threshold: &robust.Threshold{Value: th, AtLeast: true}, Options: []robust.Option{
			{Name: "synth", Mean: 6e9, Percentiles: []float64{5e9, 6e9, 7e9}, Satisficing: 0.75},
			{Name: "synth-loose", Mean: 4e9, Percentiles: []float64{3e9, 4e9, 5e9}, Satisficing: 0.25, MaxRegret: 2e9}}}
	dir := t.TempDir()
	m := &manifest.Manifest{Format: manifest.Format, Scenario: "synth", Parameters: []byte(`{"members": {"AR": {"name": "Argentina"}, "UY": {"name": "Uruguay"}}}`)}
	if err := manifest.Write(filepath.Join(dir, "manifest.json"), m); err != nil {
		t.Fatal(err)
	}
	f := &Folder{Dir: dir, Exp: &experiments.Experiment{File: experiments.File{Name: "x", Outcomes: []experiments.Outcome{
		{Name: "ecommerce_uy_2030", Variable: "gmv", Segment: "ecommerce", Member: "UY", Year: 2030, Threshold: &th}}}}}
	written, err := RobustnessCharts(f, []Robust{r}, func(string) chart.Unit { return chart.USD }, chart.SVG, chart.Page)
	if err != nil || len(written) != 1 {
		t.Fatalf("%v, %v", written, err)
	}
	b, err := os.ReadFile(written[0])
	if err != nil {
		t.Fatal(err)
	}
	texts := strings.Join(regexp.MustCompile(`>([^<]*)</text>`).FindAllString(string(b), -1), " ")
	texts = strings.NewReplacer("</text>", "", ">", "").Replace(texts)
	for _, want := range []string{"Synth is the most robust option for e-commerce GMV in Uruguay, 2030", "futures with e-commerce GMV in Uruguay, 2030 at least"} {
		if !strings.Contains(texts, want) {
			t.Errorf("the chart's text %q has no %q", texts, want)
		}
	}
	if strings.Contains(texts, "ecommerce_uy") || strings.Contains(texts, "ecommerce uy") {
		t.Errorf("the chart names the outcome by its raw name: %q", texts)
	}
}

// TestExperimentFromElsewhere: a sweep of an experiment named by a path
// relative to the folder it ran in is analysed from another folder
// (the manifest records the file's absolute path); a folder written
// before that was recorded says where to run from.
func TestExperimentFromElsewhere(t *testing.T) {
	dir := t.TempDir()
	// The experiment names its base scenario by a path from its folder.
	exp := strings.Replace(crossed, `scenario = "agreement"`, `scenario = "own.toml"`, 1)
	for name, text := range map[string]string{"e.toml": exp, "own.toml": "name = \"own\"\nextends = \"agreement\"\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	if err := sweep.Run(context.Background(), sweep.Options{Experiment: "e.toml", Out: "out", Workers: 2}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	t.Chdir(t.TempDir())
	if _, err := Experiment(out); err != nil {
		t.Errorf("from another folder: %v", err)
	}
	m, err := manifest.Read(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := m.Extra["experiment_path"].(string); p != filepath.Join(dir, "e.toml") {
		t.Errorf("experiment_path %q, want %s", p, filepath.Join(dir, "e.toml"))
	}
	delete(m.Extra, "experiment_path")
	if err := manifest.Write(filepath.Join(out, "manifest.json"), m); err != nil {
		t.Fatal(err)
	}
	if _, err := Experiment(out); err == nil || !strings.Contains(err.Error(), "the sweep named it e.toml from the folder it ran in") {
		t.Errorf("an older folder from another folder: %v", err)
	}
}
