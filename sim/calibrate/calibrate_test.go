package calibrate_test

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/calibrate"
	"github.com/digisim/digisim/sim/series"
	"github.com/digisim/digisim/sim/simtest"
)

// segParam fits one field of segment s of the simtest fixture.
func segParam(name string, s int, lo, hi float64, field func(*sim.Segment) *float64) calibrate.Param {
	return calibrate.Param{
		Name: name, Lo: lo, Hi: hi,
		Set: func(p *sim.Params, v float64) { *field(&p.Segments[s]) = v },
		Get: func(p *sim.Params) float64 { return *field(&p.Segments[s]) },
	}
}

// fourParams are the parameters of the recovery tests: adoption
// (imitation, innovation), spend (income elasticity) and capacity dynamics
// (spillover), bounds wide around the fixture's values.
func fourParams() []calibrate.Param {
	return []calibrate.Param{
		segParam("shop.imitation", 0, 0.05, 2, func(s *sim.Segment) *float64 { return &s.Imitation }),
		segParam("ride.innovation", 1, 0.001, 0.2, func(s *sim.Segment) *float64 { return &s.Innovation }),
		segParam("shop.income_elasticity", 0, 0, 3, func(s *sim.Segment) *float64 { return &s.IncomeElasticity }),
		{Name: "policy.spillover", Lo: 0, Hi: 1,
			Set: func(p *sim.Params, v float64) { p.Policy.Spillover = v },
			Get: func(p *sim.Params) float64 { return p.Policy.Spillover }},
	}
}

// truth is the fixture with the four parameters moved away from their
// fixture values (0.4, 0.02, 1.2, 0.3), so that a fit must move to find them.
var truthValues = []float64{0.55, 0.03, 1.5, 0.45}

// synthetic runs the fixture at the true values and returns observations
// of users and GMV of every member and segment, 2019-2024, optionally with
// multiplicative lognormal noise of standard deviation sd on the log scale.
func synthetic(t testing.TB, ps []calibrate.Param, truth []float64, sd float64, vars ...string) []calibrate.Observation {
	t.Helper()
	p := simtest.ThreeMembers()
	for i, prm := range ps {
		prm.Set(p, truth[i])
	}
	p.Time.End = 2024
	res, err := sim.Run(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(vars) == 0 {
		vars = []string{"users", "gmv"}
	}
	rng := rand.New(rand.NewChaCha8([32]byte{'c', 'a', 'l'}))
	var obs []calibrate.Observation
	for _, m := range res.Members {
		for _, s := range res.Segments {
			for _, v := range vars {
				l, err := series.Compile(res, series.Selector{Variable: v, Member: m, Segment: s})
				if err != nil {
					t.Fatal(err)
				}
				for k := 1; k < len(res.Steps); k++ {
					obs = append(obs, calibrate.Observation{
						Series: m + " " + v + " " + s, Time: res.Steps[k].Time,
						Value: l.At(&res.Steps[k]) * math.Exp(sd*rng.NormFloat64()), Model: l.At,
					})
				}
			}
		}
	}
	return obs
}

// TestRecoveryExact: data made by the model at known values are fitted
// back to them. Without noise the residual at the truth is zero, where
// Gauss-Newton converges quadratically; what is left is the forward-
// difference Jacobian (error about 1e-6 relative), so 1e-4 of each value
// is a loose bound, and RMSE of log values must be below 1e-5.
func TestRecoveryExact(t *testing.T) {
	ps := fourParams()
	obs := synthetic(t, ps, truthValues, 0)
	res, err := calibrate.Fit(context.Background(), calibrate.Problem{Base: simtest.ThreeMembers(), Params: ps, Obs: obs})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range res.Estimates {
		if math.Abs(e.Value-truthValues[i]) > 1e-4*truthValues[i] {
			t.Errorf("%s = %.9g, want %g", e.Name, e.Value, truthValues[i])
		}
		if !e.Identified || e.OnBound {
			t.Errorf("%s: identified %v, on bound %v; want identified, inside", e.Name, e.Identified, e.OnBound)
		}
	}
	if res.RMSELog > 1e-5 {
		t.Errorf("RMSE of log values %g, want < 1e-5", res.RMSELog)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("unexpected warnings: %q", res.Warnings)
	}
	// 3 members x 2 segments x 2 variables x 6 years.
	if len(res.Points) != 72 || len(res.Series) != 12 || res.DOF != 68 {
		t.Errorf("points %d, series %d, dof %d; want 72, 12, 68", len(res.Points), len(res.Series), res.DOF)
	}
	// The fixture's own values are the first start and are reported.
	if res.Estimates[0].Base != 0.4 || res.Starts[0].Initial[0] != 0.4 {
		t.Errorf("base value %v, first start %v; want the fixture's 0.4", res.Estimates[0].Base, res.Starts[0].Initial[0])
	}
}

// TestRecoveryNoisy: with 2% lognormal noise (fixed ChaCha8 seed) the
// estimates are within 4 standard errors of the truth (a correct SE puts
// a normal estimate outside with probability 6e-5), the SEs are small
// (under 10% of each value: 72 points for 4 parameters), and the residual
// standard deviation s estimates the noise: with 68 degrees of freedom
// s/sd has a standard deviation of about 1/sqrt(2*68) = 0.086, so [0.75,
// 1.25] is about three of them.
func TestRecoveryNoisy(t *testing.T) {
	const sd = 0.02
	ps := fourParams()
	obs := synthetic(t, ps, truthValues, sd)
	res, err := calibrate.Fit(context.Background(), calibrate.Problem{Base: simtest.ThreeMembers(), Params: ps, Obs: obs})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range res.Estimates {
		if d := math.Abs(e.Value - truthValues[i]); !(d <= 4*e.SE) {
			t.Errorf("%s = %.6g +- %.3g, want %g within 4 SE (off by %.3g)", e.Name, e.Value, e.SE, truthValues[i], d)
		}
		if !(e.SE < 0.1*truthValues[i]) {
			t.Errorf("%s: SE %g, want < 10%% of %g", e.Name, e.SE, truthValues[i])
		}
		if !(e.Lo95 < e.Value && e.Value < e.Hi95) {
			t.Errorf("%s: 95%% interval [%g, %g] does not hold the estimate %g", e.Name, e.Lo95, e.Hi95, e.Value)
		}
	}
	if r := res.Sigma / sd; r < 0.75 || r > 1.25 {
		t.Errorf("s = %g, want near the noise sd %g", res.Sigma, sd)
	}
}

// TestNotIdentified: cases built so that the data cannot determine a
// parameter.
func TestNotIdentified(t *testing.T) {
	t.Run("no observation depends on it", func(t *testing.T) {
		// Transactions per user and day of "ride" only scale trips,
		// which are not observed.
		ps := append(fourParams()[:2], segParam("ride.transactions_per_user_day", 1, 0.01, 1,
			func(s *sim.Segment) *float64 { return &s.TransactionsPerDay }))
		obs := synthetic(t, ps, []float64{0.55, 0.03, 0.23}, 0)
		res, err := calibrate.Fit(context.Background(), calibrate.Problem{Base: simtest.ThreeMembers(), Params: ps, Obs: obs, Starts: 3})
		if err != nil {
			t.Fatal(err)
		}
		e := res.Estimates[2]
		if e.Identified || !math.IsInf(e.SE, 1) || !strings.Contains(e.Note, "no observation depends on it") {
			t.Errorf("got identified %v, SE %v, note %q", e.Identified, e.SE, e.Note)
		}
		if !res.Estimates[0].Identified || !res.Estimates[1].Identified {
			t.Error("the identified parameters were flagged too")
		}
		if !hasWarning(res, "ride.transactions_per_user_day is not identified") {
			t.Errorf("warnings %q", res.Warnings)
		}
	})
	t.Run("only a product is determined", func(t *testing.T) {
		// With no cross-border trade, spend grows as (y/y0)^eps =
		// exp(eps * gy * (t - t0)): from shop GMV alone, only the
		// product of shop's income elasticity and AA's income growth is
		// determined (ride GMV, which would separate them, is not
		// observed; users do not depend on income).
		base := simtest.ThreeMembers()
		for s := range base.Segments {
			base.Segments[s].Tradability = 0
		}
		ps := []calibrate.Param{
			segParam("shop.income_elasticity", 0, 0.2, 3, func(s *sim.Segment) *float64 { return &s.IncomeElasticity }),
			{Name: "members.AA.income_growth", Lo: 0.005, Hi: 0.2,
				Set: func(p *sim.Params, v float64) { p.Members[0].IncomeGrowth = v }},
		}
		p := base.Clone()
		p.Time.End = 2024
		run, err := sim.Run(p)
		if err != nil {
			t.Fatal(err)
		}
		l, _ := series.Compile(run, series.Selector{Variable: "gmv", Member: "AA", Segment: "shop"})
		var obs []calibrate.Observation
		for k := 1; k < len(run.Steps); k++ {
			obs = append(obs, calibrate.Observation{Series: "AA gmv shop", Time: run.Steps[k].Time, Value: l.At(&run.Steps[k]) * 1.1, Model: l.At})
		}
		res, err := calibrate.Fit(context.Background(), calibrate.Problem{Base: base, Params: ps, Obs: obs, Starts: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Estimates {
			if e.Identified || !strings.Contains(e.Note, "trades off with") {
				t.Errorf("%s: identified %v, note %q; want a trade-off", e.Name, e.Identified, e.Note)
			}
		}
		if res.Condition < 1e6 {
			t.Errorf("condition number %g, want >= 1e6", res.Condition)
		}
	})
}

// TestOnBound: the truth (imitation 0.55) lies above the upper bound 0.5,
// so the estimate sits on that bound and the report says so.
func TestOnBound(t *testing.T) {
	ps := fourParams()[:2]
	ps[0].Hi = 0.5
	obs := synthetic(t, fourParams()[:2], truthValues[:2], 0)
	res, err := calibrate.Fit(context.Background(), calibrate.Problem{Base: simtest.ThreeMembers(), Params: ps, Obs: obs, Starts: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Estimates[0].OnBound || !hasWarning(res, "shop.imitation = 0.5") || !hasWarning(res, "sits on its upper bound") {
		t.Errorf("on bound %v, value %v, warnings %q", res.Estimates[0].OnBound, res.Estimates[0].Value, res.Warnings)
	}
}

// TestWorkersDeterministic: one worker or four give bit-identical results,
// since each start is independent and the best is chosen by cost, then
// index.
func TestWorkersDeterministic(t *testing.T) {
	ps := fourParams()
	obs := synthetic(t, ps, truthValues, 0.02)
	var got [][]float64
	for _, w := range []int{1, 4} {
		res, err := calibrate.Fit(context.Background(), calibrate.Problem{Base: simtest.ThreeMembers(), Params: ps, Obs: obs, Workers: w, Starts: 4})
		if err != nil {
			t.Fatal(err)
		}
		var v []float64
		for _, e := range res.Estimates {
			v = append(v, e.Value, e.SE)
		}
		got = append(got, v)
	}
	for i := range got[0] {
		if got[0][i] != got[1][i] {
			t.Fatalf("1 worker %v, 4 workers %v", got[0], got[1])
		}
	}
}

// TestBacktest: on noise-free data, a fit on 2019-2021 projects 2022-2024
// with the truth's values, so the out-of-sample error is as small as the
// in-sample one (below 1e-4 in log).
func TestBacktest(t *testing.T) {
	ps := fourParams()
	obs := synthetic(t, ps, truthValues, 0)
	bt, err := calibrate.Backtest(context.Background(), calibrate.Problem{Base: simtest.ThreeMembers(), Params: ps, Obs: obs, Starts: 3}, 2021)
	if err != nil {
		t.Fatal(err)
	}
	held := 0
	for _, p := range bt.Points {
		if p.Held != (p.Time > 2021) {
			t.Errorf("point at %v: held %v", p.Time, p.Held)
		}
		if p.Held {
			held++
		}
	}
	if held != 36 || len(bt.Test) != 12 {
		t.Errorf("held %d points in %d series, want 36 in 12", held, len(bt.Test))
	}
	if bt.TestRMSE > 1e-4 || bt.TrainRMSE > 1e-4 {
		t.Errorf("RMSE train %g, test %g; want < 1e-4", bt.TrainRMSE, bt.TestRMSE)
	}
	if _, err := calibrate.Backtest(context.Background(), calibrate.Problem{Base: simtest.ThreeMembers(), Params: ps, Obs: obs}, 2024); err == nil ||
		!strings.Contains(err.Error(), "no observations after 2024") {
		t.Errorf("training on everything: got %v", err)
	}
}

// TestProblemErrors: malformed problems are refused with what is wrong.
func TestProblemErrors(t *testing.T) {
	good := synthetic(t, fourParams(), truthValues, 0)[:3]
	bad := func(f func(*calibrate.Observation)) []calibrate.Observation {
		o := append([]calibrate.Observation(nil), good...)
		f(&o[1])
		return o
	}
	ps := fourParams()
	cases := []struct {
		name   string
		params []calibrate.Param
		obs    []calibrate.Observation
		want   string
	}{
		{"no params", nil, good, "no parameters to fit"},
		{"no data", ps, nil, "no observations"},
		{"twice", append(fourParams(), fourParams()[0]), good, "shop.imitation listed twice"},
		{"bounds", []calibrate.Param{{Name: "x", Lo: 1, Hi: 1, Set: func(*sim.Params, float64) {}}}, good, "x: bounds [1, 1]"},
		{"infinite bound", []calibrate.Param{{Name: "x", Lo: 0, Hi: math.Inf(1), Set: func(*sim.Params, float64) {}}}, good, "must be finite"},
		{"no setter", []calibrate.Param{{Name: "x", Lo: 0, Hi: 1}}, good, "x has no setter"},
		{"zero value", ps, bad(func(o *calibrate.Observation) { o.Value = 0 }), "value 0; log fitting needs"},
		{"negative weight", ps, bad(func(o *calibrate.Observation) { o.Weight = -1 }), "weight -1"},
		{"off grid", ps, bad(func(o *calibrate.Observation) { o.Time = 2019.5 }), "time 2019.5 is not an output time"},
		{"before base", ps, bad(func(o *calibrate.Observation) { o.Time = 2015 }), "time 2015 is not an output time"},
		{"after horizon", ps, bad(func(o *calibrate.Observation) { o.Time = 2040 }), "outside the scenario's time axis [2018, 2030]"},
		{"model zero", ps, bad(func(o *calibrate.Observation) { o.Model = func(*sim.Snapshot) float64 { return 0 } }), "the base scenario gives 0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := calibrate.Fit(context.Background(), calibrate.Problem{Base: simtest.ThreeMembers(), Params: c.params, Obs: c.obs})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}

// TestCancel: a cancelled context stops the fit with its error.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := calibrate.Fit(ctx, calibrate.Problem{Base: simtest.ThreeMembers(), Params: fourParams(), Obs: synthetic(t, fourParams(), truthValues, 0)})
	if err != context.Canceled {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// TestEvaluate: the fixture compared with data made by itself has zero
// error.
func TestEvaluate(t *testing.T) {
	obs := synthetic(t, nil, nil, 0)
	pts, per, rmse, err := calibrate.Evaluate(simtest.ThreeMembers(), obs)
	if err != nil {
		t.Fatal(err)
	}
	// The synthetic run ends in 2024, the fixture in 2030: RK4 steps are
	// the same up to 2024, so the values agree to rounding.
	if rmse > 1e-12 || len(pts) != len(obs) || len(per) != 12 {
		t.Errorf("rmse %g, %d points, %d series", rmse, len(pts), len(per))
	}
}

func hasWarning(res *calibrate.Result, s string) bool {
	for _, w := range res.Warnings {
		if strings.Contains(w, s) {
			return true
		}
	}
	return false
}

// BenchmarkFitRegion: six parameters of an ASEAN-size synthetic region
// (10 members, 4 segments, 11 pillars) fitted to its own users and GMV by
// segment, 2019-2021, from 6 starts.
func BenchmarkFitRegion(b *testing.B) {
	base := simtest.Region(10, 4, 11)
	var ps []calibrate.Param
	for s := range 3 {
		ps = append(ps, segParam("imitation", s, 0.05, 2, func(g *sim.Segment) *float64 { return &g.Imitation }))
		ps[len(ps)-1].Name = base.Segments[s].ID + ".imitation"
		ps = append(ps, segParam("income_elasticity", s, 0, 3, func(g *sim.Segment) *float64 { return &g.IncomeElasticity }))
		ps[len(ps)-1].Name = base.Segments[s].ID + ".income_elasticity"
	}
	truth := base.Clone()
	for i, prm := range ps {
		prm.Set(truth, prm.Get(base)*(1+0.2*float64(i%2*2-1)))
	}
	truth.Time.End = 2021
	run, err := sim.Run(truth)
	if err != nil {
		b.Fatal(err)
	}
	var obs []calibrate.Observation
	for _, v := range []string{"gmv", "users"} {
		for _, s := range run.Segments {
			l, _ := series.Compile(run, series.Selector{Variable: v, Segment: s})
			for k := 1; k < len(run.Steps); k++ {
				obs = append(obs, calibrate.Observation{Series: v + " " + s, Time: run.Steps[k].Time, Value: l.At(&run.Steps[k]), Model: l.At})
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := calibrate.Fit(context.Background(), calibrate.Problem{Base: base, Params: ps, Obs: obs}); err != nil {
			b.Fatal(err)
		}
	}
}
