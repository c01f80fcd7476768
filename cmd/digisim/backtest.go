package main

import (
	"context"
	"io"
	"strconv"
	"strings"

	"github.com/digisim/digisim/workflow/fit"
)

func init() {
	register("backtest", "out-of-sample skill: rolling-origin backtests of a recipe (default: history), or one fit up to a year", cmdBacktest)
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
	fs.StringVar(&o.Out, "out", "", "output folder (default out/<scenario>-backtest)")
	pos, err := parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	o.Sets = sets
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
		if o.Origins, err = parseOrigins(origins); err != nil {
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

// parseOrigins reads FIRST:LAST or a comma list of years.
func parseOrigins(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	bad := func() ([]int, error) {
		return nil, usagef("backtest: --origins %q: want FIRST:LAST (e.g. 2018:2021) or years separated by commas", s)
	}
	if a, b, ok := strings.Cut(s, ":"); ok {
		lo, err1 := strconv.Atoi(strings.TrimSpace(a))
		hi, err2 := strconv.Atoi(strings.TrimSpace(b))
		if err1 != nil || err2 != nil || lo > hi {
			return bad()
		}
		var out []int
		for y := lo; y <= hi; y++ {
			out = append(out, y)
		}
		return out, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		y, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || len(out) > 0 && y <= out[len(out)-1] {
			return bad()
		}
		out = append(out, y)
	}
	return out, nil
}
