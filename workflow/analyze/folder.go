package analyze

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/digisim/digisim/internal/suggest"
	"github.com/digisim/digisim/output/runstore"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/workflow/sweep"
)

// Folder is a finished sweep: its experiment, re-resolved from the
// manifest, and its run table.
type Folder struct {
	Dir  string
	Exp  *experiments.Experiment
	Runs *table.Runs
}

// Open reads the finished sweep in dir. A folder without runs, or whose
// runs are unfinished, is an error that says what to run.
func Open(dir string) (*Folder, error) {
	if st, err := os.Stat(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err // names dir, and says why it cannot be read
	} else if err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder; give the output folder of digisim sweep", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "runs.parquet")); errors.Is(err, os.ErrNotExist) {
		missing := "no runs.parquet"
		if _, err := os.Stat(filepath.Join(dir, "manifest.json")); errors.Is(err, os.ErrNotExist) {
			missing = "no manifest.json, no runs.parquet"
		}
		if _, err := os.Stat(filepath.Join(dir, "runs.csv.partial")); err == nil {
			return nil, fmt.Errorf("%s holds an interrupted sweep (runs.csv.partial): finish it with digisim sweep EXPERIMENT --out %s --resume, then analyze", dir, dir)
		}
		return nil, fmt.Errorf("%s holds no runs (%s): run digisim sweep EXPERIMENT --out %s first, or merge its parts", dir, missing, dir)
	}
	e, err := Experiment(dir)
	if err != nil {
		return nil, err
	}
	// runs.csv is the table; runs.parquet is written from it.
	if err := runstore.CheckTable(filepath.Join(dir, "runs.csv"), sweep.Layout(e), e.Run.Runs()); err != nil {
		return nil, err
	}
	runs, err := table.ReadRunsFile(filepath.Join(dir, "runs.parquet"))
	if err != nil {
		return nil, err
	}
	if len(runs.Rows) != e.Run.Runs() {
		return nil, fmt.Errorf("%s: %d runs in the table, the experiment has %d; finish or merge the sweep first", dir, len(runs.Rows), e.Run.Runs())
	}
	// A scenario lever's column holds scenario names: read them as the
	// lever's indices, as the experiment numbers its options.
	if len(e.File.Levers) > 0 && len(e.File.Levers[0].Scenarios) > 0 && len(e.Run.Params) > 0 {
		if err := runs.Codes(e.Run.Params[0].Name, e.File.LeverScenarios()); err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
	}
	if want := len(e.Run.Params) + len(e.Run.Outcomes); len(runs.Columns) < want {
		return nil, fmt.Errorf("%s: runs.parquet has %d value columns, the experiment needs at least %d", dir, len(runs.Columns), want)
	}
	return &Folder{Dir: dir, Exp: e, Runs: runs}, nil
}

// Params returns the parameter columns' names, in table order.
func (f *Folder) Params() []string { return f.Runs.Columns[:len(f.Exp.Run.Params)] }

// Outcomes returns the outcome columns' names.
func (f *Folder) Outcomes() []string {
	P := len(f.Exp.Run.Params)
	return f.Runs.Columns[P : P+len(f.Exp.Run.Outcomes)]
}

// Outcome returns the index among Outcomes of the outcome called name, or
// an error listing the outcomes there are.
func (f *Folder) Outcome(name string) (int, error) {
	outs := f.Outcomes()
	for i, o := range outs {
		if o == name {
			return i, nil
		}
	}
	if len(outs) == 0 {
		return 0, fmt.Errorf("%s: the experiment records no outcome; add [[outcomes]] to it", f.Dir)
	}
	return 0, fmt.Errorf("%s: no outcome %q%s (outcomes: %s)", f.Dir, name, suggest.DidYouMean(name, outs), strings.Join(outs, ", "))
}

// ScenarioLever reports whether the first parameter selects a policy
// scenario (its value is an index into the lever's scenarios).
func (f *Folder) ScenarioLever() bool {
	return len(f.Exp.File.Levers) > 0 && len(f.Exp.File.Levers[0].Scenarios) > 0
}

// Value formats the value of parameter j as the tables show it: a scenario
// lever's scenario name, or the number.
func (f *Folder) Value(j int, v float64) string {
	if j == 0 && f.ScenarioLever() {
		names := f.Exp.File.LeverScenarios()
		if i := int(v); float64(i) == v && i >= 0 && i < len(names) {
			return names[i]
		}
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// Option names the policy (the lever values) of a parameter row: the
// scenario name of a scenario lever, "path=value" for a numeric lever,
// joined by ", "; "" for an experiment without levers.
func (f *Folder) Option(params []float64) string {
	var parts []string
	for j, p := range f.Exp.Run.Params {
		if !p.Lever {
			continue
		}
		if j == 0 && f.ScenarioLever() {
			parts = append(parts, f.Value(0, params[0]))
			continue
		}
		parts = append(parts, p.Name+"="+f.Value(j, params[j]))
	}
	return strings.Join(parts, ", ")
}

// Options returns the names of the policy options in design order.
func (f *Folder) Options() []string {
	var out []string
	P := len(f.Exp.Run.Params)
	reps := f.Exp.Run.Replicates
	for d := 0; d < f.Exp.Policies && d < f.Exp.Run.Points; d++ {
		out = append(out, f.Option(f.Runs.Rows[d*reps].Values[:P]))
	}
	return out
}
