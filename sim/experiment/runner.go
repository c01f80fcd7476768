package experiment

import (
	"fmt"
	"strings"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/series"
)

// runner does one run; it is safe for concurrent use.
type runner struct {
	e        *Experiment
	outcomes []series.Lookup
	memberIx []int    // per outcome, the member of a cumulative outcome (-1: region)
	subsets  []subset // per outcome, its group of members (Outcome.Members)
	series   []series.Lookup
	yearIx   []int // per outcome, the snapshot index of its Year
}

// newRunner compiles the outcome and series selectors against a run of the
// base scenario, so that a mistake is reported once, before any work.
func newRunner(e *Experiment) (*runner, error) {
	base, err := sim.Run(e.Base)
	if err != nil {
		return nil, fmt.Errorf("experiment: base scenario: %w", err)
	}
	rn := &runner{e: e}
	var errs []string
	for _, o := range e.Outcomes {
		var sub subset
		if len(o.Members) > 0 {
			var err error
			if sub, err = compileSubset(base, o); err != nil {
				errs = append(errs, fmt.Sprintf("outcome %s: %v", o.Name, err))
			}
		}
		rn.subsets = append(rn.subsets, sub)
		mi := -1
		if o.Cumulative && o.Of.Member != "" {
			for i, m := range base.Members {
				if m == o.Of.Member {
					mi = i
				}
			}
			if mi < 0 {
				errs = append(errs, fmt.Sprintf("outcome %s: unknown member %q (known: %s)", o.Name, o.Of.Member, strings.Join(base.Members, ", ")))
			}
		}
		rn.memberIx = append(rn.memberIx, mi)
		if o.Cumulative {
			rn.outcomes = append(rn.outcomes, series.Lookup{})
			rn.yearIx = append(rn.yearIx, -1)
			continue
		}
		var l series.Lookup
		var err error
		if len(o.Members) == 0 {
			if l, err = series.Compile(base, o.Of); err != nil {
				errs = append(errs, fmt.Sprintf("outcome %s: %v", o.Name, err))
			}
		}
		rn.outcomes = append(rn.outcomes, l)
		k, ok := base.StepAt(o.Year)
		if !ok && err == nil {
			errs = append(errs, fmt.Sprintf("outcome %s: year %v is not an output time of the scenario (%v to %v)",
				o.Name, o.Year, base.Steps[0].Time, base.Steps[len(base.Steps)-1].Time))
		}
		rn.yearIx = append(rn.yearIx, k)
	}
	for _, s := range e.Series {
		l, err := series.Compile(base, s.Of)
		if err != nil {
			errs = append(errs, fmt.Sprintf("series %s: %v", s.Name, err))
		}
		rn.series = append(rn.series, l)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("experiment: %s", strings.Join(errs, "; "))
	}
	return rn, nil
}

// run does run r: its parameters, its shock path, the model, the outcomes
// and, where asked, the counterfactual of the same future. The run's
// Result lives in ws; the Row copies out what it keeps.
func (rn *runner) run(r int, ws *sim.Workspace) (Row, error) {
	row, p := rn.prepare(r)
	res, err := ws.Run(p)
	return rn.finish(row, p.Shocks, res, err)
}

// runBatch does runs rs together (sim.RunBatch), each exactly as run does
// it; ws holds a Workspace per run of the batch.
func (rn *runner) runBatch(rs []int, ws []*sim.Workspace) ([]Row, []error) {
	rows := make([]Row, len(rs))
	ps := make([]*sim.Params, len(rs))
	for k, r := range rs {
		rows[k], ps[k] = rn.prepare(r)
	}
	res, errs := sim.RunBatch(ps, ws[:len(rs)])
	for k := range rs {
		rows[k], errs[k] = rn.finish(rows[k], ps[k].Shocks, res[k], errs[k])
	}
	return rows, errs
}

// prepare returns run r's row, with its design values, and its parameters.
func (rn *runner) prepare(r int) (Row, *sim.Params) {
	e := rn.e
	row := Row{Run: r, Point: r / e.Replicates, Replicate: r % e.Replicates}
	row.Params = make([]float64, len(e.Params))
	if e.Point != nil {
		e.Point(row.Point, row.Params)
	}
	p := rn.future(e.Base, row.Params, true)
	p.Shocks = e.shockPath(r)
	return row, p
}

// finish fills row from the run's result (or reports its error): the
// outcomes, with counterfactuals of the same shocks, and the series.
func (rn *runner) finish(row Row, shocks *sim.Shocks, res *sim.Result, err error) (Row, error) {
	e := rn.e
	if err != nil {
		return row, rn.runError(row, err)
	}
	counter := map[*sim.Params]*sim.Result{}
	row.Outcomes = make([]float64, len(e.Outcomes))
	for j, o := range e.Outcomes {
		v := rn.outcome(j, res)
		if o.Against != nil {
			cf, ok := counter[o.Against]
			if !ok {
				q := rn.future(o.Against, row.Params, false)
				q.Shocks = shocks
				if cf, err = sim.Run(q); err != nil {
					return row, rn.runError(row, fmt.Errorf("counterfactual: %w", err))
				}
				counter[o.Against] = cf
			}
			if c := rn.outcome(j, cf); !o.Ratio {
				v -= c
			} else if c != 0 {
				v /= c
			} else {
				return row, rn.runError(row, fmt.Errorf("outcome %s: the counterfactual's value is 0, so the ratio is undefined", o.Name))
			}
		}
		row.Outcomes[j] = v
	}
	row.Series = make([][]float64, len(e.Series))
	for j, l := range rn.series {
		vals := make([]float64, len(res.Steps))
		for k := range res.Steps {
			vals[k] = l.At(&res.Steps[k])
		}
		row.Series[j] = vals
	}
	return row, nil
}

// future returns a copy of base with this run's uncertain values and, for
// the run itself but not its counterfactual, its lever values.
func (rn *runner) future(base *sim.Params, values []float64, levers bool) *sim.Params {
	p := base.Clone()
	for j, prm := range rn.e.Params {
		if prm.Lever && !levers {
			continue
		}
		prm.Set(p, values[j])
	}
	return p
}

func (rn *runner) outcome(j int, res *sim.Result) float64 {
	o, sub := rn.e.Outcomes[j], rn.subsets[j]
	if o.Cumulative {
		total, per := res.CumulativeGMV()
		if len(o.Members) > 0 {
			return sub.cumulative(per)
		}
		if mi := rn.memberIx[j]; mi >= 0 {
			return per[mi]
		}
		return total
	}
	sn := &res.Steps[rn.yearIx[j]]
	if len(o.Members) > 0 {
		return sub.at(sn)
	}
	return rn.outcomes[j].At(sn)
}

func (rn *runner) runError(row Row, err error) error {
	var vals []string
	for j, prm := range rn.e.Params {
		vals = append(vals, fmt.Sprintf("%s=%g", prm.Name, row.Params[j]))
	}
	return fmt.Errorf("experiment: run %d (design point %d, replicate %d; %s): %w; narrow the distributions or levers that allow these values",
		row.Run, row.Point, row.Replicate, strings.Join(vals, ", "), err)
}
