package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/digisim/digisim/internal/atomicfile"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/runstore"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/sim/experiment"
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

type sweepOptions struct {
	experiment string
	out        string
	workers    int
	resume     bool
	shard      string // "K/N"
	shardCount int    // N when the index comes from JOB_COMPLETION_INDEX
	args       []string
}

func cmdSweep(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := sweepOptions{args: append([]string{"sweep"}, args...)}
	fs := newFlags("sweep", "EXPERIMENT [--out DIR] [--workers N] [--resume] [--shard K/N]", stderr)
	fs.StringVar(&o.out, "out", "", "output folder (default out/<experiment>)")
	fs.IntVar(&o.workers, "workers", runtime.NumCPU(), "parallel runs")
	fs.BoolVar(&o.resume, "resume", false, "continue an interrupted sweep (or shard) without redoing finished runs")
	fs.StringVar(&o.shard, "shard", "", "run only shard K of N (0-based, e.g. 3/8) and write a part for digisim merge; "+
		"default from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX with --shard-count")
	fs.IntVar(&o.shardCount, "shard-count", 0, "number of shards when the index comes from JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs) or SLURM_ARRAY_TASK_ID (overrides SLURM_ARRAY_TASK_COUNT)")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	o.experiment = pos[0]
	if o.workers < 1 {
		return usagef("sweep: --workers %d: want at least 1", o.workers)
	}
	return sweep(ctx, o, stdout, stderr)
}

// shardFromEnv returns the shard K/N of this task, from the flag or the
// batch system's environment, or ok=false for a whole sweep.
func shardFromEnv(flagValue string, count int) (k, n int, ok bool, err error) {
	spec := flagValue
	fromEnv := spec == ""
	if spec == "" {
		// --shard-count wins over SLURM_ARRAY_TASK_COUNT: a re-run of some
		// tasks (sbatch --array=3) counts only those.
		id, cnt := os.Getenv("SLURM_ARRAY_TASK_ID"), os.Getenv("SLURM_ARRAY_TASK_COUNT")
		if count > 0 {
			cnt = strconv.Itoa(count)
		}
		if id != "" && cnt != "" {
			spec = id + "/" + cnt
		} else if id := os.Getenv("JOB_COMPLETION_INDEX"); id != "" {
			if count < 1 {
				return 0, 0, false, usagef("sweep: JOB_COMPLETION_INDEX is set: give the number of shards with --shard-count")
			}
			spec = id + "/" + strconv.Itoa(count)
		}
	}
	if spec == "" {
		return 0, 0, false, nil
	}
	a, b, found := strings.Cut(spec, "/")
	k, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !found || err1 != nil || err2 != nil || n < 1 || k < 0 || k >= n {
		if fromEnv {
			return 0, 0, false, usagef("sweep: shard %q from the environment: want K/N with 0 <= K < N; "+
				"when re-running some tasks of an array (sbatch --array=3), give the number of shards with --shard-count N or the shard with --shard K/N", spec)
		}
		return 0, 0, false, usagef("sweep: shard %q: want K/N with 0 <= K < N, e.g. 0/4", spec)
	}
	return k, n, true, nil
}

// layoutOf names the run-table columns of an experiment.
func layoutOf(e *experiments.Experiment) runstore.Layout {
	var l runstore.Layout
	for _, p := range e.Run.Params {
		l.Params = append(l.Params, p.Name)
	}
	for _, o := range e.Run.Outcomes {
		l.Outcomes = append(l.Outcomes, o.Name)
	}
	for _, s := range e.Run.Series {
		l.Series = append(l.Series, s.Name)
	}
	l.Times = e.Run.Times()
	return l
}

// sweepState is kept beside a partial table so that --resume can check it
// continues the same experiment.
type sweepState struct {
	Hash string `json:"experiment_sha256"`
	From int    `json:"from"`
	To   int    `json:"to"`
}

func sweep(ctx context.Context, o sweepOptions, stdout, stderr io.Writer) error {
	e, err := experiments.Load(o.experiment)
	if err != nil {
		return err
	}
	if o.out == "" {
		o.out = filepath.Join("out", e.Name)
	}
	k, n, sharded, err := shardFromEnv(o.shard, o.shardCount)
	if err != nil {
		return err
	}
	total := e.Run.Runs()
	from, to := 0, total
	final := filepath.Join(o.out, "runs.csv")
	if sharded {
		from, to = runstore.Shard(k, n, total)
		final = runstore.PartPath(o.out, k, n)
	}
	partial := final + ".partial"
	statePath := final + ".state.json"
	layout := layoutOf(e)

	var w *runstore.Writer
	done := 0
	if o.resume {
		var st sweepState
		b, err := os.ReadFile(statePath)
		if err == nil {
			err = json.Unmarshal(b, &st)
		}
		switch {
		case errors.Is(err, os.ErrNotExist):
			return fmt.Errorf("sweep: nothing to resume in %s (no %s); run without --resume", o.out, filepath.Base(statePath))
		case err != nil:
			return fmt.Errorf("sweep: %s: %v", statePath, err)
		case st.Hash != e.Hash || st.From != from || st.To != to:
			return fmt.Errorf("sweep: %s holds an interrupted run of another experiment or shard; run without --resume to start afresh", o.out)
		}
		if w, done, err = runstore.Resume(partial, layout, from); err != nil {
			return err
		}
	} else {
		b, _ := json.Marshal(sweepState{Hash: e.Hash, From: from, To: to})
		if err := atomicfile.WriteFile(statePath, b); err != nil {
			return err
		}
		if w, err = runstore.Create(partial, layout, from); err != nil {
			return err
		}
	}

	what := fmt.Sprintf("%s: %d runs", e.Name, total)
	if sharded {
		what = fmt.Sprintf("%s: shard %d of %d, runs %d-%d of %d", e.Name, k, n, from, to-1, total)
	}
	if done > 0 {
		what += fmt.Sprintf(", resuming after %d done", done)
	}
	fmt.Fprintf(stderr, "%s, %d workers\n", what, o.workers)
	prog := newProgress(stderr, to-from, done)
	lastFlush := time.Now()
	runErr := experiment.Run(ctx, e.Run, experiment.Options{
		From: w.Next(), To: to, Workers: o.workers,
		Emit: func(r experiment.Row) error {
			if err := w.Write(&runstore.Row{Run: r.Run, Point: r.Point, Replicate: r.Replicate,
				Params: r.Params, Outcomes: r.Outcomes, Series: r.Series}); err != nil {
				return err
			}
			if time.Since(lastFlush) > 2*time.Second {
				lastFlush = time.Now()
				if err := w.Flush(); err != nil {
					return err
				}
			}
			prog.add(1)
			return nil
		},
	})
	prog.finish()
	if runErr != nil {
		if err := w.Close(); err != nil {
			return errors.Join(runErr, err)
		}
		if ctx.Err() != nil {
			fmt.Fprintf(stderr, "interrupted: %d of %d runs kept in %s; continue with the same command and --resume\n", w.Next()-from, to-from, partial)
		}
		return runErr
	}
	if err := w.Commit(final); err != nil {
		return err
	}
	os.Remove(statePath)
	if sharded {
		if err := runstore.WritePartInfo(final, runstore.PartInfo{Experiment: e.Name, Hash: e.Hash, Shard: k, Shards: n, From: from, To: to}); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "part written: %s (runs %d-%d); merge all parts with: digisim merge %s --experiment %s\n", final, from, to-1, o.out, o.experiment)
		return nil
	}
	if err := finishSweep(o.out, e, o.args, nil); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d runs written to %s (runs.csv, runs.parquet, bands.csv, manifest.json)\n", total, o.out)
	return nil
}

// finishSweep writes what follows from runs.csv: runs.parquet, bands.csv
// and the manifest. A sweep and a merge both end here, so their tables
// cannot differ.
func finishSweep(dir string, e *experiments.Experiment, args []string, parts []string) error {
	layout := layoutOf(e)
	runs := filepath.Join(dir, "runs.csv")
	if err := table.RunsCSVToParquet(runs, filepath.Join(dir, "runs.parquet"), layout.Header()); err != nil {
		return err
	}
	if err := runstore.WriteBands(runs, filepath.Join(dir, "bands.csv"), layout); err != nil {
		return err
	}
	base, err := scenarios.Resolved(e.Run.Base)
	if err != nil {
		return err
	}
	m, err := manifest.New(e.File.Scenario, base, args)
	if err != nil {
		return err
	}
	m.Extra = map[string]any{
		"experiment":        e.File,
		"experiment_source": e.Source,
		"experiment_sha256": e.Hash,
		"runs":              e.Run.Runs(),
		"design_points":     e.Run.Points,
		"futures":           e.Futures,
		"policies":          e.Policies,
		"columns":           layout.Header(),
	}
	if parts != nil {
		m.Extra["merged_parts"] = parts
	}
	return manifest.Write(filepath.Join(dir, "manifest.json"), m)
}

func cmdMerge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("merge", "DIR --experiment EXPERIMENT", stderr)
	name := fs.String("experiment", "", "the experiment the parts were run from (name or file); required")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if *name == "" {
		return usagef("merge: --experiment is required (the same NAME or FILE given to digisim sweep)")
	}
	e, err := experiments.Load(*name)
	if err != nil {
		return err
	}
	dir := pos[0]
	parts, err := runstore.Merge(dir, layoutOf(e), *name, e.Hash, e.Run.Runs())
	if err != nil {
		return err
	}
	if err := finishSweep(dir, e, append([]string{"merge"}, args...), parts); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d parts merged into %s (%d runs)\n", len(parts), dir, e.Run.Runs())
	return nil
}
