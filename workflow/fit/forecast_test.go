package fit

import (
	"context"
	"github.com/digisim/digisim/sim"
	"math"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios/observed"
	"github.com/digisim/digisim/sim/calibrate"
)

// A small published history: two members, two segments, and rows of the
// aggregates themselves where the members' rows are missing (2018).
const pairCSV = `# group PAIR = AA BB
region_or_member,variable,segment,year,value,unit
PAIR,gmv,total,2018,40,USD
PAIR,gmv,shop,2018,25,USD
AA,gmv,shop,2019,10,USD
AA,gmv,ride,2019,5,USD
BB,gmv,shop,2019,20,USD
BB,gmv,ride,2019,15,USD
AA,gmv,shop,2020,12,USD
AA,gmv,ride,2020,6,USD
BB,gmv,shop,2020,22,USD
BB,gmv,ride,2020,10,USD
AA,gmv,shop,2021,15,USD
AA,gmv,ride,2021,6,USD
BB,gmv,shop,2021,30,USD
BB,gmv,ride,2021,9,USD
`

// The naive forecasts against figures worked by hand from pairCSV.
func TestNaive(t *testing.T) {
	d, err := observed.Read(strings.NewReader(pairCSV), "pair.csv")
	if err != nil {
		t.Fatal(err)
	}
	pb := newPublished(d)
	if got := len(pb.aggs); got != 5 {
		t.Fatalf("%d aggregates, want total, 2 members, 2 segments", got)
	}
	for _, tc := range []struct {
		name   string
		a      agg
		T, y   int
		want   float64
		exists bool
	}{
		{"no_change", agg{}, 2021, 2023, 60, true},                                          // 15+6+30+9
		{"own_growth", agg{}, 2021, 2023, 60 * 1.2 * 1.2, true},                             // total 50 -> 60
		{"own_growth", agg{Member: "AA"}, 2021, 2023, 21 * (21.0 / 18) * (21.0 / 18), true}, // AA 18 -> 21
		{"total_growth", agg{Member: "AA"}, 2021, 2023, 21 * 1.44, true},
		{"own_growth", agg{Segment: "ride"}, 2021, 2022, 15 * 15.0 / 16, true}, // ride 16 -> 15
		{"own_growth", agg{Segment: "shop"}, 2019, 2020, 30 * 30.0 / 25, true}, // shop 2018 from its own row
		{"total_growth", agg{Segment: "shop"}, 2019, 2021, 30 * (50.0 / 40) * (50.0 / 40), true},
		{"own_growth", agg{Member: "AA"}, 2019, 2020, 0, false}, // AA's 2018 was not published
		{"no_change", agg{Member: "AA"}, 2018, 2019, 0, false},
	} {
		got, ok := naive(pb, tc.name, tc.a, tc.T, tc.y)
		if ok != tc.exists || ok && math.Abs(got/tc.want-1) > 1e-14 {
			t.Errorf("%s of %+v from %d for %d: %v (%v), want %v (%v)", tc.name, tc.a, tc.T, tc.y, got, ok, tc.want, tc.exists)
		}
	}
}

// MAPE by horizon and coverage against figures worked by hand.
func TestScoreRows(t *testing.T) {
	nv := func(a, b, c float64) map[string]float64 {
		return map[string]float64{"no_change": a, "own_growth": b, "total_growth": c}
	}
	rows := []forecastRow{
		{origin: 2020, year: 2021, a: agg{}, fc: 110, p10: 100, p90: 120, observed: 100, hasObs: true, hasAllNaive: true, naive: nv(100, 80, 80)},
		{origin: 2020, year: 2021, a: agg{Member: "AA"}, fc: 45, p10: 44, p90: 46, observed: 50, hasObs: true, hasAllNaive: true, naive: nv(40, 55, 60)},
		{origin: 2020, year: 2022, a: agg{}, fc: 130, p10: 90, p90: 140, observed: 100, hasObs: true, hasReport: true, report: 120},
		{origin: 2019, year: 2021, a: agg{Segment: "shop"}, fc: 30, p10: 35, p90: 45, observed: 40, hasObs: true, hasAllNaive: true, naive: nv(50, 40, 20)},
		{origin: 2019, year: 2020, a: agg{}, fc: 1, p10: 1, p90: 1, hasAllNaive: true, naive: nv(1, 1, 1)}, // not published: not scored
	}
	want := map[string]struct {
		total, member, segment float64 // NaN: none
		coverage               float64
	}{
		"1 model":            {10, 10, math.NaN(), 50},
		"1 no_change":        {0, 20, math.NaN(), math.NaN()},
		"1 own_growth":       {20, 10, math.NaN(), math.NaN()},
		"1 total_growth":     {20, 20, math.NaN(), math.NaN()},
		"2 model":            {math.NaN(), math.NaN(), 25, 100}, // 40 in [35, 45]
		"2 no_change":        {math.NaN(), math.NaN(), 25, math.NaN()},
		"2 own_growth":       {math.NaN(), math.NaN(), 0, math.NaN()},
		"2 total_growth":     {math.NaN(), math.NaN(), 50, math.NaN()},
		"2 reports":          {20, math.NaN(), math.NaN(), math.NaN()},
		"2 model_on_reports": {30, math.NaN(), math.NaN(), math.NaN()},
	}
	got := scoreRows(rows)
	if len(got) != len(want) {
		t.Errorf("%d scores, want %d", len(got), len(want))
	}
	for _, sc := range got {
		key := string(rune('0'+sc.horizon)) + " " + sc.forecaster
		w, ok := want[key]
		if !ok {
			t.Errorf("unexpected score %s", key)
			continue
		}
		for k, v := range map[string]float64{"total": w.total, "member": w.member, "segment": w.segment} {
			g, has := sc.mape[k]
			if math.IsNaN(v) != !has || has && math.Abs(g-v) > 1e-12 {
				t.Errorf("%s %s MAPE %v (%v), want %v", key, k, g, has, v)
			}
		}
		if math.IsNaN(w.coverage) != math.IsNaN(sc.coverage) || !math.IsNaN(w.coverage) && math.Abs(sc.coverage-w.coverage) > 1e-12 {
			t.Errorf("%s coverage %v, want %v", key, sc.coverage, w.coverage)
		}
	}
}

// Nothing published after T enters the forecast made at T: multiplying
// every figure after T by 10 (in every copy of the data the backtest
// holds) leaves the choices, their scores, the estimates, the forecasts
// and the intervals at T bit for bit as they were.
func TestForecastIsOutOfSample(t *testing.T) {
	if testing.Short() {
		t.Skip("fits two recipes at 4 origins, twice")
	}
	// The fade is chosen at 2021, on the origin 2020: as a scenario value
	// (history-2022) and as the prior mean of the fitted fades (history).
	for _, recipe := range []string{"history-2022", "history"} {
		t.Run(recipe, func(t *testing.T) { testOutOfSample(t, recipe) })
	}
}

func testOutOfSample(t *testing.T, recipe string) {
	const T = 2021
	o := Options{Recipe: recipe, Data: observed.History2025, Starts: 2}
	run := func(perturb bool) *originFit {
		s, err := loadRecipe(o)
		if err != nil {
			t.Fatal(err)
		}
		if perturb {
			for _, d := range []*observed.Data{s.all, s.data} {
				for j := range d.Obs {
					if d.Obs[j].Year > T {
						d.Obs[j].Value *= 10
					}
				}
			}
			for j := range s.obs {
				if s.obs[j].Time > T {
					s.obs[j].Value *= 10
				}
			}
		}
		f, err := newForecaster(context.Background(), s, o)
		if err != nil {
			t.Fatal(err)
		}
		if perturb {
			if v, _ := f.pb.at(agg{}, 2025); v < 1e12 {
				t.Fatalf("the perturbation did not reach the published figures: SEA-6 2025 = %v", v)
			}
		}
		of, err := f.at(T)
		if err == nil {
			err = f.intervals(of)
		}
		if err != nil {
			t.Fatal(err)
		}
		return of
	}
	a, b := run(false), run(true)
	if a.ChosenBy != b.ChosenBy || len(a.Criteria) == 0 || len(a.Criteria) != len(b.Criteria) {
		t.Fatalf("choices made %q (%d scored) and %q (%d)", a.ChosenBy, len(a.Criteria), b.ChosenBy, len(b.Criteria))
	}
	for j := range a.Choice {
		if a.Choice[j] != b.Choice[j] {
			t.Errorf("choice %d: %v, and %v with the later data changed", j, a.Choice[j], b.Choice[j])
		}
	}
	for j := range a.Criteria {
		if a.Criteria[j].Score != b.Criteria[j].Score {
			t.Errorf("criterion %v: %v and %v", a.Criteria[j].Values, a.Criteria[j].Score, b.Criteria[j].Score)
		}
	}
	for i, e := range a.bt.Fit.Estimates {
		if e.Value != b.bt.Fit.Estimates[i].Value || e.SE != b.bt.Fit.Estimates[i].SE {
			t.Errorf("%s = %v (SE %v), and %v (SE %v)", e.Name, e.Value, e.SE, b.bt.Fit.Estimates[i].Value, b.bt.Fit.Estimates[i].SE)
		}
	}
	n := 0
	for ag, byYear := range a.fc {
		for y := range byYear {
			p10a, p50a, p90a := a.quantiles(ag, y)
			p10b, p50b, p90b := b.quantiles(ag, y)
			if p10a != p10b || p50a != p50b || p90a != p90b {
				t.Errorf("%+v %d: %v %v %v, and %v %v %v", ag, y, p10a, p50a, p90a, p10b, p50b, p90b)
			}
			n++
		}
	}
	if n != 11*(2025-T) || !(a.surprise["segment"] > 0) {
		t.Errorf("%d forecasts compared (want %d), segment surprise %v", n, 11*(2025-T), a.surprise["segment"])
	}
}

// The forecaster's own projection (every year, from the model's run)
// agrees with calibrate.Backtest's anchored points summed by calibrate.Skills
// (only where published): two computations of the same forecast.
func TestProjectionMatchesBacktestPoints(t *testing.T) {
	o := Options{Recipe: "history", Starts: 2}
	s, err := loadRecipe(o)
	if err != nil {
		t.Fatal(err)
	}
	f, err := newForecaster(context.Background(), s, o)
	if err != nil {
		t.Fatal(err)
	}
	of, err := f.at(2019)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, sk := range calibrate.Skills(of.bt) {
		a := agg{}
		switch sk.Kind {
		case "member":
			a.Member = sk.Name
		case "segment":
			a.Segment = sk.Name
		}
		got := of.fc[a][int(sk.Year)]
		if math.Abs(got/sk.Forecast-1) > 1e-12 {
			t.Errorf("%s %s %v: projected %v, backtest points %v", sk.Kind, sk.Name, sk.Year, got, sk.Forecast)
		}
		if obs, _ := f.pb.at(a, int(sk.Year)); math.Abs(obs/sk.Observed-1) > 1e-12 {
			t.Errorf("%s %s %v: published %v, backtest points %v", sk.Kind, sk.Name, sk.Year, obs, sk.Observed)
		}
		n++
	}
	if n != 11*6 {
		t.Errorf("%d aggregates compared, want 66", n)
	}
}

// TestSetChoicesPriorSD: a prior_sd_of choice sets its parameters' prior
// standard deviation and nothing else; a prior_mean_of choice sets the
// mean and moves the start there.
func TestSetChoicesPriorSD(t *testing.T) {
	var set []float64
	pr := calibrate.Problem{Base: &sim.Params{}, Params: []calibrate.Param{
		{Name: "a", Prior: calibrate.Prior{Mean: 0.5, SD: 1}, Set: func(_ *sim.Params, v float64) { set = append(set, v) }},
		{Name: "b", Prior: calibrate.Prior{Mean: 0.5, SD: 1}, Set: func(_ *sim.Params, v float64) { set = append(set, v) }},
	}}
	setChoices(&pr, []target{{sds: []int{0}}, {params: []int{1}}}, []float64{0.3, 0.8})
	if p := pr.Params[0].Prior; p.SD != 0.3 || p.Mean != 0.5 {
		t.Errorf("prior sd choice: prior %+v, want mean 0.5, sd 0.3", p)
	}
	if p := pr.Params[1].Prior; p.SD != 1 || p.Mean != 0.8 {
		t.Errorf("prior mean choice: prior %+v, want mean 0.8, sd 1", p)
	}
	if len(set) != 1 || set[0] != 0.8 {
		t.Errorf("values set in the base: %v, want only the mean choice's 0.8", set)
	}
}
