package plot

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/table"
)

// Users are counted per segment: the members and scenarios charts never
// sum them into persons, and draw one segment when asked.
func TestUsersNeverSummed(t *testing.T) {
	dir := runFolder(t)
	for _, name := range []string{"members"} {
		_, err := Draw(dir, Options{Chart: name, Variable: "users", Format: chart.SVG, Size: chart.Page, Out: t.TempDir()})
		var u *usage.Error
		if err == nil || !strings.Contains(err.Error(), "cannot be summed into persons") || !errors.As(err, &u) {
			t.Errorf("%s --var users: %v, want a usage error that users are not summed", name, err)
		}
	}
	rows, err := table.ReadTidyFile(filepath.Join(dir, "series.csv"))
	if err != nil {
		t.Fatal(err)
	}
	seg := ""
	for _, r := range rows {
		if r.Variable == "users" && r.Segment != "" {
			seg = r.Segment
			break
		}
	}
	out := t.TempDir()
	written, err := Draw(dir, Options{Chart: "members", Variable: "users", Segment: seg, Format: chart.SVG, Size: chart.Page, Out: out})
	if err != nil || len(written) != 1 {
		t.Fatalf("--var users --segment %s: %v, %v", seg, written, err)
	}
	b, err := os.ReadFile(written[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "Users of "+strings.ToLower(chart.DisplayName(seg))) {
		t.Errorf("members chart of one segment's users does not say which segment")
	}
	if _, err := Draw(dir, Options{Chart: "members", Variable: "users", Segment: "nope", Format: chart.SVG, Size: chart.Page, Out: out}); err == nil || !strings.Contains(err.Error(), `"nope": not a segment`) {
		t.Errorf("--segment nope: %v", err)
	}
}

// The convergence chart's title says what both measures do: members
// converge only when the Gini and the coefficient of variation both fall,
// and a Gini that falls while the spread widens is said as such; its
// subtitle says "falling lines mean convergence" only when lines fall.
func TestConvergenceNote(t *testing.T) {
	mk := func(gini, cv []float64) *folder {
		f := &folder{names: []string{"a"}}
		for i := range gini {
			f.series = append(f.series, table.Row{Scenario: "a", Time: 2018 + float64(i), Variable: "gini_gmv_per_head", Value: gini[i]},
				table.Row{Scenario: "a", Time: 2018 + float64(i), Variable: "cv_gmv_per_head", Value: cv[i]})
		}
		return f
	}
	down, up := []float64{0.4, 0.3, 0.2}, []float64{0.2, 0.3, 0.4}
	for _, c := range []struct {
		gini, cv    []float64
		title, note string
		noFalling   bool
	}{
		{down, down, "Members converge", "falling lines mean convergence", false},
		{up, up, "Members drift apart", "rising lines mean members drift apart", true},
		{down, up, "Gini falls while the spread across members widens", "weighted by population the gaps narrow, member by member they widen", false},
		{up, down, "Gini rises while the spread across members narrows", "weighted by population the gaps widen, member by member they narrow", false},
	} {
		ch, err := mk(c.gini, c.cv).convergence()
		if err != nil {
			t.Fatal(err)
		}
		m := ch.Meta()
		if !strings.Contains(m.Title, c.title) || !strings.Contains(m.Subtitle, c.note) || (c.noFalling && strings.Contains(m.Subtitle, "falling")) {
			t.Errorf("gini %v, cv %v: title %q, subtitle %q; want %q and %q", c.gini, c.cv, m.Title, m.Subtitle, c.title, c.note)
		}
		if c.cv[2] > c.cv[0] && strings.Contains(m.Title, "converge") {
			t.Errorf("gini %v, cv %v: title %q says members converge while their spread widens", c.gini, c.cv, m.Title)
		}
	}
}

// Outcome and parameter names on charts are the vocabulary's, never raw
// paths or column names; the data source follows the base year.
func TestReadableNames(t *testing.T) {
	if got := DataSource(2015); !strings.Contains(got, "e-Conomy SEA 2016, 2015 figures") {
		t.Errorf("DataSource(2015) = %q", got)
	}
	if got := DataSource(2018); got != "base-year data e-Conomy SEA 2018 (Google, Temasek)" {
		t.Errorf("DataSource(2018) = %q", got)
	}
	if got := DataSource(2022); !strings.Contains(got, "e-Conomy SEA 2022 (Google, Temasek, Bain)") {
		t.Errorf("DataSource(2022) = %q", got)
	}
	if got := short("Capacity spillover rate (per year)"); got != "Capacity spillover rate" {
		t.Errorf("short = %q", got)
	}
	if got := LargestSegment("online_travel", "ecommerce"); got != "e-commerce overtakes online travel" {
		t.Errorf("LargestSegment = %q", got)
	}
}

// Tornado bars carry the parameters' readable names, not their paths.
func TestTornadoNames(t *testing.T) {
	dir := t.TempDir()
	csv := "outcome,parameter,method,measure,value,ci_low,ci_high\n" +
		"dividend,members.*.investment.*,sobol,S1,0.2,0.1,0.3\n" +
		"dividend,members.*.investment.*,sobol,ST,0.3,0.2,0.4\n" +
		"dividend,policy.spillover,sobol,S1,0.5,0.4,0.6\n" +
		"dividend,policy.spillover,sobol,ST,0.6,0.5,0.7\n"
	if err := os.WriteFile(filepath.Join(dir, "sensitivity.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := manifest.New("sensitivity", map[string]any{}, []string{"analyze"})
	if err != nil {
		t.Fatal(err)
	}
	if err := manifest.Write(filepath.Join(dir, "manifest.json"), m); err != nil { // written last: the folder is complete
		t.Fatal(err)
	}
	written, err := Draw(dir, Options{Chart: "tornado", Format: chart.SVG, Size: chart.Page})
	if err != nil || len(written) != 1 {
		t.Fatalf("tornado: %v, %v", written, err)
	}
	b, err := os.ReadFile(written[0])
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{"Own capacity investment (per year), all members and pillars", "Capacity spillover rate drives dividend most"} {
		if !strings.Contains(s, want) {
			t.Errorf("tornado lacks %q", want)
		}
	}
	if strings.Contains(s, "members.*") || strings.Contains(s, "policy.spillover") {
		t.Error("tornado shows a raw parameter path")
	}
}
