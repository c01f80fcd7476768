package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/digisim/digisim/sim/robust"
	"github.com/digisim/digisim/workflow/analyze"
	"github.com/digisim/digisim/workflow/plot"
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
	thresholds := map[string]float64{}
	if *threshold != "" {
		for _, kv := range strings.Split(*threshold, ",") {
			k, v, ok := strings.Cut(kv, "=")
			x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if !ok || err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return usagef("analyze: --threshold %q: want OUTCOME=NUMBER, e.g. dividend=250e9", kv)
			}
			thresholds[strings.TrimSpace(k)] = x
		}
	}
	dir := pos[0]
	var reps []analyze.ReplicateIndex
	if len(pos) > 1 {
		// Replicates: sweeps of the same scrambled Sobol' experiment under
		// other seeds; their spread gives the intervals (docs/experiments.md).
		// Checked first, so that a folder that is no replicate stops
		// everything before anything is written.
		if reps, err = analyze.SobolReplicates(pos); err != nil {
			return err
		}
	}
	f, err := analyze.Open(dir)
	if err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	release, err := lockFolder(dir, "analyze")
	if err != nil {
		return err
	}
	defer release()
	fmt.Fprintf(stdout, "design: %s\n", f.Design())
	out, err := analyze.Indices(dir, *resamples, stderr)
	if err != nil {
		return err
	}
	written := []string{filepath.Join(dir, "sensitivity.csv")}
	if err := analyze.WriteCSV(written[0], out); err != nil {
		return err
	}
	analyze.Print(stdout, out)
	var charts []string
	over, err := analyze.OverTime(f, *resamples)
	if err != nil {
		return err
	}
	if len(over) > 0 {
		p := filepath.Join(dir, "sensitivity-over-time.csv")
		if err := analyze.WriteOverTime(p, over); err != nil {
			return err
		}
		written = append(written, p)
		if !*noCharts {
			cs, err := analyze.OverTimeCharts(f, over, fm, sz)
			if err != nil {
				return err
			}
			charts = append(charts, cs...)
		}
	}
	if f.HasRobustness() {
		rs, err := analyze.Robustness(f, crit, thresholds)
		if err != nil {
			return err
		}
		p := filepath.Join(dir, "robustness.csv")
		if err := analyze.WriteRobustness(p, rs); err != nil {
			return err
		}
		written = append(written, p)
		analyze.PrintRobustness(stdout, rs, f.OutcomeUnit)
		if !*noCharts {
			cs, err := analyze.RobustnessCharts(f, rs, f.OutcomeUnit, fm, sz)
			if err != nil {
				return err
			}
			charts = append(charts, cs...)
		}
	}
	if !*noCharts {
		if err := plot.DrawAllAs(dir, fm, sz); err != nil {
			return err
		}
	}
	if reps != nil {
		p := filepath.Join(dir, "sensitivity-replicates.csv")
		if err := analyze.WriteReplicates(p, reps); err != nil {
			return err
		}
		written = append(written, p)
		analyze.PrintReplicates(stdout, reps)
	}
	fmt.Fprintf(stdout, "\nWritten: %s\n", strings.Join(written, ", "))
	if len(charts) > 0 {
		fmt.Fprintf(stdout, "Charts: %s (and the tornadoes in %s)\n", strings.Join(charts, ", "), filepath.Join(dir, "charts"))
	}
	return nil
}
