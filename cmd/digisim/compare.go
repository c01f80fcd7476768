package main

import (
	"context"
	"io"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/workflow/runtables"
)

func init() {
	register("compare", "the coordination dividend of a policy over its counterfactual (dividend.csv)", cmdCompare)
}

type compareOptions struct {
	policy, base string
	out          string
	sets         multiFlag
	charts       bool
	quiet        bool // headline.csv is still written
	strict       bool
	stderr       io.Writer
	format, size string
	chartFormat  chart.Format
	chartSize    chart.Size
	stepLimit    int // sim.Params.StepLimit (--max-steps)
	args         []string
}

func cmdCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := compareOptions{args: append([]string{"compare"}, args...), stderr: stderr}
	fs := newFlags("compare", "POLICY BASE [--out DIR] [--set key=value]... [--charts [--format png|svg|pdf] [--size slide|page|square]]", stderr)
	maxStepsFlag(fs, &o.stepLimit)
	outFlag(fs, &o.out, "output folder `DIR` (default out/<policy>-vs-<base>)")
	fs.Var(&o.sets, "set", "override a parameter in both scenarios, e.g. --set segments.ecommerce.imitation=0.5 (repeatable)")
	fs.BoolVar(&o.charts, "charts", false, "also draw the comparison charts into <out>/charts")
	fs.BoolVar(&o.quiet, "quiet", false, "do not print the dividend (the tables, headline.csv included, are written)")
	strictFlag(fs, &o.strict)
	formatFlags(fs, &o.format, &o.size)
	pos, err := parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	if o.chartFormat, o.chartSize, err = chartOptions("compare", fs, o.charts, o.format, o.size); err != nil {
		return err
	}
	o.policy, o.base = pos[0], pos[1]
	if o.policy == o.base {
		return usagef("compare: POLICY %q and BASE %q are the same scenario: the dividend would be 0; compare a policy with its counterfactual (e.g. digisim compare agreement no-coordination)", o.policy, o.base)
	}
	return compare(ctx, o, stdout)
}

func compare(ctx context.Context, o compareOptions, stdout io.Writer) error {
	pol, err := scenarios.LoadWith(o.policy, scenarios.Options{Sets: o.sets, StepLimit: o.stepLimit})
	if err != nil {
		return err
	}
	bas, err := scenarios.LoadWith(o.base, scenarios.Options{Sets: o.sets, StepLimit: o.stepLimit})
	if err != nil {
		return err
	}
	if o.stderr != nil {
		if err := warn(o.stderr, o.strict, pol, bas); err != nil {
			return err
		}
	}
	return runtables.Compare(ctx, pol, bas, runtables.Options{Out: o.out, Args: o.args,
		Charts: chartsFunc(o.charts, o.chartFormat, o.chartSize), Quiet: o.quiet}, stdout)
}
