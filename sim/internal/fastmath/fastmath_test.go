package fastmath

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// Log and Exp are the batch functions on one value.
func Log(x float64) float64 {
	v := []float64{x}
	Logs(v, v)
	return v[0]
}

func Exp(x float64) float64 {
	v := []float64{x}
	Exps(v, v)
	return v[0]
}

// ulps returns |got - want| in units of want's last place.
func ulps(got, want float64) float64 {
	if got == want {
		return 0
	}
	ulp := math.Nextafter(math.Abs(want), math.Inf(1)) - math.Abs(want)
	return math.Abs(got-want) / ulp
}

// TestLog compares Log with math.Log (itself within 1 ulp of the true
// value) over a million points spread over the capacities the model takes,
// (0, 1], and beyond. Where |log x| < 1 the error is absolute (what
// matters where logs feed a weighted sum), so the bound is on
// |error| / max(1, |log x|); where |log x| > 1/2 also in ulps. Seen: 2.2e-16
// and 2 ulp; the bounds leave a margin for math.Log's own error.
func TestLog(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	worstUlp, worstScaled := 0.0, 0.0
	for n := range 1_000_000 {
		var x float64
		switch n % 3 {
		case 0:
			x = rng.Float64() // (0, 1]: capacities
		case 1:
			x = math.Exp2(rng.Float64()*200 - 100)
		default:
			x = 1 + (rng.Float64()-0.5)*1e-3 // close to 1
		}
		if x == 0 {
			continue
		}
		got, want := Log(x), math.Log(x)
		worstScaled = math.Max(worstScaled, math.Abs(got-want)/math.Max(1, math.Abs(want)))
		if math.Abs(want) > 0.5 {
			worstUlp = math.Max(worstUlp, ulps(got, want))
		}
	}
	t.Logf("worst: %.2f ulp (|log x| > 1/2), %.3g of max(1, |log x|)", worstUlp, worstScaled)
	if worstUlp > 3 || worstScaled > 4.5e-16 {
		t.Errorf("Log: worst %.2f ulp, %.3g scaled; want <= 3 ulp, <= 4.5e-16", worstUlp, worstScaled)
	}
}

// TestExp compares Exp with math.Exp (itself within 1 ulp) over the range
// the model uses (|x| < 50) and up to the fallback at 700.
func TestExp(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	worst := 0.0
	for n := range 1_000_000 {
		x := (rng.Float64() - 0.5) * 100
		if n%4 == 0 {
			x = (rng.Float64() - 0.5) * 1399
		}
		worst = math.Max(worst, ulps(Exp(x), math.Exp(x)))
	}
	t.Logf("worst: %.2f ulp", worst) // seen: 2
	if worst > 3 {
		t.Errorf("Exp: worst %.2f ulp, want <= 3", worst)
	}
}

// TestSpecialValues: what the tables do not serve is math's answer, and
// the table boundaries are exact where the logarithm is.
func TestSpecialValues(t *testing.T) {
	for _, x := range []float64{0, -1, math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, 2.2250738585072014e-308, math.MaxFloat64} {
		if got, want := Log(x), math.Log(x); !(ulps(got, want) <= 4 || math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("Log(%v) = %v, math.Log %v", x, got, want)
		}
	}
	for _, x := range []float64{0, 700, -700, 710, -746, math.Inf(1), math.Inf(-1), math.NaN()} {
		if got, want := Exp(x), math.Exp(x); !(ulps(got, want) <= 2 || math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("Exp(%v) = %v, math.Exp %v", x, got, want)
		}
	}
	if Log(1) != 0 || Exp(0) != 1 {
		t.Errorf("Log(1) = %v, Exp(0) = %v; want 0 and 1 exactly", Log(1), Exp(0))
	}
	// Either side of 1, log x = x - 1 - (x-1)^2/2 to rounding.
	for _, x := range []float64{math.Nextafter(1, 0), math.Nextafter(1, 2), 1 - 1e-9, 1 + 1e-9} {
		d := x - 1
		if got, want := Log(x), d-d*d/2; ulps(got, want) > 1 {
			t.Errorf("Log(%v) = %v, want %v", x, got, want)
		}
	}
}

var sink float64

// The model's arguments: capacities in (0, 1] for Log, small exponents for
// Exp; 80 values (one run), 320 and 640 (batches of 8 runs).
func benchArgs(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = 0.15 + 0.85*float64(i%80)/80
	}
	return v
}

var args = benchArgs(80)

func BenchmarkMathLog(b *testing.B) {
	for b.Loop() {
		for _, x := range args {
			sink += math.Log(x)
		}
	}
}

func BenchmarkMathExp(b *testing.B) {
	for b.Loop() {
		for _, x := range args {
			sink += math.Exp(-x)
		}
	}
}

var out = make([]float64, len(args))

// benchPaths runs f on every path this processor has and every length,
// reporting ns per value.
func benchPaths(b *testing.B, f func(dst, x []float64)) {
	for _, p := range paths() {
		for _, n := range []int{80, 320, 640} {
			b.Run(fmt.Sprintf("%s/%d", p.name, n), func(b *testing.B) {
				defer p.use()()
				x, dst := benchArgs(n), make([]float64, n)
				for b.Loop() {
					f(dst, x)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/value")
			})
		}
	}
}

func BenchmarkLogs(b *testing.B) { benchPaths(b, Logs) }

func BenchmarkExps(b *testing.B) { benchPaths(b, Exps) }

// TestInvSqrts: bit for bit 1/math.Sqrt, for every length (the pairs and
// the odd last value), in place, and for the special values.
func TestInvSqrts(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := range 40 {
		x := make([]float64, n)
		for k := range x {
			x[k] = math.Exp2(rng.Float64()*60 - 30)
		}
		if n == 7 {
			copy(x, []float64{0, -1, math.Inf(1), math.NaN(), 5e-324, 1, 4})
		}
		got := make([]float64, n)
		InvSqrts(got, x)
		InvSqrts(x[:n/2], x[:n/2]) // in place
		for k := range x {
			want := 1 / math.Sqrt(x[k])
			if k < n/2 {
				want = got[k]
				if x[k] != want && !(math.IsNaN(x[k]) && math.IsNaN(want)) {
					t.Fatalf("n=%d: in place [%d] = %v, want %v", n, k, x[k], want)
				}
				continue
			}
			if math.Float64bits(got[k]) != math.Float64bits(want) && !(math.IsNaN(got[k]) && math.IsNaN(want)) {
				t.Fatalf("n=%d: InvSqrts[%d] of %v = %v, 1/math.Sqrt %v", n, k, x[k], got[k], want)
			}
		}
	}
}

func BenchmarkInvSqrts(b *testing.B) { benchPaths(b, InvSqrts) }

func BenchmarkMathInvSqrt(b *testing.B) {
	for b.Loop() {
		for k, x := range args {
			out[k] = 1 / math.Sqrt(x)
		}
	}
}
