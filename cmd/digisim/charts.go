package main

import (
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/sim"
)

// drawRunCharts and drawCompareCharts are filled in with the chart package.
func drawRunCharts(dir, scenario string, res *sim.Result) error { return nil }

func drawCompareCharts(dir, policy, base string, pr, br *sim.Result) error { return nil }

func drawAnalysisCharts(dir string, e *experiments.Experiment, runs *table.Runs, out []index) error {
	return nil
}
