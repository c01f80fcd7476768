package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/digisim/digisim/internal/atomicfile"
	"github.com/digisim/digisim/scenarios/observed"
	"github.com/digisim/digisim/workflow/rebase"
)

func init() {
	register("rebase", "move a scenario's base year to a published year: its state there, with that year's published GMV (writes a scenario file)", cmdRebase)
}

func cmdRebase(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o rebase.Options
	var sets multiFlag
	var out, indicators string
	fs := newFlags("rebase", "SCENARIO --year YEAR [--data FILE] [--indicators shipped|FILE] [--name NAME] [--like MEMBER] [--out FILE]", stderr)
	fs.IntVar(&o.Year, "year", 0, "the new base year: a year of the scenario with published GMV per member and segment")
	fs.StringVar(&o.Data, "data", observed.History2025, "observed data with that year's GMV per member and segment")
	fs.StringVar(&indicators, "indicators", "", `published population, GDP and internet share per member that replace the run's state ("shipped": the World Bank 2024 figures of scenarios/observed; or a file in that format); default: keep the run's state`)
	fs.StringVar(&o.Name, "name", "", "name of the new scenario (default <scenario>-<year>)")
	fs.StringVar(&o.Description, "description", "", "its description")
	fs.StringVar(&o.Like, "like", "PH", "the member whose GMV-to-GDP ratio imputes the members without data")
	fs.Var(&sets, "set", "override a parameter of the scenario first (repeatable)")
	fs.StringVar(&out, "out", "", "the scenario file to write (default <name>.toml; - for stdout)")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if o.Year == 0 {
		return usagef("rebase: --year YEAR is required, e.g. --year 2022")
	}
	o.Scenario, o.Sets = pos[0], sets
	switch indicators {
	case "":
	case "shipped":
		if o.Indicators, err = observed.ShippedIndicators(); err != nil {
			return err
		}
	default:
		f, err := os.Open(indicators)
		if err != nil {
			return fmt.Errorf("rebase: --indicators: %w", err)
		}
		o.Indicators, err = observed.ReadIndicators(f, indicators)
		f.Close()
		if err != nil {
			return err
		}
	}
	res, err := rebase.Rebase(o)
	if err != nil {
		return err
	}
	if out == "-" {
		return rebase.Write(stdout, res)
	}
	if out == "" {
		out = res.Extension.Name + ".toml"
	}
	if !filepath.IsAbs(o.Scenario) && filepath.Ext(o.Scenario) == ".toml" {
		// The file refers to the scenario it extends relative to itself.
		if rel, err := filepath.Rel(filepath.Dir(out), o.Scenario); err == nil {
			res.Extension.Extends = filepath.ToSlash(rel)
		}
	}
	if err := atomicfile.Write(out, func(w io.Writer) error { return rebase.Write(w, res) }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %s rebased to %d (GMV data: %v; imputed: %v)\n", out, o.Scenario, o.Year, res.Observed, res.Imputed)
	_, err = os.Stat(out)
	return err
}
