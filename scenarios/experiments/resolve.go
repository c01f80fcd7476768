package experiments

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/digisim/digisim/internal/textsafe"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/experiment"
	"github.com/digisim/digisim/sim/sample"
	"github.com/digisim/digisim/sim/series"
)

// designs are the accepted values of `design`.
var designs = []string{"montecarlo", "grid", "lhs", "sobol", "morris"}

// tomlKeys returns the toml tag names of a struct's fields.
func tomlKeys(v any) []string {
	t := reflect.TypeOf(v)
	var out []string
	for i := range t.NumField() {
		if tag := strings.Split(t.Field(i).Tag.Get("toml"), ",")[0]; tag != "" && tag != "-" {
			out = append(out, tag)
		}
	}
	return out
}

// loadScenario loads a scenario the experiment names: a shipped name, or
// a path relative to the experiment file.
func (e *Experiment) loadScenario(ref string) (*scenarios.Scenario, error) {
	sc, err := scenarios.LoadWith(ref, scenarios.Options{StepLimit: e.stepLimit, From: e.Source})
	if err == nil && sc.Name != ref {
		if e.File.ScenarioNames == nil {
			e.File.ScenarioNames = map[string]string{}
		}
		e.File.ScenarioNames[ref] = sc.Name
	}
	return sc, err
}

// resolver holds what the sections of an experiment's resolution share.
type resolver struct {
	e    *Experiment
	pr   *problems
	base *scenarios.Scenario
	run  *experiment.Experiment
	used []*sim.Params // every scenario the runs use, for the hash
	// levelSets are the values of each lever, scenario lever first.
	levelSets [][]float64
	dists     []sample.Dist
	joint     *sample.MultiNormal // drawn together (joint.go), after the uncertainties
	futures   [][]float64
	policies  [][]float64
	// choices are the scenarios of a scenario lever, in its order.
	choices []*sim.Params
	chosen  []*scenarios.Scenario
}

// resolve checks the experiment file completely and builds its run: every
// mistake a sweep could meet is reported here, before the first run.
func (e *Experiment) resolve(pr *problems) {
	e.File.ScenarioNames = nil // found again as the scenarios load (a manifest's copy may be stale)
	r := &resolver{e: e, pr: pr}
	if !r.head() {
		return
	}
	r.scenarioLever()
	r.uncertainties()
	r.levers()
	r.distinctPaths()
	if !r.design() {
		return
	}
	r.outcomes()
	r.series()
	// The run's own check, when the file's keys passed: after an error an
	// outcome or series left out would read as "nothing to record".
	if len(pr.errs) == 0 {
		if err := r.run.Check(); err != nil {
			pr.add("", "%v", err)
		}
	}
	e.Run = r.run
	e.Hash = hashOf(&e.File, r.used)
}

// head loads the base scenario and checks the name, replicates and
// shocks; false when nothing more can be checked.
func (r *resolver) head() bool {
	f, pr := &r.e.File, r.pr
	if f.Scenario == "" {
		pr.add("scenario", "missing: name the scenario to vary, e.g. scenario = \"agreement\"")
		return false
	}
	base, err := r.e.loadScenario(f.Scenario)
	if err != nil {
		pr.add("scenario", "%v", err)
		return false
	}
	r.base = base
	r.e.BaseScenario = base
	if why := scenarios.NameProblem(f.Name); why != "" {
		pr.add("name", "%s %s", textsafe.Quote(f.Name), why)
	}
	if f.Replicates == 0 {
		f.Replicates = 1
	}
	if f.Replicates < 0 {
		pr.add("replicates", "%d: want at least 1", f.Replicates)
	}
	if f.Replicates > MaxRuns {
		pr.add("replicates", "%d: at most %d (MaxRuns, the runs of one sweep)", f.Replicates, MaxRuns)
		return false
	}
	r.run = &experiment.Experiment{
		Base: base.Params, Replicates: f.Replicates, Seed: f.Seed,
		Shocks: experiment.Shocks{Phi: f.Shocks.Phi, SD: f.Shocks.SD},
	}
	if f.Shocks.SD < 0 || math.IsNaN(f.Shocks.SD) {
		pr.add("shocks.sd", "%v: want >= 0 (0 turns income shocks off)", f.Shocks.SD)
	}
	if !(math.Abs(f.Shocks.Phi) < 1) {
		pr.add("shocks.phi", "%v: want in (-1, 1) for a stationary AR(1)", f.Shocks.Phi)
	} else if sd := f.Shocks.SD / math.Sqrt(1-f.Shocks.Phi*f.Shocks.Phi); sd > MaxShockSD {
		pr.add("shocks.sd", "%v with phi = %v: the shocks to income growth would have a standard deviation of %.3g (sd / sqrt(1 - phi^2)); "+
			"at most %v (10 percentage points a year; the shipped experiments use 1.7 points): larger shocks carry incomes and GMV past MODEL.md's caps",
			f.Shocks.SD, f.Shocks.Phi, sd, MaxShockSD)
	}
	r.used = []*sim.Params{base.Params}
	return true
}

// MaxShockSD bounds the stationary standard deviation of the income-growth
// shocks, sd / sqrt(1 - phi^2) (MODEL.md, Stochastic runs): 0.1, six
// times the shipped experiments' 0.017 (sd 0.015, phi 0.5).
const MaxShockSD = 0.1

// scenarioLever reads a lever of scenarios (it replaces the whole base,
// so it comes first): each scenario must share the base's shape.
func (r *resolver) scenarioLever() {
	for j, lv := range r.e.File.Levers {
		key := fmt.Sprintf("levers[%d]", j)
		switch {
		case len(lv.Scenarios) > 0 && (lv.Path != "" || len(lv.Values) > 0):
			r.pr.add(key, "give either scenarios or a path with values, not both")
		case len(lv.Scenarios) > 0:
			if j != 0 {
				r.pr.add(key, "a scenarios lever must be the first lever")
				continue
			}
			seen := map[string]int{}
			for i, name := range lv.Scenarios {
				if prev, dup := seen[name]; dup {
					r.pr.add(fmt.Sprintf("%s.scenarios[%d]", key, i), "%s is listed twice (also scenarios[%d]): each policy option once, or the robustness table counts its futures twice",
						textsafe.Quote(name), prev)
				}
				seen[name] = i
				sc, err := r.e.loadScenario(name)
				if err != nil {
					r.pr.add(key+".scenarios", "%v", err)
					continue
				}
				if why := sameShape(r.base.Params, sc.Params); why != "" {
					r.pr.add(fmt.Sprintf("%s.scenarios[%d]", key, i), "%s %s than the experiment's scenario %s: "+
						"the runs of one sweep share their columns; use scenarios of one base year and members (e.g. all of the -2022 family)",
						textsafe.Quote(name), why, textsafe.Quote(r.e.File.Scenario))
				}
				if k := slices.IndexFunc(r.chosen, func(o *scenarios.Scenario) bool { return o.Name == sc.Name }); k >= 0 {
					r.pr.add(fmt.Sprintf("%s.scenarios[%d]", key, i), "%s is named %s, as scenarios[%d] is: the runs table and charts tell options apart by name; give each scenario its own name key",
						textsafe.Quote(name), textsafe.Quote(sc.Name), k)
				}
				r.chosen = append(r.chosen, sc)
				r.choices = append(r.choices, sc.Params)
				r.used = append(r.used, sc.Params)
			}
			choices := r.choices
			r.run.Params = append(r.run.Params, experiment.Param{Name: "scenario", Lever: true,
				Set: func(p *sim.Params, v float64) { *p = *choices[int(v)].Clone() }})
			idx := make([]float64, len(lv.Scenarios))
			for i := range idx {
				idx[i] = float64(i)
			}
			r.levelSets = append(r.levelSets, idx)
		}
	}
}

// uncertainties reads the uncertain parameters and their distributions.
func (r *resolver) uncertainties() {
	f := &r.e.File
	r.e.Uncertain = len(f.Uncertainties)
	for j, u := range f.Uncertainties {
		key := fmt.Sprintf("uncertainties[%d]", j)
		set, err := scenarios.Setter(r.base.Params, u.Path)
		if err != nil {
			r.pr.add(key+".path", "%v", err)
		}
		d, err := u.dist()
		if err != nil {
			r.pr.add(key, "%v", err)
		}
		r.dists = append(r.dists, d)
		r.run.Params = append(r.run.Params, experiment.Param{Name: u.Path, Set: set})
	}
	r.joint = r.e.addJoint(r.pr, r.base.Params, r.run) // joint.go
	if r.joint != nil {
		for range r.joint.Mean {
			r.dists = append(r.dists, sample.Uniform{Min: 0, Max: 1}) // correlate maps them
		}
	}
}

// levers reads the numeric levers: a path and distinct values in its range.
func (r *resolver) levers() {
	for j, lv := range r.e.File.Levers {
		if len(lv.Scenarios) > 0 {
			continue
		}
		key := fmt.Sprintf("levers[%d]", j)
		set, err := scenarios.Setter(r.base.Params, lv.Path)
		if err != nil {
			r.pr.add(key+".path", "%v", err)
		}
		if len(lv.Values) == 0 {
			r.pr.add(key+".values", "missing: list the lever's values, e.g. values = [0.2, 0.5, 1.0]")
		}
		if err == nil {
			if prm, perr := scenarios.Path(r.base.Params, lv.Path); perr == nil {
				for i, v := range lv.Values {
					if !inRange(prm, v) {
						r.pr.add(fmt.Sprintf("%s.values[%d]", key, i), "%s = %v is outside the parameter's range %s", lv.Path, v, rangeOf(prm))
					}
				}
			}
		}
		for i, v := range lv.Values {
			if k := slices.Index(lv.Values[:i], v); k >= 0 {
				r.pr.add(fmt.Sprintf("%s.values[%d]", key, i), "%v is listed twice (also values[%d]): each option once, or the robustness table counts its futures twice", v, k)
			}
		}
		r.run.Params = append(r.run.Params, experiment.Param{Name: lv.Path, Lever: true, Set: set})
		r.levelSets = append(r.levelSets, lv.Values)
	}
}

// distinctPaths refuses a parameter set by two uncertainties, two levers,
// or a lever and an uncertainty (the later would overwrite the earlier in
// every run, and its column would not be what the run used); paths are
// compared by the concrete keys they stand for (members.*.x and
// members.vn.x overlap).
func (r *resolver) distinctPaths() {
	f := &r.e.File
	type use struct {
		key, path string
	}
	owner := map[string]use{}
	check := func(key, path string) {
		prm, err := scenarios.Path(r.base.Params, path)
		if err != nil {
			return // reported where the path was read
		}
		for _, x := range prm.Expansions {
			if prev, dup := owner[x]; dup {
				what := "set twice"
				if strings.HasPrefix(prev.key, "uncertainties") != strings.HasPrefix(key, "uncertainties") {
					what = "both a lever and an uncertainty"
				}
				r.pr.add(key+".path", "%s is %s (also %s, path %s): a parameter is varied by one entry only", x, what, prev.key, prev.path)
				return
			}
		}
		for _, x := range prm.Expansions {
			owner[x] = use{key, path}
		}
	}
	for j, u := range f.Uncertainties {
		check(fmt.Sprintf("uncertainties[%d]", j), u.Path)
	}
	for j, lv := range f.Levers {
		if len(lv.Scenarios) == 0 {
			check(fmt.Sprintf("levers[%d]", j), lv.Path)
		}
	}
}

// design crosses the levers into policies, draws the futures and checks
// every drawn value is inside its parameter's range; false when nothing
// more can be checked.
func (r *resolver) design() bool {
	e, f, pr := r.e, &r.e.File, r.pr
	r.policies = [][]float64{nil}
	if len(r.levelSets) > 0 {
		var err error
		if r.policies, err = sample.Cross(r.levelSets); err != nil {
			pr.add("levers", "%v", err)
			return false
		}
	}
	e.Policies = len(r.policies)
	// The run table's columns: run, design point, replicate, the
	// parameters, the outcomes, and each series at every output time.
	times := int64(len(r.base.Params.Time.OutputTimes()))
	cols := 3 + int64(len(r.run.Params)) + int64(len(f.Outcomes)) + int64(len(f.Series))*times
	e.design(pr, r.dists, cols, int64(len(f.Series))*times)
	if len(pr.errs) > 0 {
		return false
	}
	futures, err := sample.Map(e.Unit, r.dists)
	if err != nil {
		pr.add("uncertainties", "%v", err)
		return false
	}
	if r.joint != nil {
		e.Clipped = correlate(r.joint, futures, len(f.Uncertainties))
	}
	for i, row := range futures {
		for j, v := range row {
			if math.IsInf(v, 0) || math.IsNaN(v) {
				pr.add(fmt.Sprintf("uncertainties[%d]", j), "design point %d maps to %v: use a bounded distribution or lo/hi bounds with this design", i, v)
				return false
			}
		}
	}
	// Every drawn value inside its parameter's range: a run must not fail
	// halfway through a sweep for a value the design could have refused.
	for j, u := range f.Uncertainties {
		prm, err := scenarios.Path(r.base.Params, u.Path)
		if err != nil {
			continue
		}
		for i, row := range futures {
			if v := row[j]; !inRange(prm, v) {
				bounds := ""
				for _, b := range []struct {
					name string
					v    *float64
				}{{"min", u.Min}, {"max", u.Max}, {"lo", u.Lo}, {"hi", u.Hi}} {
					if b.v != nil && !inRange(prm, *b.v) {
						bounds += fmt.Sprintf(" (%s = %v)", b.name, *b.v)
					}
				}
				pr.add(fmt.Sprintf("uncertainties[%d]", j), "%s: design point %d draws %v%s, outside the parameter's range %s; bound the distribution inside it (min/max, or lo/hi)",
					u.Path, i, v, bounds, rangeOf(prm))
				break
			}
		}
	}
	r.futures = futures
	e.Futures = len(futures)
	r.run.Points = e.Futures * e.Policies
	scenarioLever := len(f.Levers) > 0 && len(f.Levers[0].Scenarios) > 0
	policies := r.policies
	r.run.Point = func(d int, v []float64) {
		fu, po := futures[d/len(policies)], policies[d%len(policies)]
		n := 0
		if scenarioLever {
			v[0] = po[0]
			po = po[1:]
			n = 1
		}
		n += copy(v[n:], fu)
		copy(v[n:], po)
	}
	return true
}

// columns names the run table's columns taken so far, for the outcome
// and series names to avoid.
func (r *resolver) columns() map[string]string {
	columns := map[string]string{"run": "a column of runs.csv", "design_point": "a column of runs.csv", "replicate": "a column of runs.csv"}
	for _, p := range r.run.Params {
		columns[p.Name] = "a parameter's column"
	}
	return columns
}

// columnProblem says why name cannot head a column of runs.csv: a series
// column is "name@time", and the run table's readers split on commas.
func columnProblem(name string) string {
	if why := textsafe.Problem(name); why != "" {
		return why + ": a column name is one line of letters, digits, _ and -"
	}
	if i := strings.IndexAny(name, "@,\""); i >= 0 {
		return fmt.Sprintf("holds %q, which the run table's columns cannot: a series column is NAME@YEAR; use letters, digits, _ and -", name[i])
	}
	if len(name) > 128 {
		return fmt.Sprintf("is %d bytes long: at most 128", len(name))
	}
	return ""
}

// outcomes reads the recorded outcomes: names, selectors, years and the
// counterfactual each is taken against.
func (r *resolver) outcomes() {
	f, pr := &r.e.File, r.pr
	columns := r.columns()
	levers := len(f.Levers) > 0
	// Outcomes against one scenario share its parameters, so that a run
	// computes its counterfactual once for all of them (the hash lists the
	// scenario once per outcome, as before).
	against := map[string]*sim.Params{}
	for j, o := range f.Outcomes {
		key := fmt.Sprintf("outcomes[%d]", j)
		if o.Name == "" {
			pr.add(key+".name", "missing: every outcome needs a name (its column in runs.csv)")
		} else if why := columnProblem(o.Name); why != "" {
			pr.add(key+".name", "%s %s", textsafe.Quote(o.Name), why)
		} else if prev, dup := columns[o.Name]; dup {
			pr.add(key+".name", "%q is named twice (also %s): every outcome needs a name of its own", o.Name, prev)
		} else {
			columns[o.Name] = key
		}
		out := experiment.Outcome{Name: o.Name, Year: o.Year, Cumulative: o.Cumulative,
			Of: series.Selector{Variable: o.Variable, Member: o.Member, Segment: o.Segment, Pillar: o.Pillar}}
		resolveGroup(pr, key, o, r.base.Params, &out)
		if !o.Cumulative && o.Variable == "" {
			pr.add(key, "give a variable and a year, or cumulative = true")
		}
		if o.Cumulative && o.Variable != "" && o.Variable != "gmv" {
			pr.add(key+".variable", "%q: cumulative outcomes are of gmv only", o.Variable)
		}
		switch o.Goal {
		case "", "maximize", "minimize":
		default:
			pr.add(key+".goal", "%q: want \"maximize\" (more is better) or \"minimize\"", o.Goal)
		}
		if o.Threshold != nil && (math.IsNaN(*o.Threshold) || math.IsInf(*o.Threshold, 0)) {
			pr.add(key+".threshold", "%v: want a finite number", *o.Threshold)
		}
		if o.Against != "" {
			if p, ok := against[o.Against]; ok {
				out.Against = p
				r.used = append(r.used, p)
			} else {
				sc, err := r.e.loadScenario(o.Against)
				if err != nil {
					pr.add(key+".against", "%v", err)
					continue
				}
				if why := sameShape(r.base.Params, sc.Params); why != "" {
					pr.add(key+".against", "%s %s than the experiment's scenario %s: a dividend subtracts runs of the same members at the same times "+
						"(compare refuses the pair too); use a counterfactual of the same base year and members", textsafe.Quote(o.Against), why, textsafe.Quote(f.Scenario))
				} else if !levers && reflect.DeepEqual(sc.Params, r.base.Params) {
					pr.add(key+".against", "%s is the experiment's own scenario, and the experiment has no levers: the dividend would be 0 in every run; "+
						"take it against a counterfactual (e.g. \"no-coordination\"), or add a lever", textsafe.Quote(o.Against))
				}
				out.Against = sc.Params
				against[o.Against] = sc.Params
				r.used = append(r.used, sc.Params)
			}
		}
		r.run.Outcomes = append(r.run.Outcomes, out)
	}
}

// series reads the series recorded at every output time.
func (r *resolver) series() {
	columns := map[string]string{} // a series' columns are NAME@TIME: only series can clash
	for j, s := range r.e.File.Series {
		key := fmt.Sprintf("series[%d]", j)
		if s.Name == "" || s.Variable == "" {
			r.pr.add(key, "give a name and a variable")
		}
		if s.Name != "" {
			if why := columnProblem(s.Name); why != "" {
				r.pr.add(key+".name", "%s %s", textsafe.Quote(s.Name), why)
			} else if prev, dup := columns[s.Name]; dup {
				r.pr.add(key+".name", "%q is named twice (also %s): every series needs a name of its own", s.Name, prev)
			}
			columns[s.Name] = key
		}
		r.run.Series = append(r.run.Series, experiment.Series{Name: s.Name,
			Of: series.Selector{Variable: s.Variable, Member: s.Member, Segment: s.Segment, Pillar: s.Pillar}})
	}
}

// sameShape says how q differs from p in what the runs of one experiment
// must share (members, segments, pillars, time axis), or "".
func sameShape(p, q *sim.Params) string {
	ids := func(ms []sim.Member) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return out
	}
	segs := func(ss []sim.Segment) []string {
		var out []string
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return out
	}
	switch {
	case p.Time != q.Time:
		return fmt.Sprintf("has another time axis (%v to %v, dt %.6g, output every %v, not %v to %v, dt %.6g, output every %v)",
			q.Time.Start, q.Time.End, q.Time.Step, q.Time.OutputStep, p.Time.Start, p.Time.End, p.Time.Step, p.Time.OutputStep)
	case !slices.Equal(ids(p.Members), ids(q.Members)):
		return fmt.Sprintf("has other members (%s, not %s)", strings.Join(ids(q.Members), ", "), strings.Join(ids(p.Members), ", "))
	case !slices.Equal(segs(p.Segments), segs(q.Segments)):
		return fmt.Sprintf("has other segments (%s, not %s)", strings.Join(segs(q.Segments), ", "), strings.Join(segs(p.Segments), ", "))
	case !slices.Equal(p.Pillars, q.Pillars):
		return "has other pillars"
	}
	return ""
}

// design fills e.Unit with the points of the uncertainty design.
func (e *Experiment) design(pr *problems, dists []sample.Dist, cols, seriesCols int64) {
	f := &e.File
	D := len(dists)
	var d sample.Design
	switch f.Design {
	case "montecarlo":
		d = sample.MonteCarlo{N: f.Runs, D: D, Seed: f.Seed}
	case "lhs":
		d = sample.LatinHypercube{N: f.Runs, D: D, Seed: f.Seed}
	case "grid":
		if f.Levels < 1 && D > 0 {
			pr.add("levels", "%d: a grid needs levels >= 1 per uncertainty", f.Levels)
			return
		}
		levels := make([]int, D)
		for j := range levels {
			levels[j] = f.Levels
		}
		d = sample.Grid{Levels: levels}
	case "sobol":
		if D < 2 {
			pr.add("design", "sobol needs at least 2 uncertainties, have %d", D)
			return
		}
		if f.Runs < 2 || f.Runs&(f.Runs-1) != 0 {
			pr.add("runs", "%d: a sobol design needs a power of two (base sample N; runs = N*(uncertainties+2))", f.Runs)
			return
		}
		// Skip = N avoids the origin, which unbounded distributions map to
		// -Inf; scrambled points are never at the origin.
		d = sample.Saltelli{N: f.Runs, D: D, Skip: f.Runs}
		if f.Scramble {
			d = sample.Saltelli{N: f.Runs, D: D, Scramble: true, Seed: f.Seed}
		}
	case "morris":
		if D < 1 {
			pr.add("design", "morris needs at least 1 uncertainty")
			return
		}
		levels := f.Levels
		if levels == 0 {
			levels = 4
		}
		d = sample.Morris{R: f.Runs, D: D, Levels: levels, Seed: f.Seed}
	default:
		pr.add("design", "%q: want one of %s", f.Design, strings.Join(designs, ", "))
		return
	}
	if (f.Design == "sobol" || f.Design == "morris") && e.Policies > 1 {
		pr.add("levers", "%s designs analyse uncertainties only: run one experiment per policy, or use grid, lhs or montecarlo", f.Design)
		return
	}
	if f.Scramble && f.Design != "sobol" {
		pr.add("scramble", "scrambling applies to sobol designs only (design is %q): remove scramble = true", f.Design)
		return
	}
	if f.Design != "grid" && f.Runs < 1 {
		pr.add("runs", "%d: want at least 1", f.Runs)
		return
	}
	// The number of runs, in checked arithmetic, before any allocation.
	points := int64(f.Runs)
	switch f.Design {
	case "sobol":
		points = mul(points, int64(D+2))
	case "morris":
		points = mul(points, int64(D+1))
	case "grid":
		points = 1
		for range D {
			points = mul(points, int64(f.Levels))
		}
	}
	if total := mul(mul(points, int64(e.Policies)), int64(f.Replicates)); total > MaxRuns || total < 0 {
		what := fmt.Sprintf("%d design points", points)
		if points < 0 {
			what = "more design points than an int64 holds"
		}
		key := "runs"
		if f.Design == "grid" {
			key = "levels"
		}
		pr.add(key, "%d gives %s x %d policies x %d replicates: at most %d runs in one sweep (MaxRuns); use fewer runs, or split the experiment",
			map[bool]int{true: f.Levels, false: f.Runs}[f.Design == "grid"], what, e.Policies, f.Replicates, MaxRuns)
		return
	} else if v := mul(total, cols); v > MaxValues || v < 0 {
		key := "runs"
		if len(f.Series) > 0 {
			key = "series"
		}
		pr.add(key, "%d runs x %d columns (%d of them series at every output time) make a run table of %d values, "+
			"more than the %d one sweep may write (about 20 GB of runs.csv): record fewer series, or fewer runs (split the experiment)",
			total, cols, seriesCols, v, int64(MaxValues))
		return
	}
	if D == 0 {
		e.Unit = [][]float64{{}}
		if f.Design == "montecarlo" && f.Runs > 0 {
			e.Unit = make([][]float64, f.Runs)
		}
		return
	}
	pts, err := d.Points()
	if err != nil {
		pr.add("design", "%v", err)
		return
	}
	e.Unit = pts
}

// MaxValues bounds the values of one sweep's run table (runs x columns):
// a billion, about 20 GB of runs.csv, with runs.parquet and the bands
// beside it.
const MaxValues = 1_000_000_000

// MaxRuns bounds the runs of one sweep (design points x policies x
// replicates): ten million runs, days of work on a cluster, tables of
// many gigabytes. An experiment asking more is refused before it starts.
const MaxRuns = 10_000_000

// mul multiplies non-negative counts, returning -1 on overflow (or if
// either is negative).
func mul(a, b int64) int64 {
	if a < 0 || b < 0 {
		return -1
	}
	if a != 0 && b > math.MaxInt64/a {
		return -1
	}
	return a * b
}

// inRange reports whether v is inside the parameter's range.
func inRange(p *scenarios.Param, v float64) bool {
	if math.IsNaN(v) {
		return false
	}
	if v < p.Lo || v > p.Hi || (p.LoOpen && v == p.Lo) || (p.HiOpen && v == p.Hi) {
		return false
	}
	return true
}

// rangeOf writes the parameter's range as MODEL.md does: [0, 1], (0, 100].
func rangeOf(p *scenarios.Param) string {
	l, r := "[", "]"
	if p.LoOpen {
		l = "("
	}
	if p.HiOpen {
		r = ")"
	}
	return fmt.Sprintf("%s%v, %v%s", l, p.Lo, p.Hi, r)
}

// dist builds the uncertainty's distribution from the keys that are set.
func (u Uncertainty) dist() (sample.Dist, error) {
	spec := sample.Spec{Params: map[string]float64{}, Values: u.Values, Weights: u.Weights}
	for name, v := range map[string]*float64{"min": u.Min, "max": u.Max, "mode": u.Mode, "mean": u.Mean,
		"sd": u.SD, "mu": u.Mu, "sigma": u.Sigma, "median": u.Median, "alpha": u.Alpha, "beta": u.Beta,
		"lo": u.Lo, "hi": u.Hi} {
		if v != nil {
			spec.Params[name] = *v
		}
	}
	if u.Distribution == "" {
		return nil, fmt.Errorf("missing distribution: uniform, normal, lognormal, triangular, beta or choice")
	}
	return sample.New(u.Distribution, spec)
}

// hashOf is the SHA-256 of the experiment file's content and of the
// resolved parameters of every scenario it uses.
func hashOf(f *File, used []*sim.Params) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	enc.Encode(f)
	for _, p := range used {
		enc.Encode(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}
