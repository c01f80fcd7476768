package main

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/digisim/digisim/output/chart"
)

func chartFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// TestChartsFromEveryCommand: run, compare, sweep + analyze each leave the
// charts that fit their tables, and plot redraws them in another format.
func TestChartsFromEveryCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: draws 13 PNG charts through five commands (about 3 s); go test without -short runs it, as CI does")
	}
	dir := t.TempDir()
	r := filepath.Join(dir, "run")
	mustCLI(t, "run", "--quiet", "--charts", "--out", r)
	if got := strings.Join(chartFiles(t, filepath.Join(r, "charts")), " "); got != "capacity.png convergence.png cross-border.png gmv-by-segment.png members.png" {
		t.Errorf("run --charts drew %s", got)
	}
	c := filepath.Join(dir, "cmp")
	mustCLI(t, "compare", "binding", "no-coordination", "--charts", "--out", c)
	if got := strings.Join(chartFiles(t, filepath.Join(c, "charts")), " "); got != "capacity-binding.png capacity-no-coordination.png convergence.png dividend.png scenarios.png" {
		t.Errorf("compare --charts drew %s", got)
	}
	s := filepath.Join(dir, "sweep")
	mustCLI(t, "sweep", writeExperiment(t), "--out", s)
	out := mustCLI(t, "analyze", s)
	if !strings.Contains(out, "regression (src)") {
		t.Errorf("analyze printed:\n%s", out)
	}
	if got := strings.Join(chartFiles(t, filepath.Join(s, "charts")), " "); got != "fan-gmv.png tornado-dividend.png tornado-gmv_2030.png" {
		t.Errorf("analyze drew %s", got)
	}
	out = mustCLI(t, "plot", r, "--chart", "members", "--var", "online_share", "--format", "svg", "--size", "page", "--out", filepath.Join(dir, "svg"))
	if !strings.HasSuffix(strings.TrimSpace(out), "members.svg") {
		t.Errorf("plot printed %q", out)
	}
	b := readFile(t, filepath.Join(dir, "svg", "members.svg"))
	if !strings.Contains(string(b), "<svg") || !strings.Contains(string(b), "leads on share of population online") {
		t.Error("members.svg lacks its title")
	}
}

func TestPlotErrors(t *testing.T) {
	dir := t.TempDir()
	mustCLI(t, "run", "--quiet", "--out", dir)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"plot", dir, "--chart", "pie"}, 2, `unknown chart "pie"`},
		{[]string{"plot", dir, "--format", "gif"}, 2, "--format"},
		{[]string{"plot", dir, "--chart", "fan"}, 1, "needs tables this folder does not have: bands.csv"},
		{[]string{"plot", dir, "--chart", "members", "--var", "readiness"}, 1, "cannot be summed over segments"},
		{[]string{"plot", dir, "--chart", "capacity", "--year", "2031.5"}, 1, "--year 2031.5 is not an output time"},
		{[]string{"plot", filepath.Join(dir, "nope")}, 1, "is not an output folder"},
	}
	for _, c := range cases {
		_, _, code, err := cli(t, c.args...)
		if code != c.code || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("digisim %v: exit %d, %v; want exit %d and %q", c.args, code, err, c.code, c.want)
		}
	}
}

// TestAnalyzeMorrisAndOneParameter: a Morris sweep gets mu* in the
// outcome's unit and its tornado; a one-parameter sweep, with nothing to
// rank, still gets its sensitivity.csv and exit 0.
func TestAnalyzeMorrisAndOneParameter(t *testing.T) {
	dir := t.TempDir()
	morris := filepath.Join(dir, "morris.toml")
	os.WriteFile(morris, []byte(`scenario = "agreement"
design = "morris"
runs = 4
seed = 3
[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.05
max = 0.4
[[uncertainties]]
path = "policy.lag_years"
distribution = "uniform"
min = 1.0
max = 4.0
[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030
`), 0o644)
	out := filepath.Join(dir, "m")
	mustCLI(t, "sweep", morris, "--out", out)
	if got := mustCLI(t, "analyze", out); !strings.Contains(got, "gmv_2030: morris (mu_star)") {
		t.Errorf("analyze printed:\n%s", got)
	}
	rows := readCSV(t, filepath.Join(out, "sensitivity.csv"))
	measures := map[string]bool{}
	for _, r := range rows[1:] {
		measures[r[2]+"/"+r[3]] = true
	}
	for _, m := range []string{"morris/mu_star", "morris/mu", "morris/sigma", "regression/src", "regression/r2"} {
		if !measures[m] {
			t.Errorf("sensitivity.csv lacks %s", m)
		}
	}
	if got := strings.Join(chartFiles(t, filepath.Join(out, "charts")), " "); got != "tornado-gmv_2030.png" {
		t.Errorf("analyze drew %s", got)
	}

	one := filepath.Join(dir, "one.toml")
	os.WriteFile(one, []byte(`scenario = "agreement"
design = "lhs"
runs = 8
[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.05
max = 0.4
[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030
`), 0o644)
	out = filepath.Join(dir, "o")
	mustCLI(t, "sweep", one, "--out", out)
	mustCLI(t, "analyze", out)
	readFile(t, filepath.Join(out, "sensitivity.csv"))
}

func TestPlotFreeY(t *testing.T) {
	dir := t.TempDir()
	mustCLI(t, "run", "--quiet", "--out", dir)
	mustCLI(t, "plot", dir, "--chart", "members", "--free-y", "--format", "svg")
	if b := readFile(t, filepath.Join(dir, "charts", "members.svg")); !strings.Contains(string(b), "each member its own axis") {
		t.Error("--free-y did not give each member its own axis")
	}
}

// TestHeatMapOptionsOfOneLevel: two policy scenarios that reach the same
// coordination level keep rows of their own in the heat map, each cell
// the mean of its own runs (recomputed here from runs.csv), not one row
// that averages both; the scenarios are files from the experiment's
// folder, named by their name keys.
func TestHeatMapOptionsOfOneLevel(t *testing.T) {
	dir := t.TempDir()
	for file, text := range map[string]string{
		"p/a.toml": "name = \"rules-a\"\nextends = \"binding\"\n",
		"p/b.toml": "name = \"rules-b\"\nextends = \"binding\"\n[policy]\nspillover = 0.45\n",
		"x/e.toml": "name = \"tie\"\nscenario = \"../p/a.toml\"\ndesign = \"grid\"\nseed = 1\n" +
			"[[levers]]\nscenarios = [\"../p/a.toml\", \"../p/b.toml\"]\n" +
			"[[levers]]\npath = \"policy.business_engagement\"\nvalues = [0.2, 0.8]\n" +
			"[[outcomes]]\nname = \"dividend\"\ncumulative = true\nagainst = \"no-coordination\"\n",
	} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(file)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, file), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := filepath.Join(dir, "o")
	mustCLI(t, "sweep", filepath.Join(dir, "x", "e.toml"), "--out", s)
	mustCLI(t, "plot", s, "--chart", "heatmap", "--format", "svg")
	svg := strings.Join(svgTexts(string(readFile(t, filepath.Join(s, "charts", "heatmap-dividend.svg")))), "\n")
	rows := strings.Split(strings.TrimSpace(string(readFile(t, filepath.Join(s, "runs.csv")))), "\n")
	if len(rows) != 5 || rows[0] != "run,design_point,replicate,scenario,policy.business_engagement,dividend" {
		t.Fatalf("runs.csv: %q", rows)
	}
	for _, r := range rows[1:] {
		f := strings.Split(r, ",")
		v, err := strconv.ParseFloat(f[5], 64)
		if err != nil {
			t.Fatal(err)
		}
		if cell := chart.Money(v); !strings.Contains(svg, "\n"+cell+"\n") {
			t.Errorf("no cell %s (%s at engagement %s, one run each) in the heat map:\n%s", cell, f[3], f[4], svg)
		}
	}
	for _, name := range []string{"Rules a", "Rules b"} {
		if !strings.Contains(svg, "\n"+name+"\n") {
			t.Errorf("no row %q in the heat map:\n%s", name, svg)
		}
	}
}
