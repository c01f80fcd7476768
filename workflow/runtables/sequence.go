package runtables

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/digisim/digisim/output/chart/house"
	"github.com/digisim/digisim/output/report"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/workflow/pair"
)

// Options says where a run or a comparison writes and what follows its
// tables.
type Options struct {
	Out    string                 // the folder; "" is out/NAME
	Args   []string               // the command line, for the manifest
	Charts func(dir string) error // draws the folder's charts once its tables are written; nil draws none
	Quiet  bool                   // print nothing (the tables are written all the same)
}

// Run is the sequence of digisim run once the scenario is loaded: the size
// check, the run, the folder's lock, the tables and manifest, the charts
// and the printed report.
func Run(ctx context.Context, sc *scenarios.Scenario, o Options, stdout io.Writer) error {
	if err := CheckSize(sc.Name, sc.Params); err != nil {
		return err
	}
	res, err := sim.Run(sc.Params)
	if err != nil {
		return fmt.Errorf("run %s: %w", sc.Name, err)
	}
	dir := o.Out
	if dir == "" {
		dir = filepath.Join("out", sc.Name)
	}
	release, err := Open(dir, "run "+sc.Name)
	if err != nil {
		return err
	}
	defer release()
	if err := WriteRun(dir, sc.Name, res); err != nil {
		return err
	}
	if err := WriteManifest(dir, o.Args, []*scenarios.Scenario{sc}, nil); err != nil {
		return err
	}
	if o.Charts != nil {
		if err := o.Charts(dir); err != nil {
			return err
		}
	}
	if !o.Quiet {
		if err := report.Run(stdout, sc.Name, res); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\nTables written to %s\n", dir)
	}
	return ctx.Err()
}

// Compare is the sequence of digisim compare once both scenarios are
// loaded: the runs (pair.Run, with the size check of the tables written), the folder's lock, the tables of the
// comparison and its manifest, the charts and the printed dividend with
// what it is the effect of.
func Compare(ctx context.Context, pol, bas *scenarios.Scenario, o Options, stdout io.Writer) error {
	pr, br, err := pair.Run(pol, bas, pair.Options{Fits: CheckSize})
	if err != nil {
		return err
	}
	dir := o.Out
	if dir == "" {
		dir = filepath.Join("out", pol.Name+"-vs-"+bas.Name)
	}
	release, err := Open(dir, "compare "+pol.Name+" "+bas.Name)
	if err != nil {
		return err
	}
	defer release()
	d, err := WriteComparison(dir, o.Args, pol, bas, pr, br)
	if err != nil {
		return err
	}
	if o.Charts != nil {
		if err := o.Charts(dir); err != nil {
			return err
		}
	}
	if o.Quiet {
		return ctx.Err()
	}
	printDifferences(stdout, pol.Name, bas.Name, d.Differences)
	if err := report.Dividend(stdout, pol.Name, bas.Name, pr.Members, d.PolicyMembers, d.BaseMembers, d.From, d.To); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Cumulative GMV: %s-%s, %s.\n", house.Year(d.From), house.Year(d.To), CumulativeMeasure)
	fmt.Fprintf(stdout, "\nTables written to %s\n", dir)
	return ctx.Err()
}

// printDifferences says what the dividend is the effect of: the resolved
// parameters in which the policy differs from its counterfactual, and from
// when (differences.csv holds the same list).
func printDifferences(w io.Writer, pol, bas string, ds []Difference) {
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
		if f := FromText(d.From); f != "start" {
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

// clipValue cuts a parameter's value to 60 bytes for a line of the report.
func clipValue(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}
