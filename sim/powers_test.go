package sim

import (
	"math"
	"testing"

	"github.com/digisim/digisim/sim/internal/eq"
)

// TestCESFastPaths: every exponent with a fast path gives the CES aggregate
// of equation 4 as math.Pow computes it (the limit rho -> 0 is the weighted
// geometric mean), and every power R^a of it as math.Pow(R, a), for two
// members side by side (the batches are member-major). Tolerance: a few
// ulps, from different rounding.
func TestCESFastPaths(t *testing.T) {
	const C = 4
	c := []float64{0.9, 0.35, 0.6, 0.05, 0.2, 1, 0.45, 0.7} // two members
	w := []float64{0.1, 0.4, 0.5, 0}                        // normalised; the last class inactive
	for _, rho := range []float64{0, -1, -0.5, 0.5, 1, -2, 2, -0.3, 2.5} {
		pw := newPowers([]float64{rho}, w, 2, C)
		pw.fill(c)
		pw.sums()
		logR := make([]float64, 2)
		pw.logR(0, logR)
		want := make([]float64, 2)
		for i := range 2 {
			ci := c[i*C : (i+1)*C]
			if rho == 0 {
				want[i] = 1
				for k := range 3 {
					want[i] *= math.Pow(ci[k], w[k])
				}
			} else {
				sum := 0.0
				for k := range 3 {
					sum += w[k] * math.Pow(ci[k], rho)
				}
				want[i] = math.Pow(sum, 1/rho)
			}
			if got := math.Exp(logR[i]); math.Abs(got-want[i]) > 1e-14 {
				t.Errorf("rho=%v, member %d: R = %v, math.Pow gives %v", rho, i, got, want[i])
			}
		}
		// a/rho hits every fast path of raise for some rho above.
		for _, a := range []float64{0, 0.5, 0.3, 1, 0.25, -0.5} {
			got := make([]float64, 2)
			pp := pw.readinessPower(0, a)
			pw.raise(0, pp, []float64{pp.exp}, got)
			for i := range 2 {
				if want := math.Pow(want[i], a); math.Abs(got[i]-want) > 1e-14*want {
					t.Errorf("rho=%v, member %d: R^%v = %v, math.Pow gives %v", rho, i, a, got[i], want)
				}
			}
		}
	}
}

// TestHarmoniseGroups: pillars that share a schedule share one effective
// coordination (a group), and it is what each pillar's own equation 2
// gives: a run with every pillar apart has the same e per pillar; the
// grouped sum of equation 8 equals the sum over every pillar.
// harmonisation returns h_ijs of equation 8 ((i*N+j)*S+s) as the single
// run computes it, inside eq.Trade's flows: with no access without
// coordination, every gravity share 1 and readiness 1, a flow is h, bit
// for bit.
func harmonisation(m *model, e []float64) []float64 {
	N, S := m.N, m.S
	pi, R := make([]float64, N*N), make([]float64, N*S)
	for k := range pi {
		pi[k] = 1
	}
	for k := range R {
		R[k] = 1
	}
	h := make([]float64, N*N*S)
	eq.Trade(h, make([]float64, N*S), e, m.wGroup, pi, R, 0, N, S, m.G)
	return h
}

func TestHarmoniseGroups(t *testing.T) {
	p := &Params{Pillars: []string{"a", "b", "c", "d"}}
	shared := []Point{{Year: 2018, Level: 0.2}, {Year: 2020, Level: 0.7}}
	p.Policy.Coordination = [][]Point{shared, {{Year: 2018, Level: 0.5}}, append([]Point(nil), shared...), shared}
	p.Policy.LagYears, p.Policy.LagSensitivity, p.Policy.BusinessEngagement = 2, 1.5, 0.9
	for s := range 2 {
		p.Segments = append(p.Segments, Segment{ID: string(rune('A' + s)), Network: 0.3, Imitation: 0.3, Innovation: 0.01,
			Ceiling: 0.5, Weights: []float64{1, 2, float64(s), 0.5}})
	}
	for i := range 4 {
		c := 0.2 + 0.2*float64(i)
		p.Members = append(p.Members, Member{ID: string(rune('a' + i)), Population: 1e6, OnlineShare: 0.5, OnlineShareMax: 0.9,
			IncomePerHeadUSD: 1000, Capacity: []float64{c, c, c, c}, Investment: []float64{0.01, 0.02, 0.03, 0.04},
			Users: []float64{1e3, 1e3}, GMVUSD: []float64{1e5, 1e5}, Latitude: float64(i), Longitude: 100})
	}
	p.Time = Time{Start: 2018, End: 2024, Step: 0.25, OutputStep: 1}
	integrate := func(merge bool) (*model, state) {
		m, err := newModel(p, merge)
		if err != nil {
			t.Fatal(err)
		}
		y := m.initial()
		rk := newRK4(m.stateLen())
		for step := range 24 {
			rk.step(m, p.Time.Start+float64(step)*p.Time.Step, p.Time.Step, p.Time.Start+float64(step+1)*p.Time.Step, y)
		}
		return m, m.view(y)
	}
	m, x := integrate(true)
	if m.C != 4 || m.G != 2 {
		t.Fatalf("%d classes in %d groups, want 4 in 2 (investment differs; a, c, d share a schedule)", m.C, m.G)
	}
	apart, xa := integrate(false)
	if apart.G != 4 {
		t.Fatalf("unmerged: %d groups, want 4", apart.G)
	}
	K, G := m.K, m.G
	eOf := func(i, k int) float64 { return x.e[i*G+m.groupOfClass[m.classOf[k]]] }
	for i := range m.N {
		for k := range K {
			// Sums of capacities in another order (cbar): rounding only.
			if own := xa.e[i*apart.G+k]; math.Abs(eOf(i, k)-own) > 1e-14 {
				t.Errorf("member %d pillar %d: group e %v, own equation %v", i, k, eOf(i, k), own)
			}
		}
		if eOf(i, 0) == eOf(i, 1) {
			t.Errorf("member %d: pillars a and b have different schedules but e %v", i, eOf(i, 0))
		}
	}
	h := harmonisation(m, x.e)
	for i := range m.N {
		for j := range m.N {
			for s := range m.S {
				want := 0.0
				if i != j {
					for k := range K {
						w := p.Segments[s].Weights[k] / (3.5 + float64(s))
						want += w * math.Min(eOf(i, k), eOf(j, k))
					}
				}
				// Summing weights before multiplying: rounding only.
				if got := h[(i*m.N+j)*m.S+s]; math.Abs(got-want) > 1e-15 {
					t.Errorf("h[%d,%d,%d] = %v, pillar sum %v", i, j, s, got, want)
				}
			}
		}
	}
}

// TestPullMatchesDirectSums: the network sums of equation 9 from the group
// minima equal the double sum over members of h_ijs (equation 8) times the
// partners' adoption ratios, for random states with ties and two groups.
func TestPullMatchesDirectSums(t *testing.T) {
	p := &Params{Pillars: []string{"a", "b", "c", "d"}}
	one, two := []Point{{Year: 0, Level: 1}}, []Point{{Year: 0, Level: 0.5}}
	p.Policy.Coordination = [][]Point{one, two, one, two}
	p.Policy.LagYears = 1
	for s := range 3 {
		p.Segments = append(p.Segments, Segment{ID: string(rune('A' + s)), Network: float64(s), // segment A has none
			Weights: []float64{1, float64(s), 2, 0.5}})
	}
	for i := range 6 {
		p.Members = append(p.Members, Member{ID: string(rune('a' + i)), Population: 1, OnlineShareMax: 1, IncomePerHeadUSD: 1,
			Capacity: []float64{0.5, 0.5, 0.5, 0.5}, Investment: make([]float64, 4), Users: make([]float64, 3), GMVUSD: make([]float64, 3)})
	}
	p.Time = Time{Start: 0, End: 1, Step: 0.5, OutputStep: 0.5}
	m, err := newModel(p, true)
	if err != nil {
		t.Fatal(err)
	}
	N, S, G := m.N, m.S, m.G
	if m.C != 2 || G != 2 {
		t.Fatalf("%d classes in %d groups, want 2 in 2 (capacity and investment agree; a, c and b, d share schedules)", m.C, G)
	}
	rng := uint64(12345)
	next := func() float64 { // xorshift: a fixed, dependency-free sequence
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		return float64(rng%1000) / 1000
	}
	e := make([]float64, N*G)
	for trial := range 20 {
		for i := range N {
			a, b := math.Round(next()*10)/10, math.Round(next()*10)/10 // coarse: ties
			e[i*G+m.groupOfClass[m.classOf[0]]], e[i*G+m.groupOfClass[m.classOf[1]]] = a, b
		}
		for k := range m.ratio {
			m.ratio[k] = next()
		}
		hs := harmonisation(m, e)
		m.pull(e)
		for i := range N {
			for s := 1; s < S; s++ {
				num, den := 0.0, 0.0
				for j := range N {
					if j != i {
						h := hs[(i*N+j)*S+s]
						num += h * m.ratio[j*S+s]
						den += h
					}
				}
				// Sums of ~20 terms in another order: rounding only.
				if math.Abs(m.num[i*S+s]-num) > 1e-13 || math.Abs(m.den[i*S+s]-den) > 1e-13 {
					t.Fatalf("trial %d, i=%d s=%d: pull (%v, %v), direct (%v, %v)", trial, i, s, m.num[i*S+s], m.den[i*S+s], num, den)
				}
			}
		}
	}
}
