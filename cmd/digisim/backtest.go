package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/sim/calibrate"
)

func init() {
	register("backtest", "fit on observations up to a year and report the out-of-sample error after it", cmdBacktest)
}

func cmdBacktest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o calibrateOptions
	var fits, bounds multiFlag
	var until int
	fs := newFlags("backtest", "SCENARIO --fit PATH[,PATH...] --train-until YEAR [--data FILE] [--bounds PATH=lo:hi]... [--out DIR]", stderr)
	calibrationFlags(fs, &o, &fits, &bounds)
	fs.IntVar(&until, "train-until", 0, "last year of the observations to fit on; later ones are the test set")
	fs.StringVar(&o.out, "out", "", "output folder (default out/<scenario>-backtest)")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	o.scenario = pos[0]
	if until == 0 {
		return usagef("backtest: --train-until YEAR is required")
	}
	if err := o.parseFitAndBounds(fits, bounds); err != nil {
		return err
	}
	return backtestScenario(ctx, o, until, stdout)
}

func backtestScenario(ctx context.Context, o calibrateOptions, until int, stdout io.Writer) error {
	sc, data, bound, pr, err := o.problem()
	if err != nil {
		return err
	}
	first, last := data.Years()
	if until < first || until >= last {
		return usagef("backtest: --train-until %d: the data run %d-%d; train until a year from %d to %d", until, first, last, first, last-1)
	}
	bt, err := calibrate.Backtest(ctx, pr, float64(until))
	if err != nil {
		return err
	}
	if o.out == "" {
		o.out = filepath.Join("out", sc.Name+"-backtest")
	}
	if !o.quiet {
		fmt.Fprintf(stdout, "Backtest of %s on %s: fitted on %d-%d, tested on %d-%d\n\n", sc.Name, data.File, first, until, until+1, last)
		printEstimates(stdout, bt.Fit)
		fmt.Fprintln(stdout)
		printPoints(stdout, bt.Points)
		fmt.Fprintln(stdout, "\nError per series (RMSE of log values; largest error):")
		printSeriesFit(stdout, "in sample", bt.Train)
		printSeriesFit(stdout, "out of sample", bt.Test)
		fmt.Fprintf(stdout, "\nRMSE of log values: in sample %.4f (%.1f%%), out of sample %.4f (%.1f%%)\n",
			bt.TrainRMSE, 100*(math.Exp(bt.TrainRMSE)-1), bt.TestRMSE, 100*(math.Exp(bt.TestRMSE)-1))
		printWarnings(stdout, bt.Fit.Warnings)
	}
	fitPath := filepath.Join(o.out, "backtest.csv")
	if err := writePointsCSV(fitPath, bound, bt.Points); err != nil {
		return err
	}
	estPath := filepath.Join(o.out, "estimates.csv")
	if err := writeEstimatesCSV(estPath, bt.Fit.Estimates); err != nil {
		return err
	}
	chartPath := filepath.Join(o.out, "backtest."+o.chart)
	tested := strconv.Itoa(last)
	if until+1 < last {
		tested = fmt.Sprintf("%d-%d", until+1, last)
	}
	meta := chart.Meta{
		Title: fmt.Sprintf("Backtest of %s: fitted to %d-%d, tested on %s", sc.Name, first, until, tested),
		Subtitle: fmt.Sprintf("%s fitted to %d-%d; RMSE of logs %.3f in sample, %.3f out of sample (shaded); data %s",
			paramCount(len(bt.Fit.Estimates)), first, until, bt.TrainRMSE, bt.TestRMSE, filepath.Base(data.File)),
		Source: fitSource(data),
	}
	if err := saveFitChart(chartPath, meta, bound, bt.Points, float64(until)); err != nil {
		return err
	}
	if !o.quiet {
		fmt.Fprintf(stdout, "\nWritten: %s\n", strings.Join([]string{fitPath, estPath, chartPath}, ", "))
	}
	return ctx.Err()
}

func printSeriesFit(w io.Writer, label string, ss []calibrate.SeriesFit) {
	for _, s := range ss {
		fmt.Fprintf(w, "  %-14s %-40s n=%d  %.4f  %5.1f%%\n", label, s.Series, s.N, s.RMSELog, s.MaxAbsErrPct)
	}
}
