package sim

import (
	"math"

	"github.com/digisim/digisim/sim/internal/fastmath"
)

// slab hands out the Snapshot slices of a run from one allocation, the
// workspace's when it is large enough.
type slab struct {
	buf []float64
}

func newSlab(m *model, nOut int, w *Workspace) *slab {
	N, S, K := m.N, m.S, m.K
	n := (8*N*S + N*K + 6*N + N*N + 2*S) * nOut
	if cap(w.buf) < n {
		w.buf = make([]float64, n)
	}
	return &slab{buf: w.buf[:n]}
}

// take returns the next n values, zeroed (snapshot sums into some).
func (b *slab) take(n int) []float64 {
	s := b.buf[:n:n]
	clear(s)
	b.buf = b.buf[n:]
	return s
}

// snapshot computes every output at time t from state y (equations 5,
// 7-15 and the regional aggregates of MODEL.md, Outputs).
func (g *gravity) snapshot(m *model, t float64, y []float64, b *slab) Snapshot {
	N, S, K := m.N, m.S, m.K
	x := m.view(y)
	m.derive(t, x, true)
	g.crossBorder(m)

	sn := Snapshot{
		Time:             t,
		Users:            b.take(N * S),
		Spend:            b.take(N * S),
		GMV:              b.take(N * S),
		GMVSeller:        b.take(N * S),
		CrossBorder:      b.take(N * S),
		Potential:        b.take(N * S),
		Readiness:        b.take(N * S),
		Transactions:     b.take(N * S),
		Capacity:         b.take(N * K),
		CapacityMean:     b.take(N),
		CoordinationMean: b.take(N),
		OnlineShare:      b.take(N),
		Population:       b.take(N),
		IncomePerHead:    b.take(N),
		GMVPerHead:       b.take(N),
		Purchases:        b.take(N * N),
	}
	sn.Region.GMV = b.take(S)
	sn.Region.Users = b.take(S)

	copy(sn.Users, x.U)
	for i := range N {
		for k, cl := range m.classOf {
			sn.Capacity[i*K+k] = x.c[i*m.C+cl]
		}
	}
	copy(sn.Potential, m.M)
	copy(sn.Readiness, m.R)
	copy(sn.CrossBorder, g.x)
	copy(sn.CapacityMean, m.cbar)
	copy(sn.OnlineShare, x.n)
	for i := range N {
		sn.Population[i] = m.population[i]
		sn.IncomePerHead[i] = m.income[i]
		e := 0.0
		for cl, size := range m.classSize {
			e += size * x.e[i*m.G+m.groupOfClass[cl]]
		}
		sn.CoordinationMean[i] = e / float64(K)
	}

	// Spend and GMV by buyer's country (equations 13-14). Spend first
	// holds the log of (y/y0)^eps (R/R0)^eta, for one batch of exps.
	for i := range N {
		for s := range S {
			seg := &m.p.Segments[s]
			is := i*S + s
			sn.Spend[is] = seg.IncomeElasticity*m.logIncome[i] + seg.ReadinessElasticity*(m.logR[is]-g.logR0[is])
		}
	}
	fastmath.Exps(sn.Spend, sn.Spend)
	for i := range N {
		for s := range S {
			seg := &m.p.Segments[s]
			is := i*S + s
			a := g.spend0[is] * sn.Spend[is] * m.spendEvent(i, s, t)
			sn.Spend[is] = a
			sn.GMV[is] = x.U[is] * a * (1 + seg.Variety*g.x[is])
			sn.Transactions[is] = seg.TransactionsPerDay * x.U[is]
		}
	}
	// GMV by seller's country: what stays home plus what others buy here.
	for j := range N {
		for s := range S {
			sn.GMVSeller[j*S+s] = sn.GMV[j*S+s] * (1 - g.x[j*S+s])
		}
	}
	var bought float64
	for i := range N {
		for s, seg := range m.p.Segments {
			G := sn.GMV[i*S+s]
			for j := range N {
				if j == i {
					continue
				}
				X := G * seg.Tradability * g.flow[(i*N+j)*S+s]
				sn.GMVSeller[j*S+s] += X
				sn.Purchases[i*N+j] += X
				bought += X
			}
		}
	}

	// Regional aggregates.
	r := &sn.Region
	var popTotal float64
	for i := range N {
		gi := 0.0
		for s := range S {
			gi += sn.GMV[i*S+s]
			r.GMV[s] += sn.GMV[i*S+s]
			r.Users[s] += sn.Users[i*S+s]
		}
		sn.GMVPerHead[i] = gi / sn.Population[i]
		popTotal += sn.Population[i]
	}
	for s := range S {
		r.GMVTotal += r.GMV[s]
		r.UsersTotal += r.Users[s]
	}
	r.GMVPerHead = r.GMVTotal / popTotal
	r.Gini = Gini(sn.GMVPerHead, sn.Population)
	r.CV = CoefficientOfVariation(sn.GMVPerHead)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range m.cbar {
		lo, hi = min(lo, c), max(hi, c)
	}
	r.CapacityGap = hi - lo
	if r.GMVTotal > 0 {
		r.CrossBorderShare = bought / r.GMVTotal
	}
	return sn
}

// Gini returns the population-weighted Gini coefficient of values g with
// weights P: sum_i sum_j P_i P_j |g_i - g_j| / (2 (sum P)^2 gbar), gbar the
// weighted mean. It is 0 for a zero mean.
func Gini(g, P []float64) float64 {
	var sumP, sumPg float64
	for i := range g {
		sumP += P[i]
		sumPg += P[i] * g[i]
	}
	if sumP == 0 || sumPg == 0 {
		return 0
	}
	gbar := sumPg / sumP
	var num float64
	for i := range g {
		for j := range g {
			num += P[i] * P[j] * math.Abs(g[i]-g[j])
		}
	}
	return num / (2 * sumP * sumP * gbar)
}

// CoefficientOfVariation returns the population standard deviation of g
// over its mean (unweighted), or 0 for a zero mean.
func CoefficientOfVariation(g []float64) float64 {
	if len(g) == 0 {
		return 0
	}
	mean := 0.0
	for _, v := range g {
		mean += v
	}
	mean /= float64(len(g))
	if mean == 0 {
		return 0
	}
	ss := 0.0
	for _, v := range g {
		ss += (v - mean) * (v - mean)
	}
	return math.Sqrt(ss/float64(len(g))) / mean
}
