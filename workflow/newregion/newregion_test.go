package newregion

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
)

const example = "../../scenarios/examples/synthetic-figures.csv"

func initExample(t *testing.T, o Options) (*Result, *scenarios.Scenario, string) {
	t.Helper()
	if o.Dir == "" {
		o.Dir = t.TempDir()
	}
	res, err := Init(o)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Load(res.Files[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(res.Files[0])
	if err != nil {
		t.Fatal(err)
	}
	return res, sc, string(text)
}

// The figures of the example arrive in the model's units, computed here
// from the file's numbers by hand.
func TestInitFromFigures(t *testing.T) {
	res, sc, _ := initExample(t, Options{Name: "synth", Members: []string{"AR", "BR", "PY", "UY"}, From: example})
	if len(res.Unknowns) != 0 {
		t.Errorf("unknowns %v: the example gives population, GDP and internet use of every member", res.Unknowns)
	}
	p := sc.Params
	if p.Time.Start != 2024 {
		t.Errorf("base year %v, want 2024, the latest year with GMV", p.Time.Start)
	}
	m := map[string]sim.Member{}
	for _, x := range p.Members {
		m[x.ID] = x
	}
	seg := map[string]int{}
	for s, x := range p.Segments {
		seg[x.ID] = s
	}
	close := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 5e-6*math.Abs(want) { // the file writes 6 digits
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	close("BR online_media GMV (7000 USD mn)", m["BR"].GMVUSD[seg["online_media"]], 7e9)
	close("UY online_media GMV (300000000 USD)", m["UY"].GMVUSD[seg["online_media"]], 3e8)
	close("AR ecommerce GMV (18 USD bn)", m["AR"].GMVUSD[seg["ecommerce"]], 18e9)
	close("BR ecommerce users (90 million online_buyers)", m["BR"].Users[seg["ecommerce"]], 90e6)
	close("UY population (3.43 million)", m["UY"].Population, 3.43e6)
	close("AR income per head", m["AR"].IncomePerHeadUSD, 640e9/46e6)
	close("AR population growth", m["AR"].PopulationGrowth, math.Log(46.0/45.5)/2)
	close("PY income growth", m["PY"].IncomeGrowth, math.Log((44e9/6.9e6)/(42e9/6.8e6))/2)
	close("BR online share", m["BR"].OnlineShare, 0.84)
	// Capacity: payments from account ownership, logistics from the LPI
	// rank (60 of 139), legal from the data-protection law's year.
	pil := map[string]int{}
	for k, id := range p.Pillars {
		pil[id] = k
	}
	close("AR payments", m["AR"].Capacity[pil["payments"]], 0.72)
	close("AR logistics", m["AR"].Capacity[pil["logistics"]], 1-59.0/139)
	close("PY legal (law of 2025, after 2024)", m["PY"].Capacity[pil["legal_regulatory"]], 0.4)
	close("UY legal (law of 2008)", m["UY"].Capacity[pil["legal_regulatory"]], 0.8)
	// Coordinates and names from the table of countries.
	if m["PY"].Name != "Paraguay" || m["PY"].Latitude != -25.27 {
		t.Errorf("PY %q at %v", m["PY"].Name, m["PY"].Latitude)
	}
	// The missing PY transport & food GMV is imputed as a share of GDP.
	close("PY transport_food GMV", m["PY"].GMVUSD[seg["transport_food"]], math.Round(44e9*0.0036))
	if len(sc.Warnings) != 0 {
		t.Errorf("warnings on the example: %v", sc.Warnings)
	}
	if _, err := sim.Run(p); err != nil {
		t.Fatal(err)
	}
	// The twin differs in coordination alone.
	twin, err := scenarios.Load(res.Files[1], nil)
	if err != nil {
		t.Fatal(err)
	}
	q := twin.Params.Clone()
	q.Policy.Coordination = p.Policy.Coordination
	h1, _ := scenarios.Resolved(q)
	h2, _ := scenarios.Resolved(p)
	if string(h1) != string(h2) {
		t.Error("the no-coordination twin differs in more than coordination")
	}
	for _, c := range twin.Params.Policy.Coordination {
		if len(c) != 1 || c[0].Level != 0 {
			t.Errorf("twin coordination %v, want 0", c)
		}
	}
}

// Every number of the file says where it comes from: a line of the
// figures file, an ASSUMPTION or an UNKNOWN; unknowns are listed at the
// top; the file names no other region.
func TestInitMarksEveryValue(t *testing.T) {
	for _, from := range []string{example, ""} {
		res, _, text := initExample(t, Options{Name: "r", Members: []string{"AR", "BR", "PY", "UY"}, From: from})
		numLine := regexp.MustCompile(`^([a-z_A-Z]+) = (-?[0-9.e+]+)(.*)$`)
		section := ""
		for _, line := range strings.Split(text, "\n") {
			if strings.HasPrefix(line, "[") {
				section = line
				continue
			}
			mm := numLine.FindStringSubmatch(line)
			if mm == nil {
				continue
			}
			key, rest := mm[1], mm[3]
			switch {
			case key == "base_year" || key == "dt" || key == "output_step" || key == "transactions_per_user_day":
			case strings.Contains(section, "weights]"): // the section's header says ASSUMPTION
				if !strings.Contains(section, "ASSUMPTION") {
					t.Errorf("weights header %q not marked", section)
				}
			case strings.Contains(rest, "ASSUMPTION"), strings.Contains(rest, "UNKNOWN"):
			case from != "" && regexp.MustCompile(`synthetic-figures\.csv, line [0-9]+|lines [0-9]+, [0-9]+`).MatchString(rest):
			default:
				t.Errorf("from %q: %s %q: not marked as data, assumption or unknown", from, section, line)
			}
			if strings.Contains(rest, "UNKNOWN") && !strings.Contains(text, "#   "+strings.TrimSuffix(strings.TrimPrefix(section, "["), "]")+"."+key+"\n") {
				t.Errorf("unknown %s %s not listed at the top", section, key)
			}
		}
		if from == "" && len(res.Unknowns) != 4*(3+8) {
			// population, online share, income, 4 users, 4 GMV per member
			t.Errorf("%d unknowns without figures, want 44: %v", len(res.Unknowns), res.Unknowns)
		}
		for _, bad := range []string{"ASEAN", "SEA-6", "e-Conomy", "DEFA"} {
			if strings.Contains(text, bad) {
				t.Errorf("the file names %q", bad)
			}
		}
	}
}

func TestInitErrors(t *testing.T) {
	dir := t.TempDir()
	n := 0
	write := func(text string) string {
		n++
		p := filepath.Join(dir, strconv.Itoa(n), "f.csv")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	head := "iso2,variable,sector,year,value,unit\n"
	for _, c := range []struct {
		o    Options
		want string
	}{
		{Options{Name: "x", Members: []string{"AR", "QQ"}}, `"QQ" is not an ISO 3166-1 alpha-2 code`},
		{Options{Name: "x", Members: []string{"AR", "ar"}}, "listed twice"},
		{Options{Name: "x"}, "--members is required"},
		{Options{Name: "a/b", Members: []string{"AR"}}, "path separator"},
		{Options{Name: "x", Members: []string{"AR"}, From: write(head + "AR,gmv,ecommerce,2024,12O,USD bn\n")}, `f.csv:2: column value: "12O" is not a number`},
		{Options{Name: "x", Members: []string{"AR"}, From: write(head + "AR,gmv,ecommerce,2024,12,EUR\n")}, `f.csv:2: column unit: "EUR" is not a unit of money`},
		{Options{Name: "x", Members: []string{"AR"}, From: write(head + "AR,users,ecommerce,2024,12,USD\n")}, `column unit: "USD" is not a unit of people`},
		{Options{Name: "x", Members: []string{"AR"}, From: write(head + "AR,capacity,internet_users_pct,2024,0.8,share\n")}, `is not a percentage`},
		{Options{Name: "x", Members: []string{"AR"}, From: write(head + "AR,capacity,lpi_rank,2024,170,rank of 139\n")}, `does not hold rank 170`},
		{Options{Name: "x", Members: []string{"AR"}, From: write(head + "AR,gmv,ecommerce,twenty,12,USD bn\n")}, `column year: "twenty"`},
		{Options{Name: "x", Members: []string{"AR"}, From: write(head + "AR,gmv,ecommerce,2024,12,USD bn\nAR,gmv,ecommerce,2024,13,USD bn\n")}, "contradicts line 2"},
		{Options{Name: "x", Members: []string{"AR"}, From: write("iso2,variable,year,value,unit\n")}, `no column "sector"`},
		{Options{Name: "x", Members: []string{"AR"}, From: write("iso2;variable;sector;year;value;unit\n")}, `separated by semicolons`},
	} {
		c.o.Dir = t.TempDir()
		_, err := Init(c.o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err = %v, want %q", c.o, err, c.want)
		}
	}
	// A spreadsheet's byte-order mark and line ends are read.
	if _, err := Init(Options{Name: "x", Members: []string{"AR", "UY"}, Dir: t.TempDir(), From: write("\ufeff" + strings.ReplaceAll(head+"AR,gmv,ecommerce,2024,18,USD bn\n", "\n", "\r\n"))}); err != nil {
		t.Errorf("a file with a byte-order mark and CRLF: %v", err)
	}
	// A unit slip that is still a valid number is a warning naming it.
	res, err := Init(Options{Name: "x", Members: []string{"AR", "UY"}, Dir: t.TempDir(), From: write(head +
		"AR,gmv,ecommerce,2024,18,USD\nAR,capacity,population,2024,46000000,persons\nAR,capacity,gdp_current,2024,640,USD bn\n")})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range res.Warnings {
		if w.Key == "members.AR.gmv_usd.ecommerce" && strings.Contains(w.Reason, "billions") {
			found = true
		}
	}
	if !found {
		t.Errorf("GMV of 18 USD: warnings %v", res.Warnings)
	}
	// Files are not overwritten without --force.
	o := Options{Name: "y", Members: []string{"AR", "UY"}, Dir: t.TempDir()}
	if _, err := Init(o); err != nil {
		t.Fatal(err)
	}
	if _, err := Init(o); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("second init: %v", err)
	}
	o.Force = true
	if _, err := Init(o); err != nil {
		t.Error(err)
	}
}

// Pillars of the user's own get equal weights and the middle capacity.
func TestInitOwnPillars(t *testing.T) {
	_, sc, _ := initExample(t, Options{Name: "p", Members: []string{"AR", "UY"}, From: example, Pillars: []string{"payments", "customs"}, BaseYear: 2024})
	p := sc.Params
	if strings.Join(p.Pillars, ",") != "payments,customs" {
		t.Fatalf("pillars %v", p.Pillars)
	}
	for _, m := range p.Members {
		if m.Capacity[1] != defaultCapacity {
			t.Errorf("%s customs capacity %v", m.ID, m.Capacity[1])
		}
	}
	for _, s := range p.Segments {
		if s.Weights[1] != 1 {
			t.Errorf("%s customs weight %v", s.ID, s.Weights[1])
		}
	}
}
