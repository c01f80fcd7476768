package discovery

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digisim/digisim/workflow/sweep"
)

// TestParametersInWords: chart titles say "1 parameter", not "1 parameters".
func TestParametersInWords(t *testing.T) {
	for n, want := range map[int]string{1: "1 parameter", 2: "2 parameters", 9: "9 parameters"} {
		if got := parameters(n); got != want {
			t.Errorf("parameters(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestOwnPolicyNamed: the sentence and the charts of a user's own
// scenarios name the policy as its other charts do ("own-deal" reads "Own
// deal", as chart.Region.Name reads a hyphenated id), not by its id.
func TestOwnPolicyNamed(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"own-deal.toml":    "name = \"own-deal\"\nextends = \"agreement\"\n",
		"own-binding.toml": "name = \"own-binding\"\nextends = \"binding\"\n",
		"exp.toml": strings.Replace(strings.Replace(small, `scenario = "agreement"`, `scenario = "own-deal.toml"`, 1),
			`scenarios = ["agreement", "binding"]`, `scenarios = ["own-deal.toml", "own-binding.toml"]`, 1),
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "out")
	if err := sweep.Run(context.Background(), sweep.Options{Experiment: filepath.Join(dir, "exp.toml"), Out: out, Workers: 2}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	res, err := Run(Options{Dir: out, Where: "gmv_2030 > p80", Policy: "own-deal", NoCharts: true})
	if err != nil {
		t.Fatal(err)
	}
	if text := res.Boxes[0].Text; !strings.HasPrefix(text, "gmv_2030 > p80 under Own deal when ") {
		t.Errorf("sentence %q: want the policy named Own deal", text)
	}
}
