package main

import (
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digisim/digisim/workflow/studio"
)

// TestNewRegionEndToEnd takes a region that is not ASEAN (the made-up
// figures of scenarios/examples) from its CSV through init, validate, run,
// compare, sweep, analyze, plot, brief, export and the studio (its page and
// a run), and checks that no output, table, chart text, page, manifest or
// printed line names ASEAN or its data.
func TestNewRegionEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: eleven commands and the studio, end to end (about 1.5 s); go test without -short runs it, as CI does")
	}
	dir := t.TempDir()
	csvPath, err := filepath.Abs("../../scenarios/examples/synthetic-figures.csv")
	if err != nil {
		t.Fatal(err)
	}
	at := func(p ...string) string { return filepath.Join(append([]string{dir}, p...)...) }
	var printed strings.Builder
	step := func(args ...string) {
		t.Helper()
		printed.WriteString(mustCLI(t, args...))
	}
	step("init", "synth", "--members", "AR,BR,PY,UY", "--from", csvPath, "--out", dir)
	step("validate", at("synth.toml"), "--strict")
	step("run", at("synth.toml"), "--charts", "--format", "svg", "--out", at("o", "run"))
	step("compare", at("synth.toml"), at("synth-no-coordination.toml"), "--charts", "--format", "svg", "--out", at("o", "cmp"))
	exp := `name = "synth-mc"
scenario = "synth.toml"
design = "montecarlo"
runs = 16
seed = 7
[[uncertainties]]
path = "segments.*.imitation"
distribution = "uniform"
min = 0.25
max = 0.55
[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.03
max = 0.2
[[outcomes]]
name = "dividend"
variable = "gmv"
cumulative = true
against = "synth-no-coordination.toml"
[[series]]
name = "gmv"
variable = "gmv"
`
	if err := os.WriteFile(at("mc.toml"), []byte(exp), 0o644); err != nil {
		t.Fatal(err)
	}
	step("sweep", at("mc.toml"), "--out", at("o", "mc"))
	step("analyze", at("o", "mc"))
	step("plot", at("o", "mc"), "--format", "svg")
	step("brief", at("o", "cmp"), "--sweep", at("o", "mc"), "--out", at("o", "brief"))
	step("brief", at("o", "run"), "--out", at("o", "brief-run"))
	step("export", at("o", "cmp"), "--out", at("o", "cmp-iamc.csv"))
	step("export", at("o", "mc"), "--out", at("o", "mc-iamc.csv"))

	// The studio on the region's folder: its page, the description and a
	// run of the region, whose counterfactual is the twin init wrote.
	srv, err := studio.New(studio.Options{Scenario: "synth.toml", Folder: dir})
	if err != nil {
		t.Fatal(err)
	}
	web := httptest.NewServer(srv)
	defer web.Close()
	pages := map[string]string{}
	for _, path := range []string{"/", "/app.js", "/style.css", "/api/describe?scenario=synth.toml"} {
		resp, err := http.Get(web.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("studio GET %s: %d %s", path, resp.StatusCode, b)
		}
		pages[path] = string(b)
	}
	// The studio draws every member in its own colour, under its name.
	var desc struct {
		Members []struct{ ID, Name, Colour string } `json:"members"`
	}
	if err := json.Unmarshal([]byte(pages["/api/describe?scenario=synth.toml"]), &desc); err != nil {
		t.Fatal(err)
	}
	colours := map[string]string{}
	for _, m := range desc.Members {
		if prev, dup := colours[m.Colour]; dup {
			t.Errorf("studio: %s and %s are both %s", prev, m.ID, m.Colour)
		}
		colours[m.Colour] = m.ID
	}
	if len(desc.Members) != 4 || desc.Members[0].Name != "Argentina" {
		t.Errorf("studio members %+v", desc.Members)
	}
	resp, err := http.Post(web.URL+"/api/run", "application/json", strings.NewReader(`{"scenario": "synth.toml"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `"against":"synth-no-coordination.toml"`) {
		t.Errorf("studio run of synth.toml: %d, want its twin as the counterfactual: %.300s", resp.StatusCode, b)
	}
	pages["/api/run"] = string(b)

	banned := []string{"ASEAN", "SEA-6", "SEA6", "e-Conomy", "DEFA"}
	check := func(what, text string) {
		t.Helper()
		for _, b := range banned {
			if i := strings.Index(text, b); i >= 0 {
				t.Errorf("%s names %q: ...%s...", what, b, text[max(0, i-60):min(len(text), i+40)])
			}
		}
	}
	check("printed output", printed.String())
	for path, text := range pages {
		check("studio "+path, text)
	}
	kinds := map[string]int{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ext := filepath.Ext(p)
		switch ext {
		case ".csv", ".json", ".svg", ".html", ".md", ".toml":
		default:
			return nil // parquet and png: their text is the csv's and the svg's
		}
		kinds[ext]++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		check(strings.TrimPrefix(p, dir), string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The walk saw every kind of output: an empty folder would pass.
	for _, ext := range []string{".csv", ".json", ".svg", ".html", ".md", ".toml"} {
		if kinds[ext] == 0 {
			t.Errorf("no %s file among the outputs: %v", ext, kinds)
		}
	}
	// The region is named by its members, and its own data are credited.
	md := string(readFile(t, at("o", "brief", "brief.md")))
	if !strings.Contains(md, "Argentina, Brazil, Paraguay and Uruguay") || !strings.Contains(md, "synthetic-figures.csv") {
		t.Errorf("brief.md does not name the members or the figures file:\n%s", md[:min(len(md), 600)])
	}
	iamc := string(readFile(t, at("o", "cmp-iamc.csv")))
	if !strings.Contains(iamc, ",Argentina, Brazil, Paraguay and Uruguay,") && !strings.Contains(iamc, `,"Argentina, Brazil, Paraguay and Uruguay",`) {
		t.Errorf("the IAMC export has no regional rows under the region's name")
	}
}
