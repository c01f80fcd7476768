package sim_test

import (
	"math"
	"testing"

	. "github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/simtest"
)

// TestCESLimit: readiness (MODEL.md, equation 4) is continuous through
// rho = 0. For rho from 1e-300 to 1e-3, of either sign, the base year's
// readiness of a run is compared with the CES aggregate written so that
// it loses nothing to rounding near 0, log R = log1p(sum_k w_k
// expm1(rho log c_k)) / rho, and with its limit, the weighted geometric
// mean (log R = sum_k w_k log c_k). Before the engine took the limit below
// a tolerance, rho = 1e-300 gave readiness 1 and rho = 1e-16 was 80% off.
func TestCESLimit(t *testing.T) {
	p := simtest.ThreeMembers()
	p.Time.End = p.Time.Start + 1
	const s = 0 // "shop": weights 1, 2, 1 on three pillars
	w := p.Segments[s].Weights
	sumW := w[0] + w[1] + w[2]
	S := len(p.Segments)
	for _, mag := range []float64{1e-300, 1e-100, 1e-20, 1e-16, 1e-12, 1e-10, 1e-9, 3e-9, 1e-8, 3e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3} {
		for _, rho := range []float64{mag, -mag} {
			q := p.Clone()
			q.Segments[s].Complementarity = rho
			res, err := Run(q)
			if err != nil {
				t.Fatalf("rho %g: %v", rho, err)
			}
			for i, mb := range q.Members {
				limit, sum := 0.0, 0.0
				for k, c := range mb.Capacity {
					limit += w[k] / sumW * math.Log(c)
					sum += w[k] / sumW * math.Expm1(rho*math.Log(c))
				}
				exact := math.Log1p(sum) / rho
				got := math.Log(res.Steps[0].Readiness[i*S+s])
				// The limit is within |rho| Var(log c) / 2 of the exact
				// value; the engine within 5e-8 of it (rounding of
				// Q^(1/rho) above the tolerance, the limit below).
				if d := math.Abs(got - exact); !(d <= 5e-8) {
					t.Errorf("rho %g, member %s: log R = %.17g, exact %.17g (limit %.17g): off by %.2g", rho, mb.ID, got, exact, limit, d)
				}
				if d := math.Abs(got - limit); mag <= 1e-9 && !(d <= 1e-8) {
					t.Errorf("rho %g, member %s: log R = %.17g, limit %.17g: off by %.2g", rho, mb.ID, got, limit, d)
				}
			}
		}
	}
}
