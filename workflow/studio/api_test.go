package studio_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/workflow/studio"
)

// newServer serves a studio over a folder holding one user scenario
// (mine.toml, extending the shipped agreement) and a file beside the
// folder that must stay out of reach.
func newServer(t testing.TB) (*httptest.Server, string) {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "mine")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	mine := "name = \"mine\"\ndescription = \"agreement with strong engagement\"\nextends = \"agreement\"\n\n[policy]\nbusiness_engagement = 0.7\n"
	if err := os.WriteFile(filepath.Join(dir, "mine.toml"), []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "secret.toml"), []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := studio.New(studio.Options{Folder: dir})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv, dir
}

func post(t testing.TB, url string, body []byte) (int, []byte) {
	t.Helper()
	resp, err := http.Post(url+"/api/run", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

func postJSON(t testing.TB, url string, set studio.Settings) (int, []byte) {
	t.Helper()
	body, err := json.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	return post(t, url, body)
}

// TestBadRequests sends what a careless or hostile client might and wants
// a 4xx naming the problem for each, with the server still answering a
// good request after every one.
func TestBadRequests(t *testing.T) {
	srv, _ := newServer(t)
	good := func() {
		t.Helper()
		code, body := postJSON(t, srv.URL, studio.Settings{Scenario: "agreement"})
		if code != http.StatusOK {
			t.Fatalf("a good request after a bad one: %d %s", code, body)
		}
	}
	huge := append([]byte(`{"scenario": "agreement", "set": {"policy.business_engagement": 0.5}, "x": "`), bytes.Repeat([]byte("a"), 1<<20)...)
	huge = append(huge, `"}`...)
	for _, c := range []struct {
		name   string
		body   string
		status int
		want   string // in the error message
	}{
		{"out of range", `{"scenario": "agreement", "set": {"policy.business_engagement": 1.5}}`, 400, "policy.business_engagement: 1.5 is outside [0, 1]"},
		{"negative investment", `{"scenario": "agreement", "set": {"members.KH.investment.*": -0.1}}`, 400, "members.KH.investment.*: -0.1 is outside [0, 10]"},
		{"open range end", `{"scenario": "agreement", "set": {"policy.lag_years": 0}}`, 400, "policy.lag_years: 0 is outside (0, 100]"},
		{"unknown key", `{"scenario": "agreement", "set": {"policy.busines_engagement": 0.5}}`, 400, `unknown key "policy.busines_engagement"; did you mean "policy.business_engagement"?`},
		{"a key the studio does not set", `{"scenario": "agreement", "set": {"time.dt": 1e-9}}`, 400, `unknown key "time.dt"`},
		{"unknown field", `{"scenario": "agreement", "sett": {}}`, 400, `unknown field "sett"`},
		{"not JSON", `scenario=agreement`, 400, "settings:"},
		{"two objects", `{"scenario": "agreement"}{"scenario": "agreement"}`, 400, "one JSON object"},
		{"huge body", string(huge), 413, "request body over 65536 bytes"},
		{"level above 1", `{"scenario": "agreement", "coordination": {"*": [[2018, 0.2], [2022, 1.2]]}}`, 400, "level 1.2 is outside [0, 1]"},
		{"years not increasing", `{"scenario": "agreement", "coordination": {"payments": [[2022, 0.2], [2018, 0.5]]}}`, 400, "years must increase"},
		{"three numbers", `{"scenario": "agreement", "coordination": {"*": [[2018, 0.2, 9]]}}`, 400, "want a [year, level] pair"},
		{"unknown pillar", `{"scenario": "agreement", "coordination": {"paymnts": [[2018, 0.2]]}}`, 400, `unknown pillar "paymnts"; did you mean "payments"?`},
		{"path traversal", `{"scenario": "../secret.toml"}`, 403, "reads only shipped scenarios and the files of its folder"},
		{"absolute path", `{"scenario": "/etc/passwd"}`, 403, "reads only shipped scenarios"},
		{"counterfactual outside", `{"scenario": "agreement", "against": "../secret.toml"}`, 403, "reads only shipped scenarios"},
		{"a file not in the folder", `{"scenario": "secret.toml"}`, 404, `no scenario "secret.toml"`},
		{"no scenario", `{}`, 400, "no scenario given"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, body := post(t, srv.URL, []byte(c.body))
			var e struct{ Error string }
			_ = json.Unmarshal(body, &e)
			if code != c.status || !strings.Contains(e.Error, c.want) {
				t.Errorf("got %d %q, want %d with %q", code, e.Error, c.status, c.want)
			}
			good()
		})
	}
	// Another content type, another Host (DNS rebinding).
	resp, err := http.Post(srv.URL+"/api/run", "text/plain", strings.NewReader(`{"scenario": "agreement"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain settings: %d, want 415", resp.StatusCode)
	}
	// Media types are case-insensitive, and may carry parameters.
	for _, ct := range []string{"APPLICATION/JSON", "Application/Json; charset=UTF-8"} {
		resp, err := http.Post(srv.URL+"/api/run", ct, strings.NewReader(`{"scenario": "agreement"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("Content-Type %s: %d, want 200", ct, resp.StatusCode)
		}
	}
	req, _ := http.NewRequest("GET", srv.URL+"/api/scenarios", nil)
	req.Host = "evil.example:8080"
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("Host evil.example: %d, want 421", resp.StatusCode)
	}
	for _, q := range []string{"..%2Fsecret.toml", "%2Fetc%2Fpasswd", "nope"} {
		resp, err := http.Get(srv.URL + "/api/describe?scenario=" + q)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 403 && resp.StatusCode != 404 {
			t.Errorf("describe %s: %d, want 403 or 404", q, resp.StatusCode)
		}
	}
	good()
}

// TestRunMatchesSim checks that the API's numbers are those of sim.Run on
// the same settings (loaded as digisim run --set loads them), and that
// the scenario file it returns loads with scenarios.Load and reproduces
// them: for a shipped scenario and for a file of the folder.
func TestRunMatchesSim(t *testing.T) {
	srv, dir := newServer(t)
	for _, c := range []struct {
		name string
		set  studio.Settings
		sets []string // the same as --set strings
	}{
		{"levers and an uncertainty", studio.Settings{Scenario: "agreement",
			Set: map[string]float64{"policy.business_engagement": 0.8, "members.KH.investment.*": 0.12, "policy.lag_years": 3}},
			[]string{"policy.business_engagement=0.8", "members.KH.investment.*=0.12", "policy.lag_years=3"}},
		// The baseline's run is cached by its overrides: another lag must
		// give another baseline.
		{"another lag", studio.Settings{Scenario: "agreement", Set: map[string]float64{"policy.lag_years": 5}},
			[]string{"policy.lag_years=5"}},
		{"the scenario's own lag", studio.Settings{Scenario: "agreement"}, nil},
		{"schedules", studio.Settings{Scenario: "binding", Against: "asean-2018",
			Coordination: map[string][][]float64{"*": {{2018, 0.2}, {2024, 0.2}, {2025, 0.6}}, "payments": {{2018, 0.3}, {2020, 1}}}},
			[]string{"policy.coordination.*=[[2018.0, 0.2], [2024.0, 0.2], [2025.0, 0.6]]", "policy.coordination.payments=[[2018.0, 0.3], [2020.0, 1.0]]"}},
		{"a folder file", studio.Settings{Scenario: "mine.toml", Set: map[string]float64{"policy.spillover": 0.5}},
			[]string{"policy.spillover=0.5"}},
		{"investment: a default, and every key where the base names pillars", studio.Settings{Scenario: "capacity-building",
			Set: map[string]float64{"members.ID.investment.*": 0.04, "members.KH.investment.*": 0.1}},
			[]string{"members.ID.investment.*=0.04", "members.KH.investment.*=0.1"}},
		{"nothing changed", studio.Settings{Scenario: "capacity-building", Set: map[string]float64{"policy.business_engagement": 0.4}}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, body := postJSON(t, srv.URL, c.set)
			if code != 200 {
				t.Fatalf("%d %s", code, body)
			}
			var got studio.Result
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			ref := c.set.Scenario
			if strings.HasSuffix(ref, ".toml") {
				ref = filepath.Join(dir, ref)
			}
			against := c.set.Against
			if against == "" {
				against = "no-coordination"
			}
			var againstSets []string
			if v, ok := c.set.Set["policy.spillover"]; ok {
				againstSets = append(againstSets, "policy.spillover="+jsonNum(v))
			}
			if v, ok := c.set.Set["policy.lag_years"]; ok {
				againstSets = append(againstSets, "policy.lag_years="+jsonNum(v))
			}
			want := runResult(t, ref, c.sets, against, againstSets)
			compareResults(t, "API vs sim.Run", &got, want)

			// The scenario file: saved beside its base, it loads and
			// reproduces the numbers.
			file := filepath.Join(t.TempDir(), got.File)
			if strings.HasSuffix(c.set.Scenario, ".toml") {
				file = filepath.Join(dir, got.File)
			}
			if err := os.WriteFile(file, []byte(got.TOML), 0o644); err != nil {
				t.Fatal(err)
			}
			fromFile := runResult(t, file, nil, against, againstSets)
			compareResults(t, "scenario file vs API", &got, fromFile)
			if c.set.Scenario == "capacity-building" && c.sets != nil &&
				(!strings.Contains(got.TOML, "members.KH.investment.payments = 0.1\n") || !strings.Contains(got.TOML, "members.ID.investment.payments = 0.04\n")) {
				t.Errorf("investment not written at each pillar's key:\n%s", got.TOML)
			}
			if c.sets == nil && strings.Count(got.TOML, " = ") != 3 {
				t.Errorf("nothing changed, yet the file sets more than name, description and extends:\n%s", got.TOML)
			}
		})
	}
}

func jsonNum(v float64) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func runResult(t *testing.T, ref string, sets []string, against string, againstSets []string) *studio.Result {
	t.Helper()
	sc, err := scenarios.Load(ref, sets)
	if err != nil {
		t.Fatal(err)
	}
	bc, err := scenarios.Load(against, againstSets)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := sim.Run(sc.Params)
	if err != nil {
		t.Fatal(err)
	}
	br, err := sim.Run(bc.Params)
	if err != nil {
		t.Fatal(err)
	}
	return studio.Assemble(pr, br)
}

// compareResults compares every number of two Results to 1e-9 relative.
func compareResults(t *testing.T, what string, got, want *studio.Result) {
	t.Helper()
	vec := func(name string, a, b []float64) {
		if len(a) != len(b) {
			t.Errorf("%s: %s has %d values, want %d", what, name, len(a), len(b))
			return
		}
		for k := range a {
			if !near(a[k], b[k]) {
				t.Errorf("%s: %s[%d] = %v, want %v", what, name, k, a[k], b[k])
				return
			}
		}
	}
	vec("times", got.Times, want.Times)
	for s := range want.RegionGMV {
		vec("region_gmv", got.RegionGMV[s], want.RegionGMV[s])
	}
	for i := range want.MemberGMV {
		vec("member_gmv", got.MemberGMV[i], want.MemberGMV[i])
	}
	vec("dividend", got.Dividend, want.Dividend)
	vec("dividend_members", got.DividendMembers, want.DividendMembers)
	vec("gini", got.Gini, want.Gini)
	vec("gini_against", got.GiniAgainst, want.GiniAgainst)
	vec("capacity_gap", got.CapacityGap, want.CapacityGap)
	for k := range want.Headline {
		if got.Headline[k].Key != want.Headline[k].Key || !near(got.Headline[k].Value, want.Headline[k].Value) {
			t.Errorf("%s: headline %+v, want %+v", what, got.Headline[k], want.Headline[k])
		}
	}
}

// TestDescribeFromSchema checks that a control's label, unit and ranges
// are those scenarios.Path gives.
func TestDescribeFromSchema(t *testing.T) {
	srv, _ := newServer(t)
	resp, err := http.Get(srv.URL + "/api/describe?scenario=mine.toml")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var d studio.Description
	if err := json.NewDecoder(resp.Body).Decode(&d); err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Load("agreement", []string{"policy.business_engagement=0.7"})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, c := range d.Controls {
		prm, err := scenarios.Path(sc.Params, c.Key)
		if err != nil {
			t.Fatalf("%s: %v", c.Key, err)
		}
		if c.Lo != prm.Lo || c.Hi != prm.Hi || c.Unit != prm.Unit || c.Value != prm.Get(sc.Params) {
			t.Errorf("%s: %+v, schema gives [%v, %v] %q value %v", c.Key, c, prm.Lo, prm.Hi, prm.Unit, prm.Get(sc.Params))
		}
		if c.Key == "policy.business_engagement" {
			seen++
			if c.Label != prm.Label || c.Value != 0.7 {
				t.Errorf("business engagement: %+v", c)
			}
		}
	}
	if seen != 1 || len(d.Members) != 10 || len(d.Pillars) != 11 {
		t.Errorf("describe: %d business engagement controls, %d members, %d pillars", seen, len(d.Members), len(d.Pillars))
	}
}

// BenchmarkSliderUpdate is one slider move end to end: the request over
// loopback HTTP, the checks, both runs and the JSON response read back.
func BenchmarkSliderUpdate(b *testing.B) {
	srv, _ := newServer(b)
	body, _ := json.Marshal(studio.Settings{Scenario: "agreement", Set: map[string]float64{"policy.business_engagement": 0.8}})
	b.ResetTimer()
	for b.Loop() {
		code, out := post(b, srv.URL, body)
		if code != 200 {
			b.Fatalf("%d %s", code, out)
		}
		var r studio.Result
		if err := json.Unmarshal(out, &r); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRunBounds: a folder scenario whose run would exceed the per-request
// bound on steps is refused with a 422 before running, and the server
// keeps serving.
func TestRunBounds(t *testing.T) {
	srv, dir := newServer(t)
	huge := "name = \"huge\"\ndescription = \"a tiny step\"\nextends = \"agreement\"\n\n[time]\ndt = 1e-5\n"
	if err := os.WriteFile(filepath.Join(dir, "huge.toml"), []byte(huge), 0o644); err != nil {
		t.Fatal(err)
	}
	code, body := postJSON(t, srv.URL, studio.Settings{Scenario: "huge.toml"})
	if code != http.StatusUnprocessableEntity || !strings.Contains(string(body), "beyond what the studio runs per request") {
		t.Errorf("huge run: %d %s", code, body)
	}
	if code, body := postJSON(t, srv.URL, studio.Settings{Scenario: "agreement"}); code != 200 {
		t.Errorf("after the huge run: %d %s", code, body)
	}
}

// TestConcurrentUsers: requests with different settings at once each get
// the numbers of their own settings.
func TestConcurrentUsers(t *testing.T) {
	srv, _ := newServer(t)
	const users = 6
	type answer struct {
		beta float64
		res  studio.Result
		err  string
	}
	answers := make(chan answer, users)
	for u := range users {
		beta := 0.05 + 0.15*float64(u) // never 0.4, the agreement's own
		go func() {
			body, _ := json.Marshal(studio.Settings{Scenario: "agreement", Set: map[string]float64{"policy.business_engagement": beta}})
			resp, err := http.Post(srv.URL+"/api/run", "application/json", bytes.NewReader(body))
			a := answer{beta: beta}
			if err != nil {
				a.err = err.Error()
				answers <- a
				return
			}
			defer resp.Body.Close()
			if err := json.NewDecoder(resp.Body).Decode(&a.res); err != nil || resp.StatusCode != 200 {
				a.err = fmt.Sprintf("%d %v", resp.StatusCode, err)
			}
			answers <- a
		}()
	}
	for range users {
		a := <-answers
		if a.err != "" {
			t.Errorf("beta %v: %s", a.beta, a.err)
			continue
		}
		want := runResult(t, "agreement", []string{"policy.business_engagement=" + jsonNum(a.beta)}, "no-coordination", nil)
		compareResults(t, fmt.Sprintf("user with beta %v", a.beta), &a.res, want)
		if !strings.Contains(a.res.TOML, "policy.business_engagement = "+jsonNum(a.beta)) {
			t.Errorf("beta %v: the scenario file is another user's:\n%s", a.beta, a.res.TOML)
		}
	}
}

// TestCounterfactual: without --against, a scenario's dividend is taken
// over the shipped no-coordination scenario on its own time axis.
func TestCounterfactual(t *testing.T) {
	s, err := studio.New(studio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[string]string{"agreement": "no-coordination", "binding": "no-coordination", "defa-binding": "no-coordination-2022", "capacity-building-2022": "no-coordination-2022"} {
		sc, err := scenarios.Load(ref, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Counterfactual(sc.Params); got != want {
			t.Errorf("%s: counterfactual %s, want %s", ref, got, want)
		}
	}
	fixed, err := studio.New(studio.Options{Against: "asean-2018"})
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := scenarios.Load("defa-binding", nil)
	if got := fixed.Counterfactual(sc.Params); got != "asean-2018" {
		t.Errorf("with --against asean-2018: %s", got)
	}
}

// TestAgainstOptions: the counterfactual list holds only scenarios whose
// runs can be subtracted (same time axis, pillars, members, segments),
// every one of them runs, and a scenario outside it is refused with a
// message saying why.
func TestAgainstOptions(t *testing.T) {
	srv, _ := newServer(t)
	for ref, mustHave := range map[string]string{"agreement": "no-coordination", "defa-binding": "no-coordination-2022"} {
		resp, err := http.Get(srv.URL + "/api/describe?scenario=" + ref)
		if err != nil {
			t.Fatal(err)
		}
		var d studio.Description
		err = json.NewDecoder(resp.Body).Decode(&d)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(d.AgainstOptions, mustHave) || len(d.AgainstOptions) >= len(scenarios.List()) {
			t.Errorf("%s: against options %v", ref, d.AgainstOptions)
		}
		for _, a := range d.AgainstOptions {
			if code, body := postJSON(t, srv.URL, studio.Settings{Scenario: ref, Against: a}); code != 200 {
				t.Errorf("%s against %s, offered: %d %s", ref, a, code, body)
			}
		}
	}
	code, body := postJSON(t, srv.URL, studio.Settings{Scenario: "agreement", Against: "no-coordination-2022"})
	if code != 400 || !strings.Contains(string(body), "cannot be the counterfactual of agreement: its time axis") {
		t.Errorf("agreement against a 2022-based scenario: %d %s", code, body)
	}
}

// TestSliderSteps: sliders step in the units people think in, and their
// ends are whole steps inside the allowed range.
func TestSliderSteps(t *testing.T) {
	sc, err := scenarios.Load("agreement", nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := studio.Describe("agreement", sc)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"policy.lag_years": 0.5, "policy.business_engagement": 0.05, "policy.absorptive_floor": 0.05, "policy.spillover": 0.05, "members.KH.investment.*": 0.01, "policy.lag_sensitivity": 0.1}
	for _, c := range d.Controls {
		if w, ok := want[c.Key]; ok && c.Step != w {
			t.Errorf("%s: step %v, want %v", c.Key, c.Step, w)
		}
		for _, end := range []float64{c.Min, c.Max} {
			n := end / c.Step
			if math.Abs(n-math.Round(n)) > 1e-9 || end < c.Lo || end > c.Hi || (c.LoOpen && end == c.Lo) {
				t.Errorf("%s: slider end %v is not a whole step of %v inside [%v, %v]", c.Key, end, c.Step, c.Lo, c.Hi)
			}
		}
		if c.Info == "" || c.UnitText == "" {
			t.Errorf("%s: no explanation (%q) or unit in words (%q)", c.Key, c.Info, c.UnitText)
		}
	}
}

// TestFolderConfined: a folder file whose extends names a file outside
// the folder (absolute, relative, or through a symbolic link) is refused
// before anything outside is read, and the message quotes no content.
func TestFolderConfined(t *testing.T) {
	srv, dir := newServer(t)
	secret := filepath.Join(filepath.Dir(dir), "secret.toml")
	if err := os.WriteFile(secret, []byte("name = \"SECRET-CONTENT\"\nextends = \"agreement\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(dir, "linked.toml")); err != nil {
		t.Fatal(err)
	}
	for file, ext := range map[string]string{"abs.toml": secret, "rel.toml": "../secret.toml", "env.toml": "/proc/self/environ", "link.toml": "linked.toml"} {
		body := fmt.Sprintf("name = %q\ndescription = \"x\"\nextends = %q\n", strings.TrimSuffix(file, ".toml"), ext)
		if err := os.WriteFile(filepath.Join(dir, file), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out := postJSON(t, srv.URL, studio.Settings{Scenario: file})
		if code != http.StatusForbidden || !strings.Contains(string(out), "reads nothing outside its folder") || strings.Contains(string(out), "SECRET") || strings.Contains(string(out), "PATH=") {
			t.Errorf("%s extending %s: %d %s", file, ext, code, out)
		}
	}
	deep := "name = \"deep\"\ndescription = \"x\"\nextends = \"agreement\"\nx = " + strings.Repeat("{a=", 6000) + "1" + strings.Repeat("}", 6000) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "deep.toml"), []byte(deep), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out := postJSON(t, srv.URL, studio.Settings{Scenario: "deep.toml"}); code != http.StatusUnprocessableEntity || !strings.Contains(string(out), "nested 6000 deep") {
		t.Errorf("inline tables 6,000 deep: %d %s", code, out)
	}
	inside := "name = \"inside\"\ndescription = \"x\"\nextends = \"mine.toml\"\n"
	if err := os.WriteFile(filepath.Join(dir, "inside.toml"), []byte(inside), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out := postJSON(t, srv.URL, studio.Settings{Scenario: "inside.toml"}); code != 200 {
		t.Errorf("a file extending one of the folder: %d %s", code, out)
	}
}

// TestDisabledMeansInert: the page disables "Level before entry into
// force" when entry into force precedes the base year, saying it changes
// nothing; a run with that level moved must indeed give the same numbers.
func TestDisabledMeansInert(t *testing.T) {
	srv, _ := newServer(t)
	run := func(before float64) []byte {
		// defa-binding's schedule with another level before 2021.
		code, body := postJSON(t, srv.URL, studio.Settings{Scenario: "defa-binding",
			Coordination: map[string][][]float64{"*": {{2018, before}, {2021, before}, {2022, 0.5}, {2026, 0.5}, {2030, 1}}}})
		if code != 200 {
			t.Fatalf("%d %s", code, body)
		}
		var r studio.Result
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatal(err)
		}
		r.TOML, r.File = "", ""
		out, _ := json.Marshal(r)
		return out
	}
	if a, b := run(0.2), run(0.9); !bytes.Equal(a, b) {
		t.Errorf("defa-binding: the level before an entry into force that precedes the base year changes the numbers")
	}
}

// TestScenarioNames: the page names a folder's scenario by its name key,
// not its file name (the list's "name"; app.js shows it).
func TestScenarioNames(t *testing.T) {
	dir := t.TempDir()
	file := "name = \"strong engagement\"\nextends = \"agreement\"\n\n[policy]\nbusiness_engagement = 0.7\n"
	if err := os.WriteFile(filepath.Join(dir, "v2-final.toml"), []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := studio.New(studio.Options{Folder: dir})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range s.Scenarios() {
		switch {
		case e.Ref == "v2-final.toml":
			found = true
			if e.Name != "strong engagement" {
				t.Errorf("%s is named %q, want its name key %q", e.Ref, e.Name, "strong engagement")
			}
		case e.Shipped && e.Name != e.Ref:
			t.Errorf("shipped %s is named %q", e.Ref, e.Name)
		}
	}
	if !found {
		t.Fatal("the folder's v2-final.toml is not listed")
	}
}

// TestCachedAnswers: what the studio keeps between requests (the shipped
// scenarios as loaded, their controls, the baselines' runs, each shipped
// file as decoded) changes no answer: a studio that has answered other
// requests gives the same bytes as a fresh one, request by request. And a
// folder file is read afresh: an edit between two moves is seen.
func TestCachedAnswers(t *testing.T) {
	sets := []studio.Settings{
		{Scenario: "agreement", Set: map[string]float64{"policy.business_engagement": 0.8}},
		{Scenario: "agreement", Set: map[string]float64{"policy.business_engagement": 0.6, "policy.lag_years": 3}},
		{Scenario: "binding", Coordination: map[string][][]float64{"payments": {{2018, 0.3}, {2020, 1}}}},
		{Scenario: "capacity-building", Set: map[string]float64{"members.KH.investment.*": 0.1}},
		{Scenario: "covid-2018", Against: "asean-2018", Set: map[string]float64{"policy.spillover": 0.4}},
		{Scenario: "agreement", Set: map[string]float64{"policy.business_engagement": 0.8}},
	}
	answer := func(s *studio.Server, set studio.Settings) []byte {
		body, _ := json.Marshal(set)
		r := s.Answer(t.Context(), "POST", "/api/run", bytes.NewReader(body))
		if r.Status != 200 {
			t.Fatalf("%+v: %d %s", set, r.Status, r.Body)
		}
		return r.Body
	}
	warm, err := studio.New(studio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		for _, set := range sets {
			fresh, err := studio.New(studio.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := answer(warm, set), answer(fresh, set); !bytes.Equal(got, want) {
				t.Errorf("round %d, %+v: a studio that answered before gives other bytes than a fresh one", round, set)
			}
		}
	}

	srv, dir := newServer(t)
	var last float64
	for _, v := range []float64{0.3, 0.9} {
		text := "name = \"mine\"\ndescription = \"edited\"\nextends = \"agreement\"\n\n[policy]\nbusiness_engagement = " + jsonNum(v) + "\n"
		if err := os.WriteFile(filepath.Join(dir, "mine.toml"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		code, body := postJSON(t, srv.URL, studio.Settings{Scenario: "mine.toml"})
		if code != 200 {
			t.Fatalf("%d %s", code, body)
		}
		var got studio.Result
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatal(err)
		}
		compareResults(t, fmt.Sprintf("mine.toml with business_engagement = %v", v), &got, runResult(t, filepath.Join(dir, "mine.toml"), nil, "no-coordination", nil))
		if got.Headline[0].Value == last {
			t.Errorf("mine.toml edited to business_engagement = %v: the same GMV as before the edit", v)
		}
		last = got.Headline[0].Value
	}
}
