package main

import (
	"context"
	"flag"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/digisim/digisim/sim/robust"
	"github.com/digisim/digisim/workflow/analyze"
)

func init() {
	register("analyze", "sensitivity indices (Sobol', Morris, SRC), indices over time, robustness across futures, and charts of a finished sweep", cmdAnalyze)
}

func cmdAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("analyze", "DIR [DIR2 ...] [--resamples N] [--criterion minimax-regret|satisficing|mean|maximin] [--threshold OUTCOME=VALUE] [--no-charts | --format png|svg|pdf --size slide|page|square]", stderr)
	resamples := fs.Int("resamples", 200, "bootstrap resamples for Sobol' confidence intervals")
	criterion := fs.String("criterion", "minimax-regret", "how the most robust policy option is chosen (experiments with levers and uncertainties): "+
		"minimax-regret, satisficing (share of futures meeting the outcome's threshold), mean or maximin")
	threshold := fs.String("threshold", "", "satisficing thresholds that replace the experiment's, e.g. dividend=250e9,gini_2035=0.19")
	noCharts := fs.Bool("no-charts", false, "write the tables only")
	var format, size string
	formatFlags(fs, &format, &size)
	pos, err := parse(fs, args, 1, -1)
	if err != nil {
		return err
	}
	fm, sz, err := parseFormat("analyze", format, size)
	if err != nil {
		return err
	}
	if *noCharts {
		var set []string
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "format" || f.Name == "size" {
				set = append(set, "--"+f.Name)
			}
		})
		if len(set) > 0 {
			return usagef("analyze: %s applies to the charts, which --no-charts leaves out", strings.Join(set, " and "))
		}
	}
	crit, err := robust.ParseCriterion(*criterion)
	if err != nil {
		return usagef("analyze: --criterion: %w", err)
	}
	thresholds, err := parseThresholds(*threshold)
	if err != nil {
		return err
	}
	return analyze.Run(analyze.Options{Dirs: pos, Resamples: *resamples, Criterion: crit, Thresholds: thresholds,
		Charts: !*noCharts, Format: fm, Size: sz}, stdout, stderr)
}

// parseThresholds reads --threshold: OUTCOME=NUMBER pairs, comma-separated.
func parseThresholds(s string) (map[string]float64, error) {
	thresholds := map[string]float64{}
	if s == "" {
		return thresholds, nil
	}
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(kv, "=")
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if !ok || err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, usagef("analyze: --threshold %q: want OUTCOME=NUMBER, e.g. dividend=250e9", kv)
		}
		thresholds[strings.TrimSpace(k)] = x
	}
	return thresholds, nil
}
