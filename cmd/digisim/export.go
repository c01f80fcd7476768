package main

import (
	"context"
	"fmt"
	"io"

	"github.com/digisim/digisim/workflow/export"
)

func init() {
	register("export", "write a run's, comparison's or sweep's results in the IAMC format that pyam reads", cmdExport)
}

func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o export.Options
	fs := newFlags("export", "DIR [--format iamc] [--out FILE.csv|FILE.xlsx] [--model NAME] [--region NAME]", stderr)
	fs.StringVar(&o.Format, "format", "iamc", "iamc: Model, Scenario, Region, Variable, Unit, then one column per year (pyam.IamDataFrame reads it)")
	fs.StringVar(&o.Out, "out", "", "file to write (default DIR/results-iamc.csv, with the meta in DIR/results-iamc-meta.csv); a name ending in .xlsx writes a workbook with the sheets data and meta")
	fs.StringVar(&o.Model, "model", "", `the Model column (default "digisim <version>")`)
	fs.StringVar(&o.Region, "region", "", `the Region of the members' aggregate (default: the scenario's own name for it, else "ASEAN" for a scenario of ASEAN members)`)
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	o.Dir = pos[0]
	res, err := export.Run(o)
	if err != nil {
		return err
	}
	for _, l := range res.Left {
		fmt.Fprintf(stderr, "export: left out: %s\n", l)
	}
	fmt.Fprintf(stdout, "%d series written to %s, money in constant %d US dollars (USD_%d)\n", res.Series, res.Path, export.DollarYear, export.DollarYear)
	if res.MetaPath == "" {
		fmt.Fprintf(stdout, "pyam: df = pyam.IamDataFrame(%q)  # data and meta sheets\n", res.Path)
	} else {
		fmt.Fprintf(stdout, "pyam: df = pyam.IamDataFrame(%q); df.load_meta(%q)\n", res.Path, res.MetaPath)
	}
	return nil
}
