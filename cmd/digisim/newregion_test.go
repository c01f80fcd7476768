package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/digisim/digisim/workflow/studio"
)

// TestNewRegionEndToEnd takes a region that is not ASEAN (the made-up
// figures of scenarios/examples) from its CSV through init, validate, run,
// compare, sweep, analyze, plot, brief, export and the studio (its page and
// a run), and checks that no output, table, chart text, page, manifest or
// printed line names ASEAN or its data; and that every chart names the
// members as the scenario does (Argentina, not AR) and never draws two
// members in one colour (svgMembers).
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
	// One member's colour is set, to the first colour the charts give a
	// user's own policy: the policy must then take another. The region
	// has an observed history (made up, as its figures are), 2021 to the
	// base year: members' totals, and Paraguay's by segment.
	synth := strings.Replace(string(readFile(t, at("synth.toml"))), "[region.colours]\n", "[region.colours]\nUY = \"#332288\"\n", 1)
	synth = strings.Replace(synth, `observed = ""`, `observed = "synth-history.csv"`, 1)
	history := "# MADE-UP figures, as the region's\nregion_or_member,variable,segment,year,value,unit\n"
	for y, v := range map[int][3]float64{2021: {20e9, 65e9, 2.0e9}, 2022: {23e9, 75e9, 2.2e9}, 2023: {25e9, 83e9, 2.5e9}, 2024: {27.5e9, 90e9, 2.7e9}} {
		history += fmt.Sprintf("AR,gmv,total,%d,%g,USD\nBR,gmv,total,%d,%g,USD\nUY,gmv,total,%d,%g,USD\n", y, v[0], y, v[1], y, v[2])
		for _, seg := range []string{"ecommerce", "online_travel", "transport_food", "online_media"} {
			history += fmt.Sprintf("PY,gmv,%s,%d,0.25e9,USD\n", seg, y)
		}
	}
	for name, text := range map[string]string{"synth.toml": synth, "synth-history.csv": history} {
		if err := os.WriteFile(at(name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	step("validate", at("synth.toml"), "--strict")
	// Run, compare and sweep from the region's folder, naming files by
	// relative paths, as a user would; the folders they write are read
	// later from elsewhere.
	t.Chdir(dir)
	step("run", "synth.toml", "--charts", "--format", "svg", "--out", filepath.Join("o", "run"))
	step("compare", "synth.toml", "synth-no-coordination.toml", "--charts", "--format", "svg", "--out", filepath.Join("o", "cmp"))
	exp := `name = "synth-mc"
scenario = "../synth.toml"
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
against = "../synth-no-coordination.toml"
[[series]]
name = "gmv"
variable = "gmv"
`
	// The experiment lives in a folder of its own and names the scenarios
	// by paths from there.
	if err := os.Mkdir(at("experiments"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(at("experiments", "mc.toml"), []byte(exp), 0o644); err != nil {
		t.Fatal(err)
	}
	step("sweep", filepath.Join("experiments", "mc.toml"), "--out", filepath.Join("o", "mc"))
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
	// Every chart: members by name, each in its own colour, and the
	// colour set for UY is UY's.
	svgs := 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || filepath.Ext(p) != ".svg" {
			return err
		}
		svgs++
		svgMembers(t, strings.TrimPrefix(p, dir), string(readFile(t, p)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"o/run/charts/members.svg", "o/run/charts/capacity.svg", "o/run/charts/cross-border.svg",
		"o/cmp/charts/dividend.svg", "o/brief/slope.svg", "o/brief/waterfall.svg", "o/brief-run/members.svg"} {
		texts := strings.Join(svgTexts(string(readFile(t, at(p)))), "\n")
		for _, name := range []string{"Argentina", "Brazil", "Paraguay", "Uruguay"} {
			if !strings.Contains(texts, name) {
				t.Errorf("%s does not name %s", p, name)
			}
		}
	}
	if uy := svgLines(string(readFile(t, at("o", "brief", "slope.svg")))); !strings.Contains(strings.Join(uy, " "), "#332288") {
		t.Errorf("slope.svg: no line in UY's set colour #332288: %v", uy)
	}
	if pol := svgLines(string(readFile(t, at("o", "cmp", "charts", "scenarios.svg")))); strings.Contains(strings.Join(pol, " "), "#332288") {
		t.Errorf("scenarios.svg: a policy is drawn in UY's colour #332288: %v", pol)
	}
	t.Logf("%d charts checked", svgs)

	// The region's own history is drawn where ASEAN's is, joined to the
	// projection at the base year: 2021 sums 20 + 65 + 2 + 4 x 0.25 bn.
	for _, p := range []string{"o/mc/charts/fan-gmv.svg", "o/brief/fan_gmv.svg", "o/brief/policies.svg"} {
		if texts := strings.Join(svgTexts(string(readFile(t, at(p)))), " "); !strings.Contains(texts, "observed") || !strings.Contains(texts, "synth-history.csv") {
			t.Errorf("%s does not draw the region's observed history: %.300s", p, texts)
		}
	}
	fan := string(readFile(t, at("o", "brief", "fan_gmv.csv")))
	if !strings.Contains(fan, "\n2021,,,,,,8.8e+10\n") || !strings.Contains(fan, ",1.212e+11\n") {
		t.Errorf("fan_gmv.csv: want the observed 88e9 in 2021 and 121.2e9 in the base year 2024:\n%s", fan)
	}

	// The convergence chart's title says what both measures do, read
	// here from series.csv: the first and last Gini and CV of the run.
	first, last := map[string]float64{}, map[string]float64{}
	for _, line := range strings.Split(string(readFile(t, at("o", "run", "series.csv"))), "\n") {
		f := strings.Split(line, ",")
		if len(f) == 7 && (f[5] == "gini_gmv_per_head" || f[5] == "cv_gmv_per_head") {
			v, err := strconv.ParseFloat(f[6], 64)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := first[f[5]]; !ok {
				first[f[5]] = v
			}
			last[f[5]] = v
		}
	}
	conv := strings.Join(svgTexts(string(readFile(t, at("o", "run", "charts", "convergence.svg")))), " ")
	giniFalls, cvRises := last["gini_gmv_per_head"] < first["gini_gmv_per_head"], last["cv_gmv_per_head"] > first["cv_gmv_per_head"]
	if giniFalls && cvRises && (!strings.Contains(conv, "Gini falls while the spread across members widens") || strings.Contains(conv, "converge")) {
		t.Errorf("convergence.svg: the Gini falls (%v to %v) and the CV rises (%v to %v), but the chart says: %.200s",
			first["gini_gmv_per_head"], last["gini_gmv_per_head"], first["cv_gmv_per_head"], last["cv_gmv_per_head"], conv)
	}
	if !giniFalls || !cvRises {
		t.Errorf("the synthetic region's Gini and CV no longer part ways (first %v, last %v): check the convergence title the data now call for", first, last)
	}

	// Every folder keeps a copy of the history it drew, listed in its
	// manifest with the history's SHA-256 (sha256sum of the file).
	sum := sha256.Sum256([]byte(history))
	for _, o := range []string{"run", "cmp", "mc"} {
		if kept := readFile(t, at("o", o, "observed.csv")); string(kept) != history {
			t.Errorf("o/%s/observed.csv is not the history the run read", o)
		}
		if man := string(readFile(t, at("o", o, "manifest.json"))); !strings.Contains(man, `"sha256": "`+hex.EncodeToString(sum[:])+`"`) {
			t.Errorf("o/%s/manifest.json does not list the copy of the history with its sha256", o)
		}
	}
	// From another folder, analyze finds the experiment the sweep named
	// by a relative path; with the original history gone too, plot and
	// brief still draw the history, from the folders' copies, and warn
	// of nothing.
	t.Chdir(t.TempDir())
	if _, stderr, code, err := cli(t, "analyze", at("o", "mc")); code != 0 {
		t.Errorf("digisim analyze from another folder: exit %d, %v\n%s", code, err, stderr)
	}
	if err := os.Rename(at("synth-history.csv"), at("moved.csv")); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"plot", at("o", "mc"), "--chart", "fan", "--format", "svg", "--out", at("o", "away")},
		{"brief", at("o", "cmp"), "--sweep", at("o", "mc"), "--out", at("o", "brief-away")}} {
		if _, stderr, code, err := cli(t, args...); code != 0 || strings.Contains(stderr, "warning") {
			t.Errorf("digisim %s from another folder: exit %d, %v\n%s", args[0], code, err, stderr)
		}
	}
	for _, p := range []string{"o/away/fan-gmv.svg", "o/brief-away/fan_gmv.svg", "o/brief-away/policies.svg"} {
		if texts := strings.Join(svgTexts(string(readFile(t, at(p)))), " "); !strings.Contains(texts, "synth-history.csv") {
			t.Errorf("%s, drawn from another folder, leaves out the observed history: %.300s", p, texts)
		}
	}
	// A copy that is gone too: the brief says so, naming the file.
	if err := os.Remove(at("o", "cmp", "observed.csv")); err != nil {
		t.Fatal(err)
	}
	// Its fan and policies charts both draw the history: one warning.
	_, stderr, code, err := cli(t, "brief", at("o", "cmp"), "--sweep", at("o", "mc"), "--out", at("o", "brief-nohistory"))
	if code != 0 || !strings.Contains(stderr, "warning: "+at("o", "cmp", "observed.csv")) || !strings.Contains(stderr, "leave the history out") || strings.Count(stderr, "warning:") != 1 {
		t.Errorf("brief without the history anywhere: exit %d, %v; want a warning naming the copy:\n%s", code, err, stderr)
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

var (
	svgText   = regexp.MustCompile(`<text[^>]*>([^<]*)</text>`)
	svgPath   = regexp.MustCompile(`<path [^>]*style="([^"]*)"`)
	svgStroke = regexp.MustCompile(`stroke:(#[0-9A-Fa-f]{6})`)
	svgWidth  = regexp.MustCompile(`stroke-width:([0-9.]+)`)
	svgDashes = regexp.MustCompile(`stroke-dasharray:([0-9.,]+)`)
	// memberCode is a member's code standing alone in a chart's text.
	memberCode = regexp.MustCompile(`\b(AR|BR|PY|UY)\b`)
)

// svgTexts returns the text of a chart's text elements.
func svgTexts(svg string) []string {
	var out []string
	for _, m := range svgText.FindAllStringSubmatch(svg, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

// svgLines returns the style of each data line of a chart (colour, and
// dashes if any): the paths of the widest stroke, which gonum draws
// series with (axes, grid, ticks and event marks are thinner), leaving
// out the white of cell borders and the theme's axis and grid greys.
func svgLines(svg string) []string {
	type path struct {
		key   string
		width float64
	}
	var paths []path
	widest := 0.0
	for _, m := range svgPath.FindAllStringSubmatch(svg, -1) {
		c, w := svgStroke.FindStringSubmatch(m[1]), svgWidth.FindStringSubmatch(m[1])
		if c == nil || w == nil {
			continue
		}
		width, err := strconv.ParseFloat(w[1], 64)
		if err != nil {
			continue
		}
		key := strings.ToUpper(c[1])
		if key == "#FFFFFF" || key == "#666666" || key == "#DDDDDD" {
			continue
		}
		if d := svgDashes.FindStringSubmatch(m[1]); d != nil {
			key += " dashed " + d[1]
		}
		paths = append(paths, path{key, width})
		widest = max(widest, width)
	}
	var out []string
	for _, p := range paths {
		if p.width == widest {
			out = append(out, p.key)
		}
	}
	return out
}

// memberLabel is a text that labels a member's series: its name alone
// (a panel's title, a tick label) or beside a value ("US$787  Uruguay"),
// not a sentence that lists members.
var memberLabel = regexp.MustCompile(`^(?:\S*\d\S*\s+)?(Argentina|Brazil|Paraguay|Uruguay)(?:\s+\S*\d\S*)?$`)

// svgMembers checks one chart of the synthetic region: no text names a
// member by its code or a scenario by its file, and a chart whose series are two or more members
// draws each data line in its own style (a member's colour is never
// another's).
func svgMembers(t *testing.T, what, svg string) {
	t.Helper()
	texts := svgTexts(svg)
	labelled := map[string]bool{}
	for _, tx := range texts {
		if m := memberLabel.FindStringSubmatch(strings.TrimSpace(tx)); m != nil {
			labelled[m[1]] = true
		}
	}
	named := len(labelled)
	for _, tx := range texts {
		if m := memberCode.FindString(tx); m != "" {
			t.Errorf("%s: a member by its code %s, not its name: %q", what, m, tx)
		}
		if strings.Contains(tx, ".toml") {
			t.Errorf("%s: a scenario by its file's name, not its own: %q", what, tx)
		}
	}
	if named < 2 {
		return
	}
	seen := map[string]bool{}
	for _, key := range svgLines(svg) {
		if seen[key] {
			t.Errorf("%s: two lines drawn alike (%s): members share a colour", what, key)
		}
		seen[key] = true
	}
}
