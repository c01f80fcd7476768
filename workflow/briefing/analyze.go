package briefing

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/digisim/digisim/output/brief"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/experiments"
)

// assumptions reads the Sobol' total-effect indices, with their 95%
// intervals, of the dividend outcome of an analysis of the brief's own
// comparison (the experiment's scenario is the policy, the outcome is
// against the counterfactual), most influential first (at most six). An
// analysis of another pair is refused: its ranking is of another dividend.
func (f *folder) assumptions(dir string) ([]brief.Assumption, error) {
	if !f.compare {
		return nil, fmt.Errorf("brief: --analyze needs a compare folder: the assumptions rank a dividend (%s is a run)", f.dir)
	}
	path := filepath.Join(dir, "sensitivity.csv")
	if _, err := os.Stat(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("brief: --analyze %s: %w", dir, err)
	} else if err != nil {
		return nil, fmt.Errorf("brief: --analyze %s has no sensitivity.csv; run digisim analyze on a finished Sobol' sweep first", dir)
	}
	m, exp, err := readSweep("--analyze", dir, "the folder of a finished digisim sweep, analysed, has manifest.json", "")
	if err != nil {
		return nil, err
	}
	want := ""
	var others []string
	for _, o := range dividendOutcomes(exp) {
		if sameScenario(exp, o.Against, f.base) && want == "" {
			want = o.Name
		}
		others = append(others, o.Against)
	}
	if !sameScenario(exp, exp.Scenario, f.policy) || want == "" {
		against := "no counterfactual"
		if len(others) > 0 {
			against = strings.Join(others, ", ")
		}
		return nil, fmt.Errorf("brief: --analyze %s: experiment %s ranks the assumptions behind the dividend of %s against %s, but this brief compares %s with %s (base year %s): another pair's ranking does not rank this dividend; analyse a Sobol' experiment with scenario = %q and an outcome with cumulative = true, against = %q (docs/briefings.md lists the shipped ones)",
			dir, exp.Name, exp.Scenario, against, f.policy, f.base, year(f.baseYear), f.policy, f.base)
	}
	if err := f.sameBase("--analyze", dir, m); err != nil {
		return nil, err
	}
	rows, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	ix, err := columns(path, rows[0], "outcome", "parameter", "method", "measure", "value", "ci_low", "ci_high")
	if err != nil {
		return nil, err
	}
	var out []brief.Assumption
	for n, r := range rows[1:] {
		if r[ix[2]] != "sobol" || r[ix[3]] != "ST" || r[ix[1]] == "" || r[ix[4]] == "" || r[ix[0]] != want {
			continue
		}
		var v [3]float64
		for k := range v {
			if r[ix[4+k]] == "" || r[ix[4+k]] == "NaN" {
				v[k] = math.NaN()
				continue
			}
			if v[k], err = parseFloat(path, n+2, rows[0][ix[4+k]], r[ix[4+k]]); err != nil {
				return nil, err
			}
		}
		out = append(out, brief.Assumption{Name: scenarios.Label(r[ix[1]]), Key: r[ix[1]], Effect: v[0], Low: v[1], High: v[2]})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("brief: --analyze %s: sensitivity.csv has no Sobol' total-effect (ST) indices of outcome %s; the assumptions need a sobol design (the shipped defa-sobol and agreement-2022-sobol are)", dir, want)
	}
	slices.SortStableFunc(out, func(a, b brief.Assumption) int { return cmp.Compare(b.Effect, a.Effect) })
	if len(out) > 6 {
		out = out[:6]
	}
	return out, nil
}

// fastestNote names the member whose GMV per head grows most, which a
// slope chart on a linear scale hides when it starts low.
func (f *folder) fastestNote() string {
	t0, t1 := f.times[0], f.times[len(f.times)-1]
	best, ratio := "", 0.0
	for _, m := range f.members() {
		a, ok0 := f.value("gmv_per_head", m, "", t0)
		b, ok1 := f.value("gmv_per_head", m, "", t1)
		if ok0 && ok1 && a.policy > 0 && b.policy/a.policy > ratio {
			best, ratio = m, b.policy/a.policy
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("%s grows fastest from a low start: %.1f times from %d to %d.", f.region().Name(best), ratio, f.from(), f.to())
}

// experimentOf names the experiment of a sweep folder, its file and hash,
// from its manifest (none when the manifest records none).
func experimentOf(dir string) []brief.ScenarioFile {
	m, err := manifest.Read(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil
	}
	sw, err := m.Sweep()
	if err != nil || sw.ExperimentSHA256 == "" {
		return nil
	}
	var exp experiments.File
	name := sw.ExperimentSource
	if json.Unmarshal(sw.Experiment, &exp) == nil && exp.Name != "" {
		name = exp.Name
	}
	return []brief.ScenarioFile{{Name: name, File: sw.ExperimentSource, SHA256: sw.ExperimentSHA256}}
}
