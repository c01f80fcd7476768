package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digisim/digisim/internal/usage"
)

// TestAnalyzeFormat: analyze draws every chart (indices over time,
// tornadoes, fans) in the --format and at the --size asked, as plot does,
// and refuses --format or --size with --no-charts.
func TestAnalyzeFormat(t *testing.T) {
	dir := t.TempDir()
	exp := filepath.Join(dir, "sobol.toml")
	os.WriteFile(exp, []byte(`name = "sobol-series"
scenario = "agreement"
design = "sobol"
runs = 8
seed = 3
[[uncertainties]]
path = "segments.*.imitation"
distribution = "uniform"
min = 0.25
max = 0.55
[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.0
max = 0.5
[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030
[[series]]
name = "gmv"
variable = "gmv"
`), 0o644)
	out := filepath.Join(dir, "o")
	mustCLI(t, "sweep", exp, "--out", out)
	mustCLI(t, "analyze", out, "--format", "pdf", "--size", "square")
	files := chartFiles(t, filepath.Join(out, "charts"))
	if !strings.Contains(strings.Join(files, " "), "indices-over-time-gmv.pdf") {
		t.Errorf("analyze --format pdf drew %v", files)
	}
	for _, f := range files {
		if filepath.Ext(f) != ".pdf" {
			t.Errorf("analyze --format pdf drew %s", f)
		}
	}
	// Square: 14 x 14 cm is 396.85 points on each side.
	if b := readFile(t, filepath.Join(out, "charts", "indices-over-time-gmv.pdf")); !strings.Contains(string(b), "/MediaBox [0 0 396.85 396.85]") {
		t.Error("the indices-over-time PDF is not square")
	}
	_, err := runCLI(t, "analyze", out, "--no-charts", "--size", "page")
	var ue *usage.Error
	if err == nil || !errors.As(err, &ue) || !strings.Contains(err.Error(), "--size applies to the charts, which --no-charts leaves out") {
		t.Errorf("--no-charts --size: %v", err)
	}
}

// TestParseThresholds: --threshold's OUTCOME=NUMBER pairs, and a usage
// error naming the pair for anything else.
func TestParseThresholds(t *testing.T) {
	got, err := parseThresholds(" dividend = 250e9,gini_2035=0.19")
	if err != nil || len(got) != 2 || got["dividend"] != 250e9 || got["gini_2035"] != 0.19 {
		t.Errorf("got %v, %v; want dividend 250e9 and gini_2035 0.19", got, err)
	}
	if got, err := parseThresholds(""); err != nil || len(got) != 0 {
		t.Errorf("empty: got %v, %v; want no thresholds", got, err)
	}
	for _, bad := range []string{"dividend", "dividend=x", "dividend=NaN", "dividend=inf", "a=1,b"} {
		_, err := parseThresholds(bad)
		var u *usage.Error
		if !errors.As(err, &u) || !strings.Contains(err.Error(), "want OUTCOME=NUMBER") {
			t.Errorf("%q: %v, want a usage error asking for OUTCOME=NUMBER", bad, err)
		}
	}
}
