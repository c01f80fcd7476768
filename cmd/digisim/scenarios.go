package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/digisim/digisim/scenarios"
)

func init() {
	register("scenarios", "list the shipped scenarios", cmdScenarios)
	register("validate", "check a scenario (name or file); --resolved prints its parameters as JSON on stdout", cmdValidate)
	register("version", "print the version of digisim and of Go", cmdVersion)
}

func cmdScenarios(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("scenarios", "", stderr)
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, in := range scenarios.List() {
		fmt.Fprintf(tw, "%s\t%s\n", in.Name, in.Description)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "\nRun one with: digisim run NAME   (or give the path of your own .toml file)")
	return nil
}

func cmdValidate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("validate", "NAME|FILE [--set key=value]... [--resolved]", stderr)
	var stepLimit int
	maxStepsFlag(fs, &stepLimit)
	var sets multiFlag
	fs.Var(&sets, "set", "apply an override before validating (repeatable)")
	resolved := fs.Bool("resolved", false, "print only the resolved parameters, as JSON, on stdout (the summary goes to stderr), e.g. for jq")
	var strict bool
	strictFlag(fs, &strict)
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	sc, err := scenarios.LoadWith(pos[0], scenarios.Options{Sets: sets, StepLimit: stepLimit})
	if err != nil {
		return err
	}
	if err := warn(stderr, strict, sc); err != nil {
		return err
	}
	if !*resolved {
		return scenarios.Describe(stdout, sc)
	}
	if err := scenarios.Describe(stderr, sc); err != nil {
		return err
	}
	js, err := sc.Resolved()
	if err != nil {
		return err
	}
	_, err = stdout.Write(js)
	return err
}
