package briefing

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"

	"github.com/digisim/digisim/output/brief"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/experiments"
)

// assumptions reads the Sobol' total-effect indices of a dividend outcome
// from dir/sensitivity.csv, most influential first (at most six).
func assumptions(dir string) ([]brief.Assumption, error) {
	path := filepath.Join(dir, "sensitivity.csv")
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("brief: --analyze %s has no sensitivity.csv; run digisim analyze on a finished Sobol' sweep first", dir)
	}
	rows, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	ix, err := columns(path, rows[0], "outcome", "parameter", "method", "measure", "value")
	if err != nil {
		return nil, err
	}
	// Prefer the dividend outcome the sweep's experiment records.
	want := ""
	if m, err := manifest.Read(filepath.Join(dir, "manifest.json")); err == nil {
		if sw, err := m.Sweep(); err == nil {
			var exp experiments.File
			if json.Unmarshal(sw.Experiment, &exp) == nil {
				for _, o := range exp.Outcomes {
					if o.Cumulative && o.Against != "" && o.Member == "" && want == "" {
						want = o.Name
					}
				}
			}
		}
	}
	var out []brief.Assumption
	outcomes := map[string]bool{}
	for n, r := range rows[1:] {
		outcomes[r[ix[0]]] = true
		if r[ix[2]] != "sobol" || r[ix[3]] != "ST" || r[ix[1]] == "" || (want != "" && r[ix[0]] != want) {
			continue
		}
		v, err := parseFloat(path, n+2, "value", r[ix[4]])
		if err != nil {
			return nil, err
		}
		out = append(out, brief.Assumption{Name: scenarios.Label(r[ix[1]]), Key: r[ix[1]], Effect: math.Max(0, math.Min(1, v))})
	}
	if len(out) == 0 {
		what := "a dividend outcome"
		if want != "" {
			what = "outcome " + want
		}
		return nil, fmt.Errorf("brief: --analyze %s: sensitivity.csv has no Sobol' total-effect (ST) indices of %s; a share of variance needs a sobol design (e.g. the shipped coordination-sobol experiment)", dir, what)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Effect > out[j].Effect })
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
	return fmt.Sprintf("%s grows fastest from a low start: %.1f times from %d to %d.", chart.DisplayName(best), ratio, f.from(), f.to())
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
