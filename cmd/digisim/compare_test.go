package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompareSaysWhatDiffers: compare prints and records (differences.csv)
// what the policy and its counterfactual differ in and from when, and
// sums the dividend from that year: DEFA's schedule parts from the
// agreement's after 2026; against no coordination it differs from the
// start, so the sum runs from the first year after the base year.
func TestCompareSaysWhatDiffers(t *testing.T) {
	dir := t.TempDir()
	out := mustCLI(t, "compare", "defa-binding", "asean-2022", "--out", filepath.Join(dir, "defa"))
	for _, want := range []string{
		"defa-binding differs from asean-2022 in:",
		"policy.coordination.* (11 keys): [[2018,0.2],[2021,0.2],[2022,0.5],[2026,0.5],[2030,1]] vs [[2018,0.2],[2021,0.2],[2022,0.5]], from 2026",
		"cumulative GMV 2026-2035",
		"Cumulative GMV: 2026-2035, sum of annual GMV, nominal USD, undiscounted.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("compare defa-binding asean-2022 does not print %q:\n%s", want, out)
		}
	}
	rows := readCSV(t, filepath.Join(dir, "defa", "differences.csv"))
	if strings.Join(rows[0], ",") != "path,count,policy,base,from" || len(rows) != 2 || rows[1][0] != "policy.coordination.*" || rows[1][1] != "11" || rows[1][4] != "2026" {
		t.Errorf("differences.csv: %v", rows)
	}
	man := string(readFile(t, filepath.Join(dir, "defa", "manifest.json")))
	for _, want := range []string{`"differences"`, `"cumulative"`, `"from": 2026`, `"defa-binding": "DEFA's binding rules"`} {
		if !strings.Contains(man, want) {
			t.Errorf("manifest.json lacks %s", want)
		}
	}
	out = mustCLI(t, "compare", "asean-2022", "no-coordination-2022", "--out", filepath.Join(dir, "agreement"))
	if !strings.Contains(out, "from the start") || !strings.Contains(out, "cumulative GMV 2023-2035") {
		t.Errorf("compare asean-2022 no-coordination-2022:\n%s", out)
	}
}

// TestCompareFiles: compare takes scenario files by their paths from the
// working directory and calls them by their name keys (the output folder,
// the dividend's scenario columns), not by their files' names; a path
// that names no file says where it looked and the fix.
func TestCompareFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "regions"), 0o755); err != nil {
		t.Fatal(err)
	}
	for file, text := range map[string]string{
		"regions/p.toml":  "name = \"my-policy\"\nextends = \"agreement\"\n",
		"regions/cf.toml": "name = \"my-counterfactual\"\nextends = \"no-coordination\"\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	mustCLI(t, "compare", "regions/p.toml", "regions/cf.toml", "--quiet")
	out := filepath.Join("out", "my-policy-vs-my-counterfactual")
	series := string(readFile(t, filepath.Join(out, "series.csv")))
	if !strings.Contains(series, "my-policy,") || !strings.Contains(series, "my-counterfactual,") || strings.Contains(series, ".toml") {
		t.Errorf("%s/series.csv does not call the scenarios by their names: %.200s", out, series)
	}
	_, stderr, code, _ := cli(t, "compare", "regions/p.toml", "regions/nope.toml")
	if code != 1 || !strings.Contains(stderr, `scenario file "regions/nope.toml" not found (looked for `+filepath.Join(dir, "regions", "nope.toml")+"): give its path from the working directory") {
		t.Errorf("a missing counterfactual: exit %d, %s", code, stderr)
	}
}
