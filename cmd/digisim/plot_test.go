package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
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
	if !strings.Contains(string(b), "<svg") || !strings.Contains(string(b), "Share of population online by member") {
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
