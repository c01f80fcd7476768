package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digisim/digisim/sim"
)

// writeScenario writes a scenario that extends testdata/small.toml (or
// stands alone when text holds no extends) and returns its path.
func writeScenario(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	small, err := os.ReadFile(filepath.Join("testdata", "small.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "small.toml"), small, 0o644); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "s.toml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDropMembers(t *testing.T) {
	p := writeScenario(t, `name = "sub"
extends = "asean-2022"
drop_members = ["BN", "KH", "LA", "MM"]
`)
	sub, err := Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	full, err := Load("asean-2022", nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range sub.Params.Members {
		ids = append(ids, m.ID)
	}
	if got := strings.Join(ids, " "); got != "ID MY PH SG TH VN" {
		t.Fatalf("members %q, want the six others in order", got)
	}
	// The members kept are the parent's, value for value.
	for _, m := range sub.Params.Members {
		for _, f := range full.Params.Members {
			if f.ID == m.ID && (f.Population != m.Population || f.GMVUSD[0] != m.GMVUSD[0] || f.Capacity[3] != m.Capacity[3]) {
				t.Errorf("%s differs from asean-2022's", m.ID)
			}
		}
	}
	if len(sub.Params.Events) != len(full.Params.Events) {
		t.Errorf("%d events, want the parent's %d (they name no members)", len(sub.Params.Events), len(full.Params.Events))
	}
	if _, err := sim.Run(sub.Params); err != nil {
		t.Fatal(err)
	}
	// A part of the region is not the region: its name and history go,
	// its data's source stays.
	if full.Region.Name != "ASEAN" || sub.Region.Name != "" || sub.Region.Observed != "" || sub.Region.Source != full.Region.Source || sub.Title() != "Indonesia, Malaysia, Philippines, Singapore, Thailand and Viet Nam" {
		t.Errorf("region of the sub-region %+v (title %q), of the whole %+v", sub.Region, sub.Title(), full.Region)
	}
}

func TestDropMembersEventsAndErrors(t *testing.T) {
	p := writeScenario(t, `name = "one"
extends = "small.toml"
drop_members = ["BB"]
[[events]]
name = "only BB"
start = 2019.0
end = 2020.0
members = ["BB"]
[[events]]
name = "both"
start = 2019.0
end = 2020.0
members = ["AA", "BB"]
`)
	// An event left with no member goes; the others lose the member.
	sc, err := Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ev := sc.Params.Events; len(ev) != 1 || ev[0].Name != "both" || len(ev[0].Members) != 1 || ev[0].Members[0] != 0 {
		t.Errorf("events %+v, want \"both\" alone, on AA", ev)
	}
	p = writeScenario(t, `name = "one"
extends = "small.toml"
drop_members = ["BX"]
`)
	_, err = Load(p, nil)
	if err == nil || !strings.Contains(err.Error(), "drop_members") || !strings.Contains(err.Error(), `did you mean "BB"`) {
		t.Errorf("dropping an unknown member: err = %v", err)
	}
	p = writeScenario(t, `name = "one"
extends = "small.toml"
drop_members = ["BB"]
`)
	sc, err = Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Params.Members) != 1 || sc.Params.Members[0].ID != "AA" {
		t.Errorf("members %+v, want AA alone", sc.Params.Members)
	}
}

func TestCapacityDefault(t *testing.T) {
	p := writeScenario(t, `name = "c"
extends = "small.toml"
[members.AA]
capacity = { default = 0.45 }
[members.BB]
capacity = { default = 0.3, payments = 0.7 }
`)
	sc, err := Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	// small.toml sets both pillars; a table replaces... no: tables merge, so
	// the defaults cover only what no file lists.
	got := sc.Params.Members
	if got[0].Capacity[0] != 0.6 || got[0].Capacity[1] != 0.5 {
		t.Errorf("AA capacity %v: listed pillars keep their values", got[0].Capacity)
	}
	if got[1].Capacity[1] != 0.7 {
		t.Errorf("BB payments %v, want 0.7", got[1].Capacity[1])
	}
	// A file that lists no pillar gets the default everywhere.
	p = writeScenario(t, strings.Replace(mustRead(t, "testdata/small.toml"), "[members.AA.capacity]\nict = 0.6\npayments = 0.5", "[members.AA.capacity]\ndefault = 0.45", 1))
	sc, err = Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := sc.Params.Members[0].Capacity; c[0] != 0.45 || c[1] != 0.45 {
		t.Errorf("AA capacity %v, want 0.45 on both pillars", c)
	}
}

func mustRead(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRegionTable(t *testing.T) {
	plain, err := Load("testdata/small.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Title() != "AA and Bee" || plain.Region.Name != "" {
		t.Errorf("no [region]: title %q, region %+v; want the members' names", plain.Title(), plain.Region)
	}
	p := writeScenario(t, `name = "r"
extends = "small.toml"
[region]
name = "Twoland"
source = "Twoland statistics office 2018"
observed = "history.csv"
colours = { AA = "#0072B2" }
`)
	if _, err := Load(p, nil); err == nil || !strings.Contains(err.Error(), `region.observed: "history.csv" is not a file (looked for `+filepath.Join(filepath.Dir(p), "history.csv")) {
		t.Errorf("an observed history that is not there: %v", err)
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(p), "history.csv"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Region{Name: "Twoland", Source: "Twoland statistics office 2018", Observed: filepath.Join(filepath.Dir(p), "history.csv"), Colours: map[string]string{"AA": "#0072b2"}}
	if sc.Title() != "Twoland" || sc.Region.Source != want.Source || sc.Region.Observed != want.Observed || sc.Region.Colours["AA"] != "#0072b2" || len(sc.Region.Colours) != 1 {
		t.Errorf("region %+v, want %+v", sc.Region, want)
	}
	// Region is not a parameter: the hash is the same as without it.
	h1, _ := plain.Hash()
	h2, _ := sc.Hash()
	if h1 != h2 {
		t.Error("[region] changed the parameters' hash")
	}
	for text, want := range map[string]string{
		"colours = { AA = \"blue\" }":                      "#rrggbb",
		"colours = { AA = \"#0072b2\", BB = \"#0072B2\" }": "also the colour of AA",
		"colours = { CC = \"#0072b2\" }":                   "unknown member",
		"nme = \"x\"":                                      `did you mean "name"`,
	} {
		p := writeScenario(t, "name = \"r\"\nextends = \"small.toml\"\n[region]\n"+text+"\n")
		if _, err := Load(p, nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", text, err, want)
		}
	}
}

func TestShippedScenariosPlausible(t *testing.T) {
	for _, in := range List() {
		sc, err := Load(in.Name, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range sc.Warnings {
			t.Errorf("%s: %v", in.Name, w)
		}
	}
	sc, err := Load("testdata/small.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range sc.Warnings {
		t.Errorf("small: %v", w)
	}
}

// Each unit slip a user made in a real scenario file is named: member, key, value and
// the likely cause.
func TestPlausibilityWarnings(t *testing.T) {
	cases := []struct {
		set       []string
		key, want string
	}{
		// GMV in billions: 0.3 for 3e8 USD.
		{[]string{"members.AA.gmv_usd.shop=0.3", "members.AA.gmv_usd.ride=0.04"}, "members.AA.gmv_usd", "billions"},
		// ... and so the figures of the file that look right are named too.
		// Buyers in millions: 1 for 1e6.
		{[]string{"members.AA.users.shop=1"}, "members.AA.users.shop", "millions"},
		// GMV of 30 times GDP (GDP 5e10).
		{[]string{"members.AA.gmv_usd.shop=1.5e12"}, "members.AA.gmv_usd", "of GDP"},
		{[]string{"members.AA.income_growth=0.5"}, "members.AA.income_growth", "percentage"},
		{[]string{"members.BB.population_growth=-0.2"}, "members.BB.population_growth", "percentage"},
		{[]string{"members.BB.income_per_head_usd=3"}, "members.BB.income_per_head_usd", "thousands"},
	}
	for _, c := range cases {
		sc, err := Load("testdata/small.toml", c.set)
		if err != nil {
			t.Errorf("%v: %v", c.set, err)
			continue
		}
		found := false
		for _, w := range sc.Warnings {
			if w.Key == c.key && strings.Contains(w.Reason, c.want) && w.Value != "" && w.File != "" {
				found = true
			}
		}
		if !found {
			t.Errorf("%v: warnings %v, want one on %s saying %q", c.set, sc.Warnings, c.key, c.want)
		}
	}
}

// validate refuses members 0 km apart, as a run does, and accepts them
// when distance plays no part.
func TestValidateDistances(t *testing.T) {
	same := []string{"members.BB.latitude=0", "members.BB.longitude=100"}
	_, err := Load("testdata/small.toml", same)
	if err == nil || !strings.Contains(err.Error(), "AA and BB are 0 km apart") {
		t.Fatalf("err = %v", err)
	}
	sc, err := Load("testdata/small.toml", append(same, "policy.gravity_distance=0"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Run(sc.Params); err != nil {
		t.Errorf("run refuses what validate accepts: %v", err)
	}
	sc.Params.Policy.GravityDistance = 1
	if _, err := sim.Run(sc.Params); err == nil {
		t.Error("run accepts what validate refuses")
	}
}

// A file that adds members to a scenario and leaves the scenario's own
// members untouched is warned that they stay.
func TestKeptMembersWarning(t *testing.T) {
	p := writeScenario(t, `name = "more"
extends = "small.toml"
[members.CC]
population = 2e7
population_growth = 0.01
online_share = 0.5
online_share_max = 0.9
online_speed = 0.2
income_per_head_usd = 4000
income_growth = 0.03
latitude = 20.0
longitude = 110.0
capacity = { default = 0.5 }
investment = { default = 0.02 }
users = { shop = 1e6, ride = 1e5 }
gmv_usd = { shop = 2e8, ride = 2e7 }
`)
	sc, err := Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Warnings) != 1 || sc.Warnings[0].Key != "members.CC" || !strings.Contains(sc.Warnings[0].Reason, `drop_members = ["AA", "BB"]`) || sc.Warnings[0].Line == 0 {
		t.Errorf("warnings %v", sc.Warnings)
	}
	// Setting a base member, or dropping one, says the file knows.
	for _, extra := range []string{"[members.AA]\nincome_growth = 0.03\n", "drop_members = [\"BB\"]\n"} {
		text := strings.Replace(mustRead(t, p), "[members.CC]", extra+"[members.CC]", 1)
		if strings.HasPrefix(extra, "drop") {
			text = strings.Replace(text, "extends = \"small.toml\"\n", "extends = \"small.toml\"\n"+extra, 1)
			text = strings.Replace(text, extra+"[members.CC]", "[members.CC]", 1)
		}
		q := writeScenario(t, text)
		sc, err := Load(q, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(sc.Warnings) != 0 {
			t.Errorf("%q: warnings %v", extra, sc.Warnings)
		}
	}
}
