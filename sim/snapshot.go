package sim

import (
	"math"

	"github.com/digisim/digisim/sim/internal/eq"
	"github.com/digisim/digisim/sim/internal/fastmath"
)

// shape says how many values one output holds per snapshot.
type shape int

const (
	perMemberSegment shape = iota // N*S, at i*S+s
	perMemberPillar               // N*K, at i*K+k
	perMember                     // N
	perPair                       // N*N, at i*N+j
	perSegment                    // S
)

func (sh shape) len(N, S, K int) int {
	switch sh {
	case perMemberSegment:
		return N * S
	case perMemberPillar:
		return N * K
	case perMember:
		return N
	case perPair:
		return N * N
	case perSegment:
		return S
	}
	panic("sim: unknown output shape")
}

// outputs lists every slice of a Snapshot with its shape: the one table
// from which the output memory is sized (newSlab) and the Snapshot's
// slices are handed out (snapshot). Adding an output to Snapshot means
// adding it here; TestOutputsTable fails otherwise.
var outputs = []struct {
	name  string // the Snapshot field, Region.X for the regional ones
	shape shape
	field func(*Snapshot) *[]float64
}{
	{"Users", perMemberSegment, func(sn *Snapshot) *[]float64 { return &sn.Users }},
	{"Spend", perMemberSegment, func(sn *Snapshot) *[]float64 { return &sn.Spend }},
	{"GMV", perMemberSegment, func(sn *Snapshot) *[]float64 { return &sn.GMV }},
	{"GMVSeller", perMemberSegment, func(sn *Snapshot) *[]float64 { return &sn.GMVSeller }},
	{"CrossBorder", perMemberSegment, func(sn *Snapshot) *[]float64 { return &sn.CrossBorder }},
	{"Potential", perMemberSegment, func(sn *Snapshot) *[]float64 { return &sn.Potential }},
	{"Readiness", perMemberSegment, func(sn *Snapshot) *[]float64 { return &sn.Readiness }},
	{"Transactions", perMemberSegment, func(sn *Snapshot) *[]float64 { return &sn.Transactions }},
	{"Capacity", perMemberPillar, func(sn *Snapshot) *[]float64 { return &sn.Capacity }},
	{"CapacityMean", perMember, func(sn *Snapshot) *[]float64 { return &sn.CapacityMean }},
	{"CoordinationMean", perMember, func(sn *Snapshot) *[]float64 { return &sn.CoordinationMean }},
	{"OnlineShare", perMember, func(sn *Snapshot) *[]float64 { return &sn.OnlineShare }},
	{"Population", perMember, func(sn *Snapshot) *[]float64 { return &sn.Population }},
	{"IncomePerHead", perMember, func(sn *Snapshot) *[]float64 { return &sn.IncomePerHead }},
	{"GMVPerHead", perMember, func(sn *Snapshot) *[]float64 { return &sn.GMVPerHead }},
	{"Purchases", perPair, func(sn *Snapshot) *[]float64 { return &sn.Purchases }},
	{"Region.GMV", perSegment, func(sn *Snapshot) *[]float64 { return &sn.Region.GMV }},
	{"Region.Users", perSegment, func(sn *Snapshot) *[]float64 { return &sn.Region.Users }},
}

// snapshotLen is the number of values one Snapshot holds (see outputs).
func (m *model) snapshotLen() int {
	n := 0
	for _, o := range outputs {
		n += o.shape.len(m.N, m.S, m.K)
	}
	return n
}

// slab hands out the Snapshot slices of a run from one allocation, the
// workspace's when it is large enough.
type slab struct {
	buf []float64
}

func newSlab(m *model, nOut int, w *Workspace) slab {
	n := m.snapshotLen() * nOut
	if cap(w.buf) < n {
		w.buf = make([]float64, n)
	}
	return slab{buf: w.buf[:n]}
}

// take returns the next n values, as the workspace's last run left them:
// outputs writes every value of every output (TestOutputsOverwritten in batch_test.go).
func (b *slab) take(n int) []float64 { return carve(&b.buf, n) }

// snapshot computes every output at time t from state y (equations 5,
// 7-15 and the regional aggregates of MODEL.md, Outputs) into sn, a zero
// Snapshot, and returns the block that holds its slices (see buyers).
func (g *gravity) snapshot(m *model, t float64, y []float64, b *slab, sn *Snapshot) []float64 {
	m.derive(t, m.view(y), true)
	return g.outputs(m, t, y, b, sn)
}

// outputs is snapshot once m holds what derive with outputs computes at t
// from y.
func (g *gravity) outputs(m *model, t float64, y []float64, b *slab, sn *Snapshot) []float64 {
	g.crossBorder(m, m.view(y).e)
	vals := g.buyers(m, t, y, b, sn)
	bought := g.sellers(m, sn)
	g.region(m, sn, bought)
	return vals
}

// buyers fills sn's slices and every output by buyer's country (equations
// 13-14), and GMV by seller's country as far as it stays home, from the
// cross-border shares x (crossBorder). It returns the block of the slab
// that holds all of sn's slices, one after another, so that checkFinite
// tests them in one vector pass.
func (g *gravity) buyers(m *model, t float64, y []float64, b *slab, sn *Snapshot) (vals []float64) {
	N, S, K := m.N, m.S, m.K
	x := m.view(y)
	sn.Time = t
	all := b.buf
	for _, o := range outputs {
		*o.field(sn) = b.take(o.shape.len(N, S, K))
	}
	vals = all[:len(all)-len(b.buf)]

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
			e += float64(size * x.e[i*m.G+m.groupOfClass[cl]])
		}
		sn.CoordinationMean[i] = e / float64(K)
	}

	// Spend and GMV by buyer's country (equations 13-14). Spend first
	// holds the log of (y/y0)^eps (R/R0)^eta, for one batch of exps.
	for i := range N {
		for s := range S {
			seg := &m.p.Segments[s]
			is := i*S + s
			sn.Spend[is] = float64(seg.IncomeElasticity*m.logIncome[i]) + float64(seg.ReadinessElasticity*(m.logR[is]-g.logR0[is]))
			if m.v2 {
				sn.Spend[is] += float64(m.p.Members[i].SpendDrift * (t - m.p.Time.Start))
			}
		}
	}
	fastmath.Exps(sn.Spend, sn.Spend)
	if m.v2 { // deepening with tenure (equation 17)
		for i := range N {
			for s := range S {
				d := m.p.Segments[s].Deepening
				sn.Spend[i*S+s] *= (1 + float64(d*x.H[i*S+s])) / (1 + float64(d*m.p.Members[i].tenure0(s)))
			}
		}
	}
	for i := range N {
		for s := range S {
			seg := &m.p.Segments[s]
			is := i*S + s
			a := g.spend0[is] * sn.Spend[is]
			if len(m.p.Events) > 0 { // else the multiplier is 1: the same bits
				a *= m.spendEvent(i, s, t)
			}
			sn.Spend[is] = a
			sn.GMV[is] = x.U[is] * a * (1 + float64(seg.Variety*g.x[is]))
			sn.Transactions[is] = seg.TransactionsPerDay * x.U[is]
		}
	}
	// GMV by seller's country: what stays home plus what others buy here.
	for j := range N {
		for s := range S {
			sn.GMVSeller[j*S+s] = sn.GMV[j*S+s] * (1 - g.x[j*S+s])
		}
	}
	return vals
}

// sellers adds what each buyer buys abroad to its sellers' GMV and to
// Purchases (equation 14, eq.Sellers), and returns the total bought across
// borders; a batch calls eq.Sellers through lanes.Sellers.
func (g *gravity) sellers(m *model, sn *Snapshot) float64 {
	N, S := m.N, m.S
	for i := range N {
		for s, seg := range m.p.Segments {
			g.gt[i*S+s] = sn.GMV[i*S+s] * seg.Tradability
		}
	}
	return eq.Sellers(sn.GMVSeller, sn.Purchases, g.gt, g.flow, 0, N, S)
}

// region computes the regional aggregates of sn, with bought the total
// bought across borders.
func (g *gravity) region(m *model, sn *Snapshot, bought float64) {
	N, S := m.N, m.S
	r := &sn.Region
	clear(r.GMV)
	clear(r.Users)
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
}

// Gini returns the population-weighted Gini coefficient of values g with
// weights P: sum_i sum_j P_i P_j |g_i - g_j| / (2 (sum P)^2 gbar), gbar the
// weighted mean. It is 0 for a zero mean.
func Gini(g, P []float64) float64 {
	var sumP, sumPg float64
	for i := range g {
		sumP += P[i]
		sumPg += float64(P[i] * g[i])
	}
	if sumP == 0 || sumPg == 0 {
		return 0
	}
	gbar := sumPg / sumP
	var num float64
	for i := range g {
		for j := range g {
			num += float64(P[i] * P[j] * math.Abs(g[i]-g[j]))
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
		ss += float64((v - mean) * (v - mean))
	}
	return math.Sqrt(ss/float64(len(g))) / mean
}
