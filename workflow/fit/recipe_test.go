package fit

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios/observed"
	"github.com/digisim/digisim/sim/calibrate"
)

// At origin T the problem knows no event that starts after T and fits no
// parameter of one; every fitted parameter with a prior starts at its
// prior mean (nothing fitted to later data leaks in through a start).
func TestRecipeProblemAtOrigin(t *testing.T) {
	s, err := loadRecipe(Options{Recipe: "history"})
	if err != nil {
		t.Fatal(err)
	}
	full, err := s.problem(math.Inf(1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 4 imitations, 4 deepenings, 10 drifts, 1 online speed, 12 events'
	// spend, 4 fades (one per segment, over its events).
	if len(full.Params) != 35 || len(full.Base.Events) != 12 {
		t.Fatalf("full problem: %d parameters, %d events", len(full.Params), len(full.Base.Events))
	}
	for _, T := range []float64{2018, 2019, 2020, 2021, 2022, 2023, 2024} {
		pr, err := s.problem(T, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range pr.Base.Events {
			if ev.Start > T {
				t.Errorf("origin %v knows event %s starting %v", T, ev.Name, ev.Start)
			}
		}
		known := len(pr.Base.Events)
		if want := int(4 * math.Min(3, math.Max(0, T-2019))); known != want {
			t.Errorf("origin %v: %d events, want %d", T, known, want)
		}
		fades := 0
		if known > 0 {
			fades = 4
		}
		if len(pr.Params) != 19+known+fades {
			t.Errorf("origin %v: %d parameters, want %d", T, len(pr.Params), 19+known+fades)
		}
		for _, prm := range pr.Params {
			if prm.Prior.SD > 0 && math.Abs(prm.Get(pr.Base)-prm.Prior.Mean) > 1e-12 { // a wildcard reads back as a mean
				t.Errorf("origin %v: %s starts at %v, not its prior mean %v", T, prm.Name, prm.Get(pr.Base), prm.Prior.Mean)
			}
		}
	}
}

// No value of the shipped, calibrated scenario enters the problem at an
// origin: with every fitted number of covid-2025 changed, the problem at
// each origin has the same base scenario and the same priors, bit for bit.
// (sim/calibrate's TestRollingIsOutOfSample shows that no observation
// after T enters the fit at T; this shows that no estimate does.)
func TestRecipeOriginIgnoresShippedEstimates(t *testing.T) {
	s, err := loadRecipe(Options{Recipe: "history"})
	if err != nil {
		t.Fatal(err)
	}
	moved, err := loadRecipe(Options{Recipe: "history", Sets: []string{
		"segments.*.imitation=0.9", "segments.*.deepening=0.7", "members.*.spend_drift=0.1",
		"members.*.online_speed=0.5", "events[*].spend=3", "events[*].fade=0.95",
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, T := range []float64{2018, 2020, 2022, 2024, math.Inf(1)} {
		a, err := s.problem(T, Options{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := moved.problem(T, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a.Base, b.Base) {
			t.Errorf("origin %v: the base scenario depends on the shipped estimates", T)
		}
		for j := range a.Params {
			if a.Params[j].Name != b.Params[j].Name || a.Params[j].Prior != b.Params[j].Prior {
				t.Errorf("origin %v: %s prior %+v, with moved estimates %+v", T, a.Params[j].Name, a.Params[j].Prior, b.Params[j].Prior)
			}
		}
	}
}

// The one-command backtest writes its tables and charts and prints the
// table of skills.
func TestBacktestRecipe(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	// Origin 2019: an origin's forecast fits every earlier origin too (its
	// intervals use their errors), so a late origin costs a whole backtest.
	o := Options{Recipe: "history", Origins: []int{2019}, Out: dir, Starts: 2, Chart: "svg"}
	if err := BacktestRecipe(context.Background(), o, &out); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"backtest-summary.csv", "backtest.csv", "backtest-points.csv", "forecasts.csv", "scores.csv", "backtest-total.svg", "backtest-ecommerce.svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(out.String(), "member MAPE") || !strings.Contains(out.String(), "2019") || !strings.Contains(out.String(), "no_change") {
		t.Errorf("report:\n%s", out.String())
	}
	// Every year 2020-2025: the SEA-6 total, six members, four segments.
	fc, _ := os.ReadFile(filepath.Join(dir, "forecasts.csv"))
	lines := strings.Split(strings.TrimSpace(string(fc)), "\n")
	if lines[0] != "origin,year,member,segment,forecast,p10,p50,p90,observed" || len(lines) != 1+6*11 {
		t.Errorf("forecasts.csv: header %q, %d rows; want 66", lines[0], len(lines)-1)
	}
	sum, _ := os.ReadFile(filepath.Join(dir, "backtest-summary.csv"))
	if lines := strings.Count(string(sum), "\n"); lines != 2 {
		t.Errorf("summary has %d lines, want a header and one origin:\n%s", lines, sum)
	}
	// At origin 2019 every row after 2019 is held out (GMV of 24 member x
	// segment series 2020-2025 and SEA-6 internet users 2020-2022: 147),
	// every row up to 2019 fitted (the 8 SEA-6 figures of 2018, internet
	// users 2018-2019, the 24 figures of 2019: 34).
	pts, _ := os.ReadFile(filepath.Join(dir, "backtest-points.csv"))
	held, fitted := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(string(pts)), "\n")[1:] {
		f := strings.Split(line, ",") // origin,series,year,observed,forecast,error_pct,held_out,anchored
		switch {
		case f[6] == "true" && f[2] > "2019":
			held++
		case f[6] == "false" && f[2] <= "2019":
			fitted++
		default:
			t.Errorf("origin 2019: %s", line)
		}
	}
	if held != 147 || fitted != 34 {
		t.Errorf("origin 2019: %d rows held out, %d fitted; want 147 and 34", held, fitted)
	}
	o.Origins = []int{2025}
	if err := BacktestRecipe(context.Background(), o, &out); err == nil || !strings.Contains(err.Error(), "origin 2025") {
		t.Errorf("origin at the last year: %v", err)
	}
}

// covid-2025 ships the fit of the recipe history: refitting (from the
// priors, as every fit starts) finds the values the file holds, rounded
// there to 4 digits (so within 1e-3 relative, or 1e-4 absolute near a
// bound at 0), with the RMSE that docs/calibration.md reports.
func TestCovid2025IsTheRecipesFit(t *testing.T) {
	if testing.Short() {
		t.Skip("a full calibration (about 5 s)")
	}
	s, err := loadRecipe(Options{Recipe: "history"})
	if err != nil {
		t.Fatal(err)
	}
	pr, err := s.problem(math.Inf(1), Options{Starts: 2})
	if err != nil {
		t.Fatal(err)
	}
	res, err := calibrate.Fit(context.Background(), pr)
	if err != nil {
		t.Fatal(err)
	}
	for j, e := range res.Estimates {
		shipped := pr.Params[j].Get(s.sc.Params)
		if d := math.Abs(e.Value - shipped); d > 1e-3*math.Abs(shipped) && d > 1e-4 {
			t.Errorf("%s: refit %.5g, shipped %.4g", e.Name, e.Value, shipped)
		}
	}
	if math.Abs(res.RMSELog-0.1843) > 5e-5 {
		t.Errorf("RMSE of log values %.5f, docs/calibration.md says 0.1843", res.RMSELog)
	}
}

// The recipe history fits the observations of history_2015_2025 from 2018
// (181) and nothing else: in particular none of the reports' projections,
// which observed ships as another type (observed.Projections) that no
// data set holds; every fitted row is a figure for its year from that
// year's edition or a later one.
func TestRecipeFitsNoProjection(t *testing.T) {
	s, err := loadRecipe(Options{Recipe: "history"})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.obs) != 181 || len(s.bound) != 181 {
		t.Fatalf("%d observations, want the 181 rows of history_2015_2025 from 2018", len(s.obs))
	}
	ps, err := observed.Projections()
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range s.bound {
		o := b.Obs
		if o.Year < 2018 || (o.Vintage != 0 && o.Vintage < o.Year) {
			t.Errorf("%s %d from the %d edition is fitted", o.Series(), o.Year, o.Vintage)
		}
		for _, p := range ps {
			if p.Region == o.Region && p.Segment == o.Segment && p.Year == o.Year && p.Vintage == o.Vintage {
				t.Errorf("%s %d is the projection %v", o.Series(), o.Year, p)
			}
		}
	}
}
