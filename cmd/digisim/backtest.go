package main

import (
	"context"
	"io"

	"github.com/digisim/digisim/workflow/fit"
)

func init() {
	register("backtest", "out-of-sample skill: rolling-origin backtests of a recipe (default: history) against naive and the reports' forecasts, with intervals; or one fit up to a year", cmdBacktest)
}

func cmdBacktest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o fit.Options
	var fits, bounds, sets multiFlag
	var until int
	var origins string
	fs := newFlags("backtest", "[--recipe NAME|FILE] [--origins FIRST:LAST] [SCENARIO] [--out DIR]\n       digisim backtest SCENARIO --fit PATH[,PATH...] --train-until YEAR [--data FILE] [--bounds PATH=lo:hi]... [--out DIR]", stderr)
	calibrationFlags(fs, &o, &fits, &bounds, &sets)
	fs.IntVar(&until, "train-until", 0, "with --fit: last year of the observations to fit on; later ones are the test set")
	fs.StringVar(&origins, "origins", "", "with a recipe: the origins T of the rolling backtest, FIRST:LAST or a comma list (default: the recipe's)")
	outFlag(fs, &o.Out, "output folder `DIR` (default out/<scenario>-backtest)")
	pos, err := parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	o.Sets = sets
	if err := checkCalibrationFlags(fs, o); err != nil {
		return err
	}
	if len(fits) == 0 && o.Recipe == "" {
		o.Recipe = "history" // the one-command rolling backtest
	}
	if err := fitTarget("backtest", &o, pos, fits, bounds); err != nil {
		return err
	}
	if o.Recipe != "" {
		if until != 0 {
			return usagef("backtest: --train-until is for a single fit with --fit; a recipe backtest takes --origins")
		}
		if o.Origins, err = fit.ParseOrigins(origins); err != nil {
			return err
		}
		return fit.BacktestRecipe(ctx, o, stdout)
	}
	if origins != "" {
		return usagef("backtest: --origins is for a recipe backtest (--recipe); with --fit give --train-until YEAR")
	}
	if until == 0 {
		return usagef("backtest: --train-until YEAR is required with --fit")
	}
	return fit.Backtest(ctx, o, until, stdout)
}
