package calibrate_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/calibrate"
	"github.com/digisim/digisim/sim/series"
	"github.com/digisim/digisim/sim/simtest"
)

// Recovery of model v2's parameters: GMV of every member and segment of a
// v2 run, 2019-2028, perturbed with lognormal noise (sd 0.03), and fitted
// from other starting values, gives back the true deepening, spend drift
// and imitation within their reported 95% intervals.
func TestRecoveryV2(t *testing.T) {
	v2 := func() *sim.Params {
		p := simtest.ThreeMembers()
		p.Model = sim.V2
		return p
	}
	ps := []calibrate.Param{
		{Name: "shop.deepening", Lo: 0, Hi: 2,
			Set: func(p *sim.Params, v float64) { p.Segments[0].Deepening = v },
			Get: func(p *sim.Params) float64 { return p.Segments[0].Deepening }},
		{Name: "BB.spend_drift", Lo: -0.3, Hi: 0.3,
			Set: func(p *sim.Params, v float64) { p.Members[1].SpendDrift = v },
			Get: func(p *sim.Params) float64 { return p.Members[1].SpendDrift }},
		segParam("ride.imitation", 1, 0.05, 2, func(s *sim.Segment) *float64 { return &s.Imitation }),
	}
	truth := []float64{0.25, 0.03, 0.7}
	p := v2()
	for i, prm := range ps {
		prm.Set(p, truth[i])
	}
	p.Time.End = 2028
	res, err := sim.Run(p)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewChaCha8([32]byte{'v', '2'}))
	var obs []calibrate.Observation
	for _, m := range res.Members {
		for _, s := range res.Segments {
			l, err := series.Compile(res, series.Selector{Variable: "gmv", Member: m, Segment: s})
			if err != nil {
				t.Fatal(err)
			}
			for k := 1; k < len(res.Steps); k++ {
				obs = append(obs, calibrate.Observation{Series: m + " gmv " + s, Time: res.Steps[k].Time,
					Value: l.At(&res.Steps[k]) * math.Exp(0.03*rng.NormFloat64()), Model: l.At})
			}
		}
	}
	fit, err := calibrate.Fit(context.Background(), calibrate.Problem{Base: v2(), Params: ps, Obs: obs, Starts: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range fit.Estimates {
		if !(e.Lo95 <= truth[i] && truth[i] <= e.Hi95) || !e.Identified {
			t.Errorf("%s: estimate %.4g, 95%% [%.4g, %.4g], truth %v (identified %v)", e.Name, e.Value, e.Lo95, e.Hi95, truth[i], e.Identified)
		}
		// The start (the fixture's 0, 0, 0.5) is away from the truth, so
		// passing means the fit moved there.
		if math.Abs(e.Value-truth[i]) > 0.5*math.Abs(e.Base-truth[i]) {
			t.Errorf("%s: estimate %.4g did not move from %.4g towards %v", e.Name, e.Value, e.Base, truth[i])
		}
	}
}
