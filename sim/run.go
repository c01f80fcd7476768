package sim

import (
	"errors"
	"fmt"
	"math"

	"github.com/digisim/digisim/sim/internal/eq"
	"github.com/digisim/digisim/sim/internal/fastmath"
	"github.com/digisim/digisim/sim/internal/lanes"
)

// Result is one run: a Snapshot at every output step, t0 and t1 included.
type Result struct {
	Members  []string // member ids, in Params order
	Segments []string
	Pillars  []string
	Steps    []Snapshot
}

// Snapshot holds every output of MODEL.md at one time. Per member and
// segment values are at i*S+s, per member and pillar at i*K+k, per pair of
// members at i*N+j (i the buyer, j the seller).
type Snapshot struct {
	Time float64

	Users        []float64 // U, persons
	Spend        []float64 // A, USD per user per year
	GMV          []float64 // G, USD per year, buyer's country
	GMVSeller    []float64 // V, USD per year, seller's country
	CrossBorder  []float64 // x, share of demand bought across borders
	Potential    []float64 // M, persons
	Readiness    []float64 // R in (0, 1]
	Transactions []float64 // T, per day

	Capacity []float64 // c, per member and pillar

	CapacityMean     []float64 // cbar, per member
	CoordinationMean []float64 // mean over pillars of e, per member
	OnlineShare      []float64 // n, per member
	Population       []float64 // P, persons, per member
	IncomePerHead    []float64 // y, USD per person per year, per member
	GMVPerHead       []float64 // g = sum_s G / P, USD per person per year

	Purchases []float64 // sum_s X_ijs, USD per year, buyer i from seller j

	Region Region
}

// Region holds the regional aggregates of one Snapshot.
type Region struct {
	GMV              []float64 // per segment, USD per year
	Users            []float64 // per segment, persons
	GMVTotal         float64
	UsersTotal       float64
	GMVPerHead       float64 // sum G / sum P
	Gini             float64 // population-weighted Gini of g across members
	CV               float64 // unweighted coefficient of variation of g
	CapacityGap      float64 // max cbar - min cbar
	CrossBorderShare float64 // sum X / sum G
}

// Run integrates the model of MODEL.md over p.Time with classical RK4 and
// returns the outputs at every output step. It returns an error when p is
// inconsistent or breaks U0 <= M(t0) (see CheckBase); p is not modified.
func Run(p *Params) (*Result, error) {
	var w Workspace
	return w.Run(p)
}

// A Workspace keeps the output memory of one run for the next, so that an
// experiment's thousands of runs do not each allocate and clear a new
// Result. The Result its Run returns is valid only until its next Run. A
// Workspace is not safe for concurrent use; the zero value is ready.
type Workspace struct {
	buf   []float64
	steps []Snapshot
	grav  *gravity // the last run's, for the next (Workspace.gravity)
	batch *batch   // RunBatch's, when this is the first run's Workspace
}

// Run is the package's Run, with w's memory.
func (w *Workspace) Run(p *Params) (*Result, error) {
	m, err := newModel(p, true)
	if err != nil {
		return nil, err
	}
	res, _, err := run(m, w)
	return res, err
}

// run integrates a prepared model (see Run) and returns its outputs and
// its state at the horizon.
func run(m *model, w *Workspace) (*Result, []float64, error) {
	p := m.p
	// The base year, derived once: its checks and A0 (equation 13).
	y := m.initial()
	m.derive(p.Time.Start, m.view(y), true)
	if err := m.baseErrors(); err != nil {
		return nil, nil, err
	}
	g, err := w.gravity(m, nil)
	if err != nil {
		return nil, nil, err
	}
	nSteps, every := p.Time.steps()
	nOut := len(p.Time.OutputTimes())

	if cap(w.steps) < nOut {
		w.steps = make([]Snapshot, 0, nOut)
	}
	res := newResult(p, w.steps[:0])

	g.calibrate(m, m.view(y).e)
	slab := newSlab(m, nOut, w)
	rk := newRK4(m.stateLen())
	dt := p.Time.Step
	for step := 0; ; step++ {
		t := p.Time.Start + float64(float64(step)*dt)
		if step%every == 0 || step == nSteps {
			res.Steps = append(res.Steps, Snapshot{})
			sn := &res.Steps[len(res.Steps)-1]
			vals := g.snapshot(m, t, y, &slab, sn)
			if err := checkFinite(res, sn, vals); err != nil {
				return nil, nil, err
			}
		}
		if step == nSteps {
			break
		}
		next := p.Time.Start + float64(float64(step+1)*dt)
		rk.step(m, t, dt, next, y)
		if err := m.checkState(next, y); err != nil {
			return nil, nil, err
		}
	}
	return res, y, nil
}

// newResult returns the Result of a run of p, its names filled in and
// its steps to be appended to steps.
func newResult(p *Params, steps []Snapshot) *Result {
	r := &Result{Steps: steps, Members: make([]string, len(p.Members)), Segments: make([]string, len(p.Segments))}
	for i, mb := range p.Members {
		r.Members[i] = mb.ID
	}
	for s, sg := range p.Segments {
		r.Segments[s] = sg.ID
	}
	r.Pillars = append(r.Pillars, p.Pillars...)
	return r
}

// StabilityError reports a state that left its range during integration:
// the rates are too fast for the step (RK4 is stable only for rate x dt
// below about 2.8, and accurate well below that).
type StabilityError struct {
	Time  float64
	What  string // e.g. "capacity of BN in payments"
	Value float64
	Range string
	Step  float64
}

func (e *StabilityError) Error() string {
	return fmt.Sprintf("sim: integration unstable at %.2f: %s is %.6g, outside %s; the rates are too fast for time.dt = %.4g: use a smaller time.dt or slower rates (policy.spillover, policy.lag_years, segments.*.imitation, members.*.online_speed)",
		e.Time, e.What, e.Value, e.Range, e.Step)
}

// checkState refuses a state outside the ranges the equations keep it in
// (MODEL.md, State): capacity in (0, 1], effective coordination in [0, 1],
// online share in [0, ceiling], users finite and not negative. A relative
// slack of 1e-9 forgives rounding, not overshoot.
func (m *model) checkState(t float64, y []float64) error {
	const slack = 1e-9
	x := m.view(y)
	ok := true
	for _, c := range x.c {
		ok = ok && c > 0 && c <= 1+slack
	}
	for _, e := range x.e {
		ok = ok && e >= -slack && e <= 1+slack
	}
	for _, u := range x.U {
		ok = ok && u >= 0 && u < math.Inf(1)
	}
	for _, h := range x.H {
		ok = ok && h >= 0 && h < math.Inf(1)
	}
	for i, n := range x.n {
		ok = ok && n >= 0 && n <= m.p.Members[i].OnlineShareMax*(1+slack)
	}
	if ok {
		return nil
	}
	// Name the first value out of range.
	bad := func(what string, v float64, rng string) error {
		return &StabilityError{Time: t, What: what, Value: v, Range: rng, Step: m.p.Time.Step}
	}
	for i, mb := range m.p.Members {
		for cl, k := range m.classRep {
			if c := x.c[i*m.C+cl]; !(c > 0 && c <= 1+slack) {
				return bad(fmt.Sprintf("capacity of %s in %s", mb.ID, m.p.Pillars[k]), c, "(0, 1]")
			}
		}
		for g, cl := range m.groupOf {
			if e := x.e[i*m.G+g]; !(e >= -slack && e <= 1+slack) {
				return bad(fmt.Sprintf("effective coordination of %s in %s", mb.ID, m.p.Pillars[m.classRep[cl]]), e, "[0, 1]")
			}
		}
		if n := x.n[i]; !(n >= 0 && n <= mb.OnlineShareMax*(1+slack)) {
			return bad("online share of "+mb.ID, n, fmt.Sprintf("[0, %g]", mb.OnlineShareMax))
		}
		for s, sg := range m.p.Segments {
			if u := x.U[i*m.S+s]; !(u >= 0 && u < math.Inf(1)) {
				return bad(fmt.Sprintf("users of %s in %s", mb.ID, sg.ID), u, "[0, inf)")
			}
			if m.v2 {
				if h := x.H[i*m.S+s]; !(h >= 0 && h < math.Inf(1)) {
					return bad(fmt.Sprintf("tenure of %s in %s", mb.ID, sg.ID), h, "[0, inf)")
				}
			}
		}
	}
	return nil
}

// initial returns the state at t0: c0, e = beta*kappa(t0), n0, U0.
func (m *model) initial() []float64 {
	y := make([]float64, m.stateLen())
	x := m.view(y)
	t0 := m.p.Time.Start
	for i, mb := range m.p.Members {
		for cl, k := range m.classRep {
			x.c[i*m.C+cl] = mb.Capacity[k]
		}
		for g, cl := range m.groupOf {
			x.e[i*m.G+g] = m.p.Policy.BusinessEngagement * Coordination(m.sched[cl], t0)
		}
		x.n[i] = mb.OnlineShare
		copy(x.U[i*m.S:(i+1)*m.S], mb.Users)
		if m.v2 {
			for s := range m.p.Segments {
				x.H[i*m.S+s] = mb.tenure0(s)
			}
		}
	}
	return y
}

// steps returns the number of integration steps of the run and the steps
// between outputs (validated by Validate).
func (tm Time) steps() (n, every int) {
	n, _ = Steps(tm.End-tm.Start, tm.Step)
	every, _ = Steps(tm.OutputStep, tm.Step)
	return n, max(every, 1)
}

// OutputTimes returns the times at which Run reports: t0 + j*OutputStep,
// and always the horizon, each computed as t0 + step*Step (never by
// accumulating Step).
func (tm Time) OutputTimes() []float64 {
	n, every := tm.steps()
	var out []float64
	for s := 0; s <= n; s++ {
		if s%every == 0 || s == n {
			out = append(out, tm.Start+float64(float64(s)*tm.Step))
		}
	}
	return out
}

// BaseError reports base-year users above potential users, which the
// model cannot start from (MODEL.md, Base year).
type BaseError struct {
	Member, Segment string
	Users           float64 // U0
	Potential       float64 // M(t0)
}

func (e *BaseError) Error() string {
	return fmt.Sprintf("member %s, segment %s: base users %.6g exceed potential users %.6g (population x online share x ceiling x readiness^theta); raise the ceiling or online share, or lower the users",
		e.Member, e.Segment, e.Users, e.Potential)
}

// CheckBase returns one *BaseError (joined) for every member and segment
// whose base users exceed potential users at t0.
func CheckBase(p *Params) error {
	m, err := newModel(p, true)
	if err != nil {
		return err
	}
	return m.checkBase()
}

func (m *model) checkBase() error {
	y := m.initial()
	m.derive(m.p.Time.Start, m.view(y), false)
	return m.baseErrors()
}

// baseErrors is checkBase once m has derived the state at t0.
func (m *model) baseErrors() error {
	var errs []error
	for i, mb := range m.p.Members {
		for s, sg := range m.p.Segments {
			// A relative slack of 1e-12 forgives rounding in M, not data.
			if u, pot := mb.Users[s], m.M[i*m.S+s]; u > pot*(1+1e-12) {
				errs = append(errs, &BaseError{Member: mb.ID, Segment: sg.ID, Users: u, Potential: pot})
			}
		}
	}
	return errors.Join(errs...)
}

// deriver writes dy/dt at time t: one run's model, or a batch of runs.
type deriver interface {
	rhs(t float64, y, dy []float64)
}

// rk4 is the classical fourth-order Runge-Kutta step with its buffers:
// the running sum of the stages' slopes, the current slope and the
// current stage's argument (three vectors, so that a batch's stay in
// cache).
type rk4 struct {
	acc, k, tmp []float64
}

func newRK4(n int) *rk4 {
	buf := make([]float64, 3*n)
	return &rk4{buf[:n], buf[n : 2*n], buf[2*n:]}
}

// step advances y from t to next = t+dt in place; every stage's right-hand
// side is evaluated at that stage's own time. next is passed as the caller
// computes the next step's start, so that the last stage and the next
// step's first share their time bit for bit (and the model's clock). The
// update is y + dt/6*(((k1 + 2*k2) + 2*k3) + k4), in that order.
func (r *rk4) step(m deriver, t, dt, next float64, y []float64) {
	n := len(y)
	acc, k, tmp := r.acc[:n], r.k[:n], r.tmp[:n]
	m.rhs(t, y, acc) // k1
	lanes.AddScaled(tmp, y, acc, dt/2)
	m.rhs(t+float64(dt/2), tmp, k) // k2
	lanes.RK4Stage(acc, tmp, y, k, dt/2)
	m.rhs(t+float64(dt/2), tmp, k) // k3
	lanes.RK4Stage(acc, tmp, y, k, dt)
	m.rhs(next, tmp, k) // k4
	lanes.RK4Final(y, acc, k, dt/6)
}

// gravity holds the distance terms of equation 11 and the base-year
// constants of equation 13.
type gravity struct {
	distDecay []float64 // d_ij^-delta, i*N+j, zero on the diagonal; read only (shared)
	geo       geography
	mem       []float64 // what the slices below are carved from
	spend0    []float64 // A0_is
	logR0     []float64 // log R_is(t0)

	// Scratch.
	size []float64 // Y_j^gamma
	pi   []float64 // pi_ij
	flow []float64 // pi_ij acc_ijs, (i*N+j)*S+s: eq. 12's terms, reused by eq. 14
	x    []float64 // x_is
	gt   []float64 // i*S+s, snapshot's G_is times tradability
}

// gravity returns the gravity of a run of m in w's memory: that of w's
// last run, cleared, when it has m's numbers of members and segments (an
// experiment's runs then allocate none). Its distance terms are like's
// (nil, or a gravity of another run: a batch's first lane) or those of
// w's last run when either has m's members' locations and distance
// elasticity, so that a batch, and a worker's runs, compute them once;
// new ones are new memory, never written over, since other runs may share
// them. w keeps the gravity for its next run unless it has an error (then
// none: its geography must be checked again).
func (w *Workspace) gravity(m *model, like *gravity) (*gravity, error) {
	g, err := newGravityIn(m, like, w.grav)
	w.grav = g
	if err != nil {
		w.grav = nil
	}
	return g, err
}

// newGravityIn is Workspace.gravity with last (nil, or w's last run's
// gravity) for w's memory.
func newGravityIn(m *model, like, last *gravity) (*gravity, error) {
	N, S := m.N, m.S
	g := last
	if g != nil && len(g.size) == N && len(g.spend0) == N*S {
		clear(g.mem) // calibrate sets A0 only where there are users
	} else {
		mem := make([]float64, 4*N*S+N+N*N+N*N*S) // one allocation: every run of a batch makes its gravity
		g = &gravity{mem: mem}
		g.spend0, g.logR0, g.size, g.pi = carve(&mem, N*S), carve(&mem, N*S), carve(&mem, N), carve(&mem, N*N)
		g.flow, g.x, g.gt = carve(&mem, N*N*S), carve(&mem, N*S), carve(&mem, N*S)
	}
	switch {
	case like != nil && like.sameGeography(m):
		g.distDecay, g.geo = like.distDecay, like.geo
		return g, nil
	case g == last && g.sameGeography(m):
		return g, nil
	}
	g.distDecay = make([]float64, N*N)
	g.geo = geography{delta: m.p.Policy.GravityDistance}
	for _, mb := range m.p.Members {
		g.geo.lat = append(g.geo.lat, mb.Latitude)
		g.geo.lon = append(g.geo.lon, mb.Longitude)
	}
	var errs []error
	for i, a := range m.p.Members {
		for j, b := range m.p.Members {
			if i == j {
				continue
			}
			d := GreatCircleKm(a.Latitude, a.Longitude, b.Latitude, b.Longitude)
			if !(d >= 1) && m.p.Policy.GravityDistance != 0 && i < j {
				errs = append(errs, fmt.Errorf("sim: members %s and %s are %.3g km apart; give them distinct locations", a.ID, b.ID, d))
			}
			g.distDecay[i*N+j] = math.Pow(math.Max(d, 1), -m.p.Policy.GravityDistance)
		}
	}
	return g, errors.Join(errs...)
}

// geography is what distDecay is computed from.
type geography struct {
	lat, lon []float64
	delta    float64
}

// sameGeography reports whether m's members stand where g's did, with the
// same distance elasticity (so g's distance terms are m's).
func (g *gravity) sameGeography(m *model) bool {
	if len(g.geo.lat) != m.N || g.geo.delta != m.p.Policy.GravityDistance {
		return false
	}
	for i, mb := range m.p.Members {
		if g.geo.lat[i] != mb.Latitude || g.geo.lon[i] != mb.Longitude {
			return false
		}
	}
	return true
}

// crossBorder computes pi_ij and x_is (equations 11 and 12) from m's
// derived population, income and readiness (m.derive with outputs at the
// time asked) and effective coordination e.
func (g *gravity) crossBorder(m *model, e []float64) {
	g.shares(m)
	g.flows(m, e)
}

// shares computes the gravity shares pi_ij of equation 11.
func (g *gravity) shares(m *model) {
	N := m.N
	// Y_j^gamma as exp(gamma log Y_j), in one call each (Y_j > 0).
	gamma := m.p.Policy.GravitySize
	for j := range N {
		g.size[j] = m.population[j] * m.income[j]
	}
	fastmath.Logs(g.size, g.size)
	for j := range N {
		g.size[j] *= gamma
	}
	fastmath.Exps(g.size, g.size)
	for i := range N {
		sum := 0.0
		for j := range N {
			v := 0.0
			if j != i {
				v = g.size[j] * g.distDecay[i*N+j]
			}
			g.pi[i*N+j] = v
			sum += v
		}
		if sum > 0 {
			for j := range N {
				g.pi[i*N+j] /= sum
			}
		}
	}
}

// flows computes the flows and the shares bought abroad x_is (equations
// 8 and 12, eq.Trade) from pi (shares), m's R and e, then applies
// tradability; a batch calls eq.Trade through lanes.Trade.
func (g *gravity) flows(m *model, e []float64) {
	N, S := m.N, m.S
	eq.Trade(g.flow, g.x, e, m.wGroup, g.pi, m.R, m.p.Policy.BaselineAccess, N, S, m.G)
	for i := range N {
		x := g.x[i*S : (i+1)*S]
		for s := range x {
			x[s] *= m.p.Segments[s].Tradability
		}
	}
}

// calibrate sets A0_is so that the base year reproduces G0 exactly
// (equation 13), once m has derived the initial state with outputs (e
// its effective coordination).
func (g *gravity) calibrate(m *model, e []float64) {
	t0 := m.p.Time.Start
	g.crossBorder(m, e)
	for i, mb := range m.p.Members {
		for s := range m.S {
			is := i*m.S + s
			g.logR0[is] = m.logR[is]
			if mb.Users[s] > 0 {
				g.spend0[is] = mb.GMVUSD[s] / (mb.Users[s] * (1 + float64(m.p.Segments[s].Variety*g.x[is])) * m.spendEvent(i, s, t0))
			}
		}
	}
}
