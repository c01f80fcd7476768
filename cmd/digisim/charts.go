package main

import (
	"errors"

	"github.com/digisim/digisim/output/chart"
)

// drawCharts draws, from the tables just written to dir, every chart that
// fits them, as PNG for slides: the same code as digisim plot, so a chart
// redrawn later is the same chart. No chart fitting is not an error (a
// one-parameter sweep has nothing to rank).
func drawCharts(dir string) error {
	_, err := drawFolder(dir, plotOptions{format: chart.PNG, size: chart.Slide})
	if errors.Is(err, errNoChart) {
		return nil
	}
	return err
}
