package calibrate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/digisim/digisim/sim"
)

// Param is one parameter to fit. Set writes a value into a run's
// parameters (compiled by the caller, e.g. from a dotted scenario path);
// the estimate is kept inside the open interval (Lo, Hi).
type Param struct {
	Name   string
	Set    func(p *sim.Params, v float64)
	Lo, Hi float64
	// Get, optional, reads the value from parameters: the base scenario's
	// value is then the first starting point and is reported.
	Get func(p *sim.Params) float64
	// Prior, optional (SD > 0), regularises the estimate towards Mean: the
	// fit adds the residual (value - Mean) / SD, a Gaussian prior on the
	// log scale of the data. It keeps parameters that few observations
	// inform (a member offset, a shock in a year with little data) near
	// what is assumed without them, and it counts as one more observation
	// in the degrees of freedom and the standard errors.
	Prior Prior
}

// Prior is a Gaussian prior on one parameter; SD 0 means none.
type Prior struct {
	Mean, SD float64
}

// Observation is one observed value and how to read the same quantity from
// a run of the model.
type Observation struct {
	Series string  // the series it belongs to, e.g. "SEA6 gmv ecommerce"
	Time   float64 // an output time of the scenario
	Value  float64 // observed, > 0
	Weight float64 // weight of its squared log residual; 0 means 1
	// Model reads the quantity from a snapshot; it must be > 0 wherever the
	// fit looks.
	Model func(sn *sim.Snapshot) float64
	// Region, Variable and Segment, optional, say what the series is
	// (e.g. "ID", "gmv", "ecommerce"), for scores by member and segment.
	Region, Variable, Segment string
	// Level, optional, frees the level of a series: observations with the
	// same non-empty Level share one log offset that the fit does not
	// charge for (it is profiled out: the weighted mean log residual of
	// the group), so they inform the model's path, not its level. Use it
	// where the model's base-year seed and the data differ in level for
	// reasons the model does not describe (a restated report vintage, an
	// assumed split of a total). A backtest anchors such a series' forecast
	// on its last training observation.
	Level string
}

// Problem is a calibration: a base scenario, the parameters to fit and the
// data to fit them to.
type Problem struct {
	Base   *sim.Params
	Params []Param
	Obs    []Observation

	// Starts is the number of starting points: the base scenario's own
	// values (clamped into the bounds; the box's centre for a parameter
	// without Get) and Starts-1 points of a Halton
	// sequence over the box. 0 means 6.
	Starts int
	// Workers run starting points in parallel; 0 means runtime.NumCPU().
	Workers int
	// MaxIterations bounds the Gauss-Newton iterations of one start; 0
	// means 60.
	MaxIterations int
}

// Estimate is the fitted value of one parameter.
type Estimate struct {
	Name  string
	Value float64
	Base  float64 // value in the base scenario
	// SE is the approximate standard error from the Gauss-Newton
	// covariance; NaN when there are no residual degrees of freedom, +Inf
	// when the parameter is not identified.
	SE         float64
	Lo95, Hi95 float64 // Value -+ 1.96 SE, clipped to the bounds
	Lo, Hi     float64 // the bounds
	OnBound    bool    // within 0.1% of the range from a bound
	Identified bool
	Note       string // why it is not identified, or empty
}

// Point is one observation against the fitted model.
type Point struct {
	Series   string
	Region   string // as the Observation says, when it does
	Variable string
	Segment  string
	Time     float64
	Observed float64
	Fitted   float64
	ErrPct   float64 // 100 (Fitted/Observed - 1)
	LogErr   float64 // log(Fitted / Observed)
	Held     bool    // not used in the fit (a backtest's test set)
	Anchored bool    // a held point whose forecast starts from its series' last training value (Observation.Level)
}

// SeriesFit summarises the points of one series.
type SeriesFit struct {
	Series       string
	N            int
	RMSELog      float64 // root mean square of log(Fitted/Observed)
	MaxAbsErrPct float64
}

// Start records one starting point's run.
type Start struct {
	Initial []float64
	Final   []float64
	Cost    float64
	Evals   int // model runs
	Status  string
}

// Result is a calibration's report.
type Result struct {
	Estimates []Estimate
	Points    []Point     // in the order of Problem.Obs
	Series    []SeriesFit // in order of first appearance
	RMSELog   float64     // over all fitted points, unweighted
	Cost      float64     // 1/2 sum w r^2 at the estimate
	DOF       int         // observations minus parameters
	Sigma     float64     // s, the weighted log-residual standard deviation; NaN if DOF < 1
	// Condition is the condition number of the Jacobian with unit-norm
	// columns (the collinearity diagnostic): large means some combination
	// of parameters is not determined by the data.
	Condition float64
	Starts    []Start
	Best      int // index of the start that won
	Evals     int // model runs in all
	Elapsed   time.Duration
	Warnings  []string
	Params    *sim.Params // the base scenario with the estimates set
}

// errorPenalty is the log residual given to every observation when a
// trial point cannot run (for example base users above potential users) or
// the model gives a non-positive value: e^10 is far worse than any fit,
// yet finite, so that line searches back off instead of failing.
const errorPenalty = 10

// Fit calibrates pr. It returns an error when the problem is malformed
// (bounds, observation times, values); a poor fit is reported in the
// Result's warnings, not as an error.
func Fit(ctx context.Context, pr Problem) (*Result, error) {
	began := time.Now()
	ev, err := newEvaluator(pr, true)
	if err != nil {
		return nil, err
	}
	nStarts := pr.Starts
	if nStarts <= 0 {
		nStarts = 6
	}
	starts := startingPoints(ev, nStarts)
	workers := pr.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	workers = min(workers, len(starts))
	maxIter := pr.MaxIterations
	if maxIter <= 0 {
		maxIter = 60
	}

	out := make([]Start, len(starts))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range jobs {
				out[k] = ev.minimise(ctx, starts[k], maxIter)
			}
		}()
	}
	for k := range starts {
		if ctx.Err() != nil {
			break
		}
		jobs <- k
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	best := 0
	for k := range out {
		if out[k].Cost < out[best].Cost {
			best = k
		}
	}
	res := &Result{Starts: out, Best: best}
	for _, s := range out {
		res.Evals += s.Evals
	}
	if err := ev.report(res, out[best].Final); err != nil {
		return nil, err
	}
	res.Elapsed = time.Since(began)
	return res, nil
}

// evaluator runs the model for parameter values and compares it with the
// observations. Its methods are safe for concurrent use.
type evaluator struct {
	pr    Problem
	base  *sim.Params // the base truncated to the last observation
	steps []int       // per observation, its snapshot index
	logY  []float64   // per observation, log of the observed value
	sqrtW []float64
	lo    []float64
	width []float64 // Hi - Lo
	prior []int     // indices of the parameters with a prior, in order
	level [][]int   // observations per Level group
}

// nResid is the length of the residual vector: one per observation, then
// one per prior.
func (ev *evaluator) nResid() int { return len(ev.pr.Obs) + len(ev.prior) }

func newEvaluator(pr Problem, fitting bool) (*evaluator, error) {
	var errs []error
	if pr.Base == nil {
		return nil, errors.New("calibrate: no base scenario")
	}
	if len(pr.Params) == 0 && fitting {
		errs = append(errs, errors.New("calibrate: no parameters to fit; name at least one"))
	}
	if len(pr.Obs) == 0 {
		errs = append(errs, errors.New("calibrate: no observations to fit to"))
	}
	ev := &evaluator{pr: pr}
	seen := map[string]bool{}
	for _, p := range pr.Params {
		switch {
		case seen[p.Name]:
			errs = append(errs, fmt.Errorf("calibrate: parameter %s listed twice; list it once", p.Name))
		case p.Set == nil:
			errs = append(errs, fmt.Errorf("calibrate: parameter %s has no setter", p.Name))
		case !(p.Lo < p.Hi) || math.IsInf(p.Lo, 0) || math.IsInf(p.Hi, 0):
			errs = append(errs, fmt.Errorf("calibrate: parameter %s: bounds [%v, %v] must be finite with lo < hi", p.Name, p.Lo, p.Hi))
		case p.Prior.SD < 0 || math.IsNaN(p.Prior.SD) || math.IsInf(p.Prior.SD, 0) || math.IsNaN(p.Prior.Mean) || math.IsInf(p.Prior.Mean, 0):
			errs = append(errs, fmt.Errorf("calibrate: parameter %s: prior mean %v, sd %v; want finite numbers and sd >= 0 (0: no prior)", p.Name, p.Prior.Mean, p.Prior.SD))
		case p.Prior.SD > 0:
			ev.prior = append(ev.prior, len(ev.lo))
		}
		seen[p.Name] = true
		ev.lo = append(ev.lo, p.Lo)
		ev.width = append(ev.width, p.Hi-p.Lo)
	}
	tEnd := math.Inf(-1)
	for j, o := range pr.Obs {
		switch {
		case !(o.Value > 0) || math.IsInf(o.Value, 0):
			errs = append(errs, fmt.Errorf("calibrate: observation %d (%s at %v): value %v; log fitting needs a finite value > 0", j, o.Series, o.Time, o.Value))
		case o.Weight < 0 || math.IsNaN(o.Weight) || math.IsInf(o.Weight, 0):
			errs = append(errs, fmt.Errorf("calibrate: observation %d (%s at %v): weight %v; want a finite weight >= 0 (0 means 1)", j, o.Series, o.Time, o.Weight))
		case o.Model == nil:
			errs = append(errs, fmt.Errorf("calibrate: observation %d (%s at %v): no model reader", j, o.Series, o.Time))
		}
		tEnd = math.Max(tEnd, o.Time)
		w := o.Weight
		if w == 0 {
			w = 1
		}
		ev.sqrtW = append(ev.sqrtW, math.Sqrt(w))
		ev.logY = append(ev.logY, math.Log(o.Value))
	}
	groups := map[string]int{}
	for j, o := range pr.Obs {
		if o.Level == "" {
			continue
		}
		g, ok := groups[o.Level]
		if !ok {
			g = len(ev.level)
			groups[o.Level] = g
			ev.level = append(ev.level, nil)
		}
		ev.level[g] = append(ev.level[g], j)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	tm := pr.Base.Time
	if tEnd < tm.Start-1e-9 || tEnd > tm.End+1e-9 {
		return nil, fmt.Errorf("calibrate: last observation at %v is outside the scenario's time axis [%v, %v]", tEnd, tm.Start, tm.End)
	}
	ev.base = pr.Base.Clone()
	ev.base.Time.End = math.Max(tEnd, tm.Start+tm.Step)
	ref, err := sim.Run(ev.base)
	if err != nil {
		return nil, fmt.Errorf("calibrate: the base scenario does not run: %w", err)
	}
	for j, o := range pr.Obs {
		k, ok := ref.StepAt(o.Time)
		if !ok {
			errs = append(errs, fmt.Errorf("calibrate: observation %d (%s): time %v is not an output time of the scenario (%v to %v every %v years)",
				j, o.Series, o.Time, tm.Start, tm.End, tm.OutputStep))
			continue
		}
		ev.steps = append(ev.steps, k)
		if v := o.Model(&ref.Steps[k]); !(v > 0) || math.IsInf(v, 0) {
			errs = append(errs, fmt.Errorf("calibrate: observation %d (%s at %v): the base scenario gives %v; log fitting needs a model value > 0 (does the scenario seed this quantity?)",
				j, o.Series, o.Time, v))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return ev, nil
}

// theta maps unconstrained u to parameter values.
func (ev *evaluator) theta(u, th []float64) {
	for i := range u {
		th[i] = ev.lo[i] + float64(ev.width[i]*logistic(u[i]))
	}
}

func logistic(u float64) float64 {
	if u >= 0 {
		return 1 / (1 + math.Exp(-u))
	}
	e := math.Exp(u)
	return e / (1 + e)
}

// logit is the inverse of logistic, for a fraction strictly inside (0, 1).
func logit(f float64) float64 { return math.Log(f / (1 - f)) }

// residuals runs the model at th and writes the weighted log residuals
// into r, then the prior residuals. It reports whether the run succeeded
// (r holds the penalty if not).
func (ev *evaluator) residuals(th, r []float64) bool {
	res, err := sim.Run(ev.params(th))
	return ev.fill(th, res, err, r)
}

// residualsMany is residuals at several points, run together where
// batches pay (sim.BatchSize; sim.RunBatch gives each run's bits as
// sim.Run): the columns of a finite-difference Jacobian.
func (ev *evaluator) residualsMany(ths, rs [][]float64) {
	if sim.BatchSize() == 1 {
		for k, th := range ths {
			ev.residuals(th, rs[k])
		}
		return
	}
	ps := make([]*sim.Params, len(ths))
	for k, th := range ths {
		ps[k] = ev.params(th)
	}
	res, errs := sim.RunBatch(ps, nil)
	for k, th := range ths {
		ev.fill(th, res[k], errs[k], rs[k])
	}
}

// params returns the base scenario with the parameters at th.
func (ev *evaluator) params(th []float64) *sim.Params {
	p := ev.base.Clone()
	for i, prm := range ev.pr.Params {
		prm.Set(p, th[i])
	}
	return p
}

// fill writes into r the residuals of th's run (res, or its error err).
func (ev *evaluator) fill(th []float64, res *sim.Result, err error, r []float64) bool {
	m := len(ev.pr.Obs)
	for k, i := range ev.prior {
		pr := ev.pr.Params[i].Prior
		r[m+k] = (th[i] - pr.Mean) / pr.SD
	}
	ok := err == nil
	for j, o := range ev.pr.Obs {
		if !ok {
			r[j] = ev.sqrtW[j] * errorPenalty
			continue
		}
		v := o.Model(&res.Steps[ev.steps[j]])
		if !(v > 0) || math.IsInf(v, 0) {
			r[j] = ev.sqrtW[j] * errorPenalty
			continue
		}
		r[j] = ev.sqrtW[j] * (math.Log(v) - ev.logY[j])
	}
	if ok {
		for _, g := range ev.level {
			c := ev.offset(g, r)
			for _, j := range g {
				r[j] -= float64(ev.sqrtW[j] * c)
			}
		}
	}
	return ok
}

// offset is the weighted mean log residual of one Level group, from its
// weighted residuals r_j = sqrt(w_j) d_j: sum w_j d_j / sum w_j.
func (ev *evaluator) offset(g []int, r []float64) float64 {
	num, den := 0.0, 0.0
	for _, j := range g {
		num += float64(ev.sqrtW[j] * r[j])
		den += float64(ev.sqrtW[j] * ev.sqrtW[j])
	}
	return num / den
}

// fitted runs the model at th and returns each observation's model value.
func (ev *evaluator) fitted(th []float64) ([]float64, *sim.Params, error) {
	p := ev.pr.Base.Clone()
	for i, prm := range ev.pr.Params {
		prm.Set(p, th[i])
	}
	q := p.Clone()
	q.Time.End = ev.base.Time.End
	res, err := sim.Run(q)
	if err != nil {
		return nil, nil, err
	}
	out := make([]float64, len(ev.pr.Obs))
	for j, o := range ev.pr.Obs {
		out[j] = o.Model(&res.Steps[ev.steps[j]])
	}
	return out, p, nil
}

func sumSq(r []float64) float64 {
	s := 0.0
	for _, v := range r {
		s += float64(v * v)
	}
	return s
}

// startingPoints returns the starting values: the base scenario's, clamped
// to the middle 98% of the box (the centre where a parameter has no Get),
// then points of a Halton sequence over the middle 96% of the box. Halton
// point 0 is the origin and point 1 the centre, so it starts at 2.
func startingPoints(ev *evaluator, n int) [][]float64 {
	dim := len(ev.pr.Params)
	first := make([]float64, dim)
	for i, prm := range ev.pr.Params {
		f := 0.5
		if prm.Get != nil {
			f = (prm.Get(ev.pr.Base) - ev.lo[i]) / ev.width[i]
			if math.IsNaN(f) {
				f = 0.5
			}
		}
		first[i] = ev.lo[i] + float64(ev.width[i]*math.Min(math.Max(f, 0.01), 0.99))
	}
	out := [][]float64{first}
	primes := []int{2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53}
	for k := 2; len(out) < n; k++ {
		x := make([]float64, dim)
		for i := range dim {
			f := halton(k, primes[i%len(primes)])
			x[i] = ev.lo[i] + float64(ev.width[i]*(0.02+float64(0.96*f)))
		}
		out = append(out, x)
	}
	return out
}

// halton returns element k of the van der Corput sequence in base b.
func halton(k, b int) float64 {
	f, r := 1.0, 0.0
	for k > 0 {
		f /= float64(b)
		r += float64(f * float64(k%b))
		k /= b
	}
	return r
}

// minimise runs Gauss-Newton from th0.
func (ev *evaluator) minimise(ctx context.Context, th0 []float64, maxIter int) Start {
	n, m := len(th0), ev.nResid()
	st := Start{Initial: append([]float64(nil), th0...)}
	u0 := make([]float64, n)
	for i := range th0 {
		f := (th0[i] - ev.lo[i]) / ev.width[i]
		u0[i] = logit(math.Min(math.Max(f, 1e-9), 1-1e-9))
	}
	gn := &gaussNewton{ev: ev, n: n, m: m}
	prob := optimize.Problem{
		Func: gn.cost,
		Grad: gn.grad,
		Hess: gn.hess,
		Status: func() (optimize.Status, error) {
			if ctx.Err() != nil {
				return optimize.Failure, ctx.Err()
			}
			return optimize.NotTerminated, nil
		},
	}
	settings := &optimize.Settings{
		MajorIterations: maxIter,
		// Stop when three iterations in a row improve the cost by less
		// than one part in 1e9 (plus 1e-14 absolute, for exact fits).
		Converger: &optimize.FunctionConverge{Absolute: 1e-14, Relative: 1e-9, Iterations: 3},
	}
	method := &optimize.Newton{Linesearcher: &optimize.Backtracking{}, GradStopThreshold: 1e-10}
	res, err := optimize.Minimize(prob, u0, settings, method)
	uBest := u0
	st.Status = "failed"
	if res != nil {
		uBest = res.X
		st.Status = res.Status.String()
	}
	if err != nil {
		st.Status += " (" + err.Error() + ")"
	}
	st.Final = make([]float64, n)
	ev.theta(uBest, st.Final)
	r := make([]float64, m)
	ev.residuals(st.Final, r)
	st.Cost = 0.5 * sumSq(r)
	st.Evals = gn.evals + 1
	return st
}

// gaussNewton serves gonum's Newton method the cost, its gradient J^T r and
// the Gauss-Newton Hessian J^T J, all from one Jacobian per point.
type gaussNewton struct {
	ev    *evaluator
	n, m  int
	evals int

	rx, r []float64 // the point and residuals of the last cost evaluation
	jx    []float64 // the point of the cached Jacobian
	jac   []float64 // m x n, row-major
	jr    []float64 // residuals at jx
}

func (g *gaussNewton) resid(u []float64, r []float64) {
	th := make([]float64, g.n)
	g.ev.theta(u, th)
	g.ev.residuals(th, r)
	g.evals++
}

func (g *gaussNewton) cost(u []float64) float64 {
	if g.rx == nil || !equal(g.rx, u) {
		g.rx = append(g.rx[:0], u...)
		g.r = resize(g.r, g.m)
		g.resid(u, g.r)
	}
	return 0.5 * sumSq(g.r)
}

// jacobian fills the forward-difference Jacobian at u, steps of 1e-6 in u
// (the model is deterministic and smooth, so the truncation error of about
// 1e-6 relative dominates rounding).
func (g *gaussNewton) jacobian(u []float64) {
	if g.jx != nil && equal(g.jx, u) {
		return
	}
	g.jx = append(g.jx[:0], u...)
	g.jr = resize(g.jr, g.m)
	if g.rx != nil && equal(g.rx, u) {
		copy(g.jr, g.r)
	} else {
		g.resid(u, g.jr)
	}
	g.jac = resize(g.jac, g.m*g.n)
	ths, rs, hs := make([][]float64, g.n), make([][]float64, g.n), make([]float64, g.n)
	up := append([]float64(nil), u...)
	for i := range g.n {
		hs[i] = float64(1e-6 * math.Max(1, math.Abs(u[i])))
		up[i] = u[i] + hs[i]
		ths[i], rs[i] = make([]float64, g.n), make([]float64, g.m)
		g.ev.theta(up, ths[i])
		up[i] = u[i]
	}
	g.ev.residualsMany(ths, rs)
	g.evals += g.n
	for i, r1 := range rs {
		for j := range g.m {
			g.jac[j*g.n+i] = (r1[j] - g.jr[j]) / hs[i]
		}
	}
}

func (g *gaussNewton) grad(grad, u []float64) {
	g.jacobian(u)
	for i := range g.n {
		s := 0.0
		for j := range g.m {
			s += float64(g.jac[j*g.n+i] * g.jr[j])
		}
		grad[i] = s
	}
}

func (g *gaussNewton) hess(h *mat.SymDense, u []float64) {
	g.jacobian(u)
	for a := range g.n {
		for b := a; b < g.n; b++ {
			s := 0.0
			for j := range g.m {
				s += float64(g.jac[j*g.n+a] * g.jac[j*g.n+b])
			}
			h.SetSym(a, b, s)
		}
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func resize(v []float64, n int) []float64 {
	if cap(v) < n {
		return make([]float64, n)
	}
	return v[:n]
}

// names lists parameter names for messages.
func names(ps []Param, idx []int) string {
	var out []string
	for _, i := range idx {
		out = append(out, ps[i].Name)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}
