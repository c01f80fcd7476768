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
	fs := newFlags("export", "DIR [--format iamc] [--out FILE] [--model NAME]", stderr)
	fs.StringVar(&o.Format, "format", "iamc", "iamc: Model, Scenario, Region, Variable, Unit, then one column per year (pyam.IamDataFrame reads it)")
	fs.StringVar(&o.Out, "out", "", "file to write (default DIR/results-iamc.csv)")
	fs.StringVar(&o.Model, "model", "", `the Model column (default "digisim <version>")`)
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	o.Dir = pos[0]
	path, n, err := export.Run(o)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d series written to %s (IAMC format: pyam.IamDataFrame(%q))\n", n, path, path)
	return nil
}
