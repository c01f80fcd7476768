package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/series"
)

// cli runs the whole command line in-process and returns stdout, stderr,
// the exit status main would return, and the error.
func cli(t *testing.T, args ...string) (string, string, int, error) {
	t.Helper()
	var out, errb bytes.Buffer
	ctx := context.Background()
	err := run(ctx, args, &out, &errb)
	code := exitCode(ctx, err, &errb)
	return out.String(), errb.String(), code, err
}

func mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	out, stderr, code, err := cli(t, args...)
	if code != 0 {
		t.Fatalf("digisim %s: exit %d: %v\n%s", strings.Join(args, " "), code, err, stderr)
	}
	return out
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRunWritesTables: the default run writes its tables and summary, and
// twice gives byte-identical series.
func TestRunWritesTables(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	out := mustCLI(t, "run", "--out", a)
	for _, want := range []string{"Scenario defa-2025", "ecommerce", "2025", "2035", "Gini of GMV per head", "Tables written to"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	mustCLI(t, "run", "defa-2025", "--quiet", "--out", b)
	for _, f := range []string{"series.csv", "summary.csv", "cross_border.csv"} {
		if !bytes.Equal(readFile(t, filepath.Join(a, f)), readFile(t, filepath.Join(b, f))) {
			t.Errorf("%s differs between two runs", f)
		}
	}
	series := string(readFile(t, filepath.Join(a, "series.csv")))
	if !strings.HasPrefix(series, "scenario,time,member,segment,pillar,variable,value\n") {
		t.Errorf("series.csv header: %.80s", series)
	}
	for _, want := range []string{
		"defa-2025,2025,,ecommerce,,gmv,", "defa-2025,2035,,,,gini_gmv_per_head,",
		"defa-2025,2030,ID,,payments,capacity,", "defa-2025,2027,VN,transport_food,,transactions_per_day,",
	} {
		if !strings.Contains(series, want) {
			t.Errorf("series.csv has no row starting %q", want)
		}
	}
	m := string(readFile(t, filepath.Join(a, "manifest.json")))
	for _, want := range []string{`"scenario": "defa-2025"`, `"model": "v2"`, `"scenario_sha256"`, `"go_version"`, `"created"`, `"parameters"`} {
		if !strings.Contains(m, want) {
			t.Errorf("manifest lacks %s", want)
		}
	}
}

// TestBaseYearThroughTheCLI reads the seed figures back from series.csv of
// the default scenario: SEA-6 sums of 2018 GMV by segment, buyers, riders
// and trips (the e-Conomy SEA 2018 figures the model must reproduce).
func TestBaseYearThroughTheCLI(t *testing.T) {
	dir := t.TempDir()
	mustCLI(t, "run", "asean-2018", "--quiet", "--out", dir)
	rows := readCSV(t, filepath.Join(dir, "series.csv"))
	sea6 := map[string]bool{"ID": true, "MY": true, "PH": true, "SG": true, "TH": true, "VN": true}
	sum := map[string]float64{}
	for _, r := range rows[1:] {
		if r[1] != "2018" || !sea6[r[2]] {
			continue
		}
		v, _ := strconv.ParseFloat(r[6], 64)
		sum[r[5]+"/"+r[3]] += v
	}
	const tol = 1e-9 // sums of six shortest-repr decimals: rounding only
	for key, want := range map[string]float64{
		"gmv/ecommerce": 23e9, "gmv/online_travel": 30e9, "gmv/transport_food": 8e9, "gmv/online_media": 11e9,
		"users/ecommerce": 120e6, "users/transport_food": 35e6, "transactions_per_day/transport_food": 8e6,
	} {
		if got := sum[key]; relDiff(got, want) > tol {
			t.Errorf("2018 SEA-6 %s = %v, want %v", key, got, want)
		}
	}
}

func relDiff(a, b float64) float64 {
	d := (a - b) / b
	if d < 0 {
		return -d
	}
	return d
}

// TestCompare: a scenario against an unchanged copy of itself has a
// dividend of exactly zero (the same name twice is a usage error); binding
// rules against no coordination have a positive cumulative one.
func TestCompare(t *testing.T) {
	dir := t.TempDir()
	same := filepath.Join(dir, "same.toml")
	if err := os.WriteFile(same, []byte("name = \"same\"\nextends = \"agreement\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, code, _ := cli(t, "compare", "agreement", "agreement"); code != 2 {
		t.Errorf("compare agreement agreement: exit %d, want 2", code)
	}
	mustCLI(t, "compare", same, "agreement", "--out", filepath.Join(dir, "self"))
	rows := readCSV(t, filepath.Join(dir, "self", "dividend.csv"))
	if rows[0][7] != "dividend" || len(rows) < 1000 {
		t.Fatalf("dividend.csv: header %v, %d rows", rows[0], len(rows))
	}
	for _, r := range rows[1:] {
		if r[7] != "0" {
			t.Fatalf("self-comparison has a nonzero dividend: %v", r)
		}
	}
	out := mustCLI(t, "compare", "binding", "no-coordination", "--out", filepath.Join(dir, "b"))
	if !strings.Contains(out, "Coordination dividend of binding over no-coordination") {
		t.Errorf("printed table:\n%s", out)
	}
	rows = readCSV(t, filepath.Join(dir, "b", "dividend.csv"))
	last := rows[len(rows)-1]
	if last[4] != "cumulative_gmv" || last[1] != "" {
		t.Fatalf("last row is %v, want the regional cumulative GMV", last)
	}
	if d, _ := strconv.ParseFloat(last[7], 64); !(d > 0) {
		t.Errorf("cumulative dividend of binding over no-coordination = %v, want > 0", d)
	}
	// The series table holds both scenarios.
	s := string(readFile(t, filepath.Join(dir, "b", "series.csv")))
	if !strings.Contains(s, "\nbinding,2018,") || !strings.Contains(s, "\nno-coordination,2018,") {
		t.Error("series.csv of a comparison lacks one of the scenarios")
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	rows, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(rows) < 2 {
		t.Fatalf("%s: no rows", path)
	}
	return rows
}

// TestBadInputCLI: each mistake gets its message and exit status, and the
// output folder gets nothing.
func TestBadInputCLI(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("extends = \"agreement\"\n[policy]\nbusines_engagement = 0.8\n"), 0o644)
	other := filepath.Join(dir, "other.toml")
	os.WriteFile(other, []byte("extends = \"agreement\"\n[time]\nhorizon = 2030.0\n"), 0o644)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "no command given"},
		{[]string{"rnu"}, 2, `unknown command "rnu"; did you mean "run"?`},
		{[]string{"run", "a", "b"}, 2, "unexpected arguments: b"},
		{[]string{"run", "--bogus"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"compare", "agreement"}, 2, "missing arguments"},
		{[]string{"run", "agreemnt"}, 1, `did you mean "agreement"?`},
		{[]string{"run", bad}, 1, `policy.busines_engagement: unknown key; did you mean "business_engagement"?`},
		{[]string{"run", "--set", "policy.business_engagement=1.5"}, 1, "policy.business_engagement: 1.5 is outside [0, 1]"},
		{[]string{"run", "--set", "members.XX.population=5"}, 1, `no member "XX"`},
		{[]string{"run", "--set", "policy.business_engagement"}, 1, "--set"},
		{[]string{"compare", other, "agreement"}, 1, "different time axes"},
		{[]string{"compare", filepath.Join("..", "..", "scenarios", "testdata", "small.toml"), "agreement"}, 1, "have different members"},
		{[]string{"validate", filepath.Join(dir, "missing.toml")}, 1, "missing.toml"},
		{[]string{"sweep", "no-such-experiment"}, 1, "no shipped experiment"},
		{[]string{"analyze", dir}, 1, "manifest.json"},
	}
	for _, c := range cases {
		out := filepath.Join(dir, "out")
		args := c.args
		if len(args) > 0 && (args[0] == "run" || args[0] == "compare") {
			args = append(append([]string{}, args...), "--out", out)
		}
		_, stderr, code, err := cli(t, args...)
		if code != c.code || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("digisim %v: exit %d, err %v; want exit %d and %q", c.args, code, err, c.code, c.want)
		}
		if strings.Count(stderr, "digisim:") != 1 {
			t.Errorf("digisim %v: the error should be printed once:\n%s", c.args, stderr)
		}
		if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("digisim %v: wrote into the output folder", c.args)
			os.RemoveAll(out)
		}
	}
}

// TestHelp: every command answers --help with its synopsis and exit 0.
func TestHelp(t *testing.T) {
	out := mustCLI(t, "help")
	for name := range commands {
		if !strings.Contains(out, name) {
			t.Errorf("help does not list %s", name)
		}
		_, stderr, code, _ := cli(t, name, "--help")
		if code != 0 || !strings.Contains(stderr, "Usage: digisim "+name) {
			t.Errorf("%s --help: exit %d\n%s", name, code, stderr)
		}
	}
}

func TestInterruptExitCode(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := exitCode(ctx, context.Canceled, &bytes.Buffer{}); got != 130 {
		t.Errorf("exit code on interrupt = %d, want 130", got)
	}
}

// TestShippedInvariants: in every shipped scenario capacity stays in
// (0, 1] and effective coordination in [0, business engagement] at every
// output step (MODEL.md equations 2 and 3).
func TestShippedInvariants(t *testing.T) {
	for _, in := range scenarios.List() {
		sc, err := scenarios.Load(in.Name, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := sim.Run(sc.Params)
		if err != nil {
			t.Fatal(err)
		}
		beta := sc.Params.Policy.BusinessEngagement
		series.Each(res, func(r series.Record) {
			switch r.Variable {
			case "capacity":
				if !(r.Value > 0 && r.Value <= 1) {
					t.Fatalf("%s: %v %s %s capacity %v", in.Name, r.Time, r.Member, r.Pillar, r.Value)
				}
			case "coordination_mean":
				if r.Value < 0 || r.Value > beta*(1+1e-12) {
					t.Fatalf("%s: %v %s coordination %v outside [0, %v]", in.Name, r.Time, r.Member, r.Value, beta)
				}
			}
		})
	}
}

// validate --resolved prints only the JSON on stdout (the summary goes to
// stderr), so that it pipes into jq or json.load.
func TestValidateResolvedIsJSON(t *testing.T) {
	out, stderr, code, err := cli(t, "validate", "asean-2022", "--resolved")
	if code != 0 {
		t.Fatalf("exit %d: %v\n%s", code, err, stderr)
	}
	var js map[string]any
	if err := json.Unmarshal([]byte(out), &js); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%.200s", err, out)
	}
	if js["model"] != "v2" || !strings.Contains(stderr, "scenario   asean-2022: valid") {
		t.Errorf("model %v; stderr:\n%s", js["model"], stderr)
	}
	plain := mustCLI(t, "validate", "asean-2022")
	if !strings.Contains(plain, "model      v2") || strings.Contains(plain, `"pillars"`) {
		t.Errorf("validate without --resolved:\n%s", plain)
	}
}

// TestMaxSteps: a time.dt giving more than 10^7 steps is refused before
// the run, naming time.dt and the flag; --max-steps raises the bound
// (validate does not run, so 1.7e9 steps cost nothing here) and the next
// command starts from the default again.
func TestMaxSteps(t *testing.T) {
	_, _, code, err := cli(t, "validate", "agreement", "--set", "time.dt=1e-8")
	if code != 1 || err == nil || !strings.Contains(err.Error(), "time.dt") || !strings.Contains(err.Error(), "--max-steps") {
		t.Errorf("dt 1e-8: exit %d, %v; want exit 1 naming time.dt and --max-steps", code, err)
	}
	mustCLI(t, "validate", "agreement", "--set", "time.dt=1e-8", "--max-steps", "2000000000")
	if _, _, code, _ := cli(t, "validate", "agreement", "--set", "time.dt=1e-8"); code != 1 {
		t.Errorf("the bound did not return to its default: exit %d", code)
	}
	if _, _, code, _ := cli(t, "validate", "agreement", "--max-steps", "-1"); code != 2 {
		t.Errorf("--max-steps -1: exit %d, want 2", code)
	}
}
