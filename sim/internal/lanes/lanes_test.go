package lanes

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/digisim/digisim/sim/internal/cpu"
	"github.com/digisim/digisim/sim/internal/eq"
)

// The vector loops must give the bits of the single run's loops (package
// eq) run lane by lane, and the generic kernels their Go twins'. Each case
// draws inputs in the ranges the model keeps (capacities in (0, 1],
// shares, rates), over several shapes, and compares every output value.

// perLane is the tests' oracle for the model's loops: f, a loop of
// package eq (width 1), run for each lane b on fresh copies of lane b of
// every slice of elements in xs, the first out of them written back
// (byLane's job, written plainly here to check it too).
func perLane(out int, xs [][]float64, f func(b int, v [][]float64)) {
	for b := range W {
		v := make([][]float64, len(xs))
		for k, x := range xs {
			v[k] = make([]float64, len(x)/W)
			for j := range v[k] {
				v[k][j] = x[j*W+b]
			}
		}
		f(b, v)
		for k := range out {
			for j, y := range v[k] {
				xs[k][j*W+b] = y
			}
		}
	}
}

func vec(rng *rand.Rand, n int, lo, hi float64) []float64 {
	v := make([]float64, n*W)
	for k := range v {
		v[k] = lo + (hi-lo)*rng.Float64()
	}
	return v
}

func same(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for k := range got {
		if math.Float64bits(got[k]) != math.Float64bits(want[k]) {
			t.Fatalf("%s[%d] = %v, want %v", what, k, got[k], want[k])
		}
	}
}

// paths runs f once for each path the processor has (AVX-512, AVX2,
// whatever DIGISIM_SIMD says, and the Go loops), with the entry points
// calling that path's loops. On the Go path the comparisons with the Go
// loops are trivial, the oracles not.
func paths(t *testing.T, f func(t *testing.T)) {
	saved512, saved2, savedNEON := useAVX512, useAVX2, useNEON
	defer func() { useAVX512, useAVX2, useNEON = saved512, saved2, savedNEON }()
	for _, p := range []struct {
		name                   string
		avx512, avx2, neon, ok bool
	}{
		{"avx512", true, true, false, cpu.HasAVX512},
		{"avx2", false, true, false, cpu.HasAVX2},
		{"neon", false, false, true, cpu.HasNEON},
		{"go", false, false, false, true},
	} {
		if !p.ok {
			continue
		}
		useAVX512, useAVX2, useNEON = p.avx512, p.avx2, p.neon
		t.Run(p.name, f)
	}
}

type shape struct{ N, C, S, G int }

var shapes = []shape{{1, 1, 1, 1}, {2, 3, 1, 1}, {6, 3, 2, 2}, {10, 8, 4, 1}, {10, 11, 4, 3}, {7, 5, 3, 2}, {33, 4, 5, 4}, {5, 4, 7, 2}}

func classes(rng *rand.Rand, C int) []int {
	var cl []int
	for k := range C {
		if rng.IntN(4) > 0 || k == 0 {
			cl = append(cl, k)
		}
	}
	return cl
}

func TestClassStatsVector(t *testing.T) {
	paths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for _, sh := range shapes {
			c := vec(rng, sh.N*sh.C, 0.01, 1)
			if sh.N > 1 { // ties for the frontier
				copy(c[sh.C*W:(sh.C+1)*W], c[:W])
				// eq.Greater's NaN and signed zeros (which the Go loop and
				// the kernel must treat alike): a NaN capacity, then
				// others, in lane 2; only zeros of both signs in lane 4.
				c[2] = math.NaN()
				for i := range sh.N {
					c[i*sh.C*W+4] = math.Copysign(0, float64(i%2)-0.5)
				}
			}
			size := make([]float64, sh.C)
			K := 0.0
			for k := range size {
				size[k] = float64(1 + rng.IntN(3))
				K += size[k]
			}
			lag, sens := vec(rng, 1, 0.5, 4), vec(rng, 1, 0, 1)
			f1, c1, l1 := make([]float64, sh.C*W), make([]float64, sh.N*W), make([]float64, sh.N*W)
			f2, c2, l2 := make([]float64, sh.C*W), make([]float64, sh.N*W), make([]float64, sh.N*W)
			for k := range f2 {
				f2[k] = 7 // must be cleared
			}
			perLane(3, [][]float64{f1, c1, l1, c}, func(b int, v [][]float64) {
				eq.ClassStats(v[0], v[1], v[2], v[3], size, lag[b], sens[b], sh.N, sh.C, K)
			})
			ClassStats(f2, c2, l2, c, size, lag, sens, sh.N, sh.C, K)
			same(t, "front", f2, f1)
			same(t, "cbar", c2, c1)
			same(t, "invLag", l2, l1)
			// An oracle: the frontier is a capacity of its class, and no
			// capacity exceeds it.
			for cl := range sh.C {
				for b := range W {
					found := false
					for i := range sh.N {
						v := c[(i*sh.C+cl)*W+b]
						found = found || v == f1[cl*W+b]
						if v > f1[cl*W+b] {
							t.Fatalf("front below a capacity")
						}
					}
					if !found {
						t.Fatalf("front is no capacity")
					}
				}
			}
		}
	})
}

func TestSumsVector(t *testing.T) {
	paths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for _, sh := range shapes {
			cl := classes(rng, sh.C)
			terms := vec(rng, sh.N*sh.C, -3, 3)
			w := vec(rng, len(cl), 0, 1)
			q1, q2 := make([]float64, sh.N*W), make([]float64, sh.N*W)
			weightedSumsGo(q1, terms, w, cl, sh.N, sh.C)
			WeightedSums(q2, terms, w, NewIndex(cl, sh.C), sh.N, sh.C)
			same(t, "sums", q2, q1)
			// Oracle: each sum against a plain recomputation.
			for i := range sh.N {
				for b := range W {
					want := 0.0
					for j, k := range cl {
						want += float64(w[j*W+b] * terms[(i*sh.C+k)*W+b]) // unfused, as the loops
					}
					if q1[i*W+b] != want {
						t.Fatalf("sum %d lane %d = %v, want %v", i, b, q1[i*W+b], want)
					}
				}
			}
		}
	})
}

func TestPotentialVector(t *testing.T) {
	paths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		for _, sh := range shapes {
			N, S := sh.N, sh.S
			pop, n := vec(rng, N, 1e5, 3e8), vec(rng, N, 0.1, 0.9)
			ceil, rth := vec(rng, S, 0.1, 1), vec(rng, S*N, 0.2, 1)
			event, U := vec(rng, N*S, 0.5, 1.5), vec(rng, N*S, 0, 1e7)
			rth[3] = 0            // no potential: ratio 0
			event[1] = math.NaN() // nor where it is NaN
			if len(n) > 9 {
				n[9] = -0.1
			}
			M1, r1 := make([]float64, N*S*W), make([]float64, N*S*W)
			M2, r2 := make([]float64, N*S*W), make([]float64, N*S*W)
			perLane(2, [][]float64{M1, r1, pop, n, ceil, rth, event, U}, func(_ int, v [][]float64) {
				eq.Potentials(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], N, S)
			})
			Potential(M2, r2, pop, n, ceil, rth, event, U, N, S)
			same(t, "M", M2, M1)
			same(t, "ratio", r2, r1)
		}
	})
}

func TestNetworkVector(t *testing.T) {
	paths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(7, 8))
		for _, sh := range shapes {
			N, S, G := sh.N, sh.S, sh.G
			e, ratio, w := vec(rng, N*G, 0, 1), vec(rng, N*S, 0, 1), vec(rng, G*S, 0, 1)
			if len(e) > W {
				e[0] = e[W] // ties
			}
			n1, d1 := make([]float64, N*S*W), make([]float64, N*S*W)
			n2, d2 := vec(rng, N*S, 5, 6), vec(rng, N*S, 5, 6) // must be cleared
			network := func(num, den, e []float64) {
				perLane(2, [][]float64{num, den, e, ratio, w}, func(_ int, v [][]float64) {
					eq.NetworkSums(v[0], v[1], v[2], v[3], v[4], N, S, G)
				})
			}
			network(n1, d1, e)
			Network(n2, d2, e, ratio, w, N, S, G)
			same(t, "num", n2, n1)
			same(t, "den", d2, d1)
			// Oracle: with every e equal to 1 and one group, den is w times
			// the N-1 partners.
			if G == 1 {
				ones := make([]float64, N*W)
				for k := range ones {
					ones[k] = 1
				}
				network(n1, d1, ones)
				for i := range N {
					for s := range S {
						for b := range W {
							if want := w[s*W+b] * float64(N-1); d1[(i*S+s)*W+b] != want {
								t.Fatalf("den = %v, want %v", d1[(i*S+s)*W+b], want)
							}
						}
					}
				}
			}
		}
	})
}

func TestCapacitiesVector(t *testing.T) {
	paths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(9, 10))
		for _, sh := range shapes {
			N, C, G := sh.N, sh.C, sh.G
			e, c, n, a := vec(rng, N*G, 0, 1), vec(rng, N*C, 0.01, 1), vec(rng, N, 0, 0.9), vec(rng, N*C, 0, 0.1)
			kappa, front := vec(rng, G, 0, 1), vec(rng, C, 0.5, 1)
			cbar, invLag := vec(rng, N, 0, 1), vec(rng, N, 0.2, 2)
			speed, nmax := vec(rng, N, 0, 0.5), vec(rng, N, 0.8, 1)
			group := make([]int, C)
			for k := range group {
				group[k] = rng.IntN(G)
			}
			// Each class at a spillover of its own, different in every lane.
			r := Rates{Engage: vec(rng, 1, 0, 1), Floor: vec(rng, 1, 0, 1), Spill: vec(rng, C, 0, 0.5)}
			de1, dc1, dn1 := make([]float64, N*G*W), make([]float64, N*C*W), make([]float64, N*W)
			de2, dc2, dn2 := make([]float64, N*G*W), make([]float64, N*C*W), make([]float64, N*W)
			perLane(3, [][]float64{de1, dc1, dn1, e, c, n, a, kappa, front, cbar, invLag, speed, nmax, r.Spill}, func(b int, v [][]float64) {
				eq.Capacities(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13],
					group, r.Engage[b], r.Floor[b], N, C, G)
			})
			Capacities(de2, dc2, dn2, e, c, n, a, kappa, front, cbar, invLag, speed, nmax, NewIndex(group, G), &r, N, C, G)
			same(t, "de", de2, de1)
			same(t, "dc", dc2, dc1)
			same(t, "dn", dn2, dn1)
		}
	})
}

func TestAdoptionVector(t *testing.T) {
	paths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(11, 12))
		for _, sh := range shapes {
			N, S := sh.N, sh.S
			U, M, ratio := vec(rng, N*S, 0, 1e6), vec(rng, N*S, 1e6, 2e6), vec(rng, N*S, 0, 1)
			num, den := vec(rng, N*S, 0, 3), vec(rng, N*S, 0, 3)
			p, q, omega := vec(rng, S, 0, 0.05), vec(rng, S, 0.1, 0.6), vec(rng, S, 0, 0.3)
			networked := make([]bool, S)
			for s := range networked {
				networked[s] = s%2 == 0
			}
			d1, d2 := make([]float64, N*S*W), make([]float64, N*S*W)
			perLane(1, [][]float64{d1, U, M, ratio, num, den, p, q, omega}, func(_ int, v [][]float64) {
				eq.Adoption(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], networked, N, S)
			})
			Adoption(d2, U, M, ratio, num, den, p, q, omega, networked, N, S)
			same(t, "dU", d2, d1)
		}
	})
}

func TestRK4KernelsVector(t *testing.T) {
	paths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(13, 14))
		for n := range 70 {
			y, d := make([]float64, n), make([]float64, n)
			k := [4][]float64{make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)}
			for j := range n {
				y[j], d[j] = rng.NormFloat64(), rng.NormFloat64()
				for s := range k {
					k[s][j] = rng.NormFloat64() * 1e3
				}
			}
			got, want := make([]float64, n), make([]float64, n)
			AddScaled(got, y, d, 0.0416)
			for j := range want {
				want[j] = y[j] + float64(0.0416*d[j])
			}
			same(t, "AddScaled", got, want)
			// The stage bookkeeping and the final update give the classical
			// sum y + h*(k1 + 2*k2 + 2*k3 + k4), summed left to right.
			acc, tmp := append([]float64(nil), k[0]...), make([]float64, n)
			RK4Stage(acc, tmp, y, k[1], 0.5)
			for j := range want {
				want[j] = y[j] + float64(0.5*k[1][j])
			}
			same(t, "RK4Stage tmp", tmp, want)
			RK4Stage(acc, tmp, y, k[2], 0.25)
			copy(got, y)
			copy(want, y)
			RK4Final(got, acc, k[3], 1.0/72)
			for j := range want {
				want[j] += float64(1.0 / 72 * (k[0][j] + 2*k[1][j] + 2*k[2][j] + k[3][j]))
			}
			same(t, "RK4Final", got, want)
		}
	})
}

func TestBounds(t *testing.T) {
	paths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(15, 16))
		for n := range 70 {
			x := make([]float64, n)
			for k := range x {
				x[k] = rng.NormFloat64()
			}
			lo, hi, ok := Bounds(x)
			wl, wh, wo := boundsGo(x)
			if lo != wl || hi != wh || ok != wo || !ok {
				t.Fatalf("n %d: Bounds = %v %v %v, want %v %v %v", n, lo, hi, ok, wl, wh, wo)
			}
			for k := range x { // a NaN anywhere
				v := x[k]
				x[k] = math.NaN()
				if _, _, ok := Bounds(x); ok {
					t.Fatalf("n %d: NaN at %d not seen", n, k)
				}
				x[k] = math.Inf(-1)
				if lo, _, _ := Bounds(x); lo != math.Inf(-1) {
					t.Fatalf("n %d: -Inf at %d not the least", n, k)
				}
				x[k] = v
			}
		}
	})
}

func TestRecips(t *testing.T) {
	paths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(17, 18))
		for n := range 70 {
			x := make([]float64, n)
			for k := range x {
				x[k] = rng.NormFloat64()
			}
			got, want := make([]float64, n), make([]float64, n)
			Recips(got, x)
			for k, v := range x {
				want[k] = 1 / v
			}
			same(t, "Recips", got, want)
		}
	})
}

func TestTradeAndSellersVector(t *testing.T) {
	paths(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(19, 20))
		for _, sh := range shapes {
			N, S, G := sh.N, sh.S, sh.G
			e, w, pi, R := vec(rng, N*G, 0, 1), vec(rng, G*S, 0, 1), vec(rng, N*N, 0, 0.3), vec(rng, N*S, 0.1, 1)
			f1, x1 := vec(rng, N*N*S, 9, 9), vec(rng, N*S, 9, 9) // must be overwritten
			f2, x2 := vec(rng, N*N*S, 9, 9), vec(rng, N*S, 9, 9)
			none := make([]float64, W) // no access without coordination
			trade := func(flow, x, e, R, alpha []float64) {
				perLane(2, [][]float64{flow, x, e, w, pi, R}, func(b int, v [][]float64) {
					eq.Trade(v[0], v[1], v[2], v[3], v[4], v[5], alpha[b], N, S, G)
				})
			}
			trade(f1, x1, e, R, none)
			Trade(f2, x2, e, w, pi, R, none, N, S, G)
			same(t, "flow", f2, f1)
			same(t, "x", x2, x1)
			// Access without coordination in some lanes; ties and a NaN
			// for the min of equations 8 and 12 (eq.Lesser's NaN: its
			// first operand's).
			alpha := vec(rng, 1, 0, 0.5)
			alpha[2] = 0
			eT, RT := append([]float64(nil), e...), append([]float64(nil), R...)
			if N > 1 {
				copy(eT[G*W:(G+1)*W], eT[:W])
				copy(RT[S*W:(S+1)*W], RT[:W])
				RT[S*W+5], RT[1] = math.NaN(), math.NaN()
			}
			f3, x3 := make([]float64, N*N*S*W), make([]float64, N*S*W)
			trade(f3, x3, eT, RT, alpha)
			Trade(f2, x2, eT, w, pi, RT, alpha, N, S, G)
			same(t, "flow with alpha", f2, f3)
			same(t, "x with alpha", x2, x3)
			gt := vec(rng, N*S, 0, 1e9)
			s1, s2 := vec(rng, N*S, 0, 1e9), make([]float64, N*S*W)
			copy(s2, s1)
			p1, p2 := vec(rng, N*N, 7, 7), vec(rng, N*N, 7, 7)
			b1, b2 := vec(rng, 1, 0, 1), make([]float64, W)
			copy(b2, b1)
			perLane(3, [][]float64{s1, p1, b1, gt, f1}, func(_ int, v [][]float64) {
				v[2][0] = eq.Sellers(v[0], v[1], v[3], v[4], v[2][0], N, S)
			})
			Sellers(s2, p2, b2, gt, f1, N, S)
			same(t, "seller", s2, s1)
			same(t, "purchases", p2, p1)
			same(t, "bought", b2, b1)
		}
		// Oracle: with one group, h_ijs = w_s min(e_i, e_j), access is
		// alpha + (1-alpha) h (alpha 0 in some lanes, not in others), and x_is
		// sums the flows over the partners.
		N, S := 4, 2
		e, w, pi, R := vec(rng, N, 0, 1), vec(rng, S, 0, 1), vec(rng, N*N, 0, 0.3), vec(rng, N*S, 0.1, 1)
		alpha := vec(rng, 1, 0, 1)
		alpha[0], alpha[3] = 0, 0
		flow, x := make([]float64, N*N*S*W), make([]float64, N*S*W)
		Trade(flow, x, e, w, pi, R, alpha, N, S, 1)
		for i := range N {
			for s := range S {
				for b := range W {
					want := 0.0
					for j := range N {
						if j != i {
							h := w[s*W+b] * math.Min(e[i*W+b], e[j*W+b])
							want += pi[(i*N+j)*W+b] * (alpha[b] + (1-alpha[b])*h) * math.Min(R[(i*S+s)*W+b], R[(j*S+s)*W+b])
						}
					}
					if got := x[(i*S+s)*W+b]; math.Abs(got-want) > 1e-15*math.Abs(want) {
						t.Fatalf("x[%d,%d] lane %d = %v, want %v", i, s, b, got, want)
					}
				}
			}
		}
	})
}

// TestShapesChecked: the vector loops do not check bounds, so a slice too
// short for the shape, or a class index outside it, panics before them.
func TestShapesChecked(t *testing.T) {
	panics := func(what string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s: no panic", what)
			}
		}()
		f()
	}
	N, C := 3, 2
	q, terms, w := make([]float64, N*W), make([]float64, N*C*W), make([]float64, C*W)
	WeightedSums(q, terms, w, NewIndex([]int{0, 1}, C), N, C) // fits
	panics("short terms", func() { WeightedSums(q, terms[:N*C*W-1], w, NewIndex([]int{0, 1}, C), N, C) })
	panics("class out of range", func() { NewIndex([]int{0, 2}, C) })
	panics("negative class", func() { NewIndex([]int{-1}, C) })
	panics("index of a wider shape", func() { WeightedSums(q, terms, w, NewIndex([]int{0, 2}, 3), N, C) })
	panics("short destination", func() { AddScaled(q[:3], q, q, 1) })
}

// TestEnvChoosesPath: DIGISIM_SIMD, read at start, chooses the kernels the
// entry points call (a child process for each value).
func TestEnvChoosesPath(t *testing.T) {
	if os.Getenv("LANES_TEST_CHILD") != "" {
		fmt.Printf("path=%s\n", path())
		return
	}
	if runtime.GOARCH != "amd64" {
		// Elsewhere there is only the Go path, and under an emulator
		// (go test -exec qemu-...) the test binary cannot start itself.
		t.Skipf("DIGISIM_SIMD chooses among amd64's paths here (%s)", runtime.GOARCH)
	}
	widest := "go"
	if cpu.HasAVX2 {
		widest = "avx2"
	}
	if cpu.HasAVX512 {
		widest = "avx512"
	}
	avx2 := "go"
	if cpu.HasAVX2 {
		avx2 = "avx2"
	}
	for env, want := range map[string]string{"": widest, "avx2": avx2, "none": "go"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestEnvChoosesPath$")
		cmd.Env = append(os.Environ(), "LANES_TEST_CHILD=1", cpu.Env+"="+env)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s=%s: %v", cpu.Env, env, err)
		}
		if !strings.Contains(string(out), "path="+want+"\n") {
			t.Errorf("%s=%q: %q, want path=%s", cpu.Env, env, out, want)
		}
	}
}
