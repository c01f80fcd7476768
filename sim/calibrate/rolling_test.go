package calibrate_test

import (
	"context"
	"math"
	"testing"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/calibrate"
	"github.com/digisim/digisim/sim/simtest"
)

// A fit at origin T must not see any observation after T: changing every
// later observation (here by a factor 10) leaves the estimates bit for bit
// as they were, at every origin, while the test errors change.
func TestRollingIsOutOfSample(t *testing.T) {
	ps := fourParams()[:2]
	obs := synthetic(t, ps, truthValues[:2], 0.02)
	moved := make([]calibrate.Observation, len(obs))
	origins := []float64{2020, 2021, 2022}
	build := func(data []calibrate.Observation) func(T float64) (calibrate.Problem, error) {
		return func(T float64) (calibrate.Problem, error) {
			return calibrate.Problem{Base: calibrate.KnownAt(simtest.ThreeMembers(), T), Params: ps, Obs: data, Starts: 2, Workers: 1}, nil
		}
	}
	a, err := calibrate.Rolling(context.Background(), origins, build(obs))
	if err != nil {
		t.Fatal(err)
	}
	for k, T := range origins {
		copy(moved, obs)
		for j := range moved {
			if moved[j].Time > T {
				moved[j].Value *= 10
			}
		}
		b, err := calibrate.Rolling(context.Background(), []float64{T}, build(moved))
		if err != nil {
			t.Fatal(err)
		}
		for i := range a[k].Fit.Estimates {
			if x, y := a[k].Fit.Estimates[i].Value, b[0].Fit.Estimates[i].Value; x != y {
				t.Errorf("origin %v: %s = %v, and %v when the later observations change: they entered the fit", T, ps[i].Name, x, y)
			}
		}
		if math.Abs(b[0].TestRMSE-a[k].TestRMSE) < 1 {
			t.Errorf("origin %v: test RMSE %v and %v: the held-out observations were not scored", T, a[k].TestRMSE, b[0].TestRMSE)
		}
	}
}

func TestKnownAt(t *testing.T) {
	p := simtest.ThreeMembers()
	p.Events = []sim.Event{{Name: "a", Start: 2019.5, End: 2020.5}, {Name: "b", Start: 2020.5, End: 2021.5}, {Name: "c", Start: 2021.5, End: 2022.5}}
	q := calibrate.KnownAt(p, 2021)
	if len(q.Events) != 2 || q.Events[0].Name != "a" || q.Events[1].Name != "b" {
		t.Errorf("known at 2021: %v, want a and b (c starts at 2021.5)", q.Events)
	}
	if len(p.Events) != 3 {
		t.Error("KnownAt changed its argument")
	}
}

// Skills sums member-and-segment points by member, by segment and in all;
// the expected figures are worked by hand.
func TestSkills(t *testing.T) {
	pt := func(m, s string, y, obs, fc float64, held bool) calibrate.Point {
		return calibrate.Point{Region: m, Variable: "gmv", Segment: s, Time: y, Observed: obs, Fitted: fc, Held: held}
	}
	bt := &calibrate.BacktestResult{TrainUntil: 2020, Points: []calibrate.Point{
		pt("AA", "shop", 2020, 1, 5, false), // training: not scored
		pt("AA", "shop", 2021, 10, 11, true),
		pt("AA", "ride", 2021, 10, 8, true),
		pt("BB", "shop", 2021, 20, 20, true),
		{Region: "SEA6", Variable: "gmv", Segment: "total", Time: 2021, Observed: 1, Fitted: 9, Held: true}, // a total: not scored
		{Region: "AA", Variable: "users", Segment: "shop", Time: 2021, Observed: 1, Fitted: 9, Held: true},  // not gmv
	}}
	sk := calibrate.Skills(bt)
	want := map[string]float64{
		"total total":  100 * (39.0/40 - 1),
		"member AA":    100 * (19.0/20 - 1),
		"member BB":    0,
		"segment ride": -20,
		"segment shop": 100 * (31.0/30 - 1),
	}
	if len(sk) != len(want) {
		t.Fatalf("%d skills, want %d: %+v", len(sk), len(want), sk)
	}
	for _, s := range sk {
		w, ok := want[s.Kind+" "+s.Name]
		if !ok || math.Abs(s.ErrPct-w) > 1e-12 || s.Ahead != 1 {
			t.Errorf("%s %s: %.6g%% (ahead %v), want %.6g%%", s.Kind, s.Name, s.ErrPct, s.Ahead, w)
		}
	}
	if got, w := calibrate.MAPE(sk, "segment"), (20+100*(31.0/30-1))/2; math.Abs(got-w) > 1e-12 {
		t.Errorf("segment MAPE %v, want %v", got, w)
	}
}

// A series whose level is free (Observation.Level) informs only the path:
// data that are the true model times a different factor per series give
// back the true parameters, and the reported points sit on the data.
func TestLevelIsProfiledOut(t *testing.T) {
	ps := fourParams()[:2]
	obs := synthetic(t, ps, truthValues[:2], 0)
	for j := range obs {
		obs[j].Level = obs[j].Series
		obs[j].Value *= 1 + 0.1*float64(len(obs[j].Series)%7) // 1.0 to 1.6 by series
	}
	res, err := calibrate.Fit(context.Background(), calibrate.Problem{Base: simtest.ThreeMembers(), Params: ps, Obs: obs, Starts: 2, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range res.Estimates {
		// Noise-free data: the optimum is the truth up to the optimiser's
		// convergence (1e-9 relative in cost); 1e-4 relative in the value.
		if math.Abs(e.Value/truthValues[i]-1) > 1e-4 {
			t.Errorf("%s = %v, want %v", e.Name, e.Value, truthValues[i])
		}
	}
	for _, pt := range res.Points {
		if math.Abs(pt.Fitted/pt.Observed-1) > 1e-4 {
			t.Errorf("%s at %v: fitted %v, observed %v", pt.Series, pt.Time, pt.Fitted, pt.Observed)
		}
	}
}

// A backtest starts a free-level series' forecast from its last training
// observation: forecast = observed(T) x model(y) / model(T).
func TestBacktestAnchors(t *testing.T) {
	ps := fourParams()[:2]
	obs := synthetic(t, ps, truthValues[:2], 0)
	for j := range obs {
		obs[j].Level = obs[j].Series
		obs[j].Value *= 1.3 // every level off by 30%: anchoring removes it
	}
	bt, err := calibrate.Backtest(context.Background(), calibrate.Problem{Base: simtest.ThreeMembers(), Params: ps, Obs: obs, Starts: 2, Workers: 1}, 2021)
	if err != nil {
		t.Fatal(err)
	}
	held := 0
	for _, pt := range bt.Points {
		if pt.Held {
			held++
			if !pt.Anchored || math.Abs(pt.ErrPct) > 0.01 {
				t.Errorf("%s at %v: anchored %v, error %.4f%%, want an anchored forecast on the data", pt.Series, pt.Time, pt.Anchored, pt.ErrPct)
			}
		}
	}
	if held == 0 {
		t.Fatal("no held-out points")
	}
}
