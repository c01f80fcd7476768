package sim

import (
	"math"
	"slices"

	"github.com/digisim/digisim/sim/internal/lanes"
)

// RunBatch runs several parameter sets together and returns, for each,
// what Workspace.Run returns: res[b] and errs[b] are those of
// ws[b].Run(ps[b]) bit for bit on every build (TestBatchEqualsRun), and
// res[b] lives in ws[b]'s memory. len(ws) must be len(ps).
//
// Runs whose models have the same shape (members, segments, pillar
// classes and coordination groups, kinds of CES exponent, events' scope,
// time axis, model version; see sameShape) are integrated lanes.Width (8)
// at a time: the state of every run is held lane-minor (value j of run b
// at j*8+b), and every stage of RK4 computes each quantity for the 8 runs
// with the loops of package lanes (one AVX-512 instruction an operation
// where the processor has it, two AVX2 ones elsewhere), as do the flows between members in the
// outputs; the transcendental functions see vectors 8 times longer. Each
// run's arithmetic is the single run's, operation for operation, in the
// same order: batching does not change a bit, whatever the batch's size
// (spare lanes repeat its last run and never mix with the others). What
// is a run's own (its clock and events, its outputs by member, its
// base-year calibration and checks) its own model computes; a run that
// leaves its range (StabilityError) stops alone. A run whose shape differs
// from the first run's is run alone, with Workspace.Run. ws[0] keeps the
// batch's memory for the next call of the same shape.
//
// Where the lanes are not vector code (neither AVX-512 nor AVX2,
// DIGISIM_SIMD=none, the purego tag: BatchSize is 1), each run is run alone, with the same bits,
// since 8 lanes of Go loops cost more than 8 runs alone: a batch is never
// slower than its runs.
func RunBatch(ps []*Params, ws []*Workspace) ([]*Result, []error) {
	return runBatches(ps, ws, lanes.Vector())
}

// runBatches is RunBatch, through the lanes when vector is set (tests set
// it to exercise the lanes' Go loops where they are not vector code).
func runBatches(ps []*Params, ws []*Workspace, vector bool) ([]*Result, []error) {
	if ws == nil { // fresh memory for every run
		ws = make([]*Workspace, len(ps))
		for b := range ws {
			ws[b] = new(Workspace)
		}
	}
	if len(ws) != len(ps) {
		panic("sim: RunBatch needs one Workspace per run, or nil")
	}
	res := make([]*Result, len(ps))
	errs := make([]error, len(ps))
	if !vector {
		for b, p := range ps {
			res[b], errs[b] = ws[b].Run(p)
		}
		return res, errs
	}
	var batched []int // the runs of the first valid run's shape
	var models []*model
	for b, p := range ps {
		m, err := newModel(p, true)
		if err != nil {
			errs[b] = err
			continue
		}
		if len(models) > 0 && !sameShape(models[0], m) {
			res[b], _, errs[b] = run(m, ws[b])
			continue
		}
		batched = append(batched, b)
		models = append(models, m)
	}
	if len(models) == 0 {
		return res, errs
	}
	for k0 := 0; k0 < len(batched); k0 += lanes.Width {
		chunk := batched[k0:min(k0+lanes.Width, len(batched))]
		lw := make([]*Workspace, len(chunk))
		for k, b := range chunk {
			lw[k] = ws[b]
		}
		lr, le := runBatch(models[k0:k0+len(chunk)], lw)
		for k, b := range chunk {
			res[b], errs[b] = lr[k], le[k]
		}
	}
	return res, errs
}

// BatchSize is the number of runs worth integrating together here:
// lanes.Width where the batched loops run as vector code (AVX-512,
// AVX2 or NEON), else 1 (a batch of Go loops costs more than its runs alone). Either way each
// run's results are the same bits.
func BatchSize() int {
	if lanes.Vector() {
		return lanes.Width
	}
	return 1
}

// sameShape reports whether a and b can share a batch: every structural
// choice that the right-hand side branches on is the same for both, so
// that only parameter values differ between the lanes.
func sameShape(a, b *model) bool {
	if a.N != b.N || a.S != b.S || a.K != b.K || a.C != b.C || a.G != b.G ||
		a.v2 != b.v2 || a.anyNetwork != b.anyNetwork || a.p.Time != b.p.Time ||
		!slices.Equal(a.classOf, b.classOf) || !slices.Equal(a.groupOfClass, b.groupOfClass) ||
		!slices.Equal(a.classSize, b.classSize) || len(a.eventMask) != len(b.eventMask) {
		return false
	}
	for s := range a.S {
		sa, sb := &a.powers.seg[s], &b.powers.seg[s]
		if sa.kind != sb.kind || !slices.Equal(sa.classes, sb.classes) ||
			a.potential[s].kind != b.potential[s].kind || a.potential[s].zero != b.potential[s].zero ||
			(a.p.Segments[s].Network == 0) != (b.p.Segments[s].Network == 0) {
			return false
		}
	}
	for e := range a.eventMask {
		if !slices.Equal(a.eventMask[e], b.eventMask[e]) {
			return false
		}
	}
	return true
}

// batch is the right-hand side of B = lanes.Width runs of one shape,
// lane-minor: a quantity x_j of run b is at j*B+b. ms[0] gives the shape;
// each lane's parameter values are gathered once into the vectors below
// (one element, B values, per quantity). A batch of fewer runs repeats its
// last run in the spare lanes; lanes never mix, so what a lane computes
// does not depend on its neighbours.
type batch struct {
	B  int
	ms []*model
	m0 *model

	lag, lagSens                []float64 // one element
	rates                       lanes.Rates
	invest                      []float64   // i*C+class
	speed, nmax                 []float64   // i
	ceiling, innov, imit, omega []float64   // s
	trad                        []float64   // s, tradability (outputs)
	networked                   []bool      // s
	groups                      lanes.Index // class: its coordination group, of ms[0] (sameShape)
	potExp                      []float64   // s
	wGroup                      []float64   // g*S+s
	powers                      *powers     // equation 4, each lane's rho and weights

	// What depends on time alone (clock), for the time last asked.
	clockT   float64
	clockSet bool
	ownKappa []bool    // B: the lane's schedules are not lane 0's (its kappa computed for it)
	kappa    []float64 // g
	pop      []float64 // i
	potEvent []float64 // i*S+s
	pop0     []float64 // i, base-year population
	growth   []float64 // i, population growth rate

	// Scratch.
	cbar, invLag []float64 // i
	front        []float64 // class
	rtheta       []float64 // s*N+i
	M, ratio     []float64 // i*S+s
	num, den     []float64
	ok           []bool // B
	rk           *rk4

	out batchOutputs

	// derived is set when the scratch holds derive's values at derivedAt
	// for the state the next rhs call receives (see outputs).
	derived   bool
	derivedAt float64
}

// batchOutputs is the lane-minor scratch of batch.outputs.
type batchOutputs struct {
	pi        []float64 // i*N+j
	R         []float64 // i*S+s
	flow      []float64 // (i*N+j)*S+s
	x         []float64 // i*S+s, before tradability
	gt        []float64 // i*S+s, GMV times tradability
	seller    []float64 // i*S+s
	purchases []float64 // i*N+j
	bought    []float64 // one element
	alpha     []float64 // one element: the access without coordination
}

// lane hands lane b's derived values (of the last derive) to m, its
// model, as m.derive would have computed them (the same bits): what
// readinessIncome and the outputs need.
func (bt *batch) lane(b int, m *model) {
	B := bt.B
	for k := range m.cbar {
		m.cbar[k] = bt.cbar[k*B+b]
		m.population[k] = bt.pop[k*B+b]
	}
	for k := range m.M {
		m.M[k] = bt.M[k*B+b]
	}
	for k := range m.powers.q {
		m.powers.q[k] = bt.powers.q[k*B+b]
	}
	m.clockSet = false // its clock was not run for this time
}

// newBatch allocates a batch of len(ms) lanes for the shape of ms[0] and
// loads ms into it.
func newBatch(ms []*model) *batch {
	m0 := ms[0]
	B, N, S, C := len(ms), m0.N, m0.S, m0.C
	f := func(n int) []float64 { return make([]float64, n*B) }
	bt := &batch{B: B,
		lag: f(1), lagSens: f(1), rates: lanes.Rates{Engage: f(1), Floor: f(1), Spill: f(C)},
		invest: f(N * C), speed: f(N), nmax: f(N),
		ceiling: f(S), trad: f(S), innov: f(S), imit: f(S), omega: f(S), potExp: f(S),
		networked: make([]bool, S), wGroup: f(m0.G * S),
		kappa: f(m0.G), pop: f(N), potEvent: f(N * S), pop0: f(N), growth: f(N),
		cbar: f(N), invLag: f(N), front: f(C),
		rtheta: f(S * N), M: f(N * S), ratio: f(N * S), num: f(N * S), den: f(N * S),
		ok: make([]bool, B), ownKappa: make([]bool, B),
	}
	bt.powers = m0.powers.withLanes(B)
	bt.groups = lanes.NewIndex(m0.groupOfClass, m0.G)
	bt.rk = newRK4(m0.stateLen() * B)
	bt.out = batchOutputs{pi: f(N * N), R: f(N * S), flow: f(N * N * S), x: f(N * S),
		gt: f(N * S), seller: f(N * S), purchases: f(N * N), bought: f(1), alpha: f(1)}
	bt.load(ms)
	return bt
}

// reuseBatch returns w's batch loaded with ms when it has their shape,
// else a new one, kept in w: an experiment's worker allocates it once.
func reuseBatch(w *Workspace, ms []*model) *batch {
	if bt := w.batch; bt != nil && bt.B == len(ms) && sameShape(bt.m0, ms[0]) {
		bt.load(ms)
		return bt
	}
	w.batch = newBatch(ms)
	return w.batch
}

// load gathers the lanes' parameter values (ms, one model a lane, all of
// the batch's shape) and forgets what the batch derived for other runs.
func (bt *batch) load(ms []*model) {
	m0, B := ms[0], bt.B
	bt.ms, bt.m0 = ms, m0
	bt.clockSet, bt.derived = false, false
	for b, m := range ms {
		pol := &m.p.Policy
		bt.lag[b], bt.lagSens[b] = pol.LagYears, pol.LagSensitivity
		bt.rates.Floor[b], bt.rates.Engage[b] = pol.AbsorptiveFloor, pol.BusinessEngagement
		bt.out.alpha[b] = pol.BaselineAccess
		for cl, v := range m.spill {
			bt.rates.Spill[cl*B+b] = v
		}
		for ic, v := range m.invest {
			bt.invest[ic*B+b] = v
		}
		for gs, v := range m.wGroup {
			bt.wGroup[gs*B+b] = v
		}
		for i := range m.p.Members {
			mb := &m.p.Members[i]
			bt.speed[i*B+b], bt.nmax[i*B+b] = mb.OnlineSpeed, mb.OnlineShareMax
			bt.pop0[i*B+b], bt.growth[i*B+b] = mb.Population, mb.PopulationGrowth
		}
		for s := range m.p.Segments {
			sg := &m.p.Segments[s]
			bt.ceiling[s*B+b], bt.innov[s*B+b], bt.imit[s*B+b], bt.omega[s*B+b] = sg.Ceiling, sg.Innovation, sg.Imitation, sg.Network
			bt.potExp[s*B+b], bt.trad[s*B+b] = m.potential[s].exp, sg.Tradability
		}
	}
	for b, m := range ms {
		bt.powers.setLane(b, m.powers)
	}
	for b, m := range ms {
		bt.ownKappa[b] = false
		for _, cl := range m0.groupOf {
			bt.ownKappa[b] = bt.ownKappa[b] || !slices.Equal(m.sched[cl], m0.sched[cl])
		}
	}
	for k := range bt.potEvent {
		bt.potEvent[k] = 1
	}
	for s := range bt.networked {
		bt.networked[s] = m0.p.Segments[s].Network != 0 // the same for every lane (sameShape)
	}
}

// view is model.view for lane-minor state.
func (bt *batch) view(y []float64) state {
	m, B := bt.m0, bt.B
	nc, ng, ns := m.N*m.C*B, m.N*m.G*B, m.N*m.S*B
	u := nc + ng + m.N*B
	return state{c: y[:nc], e: y[nc : nc+ng], n: y[nc+ng : u], U: y[u : u+ns], H: y[u+ns:]}
}

// laneRun is one lane of a batch: its run's model, gravity, state (the
// lane's copy, for its outputs and checks), output memory and result.
type laneRun struct {
	m    *model
	g    *gravity
	y    []float64
	slab slab
	res  *Result
	vals []float64 // the block of its last Snapshot's slices (buyers)
	err  error
	live bool // running: its result so far is valid
}

// stop ends the lane's run with err: an error and no result, as run.
func (l *laneRun) stop(err error) { l.live, l.res, l.err = false, nil, err }

// runBatch is run for at most lanes.Width models of one shape (see
// RunBatch); spare lanes repeat the last given model, and their results
// are dropped.
func runBatch(given []*model, ws []*Workspace) ([]*Result, []error) {
	const B = lanes.Width
	ls := make([]laneRun, B)
	ms := make([]*model, B)
	for b := range ls {
		ms[b] = given[min(b, len(given)-1)]
		ls[b].m = ms[b]
	}
	m0 := ms[0]
	p0 := m0.p
	nSteps, every := p0.Time.steps()
	nOut := len(p0.Time.OutputTimes())
	bt := reuseBatch(ws[0], ms)
	y := make([]float64, m0.stateLen()*B)
	for b := range ls {
		ls[b].y = ls[b].m.initial() // also for a lane that cannot run: its lane computes, unread
		for j, v := range ls[b].y {
			y[j*B+b] = v
		}
	}
	// The base year, derived for every lane at once and handed to each
	// lane's model as outputs do (the same bits as its own derive): its
	// checks and A0. The first outputs use this derive as it is.
	t0 := p0.Time.Start
	bt.derive(t0, bt.view(y))
	bt.derivedAt, bt.derived = t0, true
	for b := range given {
		l := &ls[b]
		bt.lane(b, l.m)
		l.m.readinessIncome(t0)
		if l.err = l.m.baseErrors(); l.err != nil {
			continue
		}
		like := ls[0].g // nil for lane 0, or when lane 0 failed before it
		if ls[0].err != nil {
			like = nil
		}
		if l.g, l.err = ws[b].gravity(l.m, like); l.err != nil {
			continue
		}
		w := ws[b]
		if cap(w.steps) < nOut {
			w.steps = make([]Snapshot, 0, nOut)
		}
		l.res = newResult(l.m.p, w.steps[:0])
		l.g.calibrate(l.m, l.m.view(l.y).e)
		l.slab = newSlab(l.m, nOut, w)
		l.live = true
	}
	dt := p0.Time.Step
	for step := 0; ; step++ {
		t := p0.Time.Start + float64(float64(step)*dt)
		if step%every == 0 || step == nSteps {
			bt.outputs(t, y, ls)
		}
		if step == nSteps {
			break
		}
		next := p0.Time.Start + float64(float64(step+1)*dt)
		bt.rk.step(bt, t, dt, next, y)
		if !bt.checkState(y) {
			for b := range ls {
				l := &ls[b]
				if !l.live || bt.ok[b] {
					continue
				}
				for j := range l.y {
					l.y[j] = y[j*B+b]
				}
				if err := l.m.checkState(next, l.y); err != nil {
					l.stop(err)
				}
			}
		}
	}
	res := make([]*Result, len(given))
	errs := make([]error, len(given))
	for b := range given {
		res[b], errs[b] = ls[b].res, ls[b].err
	}
	return res, errs
}

// outputs appends every live lane's Snapshot at time t (gravity.snapshot
// for a batch): the lanes' outputs start from the batch's derive at
// (t, y), which the step's first stage then uses as it is; each lane's
// model takes its values (lane) and does what is its own, while the
// flows between members (lanes.Trade) and the sellers' books
// (lanes.Sellers) are done for all lanes at once. A lane whose outputs
// are not finite stops, as run does.
func (bt *batch) outputs(t float64, y []float64, ls []laneRun) {
	m0, B := bt.m0, bt.B
	N, S, G := m0.N, m0.S, m0.G
	if !bt.derived || bt.derivedAt != t { // else runBatch derived the base year
		bt.derive(t, bt.view(y))
		bt.derivedAt, bt.derived = t, true
	}
	o := &bt.out
	for b := range ls {
		l := &ls[b]
		if !l.live {
			continue
		}
		for j := range l.y {
			l.y[j] = y[j*B+b]
		}
		bt.lane(b, l.m)
		l.m.readinessIncome(t)
		l.g.shares(l.m)
		for k, v := range l.g.pi {
			o.pi[k*B+b] = v
		}
		for k, v := range l.m.R {
			o.R[k*B+b] = v
		}
	}
	lanes.Trade(o.flow, o.x, bt.view(y).e, bt.wGroup, o.pi, o.R, o.alpha, N, S, G)
	scaleRows(o.x, bt.trad) // as gravity.flows, for every lane at once
	for b := range ls {
		l := &ls[b]
		if !l.live {
			continue
		}
		for k := range l.g.x {
			l.g.x[k] = o.x[k*B+b]
		}
		l.res.Steps = append(l.res.Steps, Snapshot{})
		sn := &l.res.Steps[len(l.res.Steps)-1]
		l.vals = l.g.buyers(l.m, t, l.y, &l.slab, sn)
		for k, v := range sn.GMV {
			o.gt[k*B+b] = v
		}
		for k, v := range sn.GMVSeller {
			o.seller[k*B+b] = v
		}
	}
	scaleRows(o.gt, bt.trad) // as gravity.sellers
	clear(o.bought)
	lanes.Sellers(o.seller, o.purchases, o.bought, o.gt, o.flow, N, S)
	for b := range ls {
		l := &ls[b]
		if !l.live {
			continue
		}
		sn := &l.res.Steps[len(l.res.Steps)-1]
		for k := range sn.GMVSeller {
			sn.GMVSeller[k] = o.seller[k*B+b]
		}
		for k := range sn.Purchases {
			sn.Purchases[k] = o.purchases[k*B+b]
		}
		l.g.region(l.m, sn, o.bought[b])
		if err := checkFinite(l.res, sn, l.vals); err != nil {
			l.stop(err)
		}
	}
}

// scaleRows multiplies each row of x, len(v) values, by v value by value:
// a quantity per member and segment of every lane (lane-minor) times one
// per segment of every lane.
func scaleRows(x, v []float64) {
	for len(v) > 0 && len(x) >= len(v) {
		row := x[:len(v)]
		for k, f := range v {
			row[k] *= f
		}
		x = x[len(v):]
	}
}

// checkState is model.checkState's test for every lane at once: it sets
// ok[b] and reports whether every lane is in range. The caller asks the
// lane's own model for the error.
func (bt *batch) checkState(y []float64) bool {
	const slack = 1e-9
	B := bt.B
	x := bt.view(y)
	if bt.allInRange(x) {
		return true
	}
	ok := bt.ok[:B]
	for b := range ok {
		ok[b] = true
	}
	for j := 0; j < len(x.c); j += B {
		for b, c := range x.c[j : j+B][:B] {
			ok[b] = ok[b] && c > 0 && c <= 1+slack
		}
	}
	for j := 0; j < len(x.e); j += B {
		for b, e := range x.e[j : j+B][:B] {
			ok[b] = ok[b] && e >= -slack && e <= 1+slack
		}
	}
	for j := 0; j < len(x.U); j += B {
		for b, u := range x.U[j : j+B][:B] {
			ok[b] = ok[b] && u >= 0 && u < math.Inf(1)
		}
	}
	for j := 0; j < len(x.H); j += B {
		for b, h := range x.H[j : j+B][:B] {
			ok[b] = ok[b] && h >= 0 && h < math.Inf(1)
		}
	}
	for j := 0; j < len(x.n); j += B {
		nmax := bt.nmax[j : j+B][:B]
		for b, n := range x.n[j : j+B][:B] {
			ok[b] = ok[b] && n >= 0 && n <= nmax[b]*(1+slack)
		}
	}
	all := true
	for _, v := range ok {
		all = all && v
	}
	return all
}

// allInRange is checkState's test for all lanes together, without
// telling which lane failed: the common case, at one comparison a value.
func (bt *batch) allInRange(x state) bool {
	const slack = 1e-9
	inf := math.Inf(1)
	lo, hi, ok := lanes.Bounds(x.c)
	if !ok || !(lo > 0 && hi <= 1+slack) {
		return false
	}
	if lo, hi, ok = lanes.Bounds(x.e); !ok || !(lo >= -slack && hi <= 1+slack) {
		return false
	}
	if lo, hi, ok = lanes.Bounds(x.U); !ok || !(lo >= 0 && hi < inf) {
		return false
	}
	if lo, hi, ok = lanes.Bounds(x.H); !ok || !(lo >= 0 && hi < inf) {
		return false
	}
	nmax := bt.nmax[:len(x.n)]
	for j, n := range x.n {
		if !(n >= 0 && n <= nmax[j]*(1+slack)) {
			return false
		}
	}
	return true
}

// clock gathers the lanes' time-only terms (model.clock) for time t.
func (bt *batch) clock(t float64) {
	if bt.clockSet && t == bt.clockT {
		return
	}
	bt.clockT, bt.clockSet = t, true
	B, m0 := bt.B, bt.m0
	// Lane 0's kappa serves every lane with its schedules (all of them
	// unless a schedule is uncertain); the others compute their own.
	for g, cl := range m0.groupOf {
		k := Coordination(m0.sched[cl], t)
		for b := range B {
			bt.kappa[g*B+b] = k
		}
	}
	for b, m := range bt.ms {
		if bt.ownKappa[b] {
			for g, cl := range m.groupOf {
				bt.kappa[g*B+b] = Coordination(m.sched[cl], t)
			}
		}
		if len(m.p.Events) > 0 { // else potEvent holds its ones
			m.events(t)
			for is, v := range m.potEvent {
				bt.potEvent[is*B+b] = v
			}
		}
	}
	population(bt.pop, bt.growth, bt.pop0, t-m0.p.Time.Start) // t0: the same for every lane (sameShape)
}

// derive is model.derive without outputs, for all lanes.
func (bt *batch) derive(t float64, x state) {
	m0, B := bt.m0, bt.B
	N, S, C := m0.N, m0.S, m0.C
	bt.clock(t)
	lanes.ClassStats(bt.front, bt.cbar, bt.invLag, x.c, m0.classSize, bt.lag, bt.lagSens, N, C, float64(m0.K))
	bt.powers.fill(x.c)
	bt.powers.sums()
	for s := range S {
		bt.powers.raise(s, m0.potential[s], bt.potExp[s*B:(s+1)*B], bt.rtheta[s*N*B:(s+1)*N*B])
	}
	lanes.Potential(bt.M, bt.ratio, bt.pop, x.n, bt.ceiling, bt.rtheta, bt.potEvent, x.U, N, S)
}

// pull is model.pull for every lane, one lane at a time (the order of the
// members by e is the lane's own, kept in the lane's model).
func (bt *batch) pull(e []float64) {
	clear(bt.num)
	clear(bt.den)
	for b, m := range bt.ms {
		m.pullLane(bt.num, bt.den, e, bt.ratio, bt.B, b)
	}
}

// rhs is model.rhs for all lanes.
func (bt *batch) rhs(t float64, y, dy []float64) {
	x, dx := bt.view(y), bt.view(dy)
	if bt.derived && t == bt.derivedAt { // the first stage after outputs: y is theirs
		bt.derived = false
	} else {
		bt.derive(t, x)
	}
	m0 := bt.m0
	N, S, C, G := m0.N, m0.S, m0.C, m0.G
	switch {
	case !m0.anyNetwork:
	case N <= directNetworkMax:
		lanes.Network(bt.num, bt.den, x.e, bt.ratio, bt.wGroup, N, S, G)
	default:
		bt.pull(x.e)
	}
	lanes.Capacities(dx.e, dx.c, dx.n, x.e, x.c, x.n, bt.invest, bt.kappa, bt.front, bt.cbar, bt.invLag,
		bt.speed, bt.nmax, bt.groups, &bt.rates, N, C, G)
	lanes.Adoption(dx.U, x.U, bt.M, bt.ratio, bt.num, bt.den, bt.innov, bt.imit, bt.omega, bt.networked, N, S)
	if m0.v2 {
		tenureRates(dx.H, x.H, x.U, dx.U) // equation 16: one element at a time, lanes alike
	}
}
