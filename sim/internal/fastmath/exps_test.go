package fastmath

import (
	"math"
	"math/rand/v2"
	"testing"
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

// sameBits reports whether a and b are the same float64, NaNs alike; where
// the compiler may fuse the Go loop's multiply-adds (not exactBuild), it
// allows them 1 ulp apart.
func sameBits(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b) ||
		!exactBuild && ulps(a, b) <= 1
}

// TestExpsVectorEqualsGo: Exps (four at a time with AVX2 where the
// processor has it, the Go loop otherwise or with -tags purego) gives the
// Go loop's bits on a million points with special values among them, and
// is within 3 ulp of math.Exp there; and on every length up to 70, in
// place and not, at every offset of a special value.
func TestExpsVectorEqualsGo(t *testing.T) {
	t.Logf("AVX2 kernel in use: %v", useAVX2)
	x := expArgs(1_000_000, 1)
	got, want := make([]float64, len(x)), make([]float64, len(x))
	Exps(got, x)
	exps(want, x)
	worst := 0.0
	for k, v := range x {
		if !sameBits(got[k], want[k]) {
			t.Fatalf("Exps(%v) = %v, the Go loop %v", v, got[k], want[k])
		}
		m := math.Exp(v)
		if !(ulps(got[k], m) <= 3 || math.IsNaN(got[k]) && math.IsNaN(m)) {
			t.Fatalf("Exps(%v) = %v, math.Exp %v", v, got[k], m)
		}
		if !math.IsNaN(m) {
			worst = math.Max(worst, ulps(got[k], m))
		}
	}
	t.Logf("worst against math.Exp: %.2f ulp", worst)
	for n := range 71 {
		for _, at := range []int{-1, 0, n / 2, n - 1} {
			x := expArgs(n, uint64(n))
			if at >= 0 && n > 0 {
				x[at] = math.NaN()
			}
			want := make([]float64, n)
			exps(want, x)
			got := make([]float64, n)
			Exps(got, x)
			Exps(x, x) // in place
			for k := range want {
				if !sameBits(got[k], want[k]) || !sameBits(x[k], want[k]) {
					t.Fatalf("length %d, NaN at %d: value %d is %v (in place %v), want %v", n, at, k, got[k], x[k], want[k])
				}
			}
		}
	}
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

// TestLogsVectorEqualsGo is TestExpsVectorEqualsGo for Logs, against
// math.Log within 3 ulp where |log x| > 1/2 (TestLog gives the bound near
// 1), and for InvSqrts against 1/math.Sqrt bit for bit.
func TestLogsVectorEqualsGo(t *testing.T) {
	x := logArgs(1_000_000, 1)
	got, want := make([]float64, len(x)), make([]float64, len(x))
	Logs(got, x)
	logs(want, x)
	for k, v := range x {
		if !sameBits(got[k], want[k]) {
			t.Fatalf("Logs(%v) = %v, the Go loop %v", v, got[k], want[k])
		}
		if m := math.Log(v); math.Abs(m) > 0.5 && !(ulps(got[k], m) <= 3 || math.IsNaN(got[k]) && math.IsNaN(m)) {
			t.Fatalf("Logs(%v) = %v, math.Log %v", v, got[k], m)
		}
	}
	InvSqrts(got, x)
	for k, v := range x {
		if w := 1 / math.Sqrt(v); !sameBits(got[k], w) {
			t.Fatalf("InvSqrts(%v) = %v, 1/math.Sqrt %v", v, got[k], w)
		}
	}
	for n := range 71 {
		for _, at := range []int{-1, 0, n / 2, n - 1} {
			x := logArgs(n, uint64(n))
			if at >= 0 && n > 0 {
				x[at] = -1
			}
			want := make([]float64, n)
			logs(want, x)
			got := make([]float64, n)
			Logs(got, x)
			inv := make([]float64, n)
			InvSqrts(inv, x)
			Logs(x, x) // in place
			for k := range want {
				if !sameBits(got[k], want[k]) || !sameBits(x[k], want[k]) {
					t.Fatalf("length %d, -1 at %d: value %d is %v (in place %v), want %v", n, at, k, got[k], x[k], want[k])
				}
			}
			x = logArgs(n, uint64(n))
			for k, v := range x {
				if w := 1 / math.Sqrt(v); !sameBits(inv[k], w) && !(at >= 0 && k == at) {
					t.Fatalf("length %d: InvSqrts[%d] of %v = %v, want %v", n, k, v, inv[k], w)
				}
			}
		}
	}
}
