package experiments

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScenariosByPath: an experiment names its scenario, its scenario
// lever and its counterfactual by paths relative to its own file (not to
// the working directory), and outputs call them by their name keys; a
// path that names no file is an error naming the experiment, the key, the
// value and the fix; the shipped experiments name shipped scenarios by
// name, which need no translation (their hashes are unchanged).
func TestScenariosByPath(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "exp")
	if err := os.MkdirAll(filepath.Join(dir, "regions"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(path, text string) {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "regions", "pol.toml"), "name = \"my-policy\"\nextends = \"agreement\"\n")
	write(filepath.Join(dir, "regions", "other.toml"), "name = \"my-other\"\nextends = \"binding\"\n")
	write(filepath.Join(dir, "regions", "cf.toml"), "name = \"my-counterfactual\"\nextends = \"no-coordination\"\n")
	exp := `scenario = "../regions/pol.toml"
design = "montecarlo"
runs = 2
[[levers]]
scenarios = ["../regions/pol.toml", "../regions/other.toml"]
[[outcomes]]
name = "d"
variable = "gmv"
cumulative = true
against = "../regions/cf.toml"
`
	path := filepath.Join(sub, "e.toml")
	write(path, exp)
	e, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[string]string{"../regions/pol.toml": "my-policy", "../regions/other.toml": "my-other", "../regions/cf.toml": "my-counterfactual", "agreement": "agreement"} {
		if got := e.File.ScenarioName(ref); got != want {
			t.Errorf("ScenarioName(%q) = %q, want %q", ref, got, want)
		}
	}
	if e.BaseScenario.Name != "my-policy" {
		t.Errorf("base scenario %q", e.BaseScenario.Name)
	}
	write(path, strings.Replace(exp, "../regions/cf.toml", "../regions/nope.toml", 1))
	_, err = Load(path)
	for _, want := range []string{path + ":10:1: outcomes[0].against", `"../regions/nope.toml" not found`, "give its path from the folder of"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("a missing counterfactual: %v\nwant %q", err, want)
		}
	}
	for _, in := range List() {
		e, err := Load(in.Name)
		if err != nil {
			t.Fatal(err)
		}
		if len(e.File.ScenarioNames) > 0 {
			t.Errorf("shipped %s: scenario names %v, want none (each scenario by its name)", in.Name, e.File.ScenarioNames)
		}
	}
}

// TestLeverScenarioNames: a scenarios lever's options are told apart by
// their name keys (the run table's column, the charts), so two files of
// one name are refused; LeverScenarios gives the names in lever order.
func TestLeverScenarioNames(t *testing.T) {
	dir := t.TempDir()
	for file, text := range map[string]string{
		"a.toml": "name = \"opt-a\"\nextends = \"agreement\"\n",
		"b.toml": "name = \"opt-b\"\nextends = \"binding\"\n",
		"c.toml": "name = \"opt-a\"\nextends = \"capacity-building\"\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exp := func(opts string) string {
		return "scenario = \"a.toml\"\ndesign = \"montecarlo\"\nruns = 2\n[[levers]]\nscenarios = [" + opts + "]\n" +
			"[[outcomes]]\nname = \"g\"\nvariable = \"gmv\"\nyear = 2030\n"
	}
	path := filepath.Join(dir, "e.toml")
	if err := os.WriteFile(path, []byte(exp(`"a.toml", "b.toml", "agreement"`)), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(e.File.LeverScenarios(), " "); got != "opt-a opt-b agreement" {
		t.Errorf("lever scenarios %q, want opt-a opt-b agreement", got)
	}
	if err := os.WriteFile(path, []byte(exp(`"a.toml", "c.toml"`)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), `levers[0].scenarios[1]: "c.toml" is named "opt-a", as scenarios[0] is`) {
		t.Errorf("two options of one name: %v", err)
	}
}
