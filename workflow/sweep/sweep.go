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
	"github.com/digisim/digisim/internal/outlock"
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
// same experiment and shard. The experiment is checked (its outcomes and
// series against a run of the base scenario) before the output folder is
// touched; the folder is locked while the sweep writes into it (not
// while a shard writes its part: the shards of an array run together), and its
// manifest, written last, says its tables are complete. Progress goes to
// stderr; the closing line to stdout.
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
	if err := Check(ctx, e); err != nil {
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

	what := fmt.Sprintf("sweep %s", e.Name)
	if sharded {
		what = fmt.Sprintf("sweep %s --shard %d/%d", e.Name, k, n)
	}
	if sharded {
		// The tasks of an array write their parts into one folder at the
		// same time, and a requeued task may run on another node: a shard
		// takes no folder lock. It removes the temporary files a killed
		// write of its own part left (no other shard writes those names).
		runstore.CleanPartTemps(o.Out, k, n)
	} else {
		lock, err := outlock.Acquire(o.Out, what)
		if err != nil {
			return err
		}
		defer lock.Release()
		if lock.Stale != nil {
			fmt.Fprintf(stderr, "%s: taking over from PID %d (%s), which is gone\n", o.Out, lock.Stale.PID, lock.Stale.Command)
		}
	}

	var w *runstore.Writer
	done := 0
	fresh := !o.Resume
	if o.Resume {
		var st State
		b, err := os.ReadFile(statePath)
		if err == nil {
			err = json.Unmarshal(b, &st)
		}
		switch {
		case errors.Is(err, os.ErrNotExist):
			if finishedTable(final) {
				// Killed after the table was complete, before what follows it.
				return finish(o, e, sharded, k, n, from, to, final, stdout)
			}
			if !exists(partial) {
				return fmt.Errorf("sweep: nothing to resume in %s (no %s); run without --resume", o.Out, filepath.Base(statePath))
			}
			return fmt.Errorf("sweep: %s has no %s beside it; run without --resume to start afresh", partial, filepath.Base(statePath))
		case err == nil && st.Hash != "" && (st.Hash != e.Hash || st.From != from || st.To != to):
			return fmt.Errorf("sweep: %s holds an interrupted run of another experiment or shard; run without --resume to start afresh", o.Out)
		case empty(partial):
			fresh = true // killed before the first write: nothing to lose
		case err != nil || st.Hash == "":
			return fmt.Errorf("sweep: %s is damaged (no experiment hash, or not JSON); run without --resume to start afresh", statePath)
		case exists(partial) && !hasRows(partial, layout):
			fresh = true // killed before the first row was kept: nothing to lose
		case !exists(partial) && exists(final):
			// Killed after the table was complete, before its state was removed.
			os.Remove(statePath)
			return finish(o, e, sharded, k, n, from, to, final, stdout)
		case !exists(partial):
			fresh = true // killed between the state and the partial table
		default:
			if w, done, err = runstore.Resume(partial, layout, from); err != nil {
				return err
			}
		}
	}
	if fresh {
		// The manifest says the folder's tables are complete: it goes first.
		if !sharded {
			if err := removeIfExists(filepath.Join(o.Out, "manifest.json")); err != nil {
				return err
			}
		}
		b, _ := json.Marshal(State{Hash: e.Hash, From: from, To: to})
		if err := atomicfile.WriteFile(statePath, b); err != nil {
			return err
		}
		if w, err = runstore.Create(partial, layout, from); err != nil {
			return err
		}
	}

	what = fmt.Sprintf("%s: %d runs", e.Name, total)
	if sharded {
		what = fmt.Sprintf("%s: shard %d of %d, runs %d-%d of %d", e.Name, k, n, from, to-1, total)
		if from == to {
			what = fmt.Sprintf("%s: shard %d of %d: no runs (%d runs over %d shards)", e.Name, k, n, total, n)
		}
	}
	if done > 0 {
		what += fmt.Sprintf(", resuming after %d done", done)
	}
	fmt.Fprintf(stderr, "%s, %d workers\n", what, o.Workers)
	if e.Clipped > 0 {
		fmt.Fprintf(stderr, "%s: %d jointly drawn values set to a bound of their range (clipped; docs/experiments.md)\n", e.Name, e.Clipped)
	}
	var runErr error
	if w.Next() < to {
		prog := progress.New(stderr, to-from, done)
		lastFlush := time.Now()
		runErr = experiment.Run(ctx, e.Run, experiment.Options{
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
	}
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
	return finish(o, e, sharded, k, n, from, to, final, stdout)
}

// finish writes what follows a complete table: a part's description, or
// a sweep's runs.parquet, bands.csv and manifest.
func finish(o Options, e *experiments.Experiment, sharded bool, k, n, from, to int, final string, stdout io.Writer) error {
	if sharded {
		src := e.Source
		if !strings.HasPrefix(src, "shipped/") {
			if abs, err := filepath.Abs(src); err == nil {
				src = abs
			}
		}
		file, err := json.Marshal(e.File)
		if err != nil {
			return err
		}
		if err := runstore.WritePartInfo(final, runstore.PartInfo{Experiment: e.Name, Hash: e.Hash, Shard: k, Shards: n, From: from, To: to,
			Source: src, File: file}); err != nil {
			return err
		}
		if from == to {
			fmt.Fprintf(stdout, "part written: %s (no runs: %d runs over %d shards); merge all parts with: digisim merge %s\n", final, e.Run.Runs(), n, o.Out)
			return nil
		}
		fmt.Fprintf(stdout, "part written: %s (runs %d-%d); merge all parts with: digisim merge %s\n", final, from, to-1, o.Out)
		return nil
	}
	if err := Finish(o.Out, e, o.Args, nil); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d runs written to %s (runs.csv, runs.parquet, bands.csv, manifest.json)\n", e.Run.Runs(), o.Out)
	return nil
}

// Check runs what an experiment's first run needs (the outcomes and
// series compiled against a run of the base scenario) so that a mistake
// is found before any folder is made.
func Check(ctx context.Context, e *experiments.Experiment) error {
	// One run, not cancelled by an interrupt: a sweep cut at once still
	// leaves a folder that --resume continues.
	err := experiment.Run(context.WithoutCancel(ctx), e.Run, experiment.Options{From: 0, To: min(1, e.Run.Runs()), Workers: 1,
		Batch: 1, // one run: a batch would compute 8 lanes for it
		Emit:  func(experiment.Row) error { return nil }})
	if err != nil {
		return fmt.Errorf("%s: %w", e.Source, err)
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// finishedTable: the final table exists and no partial beside it.
func finishedTable(final string) bool { return exists(final) && !exists(final+".partial") }

// hasRows reports whether a partial table holds its header and at least
// one complete row; a kill before the first flush leaves less.
func hasRows(partial string, l runstore.Layout) bool {
	f, err := os.Open(partial)
	if err != nil {
		return false
	}
	defer f.Close()
	head := len(strings.Join(l.Header(), ",")) + 1
	st, err := f.Stat()
	return err == nil && st.Size() > int64(head)
}

// empty: the file exists and holds nothing.
func empty(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Size() == 0
}

func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
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
// one-machine sweep, and returns the parts merged and the experiment. The
// experiment is experimentArg (a name or file) when given, else the one
// recorded in the parts. Nothing is written unless every part is good;
// the manifest, written last, says the tables are complete.
func Merge(dir, experimentArg string, args []string) ([]string, *experiments.Experiment, error) {
	var e *experiments.Experiment
	var err error
	if experimentArg != "" {
		e, err = experiments.Load(experimentArg)
	} else {
		e, experimentArg, err = fromParts(dir)
	}
	if err != nil {
		return nil, nil, err
	}
	lock, err := outlock.Acquire(dir, "merge "+e.Name)
	if err != nil {
		return nil, nil, err
	}
	defer lock.Release()
	parts, err := runstore.MergeThen(dir, Layout(e), experimentArg, e.Hash, e.Run.Runs(), func() error {
		// The manifest says the tables are complete: it goes before they change.
		return removeIfExists(filepath.Join(dir, "manifest.json"))
	})
	if err != nil {
		return nil, nil, err
	}
	if err := Finish(dir, e, args, parts); err != nil {
		return nil, nil, err
	}
	return parts, e, nil
}

// fromParts rebuilds the experiment recorded in the first part of dir and
// returns it with the name to give sweep (its file or shipped name).
func fromParts(dir string) (*experiments.Experiment, string, error) {
	info, path, err := runstore.FirstPartInfo(dir)
	if err != nil {
		return nil, "", err
	}
	if len(info.File) == 0 || info.Source == "" {
		return nil, "", usage.Errorf("merge: %s does not record its experiment (written by an older digisim): give it with --experiment NAME or FILE", path)
	}
	var f experiments.File
	if err := json.Unmarshal(info.File, &f); err != nil {
		return nil, "", fmt.Errorf("%s: experiment_file: %v; give the experiment with --experiment NAME or FILE", path, err)
	}
	e, err := experiments.Resolve(f, info.Source)
	if err != nil {
		return nil, "", fmt.Errorf("%s: the experiment recorded in it no longer resolves: %w; give it with --experiment NAME or FILE", path, err)
	}
	if e.Hash != info.Hash {
		return nil, "", fmt.Errorf("%s: the scenarios of experiment %s changed since the parts were run (sha256 %.12s, now %.12s); "+
			"re-run the shards, or give the changed experiment with --experiment to see which parts differ", path, e.Name, info.Hash, e.Hash)
	}
	name := info.Source
	if n, ok := strings.CutPrefix(name, "shipped/"); ok {
		name = strings.TrimSuffix(n, ".toml")
	}
	return e, name, nil
}
