package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/workflow/plot"
)

func init() {
	register("plot", "draw charts from an existing output folder (run, compare, sweep or analyze) without re-running", cmdPlot)
}

func cmdPlot(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("plot", "DIR [--chart NAME] [--var VARIABLE] [--year Y] [--format png|svg|pdf] [--size slide|page|square] [--out DIR]", stderr)
	var o plot.Options
	var format, size string
	fs.StringVar(&o.Chart, "chart", "", "draw only this chart (default: every chart the folder's tables allow; "+strings.Join(plot.Names, ", ")+")")
	fs.StringVar(&o.Variable, "var", "", "variable of the members and scenarios charts (default gmv), e.g. users, gmv_per_head, online_share")
	fs.Float64Var(&o.Year, "year", 0, "year of the capacity and cross-border charts (default: the horizon)")
	fs.BoolVar(&o.FreeY, "free-y", false, "members chart: give each member its own y axis (default: one shared axis, to compare sizes)")
	fs.StringVar(&format, "format", "png", "png (2x density, for slides), svg or pdf")
	fs.StringVar(&size, "size", "slide", "slide (16:9), page (half an A4 page) or square")
	outFlag(fs, &o.Out, "folder `OUT` for the charts (default DIR/charts)")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if o.Format, err = chart.ParseFormat(format); err != nil {
		return usagef("plot: --format: %v", err)
	}
	if o.Size, err = chart.ParseSize(size); err != nil {
		return usagef("plot: --size: %v", err)
	}
	written, err := plot.Draw(pos[0], o)
	for _, w := range written {
		fmt.Fprintln(stdout, w)
	}
	return err
}
