package fit

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/calibrate"
)

// z80 is the standard normal 90% quantile: p10 and p90 are the forecast
// times exp(-+z80 sigma) on the log scale.
const z80 = 1.2815515655446004

// forecaster makes the recipe's forecasts from any origin T with nothing
// published after T: the fit on the observations up to T, the recipe's
// choices made by an inner rolling origin on the years up to T, and
// intervals from the estimates' covariance and the one-year-ahead errors
// of the forecasts made before T, scored on years up to T. Fits are kept
// by (origin, choice), since every later origin reuses them.
type forecaster struct {
	ctx     context.Context
	s       *setup
	o       Options
	pb      *published
	first   int // first year of the fitted data: the first possible origin
	last    int // last year of the data: forecasts run to it
	ms      []msSeries
	grid    [][]float64 // every combination of the choices' values
	fits    map[fitKey]*fitted
	origins map[int]*originFit // the forecast made at each origin, once
}

// msSeries is one fitted member x segment GMV series: the model reads it,
// and with a free level a forecast starts from its last training value.
type msSeries struct {
	member, segment string
	read            func(*sim.Snapshot) float64
	level           bool
	years           []int // its observed years, increasing
	values          []float64
}

type fitKey struct {
	t      int
	choice string // the chosen values, "" where the choices do not apply
}

// fitted is one fit at an origin, with its point forecasts.
type fitted struct {
	bt     *calibrate.BacktestResult
	pr     calibrate.Problem
	params *sim.Params             // the fitted scenario, with the choices
	fc     map[agg]map[int]float64 // T+1..last
}

// originFit is the forecast made at origin T.
type originFit struct {
	T int
	*fitted
	// Choice holds the chosen values (nil: the choices do not apply at T);
	// ChosenBy says how ("default" where no earlier origin could judge).
	Choice   []float64
	ChosenBy string
	Criteria []criterion // the inner rolling origin's score of each value
	// sdParam is the log-scale sd of each forecast from the estimates'
	// covariance; surprise the sd of a one-year-ahead log error by kind,
	// from the forecasts made at earlier origins (n of them).
	sdParam  map[agg]map[int]float64
	surprise map[string]float64
	nSurp    map[string]int
}

// criterion is one combination of choices scored by the inner rolling
// origin: the mean over inner origins of the mean of member and segment
// MAPE over the years after each up to T.
type criterion struct {
	Values  []float64
	Score   float64
	Origins []int
}

func newForecaster(ctx context.Context, s *setup, o Options) (*forecaster, error) {
	f := &forecaster{ctx: ctx, s: s, o: o, pb: newPublished(s.all), fits: map[fitKey]*fitted{}, origins: map[int]*originFit{}}
	f.first, f.last = s.data.Years()
	at := map[string]int{}
	for _, ob := range s.obs {
		if ob.Variable != "gmv" || ob.Region == "" || ob.Segment == "" || ob.Segment == "total" {
			continue
		}
		k, ok := at[ob.Series]
		if !ok {
			k = len(f.ms)
			at[ob.Series] = k
			f.ms = append(f.ms, msSeries{member: ob.Region, segment: ob.Segment, read: ob.Model, level: ob.Level != ""})
		}
		m := &f.ms[k]
		m.years = append(m.years, int(math.Round(ob.Time)))
		m.values = append(m.values, ob.Value)
	}
	for _, m := range f.ms {
		if !slices.IsSorted(m.years) {
			return nil, fmt.Errorf("%s: the rows of %s %s are not in year order", s.data.File, m.member, m.segment)
		}
	}
	var levels [][]float64
	for _, c := range s.r.Choices {
		levels = append(levels, c.Values)
	}
	f.grid = [][]float64{nil}
	for _, lv := range levels {
		var next [][]float64
		for _, g := range f.grid {
			for _, v := range lv {
				next = append(next, append(slices.Clone(g), v))
			}
		}
		f.grid = next
	}
	return f, nil
}

// target is what one choice sets in the problem at an origin: concrete
// keys of the scenario (a path choice) or fitted parameters, by index in
// Problem.Params, whose prior mean it is (a prior_mean_of choice).
type target struct {
	keys   []string
	params []int
	sds    []int // indices into Problem.Params whose prior SD it is (prior_sd_of)
}

// choiceTargets returns, per choice of the recipe, what it sets in pr
// (events filtered by segment); nothing at all means the choices do not
// apply at pr's origin (no event they name is known yet).
func (f *forecaster) choiceTargets(pr calibrate.Problem) ([]target, int, error) {
	var out []target
	n := 0
	for j, c := range f.s.r.Choices {
		var tg target
		if c.Path != "" {
			prm, err := scenarios.Path(pr.Base, c.Path)
			if err != nil {
				return nil, 0, f.s.r.Errorf(fmt.Sprintf("choose[%d].path", j), c.Path, "%v", errReason(err))
			}
			for _, key := range prm.Expansions {
				if len(c.Segments) == 0 || eventOn(pr.Base, key, c.Segments) {
					tg.keys = append(tg.keys, key)
				}
			}
		}
		priors := func(paths []string) []int {
			var idx []int
			for _, path := range paths {
				names := map[string]bool{path: true}
				if prm, err := scenarios.Path(pr.Base, path); err == nil {
					for _, k := range prm.Expansions {
						names[k] = true
					}
				}
				for i, cp := range pr.Params {
					if names[cp.Name] && cp.Prior.SD > 0 {
						idx = append(idx, i)
					}
				}
			}
			return idx
		}
		tg.params, tg.sds = priors(c.PriorMeanOf), priors(c.PriorSDOf)
		out = append(out, tg)
		n += len(tg.keys) + len(tg.params) + len(tg.sds)
	}
	return out, n, nil
}

// setChoices writes the choices' values into pr: scenario keys into its
// base, prior means into its parameters (and the base, where every fit
// starts: at the prior means).
func setChoices(pr *calibrate.Problem, tgs []target, vals []float64) {
	setScenario(pr.Base, tgs, vals)
	for j, tg := range tgs {
		for _, i := range tg.params {
			pr.Params[i].Prior.Mean = vals[j]
			pr.Params[i].Set(pr.Base, vals[j])
		}
		for _, i := range tg.sds {
			pr.Params[i].Prior.SD = vals[j]
		}
	}
}

// setScenario writes the path choices' values into p.
func setScenario(p *sim.Params, tgs []target, vals []float64) {
	for j, tg := range tgs {
		for _, k := range tg.keys {
			prm, _ := scenarios.Path(p, k) // compiled by choiceTargets
			prm.Set(p, vals[j])
		}
	}
}

// eventOn reports whether the event a key such as "events[3].fade" belongs
// to is on the given segments only (an event naming no segment is on all).
func eventOn(p *sim.Params, key string, segs []string) bool {
	rest, ok := strings.CutPrefix(key, "events[")
	i := strings.IndexByte(rest, ']')
	if !ok || i < 0 {
		return false
	}
	k, err := strconv.Atoi(rest[:i])
	if err != nil || k < 0 || k >= len(p.Events) {
		return false
	}
	ev := p.Events[k]
	if len(ev.Segments) == 0 {
		return len(segs) >= len(p.Segments)
	}
	for _, s := range ev.Segments {
		if !slices.Contains(segs, p.Segments[s].ID) {
			return false
		}
	}
	return true
}

// fitAt fits the recipe at origin t with the choices at vals (ignored
// where they do not apply at t); fits are kept.
func (f *forecaster) fitAt(t int, vals []float64) (*fitted, error) {
	pr, err := f.s.problem(float64(t), f.o)
	if err != nil {
		return nil, err
	}
	tgs, n, err := f.choiceTargets(pr)
	if err != nil {
		return nil, err
	}
	key := fitKey{t: t}
	if n > 0 {
		key.choice = fmt.Sprint(vals)
	}
	if fd, ok := f.fits[key]; ok {
		return fd, nil
	}
	// Choices that cannot move the model up to t (afterOrigin) share one
	// fit, projected with each value.
	shared := n > 0 && f.afterOrigin(pr, tgs, t)
	var fit *calibrate.Result
	if shared {
		sk := fitKey{t: t, choice: "shared"}
		if fd, ok := f.fits[sk]; ok {
			fit = fd.bt.Fit
		} else {
			dp := pr
			dp.Base = pr.Base.Clone()
			dp.Params = slices.Clone(pr.Params)
			setChoices(&dp, tgs, f.defaults())
			bt, err := calibrate.Backtest(f.ctx, dp, float64(t))
			if err != nil {
				return nil, fmt.Errorf("origin %d: %w", t, err)
			}
			f.fits[sk] = &fitted{bt: bt, pr: dp}
			fit = bt.Fit
		}
	}
	if n > 0 {
		setChoices(&pr, tgs, vals)
	}
	var bt *calibrate.BacktestResult
	var params *sim.Params // the fitted scenario with these choices
	if shared {
		params = fit.Params.Clone()
		setScenario(params, tgs, vals)
		for j, tg := range tgs {
			for _, i := range tg.params {
				pr.Params[i].Set(params, vals[j]) // its estimate: the prior mean
			}
		}
		bt, err = calibrate.Holdout(fit, params, pr.Obs, float64(t))
	} else {
		bt, err = calibrate.Backtest(f.ctx, pr, float64(t))
		if err == nil {
			params = bt.Fit.Params
		}
	}
	if err != nil {
		return nil, fmt.Errorf("origin %d: %w", t, err)
	}
	fc, err := f.project([]*sim.Params{params}, t)
	if err != nil {
		return nil, fmt.Errorf("origin %d: %w", t, err)
	}
	fd := &fitted{bt: bt, pr: pr, params: params, fc: fc[0]}
	f.fits[key] = fd
	return fd, nil
}

// defaults are the choices' a priori values.
func (f *forecaster) defaults() []float64 {
	var out []float64
	for _, c := range f.s.r.Choices {
		out = append(out, *c.Default)
	}
	return out
}

// afterOrigin reports whether every choice sets only fades of events that
// end after t, as scenario values or as the prior mean of fitted fades:
// fades act only after their event's end, and the model is causal, so no
// model value up to t depends on them. A fit then does not depend on the
// values (a fade no observation informs is estimated at its prior mean,
// the others as if it were not there), and one fit serves them all.
func (f *forecaster) afterOrigin(pr calibrate.Problem, tgs []target, t int) bool {
	later := func(key string) bool {
		rest, ok := strings.CutPrefix(key, "events[")
		i := strings.Index(rest, "].fade")
		if !ok || i < 0 || i+len("].fade") != len(rest) {
			return false
		}
		e, err := strconv.Atoi(rest[:i])
		return err == nil && e >= 0 && e < len(pr.Base.Events) && pr.Base.Events[e].End > float64(t)
	}
	for _, tg := range tgs {
		keys := slices.Clone(tg.keys)
		for _, i := range slices.Concat(tg.params, tg.sds) {
			prm, err := scenarios.Path(pr.Base, pr.Params[i].Name)
			if err != nil || len(prm.Expansions) == 0 {
				return false
			}
			keys = append(keys, prm.Expansions...)
		}
		for _, k := range keys {
			if !later(k) {
				return false
			}
		}
	}
	return true
}

// applies reports whether the recipe's choices set anything at origin t.
func (f *forecaster) applies(t int) (bool, error) {
	if len(f.s.r.Choices) == 0 {
		return false, nil
	}
	pr, err := f.s.problem(float64(t), f.o)
	if err != nil {
		return false, err
	}
	_, n, err := f.choiceTargets(pr)
	return n > 0, err
}

// at returns the point forecast made at origin T (fit, choice); kept.
func (f *forecaster) at(T int) (*originFit, error) {
	if of, ok := f.origins[T]; ok {
		return of, nil
	}
	if err := f.ctx.Err(); err != nil {
		return nil, err
	}
	of := &originFit{T: T}
	ok, err := f.applies(T)
	if err != nil {
		return nil, err
	}
	if ok {
		if err := f.choose(of); err != nil {
			return nil, err
		}
	}
	if of.fitted, err = f.fitAt(T, of.Choice); err != nil {
		return nil, err
	}
	f.origins[T] = of
	return of, nil
}

// choose picks the recipe's choices at of.T by an inner rolling origin:
// every combination is fitted at each earlier origin t where it applies
// and scored on the years t+1..T; the smallest mean of member and segment
// MAPE wins. With no such t, the choices' defaults (set a priori) hold.
func (f *forecaster) choose(of *originFit) error {
	var inner []int
	for t := f.first; t < of.T; t++ {
		ok, err := f.applies(t)
		if err != nil {
			return err
		}
		if ok {
			inner = append(inner, t)
		}
	}
	if len(inner) == 0 {
		of.Choice = f.defaults()
		of.ChosenBy = "default (no earlier origin knows the setting)"
		return nil
	}
	best := -1
	for g, vals := range f.grid {
		cr := criterion{Values: vals, Origins: inner}
		for _, t := range inner {
			fd, err := f.fitAt(t, vals)
			if err != nil {
				return err
			}
			mm := f.mape(fd.fc, t, of.T, "member")
			ms := f.mape(fd.fc, t, of.T, "segment")
			cr.Score += (mm + ms) / 2 / float64(len(inner))
		}
		of.Criteria = append(of.Criteria, cr)
		if best < 0 || cr.Score < of.Criteria[best].Score {
			best = g
		}
	}
	of.Choice = f.grid[best]
	of.ChosenBy = fmt.Sprintf("inner rolling origin%s %s scored to %d", plural(len(inner)), yearSpan(inner), of.T)
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func yearSpan(ys []int) string {
	if len(ys) == 1 {
		return strconv.Itoa(ys[0])
	}
	return fmt.Sprintf("%d-%d", ys[0], ys[len(ys)-1])
}

// mape is the MAPE (%) of the forecasts fc made at t of the aggregates of
// one kind, over the published years t+1..upTo; NaN where none.
func (f *forecaster) mape(fc map[agg]map[int]float64, t, upTo int, kind string) float64 {
	sum, n := 0.0, 0
	for _, a := range f.pb.aggs {
		if a.kind() != kind {
			continue
		}
		for y := t + 1; y <= upTo; y++ {
			obs, ok := f.pb.at(a, y)
			if v, has := fc[a][y]; ok && has {
				sum += math.Abs(100 * (v/obs - 1))
				n++
			}
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

// project runs each of ps and returns its forecasts of every aggregate
// for the years T+1..last: the member x segment series summed, each with
// a free level started from its last published value up to T (as
// calibrate.Backtest anchors them).
func (f *forecaster) project(ps []*sim.Params, T int) ([]map[agg]map[int]float64, error) {
	runs := make([]*sim.Params, len(ps))
	for k, p := range ps {
		runs[k] = p.Clone()
		runs[k].Time.End = float64(f.last)
	}
	res, errs := sim.RunBatch(runs, nil)
	out := make([]map[agg]map[int]float64, len(ps))
	for k, r := range res {
		if errs[k] != nil {
			return nil, errs[k]
		}
		fc := map[agg]map[int]float64{}
		for _, a := range f.pb.aggs {
			fc[a] = map[int]float64{}
		}
		for _, m := range f.ms {
			ratio := 1.0
			if m.level {
				for j := len(m.years) - 1; j >= 0; j-- {
					if m.years[j] <= T {
						st, ok := r.StepAt(float64(m.years[j]))
						if !ok {
							return nil, fmt.Errorf("year %d is not an output time", m.years[j])
						}
						ratio = m.values[j] / m.read(&r.Steps[st])
						break
					}
				}
			}
			for y := T + 1; y <= f.last; y++ {
				st, ok := r.StepAt(float64(y))
				if !ok {
					return nil, fmt.Errorf("year %d is not an output time", y)
				}
				v := ratio * m.read(&r.Steps[st])
				for _, a := range []agg{{}, {Member: m.member}, {Segment: m.segment}} {
					if _, kept := fc[a]; kept {
						fc[a][y] += v
					}
				}
			}
		}
		out[k] = fc
	}
	return out, nil
}

// intervals fills of's spreads: the log-scale sd of each forecast from
// the estimates' covariance (delta method: central differences of the
// log forecast, steps of 1e-4 of each parameter's range), and the sd of
// the one-year-ahead log errors of the forecasts made at every earlier
// origin, scored on the years up to T, by kind of aggregate.
func (f *forecaster) intervals(of *originFit) error {
	fit := of.bt.Fit
	n := len(fit.Estimates)
	var ps []*sim.Params
	var idx []int
	var span []float64
	for i, e := range fit.Estimates {
		if fit.Cov == nil || math.IsNaN(fit.Cov[i][i]) || fit.Cov[i][i] == 0 {
			continue
		}
		h := 1e-4 * (e.Hi - e.Lo)
		hi, lo := math.Min(e.Value+h, e.Hi), math.Max(e.Value-h, e.Lo)
		for _, v := range []float64{hi, lo} {
			p := of.params.Clone()
			of.pr.Params[i].Set(p, v)
			ps = append(ps, p)
		}
		idx = append(idx, i)
		span = append(span, hi-lo)
	}
	var fcs []map[agg]map[int]float64
	if len(ps) > 0 {
		var err error
		if fcs, err = f.project(ps, of.T); err != nil {
			return err
		}
	}
	of.sdParam = map[agg]map[int]float64{}
	g := make([]float64, n)
	for a, byYear := range of.fc {
		of.sdParam[a] = map[int]float64{}
		for y := range byYear {
			clear(g)
			for k, i := range idx {
				g[i] = (math.Log(fcs[2*k][a][y]) - math.Log(fcs[2*k+1][a][y])) / span[k]
			}
			v := 0.0
			for _, i := range idx {
				for _, j := range idx {
					if c := fit.Cov[i][j]; !math.IsNaN(c) {
						v += g[i] * c * g[j]
					}
				}
			}
			of.sdParam[a][y] = math.Sqrt(math.Max(v, 0))
		}
	}
	of.surprise, of.nSurp = map[string]float64{}, map[string]int{}
	for t := f.first; t < of.T; t++ {
		prev, err := f.at(t)
		if err != nil {
			return err
		}
		for _, a := range f.pb.aggs {
			obs, ok := f.pb.at(a, t+1)
			if fc, has := prev.fc[a][t+1]; ok && has {
				e := math.Log(fc / obs)
				of.surprise[a.kind()] += e * e
				of.nSurp[a.kind()]++
			}
		}
	}
	for k, n := range of.nSurp {
		of.surprise[k] = math.Sqrt(of.surprise[k] / float64(n))
	}
	return nil
}

// quantiles returns p10, p50 and p90 of the forecast of a in year y: a
// log-normal around the point forecast with variance sdParam^2 + h
// surprise^2 (h years ahead: one-year surprises accumulate as a random
// walk's). p50 is the point forecast.
func (of *originFit) quantiles(a agg, y int) (p10, p50, p90 float64) {
	h := float64(y - of.T)
	sd := math.Sqrt(of.sdParam[a][y]*of.sdParam[a][y] + h*of.surprise[a.kind()]*of.surprise[a.kind()])
	v := of.fc[a][y]
	return v * math.Exp(-z80*sd), v, v * math.Exp(z80*sd)
}
