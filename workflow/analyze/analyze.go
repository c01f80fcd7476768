package analyze

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/sim/sample"
	"github.com/digisim/digisim/sim/sensitivity"
)

// Index is one row of sensitivity.csv: a measure of how much a parameter
// drives an outcome, by one method, with its interval where there is one
// (NaN otherwise).
type Index struct {
	Outcome, Parameter, Method, Measure string
	Value, Lo, Hi                       float64
}

// Indices computes the sensitivity indices of the finished sweep in dir:
// MaxResamples bounds the bootstrap resamples of Indices: beyond it the
// bootstrap's own error in a 95% interval's bounds is negligible.
const MaxResamples = 10_000

// Sobol' indices (with bootstrap intervals of resamples resamples) for a
// Sobol' design, Morris measures for a Morris design, and standardised
// regression coefficients for any design over the parameters that vary,
// from the outcomes averaged over replicates. A regression that cannot be
// fitted is reported on warn and left out.
func Indices(dir string, resamples int, warn io.Writer) ([]Index, error) {
	if resamples < 1 {
		return nil, usage.Errorf("analyze: --resamples %d: want at least 1 (200 is the default)", resamples)
	}
	if resamples > MaxResamples {
		return nil, usage.Errorf("analyze: --resamples %d: at most %d; with 10,000 resamples the bounds of a 95%% interval "+
			"vary by about 3%% of the index's standard error (sqrt(0.025*0.975/10000)/0.058), and the time grows with the resamples: "+
			"to narrow the intervals, give the sweep more runs",
			resamples, MaxResamples)
	}
	f, err := Open(dir)
	if err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	e, runs := f.Exp, f.Runs
	x, y, err := designMeans(e, runs)
	if err != nil {
		return nil, err
	}
	var out []Index
	params := runs.Columns[:len(e.Run.Params)]
	outcomes := runs.Columns[len(e.Run.Params) : len(e.Run.Params)+len(e.Run.Outcomes)]
	first := 0
	if len(e.File.Levers) > 0 && len(e.File.Levers[0].Scenarios) > 0 {
		first = 1 // the scenario lever is a category, not a number
	}
	switch e.File.Design {
	case "sobol":
		res, err := sensitivity.Sobol{D: e.Uncertain, Resamples: resamples, Level: 0.95,
			Rand: sample.Stream(e.File.Seed, 0, "analyze/bootstrap")}.Analyze(y)
		if err != nil {
			return nil, fmt.Errorf("analyze: %w", err)
		}
		for o, r := range res {
			for j := range e.Uncertain {
				out = append(out,
					Index{outcomes[o], params[j], "sobol", "S1", r.S1[j], ci(r.S1CI, j).Lo, ci(r.S1CI, j).Hi},
					Index{outcomes[o], params[j], "sobol", "ST", r.ST[j], ci(r.STCI, j).Lo, ci(r.STCI, j).Hi})
			}
		}
	case "morris":
		res, err := sensitivity.Morris{D: e.Uncertain}.Analyze(e.Unit, y)
		if err != nil {
			return nil, fmt.Errorf("analyze: %w", err)
		}
		nan := math.NaN()
		for o, r := range res {
			for j := range e.Uncertain {
				out = append(out,
					Index{outcomes[o], params[j], "morris", "mu_star", r.MuStar[j], nan, nan},
					Index{outcomes[o], params[j], "morris", "mu", r.Mu[j], nan, nan},
					Index{outcomes[o], params[j], "morris", "sigma", r.Sigma[j], nan, nan})
			}
		}
	}
	// Standardised regression coefficients for any design, over the
	// parameters that vary.
	var cols []int
	for j := first; j < len(params); j++ {
		if varies(x, j) {
			cols = append(cols, j)
		}
	}
	if len(cols) > 0 && len(x) > len(cols)+1 {
		xs := make([][]float64, len(x))
		for i, row := range x {
			for _, j := range cols {
				xs[i] = append(xs[i], row[j])
			}
		}
		reg, err := sensitivity.SRC(xs, y)
		if err != nil {
			fmt.Fprintf(warn, "analyze: no regression coefficients: %v\n", err)
		} else {
			nan := math.NaN()
			for o, r := range reg {
				for c, j := range cols {
					out = append(out, Index{outcomes[o], params[j], "regression", "src", r.SRC[c], nan, nan})
				}
				out = append(out, Index{outcomes[o], "", "regression", "r2", r.R2, nan, nan})
			}
		}
	}
	return out, nil
}

func ci(v []sensitivity.Interval, j int) sensitivity.Interval {
	if j < len(v) {
		return v[j]
	}
	return sensitivity.Interval{Lo: math.NaN(), Hi: math.NaN()}
}

func varies(x [][]float64, j int) bool {
	for _, row := range x {
		if row[j] != x[0][j] {
			return true
		}
	}
	return false
}

// Experiment re-resolves the experiment recorded in a sweep's manifest
// and warns nothing: a changed scenario is an error, since the indices
// would describe another experiment than the runs.
func Experiment(dir string) (*experiments.Experiment, error) {
	m, err := manifest.Read(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, fmt.Errorf("analyze: %w (is %s the output folder of digisim sweep?)", err, dir)
	}
	sw, err := m.Sweep()
	if errors.Is(err, manifest.ErrNoSweep) {
		return nil, fmt.Errorf("analyze: %s/manifest.json records no experiment: not a sweep's output folder", dir)
	}
	var f experiments.File
	if err == nil {
		err = json.Unmarshal(sw.Experiment, &f)
	}
	if err != nil {
		return nil, fmt.Errorf("analyze: %s/manifest.json: experiment: %w", dir, err)
	}
	e, err := experiments.Resolve(f, sw.From())
	if err != nil {
		if sw.ExperimentPath == "" && !strings.HasPrefix(sw.ExperimentSource, "shipped/") && !filepath.IsAbs(sw.ExperimentSource) {
			// Written before sweeps recorded the experiment's absolute path.
			return nil, fmt.Errorf("analyze: the experiment of %s no longer resolves: %w; the sweep named it %s from the folder it ran in: run analyze from that folder, or run the sweep again", dir, err, sw.ExperimentSource)
		}
		return nil, fmt.Errorf("analyze: the experiment of %s no longer resolves: %w", dir, err)
	}
	if want := sw.ExperimentSHA256; want != e.Hash {
		return nil, fmt.Errorf("analyze: the scenarios of %s changed since the sweep (experiment hash %.12s, now %.12s); re-run the sweep", dir, want, e.Hash)
	}
	return e, nil
}

// designMeans returns, per design point in order, the parameter values and
// the outcomes averaged over replicates (the estimators want one output per
// design point).
func designMeans(e *experiments.Experiment, runs *table.Runs) (x, y [][]float64, err error) {
	P, O := len(e.Run.Params), len(e.Run.Outcomes)
	reps := e.Run.Replicates
	if len(runs.Rows) != e.Run.Runs() {
		return nil, nil, fmt.Errorf("analyze: %d runs in the table, the experiment has %d; finish or merge the sweep first", len(runs.Rows), e.Run.Runs())
	}
	for d := range e.Run.Points {
		x = append(x, runs.Rows[d*reps].Values[:P])
		mean := make([]float64, O)
		for q := range reps {
			for o := range O {
				mean[o] += runs.Rows[d*reps+q].Values[P+o] / float64(reps)
			}
		}
		y = append(y, mean)
	}
	return x, y, nil
}

// WriteCSV writes the indices as sensitivity.csv.
func WriteCSV(path string, out []Index) error {
	header := []string{"outcome", "parameter", "method", "measure", "value", "ci_low", "ci_high"}
	return table.WriteWideFile(path, header, func(w *table.WideWriter) error {
		for _, r := range out {
			if err := w.Write(table.Text(r.Outcome), table.Text(r.Parameter), table.Text(r.Method), table.Text(r.Measure),
				table.Float(r.Value), table.Float(r.Lo), table.Float(r.Hi)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Print prints, per outcome and method, the parameters by their
// main measure, largest first.
func Print(w io.Writer, out []Index) {
	main := map[string]string{"sobol": "ST", "morris": "mu_star", "regression": "src"}
	type key struct{ outcome, method string }
	groups := map[key][]Index{}
	var order []key
	for _, r := range out {
		if r.Measure != main[r.Method] {
			continue
		}
		k := key{r.Outcome, r.Method}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], r)
	}
	for _, k := range order {
		rows := groups[k]
		sort.SliceStable(rows, func(a, b int) bool { return math.Abs(rows[a].Value) > math.Abs(rows[b].Value) })
		fmt.Fprintf(w, "\n%s: %s (%s)\n", k.outcome, k.method, main[k.method])
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, r := range rows {
			if math.IsNaN(r.Lo) {
				fmt.Fprintf(tw, "  %s\t%.4g\n", r.Parameter, r.Value)
			} else {
				fmt.Fprintf(tw, "  %s\t%.3f\t[%.3f, %.3f]\n", r.Parameter, r.Value, r.Lo, r.Hi)
			}
		}
		tw.Flush()
	}
}
