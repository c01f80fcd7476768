package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/workflow/plot"
)

func init() {
	register("plot", "draw charts from an existing output folder (run, compare, sweep or analyze) without re-running", cmdPlot)
}

func cmdPlot(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("plot", "DIR [--chart NAME] [--var VARIABLE [--segment S]] [--year Y] [--format png|svg|pdf] [--size slide|page|square] [--out DIR]", stderr)
	o := plot.Options{Warn: stderr}
	var format, size string
	fs.StringVar(&o.Chart, "chart", "", "draw only this chart (default: every chart the folder's tables allow; "+strings.Join(plot.Names, ", ")+")")
	fs.StringVar(&o.Variable, "var", "", "variable of the members and scenarios charts (default gmv), e.g. users, gmv_per_head, online_share")
	fs.StringVar(&o.Segment, "segment", "", "segment of a per-segment variable for the members and scenarios charts, e.g. --var users --segment ecommerce (users are never summed over segments)")
	fs.Float64Var(&o.Year, "year", 0, "year of the capacity and cross-border charts (default: the horizon)")
	fs.BoolVar(&o.FreeY, "free-y", false, "members chart: give each member its own y axis (default: one shared axis, to compare sizes)")
	formatFlags(fs, &format, &size)
	outFlag(fs, &o.Out, "folder `OUT` for the charts (default DIR/charts)")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if o.Format, o.Size, err = parseFormat("plot", format, size); err != nil {
		return err
	}
	if st, err := os.Stat(pos[0]); err == nil && st.IsDir() {
		release, err := lockFolder(pos[0], "plot") // also clears a killed plot's temporary files in DIR/charts
		if err != nil {
			return err
		}
		defer release()
	}
	written, err := plot.Draw(pos[0], o)
	for _, w := range written {
		fmt.Fprintln(stdout, w)
	}
	return err
}

// formatFlags defines --format and --size, as plot and --charts take them.
func formatFlags(fs *flag.FlagSet, format, size *string) {
	fs.StringVar(format, "format", "png", "chart format: png (2x density, for slides), svg or pdf")
	fs.StringVar(size, "size", "slide", "chart size: slide (16:9), page (half an A4 page) or square")
}

// parseFormat reads the values of --format and --size.
func parseFormat(cmd, format, size string) (chart.Format, chart.Size, error) {
	f, err := chart.ParseFormat(format)
	if err != nil {
		return 0, 0, usagef("%s: --format: %w", cmd, err)
	}
	s, err := chart.ParseSize(size)
	if err != nil {
		return 0, 0, usagef("%s: --size: %w", cmd, err)
	}
	return f, s, nil
}

// chartOptions reads --format and --size of a command with --charts; they
// mean nothing without it.
func chartOptions(cmd string, fs *flag.FlagSet, charts bool, format, size string) (chart.Format, chart.Size, error) {
	if !charts {
		var set []string
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "format" || f.Name == "size" {
				set = append(set, "--"+f.Name)
			}
		})
		if len(set) > 0 {
			return 0, 0, usagef("%s: %s applies to the charts: add --charts", cmd, strings.Join(set, " and "))
		}
	}
	return parseFormat(cmd, format, size)
}

// chartsFunc draws a folder's charts in the format and at the size asked
// when charts is set (--charts); it is nil otherwise.
func chartsFunc(charts bool, fm chart.Format, sz chart.Size) func(dir string) error {
	if !charts {
		return nil
	}
	return func(dir string) error { return plot.DrawAllAs(dir, fm, sz) }
}
