package sim

import (
	"math"
	"slices"

	"github.com/digisim/digisim/sim/internal/fastmath"
)

// RunBatch runs several parameter sets together and returns, for each,
// what Workspace.Run returns: res[b] and errs[b] are those of
// ws[b].Run(ps[b]) bit for bit (TestBatchEqualsRun; with GOAMD64=v3 or on
// other architectures the compiler may fuse multiply-adds differently in
// the two paths, and the tests allow 1e-12), and res[b] lives in
// ws[b]'s memory. len(ws) must be len(ps).
//
// Runs whose models have the same shape (members, segments, pillar
// classes and coordination groups, kinds of CES exponent, events' scope,
// time axis, model version; see sameShape) are integrated as one batch:
// the state of every run is held lane-minor (value j of run b at j*B+b),
// and every stage of RK4 computes each quantity for all the runs at once,
// so that the transcendental functions see vectors B times longer and the
// inner loops run over the runs with no per-run branching, except for the
// ordering of the network sums (per run: it depends on the run's state).
// Each run's arithmetic is the single run's, operation for operation, in
// the same order: batching does not change a bit. Outputs, calibration
// and the checks of the base year are the single run's own code, per run;
// a run that leaves its range (StabilityError) stops alone. A run whose
// shape differs from the first run's is run alone, with Workspace.Run.
func RunBatch(ps []*Params, ws []*Workspace) ([]*Result, []error) {
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
	var lanes []int
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
		lanes = append(lanes, b)
		models = append(models, m)
	}
	if len(models) == 0 {
		return res, errs
	}
	lw := make([]*Workspace, len(lanes))
	for k, b := range lanes {
		lw[k] = ws[b]
	}
	lr, le := runBatch(models, lw)
	for k, b := range lanes {
		res[b], errs[b] = lr[k], le[k]
	}
	return res, errs
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

// batch is the right-hand side of B runs of one shape, lane-minor: a
// quantity x_j of run b is at j*B+b. ms[0] gives the shape; each lane's
// parameter values are gathered once into the vectors below.
type batch struct {
	B  int
	ms []*model
	m0 *model

	lag, lagSens, spill, floor, engage []float64   // per lane
	invest                             []float64   // (i*C+class)*B+b
	speed, nmax                        []float64   // i*B+b
	ceiling, innov, imit, omega        []float64   // s*B+b
	w                                  [][]float64 // per segment, its active classes' weights, j*B+b
	rho, potExp                        []float64   // s*B+b

	// What depends on time alone, gathered from the lanes' clocks.
	clockT   float64
	clockSet bool
	kappa    []float64 // g*B+b
	pop      []float64 // i*B+b
	potEvent []float64 // (i*S+s)*B+b

	// Scratch.
	sum, absorb  []float64 // B
	cbar, invLag []float64 // i*B+b
	front        []float64 // class*B+b
	terms        [numPowerKinds][]float64
	pows         [][]float64 // per general segment, (i*A+j)*B+b
	q            []float64   // (s*N+i)*B+b
	rtheta       []float64   // i*B+b
	M, ratio     []float64   // (i*S+s)*B+b
	num, den     []float64
	prefix       []float64 // i*S+s, one lane at a time
	prefixE      []float64 // N
	lower, upper []float64 // S
	ok           []bool    // B
	rk           *rk4
}

func newBatch(ms []*model) *batch {
	m0 := ms[0]
	B, N, S, C := len(ms), m0.N, m0.S, m0.C
	f := func(n int) []float64 { return make([]float64, n*B) }
	bt := &batch{B: B, ms: ms, m0: m0,
		lag: f(1), lagSens: f(1), spill: f(1), floor: f(1), engage: f(1),
		invest: f(N * C), speed: f(N), nmax: f(N),
		ceiling: f(S), innov: f(S), imit: f(S), omega: f(S), rho: f(S), potExp: f(S),
		kappa: f(m0.G), pop: f(N), potEvent: f(N * S),
		sum: f(1), absorb: f(1), cbar: f(N), invLag: f(N), front: f(C),
		q: f(S * N), rtheta: f(N), M: f(N * S), ratio: f(N * S), num: f(N * S), den: f(N * S),
		prefix: make([]float64, N*S), prefixE: make([]float64, N),
		lower: make([]float64, S), upper: make([]float64, S), ok: make([]bool, B),
	}
	for b, m := range ms {
		pol := &m.p.Policy
		bt.lag[b], bt.lagSens[b], bt.spill[b] = pol.LagYears, pol.LagSensitivity, pol.Spillover
		bt.floor[b], bt.engage[b] = pol.AbsorptiveFloor, pol.BusinessEngagement
		for ic, v := range m.invest {
			bt.invest[ic*B+b] = v
		}
		for i := range m.p.Members {
			mb := &m.p.Members[i]
			bt.speed[i*B+b], bt.nmax[i*B+b] = mb.OnlineSpeed, mb.OnlineShareMax
		}
		for s := range m.p.Segments {
			sg := &m.p.Segments[s]
			bt.ceiling[s*B+b], bt.innov[s*B+b], bt.imit[s*B+b], bt.omega[s*B+b] = sg.Ceiling, sg.Innovation, sg.Imitation, sg.Network
			bt.rho[s*B+b], bt.potExp[s*B+b] = m.powers.seg[s].rho, m.potential[s].exp
		}
	}
	for s := range S {
		cs := &m0.powers.seg[s]
		A := len(cs.classes)
		w := f(A)
		for b, m := range ms {
			for j, v := range m.powers.seg[s].w {
				w[j*B+b] = v
			}
		}
		bt.w = append(bt.w, w)
		var pows []float64
		if cs.kind == powGeneral {
			pows = f(N * A)
		}
		bt.pows = append(bt.pows, pows)
	}
	for kind, t := range m0.powers.terms {
		if t != nil {
			bt.terms[kind] = f(N * C)
		}
	}
	bt.rk = newRK4(m0.stateLen() * B)
	return bt
}

// view is model.view for lane-minor state.
func (bt *batch) view(y []float64) state {
	m, B := bt.m0, bt.B
	nc, ng, ns := m.N*m.C*B, m.N*m.G*B, m.N*m.S*B
	u := nc + ng + m.N*B
	return state{c: y[:nc], e: y[nc : nc+ng], n: y[nc+ng : u], U: y[u : u+ns], H: y[u+ns:]}
}

// runBatch is run for models of one shape (see RunBatch).
func runBatch(ms []*model, ws []*Workspace) ([]*Result, []error) {
	B := len(ms)
	res := make([]*Result, B)
	errs := make([]error, B)
	live := make([]bool, B)
	gs := make([]*gravity, B)
	ys := make([][]float64, B)
	slabs := make([]slab, B)
	m0 := ms[0]
	p0 := m0.p
	nSteps, every := p0.Time.steps()
	nOut := len(p0.Time.OutputTimes())
	for b, m := range ms {
		if errs[b] = m.checkBase(); errs[b] != nil {
			continue
		}
		if gs[b], errs[b] = newGravity(m); errs[b] != nil {
			continue
		}
		w := ws[b]
		if cap(w.steps) < nOut {
			w.steps = make([]Snapshot, 0, nOut)
		}
		r := &Result{Steps: w.steps[:0]}
		for _, mb := range m.p.Members {
			r.Members = append(r.Members, mb.ID)
		}
		for _, sg := range m.p.Segments {
			r.Segments = append(r.Segments, sg.ID)
		}
		r.Pillars = append(r.Pillars, m.p.Pillars...)
		res[b] = r
		ys[b] = m.initial()
		gs[b].calibrate(m, ys[b])
		slabs[b] = newSlab(m, nOut, w)
		live[b] = true
	}
	bt := newBatch(ms)
	L := m0.stateLen()
	y := make([]float64, L*B)
	for b := range B {
		if live[b] {
			for j, v := range ys[b] {
				y[j*B+b] = v
			}
		}
	}
	dt := p0.Time.Step
	for step := 0; ; step++ {
		t := p0.Time.Start + float64(step)*dt
		if step%every == 0 || step == nSteps {
			for b := range B {
				if !live[b] {
					continue
				}
				yb := ys[b]
				for j := range yb {
					yb[j] = y[j*B+b]
				}
				r := res[b]
				r.Steps = append(r.Steps, Snapshot{})
				gs[b].snapshot(ms[b], t, yb, &slabs[b], &r.Steps[len(r.Steps)-1])
				if err := checkFinite(r, &r.Steps[len(r.Steps)-1]); err != nil {
					live[b], res[b], errs[b] = false, nil, err // as run does: an error, no outputs
				}
			}
		}
		if step == nSteps {
			break
		}
		next := p0.Time.Start + float64(step+1)*dt
		bt.rk.step(bt, t, dt, next, y)
		if !bt.checkState(y) {
			for b := range B {
				if !live[b] || bt.ok[b] {
					continue
				}
				yb := ys[b]
				for j := range yb {
					yb[j] = y[j*B+b]
				}
				if err := ms[b].checkState(next, yb); err != nil {
					live[b], res[b], errs[b] = false, nil, err
				}
			}
		}
	}
	for b := range B {
		if !live[b] {
			res[b] = nil
		}
	}
	return res, errs
}

// checkState is model.checkState's test for every lane at once: it sets
// ok[b] and reports whether every lane is in range. The caller asks the
// lane's own model for the error.
func (bt *batch) checkState(y []float64) bool {
	const slack = 1e-9
	B := bt.B
	x := bt.view(y)
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

// clock gathers the lanes' time-only terms (model.clock) for time t.
func (bt *batch) clock(t float64) {
	if bt.clockSet && t == bt.clockT {
		return
	}
	bt.clockT, bt.clockSet = t, true
	B := bt.B
	for b, m := range bt.ms {
		m.clock(t)
		for g, v := range m.kappa {
			bt.kappa[g*B+b] = v
		}
		for i, v := range m.population {
			bt.pop[i*B+b] = v
		}
		for is, v := range m.potEvent {
			bt.potEvent[is*B+b] = v
		}
	}
}

// derive is model.derive without outputs, for all lanes.
func (bt *batch) derive(t float64, x state) {
	m0, B := bt.m0, bt.B
	N, S, C := m0.N, m0.S, m0.C
	bt.clock(t)
	front, size, sum := bt.front, m0.classSize[:C], bt.sum[:B]
	clear(front)
	K := float64(m0.K)
	lag, lagSens := bt.lag[:B], bt.lagSens[:B]
	for i := range N {
		clear(sum)
		for cl, sz := range size {
			c := x.c[(i*C+cl)*B : (i*C+cl+1)*B][:B]
			f := front[cl*B : (cl+1)*B][:B]
			for b, v := range c {
				sum[b] += sz * v
				f[b] = max(f[b], v)
			}
		}
		cbar, invLag := bt.cbar[i*B : (i+1)*B][:B], bt.invLag[i*B : (i+1)*B][:B]
		for b, v := range sum {
			cb := v / K
			cbar[b] = cb
			invLag[b] = 1 / (lag[b] * (1 + lagSens[b]*(1-cb)))
		}
	}
	bt.fill(x.c)
	bt.sums()
	pop, n, U := bt.pop[:N*B], x.n[:N*B], x.U[:N*S*B]
	M, ratio, event := bt.M[:N*S*B], bt.ratio[:N*S*B], bt.potEvent[:N*S*B]
	rtheta := bt.rtheta[:N*B]
	for s := range S {
		ceiling := bt.ceiling[s*B : (s+1)*B][:B]
		bt.raise(s, rtheta)
		for i := range N {
			for b, r := range rtheta[i*B : (i+1)*B][:B] {
				is := (i*S+s)*B + b
				pot := pop[i*B+b] * n[i*B+b] * ceiling[b] * r * event[is]
				M[is] = pot
				ratio[is] = 0
				if pot > 0 {
					ratio[is] = U[is] / pot
				}
			}
		}
	}
}

// fill is powers.fill for all lanes.
func (bt *batch) fill(c []float64) {
	fillTerms(&bt.terms, c)
	t := &bt.terms
	B, N, C := bt.B, bt.m0.N, bt.m0.C
	for s := range bt.m0.powers.seg {
		cs := &bt.m0.powers.seg[s]
		if cs.kind != powGeneral {
			continue
		}
		A := len(cs.classes)
		pows, rho := bt.pows[s], bt.rho[s*B : (s+1)*B][:B]
		for i := range N {
			for j, cl := range cs.classes {
				logc := t[powZero][(i*C+cl)*B : (i*C+cl+1)*B][:B]
				dst := pows[(i*A+j)*B : (i*A+j+1)*B][:B]
				for b, r := range rho {
					dst[b] = r * logc[b]
				}
			}
		}
		fastmath.Exps(pows, pows)
	}
}

// sums is powers.sums for all lanes.
func (bt *batch) sums() {
	B, N, C := bt.B, bt.m0.N, bt.m0.C
	for s := range bt.m0.powers.seg {
		cs := &bt.m0.powers.seg[s]
		A := len(cs.classes)
		w := bt.w[s][:A*B]
		q := bt.q[s*N*B : (s+1)*N*B]
		for i := range N {
			acc := q[i*B : (i+1)*B][:B]
			clear(acc)
			for j, cl := range cs.classes {
				var v []float64
				if cs.kind == powGeneral {
					v = bt.pows[s][(i*A+j)*B : (i*A+j+1)*B][:B]
				} else {
					v = bt.terms[cs.kind][(i*C+cl)*B : (i*C+cl+1)*B][:B]
				}
				wj := w[j*B : (j+1)*B][:B]
				for b := range acc {
					acc[b] += wj[b] * v[b]
				}
			}
		}
	}
}

// raise is powers.raise (R^theta of equation 7) for all lanes.
func (bt *batch) raise(s int, dst []float64) {
	B, N := bt.B, bt.m0.N
	q := bt.q[s*N*B : (s+1)*N*B]
	dst = dst[:len(q)]
	p := bt.m0.potential[s]
	switch p.kind {
	case powZero:
		for i := range dst {
			dst[i] = 1
		}
	case powOne:
		copy(dst, q)
	case powMinusOne:
		for i, v := range q {
			dst[i] = 1 / v
		}
	case powTwo:
		for i, v := range q {
			dst[i] = v * v
		}
	case powMinusTwo:
		for i, v := range q {
			dst[i] = 1 / (v * v)
		}
	case powHalf:
		for i, v := range q {
			dst[i] = math.Sqrt(v)
		}
	case powMinusHalf:
		fastmath.InvSqrts(dst, q) // bit for bit 1/math.Sqrt
	default:
		if p.zero {
			copy(dst, q)
		} else {
			fastmath.Logs(dst, q)
		}
		exp := bt.potExp[s*B : (s+1)*B][:B]
		for i := range N {
			d := dst[i*B : (i+1)*B][:B]
			for b, e := range exp {
				d[b] *= e
			}
		}
		fastmath.Exps(dst, dst)
	}
}

// pull is model.pull for every lane, one lane at a time (the order of the
// members by e is the lane's own, kept in the lane's model).
func (bt *batch) pull(e []float64) {
	m0, B := bt.m0, bt.B
	N, S, G := m0.N, m0.S, m0.G
	clear(bt.num)
	clear(bt.den)
	lower, upper, prefix, prefixE := bt.lower[:S], bt.upper[:S], bt.prefix[:N*S], bt.prefixE[:N]
	ratio, num, den := bt.ratio, bt.num, bt.den
	for b, m := range bt.ms {
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
			clear(lower)
			sumE := 0.0
			for _, i := range ord {
				ei := e[(i*G+g)*B+b]
				copy(prefix[i*S:(i+1)*S], lower)
				prefixE[i] = sumE
				for s := range lower {
					lower[s] += ei * ratio[(i*S+s)*B+b]
				}
				sumE += ei
			}
			clear(upper)
			count := 0.0
			for a := N - 1; a >= 0; a-- {
				i := ord[a]
				ei := e[(i*G+g)*B+b]
				pre := prefix[i*S : (i+1)*S][:S]
				d := prefixE[i] + ei*count
				for s, w := range wg {
					k := (i*S+s)*B + b
					num[k] += w * (pre[s] + ei*upper[s])
					den[k] += w * d
					upper[s] += ratio[k]
				}
				count++
			}
		}
	}
}

// rhs is model.rhs for all lanes.
func (bt *batch) rhs(t float64, y, dy []float64) {
	x, dx := bt.view(y), bt.view(dy)
	bt.derive(t, x)
	m0, B := bt.m0, bt.B
	if m0.anyNetwork {
		bt.pull(x.e)
	}
	N, S, C, G := m0.N, m0.S, m0.C, m0.G
	spill, floor, engage, absorb := bt.spill[:B], bt.floor[:B], bt.engage[:B], bt.absorb[:B]
	for i := range N {
		cbar, invLag := bt.cbar[i*B : (i+1)*B][:B], bt.invLag[i*B : (i+1)*B][:B]
		for b := range absorb {
			absorb[b] = spill[b] * (floor[b] + (1-floor[b])*cbar[b])
		}
		for g := range G {
			kappa := bt.kappa[g*B : (g+1)*B][:B]
			e, de := x.e[(i*G+g)*B : (i*G+g+1)*B][:B], dx.e[(i*G+g)*B : (i*G+g+1)*B][:B]
			for b := range de {
				de[b] = (engage[b]*kappa[b] - e[b]) * invLag[b]
			}
		}
		for cl, g := range m0.groupOfClass[:C] {
			k := (i*C + cl) * B
			c, dc, a := x.c[k : k+B][:B], dx.c[k : k+B][:B], bt.invest[k : k+B][:B]
			e, front := x.e[(i*G+g)*B : (i*G+g+1)*B][:B], bt.front[cl*B : (cl+1)*B][:B]
			for b := range dc {
				dc[b] = a[b]*(1-c[b]) + e[b]*(front[b]-c[b])*absorb[b]
			}
		}
		n, dn := x.n[i*B : (i+1)*B][:B], dx.n[i*B : (i+1)*B][:B]
		speed, nmax := bt.speed[i*B : (i+1)*B][:B], bt.nmax[i*B : (i+1)*B][:B]
		for b := range dn {
			dn[b] = speed[b] * n[b] * (1 - n[b]/nmax[b])
		}
	}
	U, dU := x.U[:N*S*B], dx.U[:N*S*B]
	M, ratio, num, den := bt.M[:N*S*B], bt.ratio[:N*S*B], bt.num[:N*S*B], bt.den[:N*S*B]
	for s := range S {
		p, q, omega := bt.innov[s*B : (s+1)*B][:B], bt.imit[s*B : (s+1)*B][:B], bt.omega[s*B : (s+1)*B][:B]
		networked := m0.p.Segments[s].Network != 0 // the same for every lane (sameShape)
		for i := range N {
			k := (i*S + s) * B
			for b := range p {
				phi := ratio[k+b]
				if networked {
					phi = (phi + omega[b]*num[k+b]) / (1 + omega[b]*den[k+b])
				}
				dU[k+b] = (p[b] + q[b]*phi) * (M[k+b] - U[k+b])
			}
		}
	}
	if m0.v2 {
		H, dH := x.H[:len(U)], dx.H[:len(U)]
		for is, u := range U {
			if u > 0 {
				dH[is] = 1 - H[is]*max(dU[is], 0)/u
			} else {
				dH[is] = 0
			}
		}
	}
}
