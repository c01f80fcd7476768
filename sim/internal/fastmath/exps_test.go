package fastmath

import (
	"math"
	"math/rand/v2"
)

// expArgs returns n arguments: most in the model's range, some up to the
// fallback at 700 and beyond, and every special value at random places.
func expArgs(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 7))
	special := []float64{0, math.Copysign(0, -1), 699.999, -699.999, 700, -700, 710, -746, -800,
		math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -5e-324, math.MaxFloat64, -math.MaxFloat64}
	x := make([]float64, n)
	for k := range x {
		switch {
		case k%97 == 13:
			x[k] = special[rng.IntN(len(special))]
		case k%4 == 0:
			x[k] = (rng.Float64() - 0.5) * 1399
		default:
			x[k] = (rng.Float64() - 0.5) * 100
		}
	}
	return x
}

// sameBits reports whether a and b are the same float64, NaNs alike (the
// Go loops fuse only where they call math.FMA, as the kernels do, on
// every build: scripts/unfused.sh).
func sameBits(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
}

// logArgs returns n arguments: capacities in (0, 1], numbers across the
// whole range, and every special value at random places.
func logArgs(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 9))
	special := []float64{0, math.Copysign(0, -1), -1, math.Inf(1), math.Inf(-1), math.NaN(), 5e-324,
		2.2250738585072014e-308, 2.225073858507201e-308, math.MaxFloat64, 1, math.Nextafter(1, 0), math.Nextafter(1, 2), 2}
	x := make([]float64, n)
	for k := range x {
		switch {
		case k%97 == 13:
			x[k] = special[rng.IntN(len(special))]
		case k%3 == 0:
			x[k] = math.Exp2(rng.Float64()*2040 - 1020)
		default:
			x[k] = rng.Float64()
		}
	}
	return x
}
