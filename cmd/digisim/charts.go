package main

import (
	"errors"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/sim"
)

// defaultCharts are the options of --charts: PNG for slides.
var defaultCharts = plotOptions{format: chart.PNG, size: chart.Slide}

// drawRunCharts, drawCompareCharts and drawAnalysisCharts draw, from the
// tables just written, the charts that fit them: the same code as digisim
// plot, so a chart redrawn later is the same chart.
func drawRunCharts(dir, scenario string, res *sim.Result) error {
	_, err := drawFolder(dir, defaultCharts)
	return err
}

func drawCompareCharts(dir, policy, base string, pr, br *sim.Result) error {
	_, err := drawFolder(dir, defaultCharts)
	return err
}

func drawAnalysisCharts(dir string, e *experiments.Experiment, runs *table.Runs, out []index) error {
	_, err := drawFolder(dir, defaultCharts)
	if errors.Is(err, errNoChart) {
		return nil // e.g. one parameter: nothing to rank or to spread
	}
	return err
}
