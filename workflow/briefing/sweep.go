package briefing

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"github.com/digisim/digisim/output/brief"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/sim/summary"
	"github.com/digisim/digisim/workflow/plot"
)

// ErrNoDividendOutcome says a sweep records no dividend the brief can use.
var ErrNoDividendOutcome = errors.New("records no dividend outcome")

func (f *folder) uncertainty(dir string) (*brief.Uncertainty, error) {
	mpath := filepath.Join(dir, "manifest.json")
	m, err := manifest.Read(mpath)
	if err != nil {
		return nil, fmt.Errorf("brief: --sweep %s: %w (a finished digisim sweep folder has manifest.json)", dir, err)
	}
	sw, err := m.Sweep()
	if err != nil {
		return nil, fmt.Errorf("brief: --sweep %s: manifest.json %w; give the folder of a finished digisim sweep", dir, err)
	}
	var exp experiments.File
	if err := json.Unmarshal(sw.Experiment, &exp); err != nil {
		return nil, fmt.Errorf("brief: --sweep %s: the experiment in manifest.json does not decode: %v", dir, err)
	}
	outcome := ""
	var against []string
	for _, o := range exp.Outcomes {
		if o.Cumulative && o.Against != "" && o.Member == "" {
			against = append(against, o.Name+" (against "+o.Against+")")
			if o.Against == f.base {
				outcome = o.Name
				break
			}
		}
	}
	if outcome == "" {
		have := "none"
		if len(against) > 0 {
			have = strings.Join(against, ", ")
		}
		return nil, fmt.Errorf("brief: --sweep %s: experiment %s %w against %s (dividend outcomes: %s); add an outcome with cumulative = true and against = %q to the experiment and run the sweep again",
			dir, exp.Name, ErrNoDividendOutcome, f.base, have, f.base)
	}
	if exp.Scenario != f.policy {
		return nil, fmt.Errorf("brief: --sweep %s: experiment %s runs scenario %s, but the comparison's policy is %s; the range of one policy's dividend does not qualify another's (sweep an experiment with scenario = %q)",
			dir, exp.Name, exp.Scenario, f.policy, f.policy)
	}
	if len(exp.Levers) > 0 {
		return nil, fmt.Errorf("brief: --sweep %s: experiment %s has levers; the range of a dividend needs a sweep over uncertainties only (a Monte Carlo sweep)", dir, exp.Name)
	}
	runs, err := table.ReadRunsFile(filepath.Join(dir, "runs.parquet"))
	if err != nil {
		return nil, fmt.Errorf("brief: --sweep %s: %w (is the sweep finished? digisim sweep --resume completes it)", dir, err)
	}
	col := -1
	for i, c := range runs.Columns {
		if c == outcome {
			col = i
		}
	}
	if col < 0 {
		return nil, fmt.Errorf("brief: --sweep %s: runs.parquet has no column %q", dir, outcome)
	}
	var vals []float64
	for _, r := range runs.Rows {
		if v := r.Values[col]; !math.IsNaN(v) && !math.IsInf(v, 0) {
			vals = append(vals, v)
		}
	}
	if len(vals) < 2 {
		return nil, fmt.Errorf("brief: --sweep %s: %d finite values of %s; a range needs at least 2 runs", dir, len(vals), outcome)
	}
	sorted := append([]float64(nil), vals...)
	sort.Float64s(sorted)
	pos := 0
	for _, v := range vals {
		if v > 0 {
			pos++
		}
	}
	u := &brief.Uncertainty{Runs: len(vals), PPositive: float64(pos) / float64(len(vals)),
		P05: summary.Quantile(sorted, 0.05), P50: summary.Quantile(sorted, 0.5), P95: summary.Quantile(sorted, 0.95)}
	src := "Source: digisim " + m.Digisim + ", experiment " + exp.Name + " (" + brief.Count(float64(len(vals))) + " runs); " + plot.DataSource(f.baseYear)
	span := fmt.Sprintf("%d-%d", f.from(), f.to())

	// The fan of regional GMV, when the sweep recorded it.
	if fan, err := f.fan(dir, m, &exp, src); err != nil {
		return nil, err
	} else if fan != nil {
		u.Charts = append(u.Charts, *fan)
	}
	finding := fmt.Sprintf("The dividend is positive in %s of futures", brief.Share(u.PPositive))
	switch pos {
	case len(vals):
		finding = fmt.Sprintf("The dividend is positive in all %s runs", brief.Count(float64(len(vals))))
	case 0:
		finding = fmt.Sprintf("The dividend is negative or zero in all %s runs", brief.Count(float64(len(vals))))
	}
	c, err := chart.Histogram(chart.Meta{Title: finding,
		Subtitle: fmt.Sprintf("%s minus %s, cumulative GMV %s, %s runs", chart.DisplayName(f.policy), lower(chart.DisplayName(f.base)), span, brief.Count(float64(len(vals)))),
		Source:   src, XLabel: "Cumulative dividend (US$)", Unit: chart.USD}, vals, 0)
	hc, err := render("dividend_distribution", finding, "", c, err)
	if err != nil {
		return nil, err
	}
	u.Charts = append(u.Charts, hc)
	return u, nil
}

// fan draws the fan chart of the sweep's regional GMV series, or returns
// nil when the sweep recorded none.
func (f *folder) fan(dir string, m *manifest.Manifest, exp *experiments.File, src string) (*brief.Chart, error) {
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
	q := chart.Quantiles{Name: exp.Scenario}
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
	k := len(q.X) - 1
	finding := fmt.Sprintf("GMV in %.0f: %s to %s in 9 runs of 10", q.X[k], chart.Money(q.P05[k]), chart.Money(q.P95[k]))
	c, err := chart.Fan(chart.Meta{Title: finding,
		Subtitle: "Scenario " + chart.DisplayName(exp.Scenario) + ", regional digital GMV, US$ a year; bands hold 50% and 90% of runs",
		Source:   src, XLabel: "Year", YLabel: "Digital GMV (US$)", Unit: chart.USD}, q, chart.Series{})
	bc, err := render("fan_gmv", finding, "", c, err)
	if err != nil {
		return nil, err
	}
	return &bc, nil
}
