package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digisim/digisim/output/manifest"
)

// TestBriefCLI: digisim brief writes brief.html, brief.md and the charts
// of a compare folder and of a run folder; run and compare write
// headline.csv even with --quiet, and --charts takes --format and --size.
func TestBriefCLI(t *testing.T) {
	dir := t.TempDir()
	c := filepath.Join(dir, "cmp")
	mustCLI(t, "compare", "binding", "no-coordination", "--out", c, "--charts", "--format", "svg", "--size", "page")
	if got := strings.Join(chartFiles(t, filepath.Join(c, "charts")), " "); got != "capacity-binding.svg capacity-no-coordination.svg convergence.svg dividend.svg scenarios.svg" {
		t.Errorf("compare --charts --format svg drew %s", got)
	}
	out := mustCLI(t, "brief", c)
	if !strings.Contains(out, filepath.Join(c, "brief", "brief.html")) {
		t.Errorf("brief says %q", out)
	}
	for _, f := range []string{"brief.html", "brief.md", "dividend_share.svg", "waterfall.svg"} {
		if _, err := os.Stat(filepath.Join(c, "brief", f)); err != nil {
			t.Error(err)
		}
	}
	// The brief and the version command name one version, from the build
	// (a test binary records no VCS revision: the explicit wording).
	v := manifest.Version()
	for _, cmd := range []string{"version", "--version"} {
		if ver := mustCLI(t, cmd); !strings.HasPrefix(ver, "digisim "+v+", built with go") {
			t.Errorf("%s says %q, want digisim %s", cmd, ver, v)
		}
	}
	if md, err := os.ReadFile(filepath.Join(c, "brief", "brief.md")); err != nil || !strings.Contains(string(md), "digisim "+v+".") || strings.Contains(string(md), "devel") {
		t.Errorf("brief.md does not name digisim %s (or says devel): %v", v, err)
	}
	r := filepath.Join(dir, "run")
	if out := mustCLI(t, "run", "--quiet", "--out", r); out != "" {
		t.Errorf("run --quiet printed %q", out)
	}
	for _, d := range []string{r, c} {
		if _, err := os.Stat(filepath.Join(d, "headline.csv")); err != nil {
			t.Error(err)
		}
	}
	mustCLI(t, "brief", r, "--out", filepath.Join(dir, "b"), "--title", "The agreement")
	if b, err := os.ReadFile(filepath.Join(dir, "b", "brief.md")); err != nil || !strings.HasPrefix(string(b), "# The agreement\n") {
		t.Errorf("brief --title: %q, %v", b, err)
	}
	for _, cs := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"brief"}, 2, "brief"},
		{[]string{"brief", dir}, 1, "no tables of digisim run or compare"},
		{[]string{"brief", c, "--sweep", r}, 1, "records no experiment"},
		{[]string{"run", "--quiet", "--out", r, "--size", "page"}, 2, "--size applies to the charts: add --charts"},
		{[]string{"compare", "binding", "no-coordination", "--out", c, "--charts", "--format", "gif"}, 2, "--format"},
	} {
		_, _, code, err := cli(t, cs.args...)
		if code != cs.code || err == nil || !strings.Contains(err.Error(), cs.want) {
			t.Errorf("digisim %v: exit %d, %v; want exit %d and %q", cs.args, code, err, cs.code, cs.want)
		}
	}
}
