package eq

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The properties the engine relies on, beyond the formulas themselves
// (which sim's tests and the numpy cross-check hold to MODEL.md): no
// potential gives no ratio, alpha = 0 leaves harmonisation as it is bit
// for bit (the shipped scenarios' outputs from before alpha existed), the
// weaker side limits a flow whichever side it is, and Lesser is min.
func TestProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		h, a, b := rng.Float64(), rng.Float64(), rng.Float64()
		if got := Access(0, h); math.Float64bits(got) != math.Float64bits(h) {
			t.Fatalf("Access(0, %v) = %v", h, got)
		}
		if Lesser(a, b) != min(a, b) {
			t.Fatalf("Lesser(%v, %v) = %v", a, b, Lesser(a, b))
		}
		if Flow(h, a, a, b) != Flow(h, a, b, a) {
			t.Fatalf("Flow depends on which side is weaker: %v, %v", a, b)
		}
	}
	for _, M := range []float64{0, -1, math.Copysign(0, -1)} {
		if got := Ratio(5, M); got != 0 {
			t.Errorf("Ratio(5, %v) = %v, want 0", M, got)
		}
	}
	if got := Ratio(3, 4); got != 0.75 {
		t.Errorf("Ratio(3, 4) = %v", got)
	}
	// The logistic and Bass rates vanish at their fixed points.
	if OnlineRate(0.3, 0.9, 0.9) != 0 || AdoptionRate(0.01, 0.4, 0.5, 7, 7) != 0 {
		t.Error("a rate is not zero at its fixed point")
	}
}
