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
	for _, sc := range []*scenarios.Scenario{pol, bas} {
		if err := runtables.CheckSize(sc.Name, sc.Params); err != nil {
			return err
		}
	}
	pr, err := sim.Run(pol.Params)
	if err != nil {
		return fmt.Errorf("run %s: %w", pol.Name, err)
	}
	br, err := sim.Run(bas.Params)
	if err != nil {
		return fmt.Errorf("run %s: %w", bas.Name, err)
	}
	if err := runtables.Comparable(pol.Name, bas.Name, pr, br); err != nil {
		return err
	}
	if o.out == "" {
		o.out = filepath.Join("out", pol.Name+"-vs-"+bas.Name)
	}
	release, err := runtables.Open(o.out, "compare "+pol.Name+" "+bas.Name)
	if err != nil {
		return err
	}
	defer release()
	d, err := runtables.WriteComparison(o.out, o.args, pol, bas, pr, br)
	if err != nil {
		return err
	}
	if o.charts {
		if err := plot.DrawAllAs(o.out, o.chartFormat, o.chartSize); err != nil {
			return err
		}
	}
	if o.quiet {
		return ctx.Err()
	}
	printDifferences(stdout, pol.Name, bas.Name, d.Differences)
	if err := report.Dividend(stdout, pol.Name, bas.Name, pr.Members, d.PolicyMembers, d.BaseMembers, d.From, d.To); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Cumulative GMV: %s-%s, %s.\n", chart.Year(d.From), chart.Year(d.To), runtables.CumulativeMeasure)
	fmt.Fprintf(stdout, "\nTables written to %s\n", o.out)
	return ctx.Err()
}

// printDifferences says what the dividend is the effect of: the resolved
// parameters in which the policy differs from its counterfactual, and from
// when (differences.csv holds the same list).
func printDifferences(w io.Writer, pol, bas string, ds []runtables.Difference) {
	if len(ds) == 0 {
		fmt.Fprintf(w, "%s and %s have the same parameters: the dividend is zero.\n\n", pol, bas)
		return
	}
	fmt.Fprintf(w, "%s differs from %s in:\n", pol, bas)
	other := 0
	for _, d := range ds {
		path := d.Path
		if d.Count > 1 {
			path = fmt.Sprintf("%s (%d keys)", d.Path, d.Count)
		}
		when := "from the start"
		if f := runtables.FromText(d.From); f != "start" {
			when = "from " + f
		}
		fmt.Fprintf(w, "  %s: %s vs %s, %s\n", path, clipValue(d.Policy), clipValue(d.Base), when)
		if !d.IsPolicy() {
			other++
		}
	}
	if other > 0 {
		fmt.Fprintf(w, "  (%d of these are outside the policy table: the dividend is the effect of all of them, not of the coordination policy alone)\n", other)
	}
	fmt.Fprintln(w)
}

func clipValue(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}
