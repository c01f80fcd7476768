package briefing

import (
	"fmt"
	"strconv"

	"github.com/digisim/digisim/output/brief"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/workflow/plot"
)

// runUncertainty reads a Monte Carlo sweep of a run's own scenario (its
// forecast uncertainty, e.g. status-quo-2025 of asean-2025): the fan of
// regional GMV from the sweep's bands, and the 90% range of GMV in the
// last year of the run. The sweep must record regional GMV as a series.
func (f *folder) runUncertainty(dir string) (*brief.Uncertainty, error) {
	m, exp, err := readSweep("--sweep", dir, "a finished digisim sweep folder has manifest.json", "; give the folder of a finished digisim sweep")
	if err != nil {
		return nil, err
	}
	if !sameScenario(exp, exp.Scenario, f.policy) {
		return nil, fmt.Errorf("brief: --sweep %s: experiment %s runs scenario %s, but the run is of %s; sweep an experiment with scenario = %q (or brief a compare folder for a dividend)",
			dir, exp.Name, exp.Scenario, f.policy, f.policy)
	}
	if len(exp.Levers) > 0 {
		return nil, fmt.Errorf("brief: --sweep %s: experiment %s has levers; the range of a forecast needs a sweep over uncertainties only (a Monte Carlo sweep)", dir, exp.Name)
	}
	runs := exp.Runs * max(exp.Replicates, 1)
	src := "Source: digisim " + m.Digisim + ", experiment " + exp.Name + " (" + chart.People(float64(runs)) + " runs); " + plot.DataSourceOf(f.manifest, f.baseYear)
	q, err := regionalBands(dir, exp)
	if err != nil {
		return nil, err
	}
	fan, err := f.fan(dir, m, exp, src)
	if err != nil {
		return nil, err
	}
	if fan == nil || q == nil {
		return nil, fmt.Errorf("brief: --sweep %s: experiment %s records no regional GMV series; add [[series]] with name = \"gmv\" and variable = \"gmv\" and run the sweep again", dir, exp.Name)
	}
	k := len(q.X) - 1
	u := &brief.Uncertainty{Runs: runs, PPositive: 1, P05: q.P05[k], P50: q.P50[k], P95: q.P95[k],
		Quantity: "regional digital GMV in " + strconv.Itoa(int(q.X[k])), Charts: []brief.Chart{*fan}}
	return u, nil
}
