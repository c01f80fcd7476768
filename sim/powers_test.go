package sim

import (
	"math"
	"testing"
)

// TestCESFastPaths: every exponent with a fast path gives the CES aggregate
// of equation 4 as math.Pow computes it (the limit rho -> 0 is the weighted
// geometric mean). Tolerance: a few ulps of log R, from different rounding.
func TestCESFastPaths(t *testing.T) {
	c := []float64{0.9, 0.35, 0.6, 0.05}
	w := []float64{0.1, 0.4, 0.5, 0} // normalised; the last pillar inactive
	active := []int{0, 1, 2}
	for _, rho := range []float64{0, -1, -0.5, 0.5, 1, -2, -0.3, 2.5} {
		p := &Params{Segments: []Segment{{Complementarity: rho}}}
		pw := newPowers(p, 1, len(c))
		pw.fill(c)
		got := math.Exp(pw.logCES(0, 0, w, active))
		var want float64
		if rho == 0 {
			want = 1
			for _, k := range active {
				want *= math.Pow(c[k], w[k])
			}
		} else {
			sum := 0.0
			for _, k := range active {
				sum += w[k] * math.Pow(c[k], rho)
			}
			want = math.Pow(sum, 1/rho)
		}
		if math.Abs(got-want) > 1e-14 {
			t.Errorf("rho=%v: R = %v, math.Pow gives %v", rho, got, want)
		}
	}
}
