package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/digisim/digisim/workflow/newregion"
)

func init() {
	register("init", "start a new region: write a complete scenario file (and its no-coordination twin) from a table of figures", cmdInit)
}

func cmdInit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o newregion.Options
	var members, pillars string
	fs := newFlags("init", "NAME --members AR,BR,PY,UY [--from FIGURES.csv] [--pillars P,...] [--base-year Y] [--region NAME] [--out DIR]", stderr)
	fs.StringVar(&members, "members", "", "the members: ISO 3166-1 alpha-2 codes, comma-separated (names and capitals' coordinates come from the shipped table of countries)")
	fs.StringVar(&o.From, "from", "", "a long-format CSV of figures (iso2,variable,sector,year,value,unit,...; README, \"Your own region\"): GMV, users, population, income, internet share, capacity indicators")
	fs.StringVar(&pillars, "pillars", strings.Join(newregion.DefaultPillars, ","), "the policy pillars, comma-separated")
	fs.IntVar(&o.BaseYear, "base-year", 0, fmt.Sprintf("the base year (default: the latest year with GMV in --from, else %d)", newregion.DefaultBaseYear))
	fs.StringVar(&o.RegionName, "region", "", "the region's name for titles and exports (default: the members' names)")
	fs.StringVar(&o.Dir, "out", ".", "the folder to write NAME.toml and NAME-no-coordination.toml in")
	fs.BoolVar(&o.Force, "force", false, "overwrite existing files")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	o.Name, o.Members, o.Pillars = pos[0], newregion.ParseList(members), newregion.ParseList(pillars)
	res, err := newregion.Init(o)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", strings.Join(res.Files, " and "))
	fmt.Fprintf(stdout, "values from your figures: %d; documented assumptions: %d; unknowns (placeholders): %d\n", res.Data, res.Assumed, len(res.Unknowns))
	if len(res.Unknowns) > 0 {
		fmt.Fprintf(stdout, "replace the unknowns listed at the top of %s, e.g. %s\n", res.Files[0], res.Unknowns[0])
	}
	if res.Skipped != "" {
		fmt.Fprintf(stdout, "rows of %s left out: %s\n", o.From, res.Skipped)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stdout, "warning: %v\n", w)
	}
	fmt.Fprintf(stdout, "next: digisim validate %s, then digisim compare %s %s\n", res.Files[0], res.Files[0], res.Files[1])
	return ctx.Err()
}
