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
	"github.com/digisim/digisim/workflow/runtables"
)

// Options say which experiment to sweep, where, and how.
type Options struct {
	Experiment string // name or file, as given on the command line
	Out        string // output folder (default out/<experiment>)
	Workers    int
	Resume     bool
	Shard      string // "K/N", or "" for the environment's or none
	ShardCount int    // N when the index comes from JOB_COMPLETION_INDEX
	StepLimit  int    // sim.Params.StepLimit of every run (0: the default)
	Args       []string
}

// ShardFromEnv returns the shard K/N of this task, from the flag or the
// batch system's environment, or ok=false for a whole sweep.
func ShardFromEnv(flagValue string, count int) (k, n int, ok bool, err error) {
	spec := flagValue
	fromEnv := spec == ""
	if count > 0 && (flagValue != "" || os.Getenv("SLURM_ARRAY_TASK_ID") == "" && os.Getenv("JOB_COMPLETION_INDEX") == "") {
		if flagValue != "" {
			return 0, 0, false, usage.Errorf("sweep: --shard-count %d with --shard %s: --shard K/N gives the count; leave --shard-count out", count, flagValue)
		}
		return 0, 0, false, usage.Errorf("sweep: --shard-count %d without SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX in the environment: "+
			"give the shard with --shard K/%d", count, count)
	}
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
	if names := e.File.LeverScenarios(); len(names) > 0 {
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

// plan is what a sweep (or one shard) writes, and where.
type plan struct {
	o        Options
	e        *experiments.Experiment
	sharded  bool
	k, n     int
	from, to int    // the run range
	final    string // runs.csv, or the shard's part
	partial  string // final + ".partial": the rows so far
	state    string // final + ".state.json": which experiment and range they are of
	layout   runstore.Layout
	stdout   io.Writer // the closing line's
}

// Run runs the experiment of o, or one shard of it, writing rows as they
// come in run-index order to a partial table beside which a state file
// records the experiment's hash and run range: an interrupted sweep keeps
// its rows, and Resume continues it after checking the state names the
// same experiment and shard. The experiment is checked (its outcomes and
// series against a run of the base scenario) before the output folder is
// touched; the folder is locked while the sweep writes into it (a shard
// locks only its own part: the shards of an array write their parts into
// one folder together), and its manifest, written last, says its tables
// are complete. Progress goes to stderr; the closing line to stdout.
func Run(ctx context.Context, o Options, stdout, stderr io.Writer) error {
	p, err := newPlan(ctx, o, stdout)
	if err != nil {
		return err
	}
	release, err := p.lock(stderr)
	if err != nil {
		return err
	}
	defer release()
	w, done, finished, err := p.open()
	if err != nil || finished {
		return err
	}
	if err := p.runAll(ctx, w, done, stderr); err != nil {
		return err
	}
	if err := w.Commit(p.final); err != nil {
		return err
	}
	os.Remove(p.state)
	return p.finish()
}

// newPlan loads and checks the experiment and works out the shard and the
// file names, touching nothing.
func newPlan(ctx context.Context, o Options, stdout io.Writer) (*plan, error) {
	e, err := experiments.LoadWith(o.Experiment, o.StepLimit)
	if err != nil {
		return nil, err
	}
	if o.Out == "" {
		o.Out = filepath.Join("out", e.Name)
	}
	k, n, sharded, err := ShardFromEnv(o.Shard, o.ShardCount)
	if err != nil {
		return nil, err
	}
	if err := Check(ctx, e); err != nil {
		return nil, err
	}
	p := &plan{o: o, e: e, sharded: sharded, k: k, n: n, from: 0, to: e.Run.Runs(),
		final: filepath.Join(o.Out, "runs.csv"), layout: Layout(e), stdout: stdout}
	if sharded {
		p.from, p.to = runstore.Shard(k, n, p.to)
		p.final = runstore.PartPath(o.Out, k, n)
	}
	p.partial = p.final + ".partial"
	p.state = p.final + ".state.json"
	return p, nil
}

// lock takes the folder's lock, or a shard's lock on its own part, and
// returns its release.
func (p *plan) lock(stderr io.Writer) (func(), error) {
	what := fmt.Sprintf("sweep %s", p.e.Name)
	var lock *outlock.Lock
	var err error
	if p.sharded {
		what = fmt.Sprintf("sweep %s --shard %d/%d", p.e.Name, p.k, p.n)
		// A second task of the same shard is refused before it touches
		// the part; then the temporary files a killed write of this part
		// left are removed (no other shard writes those names).
		lock, err = outlock.AcquireFile(filepath.Dir(p.final), "."+strings.TrimSuffix(filepath.Base(p.final), ".csv")+".lock", what)
		if err == nil {
			runstore.CleanPartTemps(p.o.Out, p.k, p.n)
		}
	} else {
		lock, err = outlock.Acquire(p.o.Out, what)
	}
	if err != nil {
		return nil, err
	}
	if lock.Stale != nil {
		fmt.Fprintf(stderr, "%s: taking over from PID %d (%s), which is gone\n", p.o.Out, lock.Stale.PID, lock.Stale.Command)
	}
	return func() { lock.Release() }, nil
}

// folder is what a sweep finds in its output folder for --resume.
type folder struct {
	State   stateKind
	Same    bool // the state names this experiment and run range
	Partial partialKind
	Final   bool // the final table exists
}

type stateKind int

const (
	stateMissing stateKind = iota
	stateDamaged           // unreadable, not JSON or without a hash
	stateGood
)

type partialKind int

const (
	partialNone   partialKind = iota
	partialEmpty              // killed before the first write
	partialNoRows             // killed before the first row was kept
	partialRows
)

// action is what --resume does with a folder.
type action int

const (
	actFresh     action = iota // start afresh: nothing to lose
	actContinue                // continue the partial table
	actFinish                  // the table is complete: write what follows it
	actDropState               // the table is complete and its state left: remove it, then finish
	actNothing                 // refuse: nothing to resume
	actNoState                 // refuse: a partial table without its state
	actOther                   // refuse: the rows of another experiment or shard
	actDamaged                 // refuse: the state is damaged
)

// decide is the resume protocol: what --resume does with each state of
// the folder a kill can leave (table-tested in decide_test.go).
func decide(f folder) action {
	switch {
	case f.State == stateMissing:
		switch {
		case f.Final && f.Partial == partialNone:
			return actFinish // killed after the table was complete, before what follows it
		case f.Partial == partialNone:
			return actNothing
		}
		return actNoState
	case f.State == stateGood && !f.Same:
		return actOther
	case f.Partial == partialEmpty:
		return actFresh // killed before the first write: nothing to lose
	case f.State == stateDamaged:
		return actDamaged
	case f.Partial == partialNoRows:
		return actFresh // killed before the first row was kept: nothing to lose
	case f.Partial == partialNone && f.Final:
		return actDropState // killed after the table was complete, before its state was removed
	case f.Partial == partialNone:
		return actFresh // killed between the state and the partial table
	}
	return actContinue
}

// inspect reads the folder's state for decide.
func (p *plan) inspect() folder {
	var f folder
	var st State
	b, err := os.ReadFile(p.state)
	if err == nil {
		err = json.Unmarshal(b, &st)
	}
	switch {
	case errors.Is(err, os.ErrNotExist):
		f.State = stateMissing
	case err != nil || st.Hash == "":
		f.State = stateDamaged
	default:
		f.State = stateGood
		f.Same = st.Hash == p.e.Hash && st.From == p.from && st.To == p.to
	}
	switch {
	case !exists(p.partial):
		f.Partial = partialNone
	case empty(p.partial):
		f.Partial = partialEmpty
	case !hasRows(p.partial, p.layout):
		f.Partial = partialNoRows
	default:
		f.Partial = partialRows
	}
	f.Final = exists(p.final)
	return f
}

// open returns the writer of the partial table and the runs it holds, or
// finished = true when the table was already complete (what follows it is
// then written).
func (p *plan) open() (w *runstore.Writer, done int, finished bool, err error) {
	o := p.o
	act := actFresh
	if o.Resume {
		act = decide(p.inspect())
	}
	switch act {
	case actNothing:
		return nil, 0, false, fmt.Errorf("sweep: nothing to resume in %s (no %s); run without --resume", o.Out, filepath.Base(p.state))
	case actNoState:
		return nil, 0, false, fmt.Errorf("sweep: %s has no %s beside it; run without --resume to start afresh", p.partial, filepath.Base(p.state))
	case actOther:
		return nil, 0, false, fmt.Errorf("sweep: %s holds an interrupted run of another experiment or shard; run without --resume to start afresh", o.Out)
	case actDamaged:
		return nil, 0, false, fmt.Errorf("sweep: %s is damaged (no experiment hash, or not JSON); run without --resume to start afresh", p.state)
	case actDropState:
		os.Remove(p.state)
		return nil, 0, true, p.finish()
	case actFinish:
		return nil, 0, true, p.finish()
	case actContinue:
		w, done, err = runstore.Resume(p.partial, p.layout, p.from)
		return w, done, false, err
	}
	// Afresh. The manifest says the folder's tables are complete: it goes first.
	if !p.sharded {
		if err := removeIfExists(filepath.Join(o.Out, "manifest.json")); err != nil {
			return nil, 0, false, err
		}
	}
	b, _ := json.Marshal(State{Hash: p.e.Hash, From: p.from, To: p.to})
	if err := atomicfile.WriteFile(p.state, b); err != nil {
		return nil, 0, false, err
	}
	w, err = runstore.Create(p.partial, p.layout, p.from)
	return w, 0, false, err
}

// runAll runs the runs the partial table lacks, appending their rows; on
// an interruption the rows so far are kept for --resume.
func (p *plan) runAll(ctx context.Context, w *runstore.Writer, done int, stderr io.Writer) error {
	e, from, to, total := p.e, p.from, p.to, p.e.Run.Runs()
	what := fmt.Sprintf("%s: %d runs", e.Name, total)
	if p.sharded {
		what = fmt.Sprintf("%s: shard %d of %d, runs %d-%d of %d", e.Name, p.k, p.n, from, to-1, total)
		if from == to {
			what = fmt.Sprintf("%s: shard %d of %d: no runs (%d runs over %d shards)", e.Name, p.k, p.n, total, p.n)
		}
	}
	if done > 0 {
		what += fmt.Sprintf(", resuming after %d done", done)
	}
	fmt.Fprintf(stderr, "%s, %d workers\n", what, p.o.Workers)
	if e.Clipped > 0 {
		fmt.Fprintf(stderr, "%s: %d jointly drawn values set to a bound of their range (clipped; docs/experiments.md)\n", e.Name, e.Clipped)
	}
	if w.Next() >= to {
		return nil
	}
	prog := progress.New(stderr, to-from, done)
	lastFlush := time.Now()
	runErr := experiment.Run(ctx, e.Run, experiment.Options{
		From: w.Next(), To: to, Workers: p.o.Workers,
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
	if runErr == nil {
		return nil
	}
	if err := w.Close(); err != nil {
		return errors.Join(runErr, err)
	}
	if ctx.Err() != nil {
		fmt.Fprintf(stderr, "interrupted: %d of %d runs kept in %s; continue with the same command and --resume\n", w.Next()-from, to-from, p.partial)
	}
	return runErr
}

// finish writes what follows a complete table: a part's description, or
// a sweep's runs.parquet, bands.csv and manifest, then the closing line.
func (p *plan) finish() error {
	o, e, stdout := p.o, p.e, p.stdout
	if p.sharded {
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
		if err := runstore.WritePartInfo(p.final, runstore.PartInfo{Experiment: e.Name, Hash: e.Hash, Shard: p.k, Shards: p.n, From: p.from, To: p.to,
			Source: src, File: file}); err != nil {
			return err
		}
		if p.from == p.to {
			fmt.Fprintf(stdout, "part written: %s (no runs: %d runs over %d shards); merge all parts with: digisim merge %s\n", p.final, e.Run.Runs(), p.n, o.Out)
			return nil
		}
		fmt.Fprintf(stdout, "part written: %s (runs %d-%d); merge all parts with: digisim merge %s\n", p.final, p.from, p.to-1, o.Out)
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
	name := e.File.Scenario // as written: a shipped name, or a file
	if e.BaseScenario != nil {
		name = e.BaseScenario.Name // the scenario's own name, never its file's
	}
	m, err := manifest.New(name, base, args)
	if err != nil {
		return err
	}
	file, err := json.Marshal(e.File)
	if err != nil {
		return err
	}
	var path string
	if !strings.HasPrefix(e.Source, "shipped/") {
		if path, err = filepath.Abs(e.Source); err != nil {
			return err
		}
	}
	m.SetSweep(&manifest.Sweep{Experiment: file, ExperimentSource: e.Source, ExperimentPath: path, ExperimentSHA256: e.Hash,
		Runs: e.Run.Runs(), DesignPoints: e.Run.Points, Futures: e.Futures, Policies: e.Policies,
		Columns: layout.Header(), MergedParts: parts})
	if e.BaseScenario != nil {
		m.Extra["region"] = runtables.NewRegionInfo(e.BaseScenario)
		if m.Inputs, err = runtables.KeepObserved(dir, e.BaseScenario); err != nil {
			return err
		}
	}
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
		return nil, "", fmt.Errorf("%s: experiment_file: %w; give the experiment with --experiment NAME or FILE", path, err)
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
