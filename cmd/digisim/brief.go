package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/digisim/digisim/output/brief"
	"github.com/digisim/digisim/workflow/briefing"
)

func init() {
	register("brief", "write a briefing (brief.html, brief.md, charts) from a run or compare folder, with a sweep's ranges", cmdBrief)
}

func cmdBrief(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := briefing.Options{Command: append([]string{"brief"}, args...), Warn: stderr}
	fs := newFlags("brief", "DIR [--sweep DIR] [--analyze DIR] [--backtest DIR] [--out DIR] [--title TEXT]", stderr)
	fs.StringVar(&o.Sweep, "sweep", "", "a finished Monte Carlo sweep of the comparison's policy with a dividend outcome: adds its fan chart and the distribution of the dividend")
	fs.StringVar(&o.Analyze, "analyze", "", "a folder with sensitivity.csv of a Sobol' sweep (digisim analyze): adds the assumptions that matter most")
	fs.StringVar(&o.Backtest, "backtest", "", "a folder of digisim backtest (scores.csv, forecasts.csv): the method box says how well the model forecast and where it fell short")
	fs.StringVar(&o.Out, "out", "", "folder of the brief (default DIR/brief)")
	fs.StringVar(&o.Title, "title", "", "title of the brief (default from the scenarios and horizon)")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	o.Dir = pos[0]
	if _, err := os.Stat(o.Dir); err == nil {
		release, err := lockFolder(cmp.Or(o.Out, filepath.Join(o.Dir, "brief")), "brief")
		if err != nil {
			return err
		}
		defer release()
	}
	out, err := briefing.Write(o)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Brief written to %s (open it in a browser; print to PDF for A4)\n", filepath.Join(out, brief.HTMLFile))
	return ctx.Err()
}
