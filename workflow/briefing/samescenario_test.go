package briefing

import (
	"testing"

	"github.com/digisim/digisim/scenarios/experiments"
)

// TestSameScenario: a sweep's reference to a scenario file matches the
// comparison's scenario by the name the sweep recorded for it, not by the
// file's name; a sweep that recorded none (written before) falls back to
// the file's name.
func TestSameScenario(t *testing.T) {
	named := &experiments.File{ScenarioNames: map[string]string{"../r/cf.toml": "my-counterfactual"}}
	old := &experiments.File{}
	for _, c := range []struct {
		exp       *experiments.File
		ref, name string
		want      bool
	}{
		{named, "../r/cf.toml", "my-counterfactual", true},
		{named, "../r/cf.toml", "cf", false},
		{named, "agreement", "agreement", true},
		{old, "../r/cf.toml", "cf", true},
		{old, "../r/cf.toml", "my-counterfactual", false},
	} {
		if got := sameScenario(c.exp, c.ref, c.name); got != c.want {
			t.Errorf("sameScenario(%v, %q, %q) = %v, want %v", c.exp.ScenarioNames, c.ref, c.name, got, c.want)
		}
	}
}
