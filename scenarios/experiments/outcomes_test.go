package experiments

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/experiment"
	"github.com/digisim/digisim/sim/series"
)

var sea6 = map[string]bool{"ID": true, "MY": true, "PH": true, "SG": true, "TH": true, "VN": true}

// groupSrc crosses asean-2025 and defa-2025 with no uncertainty: one run
// each, with SEA-6 outcomes and DEFA's ratio over asean-2025.
const groupSrc = `scenario = "asean-2025"
design = "montecarlo"
runs = 1
[[levers]]
scenarios = ["asean-2025", "defa-2025"]
[[outcomes]]
name = "sea6_2025"
variable = "gmv"
members = ["ID", "MY", "PH", "SG", "TH", "VN"]
year = 2025
[[outcomes]]
name = "sea6_2030"
variable = "gmv"
members = ["ID", "MY", "PH", "SG", "TH", "VN"]
year = 2030
[[outcomes]]
name = "sea6_cumulative"
cumulative = true
members = ["ID", "MY", "PH", "SG", "TH", "VN"]
[[outcomes]]
name = "ratio_2030"
variable = "gmv"
year = 2030
against = "asean-2025"
ratio = true
[[outcomes]]
name = "sea6_ratio_2030"
variable = "gmv"
members = ["ID", "MY", "PH", "SG", "TH", "VN"]
year = 2030
against = "asean-2025"
ratio = true
`

// handSums runs a shipped scenario and adds up, as a reader of its
// series.csv would, the GMV rows of SEA-6's members at year, every
// member's at year, and SEA-6's cumulative GMV.
func handSums(t *testing.T, name string, year float64) (sea6GMV, allGMV, sea6Cum float64) {
	t.Helper()
	sc, err := scenarios.Load(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(sc.Params)
	if err != nil {
		t.Fatal(err)
	}
	series.Each(res, func(r series.Record) {
		if r.Variable != "gmv" || r.Time != year || r.Member == "" || r.Segment == "" {
			return
		}
		allGMV += r.Value
		if sea6[r.Member] {
			sea6GMV += r.Value
		}
	})
	_, per := res.CumulativeGMV()
	for i, m := range res.Members {
		if sea6[m] {
			sea6Cum += per[i]
		}
	}
	return sea6GMV, allGMV, sea6Cum
}

// TestMemberGroupOutcomes: an outcome over a group of members is the sum
// of those members' rows of series.csv; in the base year it is the 299 bn
// USD that e-Conomy SEA 2025 gives for SEA-6 (the sum of the 24 member and
// segment figures asean-2025 is seeded with); a ratio is the run's value
// over the counterfactual's, each computed by a run of its own.
func TestMemberGroupOutcomes(t *testing.T) {
	if testing.Short() {
		t.Skip("four runs of the 2025 scenarios")
	}
	e, err := Parse("group.toml", []byte(groupSrc))
	if err != nil {
		t.Fatal(err)
	}
	var rows []experiment.Row
	err = experiment.Run(context.Background(), e.Run, experiment.Options{Workers: 1,
		Emit: func(r experiment.Row) error { rows = append(rows, r); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2 (asean-2025, defa-2025)", len(rows))
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*math.Abs(want) {
			t.Errorf("%s = %.12g, want %.12g", what, got, want)
		}
	}
	near("asean-2025 sea6_2025", rows[0].Outcomes[0], 299e9)
	a6, a10, aCum := handSums(t, "asean-2025", 2030)
	d6, d10, dCum := handSums(t, "defa-2025", 2030)
	for k, want := range [][3]float64{{a6, aCum, 1}, {d6, dCum, d10 / a10}} {
		near(e.Levers[0].Scenarios[k]+" sea6_2030", rows[k].Outcomes[1], want[0])
		near(e.Levers[0].Scenarios[k]+" sea6_cumulative", rows[k].Outcomes[2], want[1])
		near(e.Levers[0].Scenarios[k]+" ratio_2030", rows[k].Outcomes[3], want[2])
	}
	near("defa-2025 sea6_ratio_2030", rows[1].Outcomes[4], d6/a6)
	if !(a6 > 1e11 && a10 > a6 && d6 > a6) {
		t.Errorf("hand sums implausible: SEA-6 %g, ASEAN-10 %g, DEFA SEA-6 %g", a6, a10, d6)
	}
}

// TestMemberGroupErrors: a group that cannot be summed is refused before
// any run, naming the key and the fix.
func TestMemberGroupErrors(t *testing.T) {
	head := "scenario = \"asean-2025\"\ndesign = \"montecarlo\"\nruns = 1\n[[outcomes]]\nname = \"o\"\nvariable = \"gmv\"\nyear = 2030\n"
	for _, c := range []struct{ extra, want string }{
		{"members = [\"ID\", \"XX\"]\n", `outcomes[0].members: unknown member "XX" (known: BN`},
		{"members = [\"ID\", \"ID\"]\n", `"ID" is listed twice`},
		{"members = [\"ID\"]\nmember = \"MY\"\n", "name one member, or a group in members"},
		{"ratio = true\n", "outcomes[0].ratio: a ratio is this run over a counterfactual: name one with against"},
	} {
		_, err := Parse("bad.toml", []byte(head+c.extra))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want it to contain %q", c.extra, err, c.want)
		}
	}
}

// TestOutlookExperimentsRun: the first three futures of each shipped
// outlook experiment (six runs; the full sweeps are what docs/outlooks.md
// cites, run by scripts/outlooks.sh). The status quo over itself is exactly
// 1 (same values, same run); DEFA raises GMV a little; SEA-6 is part of
// ASEAN-10 and grows from its 2025 figure.
func TestOutlookExperimentsRun(t *testing.T) {
	if testing.Short() {
		t.Skip("twelve runs of the 2025 scenarios")
	}
	for _, name := range []string{"outlook-2030", "outlook-2030-calibrated"} {
		e, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		var rows []experiment.Row
		err = experiment.Run(context.Background(), e.Run, experiment.Options{To: 6,
			Emit: func(r experiment.Row) error { rows = append(rows, r); return nil }})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			sea6, all, ratio := r.Outcomes[0], r.Outcomes[1], r.Outcomes[2]
			policy := e.Levers[0].Scenarios[int(r.Params[0])]
			if !(sea6 > 299e9 && sea6 < all) {
				t.Errorf("%s run %d (%s): SEA-6 %g, ASEAN-10 %g: want 299e9 < SEA-6 < ASEAN-10", name, r.Run, policy, sea6, all)
			}
			if policy == "asean-2025" && ratio != 1 || policy == "defa-2025" && !(ratio > 1 && ratio < 1.1) {
				t.Errorf("%s run %d (%s): ratio to asean-2025 %v", name, r.Run, policy, ratio)
			}
		}
	}
}
