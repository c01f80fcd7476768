package briefing

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/digisim/digisim/output/brief"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/workflow/runtables"
	"github.com/digisim/digisim/workflow/sweep"
)

func load(t *testing.T, name string) (*scenarios.Scenario, *sim.Result) {
	t.Helper()
	sc, err := scenarios.Load(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(sc.Params)
	if err != nil {
		t.Fatal(err)
	}
	return sc, res
}

// compareFolder writes the tables of digisim compare POLICY BASE.
func compareFolder(t *testing.T, policy, base string) string {
	t.Helper()
	dir := t.TempDir()
	pol, pr := load(t, policy)
	bas, br := load(t, base)
	if _, err := runtables.WriteComparison(dir, []string{"compare", policy, base}, pol, bas, pr, br); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runFolder writes the tables of digisim run NAME.
func runFolder(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	sc, res := load(t, name)
	if err := runtables.WriteRun(dir, sc.Name, res); err != nil {
		t.Fatal(err)
	}
	if err := runtables.WriteManifest(dir, []string{"run", name}, []*scenarios.Scenario{sc}, nil); err != nil {
		t.Fatal(err)
	}
	return dir
}

// readTable reads a CSV file as its header and rows, independently of the
// package's own reader.
func readTable(t *testing.T, path string) ([]string, [][]string) {
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
	return rows[0], rows[1:]
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

var moneyRE = regexp.MustCompile(`US\$([0-9.,]+)(trn|bn|m)?`)
var pctRE = regexp.MustCompile(`\(([+-][0-9.]+)%\)`)

// amounts reads every money amount of a sentence, in order.
func amounts(t *testing.T, s string) []float64 {
	t.Helper()
	var out []float64
	for _, m := range moneyRE.FindAllStringSubmatch(s, -1) {
		v := num(t, strings.ReplaceAll(m[1], ",", ""))
		out = append(out, v*map[string]float64{"trn": 1e12, "bn": 1e9, "m": 1e6, "": 1}[m[2]])
	}
	return out
}

// printed says whether a printed amount is want rounded as the house
// style rounds it: to the unit of its magnitude from 10 up, to a tenth
// below 10 (so half of that step is the largest rounding error).
func printed(got, want float64) bool {
	a := math.Abs(want)
	unit := 1.0
	for _, m := range []float64{1e12, 1e9, 1e6} {
		if a >= m*0.9995 {
			unit = m
			break
		}
	}
	step := unit
	if a/unit < 9.95 {
		step = unit / 10
	}
	return math.Abs(got-a) <= step/2*(1+1e-9)
}

// The headline's numbers are dividend.csv's: the regional cumulative
// dividend (policy - base of the cumulative_gmv row without a member) and
// its per cent of the base, and the two members named are those with the
// largest dividend relative to their own base (cumulative_gmv rows).
func TestHeadlineNumbersEqualDividendCSV(t *testing.T) {
	for _, c := range []struct{ policy, base string }{{"binding", "no-coordination"}, {"agreement", "no-coordination"}, {"no-coordination", "binding"}} {
		t.Run(c.policy+"-vs-"+c.base, func(t *testing.T) {
			dir := compareFolder(t, c.policy, c.base)
			b, err := Build(Options{Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			s, err := brief.Sentence(b.Headline)
			if err != nil {
				t.Fatal(err)
			}
			t.Log(s)
			header, rows := readTable(t, filepath.Join(dir, "dividend.csv"))
			if strings.Join(header, ",") != "time,member,segment,pillar,variable,policy,base,dividend" {
				t.Fatalf("dividend.csv header %v", header)
			}
			var dividend, base float64
			rel := map[string]float64{}
			found := false
			for _, r := range rows {
				if r[4] != "cumulative_gmv" {
					continue
				}
				if r[1] == "" {
					dividend, base, found = num(t, r[7]), num(t, r[6]), true
				} else {
					rel[r[1]] = num(t, r[7]) / num(t, r[6])
				}
			}
			if !found {
				t.Fatal("no regional cumulative_gmv row")
			}
			am := amounts(t, s)
			if len(am) != 1 || !printed(am[0], dividend) {
				t.Errorf("%q: amounts %v, want |%v| as printed", s, am, dividend)
			}
			pm := pctRE.FindStringSubmatch(s)
			if pm == nil {
				t.Fatalf("no per cent in %q", s)
			}
			p, want := num(t, pm[1]), 100*dividend/base
			// One decimal below 10%, none from 10% up: half a step.
			tol := 0.05
			if math.Abs(want) >= 9.95 {
				tol = 0.5
			}
			if math.Abs(p-want) > tol+1e-9 {
				t.Errorf("%q: per cent %v, want %v", s, p, want)
			}
			// The members named: the two largest relative gains (or losses
			// when the dividend is negative), in that order.
			type kv struct {
				m string
				r float64
			}
			var best []kv
			for m, r := range rel {
				if (dividend >= 0) == (r > 0) {
					best = append(best, kv{m, r})
				}
			}
			for i := range best {
				for j := i + 1; j < len(best); j++ {
					if (dividend >= 0 && best[j].r > best[i].r) || (dividend < 0 && best[j].r < best[i].r) {
						best[i], best[j] = best[j], best[i]
					}
				}
			}
			names := map[string]string{"BN": "Brunei", "KH": "Cambodia", "ID": "Indonesia", "LA": "Lao PDR", "MY": "Malaysia",
				"MM": "Myanmar", "PH": "Philippines", "SG": "Singapore", "TH": "Thailand", "VN": "Viet Nam"}
			if len(best) >= 2 {
				if want := names[best[0].m] + " and " + names[best[1].m]; !strings.Contains(s, want) {
					t.Errorf("%q does not name %s", s, want)
				}
			}
			if (dividend < 0) != strings.Contains(s, " take") {
				t.Errorf("%q: verb does not match the sign of %v", s, dividend)
			}
		})
	}
}

// The headline of a run is summary.csv's regional GMV in its first and
// last row, and their ratio.
func TestHeadlineNumbersEqualSummaryCSV(t *testing.T) {
	dir := runFolder(t, "agreement")
	b, err := Build(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s, err := brief.Sentence(b.Headline)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(s)
	header, rows := readTable(t, filepath.Join(dir, "summary.csv"))
	if header[0] != "time" || header[1] != "gmv_total" {
		t.Fatalf("summary.csv header %v", header)
	}
	first, last := num(t, rows[0][1]), num(t, rows[len(rows)-1][1])
	am := amounts(t, s)
	if len(am) != 2 || !printed(am[0], first) || !printed(am[1], last) {
		t.Errorf("%q: amounts %v, want %v and %v as printed", s, am, first, last)
	}
	for _, y := range []string{rows[0][0], rows[len(rows)-1][0]} {
		if !strings.Contains(s, y) {
			t.Errorf("%q does not name year %s", s, y)
		}
	}
	ratio := regexp.MustCompile(`\(([0-9.]+) times\)`).FindStringSubmatch(s)
	if ratio == nil || math.Abs(num(t, ratio[1])-last/first) > 0.05+1e-9 {
		t.Errorf("%q: growth ratio %v, want %.3f", s, ratio, last/first)
	}
}

// A brief of a comparison and one of a run build, check and write every
// file; the charts have finding titles.
func TestWrite(t *testing.T) {
	for _, dir := range []string{compareFolder(t, "binding", "no-coordination"), runFolder(t, "agreement")} {
		out, err := Write(Options{Dir: dir, Command: []string{"brief", dir}})
		if err != nil {
			t.Fatal(err)
		}
		b, err := Build(Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(b.Charts); n < 4 || n > 6 {
			t.Errorf("%d charts, want 4 to 6", n)
		}
		for _, c := range b.Charts {
			if _, err := os.Stat(filepath.Join(out, c.Name+".svg")); err != nil {
				t.Error(err)
			}
			// A long title wraps onto lines, one text element each.
			if !strings.Contains(strings.Join(svgTexts(string(c.SVG)), " "), xmlText(c.Finding)) {
				t.Errorf("chart %s does not carry its finding %q as its title", c.Name, c.Finding)
			}
		}
		html, err := os.ReadFile(filepath.Join(out, brief.HTMLFile))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Method and sources", "e-Conomy SEA 2018", "model v1", "Key figures"} {
			if !strings.Contains(string(html), want) {
				t.Errorf("brief.html has no %q", want)
			}
		}
	}
}

func xmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&#39;", `"`, "&#34;").Replace(s)
}

// Bad inputs get errors that say what is missing and what to do.
func TestBadInput(t *testing.T) {
	cmp := compareFolder(t, "agreement", "no-coordination")
	run := runFolder(t, "agreement")
	same := compareFolder(t, "agreement", "agreement")
	empty := t.TempDir()
	noManifest := t.TempDir()
	copyFile(t, filepath.Join(cmp, "dividend.csv"), filepath.Join(noManifest, "dividend.csv"))
	badCSV := t.TempDir()
	copyFile(t, filepath.Join(cmp, "manifest.json"), filepath.Join(badCSV, "manifest.json"))
	if err := os.WriteFile(filepath.Join(badCSV, "dividend.csv"), []byte("time,member,segment,pillar,variable,policy,base,dividend\n2035,,,,cumulative_gmv,x,1,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A sweep whose experiment records no dividend.
	noDividend := t.TempDir()
	m, err := manifest.New("agreement", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	m.SetSweep(&manifest.Sweep{Experiment: []byte(`{"name":"growth","scenario":"agreement","design":"montecarlo","outcomes":[{"name":"gmv_2030","variable":"gmv","year":2030}]}`), Runs: 10})
	if err := manifest.Write(filepath.Join(noDividend, "manifest.json"), m); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		o    Options
		is   error
		want []string
	}{
		{"no folder", Options{Dir: filepath.Join(empty, "nope")}, nil, []string{"is not a folder"}},
		{"no tables", Options{Dir: empty}, ErrNoTables, []string{"dividend.csv", "summary.csv"}},
		{"compared with itself", Options{Dir: same}, nil, []string{"compares agreement with itself"}},
		{"no manifest", Options{Dir: noManifest}, nil, []string{"no manifest.json"}},
		{"bad number", Options{Dir: badCSV}, nil, []string{"dividend.csv:2", `"x" is not a number`}},
		{"sweep without dividend", Options{Dir: cmp, Sweep: noDividend}, ErrNoDividendOutcome, []string{"growth", "against = \"no-coordination\""}},
		{"sweep not a sweep", Options{Dir: cmp, Sweep: run}, nil, []string{"records no experiment"}},
		{"sweep of a run without its GMV", Options{Dir: run, Sweep: noDividend}, nil, []string{"records no regional GMV series", `add [[series]] with name = "gmv"`}},
		{"analyze without indices", Options{Dir: cmp, Analyze: run}, nil, []string{"no sensitivity.csv"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Build(c.o)
			if err == nil {
				t.Fatal("no error")
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("error %v is not %v", err, c.is)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// With a Monte Carlo sweep of the policy, the brief gives the share of
// runs with a positive dividend and its quantiles, read from runs.parquet,
// and a fan chart and histogram.
func TestSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a small sweep")
	}
	dir := t.TempDir()
	exp := filepath.Join(dir, "mc.toml")
	if err := os.WriteFile(exp, []byte(`name = "mc"
scenario = "agreement"
design = "montecarlo"
runs = 12
replicates = 1
seed = 1
[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.0
max = 0.4
[[outcomes]]
name = "dividend"
cumulative = true
against = "no-coordination"
[[outcomes]]
name = "dividend_2030"
variable = "gmv"
year = 2030
against = "no-coordination"
[[outcomes]]
name = "dividend_2035"
variable = "gmv"
year = 2035
against = "no-coordination"
[[series]]
name = "gmv"
variable = "gmv"
`), 0o644); err != nil {
		t.Fatal(err)
	}
	sw := filepath.Join(dir, "sweep")
	if err := sweep.Run(context.Background(), sweep.Options{Experiment: exp, Out: sw, Workers: 1}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	cmp := compareFolder(t, "agreement", "no-coordination")
	b, err := Build(Options{Dir: cmp, Sweep: sw})
	if err != nil {
		t.Fatal(err)
	}
	u := b.Uncertainty
	if u == nil || u.Runs != 12 || len(u.Charts) != 3 {
		t.Fatalf("uncertainty %+v, want 12 runs and 3 charts (fan, dividend year by year, distribution)", u)
	}
	header, rows := readTable(t, filepath.Join(sw, "runs.csv"))
	// The bands of the dividend year by year: the median of 12 runs is
	// the mean of the 6th and 7th values, sorted here from runs.csv.
	var in2035 []float64
	for _, r := range rows {
		in2035 = append(in2035, num(t, r[slices.Index(header, "dividend_2035")]))
	}
	slices.Sort(in2035)
	var bands [][]string
	for _, c := range u.Charts {
		if c.Name == "dividend_range" {
			bands = readCSVBytes(t, c.Data)
		}
	}
	if len(bands) != 3 || bands[2][0] != "2035" || math.Abs(num(t, bands[2][3])-(in2035[5]+in2035[6])/2) > 1e-6*math.Abs(in2035[5]) {
		t.Errorf("dividend bands %v, want 2030 and 2035 with the 2035 median %v", bands, (in2035[5]+in2035[6])/2)
	}
	col := -1
	for i, h := range header {
		if h == "dividend" {
			col = i
		}
	}
	pos := 0
	for _, r := range rows {
		if num(t, r[col]) > 0 {
			pos++
		}
	}
	if want := float64(pos) / float64(len(rows)); u.PPositive != want {
		t.Errorf("P(dividend > 0) = %v, runs.csv says %v", u.PPositive, want)
	}
	if e := b.Method.Experiments; len(e) != 1 || e[0].Name != "mc" || len(e[0].SHA256) != 64 {
		t.Errorf("method box experiments %+v, want mc with its SHA-256", e)
	}
	// A sweep of another policy does not qualify this comparison.
	other := compareFolder(t, "binding", "no-coordination")
	if _, err := Build(Options{Dir: other, Sweep: sw}); err == nil || !strings.Contains(err.Error(), "runs scenario agreement") {
		t.Errorf("sweep of agreement against binding: error %v", err)
	}
	// A run of the same scenario: its forecast's range, the sweep's
	// bands of regional GMV in the last year, and the fan chart.
	b, err = Build(Options{Dir: runFolder(t, "agreement"), Sweep: sw})
	if err != nil {
		t.Fatal(err)
	}
	u = b.Uncertainty
	_, bandRows := readTable(t, filepath.Join(sw, "bands.csv"))
	last := bandRows[len(bandRows)-1] // series gmv, the last time: series,time,n,mean,p5,p25,p50,p75,p95
	if u == nil || len(u.Charts) != 1 || u.Quantity != "regional digital GMV in "+last[1] ||
		u.P05 != num(t, last[4]) || u.P50 != num(t, last[6]) || u.P95 != num(t, last[8]) {
		t.Errorf("run's uncertainty: %d charts, %q, %v %v %v; want one chart and the last row of bands.csv %v", len(u.Charts), u.Quantity, u.P05, u.P50, u.P95, last)
	}
	if _, err := Build(Options{Dir: runFolder(t, "binding"), Sweep: sw}); err == nil || !strings.Contains(err.Error(), "but the run is of binding") {
		t.Errorf("sweep of agreement for a run of binding: error %v", err)
	}

	// The assumptions: total-effect indices with their intervals, of the
	// same pair only.
	if err := os.WriteFile(filepath.Join(sw, "sensitivity.csv"), []byte(`outcome,parameter,method,measure,value,ci_low,ci_high
dividend,policy.spillover,sobol,S1,0.5,0.4,0.6
dividend,policy.spillover,sobol,ST,0.7,0.6,0.8
gini_2035,policy.spillover,sobol,ST,0.1,0.0,0.2
`), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err = Build(Options{Dir: cmp, Analyze: sw})
	if err != nil {
		t.Fatal(err)
	}
	if a := b.Assumptions; len(a) != 1 || a[0].Key != "policy.spillover" || a[0].Effect != 0.7 || a[0].Low != 0.6 || a[0].High != 0.8 {
		t.Errorf("assumptions %+v, want policy.spillover ST 0.7 (0.6 to 0.8)", a)
	}
	if _, err := Build(Options{Dir: other, Analyze: sw}); err == nil || !strings.Contains(err.Error(), "ranks the assumptions behind the dividend of agreement against no-coordination, but this brief compares binding with no-coordination") {
		t.Errorf("analysis of agreement for a brief of binding: error %v", err)
	}
	v2 := compareFolder(t, "asean-2022", "no-coordination-2022")
	if _, err := Build(Options{Dir: v2, Sweep: sw}); err == nil || !strings.Contains(err.Error(), "starts in 2018, the comparison in 2022") {
		t.Errorf("a 2018-based sweep for a 2022-based brief: error %v", err)
	}
}

// readCSVBytes parses a chart's data.
func readCSVBytes(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// The model version and base year come from the manifest's resolved
// parameters: "model": "v2" for v2 scenarios, absent for v1; each
// scenario's hash is the SHA-256 of its resolved parameters.
func TestMethodFromManifest(t *testing.T) {
	v2 := []byte(`{"model":"v2","time":{"base_year":2022}}`)
	v1 := []byte(`{"time":{"base_year":2022}}`)
	for _, c := range []struct {
		params map[string]json.RawMessage
		v2     bool
	}{
		{map[string]json.RawMessage{"p": v2, "b": v2}, true},
		{map[string]json.RawMessage{"p": v1, "b": v1}, false},
	} {
		m, err := manifest.New("p vs b", c.params, nil)
		if err != nil {
			t.Fatal(err)
		}
		f := &folder{dir: "x", manifest: m, policy: "p", base: "b"}
		if err := f.readParameters(); err != nil {
			t.Fatal(err)
		}
		if f.modelV2 != c.v2 || f.baseYear != 2022 {
			t.Errorf("model v2 %v base year %v, want %v and 2022", f.modelV2, f.baseYear, c.v2)
		}
		meth := f.method(nil)
		if !strings.Contains(meth.Model, map[bool]string{true: "v2", false: "v1"}[c.v2]) {
			t.Errorf("model %q", meth.Model)
		}
		if want := manifest.Hash(c.params["p"]); meth.Scenarios[0].SHA256 != want {
			t.Errorf("hash of p %s, want %s", meth.Scenarios[0].SHA256, want)
		}
		if !strings.Contains(strings.Join(meth.DataSources, " "), "e-Conomy SEA 2022 (Google, Temasek, Bain)") {
			t.Errorf("data sources %v", meth.DataSources)
		}
	}
}

// svgTexts returns the contents of an SVG's text elements, in order.
func svgTexts(svg string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<text[^>]*>([^<]*)</text>`).FindAllStringSubmatch(svg, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestWhatIsCompared: the brief names what its pair differs in. DEFA over
// the agreement parts in 2026 ("on top of", summed from 2026); DEFA over
// no coordination differs from the base year and says that the dividend
// includes the agreement, naming the pair for DEFA alone; a pair that
// differs outside the policy table says so.
func TestWhatIsCompared(t *testing.T) {
	for _, c := range []struct {
		policy, base string
		subject      string
		from         int
		caveat       string
	}{
		{"defa-binding", "asean-2022", "DEFA's binding rules on top of the agreement", 2026, ""},
		{"defa-binding", "no-coordination-2022", "DEFA's binding rules with the coordination before 2026", 2023, "digisim compare defa-binding asean-2022"},
		{"capacity-building", "agreement", "Capacity building", 2019, "outside the policy table (members.ID.investment.*"},
		// From 2025 the counterfactual withdraws the agreement after the
		// base year: the agreement is not a step on top of it.
		{"defa-2025", "asean-2025", "DEFA's binding rules on top of the agreement", 2026, ""},
		{"asean-2025", "no-coordination-2025", "The agreement", 2026, ""},
	} {
		b, err := Build(Options{Dir: compareFolder(t, c.policy, c.base)})
		if err != nil {
			t.Fatal(err)
		}
		h := b.Headline
		if h.Policy != c.subject || h.From != c.from {
			t.Errorf("%s vs %s: headline %q from %d, want %q from %d", c.policy, c.base, h.Policy, h.From, c.subject, c.from)
		}
		if len(b.Method.Compared) == 0 {
			t.Errorf("%s vs %s: the method box says nothing of what is compared", c.policy, c.base)
		}
		joined := strings.Join(b.Method.Caveats, " ")
		if c.caveat == "" && joined != "" || !strings.Contains(joined, c.caveat) {
			t.Errorf("%s vs %s: caveats %q, want one with %q", c.policy, c.base, joined, c.caveat)
		}
	}
}

// TestCrossBorderNote: the definition of the cross-border share says 0%
// without coordination only where the scenarios give no access without
// rules (MODEL.md, equation 12).
func TestCrossBorderNote(t *testing.T) {
	if n := (&folder{}).crossBorderNote(); !strings.Contains(n, "0% under no coordination") {
		t.Errorf("alpha 0: %q", n)
	}
	if n := (&folder{accessWithoutRules: 0.55}).crossBorderNote(); strings.Contains(n, "0%") || !strings.Contains(n, "55%") {
		t.Errorf("alpha 0.55: %q", n)
	}
}

// TestLaterStep: a policy has a later step only when its coordination
// holds its base-year level for a while and then moves (DEFA's binding
// rules after the agreement); a schedule that moves from the base year on
// (a region's own phase-in, as digisim init writes it) has none, so no
// headline speaks of "the coordination before" the base year.
func TestLaterStep(t *testing.T) {
	for _, c := range []struct {
		sched string
		base  float64
		step  float64
		ok    bool
	}{
		{"[[2018,0],[2021,0.4],[2026,0.4],[2030,1]]", 2022, 2026, true},
		{"[[2024,0.2],[2026,0.5],[2031,1]]", 2024, 0, false},
		{"[[2025,0.3],[2027,0.3],[2030,0.8]]", 2025, 2027, true},
		{"[[2025,0.3],[2030,0.3]]", 2025, 0, false},
	} {
		f := &folder{baseYear: c.base, diffs: []difference{{path: "policy.coordination.ict", count: 1, policy: c.sched, base: "[[2018,0]]", from: "2025"}}}
		step, ok := f.laterStep()
		if ok != c.ok || ok && step != c.step {
			t.Errorf("%s from %v: later step %v, %v; want %v, %v", c.sched, c.base, step, ok, c.step, c.ok)
		}
	}
}
