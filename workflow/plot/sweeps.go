// This file draws the charts of a sweep: fan charts, heat maps of levers
// and tornados of sensitivity indices.

package plot

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/scenarios/observed"
	"github.com/digisim/digisim/sim"
)

// lowerIsBetter says a lower value of an outcome is the better one:
// dispersion and capacity gaps.
func lowerIsBetter(exp *experiments.File, name string) bool {
	if exp == nil {
		return false
	}
	for _, o := range exp.Outcomes {
		if o.Name == name && !o.Cumulative {
			switch o.Variable {
			case "gini_gmv_per_head", "cv_gmv_per_head", "capacity_gap":
				return true
			}
		}
	}
	return false
}

// fans draws one fan chart per series of bands.csv; regional GMV gets the
// observed SEA-6 history of e-Conomy SEA.
func (f *folder) fans() ([]namedChart, error) {
	rows, err := readCSVFile(filepath.Join(f.dir, "bands.csv"))
	if err != nil {
		return nil, err
	}
	qs := map[string]*chart.Quantiles{}
	var order []string
	for _, r := range rows[1:] {
		q, ok := qs[r[0]]
		if !ok {
			q = &chart.Quantiles{Name: f.manifest.Scenario}
			qs[r[0]] = q
			order = append(order, r[0])
		}
		var v [7]float64
		for k, c := range []int{1, 4, 5, 6, 7, 8} {
			if v[k], err = strconv.ParseFloat(r[c], 64); err != nil {
				return nil, fmt.Errorf("bands.csv: %w", err)
			}
		}
		q.X = append(q.X, v[0])
		q.P05, q.P25, q.P50, q.P75, q.P95 = append(q.P05, v[1]), append(q.P25, v[2]), append(q.P50, v[3]), append(q.P75, v[4]), append(q.P95, v[5])
	}
	exp, _ := f.experimentFile()
	var out []namedChart
	for _, name := range order {
		variable := name
		if exp != nil {
			for _, s := range exp.Series {
				if s.Name == name {
					variable = s.Variable
				}
			}
		}
		unit, unitText := unitOf(variable)
		var history chart.Series
		sub := "Scenario " + f.name(f.manifest.Scenario) + ", " + unitText + "; median, 50% and 90% bands of the runs"
		if variable == "gmv" && name == "gmv" && len(qs[name].X) > 0 {
			h, what, _, err := History(f.dir, f.manifest, qs[name].X[0], f.warn)
			if err != nil {
				return nil, err
			}
			if history = h; len(history.X) > 0 {
				sub += "; grey: observed, " + what
			}
		}
		k := len(qs[name].X) - 1
		title := "Uncertainty: " + label(variable) + f.regionWord(exp, name)
		if k > 0 {
			subject := label(variable) + f.regionWord(exp, name)
			if f.regionWord(exp, name) == ", region" {
				subject = "Regional " + LowerFirst(label(variable))
			}
			title = fmt.Sprintf("%s in %s: %s to %s in 9 runs of 10", subject, chart.Year(qs[name].X[k]),
				unit.Format(qs[name].P05[k]), unit.Format(qs[name].P95[k]))
		}
		c, err := chart.Fan(chart.Meta{Region: f.region(),
			Title:    title,
			Subtitle: sub, Source: f.source(), XLabel: "Year", YLabel: label(variable), Unit: unit,
		}, *qs[name], history)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, namedChart{"fan-" + name, c})
	}
	return out, nil
}

// ObservedGMV is the published digital GMV of the six members e-Conomy
// SEA covers (ID MY PH SG TH VN), US$ a year, in the years up to until:
// the reports' SEA-6 totals to 2018, the sum of their member figures
// (latest vintage, scenarios/observed) from 2019. A projection of the ten
// members sits a few per cent above it at the base year (Brunei,
// Cambodia, Lao PDR and Myanmar, which the reports do not cover), so its
// label says SEA-6.
func ObservedGMV(until float64) chart.Series {
	d, err := observed.Load(observed.History)
	if err != nil {
		return chart.Series{}
	}
	sea6 := []string{"ID", "MY", "PH", "SG", "TH", "VN"}
	total := map[int]float64{}
	parts := map[int]int{}
	for _, o := range d.Obs {
		if o.Variable != "gmv" || float64(o.Year) > until+1e-6 {
			continue
		}
		switch {
		case o.Region == "SEA6" && o.Segment == "total":
			total[o.Year] = o.Value
			parts[o.Year] = -1 // a published total wins over sums
		case slices.Contains(sea6, o.Region) && o.Segment != "total" && parts[o.Year] >= 0:
			total[o.Year] += o.Value
			parts[o.Year]++
		}
	}
	s := chart.Series{Name: "observed", Label: "Observed"}
	for _, y := range slices.Sorted(maps.Keys(total)) {
		// A year summed from members needs all six in all four segments.
		if parts[y] >= 0 && parts[y] != 24 {
			continue
		}
		s.X, s.Y = append(s.X, float64(y)), append(s.Y, total[y])
	}
	return s
}

func (f *folder) experimentFile() (*experiments.File, error) {
	if f.sweep == nil {
		return nil, errNotHere
	}
	var e experiments.File
	return &e, json.Unmarshal(f.sweep.Experiment, &e)
}

// heatmaps draws, for a sweep over two levers, each outcome (mean over
// replicates and any uncertainties) as a heat map. A scenarios lever is
// placed by its scenarios' final coordination level.
func (f *folder) heatmaps() ([]namedChart, error) {
	exp, err := f.experimentFile()
	if err != nil {
		return nil, err
	}
	if len(exp.Levers) != 2 {
		return nil, fmt.Errorf("%w: a sweep over exactly two levers", errNotHere)
	}
	runs, err := table.ReadRunsFile(filepath.Join(f.dir, "runs.parquet"))
	if err != nil {
		return nil, err
	}
	axes, note, err := f.leverAxes(exp, runs)
	if err != nil {
		return nil, err
	}
	var out []namedChart
	for _, o := range exp.Outcomes {
		c, err := f.heatmap(exp, o, runs, axes, note)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.Name, err)
		}
		out = append(out, namedChart{"heatmap-" + o.Name, c})
	}
	return out, nil
}

// leverAxis is one axis of a heat map: a lever's column of runs.parquet
// and its levels.
type leverAxis struct {
	label  string
	col    int
	levels []float64
	place  func(v float64) float64 // lever value -> axis position
	names  map[float64]string      // level -> scenario name, for a scenarios lever
}

// leverAxes returns the axes of the sweep's two levers (the first on y)
// and, for a scenarios lever, the note that says how its policies are
// ordered. It reads a scenarios lever's column of runs as the lever's
// indices.
func (f *folder) leverAxes(exp *experiments.File, runs *table.Runs) ([2]leverAxis, string, error) {
	var axes [2]leverAxis
	if lv := exp.Levers[0]; len(lv.Scenarios) > 0 {
		// The scenario column holds names; read them as the lever's indices.
		if err := runs.Codes("scenario", exp.LeverScenarios()); err != nil {
			return axes, "", err
		}
	}
	note := ""
	for a, lv := range exp.Levers {
		if len(lv.Scenarios) > 0 {
			levels := make([]float64, len(lv.Scenarios))
			names := map[float64]string{}
			for i, ref := range lv.Scenarios {
				// A path is taken from the experiment file's folder.
				sc, err := scenarios.LoadWith(ref, scenarios.Options{From: f.sweep.From()})
				if err != nil {
					return axes, "", err
				}
				levels[i] = finalCoordination(sc.Params)
				// Options that reach one level keep rows of their own, in
				// lever order: averaged together, two policies would read
				// as one.
				for slices.Contains(levels[:i], levels[i]) {
					levels[i] = math.Nextafter(levels[i], math.Inf(1))
				}
				names[levels[i]] = f.name(exp.ScenarioName(ref))
			}
			note = "policies ordered by the coordination level they reach"
			axes[a] = leverAxis{label: "Policy", col: slices.Index(runs.Columns, "scenario"),
				levels: levels, place: func(v float64) float64 { return levels[int(v)] }, names: names}
			continue
		}
		axes[a] = leverAxis{label: ParamLabel(lv.Path, f.region()), col: slices.Index(runs.Columns, lv.Path),
			levels: lv.Values, place: func(v float64) float64 { return v }}
	}
	for _, ax := range axes {
		if ax.col < 0 {
			return axes, "", fmt.Errorf("runs.parquet has no column for lever %q", ax.label)
		}
	}
	return axes, note, nil
}

// heatmap draws outcome o over the two lever axes.
func (f *folder) heatmap(exp *experiments.File, o experiments.Outcome, runs *table.Runs, axes [2]leverAxis, note string) (*chart.Chart, error) {
	g := meanGrid(runs, slices.Index(runs.Columns, o.Name), axes)
	what := OutcomeName(exp, o.Name, f.region())
	valueLabel := what
	if o.Cumulative && o.Against != "" {
		valueLabel = "Dividend (US$)"
	}
	sub := "Experiment " + exp.Name + ", " + what + ", mean over runs"
	if note != "" {
		sub += "; " + note
	}
	return chart.HeatMap(chart.Meta{Region: f.region(),
		Title:    heatmapTitle(what, g, axes, lowerIsBetter(exp, o.Name)),
		Subtitle: sub,
		Source:   f.source(), XLabel: axes[1].label, YLabel: axes[0].label, ValueLabel: valueLabel, Unit: f.outcomeUnit(o.Name),
	}, g)
}

// meanGrid is the mean of column oc of runs in each cell of the two lever
// axes (axes[0] on y, axes[1] on x), with a scenarios lever's levels named.
func meanGrid(runs *table.Runs, oc int, axes [2]leverAxis) chart.Grid {
	g := chart.Grid{X: slices.Compact(slices.Sorted(slices.Values(axes[1].levels))), Y: slices.Compact(slices.Sorted(slices.Values(axes[0].levels)))}
	for k, ax := range axes {
		if ax.names == nil {
			continue
		}
		lv := g.Y
		if k == 1 {
			lv = g.X
		}
		var names []string
		for _, v := range lv {
			names = append(names, ax.names[v])
		}
		if k == 0 {
			g.YNames = names
		} else {
			g.XNames = names
		}
	}
	sum := make([][]float64, len(g.Y))
	n := make([][]int, len(g.Y))
	for i := range sum {
		sum[i] = make([]float64, len(g.X))
		n[i] = make([]int, len(g.X))
	}
	for _, r := range runs.Rows {
		i := slices.Index(g.Y, axes[0].place(r.Values[axes[0].col]))
		j := slices.Index(g.X, axes[1].place(r.Values[axes[1].col]))
		sum[i][j] += r.Values[oc]
		n[i][j]++
	}
	g.Z = make([][]float64, len(g.Y))
	for i := range g.Z {
		g.Z[i] = make([]float64, len(g.X))
		for j := range g.Z[i] {
			g.Z[i][j] = sum[i][j] / float64(n[i][j])
		}
	}
	return g
}

// heatmapTitle names the cell of g where outcome what is best (highest,
// or lowest when lowBest): "Dividend is highest at spillover 0.2 and lag
// 3", or "... under Binding rules with lag 3" when the y axis is a
// scenarios lever.
func heatmapTitle(what string, g chart.Grid, axes [2]leverAxis, lowBest bool) string {
	if len(g.Z) == 0 || len(g.Z[0]) == 0 {
		return "Policy levers: " + what
	}
	bi, bj := 0, 0
	for i := range g.Z {
		for j := range g.Z[i] {
			if (!lowBest && g.Z[i][j] > g.Z[bi][bj]) || (lowBest && g.Z[i][j] < g.Z[bi][bj]) {
				bi, bj = i, j
			}
		}
	}
	most := "highest"
	if lowBest {
		most = "lowest"
	}
	level := func(names []string, vs []float64, k int) string {
		if names != nil {
			return names[k]
		}
		return strconv.FormatFloat(vs[k], 'g', 4, 64)
	}
	if axes[0].names != nil {
		return fmt.Sprintf("%s is %s under %s with %s %s", upperFirst(what), most, level(g.YNames, g.Y, bi), LowerFirst(short(axes[1].label)), level(g.XNames, g.X, bj))
	}
	return fmt.Sprintf("%s is %s at %s %s and %s %s", upperFirst(what), most, LowerFirst(short(axes[0].label)), level(g.YNames, g.Y, bi), LowerFirst(short(axes[1].label)), level(g.XNames, g.X, bj))
}

// finalCoordination is the mean over pillars of the last level of each
// coordination schedule.
func finalCoordination(p *sim.Params) float64 {
	sum := 0.0
	for _, s := range p.Policy.Coordination {
		sum += s[len(s)-1].Level
	}
	return sum / float64(len(p.Policy.Coordination))
}

// tornados draws one tornado chart per outcome of sensitivity.csv, from
// Sobol' indices when there are some, else Morris mu* or regression
// coefficients.
func (f *folder) tornados() ([]namedChart, error) {
	exp, _ := f.experimentFile()
	rows, err := readCSVFile(filepath.Join(f.dir, "sensitivity.csv"))
	if err != nil {
		return nil, err
	}
	type est = chart.Estimate
	per := map[string]map[string]*chart.Sensitivity{}
	method := map[string]string{}
	var outcomes []string
	titleName := map[string]string{} // a parameter's label in a title, by its label on the bars
	rank := map[string]int{"sobol": 3, "morris": 2, "regression": 1}
	for _, r := range rows[1:] {
		if rank[r[2]] > rank[method[r[0]]] {
			method[r[0]] = r[2]
		}
	}
	nan := math.NaN()
	for _, r := range rows[1:] {
		outcome, param, m, measure := r[0], r[1], r[2], r[3]
		if m != method[outcome] || param == "" {
			continue
		}
		v, lo, hi := orNaN(r[4]), orNaN(r[5]), orNaN(r[6])
		if per[outcome] == nil {
			per[outcome] = map[string]*chart.Sensitivity{}
			outcomes = append(outcomes, outcome)
		}
		s := per[outcome][param]
		if s == nil {
			titleName[ParamLabel(param, f.region())] = PanelName(param, f.region())
			s = &chart.Sensitivity{Name: ParamLabel(param, f.region()), First: est{Value: nan, Lo: nan, Hi: nan}, Total: est{Value: nan, Lo: nan, Hi: nan}}
			per[outcome][param] = s
		}
		switch measure {
		case "S1":
			s.First = est{Value: v, Lo: lo, Hi: hi}
		case "ST":
			s.Total = est{Value: v, Lo: lo, Hi: hi}
		case "mu_star":
			s.Total = est{Value: v, Lo: v, Hi: v}
		case "src":
			a := math.Abs(v)
			s.Total = est{Value: a, Lo: a, Hi: a}
		}
	}
	var out []namedChart
	for _, o := range outcomes {
		var params []chart.Sensitivity
		for _, s := range per[o] {
			params = append(params, *s)
		}
		sort.Slice(params, func(a, b int) bool { return params[a].Name < params[b].Name })
		sub := map[string]string{
			"sobol":      "Sobol' indices: total effect (upper bar) and first order, with 95% bootstrap intervals",
			"morris":     "Morris screening: mean absolute elementary effect mu* (unit-cube scale)",
			"regression": "Absolute standardised regression coefficients",
		}[method[o]]
		if len(params) < 2 {
			continue // a ranking of one parameter says nothing
		}
		// Sobol' indices and SRC are fractions; Morris effects are in the
		// outcome's own unit.
		unit, xlabel := chart.Plain, "Sensitivity index"
		if method[o] == "morris" {
			unit, xlabel = f.outcomeUnit(o), "Mean absolute effect of moving the parameter across its range"
		}
		what := OutcomeName(exp, o, f.region())
		top := params[0]
		for _, p := range params {
			if p.Total.Value > top.Total.Value {
				top = p
			}
		}
		c, err := chart.Tornado(chart.Meta{Region: f.region(),
			Title:    fmt.Sprintf("%s drives %s most", titleName[top.Name], LowerFirst(what)),
			Subtitle: sub, Source: f.source(), XLabel: xlabel, Unit: unit,
			ValueLabel: map[string]string{"morris": "mu*", "regression": "|SRC|"}[method[o]],
		}, params)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o, err)
		}
		out = append(out, namedChart{"tornado-" + o, c})
	}
	return out, nil
}

// regionWord says whose series a fan shows: ", region" or ", <member>".
func (f *folder) regionWord(exp *experiments.File, name string) string {
	if exp != nil {
		for _, s := range exp.Series {
			if s.Name == name && s.Member != "" {
				return ", " + f.name(s.Member)
			}
		}
	}
	return ", region"
}

// outcomeUnit is the unit of an experiment outcome: US$ for GMV and
// dividends, else that of its variable.
func (f *folder) outcomeUnit(name string) chart.Unit {
	exp, err := f.experimentFile()
	if err != nil {
		return chart.Plain
	}
	for _, o := range exp.Outcomes {
		if o.Name == name {
			if o.Cumulative {
				return chart.USD
			}
			u, _ := unitOf(o.Variable)
			return u
		}
	}
	return chart.Plain
}

// unitSuffix is ", <unit>" for a subtitle, or nothing for a share or an
// index, whose name says it.
func unitSuffix(unitText string) string {
	if unitText == "share" || unitText == "index" {
		return ""
	}
	return ", " + unitText
}

// orNaN reads a number of a table, NaN for an empty field ("not applicable").
func orNaN(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return v
}
