package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/report"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/workflow/plot"
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
	res, err := sim.Run(sc.Params)
	if err != nil {
		return fmt.Errorf("run %s: %w", sc.Name, err)
	}
	if o.out == "" {
		o.out = filepath.Join("out", sc.Name)
	}
	release, err := runtables.Open(o.out, "run "+sc.Name)
	if err != nil {
		return err
	}
	defer release()
	if err := runtables.WriteRun(o.out, sc.Name, res); err != nil {
		return err
	}
	if err := runtables.WriteManifest(o.out, o.args, []*scenarios.Scenario{sc}, nil); err != nil {
		return err
	}
	if o.charts {
		if err := plot.DrawAllAs(o.out, o.chartFormat, o.chartSize); err != nil {
			return err
		}
	}
	if !o.quiet {
		if err := report.Run(stdout, sc.Name, res); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\nTables written to %s\n", o.out)
	}
	return ctx.Err()
}
