package experiments

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strings"

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
		if tag := strings.Split(t.Field(i).Tag.Get("toml"), ",")[0]; tag != "" {
			out = append(out, tag)
		}
	}
	return out
}

// scenarioRef resolves a scenario name or a path relative to the
// experiment file.
func (e *Experiment) scenarioRef(ref string) string {
	if strings.HasSuffix(ref, ".toml") && !filepath.IsAbs(ref) && !strings.HasPrefix(e.Source, "shipped/") {
		return filepath.Join(filepath.Dir(e.Source), ref)
	}
	return ref
}

func (e *Experiment) resolve(pr *problems) {
	f := &e.File
	if f.Scenario == "" {
		pr.add("scenario", "missing: name the scenario to vary, e.g. scenario = \"agreement\"")
		return
	}
	base, err := scenarios.LoadWith(e.scenarioRef(f.Scenario), scenarios.Options{StepLimit: e.stepLimit})
	if err != nil {
		pr.add("scenario", "%v", err)
		return
	}
	e.BaseScenario = base
	if why := scenarios.NameProblem(f.Name); why != "" {
		pr.add("name", "%q %s", f.Name, why)
	}
	if f.Replicates == 0 {
		f.Replicates = 1
	}
	if f.Replicates < 0 {
		pr.add("replicates", "%d: want at least 1", f.Replicates)
	}
	if f.Replicates > MaxRuns {
		pr.add("replicates", "%d: at most %d (MaxRuns, the runs of one sweep)", f.Replicates, MaxRuns)
		return
	}
	run := &experiment.Experiment{
		Base: base.Params, Replicates: f.Replicates, Seed: f.Seed,
		Shocks: experiment.Shocks{Phi: f.Shocks.Phi, SD: f.Shocks.SD},
	}
	if f.Shocks.SD < 0 || math.IsNaN(f.Shocks.SD) {
		pr.add("shocks.sd", "%v: want >= 0 (0 turns income shocks off)", f.Shocks.SD)
	}
	if !(math.Abs(f.Shocks.Phi) < 1) {
		pr.add("shocks.phi", "%v: want in (-1, 1) for a stationary AR(1)", f.Shocks.Phi)
	}
	used := []*sim.Params{base.Params}

	// Parameters: a scenario lever first (it replaces the whole base), then
	// the uncertainties, then the numeric levers.
	var levelSets [][]float64
	for j, lv := range f.Levers {
		key := fmt.Sprintf("levers[%d]", j)
		switch {
		case len(lv.Scenarios) > 0 && (lv.Path != "" || len(lv.Values) > 0):
			pr.add(key, "give either scenarios or a path with values, not both")
		case len(lv.Scenarios) > 0:
			if j != 0 {
				pr.add(key, "a scenarios lever must be the first lever")
				continue
			}
			var choices []*sim.Params
			for _, name := range lv.Scenarios {
				sc, err := scenarios.LoadWith(e.scenarioRef(name), scenarios.Options{StepLimit: e.stepLimit})
				if err != nil {
					pr.add(key+".scenarios", "%v", err)
					continue
				}
				choices = append(choices, sc.Params)
				used = append(used, sc.Params)
			}
			run.Params = append(run.Params, experiment.Param{Name: "scenario", Lever: true,
				Set: func(p *sim.Params, v float64) { *p = *choices[int(v)].Clone() }})
			idx := make([]float64, len(lv.Scenarios))
			for i := range idx {
				idx[i] = float64(i)
			}
			levelSets = append(levelSets, idx)
		}
	}
	e.Uncertain = len(f.Uncertainties)
	var dists []sample.Dist
	for j, u := range f.Uncertainties {
		key := fmt.Sprintf("uncertainties[%d]", j)
		set, err := scenarios.Setter(base.Params, u.Path)
		if err != nil {
			pr.add(key+".path", "%v", err)
		}
		d, err := u.dist()
		if err != nil {
			pr.add(key, "%v", err)
		}
		dists = append(dists, d)
		run.Params = append(run.Params, experiment.Param{Name: u.Path, Set: set})
	}
	for j, lv := range f.Levers {
		if len(lv.Scenarios) > 0 {
			continue
		}
		key := fmt.Sprintf("levers[%d]", j)
		set, err := scenarios.Setter(base.Params, lv.Path)
		if err != nil {
			pr.add(key+".path", "%v", err)
		}
		if len(lv.Values) == 0 {
			pr.add(key+".values", "missing: list the lever's values, e.g. values = [0.2, 0.5, 1.0]")
		}
		if err == nil {
			if prm, perr := scenarios.Path(base.Params, lv.Path); perr == nil {
				for i, v := range lv.Values {
					if !inRange(prm, v) {
						pr.add(fmt.Sprintf("%s.values[%d]", key, i), "%s = %v is outside the parameter's range %s", lv.Path, v, rangeOf(prm))
					}
				}
			}
		}
		run.Params = append(run.Params, experiment.Param{Name: lv.Path, Lever: true, Set: set})
		levelSets = append(levelSets, lv.Values)
	}

	policies := [][]float64{nil}
	if len(levelSets) > 0 {
		var err error
		if policies, err = sample.Cross(levelSets); err != nil {
			pr.add("levers", "%v", err)
			return
		}
	}
	e.Policies = len(policies)
	e.design(pr, dists)
	if len(pr.errs) > 0 {
		return
	}
	futures, err := sample.Map(e.Unit, dists)
	if err != nil {
		pr.add("uncertainties", "%v", err)
		return
	}
	for i, row := range futures {
		for j, v := range row {
			if math.IsInf(v, 0) || math.IsNaN(v) {
				pr.add(fmt.Sprintf("uncertainties[%d]", j), "design point %d maps to %v: use a bounded distribution or lo/hi bounds with this design", i, v)
				return
			}
		}
	}
	// Every drawn value inside its parameter's range: a run must not fail
	// halfway through a sweep for a value the design could have refused.
	for j, u := range f.Uncertainties {
		prm, err := scenarios.Path(base.Params, u.Path)
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
	e.Futures = len(futures)
	run.Points = e.Futures * e.Policies
	scenarioLever := len(f.Levers) > 0 && len(f.Levers[0].Scenarios) > 0
	run.Point = func(d int, v []float64) {
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

	columns := map[string]string{"run": "a column of runs.csv", "design_point": "a column of runs.csv", "replicate": "a column of runs.csv"}
	for _, p := range run.Params {
		columns[p.Name] = "a parameter's column"
	}
	against := map[string]*sim.Params{}
	for j, o := range f.Outcomes {
		key := fmt.Sprintf("outcomes[%d]", j)
		if o.Name == "" {
			pr.add(key+".name", "missing: every outcome needs a name (its column in runs.csv)")
		} else if prev, dup := columns[o.Name]; dup {
			pr.add(key+".name", "%q is named twice (also %s): every outcome needs a name of its own", o.Name, prev)
		} else {
			columns[o.Name] = key
		}
		out := experiment.Outcome{Name: o.Name, Year: o.Year, Cumulative: o.Cumulative,
			Of: series.Selector{Variable: o.Variable, Member: o.Member, Segment: o.Segment, Pillar: o.Pillar}}
		resolveGroup(pr, key, o, base.Params, &out)
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
			// Outcomes against one scenario share its parameters, so that
			// a run computes its counterfactual once for all of them.
			// (The hash lists the scenario once per outcome, as before.)
			if p, ok := against[o.Against]; ok {
				out.Against = p
				used = append(used, p)
			} else {
				sc, err := scenarios.LoadWith(e.scenarioRef(o.Against), scenarios.Options{StepLimit: e.stepLimit})
				if err != nil {
					pr.add(key+".against", "%v", err)
					continue
				}
				out.Against = sc.Params
				against[o.Against] = sc.Params
				used = append(used, sc.Params)
			}
		}
		run.Outcomes = append(run.Outcomes, out)
	}
	seriesNames := map[string]string{}
	for j, s := range f.Series {
		if s.Name == "" || s.Variable == "" {
			pr.add(fmt.Sprintf("series[%d]", j), "give a name and a variable")
		}
		if prev, dup := seriesNames[s.Name]; dup && s.Name != "" {
			pr.add(fmt.Sprintf("series[%d].name", j), "%q is named twice (also %s): every series needs a name of its own", s.Name, prev)
		}
		seriesNames[s.Name] = fmt.Sprintf("series[%d]", j)
		run.Series = append(run.Series, experiment.Series{Name: s.Name,
			Of: series.Selector{Variable: s.Variable, Member: s.Member, Segment: s.Segment, Pillar: s.Pillar}})
	}
	if err := run.Check(); err != nil {
		pr.add("", "%v", err)
	}
	e.Run = run
	e.Hash = hashOf(f, used)
}

// design fills e.Unit with the points of the uncertainty design.
func (e *Experiment) design(pr *problems, dists []sample.Dist) {
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
