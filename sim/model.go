package sim

import (
	"math"
	"slices"

	"github.com/digisim/digisim/sim/internal/eq"
	"github.com/digisim/digisim/sim/internal/fastmath"
)

// earthRadiusKm is the sphere radius of MODEL.md equation 11.
const earthRadiusKm = 6371

// model holds what a run derives once from Params, and the scratch space
// that the right-hand side reuses, so that stepping allocates nothing.
//
// Pillars whose capacity and investment agree for every member and whose
// coordination schedules are equal have the same capacity at all times
// (equations 2 and 3 treat them alike), so the state holds one capacity
// per member and pillar class, and the sums over pillars run over classes
// with their summed weights: exact, and cheaper in proportion (the shipped
// scenarios have 8 classes for 11 pillars). Effective coordination is held
// once per schedule (see G).
type model struct {
	p       *Params
	N, S, K int
	C       int // pillar classes

	classOf   []int     // per pillar, its class
	classRep  []int     // per class, its first pillar
	classSize []float64 // per class, its number of pillars
	invest    []float64 // a per member and class, i*C+class
	sched     [][]Point // per class, its coordination schedule
	spill     []float64 // per class, its catch-up rate sigma_k (equation 3)

	// Classes with identical schedules form a coordination group: they
	// share e at all times (equation 2 depends on the schedule alone), so
	// the state holds e per member and group. groupOf holds one class of
	// each group, groupOfClass each class's group and wGroup the summed
	// normalised weights, g*S+s.
	G            int
	groupOf      []int
	groupOfClass []int
	wGroup       []float64

	pop0, popGrowth []float64 // N: base-year population and its growth rate

	eventMask [][]bool    // per event, i*S+s in scope
	eventCut  [][]float64 // per event with a fade, i*S+s: when its tail stops (a later event starts)
	v2        bool        // Params.Model is V2: tenure state and deepening

	powers     *powers   // capacity powers for the CES aggregates
	potential  []power   // per segment, R^theta of equation 7
	potExp     []float64 // per segment, its exponent (power.exp)
	anyNetwork bool      // some segment has omega != 0

	// What depends on time alone, for the time last asked (clock).
	clockT     float64
	clockSet   bool
	kappa      []float64 // per group
	population []float64 // N
	potEvent   []float64 // N*S, event multiplier on potential

	// The events' multipliers on spend, for the time last asked (outputs).
	spendT   float64
	spendSet bool
	spendEv  []float64 // N*S

	// Scratch, overwritten by every derive call.
	cbar      []float64 // N
	invLag    []float64 // N, 1/L_i
	front     []float64 // C
	rtheta    []float64 // s*N+i, R^theta of equation 7
	logR      []float64 // N*S, log readiness (outputs only)
	logIncome []float64 // N, log(y/y0) (outputs only)
	income    []float64 // N, y (outputs only)
	R         []float64 // N*S, readiness (outputs only)
	M         []float64 // N*S
	ratio     []float64 // N*S, U/M
	order     []int     // g*N+rank, members by ascending e of group g (pull)
	prefix    []float64 // i*S+s, sum of e_j r_js over partners below i (pull)
	prefixE   []float64 // N, sum of e_j over partners below i (pull)
	lower     []float64 // S, pull's running sums
	upper     []float64 // S
	num       []float64 // i*S+s, network sums of eq. 9
	den       []float64 // i*S+s

	// Per-member and per-segment inputs as slices, the arguments of eq's
	// loops.
	speed, nmax []float64 // per member: online speed and ceiling (equation 6)
	ceiling     []float64 // per segment: its ceiling (equation 7)
	innov, imit []float64 // per segment: p and q (equation 10)
	omega       []float64 // per segment: the network weight (equation 9)
	networked   []bool    // per segment: omega != 0
}

// state views a flat state vector as its parts.
type state struct {
	c    []float64 // per member and class, i*C+class
	e    []float64 // per member and coordination group, i*G+g
	n, U []float64
	H    []float64 // tenure per member and segment, i*S+s (v2; empty in v1)
}

func (m *model) stateLen() int {
	n := m.N*m.C + m.N*m.G + m.N + m.N*m.S
	if m.v2 {
		n += m.N * m.S
	}
	return n
}

func (m *model) view(y []float64) state {
	nc, ng, ns := m.N*m.C, m.N*m.G, m.N*m.S
	u := nc + ng + m.N
	return state{
		c: y[:nc],
		e: y[nc : nc+ng],
		n: y[nc+ng : u],
		U: y[u : u+ns],
		H: y[u+ns:],
	}
}

// newModel prepares p for integration. With merge false every pillar is
// its own class and group (tests use it to show that merging is exact).
func newModel(p *Params, merge bool) (*model, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	N, S, K := len(p.Members), len(p.Segments), len(p.Pillars)
	m := &model{p: p, N: N, S: S, K: K, v2: p.Model == V2}
	m.classify(merge)
	C := m.C
	w := make([]float64, S*C) // normalised weights per class
	rho := make([]float64, S)
	for s, seg := range p.Segments {
		sum := 0.0 // > 0 (Validate)
		for _, v := range seg.Weights {
			sum += v
		}
		for k, v := range seg.Weights {
			w[s*C+m.classOf[k]] += v / sum
		}
		rho[s] = cesExponent(seg.Complementarity)
		m.anyNetwork = m.anyNetwork || seg.Network != 0
	}
	m.groupClasses(w, merge)
	m.powers = newPowers(rho, w, N, C)
	G := m.G
	// The model's own numbers, carved from one allocation (every run of a
	// sweep makes its model).
	f := make([]float64, G+C+7*S+10*N+10*N*S)
	m.potExp, m.ceiling = carve(&f, S), carve(&f, S)
	m.innov, m.imit, m.omega = carve(&f, S), carve(&f, S), carve(&f, S)
	m.potential, m.networked = make([]power, S), make([]bool, S)
	for s, seg := range p.Segments {
		m.potential[s] = m.powers.readinessPower(s, seg.ReadinessPotential)
		m.potExp[s] = m.potential[s].exp
		m.ceiling[s] = seg.Ceiling
		m.innov[s], m.imit[s] = seg.Innovation, seg.Imitation
		m.omega[s], m.networked[s] = seg.Network, seg.Network != 0
	}
	m.eventMask = make([][]bool, len(p.Events))
	masks := make([]bool, len(p.Events)*N*S)
	for e, ev := range p.Events {
		mask := carve(&masks, N*S)
		for i := range N {
			if !inScope(ev.Members, i) {
				continue
			}
			for s := range S {
				mask[i*S+s] = inScope(ev.Segments, s)
			}
		}
		m.eventMask[e] = mask
	}
	m.eventCut = eventCuts(p.Events, m.eventMask)
	m.pop0, m.popGrowth = carve(&f, N), carve(&f, N)
	m.speed, m.nmax = carve(&f, N), carve(&f, N)
	for i, mb := range p.Members {
		m.pop0[i], m.popGrowth[i] = mb.Population, mb.PopulationGrowth
		m.speed[i], m.nmax[i] = mb.OnlineSpeed, mb.OnlineShareMax
	}
	m.kappa = carve(&f, G)
	m.front = carve(&f, C)
	m.lower, m.upper = carve(&f, S), carve(&f, S)
	m.population, m.cbar, m.invLag = carve(&f, N), carve(&f, N), carve(&f, N)
	m.logIncome, m.income, m.prefixE = carve(&f, N), carve(&f, N), carve(&f, N)
	m.potEvent, m.spendEv, m.rtheta = carve(&f, N*S), carve(&f, N*S), carve(&f, N*S)
	m.logR, m.R, m.M = carve(&f, N*S), carve(&f, N*S), carve(&f, N*S)
	m.prefix, m.num, m.den, m.ratio = carve(&f, N*S), carve(&f, N*S), carve(&f, N*S), carve(&f, N*S)
	if len(f) != 0 {
		panic("sim: newModel carved fewer numbers than it allocated")
	}
	m.order = make([]int, len(m.groupOf)*N)
	for k := range m.order {
		m.order[k] = k % N
	}
	return m, nil
}

// pillarInputs lists every per-pillar input of Params (every slice that
// has one entry per pillar) and how pillar classes treat it: pillars form
// one class only when every input with an equal func agrees for them;
// segment weights are summed over a class's pillars instead, and pillar ids
// are labels. Adding a per-pillar input to Params means adding it here;
// TestPillarInputsTable fails otherwise.
var pillarInputs = []struct {
	path  string                         // in Params, [] for every element
	equal func(p *Params, k, l int) bool // nil: need not agree (see role)
	role  string
}{
	{"Pillars", nil, "label"},
	{"Members[].Capacity", func(p *Params, k, l int) bool {
		for _, mb := range p.Members {
			if mb.Capacity[k] != mb.Capacity[l] {
				return false
			}
		}
		return true
	}, "must agree"},
	{"Members[].Investment", func(p *Params, k, l int) bool {
		for _, mb := range p.Members {
			if mb.Investment[k] != mb.Investment[l] {
				return false
			}
		}
		return true
	}, "must agree"},
	{"Segments[].Weights", nil, "summed per class"},
	{"Policy.Coordination", func(p *Params, k, l int) bool {
		return slices.Equal(p.Policy.Coordination[k], p.Policy.Coordination[l])
	}, "must agree"},
	{"Policy.CatchUp", func(p *Params, k, l int) bool {
		return p.Policy.PillarSpillover(k) == p.Policy.PillarSpillover(l)
	}, "must agree"},
}

// classify finds the pillar classes (see model and pillarInputs).
func (m *model) classify(merge bool) {
	p := m.p
	same := func(k, l int) bool {
		if !merge {
			return false
		}
		for _, in := range pillarInputs {
			if in.equal != nil && !in.equal(p, k, l) {
				return false
			}
		}
		return true
	}
	// Room for K classes up front (one allocation, not one per class as
	// the slices grow: every run of a sweep classifies).
	ints := make([]int, 2*m.K)
	m.classOf, m.classRep = carve(&ints, m.K), carve(&ints, m.K)[:0]
	m.classSize = make([]float64, 0, m.K)
	for k := range m.K {
		m.classOf[k] = -1
		for cl, rep := range m.classRep {
			if same(k, rep) {
				m.classOf[k] = cl
				m.classSize[cl]++
				break
			}
		}
		if m.classOf[k] < 0 {
			m.classOf[k] = len(m.classRep)
			m.classRep = append(m.classRep, k)
			m.classSize = append(m.classSize, 1)
		}
	}
	m.C = len(m.classRep)
	m.invest = make([]float64, m.N*m.C)
	for i, mb := range p.Members {
		for cl, k := range m.classRep {
			m.invest[i*m.C+cl] = mb.Investment[k]
		}
	}
	m.sched, m.spill = make([][]Point, 0, m.C), make([]float64, 0, m.C)
	for _, k := range m.classRep {
		m.sched = append(m.sched, p.Policy.Coordination[k])
		m.spill = append(m.spill, p.Policy.PillarSpillover(k))
	}
}

// groupClasses finds the classes with identical schedules (see model)
// and sums their class weights w (s*C+class). With merge false every
// class is its own group.
func (m *model) groupClasses(w []float64, merge bool) {
	group := make([]int, m.C)
	m.groupOfClass = group
	for cl := range m.C {
		group[cl] = -1
		for g, rep := range m.groupOf {
			if merge && slices.Equal(m.sched[cl], m.sched[rep]) {
				group[cl] = g
				break
			}
		}
		if group[cl] < 0 {
			group[cl] = len(m.groupOf)
			m.groupOf = append(m.groupOf, cl)
		}
	}
	m.G = len(m.groupOf)
	m.wGroup = make([]float64, m.S*m.G)
	for s := range m.S {
		for cl := range m.C {
			m.wGroup[group[cl]*m.S+s] += w[s*m.C+cl]
		}
	}
}

// eventCuts returns, per event with a fade (nil for the others), the time
// at which its tail stops for each member and segment: the start of the
// first event on the same member and segment that starts at or after its
// end (+Inf when none does).
func eventCuts(events []Event, mask [][]bool) [][]float64 {
	cuts := make([][]float64, len(events))
	for e, ev := range events {
		if ev.Fade == 0 {
			continue
		}
		cut := make([]float64, len(mask[e]))
		for is := range cut {
			cut[is] = math.Inf(1)
			for f, later := range events {
				if f != e && mask[e][is] && mask[f][is] && later.Start >= ev.End {
					cut[is] = min(cut[is], later.Start)
				}
			}
		}
		cuts[e] = cut
	}
	return cuts
}

// eventMultiplier is f raised to the event factor a (f^1 = f exactly, so
// events without a fade give the same bits as a plain product).
func eventMultiplier(f, a float64) float64 {
	switch a {
	case 0:
		return 1
	case 1:
		return f
	}
	return math.Pow(f, a)
}

// inScope says whether x is in list; an empty list is every index.
func inScope(list []int, x int) bool {
	return len(list) == 0 || slices.Contains(list, x)
}

// Coordination returns kappa(t) of one schedule: piecewise linear through
// its points, constant outside them.
func Coordination(sched []Point, t float64) float64 {
	if len(sched) == 0 {
		return 0
	}
	if t <= sched[0].Year {
		return sched[0].Level
	}
	for j := 1; j < len(sched); j++ {
		a, b := sched[j-1], sched[j]
		if t < b.Year {
			return a.Level + (b.Level-a.Level)*(t-a.Year)/(b.Year-a.Year)
		}
	}
	return sched[len(sched)-1].Level
}

// clock computes what depends on time alone (equations 5 and 7's event
// multiplier, and kappa) once per distinct t: RK4's two middle stages share
// their time.
func (m *model) clock(t float64) {
	if m.clockSet && t == m.clockT {
		return
	}
	m.clockT, m.clockSet = t, true
	for g, cl := range m.groupOf {
		m.kappa[g] = Coordination(m.sched[cl], t)
	}
	population(m.population, m.popGrowth, m.pop0, t-m.p.Time.Start)
	m.events(t)
}

// population sets dst to P0 exp(g dt), equation 5's population dt years
// after the base year, element by element (a run's members, or a batch's
// lanes).
func population(dst, growth, pop0 []float64, dt float64) {
	dst, pop0 = dst[:len(growth)], pop0[:len(growth)]
	for k, g := range growth {
		dst[k] = g * dt
	}
	fastmath.Exps(dst, dst)
	for k, p := range pop0 {
		dst[k] *= p
	}
}

// events sets potEvent to the product of the events' multipliers on
// potential users at time t.
func (m *model) events(t float64) { m.eventProducts(m.potEvent, t, false) }

// eventProducts sets dst (i*S+s) to the product, over the events in
// order, of their multipliers on potential users (or, with spend set, on
// spend) at time t: the value while an event is active, the value raised
// to Fade^(t-End) on a fading event's tail until its cut, and 1 (no
// factor: the same bits) before an event starts, out of its scope and
// once it is over. The tail's powers are the same for every member and
// segment, so they are computed once per event, not per element.
func (m *model) eventProducts(dst []float64, t float64, spend bool) {
	for is := range dst {
		dst[is] = 1
	}
	for e := range m.p.Events {
		ev := &m.p.Events[e]
		if t < ev.Start || (t >= ev.End && ev.Fade == 0) {
			continue
		}
		v := ev.Potential
		if spend {
			v = ev.Spend
		}
		mask := m.eventMask[e][:len(dst)]
		if t < ev.End {
			for is, in := range mask {
				if in {
					dst[is] *= v
				}
			}
			continue
		}
		tail := eventMultiplier(v, math.Pow(ev.Fade, t-ev.End))
		cut := m.eventCut[e][:len(dst)]
		for is, in := range mask {
			if in && t < cut[is] {
				dst[is] *= tail
			}
		}
	}
}

// incomeGrowth is log(y_i(t)/y0_i), equation 5 with the shock path when
// there is one: spend's income term (eq. 13) is exp(eps times it).
func (m *model) incomeGrowth(i int, t float64) float64 {
	mb := &m.p.Members[i]
	dt := t - m.p.Time.Start
	g := float64(mb.IncomeGrowth * dt)
	if m.p.Shocks != nil && i < len(m.p.Shocks.Z) {
		g += cumulativeShock(m.p.Shocks.Z[i], dt)
	}
	return g
}

// cumulativeShock integrates a yearly step function z over [0, dt].
func cumulativeShock(z []float64, dt float64) float64 {
	sum := 0.0
	for y := 0; y < len(z) && float64(y) < dt; y++ {
		sum += float64(z[y] * math.Min(1, dt-float64(y)))
	}
	return sum
}

// spendEvent returns the product of the events' multipliers on spend
// for member i, segment s at time t (outputs only); those of every member
// and segment are computed once per time.
func (m *model) spendEvent(i, s int, t float64) float64 {
	if !m.spendSet || t != m.spendT {
		m.spendT, m.spendSet = t, true
		m.eventProducts(m.spendEv, t, true)
	}
	return m.spendEv[i*m.S+s]
}

// derive computes, from state x at time t, the quantities that the
// right-hand side and the outputs share: cbar, lag, kappa, frontier, the
// CES sums, potential M and the adoption ratios. With outputs set it also
// fills log R, R and income.
func (m *model) derive(t float64, x state, outputs bool) {
	N, S := m.N, m.S
	pol := &m.p.Policy
	m.clock(t)
	eq.ClassStats(m.front, m.cbar, m.invLag, x.c, m.classSize, pol.LagYears, pol.LagSensitivity, N, m.C, float64(m.K))
	m.powers.fill(x.c)
	m.powers.sums()
	// Readiness (eq. 4) and potential users (eq. 7): R^theta straight from
	// the CES sums; R itself only for outputs.
	for s := range S {
		m.powers.raise(s, m.potential[s], m.potExp[s:s+1], m.rtheta[s*N:(s+1)*N])
	}
	eq.Potentials(m.M, m.ratio, m.population, x.n, m.ceiling, m.rtheta, m.potEvent, x.U, N, S)
	if outputs {
		m.readinessIncome(t)
	}
}

// readinessIncome is the part of derive that only outputs need: log R, R
// and income, from the CES sums and clock of the last derive at t (or, in
// a batch, of the lane's values handed over by batch.lane).
func (m *model) readinessIncome(t float64) {
	N, S := m.N, m.S
	for s := range S {
		m.powers.logR(s, m.rtheta[:N]) // scratch: log R of segment s
		for i, v := range m.rtheta[:N] {
			m.logR[i*S+s] = v
		}
	}
	fastmath.Exps(m.R, m.logR)
	for i := range N {
		m.logIncome[i] = m.incomeGrowth(i, t)
	}
	fastmath.Exps(m.income, m.logIncome)
	for i := range N {
		m.income[i] *= m.p.Members[i].IncomePerHeadUSD
	}
}

// pull computes the sums of the network term (eq. 9) for every member and
// segment without forming h:
//
//	num_is = sum_g w_sg sum_{j!=i} min(e_ig, e_jg) U_js/M_js
//	den_is = sum_g w_sg sum_{j!=i} min(e_ig, e_jg)
//
// With the members of a group in ascending order of e, min(e_i, e_j) is
// e_j for the partners below i and e_i for those above, so each inner sum
// is a prefix sum of e_j r_j plus e_i times a suffix sum of r_j: linear in
// N instead of quadratic. Ties do not matter (min is then either). The
// order is kept between calls and repaired by insertion sort, which is
// linear when, as between RK4 stages, it hardly changes.
func (m *model) pull(e []float64) {
	clear(m.num)
	clear(m.den)
	m.pullLane(m.num, m.den, e, m.ratio, 1, 0)
}

// pullLane adds pull's sums to num and den for lane b of B lanes held
// lane-minor (value k at k*B+b; a single run is lane 0 of 1), with this
// model's order, weights and scratch: a batch calls it for each lane with
// the lane's model.
func (m *model) pullLane(num, den, e, ratio []float64, B, b int) {
	N, S, G := m.N, m.S, m.G
	lower, upper, prefix, prefixE := m.lower[:S], m.upper[:S], m.prefix[:N*S], m.prefixE[:N]
	for g := range G {
		ord := m.order[g*N : (g+1)*N]
		for a := 1; a < N; a++ {
			i := ord[a]
			k := a
			for ; k > 0 && e[(ord[k-1]*G+g)*B+b] > e[(i*G+g)*B+b]; k-- {
				ord[k] = ord[k-1]
			}
			ord[k] = i
		}
		wg := m.wGroup[g*S : (g+1)*S][:S]
		// Ascending: lower sums e_j r_j over the partners below.
		clear(lower)
		sumE := 0.0
		for _, i := range ord {
			ei := e[(i*G+g)*B+b]
			copy(prefix[i*S:(i+1)*S], lower)
			prefixE[i] = sumE
			for s := range lower {
				lower[s] += float64(ei * ratio[(i*S+s)*B+b])
			}
			sumE += ei
		}
		// Descending: upper sums r_j over the partners above.
		clear(upper)
		count := 0.0
		for a := N - 1; a >= 0; a-- {
			i := ord[a]
			ei := e[(i*G+g)*B+b]
			pre := prefix[i*S : (i+1)*S][:S]
			d := prefixE[i] + float64(ei*count)
			for s, w := range wg {
				k := (i*S+s)*B + b
				num[k] += float64(w * (pre[s] + float64(ei*upper[s])))
				den[k] += float64(w * d)
				upper[s] += ratio[k]
			}
			count++
		}
	}
}

// directNetworkMax is the largest number of members for which the network
// sums are computed directly (eq.NetworkSums), quadratic in N; above it pull's
// linear form is cheaper. Batches choose the same way (lanes.Network), so
// that a run's bits do not depend on whether it ran alone.
const directNetworkMax = 16

// rhs writes dx/dt at time t into dx (equations 1-3, 6, 9, 10).
func (m *model) rhs(t float64, y, dy []float64) {
	x, dx := m.view(y), m.view(dy)
	m.derive(t, x, false)
	switch {
	case !m.anyNetwork:
	case m.N <= directNetworkMax:
		eq.NetworkSums(m.num, m.den, x.e, m.ratio, m.wGroup, m.N, m.S, m.G)
	default:
		m.pull(x.e)
	}
	N, S := m.N, m.S
	pol := &m.p.Policy
	eq.Capacities(dx.e, dx.c, dx.n, x.e, x.c, x.n, m.invest, m.kappa, m.front, m.cbar, m.invLag, m.speed, m.nmax, m.spill,
		m.groupOfClass, pol.BusinessEngagement, pol.AbsorptiveFloor, N, m.C, m.G)
	eq.Adoption(dx.U, x.U, m.M, m.ratio, m.num, m.den, m.innov, m.imit, m.omega, m.networked, N, S)
	if m.v2 {
		m.tenureRHS(x, dx)
	}
}

// tenureRHS is equation 16 (v2): users age a year a year, and new users
// arrive with no tenure, so dH/dt = 1 - H * max(dU/dt, 0) / U. Users who
// leave (dU < 0) leave with the mean tenure and do not change it; where
// there are no users, tenure stays as it is.
func (m *model) tenureRHS(x, dx state) { tenureRates(dx.H, x.H, x.U, dx.U) }

// tenureRates is equation 16 element by element, for any layout in which
// dH, H, U and dU hold the same element at the same index: a single run's
// and a batch's lanes alike.
func tenureRates(dH, H, U, dU []float64) {
	dH, H, dU = dH[:len(U)], H[:len(U)], dU[:len(U)]
	for k, u := range U {
		if u > 0 {
			dH[k] = 1 - H[k]*max(dU[k], 0)/u
		} else {
			dH[k] = 0
		}
	}
}

// GreatCircleKm is the haversine distance in km between two points given in
// degrees, on a sphere of earthRadiusKm (MODEL.md, equation 11): the
// distances of the gravity shares, and what the scenario loader checks.
func GreatCircleKm(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	p1, p2 := lat1*rad, lat2*rad
	dp, dl := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := float64(math.Sin(dp/2)*math.Sin(dp/2)) + float64(math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2))
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(a)))
}
