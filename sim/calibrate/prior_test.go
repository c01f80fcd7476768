package calibrate_test

import (
	"context"
	"math"
	"testing"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/calibrate"
	"github.com/digisim/digisim/sim/simtest"
)

// driftProblem fits member 0's v2 spend drift d to one observation of its
// GMV in segment 0 at t1. log G(t1) = a + d (t1 - t0) exactly (spend drift
// multiplies spend by exp(d (t - t0)) and touches nothing else), so with a
// prior N(mu, sd^2) the penalised least-squares estimate has the closed form
//
//	d* = (T (log y - a) + mu / sd^2) / (T^2 + 1/sd^2),  T = t1 - t0,
//
// where a is log G(t1) at d = 0.
func driftProblem(t *testing.T, y float64, prior calibrate.Prior) (calibrate.Problem, float64, float64) {
	t.Helper()
	p := simtest.ThreeMembers()
	p.Model = sim.V2
	p.Time.End = 2024
	res, err := sim.Run(p)
	if err != nil {
		t.Fatal(err)
	}
	k := len(res.Steps) - 1
	gmv := func(sn *sim.Snapshot) float64 { return sn.GMV[0] }
	a := math.Log(gmv(&res.Steps[k]))
	T := res.Steps[k].Time - p.Time.Start
	pr := calibrate.Problem{
		Base: p, Starts: 2, Workers: 1,
		Params: []calibrate.Param{{
			Name: "members.0.spend_drift", Lo: -0.5, Hi: 0.5, Prior: prior,
			Set: func(q *sim.Params, v float64) { q.Members[0].SpendDrift = v },
			Get: func(q *sim.Params) float64 { return q.Members[0].SpendDrift },
		}},
		Obs: []calibrate.Observation{{Series: "gmv", Time: res.Steps[k].Time, Value: y, Model: gmv}},
	}
	return pr, a, T
}

func TestPriorClosedForm(t *testing.T) {
	for _, tc := range []struct {
		name   string
		growth float64 // observed log gap per year, log(y)-a = growth*T
		prior  calibrate.Prior
	}{
		{"weak prior", 0.08, calibrate.Prior{Mean: 0, SD: 1}},
		{"strong prior", 0.08, calibrate.Prior{Mean: 0, SD: 0.01}},
		{"prior off zero", -0.05, calibrate.Prior{Mean: 0.02, SD: 0.03}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pr, a, T := driftProblem(t, 1, tc.prior)
			y := math.Exp(a + tc.growth*T)
			pr.Obs[0].Value = y
			res, err := calibrate.Fit(context.Background(), pr)
			if err != nil {
				t.Fatal(err)
			}
			s2 := tc.prior.SD * tc.prior.SD
			want := (T*(math.Log(y)-a) + tc.prior.Mean/s2) / (T*T + 1/s2)
			// Gauss-Newton on an exactly linear problem converges to the
			// optimum; 1e-6 covers the logistic transform's and the finite
			// differences' rounding.
			if got := res.Estimates[0].Value; math.Abs(got-want) > 1e-6 {
				t.Errorf("estimate %.9f, want the closed form %.9f", got, want)
			}
			// One observation and one prior for one parameter: 1 degree of freedom.
			if res.DOF != 1 {
				t.Errorf("DOF %d, want 1 (the prior counts as an observation)", res.DOF)
			}
		})
	}
}

func TestPriorValidated(t *testing.T) {
	pr, _, _ := driftProblem(t, 1e9, calibrate.Prior{Mean: 0, SD: -1})
	if _, err := calibrate.Fit(context.Background(), pr); err == nil {
		t.Fatal("a negative prior sd was accepted")
	}
}
