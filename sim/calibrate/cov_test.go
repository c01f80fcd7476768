package calibrate_test

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/calibrate"
	"github.com/digisim/digisim/sim/simtest"
)

// Result.Cov is s^2 (J^T J)^-1: recomputed here from a Jacobian of our own
// (central differences of the log model values, steps of 1e-5 relative)
// and a direct inverse, not the SVD the package uses. The two Jacobians
// differ by their truncation errors (about 1e-8 relative here), so the
// entries agree to 1e-4 of the diagonal scale; the correlations of the
// four parameters (0.1 to 0.9 in size) must be reproduced, and the
// diagonal is the square of the reported SEs.
func TestCovariance(t *testing.T) {
	ps := fourParams()
	obs := synthetic(t, ps, truthValues, 0.02)
	base := simtest.ThreeMembers()
	res, err := calibrate.Fit(context.Background(), calibrate.Problem{Base: base, Params: ps, Obs: obs, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	n := len(ps)
	if len(res.Cov) != n {
		t.Fatalf("Cov has %d rows, want %d", len(res.Cov), n)
	}
	logModel := func(th []float64) []float64 {
		p := base.Clone()
		for i, prm := range ps {
			prm.Set(p, th[i])
		}
		p.Time.End = 2024
		r, err := sim.Run(p)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]float64, len(obs))
		for j, o := range obs {
			k, _ := r.StepAt(o.Time)
			out[j] = math.Log(o.Model(&r.Steps[k]))
		}
		return out
	}
	th := make([]float64, n)
	for i, e := range res.Estimates {
		th[i] = e.Value
	}
	J := mat.NewDense(len(obs), n, nil)
	for i := range n {
		h := 1e-5 * math.Abs(th[i])
		up, dn := append([]float64(nil), th...), append([]float64(nil), th...)
		up[i] += h
		dn[i] -= h
		a, b := logModel(up), logModel(dn)
		for j := range obs {
			J.Set(j, i, (a[j]-b[j])/(2*h))
		}
	}
	var jtj, inv mat.Dense
	jtj.Mul(J.T(), J)
	if err := inv.Inverse(&jtj); err != nil {
		t.Fatal(err)
	}
	s2 := res.Sigma * res.Sigma
	maxCorr := 0.0
	for a := range n {
		if se := math.Sqrt(res.Cov[a][a]); math.Abs(se/res.Estimates[a].SE-1) > 1e-12 {
			t.Errorf("sqrt(Cov[%d][%d]) = %v, SE %v", a, a, se, res.Estimates[a].SE)
		}
		for b := range n {
			want := s2 * inv.At(a, b)
			scale := math.Sqrt(s2 * s2 * inv.At(a, a) * inv.At(b, b))
			if d := math.Abs(res.Cov[a][b] - want); d > 1e-4*scale {
				t.Errorf("Cov[%d][%d] = %.6g, recomputed %.6g", a, b, res.Cov[a][b], want)
			}
			if res.Cov[a][b] != res.Cov[b][a] {
				t.Errorf("Cov not symmetric at %d,%d", a, b)
			}
			if a != b {
				maxCorr = math.Max(maxCorr, math.Abs(want/scale))
			}
		}
	}
	if maxCorr < 0.1 {
		t.Errorf("largest correlation %.3g: the test needs correlated estimates to mean anything", maxCorr)
	}
	t.Logf("largest correlation between estimates: %.3f", maxCorr)
}
