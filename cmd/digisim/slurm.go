package main

import (
	"context"
	"io"

	"github.com/digisim/digisim/workflow/slurm"
)

func init() {
	register("slurm", "write (and with --submit, submit) a Slurm job array that runs a sweep in shards, and the job that merges them", cmdSlurm)
}

func cmdSlurm(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := slurm.Options{Args: append([]string{"slurm"}, args...)}
	fs := newFlags("slurm", "EXPERIMENT --tasks N [--partition P] [--time T] [--cpus C] [--mem M] [--out DIR] [--submit]", stderr)
	fs.IntVar(&o.Tasks, "tasks", 0, "array tasks (shards); each runs a contiguous chunk of runs; required")
	fs.StringVar(&o.Partition, "partition", "", "Slurm partition (default: the cluster's default partition)")
	fs.StringVar(&o.Time, "time", "01:00:00", "wall-clock limit per task, as Slurm takes it (MM, HH:MM:SS, D-HH:MM:SS)")
	fs.IntVar(&o.CPUs, "cpus", 1, "CPUs per task; digisim runs that many runs at once (--workers)")
	fs.StringVar(&o.Mem, "mem", "1G", "memory per task, as Slurm takes it (e.g. 500M, 2G)")
	outFlag(fs, &o.Out, "output folder `DIR`, on a file system every node sees (default out/<experiment>)")
	fs.BoolVar(&o.Submit, "submit", false, "submit the array and the merge job with sbatch and print their job ids")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	o.Experiment = pos[0]
	if err := o.Check(); err != nil {
		return err
	}
	return slurm.Write(ctx, o, stdout, stderr)
}
