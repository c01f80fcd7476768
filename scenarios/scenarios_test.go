package scenarios

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/digisim/digisim/sim"
)

func readSmall(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "small.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSmallLoads(t *testing.T) {
	sc, err := Load(filepath.Join("testdata", "small.toml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := sc.Params
	if got := []string{p.Members[0].ID, p.Members[1].ID}; !reflect.DeepEqual(got, []string{"AA", "BB"}) {
		t.Errorf("member order %v", got)
	}
	if p.Members[0].Name != "AA" || p.Members[1].Name != "Bee" {
		t.Errorf("names %q %q", p.Members[0].Name, p.Members[1].Name)
	}
	if got, want := p.Members[1].Investment, []float64{0.02, 0.04}; !reflect.DeepEqual(got, want) {
		t.Errorf("investment with default: %v, want %v", got, want)
	}
	if got := p.Segments[1].Weights; !reflect.DeepEqual(got, []float64{1, 0}) {
		t.Errorf("missing weight not zero: %v", got)
	}
	if ev := p.Events[0]; ev.Spend != 1 || ev.Potential != 0.7 || len(ev.Members) != 0 || !reflect.DeepEqual(ev.Segments, []int{1}) {
		t.Errorf("event %+v", ev)
	}
	if got := p.Policy.Coordination[1]; len(got) != 2 || got[1] != (sim.Point{Year: 2022, Level: 0.5}) {
		t.Errorf("coordination %v", got)
	}
	if _, err := sim.Run(p); err != nil {
		t.Fatal(err)
	}
}

// write puts files into a fresh directory and returns its path.
func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// at returns "file:line:col: " for the first occurrence of needle in body.
func at(file, body, needle string) string {
	i := strings.Index(body, needle)
	if i < 0 {
		return "NEEDLE NOT FOUND " + needle
	}
	line := strings.Count(body[:i], "\n") + 1
	col := i - strings.LastIndex(body[:i], "\n")
	return fmt.Sprintf("%s:%d:%d: ", file, line, col)
}

func TestBadInput(t *testing.T) {
	small := readSmall(t)
	repl := func(old, new string) string {
		if !strings.Contains(small, old) {
			t.Fatalf("test setup: %q not in small.toml", old)
		}
		return strings.Replace(small, old, new, 1)
	}
	noMembers := small[:strings.Index(small, "[members.AA]")] + small[strings.Index(small, "[policy]"):]
	type tc struct {
		name  string
		files map[string]string // s.toml is loaded
		sets  []string
		want  []string // each must appear in the error text
	}
	var cases []tc
	add := func(name string, body string, sets []string, want ...string) {
		cases = append(cases, tc{name, map[string]string{"s.toml": body}, sets, want})
	}
	b := repl("imitation = 0.3", "imitaton = 0.3")
	add("unknown key with suggestion", b, nil,
		at("s.toml", b, "imitaton")+`segments.shop.imitaton: unknown key; did you mean "imitation"?`,
		`segments.shop.imitation: missing: this key is required`)
	b = repl("population = 1e7", `population = "many"`)
	add("wrong type", b, nil, at("s.toml", b, "population = \"many")+`members.AA.population: "many" is a string, want a number`)
	b = repl("online_share = 0.5", "online_share = 1.4")
	add("share outside [0, 1]", b, nil, at("s.toml", b, "online_share = 1.4")+"members.AA.online_share: 1.4 is outside (0, 1]")
	b = repl("ict = 0.6", "ict = 1.4")
	add("capacity outside (0, 1]", b, nil, at("s.toml", b, "ict = 1.4")+"members.AA.capacity.ict: 1.4 is outside (0, 1]")
	b = repl("ict = 1\npayments = 2", "ict = 0\npayments = 0")
	add("all pillar weights zero", b, nil, "segments.shop.weights: are all zero or missing: give at least one pillar a positive weight")
	b = repl("shop = 1e6", "shop = 9e6")
	add("base users above potential", b, nil, at("s.toml", b, "shop = 9e6")+"members.AA.users.shop: base users 9e+06 exceed potential users 2.91303e+06 (population x online_share x ceiling")
	add("unknown member in override", small, []string{"members.ZZ.population=5"}, `--set: members.ZZ.population: no member "ZZ"; did you mean "AA"?; nearest: "AA", "BB" (or * for all)`)
	add("unknown key in override", small, []string{"policy.busines_engagement=0.8"}, `--set: policy.busines_engagement: no key "busines_engagement"; did you mean "business_engagement"?`)
	add("override value out of range", small, []string{"members.*.online_share=2"}, "--set: members.AA.online_share: 2 is outside (0, 1]", "--set: members.BB.online_share: 2 is outside (0, 1]")
	cases = append(cases, tc{"extends cycle", map[string]string{
		"s.toml": "extends = \"a.toml\"\n", "a.toml": "extends = \"b.toml\"\n", "b.toml": "extends = \"a.toml\"\n"}, nil,
		[]string{"extends: extends cycle: ", "a.toml -> ", "b.toml -> ", "a.toml"}})
	b = "extends = \"nope.toml\"\n"
	add("missing base file", b, nil, `s.toml:1:1: extends: scenario file "nope.toml" not found`)
	b = "extends = \"asean2018\"\n"
	add("unknown shipped base", b, nil, `s.toml:1:1: extends: no shipped scenario "asean2018"; did you mean "asean-2018"?`)
	b = repl("population = 1e7", "population = -5")
	add("negative population", b, nil, at("s.toml", b, "population = -5")+"members.AA.population: -5 is outside (0, 1e+10]")
	b = repl("output_step = 1.0", "output_step = 0.3")
	add("output step not a multiple of dt", b, nil, at("s.toml", b, "output_step")+"time.output_step: 0.3 is not a multiple of time.dt (0.25)")
	b = repl("horizon = 2025.0", "horizon = 2010.0")
	add("horizon before base year", b, nil, at("s.toml", b, "horizon")+"time.horizon: 2010 is not after time.base_year 2018")
	b = small + "\n[members.AA]\npopulation = 5\n"
	add("duplicate member id", b, nil, "s.toml:", "members.AA", "already been defined")
	b = repl("[members.BB]", "[members.aa]")
	add("member ids differing in case", b, nil, `duplicate member id: "AA" and "aa" differ only in case`)
	b = repl("tradability = 0.2", "tradability = nan")
	add("NaN", b, nil, at("s.toml", b, "tradability = nan")+"segments.shop.tradability: nan is not a finite number")
	b = repl("population = 1e7", "population = inf")
	add("Inf", b, nil, "members.AA.population: inf is not a finite number")
	add("empty members list", noMembers, nil, "members: missing: a scenario needs at least one member")
	b = repl("payments = 0.5\n", "paymnts = 0.5\n")
	add("unknown pillar, missing capacity", b, nil,
		at("s.toml", b, "paymnts")+`members.AA.capacity.paymnts: unknown pillar "paymnts"; did you mean "payments"?`,
		"members.AA.capacity.payments: missing: every pillar needs a value here")
	b = repl(`segments = ["ride"]`, `segments = ["rid"]`)
	add("unknown segment in event", b, nil, `events[0].segments[0]: "rid" is not a segment of this scenario; did you mean "ride"?`)
	b = repl("[2022.0, 0.5]", "[2022.0, 1.5]")
	add("coordination level above 1", b, nil, "policy.coordination.payments[1]: [2022, 1.5] has a level outside [0, 1]")
	b = repl("[2022.0, 0.5]", "[2017.0, 0.5]")
	add("coordination years decreasing", b, nil, "policy.coordination.payments[1]: [2017, 0.5] year 2017 does not follow 2018")
	b = repl(`pillars = ["ict", "payments"]`, `pillars = ["ict", "payments", "ict"]`)
	add("duplicate pillar", b, nil, `pillars[2]: "ict" is listed twice: duplicate pillar id`)
	b = repl("users = { shop = 2e6, ride = 3e5 }", "users = { shop = 2e6 }")
	add("missing users for a segment", b, nil, "members.BB.users.ride: missing: every segment needs a value here")
	b = repl("population = 1e7", "population = -5") + "\n"
	b = strings.Replace(b, "online_share = 0.5", "online_share = 1.4", 1)
	add("every problem in one pass", b, nil, "members.AA.population: -5 is outside", "members.AA.online_share: 1.4 is outside")
	b = repl("lag_years = 2", "lag_years = 2\npillars = [\"x\"]")
	add("top-level key after a table", b, nil, `policy.pillars: unknown key; "pillars" is a top-level key: move it above the first [table] header`)
	add("syntax error", "name = \n", nil, "s.toml:1:", "TOML syntax")

	if len(cases) < 15 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := write(t, c.files)
			// Run from dir so that file names in messages are short.
			t.Chdir(dir)
			sc, err := Load("s.toml", c.sets)
			if err == nil {
				t.Fatalf("loaded %v, want an error", sc.Name)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\ndoes not contain\n%s", err, w)
				}
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("error is not a *Error: %T", err)
			}
		})
	}
}

// TestValidationOnce: a value that decoding refuses is not reported again
// by sim.Params.Validate through the unset value it leaves (a horizon out
// of range would otherwise also be "0 is not after time.base_year"), while
// Validate's own rules still report with the key's position.
func TestValidationOnce(t *testing.T) {
	small := readSmall(t)
	for _, c := range []struct{ old, new, key, want string }{
		{"horizon = 2025.0", "horizon = 20250.0", "time.horizon", "20250 is outside [1000, 10000]"},
		{"[2022.0, 0.5]", "[2022.0, 1.5]", "policy.coordination.payments", "[2022, 1.5] has a level outside [0, 1]"},
		{"horizon = 2025.0", "horizon = 2010.0", "time.horizon", "2010 is not after time.base_year 2018"},
	} {
		if !strings.Contains(small, c.old) {
			t.Fatalf("test setup: %q not in small.toml", c.old)
		}
		body := strings.Replace(small, c.old, c.new, 1)
		t.Chdir(write(t, map[string]string{"s.toml": body}))
		_, err := Load("s.toml", nil)
		if err == nil {
			t.Fatalf("%s: loaded, want an error", c.new)
		}
		if n := strings.Count(err.Error(), c.key); n != 1 || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error\n%v\nnames %s %d times, want once with %q", c.new, err, c.key, n, c.want)
		}
		var e *Error
		if !errors.As(err, &e) || e.Line == 0 {
			t.Errorf("%s: error %#v, want a *Error with a position", c.new, e)
		}
	}
}

func TestShipped(t *testing.T) {
	list := List()
	want := []string{"agreement", "asean-2018", "binding", "business-engaged", "capacity-building", "no-coordination"}
	var got []string
	for _, in := range list {
		got = append(got, in.Name)
		if in.Description == "" {
			t.Errorf("%s: no description", in.Name)
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("List() = %v lacks %s", got, w)
		}
	}
	for _, in := range list {
		t.Run(in.Name, func(t *testing.T) {
			sc, err := Load(in.Name, nil)
			if err != nil {
				t.Fatal(err)
			}
			if sc.Name != in.Name {
				t.Errorf("name key %q differs from file name %q", sc.Name, in.Name)
			}
			res, err := sim.Run(sc.Params)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range res.Steps {
				for j, c := range st.Capacity {
					if !(c > 0 && c <= 1) {
						t.Fatalf("%v: capacity[%d] = %v outside (0, 1]", st.Time, j, c)
					}
				}
				if g := st.Region.GMVTotal; math.IsNaN(g) || math.IsInf(g, 0) {
					t.Fatalf("%v: GMV %v", st.Time, g)
				}
			}
		})
	}
}

// sea6 are the members the e-Conomy SEA 2018 figures cover.
var sea6 = map[string]bool{"ID": true, "MY": true, "PH": true, "SG": true, "TH": true, "VN": true}

// TestBaseYearSeed checks the resolved asean-2018 parameters against the
// seed (model.md, Base year; data/sea_2018.csv): SEA-6 GMV by segment,
// buyers and transport & food users, trips per day, and the member figures
// that are data.
func TestBaseYearSeed(t *testing.T) {
	// The figures are sums of a few decimal numbers: only rounding of the
	// last bits separates them from the seed.
	const tol = 1e-9
	sc, err := Load("asean-2018", nil)
	if err != nil {
		t.Fatal(err)
	}
	p := sc.Params
	seg := map[string]int{}
	for s, sg := range p.Segments {
		seg[sg.ID] = s
	}
	sum := func(f func(m sim.Member) float64) float64 {
		v := 0.0
		for _, m := range p.Members {
			if sea6[m.ID] {
				v += f(m)
			}
		}
		return v
	}
	check := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > tol*math.Abs(want) {
			t.Errorf("%s = %.12g, want %.12g", what, got, want)
		}
	}
	for id, want := range map[string]float64{"ecommerce": 23e9, "online_travel": 30e9, "transport_food": 8e9, "online_media": 11e9} {
		s := seg[id]
		check("SEA-6 GMV "+id, sum(func(m sim.Member) float64 { return m.GMVUSD[s] }), want)
	}
	check("SEA-6 GMV total", sum(func(m sim.Member) float64 {
		v := 0.0
		for _, g := range m.GMVUSD {
			v += g
		}
		return v
	}), 72e9)
	ec, tf := seg["ecommerce"], seg["transport_food"]
	check("SEA-6 ecommerce buyers", sum(func(m sim.Member) float64 { return m.Users[ec] }), 120e6)
	tfUsers := sum(func(m sim.Member) float64 { return m.Users[tf] })
	check("SEA-6 transport_food users", tfUsers, 35e6)
	check("SEA-6 trips per day", p.Segments[tf].TransactionsPerDay*tfUsers, 8e6)
	known := map[string][]float64{ // ecommerce, travel, transport_food, media; NaN unknown
		"ID": {12e9, math.NaN(), math.NaN(), math.NaN()},
		"TH": {3e9, math.NaN(), math.NaN(), 2.4e9},
		"VN": {2.8e9, 3.5e9, 0.5e9, 2.2e9},
		"PH": {1.5e9, 1.8e9, 0.5e9, 1.3e9},
	}
	order := []string{"ecommerce", "online_travel", "transport_food", "online_media"}
	for _, m := range p.Members {
		for j, want := range known[m.ID] {
			if !math.IsNaN(want) {
				check(m.ID+" "+order[j], m.GMVUSD[seg[order[j]]], want)
			}
		}
		// Member totals: the published whole billions, within rounding.
		total := 0.0
		for _, g := range m.GMVUSD {
			total += g
		}
		if want, ok := map[string]float64{"ID": 27e9, "TH": 12e9, "SG": 10e9, "VN": 9e9, "MY": 8e9, "PH": 5e9}[m.ID]; ok && math.Abs(total-want) > 0.5e9 {
			t.Errorf("%s total GMV %.4g, want %.4g +- 0.5e9 (rounding)", m.ID, total, want)
		}
	}
	if got := len(p.Members); got != 10 {
		t.Errorf("%d members", got)
	}
}

// TestSetterMatchesSet: for every numeric path of two scenarios, Setter
// changes what --set of the same value changes. With -short, of
// asean-2018's member paths only its last member's and the wildcards
// (small.toml's two members keep every path): a fifth of the paths.
func TestSetterMatchesSet(t *testing.T) {
	for _, name := range []string{"asean-2018", filepath.Join("testdata", "small.toml")} {
		src, err := resolveRef(nil, name)
		if err != nil {
			t.Fatal(err)
		}
		r, errs := resolve(src, nil)
		if errs != nil {
			t.Fatal(errs)
		}
		base, errs := r.build(false)
		if errs != nil {
			t.Fatal(sortErrors(errs))
		}
		paths := NumericPaths(base)
		paths = append(paths, "members.*.investment.payments", "segments.*.weights.*", "events[*].spend")
		last := "members." + base.Members[len(base.Members)-1].ID + "."
		for _, path := range paths {
			if testing.Short() && name == "asean-2018" && strings.HasPrefix(path, "members.") && !strings.HasPrefix(path, last) && !strings.HasPrefix(path, "members.*.") {
				continue
			}
			v := 0.01
			if !strings.Contains(path, "*") {
				if cur := currentValue(t, base, path); cur != 0 {
					v = cur * 0.9
				}
			}
			set := path + "=" + strconv.FormatFloat(v, 'g', -1, 64)
			r2, errs := resolve(src, []string{set})
			if errs != nil {
				t.Fatalf("--set %s: %v", set, sortErrors(errs))
			}
			viaSet, errs := r2.build(false)
			if errs != nil {
				t.Fatalf("--set %s: %v", set, sortErrors(errs))
			}
			f, err := Setter(base, path)
			if err != nil {
				t.Fatalf("Setter(%s): %v", path, err)
			}
			viaSetter := base.Clone()
			f(viaSetter, v)
			if !reflect.DeepEqual(viaSet, viaSetter) {
				t.Errorf("%s: --set and Setter differ", set)
			}
			if reflect.DeepEqual(viaSetter, base) && !strings.HasPrefix(path, "events") {
				t.Errorf("%s: Setter changed nothing", set)
			}
		}
	}
}

// currentValue reads path from p through the resolved JSON.
func currentValue(t *testing.T, p *sim.Params, path string) float64 {
	t.Helper()
	js, err := Resolved(p)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(js, &v); err != nil {
		t.Fatal(err)
	}
	els, _ := splitPath(path)
	for _, el := range els {
		switch x := v.(type) {
		case map[string]any:
			v = x[el]
		case []any:
			j, _ := strconv.Atoi(el)
			v = x[j]
		}
	}
	if v == nil && strings.HasPrefix(path, "policy.") {
		return 0 // an optional policy key at its default is not in the resolved JSON (node.unset)
	}
	f, ok := v.(float64)
	if !ok {
		t.Fatalf("%s: %v is not a number in the resolved JSON", path, v)
	}
	return f
}

func TestSetterErrors(t *testing.T) {
	sc, err := Load("asean-2018", nil)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"members.XX.population":           `no member "XX"`,
		"members.KH.investment.default":   `"default" is a file key`,
		"policy.coordination.payments":    "only numbers can be set in a sweep",
		"members.KH.popluation":           `did you mean "population"?`,
		"name":                            `"name" is not a numeric parameter`,
		"members.KH.population.something": "is a number, not a table",
	} {
		if _, err := Setter(sc.Params, path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Setter(%s) = %v, want %q", path, err, want)
		}
	}
}

func TestResolved(t *testing.T) {
	a, err := Load("asean-2018", nil)
	if err != nil {
		t.Fatal(err)
	}
	j1, err := a.Resolved()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load("asean-2018", nil)
	if err != nil {
		t.Fatal(err)
	}
	j2, _ := b.Resolved()
	if string(j1) != string(j2) {
		t.Error("Resolved is not stable")
	}
	if !json.Valid(j1) {
		t.Error("Resolved is not JSON")
	}
	for _, key := range []string{`"business_engagement": 0.4`, `"transactions_per_user_day"`, `"BN": {`, `"investment": {`} {
		if !strings.Contains(string(j1), key) {
			t.Errorf("resolved JSON lacks %s", key)
		}
	}
	if strings.Index(string(j1), `"BN"`) > strings.Index(string(j1), `"VN"`) {
		t.Error("members not in scenario order")
	}
	h1, _ := a.Hash()
	c, err := Load("asean-2018", []string{"policy.business_engagement=0.8"})
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := c.Hash()
	if h1 == h2 || len(h1) != 64 {
		t.Errorf("hashes %s %s", h1, h2)
	}
	// An override that restates the base value leaves the identity alone.
	d, _ := Load("asean-2018", []string{"policy.business_engagement=0.4"})
	if h3, _ := d.Hash(); h3 != h1 {
		t.Error("same parameters, different hash")
	}
	var sb strings.Builder
	if err := Describe(&sb, c); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"scenario   asean-2018: valid", "override   policy.business_engagement=0.8", "sha256     " + h2, "model      v1"} {
		if !strings.Contains(sb.String(), want) {
			t.Errorf("Describe output lacks %q:\n%s", want, sb.String())
		}
	}
}

func TestExtendsAndOverrides(t *testing.T) {
	small := readSmall(t)
	dir := write(t, map[string]string{
		"small.toml": small,
		"sub/pol.toml": `name = "pol"
extends = "../small.toml"
[policy]
business_engagement = 0.9
[members.BB.investment]
ict = 0.07
`,
	})
	sc, err := Load(filepath.Join(dir, "sub", "pol.toml"), []string{
		"members.*.capacity.payments=0.45",
		"policy.coordination.ict=[[2019, 0.5], [2020, 1]]",
		"events[0].spend=1.5",
		"members.AA.name=Alpha",
	})
	if err != nil {
		t.Fatal(err)
	}
	p := sc.Params
	if p.Policy.BusinessEngagement != 0.9 || p.Policy.LagYears != 2 {
		t.Errorf("policy %+v", p.Policy)
	}
	if got := p.Members[1].Investment; !reflect.DeepEqual(got, []float64{0.07, 0.04}) {
		t.Errorf("merged investment %v", got)
	}
	if p.Members[0].Capacity[1] != 0.45 || p.Members[1].Capacity[1] != 0.45 {
		t.Error("wildcard override")
	}
	if got := p.Policy.Coordination[0]; !reflect.DeepEqual(got, []sim.Point{{Year: 2019, Level: 0.5}, {Year: 2020, Level: 1}}) {
		t.Errorf("schedule override %v", got)
	}
	if p.Events[0].Spend != 1.5 || p.Members[0].Name != "Alpha" {
		t.Error("event or string override")
	}
	if sc.Name != "pol" || sc.Description != "" || len(sc.Sources) != 2 {
		t.Errorf("name %q description %q sources %v", sc.Name, sc.Description, sc.Sources)
	}
}

func TestKeyPositions(t *testing.T) {
	src := "a = 1 # c\n[t.\"q k\"]\nx.y = \"s # not a comment\"\nz = { p = 1, r = [1, 2] }\n\n[[e]]\nn = 1\n[[e]]\n  n = '''m\nl'''\nafter = 3\n"
	got := keyPositions([]byte(src))
	for k, want := range map[string]pos{"a": {1, 1}, "t.q k": {2, 1}, "t.q k.x.y": {3, 1}, "t.q k.z.p": {4, 7},
		"t.q k.z.r[1]": {4, 22}, "e[0]": {6, 1}, "e[0].n": {7, 1}, "e[1].n": {9, 3}, "e[1].after": {11, 1}} {
		if got[k] != want {
			t.Errorf("%s at %v, want %v", k, got[k], want)
		}
	}
}

func FuzzLoadBytes(f *testing.F) {
	f.Add([]byte("extends = \"asean-2018\"\n[policy]\nbusiness_engagement = 0.9\n"))
	if b, err := os.ReadFile(filepath.Join("testdata", "small.toml")); err == nil {
		f.Add(b)
	}
	f.Add([]byte("[[events]]\nmembers = [1]\n[members.A]\ncapacity = 3\n"))
	// At and past the bounds of tomlbound (nesting depth; the size bound
	// is a length check): a clear error, not a stack overflow.
	f.Add([]byte("extends = \"asean-2018\"\npolicy = " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n"))
	f.Add([]byte("policy" + strings.Repeat(".a", 32) + " = 1\n"))
	f.Add([]byte("[members.A" + strings.Repeat(".b", 31) + "]\nx = {y = {z = 1}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		keyPositions(data)
		sc, err := LoadBytes("fuzz.toml", data, []string{"members.*.population=5e6"})
		if err == nil {
			if _, err := sc.Resolved(); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func BenchmarkSetter(b *testing.B) {
	sc, err := Load("asean-2018", nil)
	if err != nil {
		b.Fatal(err)
	}
	set, err := Setter(sc.Params, "members.*.investment.payments")
	if err != nil {
		b.Fatal(err)
	}
	p := sc.Params.Clone()
	b.ReportAllocs()
	for b.Loop() {
		set(p, 0.05)
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load("agreement", nil); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSplitPath(t *testing.T) {
	for in, want := range map[string]string{
		"a.b.c": "a|b|c", "events[0].spend": "events|0|spend", "events.0.spend": "events|0|spend",
		"events[*].x": "events|*|x", "a..b": "error", "a.": "error", "": "error", "e[x]": "error", "e[1]x": "error",
	} {
		got, err := splitPath(in)
		s := strings.Join(got, "|")
		if err != nil {
			s = "error"
		}
		if s != want {
			t.Errorf("splitPath(%q) = %q, want %q", in, s, want)
		}
	}
}
