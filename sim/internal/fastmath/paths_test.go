package fastmath

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// A path is one way Logs, Exps and InvSqrts can go on this processor: the
// Go loops alone or with the vector kernels.
type path struct {
	name string
	use  func() (restore func()) // selects the path until restore is called
}

// paths returns the paths this processor (and build) has, the Go loops first.
func paths() []path {
	set := func(avx2, avx512, neon bool) func() func() {
		return func() func() {
			old2, old512, oldNEON := useAVX2, useAVX512, useNEON
			useAVX2, useAVX512, useNEON = avx2, avx512, neon
			return func() { useAVX2, useAVX512, useNEON = old2, old512, oldNEON }
		}
	}
	ps := []path{{"go", set(false, false, false)}}
	if useAVX2 {
		ps = append(ps, path{"avx2", set(true, false, false)})
	}
	if useAVX512 {
		ps = append(ps, path{"avx512", set(true, true, false)})
	}
	if useNEON {
		ps = append(ps, path{"neon", set(false, false, true)})
	}
	return ps
}

// onPaths runs f as a subtest on each of the go, avx2, avx512 and neon paths,
// skipping those this processor or build lacks.
func onPaths(t *testing.T, f func(t *testing.T)) {
	have := map[string]path{}
	for _, p := range paths() {
		have[p.name] = p
	}
	for _, name := range []string{"go", "avx2", "avx512", "neon"} {
		t.Run(name, func(t *testing.T) {
			p, ok := have[name]
			if !ok {
				t.Skipf("no %s path here (processor, or the purego tag)", name)
			}
			defer p.use()()
			f(t)
		})
	}
}

// A kernel is one of the package's functions with its reference: the Go
// loop, or 1/math.Sqrt for InvSqrts (exact on every path).
type kernel struct {
	name      string
	f, ref    func(dst, x []float64)
	serving   func(n int, seed uint64) []float64 // arguments the tables serve
	specials  []float64                          // arguments they do not, and edges
	toMath    func(float64) float64
	mathUlps  float64 // bound against toMath where |toMath| > above
	above     float64
	mixedArgs func(n int, seed uint64) []float64 // serving with specials among them
}

func invSqrtsRef(dst, x []float64) {
	for k, v := range x {
		dst[k] = 1 / math.Sqrt(v)
	}
}

var negNaN = math.Float64frombits(0xfff8000000000001)

var kernels = []kernel{
	{
		name: "Exps", f: Exps, ref: exps, serving: expServing, mixedArgs: expArgs,
		specials: []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), negNaN,
			5e-324, -5e-324, 1e-300, -1e-300, 1e300, -1e300, math.MaxFloat64, -math.MaxFloat64,
			700, -700, math.Nextafter(700, 0), math.Nextafter(-700, 0), 699.999, -699.999,
			709.78, 710, -745.1, -746, -800},
		toMath: math.Exp, mathUlps: 3,
	},
	{
		name: "Logs", f: Logs, ref: logs, serving: logServing, mixedArgs: logArgs,
		specials: logSpecials, toMath: math.Log, mathUlps: 3, above: 0.5, // TestLog bounds it near 1
	},
	{
		name: "InvSqrts", f: InvSqrts, ref: invSqrtsRef, serving: logServing, mixedArgs: logArgs,
		specials: logSpecials, toMath: func(v float64) float64 { return 1 / math.Sqrt(v) },
	},
}

var logSpecials = []float64{0, math.Copysign(0, -1), -1, -5e-324, -math.MaxFloat64, math.Inf(1), math.Inf(-1),
	math.NaN(), negNaN, math.Float64frombits(0x7ff0000000000001), 5e-324, 2.225073858507201e-308,
	2.2250738585072014e-308, math.MaxFloat64, 1, math.Nextafter(1, 0), math.Nextafter(1, 2), 2,
	math.Nextafter(2, 0), 1e-300, 1e300}

// expServing returns n arguments in (-700, 700): the model's small
// exponents, the whole range, the edges near ±700 and tiny ones.
func expServing(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 11))
	x := make([]float64, n)
	for k := range x {
		var v float64
		switch k % 5 {
		case 0, 1:
			v = (rng.Float64() - 0.5) * 100
		case 2:
			v = (rng.Float64() - 0.5) * 1399.99
		case 3:
			v = 700 - rng.Float64()*0.01
		default:
			v = math.Exp2(-rng.Float64() * 1070)
		}
		if rng.IntN(2) == 0 {
			v = -v
		}
		x[k] = v
	}
	return x
}

// logServing returns n positive normal finite numbers: capacities in
// (0, 1], values near 1, and random bits over every binade.
func logServing(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 13))
	x := make([]float64, n)
	for k := range x {
		switch k % 4 {
		case 0:
			x[k] = math.Max(rng.Float64(), 0x1p-60)
		case 1:
			x[k] = 1 + (rng.Float64()-0.5)*1e-3
		default:
			x[k] = math.Float64frombits(uint64(1+rng.IntN(2046))<<52 | rng.Uint64()>>12)
		}
	}
	return x
}

// check compares got with the reference's want bit for bit (sameBits).
func check(t *testing.T, kn kernel, what string, x, got, want []float64) {
	t.Helper()
	for k := range want {
		if !sameBits(got[k], want[k]) {
			t.Fatalf("%s %s: value %d of %d, f(%v) = %v (bits %#x), want %v (bits %#x)", kn.name, what,
				k, len(x), x[k], got[k], math.Float64bits(got[k]), want[k], math.Float64bits(want[k]))
		}
	}
}

// TestPathsEqualGo: on every path (the Go loops, AVX2 four at a time,
// AVX-512 eight at a time, NEON eight or four at a time), Exps and Logs give the Go loops' bits and
// InvSqrts 1/math.Sqrt's: on a million points the tables serve, on a
// million with special values among them (within the bound of math's
// answer there too), with every special value at every position of the
// first 40 (every place in a block of 4, 8 and 16, and in the tails), and
// on every length 0..70 at every offset 0..8, in place and not. With
// -short, 100,000 points for each million.
func TestPathsEqualGo(t *testing.T) {
	points := 1_000_000
	if testing.Short() {
		points = 100_000
	}
	onPaths(t, func(t *testing.T) {
		for _, kn := range kernels {
			for _, gen := range []struct {
				what string
				args func(int, uint64) []float64
			}{{"serving", kn.serving}, {"mixed", kn.mixedArgs}} {
				x := gen.args(points, 1)
				got, want := make([]float64, len(x)), make([]float64, len(x))
				kn.f(got, x)
				kn.ref(want, x)
				check(t, kn, fmt.Sprintf("%s %d points", gen.what, points), x, got, want)
				worst := 0.0
				for k, v := range x {
					m := kn.toMath(v)
					if math.IsNaN(m) || math.Abs(m) <= kn.above {
						if math.IsNaN(m) != math.IsNaN(got[k]) {
							t.Fatalf("%s(%v) = %v, math %v", kn.name, v, got[k], m)
						}
						continue
					}
					worst = math.Max(worst, ulps(got[k], m))
				}
				if worst > kn.mathUlps {
					t.Errorf("%s %s: worst %.2f ulp from math, want <= %v", kn.name, gen.what, worst, kn.mathUlps)
				}
			}

			base := kn.serving(40, 2)
			for _, s := range kn.specials {
				for at := range base {
					x := append([]float64(nil), base...)
					x[at] = s
					got, want := make([]float64, len(x)), make([]float64, len(x))
					kn.f(got, x)
					kn.ref(want, x)
					check(t, kn, fmt.Sprintf("%v at %d", s, at), x, got, want)
				}
			}
			// all special
			x := append(append([]float64(nil), kn.specials...), kn.specials...)
			got, want := make([]float64, len(x)), make([]float64, len(x))
			kn.f(got, x)
			kn.ref(want, x)
			check(t, kn, "all special", x, got, want)

			for n := range 71 {
				for off := range 9 {
					buf := kn.serving(n+off, uint64(n))
					x := append([]float64(nil), buf[off:]...)
					want := make([]float64, n)
					kn.ref(want, x)
					got := make([]float64, n+off)
					kn.f(got[off:], x)
					check(t, kn, fmt.Sprintf("length %d offset %d", n, off), x, got[off:], want)
					kn.f(buf[off:], buf[off:])
					check(t, kn, fmt.Sprintf("length %d offset %d in place", n, off), x, buf[off:], want)
				}
			}
		}
	})
}

// TestKernelsStop: each vector kernel does every whole block of serving
// values and stops exactly before the block with a special value, so no
// path quietly hands everything to the Go loop (TestPathsEqualGo would not
// see that).
func TestKernelsStop(t *testing.T) {
	type vk struct {
		name    string
		width   int
		tail    bool // the kernel does the last values, in pairs and alone
		on      bool
		f       func(dst, x []float64) int
		serving func(int, uint64) []float64
		special float64
	}
	for _, k := range []vk{
		{"expsAVX2", 4, false, useAVX2, expsAVX2, expServing, 700},
		{"logsAVX2", 4, false, useAVX2, logsAVX2, logServing, 5e-324},
		{"exps512", 8, false, useAVX512, exps512, expServing, math.NaN()},
		{"logs512", 8, false, useAVX512, logs512, logServing, -1},
		{"expsNEON", 8, true, useNEON, expsNEON, expServing, math.Inf(-1)},
		{"logsNEON", 4, true, useNEON, logsNEON, logServing, 0},
	} {
		if !k.on {
			t.Logf("%s: not on this processor or build", k.name)
			continue
		}
		for n := range 50 {
			// want is how many of the n values the kernel does when the
			// first it does not serve is at position at (n: none).
			want := func(at int) int {
				switch wide := n / k.width * k.width; {
				case !k.tail || at < wide:
					return min(at, wide) / k.width * k.width
				case at == n:
					return n
				}
				return at / 2 * 2 // the tail's pairs, and the last alone
			}
			x, dst := k.serving(n, 3), make([]float64, n)
			if got := k.f(dst, x); got != want(n) {
				t.Errorf("%s on %d serving values did %d", k.name, n, got)
			}
			for at := range n {
				x := k.serving(n, 3)
				x[at] = k.special
				if got := k.f(dst, x); got != want(at) {
					t.Errorf("%s on %d values, %v at %d, did %d", k.name, n, k.special, at, got)
				}
			}
		}
	}
}

// TestBlockKernelsStop: each vector kernel of ScaledExps and
// ScaledExpSums does every block (row) of products in range and stops
// exactly before the first block (row) with a product beyond 700, so no
// path quietly hands everything to the Go loop.
func TestBlockKernelsStop(t *testing.T) {
	const blocks, A = 12, 3
	src, scale := expServing(blocks*Block, 4), make([]float64, Block)
	for b := range scale {
		scale[b] = 0.5 // products within (-350, 350)
	}
	idx := make([]int, blocks)
	for k := range idx {
		idx[k] = k
	}
	w := make([]float64, A*Block)
	dst := make([]float64, blocks*Block)
	for _, k := range []struct {
		name string
		on   bool
		exps func(dst, src, scale []float64, blocks []int) int
		sums func(q, src, scale, w []float64, blocks []int, A int) int
	}{
		{"AVX2", useAVX2, scaledExpsAVX2, scaledExpSumsAVX2},
		{"512", useAVX512, scaledExps512, scaledExpSums512},
		{"NEON", useNEON, scaledExpsNEON, scaledExpSumsNEON},
	} {
		if !k.on {
			t.Logf("scaledExps%s: not on this processor or build", k.name)
			continue
		}
		if got := k.exps(dst, src, scale, idx); got != blocks {
			t.Errorf("scaledExps%s on %d blocks in range did %d", k.name, blocks, got)
		}
		if got := k.sums(dst, src, scale, w, idx, A); got != blocks/A {
			t.Errorf("scaledExpSums%s on %d rows in range did %d", k.name, blocks/A, got)
		}
		for at := range blocks * Block {
			far := append([]float64(nil), src...)
			far[at] = 1e300
			if got := k.exps(dst, far, scale, idx); got != at/Block {
				t.Errorf("scaledExps%s, 1e300 at %d, did %d blocks", k.name, at, got)
			}
			if got := k.sums(dst, far, scale, w, idx, A); got != at/Block/A {
				t.Errorf("scaledExpSums%s, 1e300 at %d, did %d rows", k.name, at, got)
			}
		}
	}
}

// TestScaledExps: on every path, ScaledExps gives the bits of the
// products scale*src, rounded, through the Go loop exps, for blocks in any
// order and repeated, products beyond the tables' range (700), special
// values in any lane, every number of blocks to 20 (pairs and the odd
// last one), and in place.
func TestScaledExps(t *testing.T) {
	onPaths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(11, 12))
		src := expArgs(40*Block, 3)
		for k := range src {
			if k%5 != 0 {
				src[k] = math.Log(rng.Float64() + 1e-3) // logs of capacities, as the model's
			}
		}
		for n := range 21 {
			for trial := range 20 {
				scale := laneScales(rng, trial == 1)
				blocks := make([]int, n)
				for k := range blocks {
					blocks[k] = rng.IntN(len(src) / Block)
				}
				want := make([]float64, n*Block)
				for k, e := range blocks {
					for b := range Block {
						want[k*Block+b] = scale[b] * src[e*Block+b]
					}
				}
				exps(want, want)
				got := make([]float64, n*Block)
				ScaledExps(got, src, scale, NewBlocks(blocks))
				for k := range got {
					if !sameBits(got[k], want[k]) {
						t.Fatalf("%d blocks, trial %d: value %d (block %d, lane %d) = %v, want %v", n, trial, k, blocks[k/Block], k%Block, got[k], want[k])
					}
				}
				// In place, block k from block k.
				in := append([]float64(nil), src[:n*Block]...)
				ident := make([]int, n)
				for k := range ident {
					ident[k] = k
				}
				ScaledExps(in, in, scale, NewBlocks(ident))
				for k := range in {
					w := float64(scale[k%Block] * src[k])
					ref := []float64{w}
					exps(ref, ref)
					if !sameBits(in[k], ref[0]) {
						t.Fatalf("%d blocks in place, trial %d: value %d = %v, want %v", n, trial, k, in[k], ref[0])
					}
				}
			}
		}
	})
}

// TestScaledExpSums: on every path, ScaledExpSums gives the bits of the
// products scale*src through the Go loop exps, weighted (each product
// rounded) and summed in the order of the row's blocks from zero, for
// rows of 1 to 9 blocks, up to 7 rows, and rows with products beyond the
// tables' range or special values among served ones.
func TestScaledExpSums(t *testing.T) {
	onPaths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(13, 14))
		src := expArgs(40*Block, 5)
		for k := range src {
			if k%7 != 0 {
				src[k] = math.Log(rng.Float64() + 1e-3)
			}
		}
		for A := 1; A <= 9; A++ {
			for rows := range 8 {
				for trial := range 10 {
					scale := laneScales(rng, trial == 1)
					w := make([]float64, A*Block)
					for k := range w {
						w[k] = rng.Float64()
					}
					blocks := make([]int, rows*A)
					for k := range blocks {
						blocks[k] = rng.IntN(len(src) / Block)
					}
					want := make([]float64, rows*Block)
					for i := range rows {
						for b := range Block {
							sum := 0.0
							for j := range A {
								e := []float64{scale[b] * src[blocks[i*A+j]*Block+b]}
								exps(e, e)
								sum += float64(w[j*Block+b] * e[0])
							}
							want[i*Block+b] = sum
						}
					}
					got := make([]float64, rows*Block)
					ScaledExpSums(got, src, scale, w, NewBlocks(blocks), A)
					for k := range got {
						if !sameBits(got[k], want[k]) {
							t.Fatalf("A=%d, %d rows, trial %d: value %d (row %d, lane %d) = %v, want %v", A, rows, trial, k, k/Block, k%Block, got[k], want[k])
						}
					}
				}
			}
		}
	})
}

// BenchmarkScaledExpSums: a batch's CES segment at the shipped shape (10
// members, 8 classes: 80 blocks in rows of 8), on every path, ns a value
// exponentiated; ScaledExps on the same blocks for comparison.
func BenchmarkScaledExpSums(b *testing.B) {
	const N, A = 10, 8
	rng := rand.New(rand.NewPCG(15, 16))
	src, scale, w := make([]float64, N*A*Block), make([]float64, Block), make([]float64, A*Block)
	for k := range src {
		src[k] = math.Log(rng.Float64()*0.9 + 0.1)
	}
	for k := range scale {
		scale[k] = -0.5
	}
	for k := range w {
		w[k] = rng.Float64()
	}
	idx := make([]int, N*A)
	for k := range idx {
		idx[k] = k
	}
	from := NewBlocks(idx)
	q, dst := make([]float64, N*Block), make([]float64, N*A*Block)
	for _, p := range paths() {
		b.Run(p.name+"/sums", func(b *testing.B) {
			defer p.use()()
			for b.Loop() {
				ScaledExpSums(q, src, scale, w, from, A)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(src)), "ns/value")
		})
		b.Run(p.name+"/exps", func(b *testing.B) {
			defer p.use()()
			for b.Loop() {
				ScaledExps(dst, src, scale, from)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(src)), "ns/value")
		})
	}
}

// laneScales returns a block's scales (each lane's rho), between -2.1 and
// 0.9, and with far one lane's at 1e6: a product far beyond 700.
func laneScales(rng *rand.Rand, far bool) []float64 {
	scale := make([]float64, Block)
	for b := range scale {
		scale[b] = (rng.Float64() - 0.7) * 3
	}
	if far {
		scale[rng.IntN(Block)] = 1e6
	}
	return scale
}
