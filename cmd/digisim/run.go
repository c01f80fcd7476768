package main

import (
	"context"
	"io"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/workflow/runtables"
)

// defaultScenario is the main job: the ASEAN members from the latest
// published year (2025), the e-commerce agreement in force, then DEFA's
// binding rules phased in over 2026-2030.
const defaultScenario = "defa-2025"

type runOptions struct {
	scenario    string
	out         string
	sets        multiFlag
	charts      bool
	format      string
	size        string
	chartFormat chart.Format
	chartSize   chart.Size
	quiet       bool
	strict      bool
	stderr      io.Writer
	stepLimit   int // sim.Params.StepLimit (--max-steps)
	args        []string
}

func init() {
	register("run", "run a scenario and write its tables (series.csv, summary.csv, manifest.json)", cmdRun)
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := runOptions{args: append([]string{"run"}, args...), stderr: stderr}
	fs := newFlags("run", "[NAME|FILE] [--out DIR] [--set key=value]... [--charts [--format png|svg|pdf] [--size slide|page|square]]", stderr)
	maxStepsFlag(fs, &o.stepLimit)
	outFlag(fs, &o.out, "output folder `DIR` (default out/<scenario>)")
	fs.Var(&o.sets, "set", "override a parameter, e.g. --set policy.business_engagement=0.8 (repeatable)")
	fs.BoolVar(&o.charts, "charts", false, "also draw the run's charts into <out>/charts")
	fs.BoolVar(&o.quiet, "quiet", false, "do not print the summary")
	strictFlag(fs, &o.strict)
	formatFlags(fs, &o.format, &o.size)
	pos, err := parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	if o.chartFormat, o.chartSize, err = chartOptions("run", fs, o.charts, o.format, o.size); err != nil {
		return err
	}
	o.scenario = defaultScenario
	if len(pos) == 1 {
		o.scenario = pos[0]
	}
	return runScenario(ctx, o, stdout)
}

func runScenario(ctx context.Context, o runOptions, stdout io.Writer) error {
	sc, err := scenarios.LoadWith(o.scenario, scenarios.Options{Sets: o.sets, StepLimit: o.stepLimit})
	if err != nil {
		return err
	}
	if o.stderr != nil {
		if err := warn(o.stderr, o.strict, sc); err != nil {
			return err
		}
	}
	return runtables.Run(ctx, sc, runtables.Options{Out: o.out, Args: o.args, Charts: chartsFunc(o.charts, o.chartFormat, o.chartSize), Quiet: o.quiet}, stdout)
}
