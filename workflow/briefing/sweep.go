package briefing

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/digisim/digisim/output/brief"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/sim/summary"
	"github.com/digisim/digisim/workflow/plot"
)

// sameScenario reports whether an experiment's reference to a scenario (a
// shipped name or a .toml path) names the scenario called name: by the
// name the sweep recorded for it (experiments.File.ScenarioNames); a sweep
// written before names were recorded shows only the path, and its file is
// taken to be named after itself, as the files of digisim init are.
func sameScenario(exp *experiments.File, ref, name string) bool {
	if n, ok := exp.ScenarioNames[ref]; ok {
		return n == name
	}
	return ref == name || strings.HasSuffix(ref, ".toml") && strings.TrimSuffix(filepath.Base(ref), ".toml") == name
}

// ErrNoDividendOutcome says a sweep records no dividend the brief can use.
var ErrNoDividendOutcome = errors.New("records no dividend outcome")

// uncertainty reads a Monte Carlo sweep of the comparison's policy
// against its counterfactual: the range of the dividend over its runs,
// with the charts of its spread (year by year, the fan of regional GMV,
// the distribution).
func (f *folder) uncertainty(dir string) (*brief.Uncertainty, error) {
	m, exp, err := readSweep("--sweep", dir, "a finished digisim sweep folder has manifest.json", "; give the folder of a finished digisim sweep")
	if err != nil {
		return nil, err
	}
	// First what no edit of the outcomes can fix, so that no message
	// suggests an edit that is then refused.
	if err := f.sameBase("--sweep", dir, m); err != nil {
		return nil, err
	}
	if !sameScenario(exp, exp.Scenario, f.policy) {
		return nil, fmt.Errorf("brief: --sweep %s: experiment %s runs scenario %s, but the comparison's policy is %s; the range of one policy's dividend does not qualify another's (sweep an experiment with scenario = %q)",
			dir, exp.Name, exp.Scenario, f.policy, f.policy)
	}
	outcome, err := f.dividendOutcome(dir, exp)
	if err != nil {
		return nil, err
	}
	runs, vals, err := finiteOutcome(dir, outcome)
	if err != nil {
		return nil, err
	}
	u := dividendRange(vals)
	src := "Source: digisim " + m.Digisim + ", experiment " + exp.Name + " (" + chart.People(float64(len(vals))) + " runs); " + plot.DataSourceOf(f.manifest, f.baseYear)
	versus := f.versus()

	// The dividend year by year with its bands, when the sweep recorded
	// it (outcomes of regional GMV at a year, against the counterfactual).
	if c, err := f.dividendBands(runs, exp, versus, src); err != nil {
		return nil, err
	} else if c != nil {
		u.Charts = append(u.Charts, *c)
	}

	// The fan of regional GMV, when the sweep recorded it.
	if fan, err := f.fan(dir, m, exp, src); err != nil {
		return nil, err
	} else if fan != nil {
		u.Charts = append(u.Charts, *fan)
	}
	hc, err := f.distributionChart(vals, u.PPositive, versus, src)
	if err != nil {
		return nil, err
	}
	u.Charts = append(u.Charts, hc)
	return u, nil
}

// readSweep reads the manifest of the sweep in dir (given with flag) and
// the experiment it records; the hints end the messages of a folder
// without a manifest and of a manifest without a sweep.
func readSweep(flag, dir, noManifest, noSweep string) (*manifest.Manifest, *experiments.File, error) {
	m, err := manifest.Read(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, nil, fmt.Errorf("brief: %s %s: %w (%s)", flag, dir, err, noManifest)
	}
	sw, err := m.Sweep()
	if err != nil {
		return nil, nil, fmt.Errorf("brief: %s %s: manifest.json %w%s", flag, dir, err, noSweep)
	}
	var exp experiments.File
	if err := json.Unmarshal(sw.Experiment, &exp); err != nil {
		return nil, nil, fmt.Errorf("brief: %s %s: the experiment in manifest.json does not decode: %w", flag, dir, err)
	}
	return m, &exp, nil
}

// dividendOutcomes returns the experiment's outcomes that are a regional
// dividend: cumulative, against a counterfactual, of the whole region.
func dividendOutcomes(exp *experiments.File) []experiments.Outcome {
	var out []experiments.Outcome
	for _, o := range exp.Outcomes {
		if o.Cumulative && o.Against != "" && o.Member == "" {
			out = append(out, o)
		}
	}
	return out
}

// dividendOutcome names the sweep's outcome that is the comparison's
// dividend (against its counterfactual), refusing a sweep with none, or
// with levers (whose runs are not futures of one policy).
func (f *folder) dividendOutcome(dir string, exp *experiments.File) (string, error) {
	var against []string
	for _, o := range dividendOutcomes(exp) {
		against = append(against, o.Name+" (against "+o.Against+")")
		if sameScenario(exp, o.Against, f.base) {
			if len(exp.Levers) > 0 {
				return "", fmt.Errorf("brief: --sweep %s: experiment %s has levers; the range of a dividend needs a sweep over uncertainties only (a Monte Carlo sweep)", dir, exp.Name)
			}
			return o.Name, nil
		}
	}
	have := "none"
	if len(against) > 0 {
		have = strings.Join(against, ", ")
	}
	return "", fmt.Errorf("brief: --sweep %s: experiment %s %w against %s (dividend outcomes: %s); add an outcome with cumulative = true and against = %q to the experiment and run the sweep again",
		dir, exp.Name, ErrNoDividendOutcome, f.base, have, f.base)
}

// finiteOutcome reads the sweep's runs and the finite values of outcome
// over them, at least two.
func finiteOutcome(dir, outcome string) (*table.Runs, []float64, error) {
	runs, err := table.ReadRunsFile(filepath.Join(dir, "runs.parquet"))
	if err != nil {
		return nil, nil, fmt.Errorf("brief: --sweep %s: %w (is the sweep finished? digisim sweep --resume completes it)", dir, err)
	}
	col := slices.Index(runs.Columns, outcome)
	if col < 0 {
		return nil, nil, fmt.Errorf("brief: --sweep %s: runs.parquet has no column %q", dir, outcome)
	}
	var vals []float64
	for _, r := range runs.Rows {
		if v := r.Values[col]; !math.IsNaN(v) && !math.IsInf(v, 0) {
			vals = append(vals, v)
		}
	}
	if len(vals) < 2 {
		return nil, nil, fmt.Errorf("brief: --sweep %s: %d finite values of %s; a range needs at least 2 runs", dir, len(vals), outcome)
	}
	return runs, vals, nil
}

// dividendRange is the range of the dividend over runs: the share of
// positive values and the 5th, 50th and 95th percentiles (type 7).
func dividendRange(vals []float64) *brief.Uncertainty {
	sorted := append([]float64(nil), vals...)
	sort.Float64s(sorted)
	pos := 0
	for _, v := range vals {
		if v > 0 {
			pos++
		}
	}
	return &brief.Uncertainty{Runs: len(vals), PPositive: float64(pos) / float64(len(vals)),
		P05: summary.Quantile(sorted, 0.05), P50: summary.Quantile(sorted, 0.5), P95: summary.Quantile(sorted, 0.95)}
}

// distributionChart draws the dividend's distribution over the runs
// (vals), titled by the share of them that gain (positive).
func (f *folder) distributionChart(vals []float64, positive float64, versus, src string) (brief.Chart, error) {
	span := f.sumYears()
	n := chart.People(float64(len(vals)))
	finding := distributionFinding(positive, n)
	c, err := chart.Histogram(chart.Meta{Region: f.region(), Title: finding,
		Subtitle: fmt.Sprintf("%s, dividend in the sum of annual digital GMV %s, %s runs", versus, span, n),
		Source:   src, XLabel: "Dividend, sum of " + span + " (US$)", Unit: chart.USD}, vals, 0)
	data := [][]string{{"run", "dividend_usd"}}
	for i, v := range vals {
		data = append(data, []string{strconv.Itoa(i), exact(v)})
	}
	return render("dividend_distribution", finding, "The solid line marks the median run; the shaded span holds 90% of runs (5% to 95%).", c, err, data...)
}

// distributionFinding says in how many of n runs the dividend is positive
// (positive, a share).
func distributionFinding(positive float64, n string) string {
	switch positive {
	case 1:
		return fmt.Sprintf("The dividend is positive in all %s runs", n)
	case 0:
		return fmt.Sprintf("The dividend is negative or zero in all %s runs", n)
	}
	return fmt.Sprintf("The dividend is positive in %s of futures", brief.Share(positive))
}

// dividendBands draws the regional dividend year by year: the median of
// the runs with the bands that hold 50% and 90% of them, from the sweep's
// outcomes of regional GMV at a year against the comparison's
// counterfactual; nil when it has fewer than two such years.
func (f *folder) dividendBands(runs *table.Runs, exp *experiments.File, versus, src string) (*brief.Chart, error) {
	type column struct {
		year float64
		ix   int
	}
	var cols []column
	for _, o := range exp.Outcomes {
		if o.Cumulative || !sameScenario(exp, o.Against, f.base) || o.Variable != "gmv" || o.Member != "" || o.Segment != "" || o.Pillar != "" {
			continue
		}
		if i := slices.Index(runs.Columns, o.Name); i >= 0 {
			cols = append(cols, column{o.Year, i})
		}
	}
	if len(cols) < 2 {
		return nil, nil
	}
	slices.SortFunc(cols, func(a, b column) int { return cmp.Compare(a.year, b.year) })
	q := chart.Quantiles{Name: "dividend"}
	data := [][]string{{"year", "p5", "p25", "p50", "p75", "p95"}}
	for _, c := range cols {
		var v []float64
		for _, r := range runs.Rows {
			if x := r.Values[c.ix]; !math.IsNaN(x) && !math.IsInf(x, 0) {
				v = append(v, x)
			}
		}
		if len(v) < 2 {
			return nil, fmt.Errorf("brief: --sweep: %d finite values of the dividend in %v; bands need at least 2 runs", len(v), c.year)
		}
		slices.Sort(v)
		b := [5]float64{summary.Quantile(v, 0.05), summary.Quantile(v, 0.25), summary.Quantile(v, 0.5), summary.Quantile(v, 0.75), summary.Quantile(v, 0.95)}
		q.X = append(q.X, c.year)
		q.P05, q.P25, q.P50, q.P75, q.P95 = append(q.P05, b[0]), append(q.P25, b[1]), append(q.P50, b[2]), append(q.P75, b[3]), append(q.P95, b[4])
		data = append(data, []string{year(c.year), exact(b[0]), exact(b[1]), exact(b[2]), exact(b[3]), exact(b[4])})
	}
	k := len(q.X) - 1
	finding := fmt.Sprintf("By %s the dividend is %s to %s a year in 9 runs of 10", year(q.X[k]), chart.Money(q.P05[k]), chart.Money(q.P95[k]))
	c, err := chart.Fan(chart.Meta{Region: f.region(), Title: finding,
		Subtitle: versus + ", dividend in regional digital GMV, US$ a year; bands hold 50% and 90% of runs",
		Source:   src, XLabel: "Year", YLabel: "Dividend (US$ a year)", Unit: chart.USD, Events: f.events()}, q, chart.Series{})
	bc, err := render("dividend_range", finding, "", c, err, data...)
	if err != nil {
		return nil, err
	}
	return &bc, nil
}

// fan draws the fan chart of the sweep's regional GMV series, or returns
// nil when the sweep recorded none.
func (f *folder) fan(dir string, m *manifest.Manifest, exp *experiments.File, src string) (*brief.Chart, error) {
	bands, err := regionalBands(dir, exp)
	if err != nil || bands == nil {
		return nil, err
	}
	q := *bands
	k := len(q.X) - 1
	finding := fmt.Sprintf("GMV in %.0f: %s to %s in 9 runs of 10", q.X[k], chart.Money(q.P05[k]), chart.Money(q.P95[k]))
	sub := f.short(exp.ScenarioName(exp.Scenario)) + ", digital GMV of " + f.regionTitle() + ", US$ a year; bands hold 50% and 90% of runs"
	history, what, sea6, err := plot.History(f.dir, f.manifest, f.baseYear, f.warn)
	if err != nil {
		return nil, err
	}
	obsColumn := "observed"
	if len(history.X) < 2 || history.X[len(history.X)-1] != q.X[0] {
		history = chart.Series{}
	} else {
		sub += "; observed: " + what
	}
	if sea6 {
		obsColumn = "observed_sea6"
	}
	c, err := chart.Fan(chart.Meta{Region: f.region(), Title: finding, Subtitle: sub,
		Source: src, XLabel: "Year", YLabel: "Digital GMV (US$)", Unit: chart.USD, Events: f.events()}, q, history)
	data := [][]string{{"year", "p5", "p25", "p50", "p75", "p95", obsColumn}}
	for i, x := range history.X {
		if x < q.X[0] {
			data = append(data, []string{year(x), "", "", "", "", "", exact(history.Y[i])})
		}
	}
	for i := range q.X {
		obs := ""
		if k := slices.Index(history.X, q.X[i]); k >= 0 {
			obs = exact(history.Y[k])
		}
		data = append(data, []string{year(q.X[i]), exact(q.P05[i]), exact(q.P25[i]), exact(q.P50[i]), exact(q.P75[i]), exact(q.P95[i]), obs})
	}
	bc, err := render("fan_gmv", finding, "", c, err, data...)
	if err != nil {
		return nil, err
	}
	return &bc, nil
}

// regionalBands reads the sweep's quantiles of regional GMV over time
// from bands.csv, or returns nil when the sweep recorded no such series.
func regionalBands(dir string, exp *experiments.File) (*chart.Quantiles, error) {
	name := ""
	for _, s := range exp.Series {
		if s.Variable == "gmv" && s.Member == "" && s.Segment == "" {
			name = s.Name
		}
	}
	if name == "" {
		return nil, nil
	}
	path := filepath.Join(dir, "bands.csv")
	rows, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	ix, err := columns(path, rows[0], "series", "time", "p5", "p25", "p50", "p75", "p95")
	if err != nil {
		return nil, err
	}
	q := chart.Quantiles{Name: exp.ScenarioName(exp.Scenario)}
	for n, r := range rows[1:] {
		if r[ix[0]] != name {
			continue
		}
		var v [6]float64
		for k := range v {
			if v[k], err = parseFloat(path, n+2, rows[0][ix[k+1]], r[ix[k+1]]); err != nil {
				return nil, err
			}
		}
		q.X = append(q.X, v[0])
		q.P05, q.P25, q.P50, q.P75, q.P95 = append(q.P05, v[1]), append(q.P25, v[2]), append(q.P50, v[3]), append(q.P75, v[4]), append(q.P95, v[5])
	}
	if len(q.X) < 2 {
		return nil, nil
	}
	return &q, nil
}
