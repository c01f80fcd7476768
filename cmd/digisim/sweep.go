package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"text/tabwriter"

	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/workflow/sweep"
)

func init() {
	register("experiments", "list the shipped experiments", cmdExperiments)
	register("sweep", "run an experiment: Monte Carlo, grid, LHS, Sobol' or Morris (runs.csv, runs.parquet, bands.csv)", cmdSweep)
	register("merge", "merge the parts of a sharded sweep into the tables of a one-machine sweep", cmdMerge)
}

func cmdExperiments(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("experiments", "", stderr)
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, in := range experiments.List() {
		fmt.Fprintf(tw, "%s\t%s\n", in.Name, in.Description)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "\nRun one with: digisim sweep NAME   (or give the path of your own .toml file)")
	return nil
}

func cmdSweep(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := sweep.Options{Args: append([]string{"sweep"}, args...)}
	fs := newFlags("sweep", "EXPERIMENT [--out DIR] [--workers N] [--resume] [--shard K/N]", stderr)
	maxStepsFlag(fs, &o.StepLimit)
	outFlag(fs, &o.Out, "output folder `DIR` (default out/<experiment>)")
	fs.IntVar(&o.Workers, "workers", runtime.NumCPU(), "parallel runs")
	fs.BoolVar(&o.Resume, "resume", false, "continue an interrupted sweep (or shard) without redoing finished runs")
	fs.StringVar(&o.Shard, "shard", "", "run only shard K of N (0-based, e.g. 3/8) and write a part for digisim merge; "+
		"default from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX with --shard-count")
	fs.IntVar(&o.ShardCount, "shard-count", 0, "number of shards when the index comes from JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs) or SLURM_ARRAY_TASK_ID (overrides SLURM_ARRAY_TASK_COUNT)")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	o.Experiment = pos[0]
	if o.Workers < 1 {
		return usagef("sweep: --workers %d: want at least 1", o.Workers)
	}
	return sweep.Run(ctx, o, stdout, stderr)
}

func cmdMerge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("merge", "DIR [--experiment EXPERIMENT]", stderr)
	name := fs.String("experiment", "", "the experiment the parts were run from (name or file); default: the one recorded in the parts (give it when the file has changed)")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	parts, e, err := sweep.Merge(pos[0], *name, append([]string{"merge"}, args...))
	if err != nil {
		return err
	}
	dir := pos[0]
	fmt.Fprintf(stdout, "%d parts merged into %s (%d runs)\n", len(parts), dir, e.Run.Runs())
	return nil
}
