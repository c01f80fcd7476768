package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/digisim/digisim/workflow/analyze"
	"github.com/digisim/digisim/workflow/plot"
)

func init() {
	register("analyze", "sensitivity indices (Sobol', Morris, SRC) and charts of a finished sweep", cmdAnalyze)
}

func cmdAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("analyze", "DIR [--resamples N] [--no-charts]", stderr)
	resamples := fs.Int("resamples", 200, "bootstrap resamples for Sobol' confidence intervals")
	noCharts := fs.Bool("no-charts", false, "write sensitivity.csv only")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	dir := pos[0]
	out, err := analyze.Indices(dir, *resamples, stderr)
	if err != nil {
		return err
	}
	if err := analyze.WriteCSV(filepath.Join(dir, "sensitivity.csv"), out); err != nil {
		return err
	}
	analyze.Print(stdout, out)
	if !*noCharts {
		if err := plot.DrawAll(dir); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "\nWritten: %s\n", filepath.Join(dir, "sensitivity.csv"))
	return nil
}
