package fastmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestFMAEmu compares fmaEmu's bits with math.FMA's (the oracle: exact
// integer arithmetic in software, or the processor's instruction) on
// random triples across the whole exponent range, on the cases where one
// rounding differs from two (the exact sum within an ulp's fraction of a
// tie, cancellation of x*y by z, z far below x*y), near the bounds of the
// range fmaEmu serves itself, and on zeros, subnormals, infinities and
// NaN. It runs on every platform; in WebAssembly (GOOS=js GOARCH=wasm,
// where fma is fmaEmu) it checks the build that uses it.
func TestFMAEmu(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 200_000
	}
	rng := rand.New(rand.NewPCG(24, 5))
	fails := 0
	check := func(x, y, z float64) {
		got, want := fmaEmu(x, y, z), math.FMA(x, y, z)
		if !sameBits(got, want) && fails < 10 {
			fails++
			t.Errorf("fmaEmu(%x, %x, %x) = %x, math.FMA %x", x, y, z, got, want)
		}
	}
	// Random significand and sign, exponent in [-lim, lim).
	val := func(lim int) float64 {
		m := 1 + rng.Float64()
		if rng.IntN(2) == 0 {
			m = -m
		}
		return math.Ldexp(m, rng.IntN(2*lim)-lim)
	}
	special := []float64{0, math.Copysign(0, -1), 5e-324, -5e-324, 2.2250738585072014e-308,
		math.MaxFloat64, -math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(), 1, -1,
		0x1p-450, -0x1p-450, math.Nextafter(0x1p-450, 0), 0x1p450, math.Nextafter(0x1p450, 0), -0x1p450,
		0x1p-900, 0x1p900, 0x1p-1000, 0x1p1000}
	for k := range n {
		var x, y, z float64
		switch k % 8 {
		case 0: // anywhere, overflow and underflow included
			x, y, z = val(1100), val(1100), val(1100)
		case 1: // magnitudes as in the model's loops
			x, y, z = val(60), val(60), val(60)
		case 2: // z cancels most of x*y: the result is x*y's rounding error and below
			x, y = val(400), val(400)
			z = -float64(x * y)
			z = math.Float64frombits(math.Float64bits(z) + uint64(rng.IntN(5)) - 2)
		case 3: // x*y exact in 106 bits and z at a tie of the sum (or an ulp of the tail off it)
			x, y = val(200), val(200)
			p := float64(x * y)
			ulp := math.Abs(math.Nextafter(p, math.Inf(1)) - p)
			z = ulp * (float64(rng.IntN(8)) - 3.5) * math.Ldexp(1, rng.IntN(6)-2)
		case 4: // z far below x*y, where its sign decides the rounding
			x, y = val(200), val(200)
			z = math.Ldexp(val(1), math.Ilogb(x*y)-53-rng.IntN(80))
		case 5: // near the bounds of fmaEmu's range, inside and out
			x, y, z = val(8)*0x1p450, val(8)*0x1p-450, val(460)
			if rng.IntN(2) == 0 {
				x, y = y, x
			}
		case 6: // short significands: products and sums exact or at ties
			x = math.Ldexp(float64(rng.IntN(1<<27)+1), rng.IntN(100)-50)
			y = math.Ldexp(float64(rng.IntN(1<<27)+1), rng.IntN(100)-50)
			z = math.Ldexp(float64(rng.IntN(1<<27)+1)*float64(rng.IntN(3)-1), rng.IntN(160)-80)
		default: // special values mixed in
			x, y, z = val(60), val(60), val(60)
			switch rng.IntN(3) {
			case 0:
				x = special[rng.IntN(len(special))]
			case 1:
				y = special[rng.IntN(len(special))]
			default:
				z = special[rng.IntN(len(special))]
			}
		}
		check(x, y, z)
	}
	for _, x := range special {
		for _, y := range special {
			for _, z := range special {
				check(x, y, z)
			}
		}
	}
}

// TestFMA checks that the fma the loops use, whichever the build selects,
// is math.FMA bit for bit.
func TestFMA(t *testing.T) {
	rng := rand.New(rand.NewPCG(24, 6))
	for range 100_000 {
		x, y, z := (rng.Float64()-0.5)*1e3, (rng.Float64()-0.5)*1e-3, rng.NormFloat64()
		if got, want := fma(x, y, z), math.FMA(x, y, z); !sameBits(got, want) {
			t.Fatalf("fma(%x, %x, %x) = %x, math.FMA %x", x, y, z, got, want)
		}
	}
}

func BenchmarkFMAEmu(b *testing.B) { benchFMA(b, fmaEmu) }
func BenchmarkFMA(b *testing.B)    { benchFMA(b, fma) }
func BenchmarkMathFMA(b *testing.B) {
	benchFMA(b, math.FMA)
}

func benchFMA(b *testing.B, f func(x, y, z float64) float64) {
	x := benchArgs(1024)
	s := 0.0
	for b.Loop() {
		for i := 0; i+2 < len(x); i++ {
			s = f(x[i], x[i+1], s*1e-3+x[i+2])
		}
	}
	sink = s
}
