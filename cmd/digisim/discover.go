package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/digisim/digisim/workflow/discovery"
)

func init() {
	register("discover", "scenario discovery on a finished sweep: where an outcome meets a condition (PRIM or CART)", cmdDiscover)
}

func cmdDiscover(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o discovery.Options
	fs := newFlags("discover", `DIR --outcome NAME --where "< 0" [--method prim|cart] [--policy NAME] [--density 0.8]`, stderr)
	fs.StringVar(&o.Outcome, "outcome", "", "the outcome column (may also start --where)")
	fs.StringVar(&o.Where, "where", "", `the runs of interest: "< 0", ">= 3.2", "< p10" (a percentile), or "dividend < 0"`)
	fs.StringVar(&o.Method, "method", "prim", "prim (peeling trajectory, quasi-p-values) or cart (a classification tree's leaves)")
	fs.StringVar(&o.Policy, "policy", "", "only the runs under this policy option (a scenario name of a scenario lever, or path=value); each: every option in turn")
	fs.Float64Var(&o.MinDensity, "density", 0.8, "the share of a box's runs that must be cases: PRIM picks the widest box this dense")
	fs.StringVar(&o.Subject, "subject", "", `the sentence's subject, e.g. "the agreement fails to pay" (default: the condition)`)
	fs.BoolVar(&o.NoCharts, "no-charts", false, "write the tables only")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if isSet(fs, "density") && !(o.MinDensity > 0 && o.MinDensity <= 1) {
		return usagef("discover: --density %v: want a share in (0, 1], e.g. 0.8 (the default)", o.MinDensity)
	}
	o.Dir = pos[0]
	if _, err := os.Stat(o.Dir); err == nil {
		release, err := lockFolder(o.Dir, "discover")
		if err != nil {
			return err
		}
		defer release()
	}
	if o.Policy == "each" {
		rs, err := discovery.RunEach(o)
		for i, r := range rs {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			fmt.Fprintf(stdout, "== %s ==\n", r.Policy)
			discovery.Print(stdout, r)
			fmt.Fprintf(stdout, "Written: %s\n", strings.Join(r.Written, ", "))
		}
		return err
	}
	res, err := discovery.Run(o)
	if err != nil {
		return err
	}
	discovery.Print(stdout, res)
	fmt.Fprintf(stdout, "\nWritten: %s\n", strings.Join(res.Written, ", "))
	return nil
}
