package experiments

import (
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/experiment"
	"github.com/digisim/digisim/sim/sample"
)

// Joint draws parameters together from a multivariate normal: a
// calibration's estimates and their covariance, so that parameters the
// data determine only in combination move together. Either From names a
// calibration's covariance.csv (written by digisim calibrate; a path
// relative to the experiment file, or beside a shipped experiment) and
// Parameters picks its rows (default: all), or Parameters, Mean and
// Covariance give the distribution inline. Every draw is clipped to each
// parameter's range (and to the calibration's bounds, from a file):
// docs/experiments.md.
type Joint struct {
	From       string      `toml:"from" json:"from,omitempty"`
	Parameters []string    `toml:"parameters" json:"parameters,omitempty"`
	Mean       []float64   `toml:"mean" json:"mean,omitempty"`
	Covariance [][]float64 `toml:"covariance" json:"covariance,omitempty"`
	// Drawn is what From resolved to, recorded so that the experiment's
	// hash changes when the file does.
	Drawn *sample.MultiNormal `toml:"-" json:"drawn,omitempty"`
}

// jointKeys are the keys of a [joint] table.
var jointKeys = []string{"from", "parameters", "mean", "covariance"}

// addJoint compiles the [joint] table: it appends its parameters to run
// (after the uncertainties) and returns one standard-uniform coordinate
// per parameter for the design; correlate maps them to draws. It reports
// problems and returns nil when there is no joint table or it is wrong.
func (e *Experiment) addJoint(pr *problems, base *sim.Params, run *experiment.Experiment) *sample.MultiNormal {
	j := e.File.Joint
	if j == nil {
		return nil
	}
	if e.File.Design == "sobol" || e.File.Design == "morris" {
		pr.add("joint", "%s designs analyse independent uncertainties: draw correlated parameters with design = \"montecarlo\" or \"lhs\"", e.File.Design)
		return nil
	}
	if e.File.Design == "grid" {
		pr.add("joint", "a grid of correlated parameters has no meaning: use design = \"montecarlo\" or \"lhs\"")
		return nil
	}
	mn := &sample.MultiNormal{}
	names := j.Parameters
	switch {
	case j.From != "" && (len(j.Mean) > 0 || len(j.Covariance) > 0):
		pr.add("joint", "give either from (a calibration's covariance.csv) or mean and covariance, not both")
		return nil
	case j.From != "":
		var ok bool
		if names, ok = e.jointFromFile(pr, mn); !ok {
			return nil
		}
	default:
		if len(names) == 0 {
			pr.add("joint", `missing: name a calibration's covariance file (from = "covariance.csv") or give parameters, mean and covariance`)
			return nil
		}
		if len(j.Mean) != len(names) {
			pr.add("joint.mean", "%d values for %d parameters: give one mean per parameter, in the order of parameters", len(j.Mean), len(names))
			return nil
		}
		if len(j.Covariance) != len(names) {
			pr.add("joint.covariance", "%d rows for %d parameters: give a %d x %d matrix, rows and columns in the order of parameters", len(j.Covariance), len(names), len(names), len(names))
			return nil
		}
		mn.Mean, mn.Cov = j.Mean, j.Covariance
		for range names {
			mn.Lo, mn.Hi = append(mn.Lo, math.Inf(-1)), append(mn.Hi, math.Inf(1))
		}
	}
	seen := map[string]bool{}
	for _, u := range e.File.Uncertainties {
		seen[u.Path] = true
	}
	for i, name := range names {
		key := fmt.Sprintf("joint.parameters[%d]", i)
		if seen[name] {
			pr.add(key, "%s is drawn twice (also among the uncertainties or listed twice here): draw it once", name)
		}
		seen[name] = true
		set, err := scenarios.Setter(base, name)
		if err != nil {
			pr.add(key, "%v", err)
			continue
		}
		prm, _ := scenarios.Path(base, name)
		if len(prm.Expansions) == 0 {
			pr.add(key, "%s names no number of scenario %s (a pattern over no ids or events): leave it out", name, e.File.Scenario)
		}
		// Clip to the schema range too; an open end is moved inside by a
		// billionth of the range (or of 1, for an unbounded range).
		lo, hi := prm.Lo, prm.Hi
		eps := 1e-9
		if w := hi - lo; !math.IsInf(w, 0) {
			eps *= w
		}
		if prm.LoOpen {
			lo += eps
		}
		if prm.HiOpen {
			hi -= eps
		}
		mn.Lo[i], mn.Hi[i] = math.Max(mn.Lo[i], lo), math.Min(mn.Hi[i], hi)
		if m := mn.Mean[i]; !(mn.Lo[i] <= m && m <= mn.Hi[i]) {
			pr.add(fmt.Sprintf("joint.mean[%d]", i), "%s: mean %v is outside the range %s", name, m, rangeOf(prm))
		}
		run.Params = append(run.Params, experiment.Param{Name: name, Set: set})
	}
	if len(pr.errs) > 0 {
		return nil
	}
	if err := mn.Factor(); err != nil {
		at := "joint.covariance"
		if j.From != "" {
			at = "joint.from"
		}
		pr.add(at, "%v", err)
		return nil
	}
	if j.From != "" {
		j.Drawn = mn
	}
	e.Uncertain += len(names)
	return mn
}

// jointFromFile reads the estimates and covariance of a calibration's
// covariance.csv (columns parameter, estimate, lo, hi, then one per
// parameter) into mn, keeping the rows of j.Parameters (all if none), and
// returns their names.
func (e *Experiment) jointFromFile(pr *problems, mn *sample.MultiNormal) ([]string, bool) {
	j := e.File.Joint
	path, data, err := e.readBeside(j.From)
	if err != nil {
		pr.add("joint.from", "%v", err)
		return nil, false
	}
	bad := func(line int, format string, args ...any) ([]string, bool) {
		pr.add("joint.from", "%s:%d: %s", path, line, fmt.Sprintf(format, args...))
		return nil, false
	}
	rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		return bad(0, "%v", err)
	}
	if len(rows) < 2 || len(rows[0]) < 5 || strings.Join(rows[0][:4], ",") != "parameter,estimate,lo,hi" {
		return bad(1, "want the header parameter,estimate,lo,hi followed by one column per parameter (the covariance.csv digisim calibrate writes)")
	}
	n := len(rows) - 1
	if len(rows[0]) != 4+n {
		return bad(1, "%d parameter columns for %d parameter rows: want a square covariance", len(rows[0])-4, n)
	}
	at := map[string]int{}
	for r, row := range rows[1:] {
		if row[0] != rows[0][4+r] {
			return bad(r+2, "row %q is column %q: want rows and columns in the same order", row[0], rows[0][4+r])
		}
		at[row[0]] = r
	}
	names := j.Parameters
	if len(names) == 0 {
		for _, row := range rows[1:] {
			names = append(names, row[0])
		}
	}
	var idx []int
	for i, name := range names {
		r, ok := at[name]
		if !ok {
			pr.add(fmt.Sprintf("joint.parameters[%d]", i), "%s is not a parameter of %s (it has: %s)", name, path, strings.Join(rows[0][4:], ", "))
			continue
		}
		idx = append(idx, r)
	}
	if len(pr.errs) > 0 {
		return nil, false
	}
	for k, r := range idx {
		if rows[r+1][4+r] == "" {
			pr.add(fmt.Sprintf("joint.parameters[%d]", k), "%s:%d: %s has no variance (the calibration did not identify it): leave it out of parameters, or draw it as an uncertainty of its own",
				path, r+2, rows[r+1][0])
			return nil, false
		}
	}
	num := func(line int, col string, s string) (float64, error) {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) {
			return 0, fmt.Errorf("%s:%d: column %s: %q is not a number", path, line, col, s)
		}
		return v, nil
	}
	for k, r := range idx {
		row := rows[r+1]
		line := r + 2
		var vals [3]float64
		for c := range 3 {
			v, err := num(line, rows[0][1+c], row[1+c])
			if err != nil {
				pr.add("joint.from", "%v", err)
				return nil, false
			}
			vals[c] = v
		}
		mn.Mean, mn.Lo, mn.Hi = append(mn.Mean, vals[0]), append(mn.Lo, vals[1]), append(mn.Hi, vals[2])
		cov := make([]float64, len(idx))
		for c, q := range idx {
			s := row[4+q]
			if s == "" {
				pr.add(fmt.Sprintf("joint.parameters[%d]", k), "%s:%d: %s has no covariance with %s (the calibration did not identify it): leave it out of parameters, or draw it as an uncertainty of its own",
					path, line, row[0], rows[0][4+q])
				return nil, false
			}
			v, err := num(line, rows[0][4+q], s)
			if err != nil {
				pr.add("joint.from", "%v", err)
				return nil, false
			}
			cov[c] = v
		}
		mn.Cov = append(mn.Cov, cov)
	}
	return names, true
}

// readBeside reads a file named by an experiment: relative to the
// experiment file, or beside a shipped experiment in the embedded files.
func (e *Experiment) readBeside(name string) (string, []byte, error) {
	if strings.HasPrefix(e.Source, "shipped/") && !filepath.IsAbs(name) {
		b, err := fs.ReadFile(shippedFS, "shipped/"+name)
		return "shipped/" + name, b, err
	}
	path := name
	if !filepath.IsAbs(name) {
		path = filepath.Join(filepath.Dir(e.Source), name)
	}
	f, err := os.Open(path)
	if err != nil {
		return path, nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	return path, b, err
}

// correlate replaces the joint coordinates of every future (the last
// len(mn.Mean) of the uncertainties' columns, still standard uniform) by
// the draws, and returns how many values were clipped to a bound.
func correlate(mn *sample.MultiNormal, futures [][]float64, first int) int {
	k := len(mn.Mean)
	x := make([]float64, k)
	clipped := 0
	for _, row := range futures {
		clipped += mn.Draw(row[first:first+k], x)
		copy(row[first:first+k], x)
	}
	return clipped
}
