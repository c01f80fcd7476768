package sweep

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/digisim/digisim/internal/atomicfile"
	"github.com/digisim/digisim/internal/progress"
	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/runstore"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/sim/experiment"
)

// Options say which experiment to sweep, where, and how.
type Options struct {
	Experiment string // name or file, as given on the command line
	Out        string // output folder (default out/<experiment>)
	Workers    int
	Resume     bool
	Shard      string // "K/N", or "" for the environment's or none
	ShardCount int    // N when the index comes from JOB_COMPLETION_INDEX
	Args       []string
}

// ShardFromEnv returns the shard K/N of this task, from the flag or the
// batch system's environment, or ok=false for a whole sweep.
func ShardFromEnv(flagValue string, count int) (k, n int, ok bool, err error) {
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
				return 0, 0, false, usage.Errorf("sweep: JOB_COMPLETION_INDEX is set: give the number of shards with --shard-count")
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
			return 0, 0, false, usage.Errorf("sweep: shard %q from the environment: want K/N with 0 <= K < N; "+
				"when re-running some tasks of an array (sbatch --array=3), give the number of shards with --shard-count N or the shard with --shard K/N", spec)
		}
		return 0, 0, false, usage.Errorf("sweep: shard %q: want K/N with 0 <= K < N, e.g. 0/4", spec)
	}
	return k, n, true, nil
}

// Layout names the run-table columns of an experiment.
func Layout(e *experiments.Experiment) runstore.Layout {
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
	// A scenario lever's column holds the scenario names, unless a name
	// would need CSV quoting (the run table's readers split on commas).
	if len(e.File.Levers) > 0 && len(e.File.Levers[0].Scenarios) > 0 {
		names := e.File.Levers[0].Scenarios
		plain := true
		for _, n := range names {
			plain = plain && n != "" && !strings.ContainsAny(n, ",\"\n\r")
		}
		if plain {
			l.Labels = map[string][]string{e.Run.Params[0].Name: names}
		}
	}
	return l
}

// textColumns names the run-table columns that hold text.
func textColumns(l runstore.Layout) map[string]bool {
	out := map[string]bool{}
	for name := range l.Labels {
		out[name] = true
	}
	return out
}

// State is kept beside a partial table so that --resume can check it
// continues the same experiment.
type State struct {
	Hash string `json:"experiment_sha256"`
	From int    `json:"from"`
	To   int    `json:"to"`
}

// Run runs the experiment of o, or one shard of it, writing rows as they
// come in run-index order to a partial table beside which a state file
// records the experiment's hash and run range: an interrupted sweep keeps
// its rows, and Resume continues it after checking the state names the
// same experiment and shard. Progress goes to stderr; the closing line to
// stdout.
func Run(ctx context.Context, o Options, stdout, stderr io.Writer) error {
	e, err := experiments.Load(o.Experiment)
	if err != nil {
		return err
	}
	if o.Out == "" {
		o.Out = filepath.Join("out", e.Name)
	}
	k, n, sharded, err := ShardFromEnv(o.Shard, o.ShardCount)
	if err != nil {
		return err
	}
	total := e.Run.Runs()
	from, to := 0, total
	final := filepath.Join(o.Out, "runs.csv")
	if sharded {
		from, to = runstore.Shard(k, n, total)
		final = runstore.PartPath(o.Out, k, n)
	}
	partial := final + ".partial"
	statePath := final + ".state.json"
	layout := Layout(e)

	var w *runstore.Writer
	done := 0
	if o.Resume {
		var st State
		b, err := os.ReadFile(statePath)
		if err == nil {
			err = json.Unmarshal(b, &st)
		}
		switch {
		case errors.Is(err, os.ErrNotExist):
			return fmt.Errorf("sweep: nothing to resume in %s (no %s); run without --resume", o.Out, filepath.Base(statePath))
		case err != nil:
			return fmt.Errorf("sweep: %s: %v", statePath, err)
		case st.Hash != e.Hash || st.From != from || st.To != to:
			return fmt.Errorf("sweep: %s holds an interrupted run of another experiment or shard; run without --resume to start afresh", o.Out)
		}
		if w, done, err = runstore.Resume(partial, layout, from); err != nil {
			return err
		}
	} else {
		b, _ := json.Marshal(State{Hash: e.Hash, From: from, To: to})
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
	fmt.Fprintf(stderr, "%s, %d workers\n", what, o.Workers)
	prog := progress.New(stderr, to-from, done)
	lastFlush := time.Now()
	runErr := experiment.Run(ctx, e.Run, experiment.Options{
		From: w.Next(), To: to, Workers: o.Workers,
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
			prog.Add(1)
			return nil
		},
	})
	prog.Finish()
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
		fmt.Fprintf(stdout, "part written: %s (runs %d-%d); merge all parts with: digisim merge %s --experiment %s\n", final, from, to-1, o.Out, o.Experiment)
		return nil
	}
	if err := Finish(o.Out, e, o.Args, nil); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d runs written to %s (runs.csv, runs.parquet, bands.csv, manifest.json)\n", total, o.Out)
	return nil
}

// Finish writes what follows from runs.csv: runs.parquet, bands.csv
// and the manifest. A sweep and a merge both end here, so their tables
// cannot differ.
func Finish(dir string, e *experiments.Experiment, args []string, parts []string) error {
	layout := Layout(e)
	runs := filepath.Join(dir, "runs.csv")
	if err := table.RunsCSVToParquetText(runs, filepath.Join(dir, "runs.parquet"), layout.Header(), textColumns(layout)); err != nil {
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
	file, err := json.Marshal(e.File)
	if err != nil {
		return err
	}
	m.SetSweep(&manifest.Sweep{Experiment: file, ExperimentSource: e.Source, ExperimentSHA256: e.Hash,
		Runs: e.Run.Runs(), DesignPoints: e.Run.Points, Futures: e.Futures, Policies: e.Policies,
		Columns: layout.Header(), MergedParts: parts})
	return manifest.Write(filepath.Join(dir, "manifest.json"), m)
}

// Merge merges the parts of a sharded sweep in dir into the tables of a
// one-machine sweep, and returns the parts merged and the experiment.
func Merge(dir, experiment string, args []string) ([]string, *experiments.Experiment, error) {
	e, err := experiments.Load(experiment)
	if err != nil {
		return nil, nil, err
	}
	parts, err := runstore.Merge(dir, Layout(e), experiment, e.Hash, e.Run.Runs())
	if err != nil {
		return nil, nil, err
	}
	if err := Finish(dir, e, args, parts); err != nil {
		return nil, nil, err
	}
	return parts, e, nil
}
