package main

import (
	"context"
	"flag"
	"io"

	"github.com/digisim/digisim/scenarios/observed"
	"github.com/digisim/digisim/workflow/fit"
)

func init() {
	register("calibrate", "fit scenario parameters to observed data (a shipped recipe, or --fit with the 2015-2018 history)", cmdCalibrate)
}

const fitFlagHelp = "parameters to fit, dotted scenario paths separated by commas, e.g. segments.ecommerce.imitation,members.*.investment.payments (repeatable)"

// calibrationFlags declares the flags calibrate and backtest share.
func calibrationFlags(fs *flag.FlagSet, o *fit.Options, fits, bounds, sets *multiFlag) {
	fs.StringVar(&o.Recipe, "recipe", "", `a calibration recipe (shipped: "history", 2015-2025; "history-2022", the 2018-2022 fit behind asean-2022; or a .toml file) that names the scenario, data, parameters, priors and backtest origins`)
	fs.StringVar(&o.Data, "data", "", "observed data, a CSV in the format of scenarios/observed/README.md (default: the recipe's, else the shipped "+observed.Shipped+")")
	fs.Var(fits, "fit", fitFlagHelp)
	fs.Var(bounds, "bounds", "bounds of a fitted parameter, PATH=lo:hi (repeatable; defaults exist for the growth parameters)")
	fs.Var(sets, "set", "override a parameter before fitting, e.g. --set time.horizon=2030 (repeatable)")
	fs.IntVar(&o.Starts, "starts", 6, "starting points: the scenario's values and a Halton sequence over the bounds")
	fs.IntVar(&o.Workers, "workers", 0, "starting points fitted in parallel (default: the number of CPUs)")
	fs.BoolVar(&o.Quiet, "quiet", false, "do not print the report")
	fs.StringVar(&o.Chart, "chart", "svg", "chart format: svg or png")
}

// fitTarget reads the positional SCENARIO and the --fit and --bounds
// flags: with --recipe the scenario is optional (the recipe's by default)
// and --fit and --bounds are refused (the recipe lists its parameters).
func fitTarget(cmd string, o *fit.Options, pos []string, fits, bounds multiFlag) error {
	if len(pos) == 1 {
		o.Scenario = pos[0]
	}
	if o.Recipe != "" {
		if len(fits) > 0 || len(bounds) > 0 {
			return usagef("%s: --recipe lists its parameters and bounds; drop --fit and --bounds, or drop --recipe", cmd)
		}
		if o.Chart != "svg" && o.Chart != "png" {
			return usagef("%s: --chart %q: want svg or png", cmd, o.Chart)
		}
		return nil
	}
	if len(pos) == 0 {
		return usagef("%s: name the SCENARIO to fit, or give --recipe (e.g. --recipe history)", cmd)
	}
	return o.ParseFitAndBounds(fits, bounds)
}

func cmdCalibrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o fit.Options
	var fits, bounds, sets multiFlag
	fs := newFlags("calibrate", "SCENARIO --fit PATH[,PATH...] [--data FILE] [--bounds PATH=lo:hi]... [--set key=value]... [--out DIR]\n       digisim calibrate --recipe NAME|FILE [SCENARIO] [--out DIR]", stderr)
	calibrationFlags(fs, &o, &fits, &bounds, &sets)
	outFlag(fs, &o.Out, "output folder `DIR` (default out/<scenario>-calibrated)")
	pos, err := parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	o.Sets = sets
	if err := checkCalibrationFlags(fs, o); err != nil {
		return err
	}
	if err := fitTarget("calibrate", &o, pos, fits, bounds); err != nil {
		return err
	}
	if o.Recipe != "" {
		return fit.CalibrateRecipe(ctx, o, stdout)
	}
	return fit.Calibrate(ctx, o, stdout)
}

// checkCalibrationFlags refuses counts that mean nothing: no starting
// point, no worker (--workers left out means one per CPU).
func checkCalibrationFlags(fs *flag.FlagSet, o fit.Options) error {
	if o.Starts < 1 {
		return usagef("%s: --starts %d: want at least 1 starting point (6 is the default)", fs.Name(), o.Starts)
	}
	workersSet := false
	fs.Visit(func(f *flag.Flag) { workersSet = workersSet || f.Name == "workers" })
	if workersSet && o.Workers < 1 {
		return usagef("%s: --workers %d: want at least 1 (leave it out for one per CPU)", fs.Name(), o.Workers)
	}
	return nil
}
