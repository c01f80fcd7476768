package main

import (
	"context"
	"io"

	"github.com/digisim/digisim/workflow/fit"
)

func init() {
	register("backtest", "fit on observations up to a year and report the out-of-sample error after it", cmdBacktest)
}

func cmdBacktest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o fit.Options
	var fits, bounds, sets multiFlag
	var until int
	fs := newFlags("backtest", "SCENARIO --fit PATH[,PATH...] --train-until YEAR [--data FILE] [--bounds PATH=lo:hi]... [--out DIR]", stderr)
	calibrationFlags(fs, &o, &fits, &bounds, &sets)
	fs.IntVar(&until, "train-until", 0, "last year of the observations to fit on; later ones are the test set")
	outFlag(fs, &o.Out, "output folder `DIR` (default out/<scenario>-backtest)")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	o.Scenario = pos[0]
	if until == 0 {
		return usagef("backtest: --train-until YEAR is required")
	}
	o.Sets = sets
	if err := checkCalibrationFlags(fs, o); err != nil {
		return err
	}
	if err := o.ParseFitAndBounds(fits, bounds); err != nil {
		return err
	}
	return fit.Backtest(ctx, o, until, stdout)
}
