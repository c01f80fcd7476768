package fit

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/observed"
	"github.com/digisim/digisim/sim/calibrate"
)

func TestKeysOf(t *testing.T) {
	sc, err := scenarios.Load("asean-2015", nil)
	if err != nil {
		t.Fatal(err)
	}
	// 10 members x 11 pillars (asean-2018's index sets).
	if got := keysOf(sc.Params, "members.*.investment.*"); len(got) != 110 || got[0] != "members.BN.investment.competition" {
		t.Errorf("got %d paths, first %q", len(got), got[0])
	}
	if got := keysOf(sc.Params, "segments.ecommerce.imitation"); len(got) != 1 || got[0] != "segments.ecommerce.imitation" {
		t.Errorf("got %q", got)
	}
}

func TestParseFitAndBounds(t *testing.T) {
	var o Options
	o.Chart = "svg"
	err := o.ParseFitAndBounds([]string{"a.b, c.d", "e.f"}, []string{"c.d=0.5:2"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(o.Fit, " ") != "a.b c.d e.f" || o.Bounds["c.d"] != [2]float64{0.5, 2} {
		t.Errorf("fit %q bounds %v", o.Fit, o.Bounds)
	}
	cases := []struct {
		fits, bounds []string
		chart, want  string
	}{
		{[]string{"a.b,a.b"}, nil, "svg", "listed twice"},
		{nil, nil, "svg", "name at least one parameter"},
		{[]string{"a.b"}, nil, "gif", `--chart "gif"`},
		{[]string{"a.b"}, []string{"a.b=2:1"}, "svg", "lo < hi"},
		{[]string{"a.b"}, []string{"a.b"}, "svg", "want PATH=lo:hi"},
		{[]string{"a.b"}, []string{"a.c=0:1"}, "svg", "not among the --fit parameters"},
	}
	for _, c := range cases {
		o := Options{Chart: c.chart}
		err := o.ParseFitAndBounds(c.fits, c.bounds)
		var u *usage.Error
		if !errors.As(err, &u) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("fits %q bounds %q: %v, want a usage error with %q", c.fits, c.bounds, err, c.want)
		}
	}
}

func TestFormatting(t *testing.T) {
	if got := roundSig(0.123456789, 6); got != 0.123457 {
		t.Errorf("roundSig = %v, want 0.123457", got)
	}
	if got := roundSig(math.NaN(), 6); !math.IsNaN(got) {
		t.Errorf("roundSig(NaN) = %v", got)
	}
	for v, want := range map[float64]string{math.NaN(): "n/a", math.Inf(1): "inf", 0.000123456: "0.0001235"} {
		if got := fmtNum(v); got != want {
			t.Errorf("fmtNum(%v) = %q, want %q", v, got, want)
		}
	}
	if got := paramCount(1) + ", " + paramCount(3); got != "1 parameter, 3 parameters" {
		t.Errorf("paramCount: %q", got)
	}
}

// TestExtendsRef: a shipped name stays a name; a file is referred to
// relative to the folder the calibrated file is written to.
func TestExtendsRef(t *testing.T) {
	if got := extendsRef("asean-2015", "out/x"); got != "asean-2015" {
		t.Errorf("shipped: %q", got)
	}
	dir := t.TempDir()
	got := extendsRef(filepath.Join(dir, "in", "my.toml"), filepath.Join(dir, "out"))
	if got != "../in/my.toml" {
		t.Errorf("file: %q, want ../in/my.toml", got)
	}
}

func TestFitPanelName(t *testing.T) {
	cases := []struct {
		o    observed.Observation
		name string
		unit chart.Unit
	}{
		{observed.Observation{Region: "SEA6", Variable: "gmv", Segment: "total", Unit: "USD"}, "SEA-6 GMV\nTotal", chart.USD},
		{observed.Observation{Region: "SEA6", Variable: "users", Segment: "", Unit: "persons"}, "SEA-6 users", chart.Persons},
	}
	for _, c := range cases {
		name, unit := fitPanelName(&c.o, nil)
		if name != c.name || unit != c.unit {
			t.Errorf("%+v: %q %v, want %q %v", c.o, name, unit, c.name, c.unit)
		}
	}
	// A user's own member by the name its scenario gives it; ASEAN's by
	// the chart tables' name.
	own := &chart.Region{Members: []string{"AR"}, Names: map[string]string{"AR": "Argentina"}}
	if name, _ := fitPanelName(&observed.Observation{Region: "AR", Variable: "gmv", Segment: "total", Unit: "USD"}, own); name != "Argentina GMV\nTotal" {
		t.Errorf("a user's member: %q, want Argentina GMV\\nTotal", name)
	}
	if name, _ := fitPanelName(&observed.Observation{Region: "ID", Variable: "gmv", Segment: "total", Unit: "USD"}, nil); name != "Indonesia GMV\nTotal" {
		t.Errorf("an ASEAN member: %q, want Indonesia GMV\\nTotal", name)
	}
}

// TestAggregatePanelsOwnRegion: a fit to every member and segment of a
// user's region sums them into panels named by its members ("Argentina
// GMV", segments summed) and by segment over its members ("Members'
// GMV"), never SEA-6's; the sums are those of the rows, by hand.
func TestAggregatePanelsOwnRegion(t *testing.T) {
	members := map[string]string{"AR": "Argentina", "BR": "Brazil", "PY": "Paraguay", "UY": "Uruguay"}
	segments := []string{"ecommerce", "online_travel", "transport_food", "online_media"}
	own := &chart.Region{Members: []string{"AR", "BR", "PY", "UY"}, Names: members}
	var bound []observed.Bound
	var pts []calibrate.Point
	for i, id := range own.Members {
		for j, seg := range segments {
			o := &observed.Observation{Region: id, Members: []string{id}, Variable: "gmv", Segment: seg, Unit: "USD"}
			for _, year := range []float64{2022, 2023} {
				v := float64(10*(i+1)+j) * (year - 2020) // AR ecommerce: 20 in 2022, 30 in 2023
				bound = append(bound, observed.Bound{Obs: o, Series: id + " gmv " + seg, Time: year})
				pts = append(pts, calibrate.Point{Series: id + " gmv " + seg, Time: year, Observed: v, Fitted: 2 * v})
			}
		}
	}
	panels, ok := aggregatePanels(bound, pts, own)
	if !ok {
		t.Fatal("16 series are not summed")
	}
	got := map[string]chart.FitPanel{}
	for _, p := range panels {
		got[p.Name] = p
		if strings.Contains(p.Name, "SEA-6") || strings.Contains(p.Name, "AR") {
			t.Errorf("panel %q: want the region's own names", p.Name)
		}
	}
	// E-commerce over the members in 2022: (10+20+30+40) x 2 = 200.
	if p, ok := got["Members' GMV\nE-commerce"]; !ok || p.Observed.Y[0] != 200 || p.Fitted.Y[0] != 400 {
		t.Errorf("Members' GMV E-commerce: %+v (panels %v)", p, slices.Collect(maps.Keys(got)))
	}
	// Argentina over the segments in 2023: (10+11+12+13) x 3 = 138.
	if p, ok := got["Argentina GMV\nAll segments"]; !ok || p.Observed.Y[1] != 138 {
		t.Errorf("Argentina GMV All segments: %+v", p)
	}
	if len(panels) != 8 {
		t.Errorf("%d panels, want 4 segments and 4 members", len(panels))
	}
}

// fitFor calibrates (until 0) or backtests with o and the --fit list,
// and returns what was printed.
func fitFor(t *testing.T, o Options, fits string, until int) (string, error) {
	t.Helper()
	o.Chart = "svg"
	if err := o.ParseFitAndBounds([]string{fits}, nil); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	var err error
	if until == 0 {
		err = Calibrate(context.Background(), o, &out)
	} else {
		err = Backtest(context.Background(), o, until, &out)
	}
	return out.String(), err
}

// TestCalibrateWritesOutputs: a two-parameter calibration of asean-2015 to
// the shipped history prints the report and writes the fit table, the
// estimates, a calibrated scenario that loads and holds the estimates, and
// the chart.
func TestCalibrateWritesOutputs(t *testing.T) {
	dir := t.TempDir()
	out, err := fitFor(t, Options{Scenario: "asean-2015", Starts: 2, Out: dir},
		"segments.ecommerce.imitation,segments.transport_food.imitation", 0)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, w := range []string{"Calibration of asean-2015 to history_2015_2018.csv: 28 observations, 2 parameters",
		"segments.ecommerce.imitation", "SEA6 gmv ecommerce", "RMSE of log values"} {
		if !strings.Contains(out, w) {
			t.Errorf("report lacks %q:\n%s", w, out)
		}
	}
	for _, f := range []string{"fit.csv", "estimates.csv", "covariance.csv", "asean-2015-calibrated.toml", "fit.svg"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	// The chart is the house Fit chart: its title, and the source line.
	svg, _ := os.ReadFile(filepath.Join(dir, "fit.svg"))
	for _, w := range []string{"Calibration of asean-2015: observed and fitted", "2 parameters fitted", "e-Conomy SEA 2016-2018 editions"} {
		if !strings.Contains(string(svg), w) {
			t.Errorf("fit.svg lacks %q", w)
		}
	}
	fitCSV, _ := os.ReadFile(filepath.Join(dir, "fit.csv"))
	// Header plus the 28 rows of the history.
	if n := strings.Count(string(fitCSV), "\n"); n != 29 {
		t.Errorf("fit.csv has %d lines, want 29", n)
	}
	tomlPath := filepath.Join(dir, "asean-2015-calibrated.toml")
	src, _ := os.ReadFile(tomlPath)
	for _, w := range []string{`extends = "asean-2015"`, "Fitted to history_2015_2018.csv: 28 observations, 2015-2018", "segments.ecommerce.imitation = "} {
		if !strings.Contains(string(src), w) {
			t.Errorf("calibrated scenario lacks %q:\n%s", w, src)
		}
	}
	sc, err := scenarios.Load(tomlPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "asean-2015-calibrated" || sc.Params.Segments[0].Imitation <= 0 {
		t.Errorf("loaded %s, imitation %v", sc.Name, sc.Params.Segments[0].Imitation)
	}
}

// TestCalibrateWildcardTOML: a wildcard path is written out for every
// member in the calibrated scenario, which then loads.
func TestCalibrateWildcardTOML(t *testing.T) {
	dir := t.TempDir()
	if out, err := fitFor(t, Options{Scenario: "asean-2015", Starts: 1, Quiet: true, Out: dir}, "members.*.online_speed", 0); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	path := filepath.Join(dir, "asean-2015-calibrated.toml")
	src, _ := os.ReadFile(path)
	if n := strings.Count(string(src), ".online_speed = "); n != 10 {
		t.Errorf("%d member lines, want 10:\n%s", n, src)
	}
	if _, err := scenarios.Load(path, nil); err != nil {
		t.Error(err)
	}
}

func TestBacktest(t *testing.T) {
	dir := t.TempDir()
	out, err := fitFor(t, Options{Scenario: "asean-2015", Starts: 2, Out: dir}, "segments.ecommerce.imitation,members.*.online_speed", 2017)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, w := range []string{"fitted on 2015-2017, tested on 2018-2018", "out of sample", "RMSE of log values: in sample"} {
		if !strings.Contains(out, w) {
			t.Errorf("report lacks %q:\n%s", w, out)
		}
	}
	for _, f := range []string{"backtest.csv", "estimates.csv", "backtest.svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	svg, _ := os.ReadFile(filepath.Join(dir, "backtest.svg"))
	for _, w := range []string{"Backtest of asean-2015: fitted to 2015-2017, tested on 2018", "Out of sample"} {
		if !strings.Contains(string(svg), w) {
			t.Errorf("backtest.svg lacks %q", w)
		}
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "backtest.csv"))
	// Nine rows of 2018 in the history are held out.
	if n := strings.Count(string(csv), ",true\n"); n != 9 {
		t.Errorf("%d held-out rows, want 9", n)
	}
}
