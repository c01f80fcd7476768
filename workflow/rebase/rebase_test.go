package rebase_test

import (
	"math"
	"testing"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/observed"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/workflow/rebase"
)

// The rebased scenario's base year reproduces the published GMV of every
// member and segment with data (to 1e-9: the seed is the data, and the
// model reproduces its seed exactly, MODEL.md Base year), and imputes the
// others by asean-2018's rule, recomputed here by hand.
func TestRebaseOnData(t *testing.T) {
	res, err := rebase.Rebase(rebase.Options{Scenario: "covid-2018", Year: 2022, Data: observed.History, Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	q := res.Params
	if q.Time.Start != 2022 {
		t.Fatalf("base year %v", q.Time.Start)
	}
	run, err := sim.Run(q)
	if err != nil {
		t.Fatal(err)
	}
	sn := &run.Steps[0]
	data, _ := observed.Load(observed.Recent)
	S := len(q.Segments)
	n := 0
	for _, ob := range data.Obs {
		if ob.Year != 2022 || ob.Variable != "gmv" || len(ob.Members) != 1 || ob.Segment == "total" {
			continue
		}
		i, s := index(q, ob.Region, ob.Segment)
		if got := sn.GMV[i*S+s]; math.Abs(got/ob.Value-1) > 1e-9 {
			t.Errorf("%s %s 2022: GMV %.10g, published %.10g", ob.Region, ob.Segment, got, ob.Value)
		}
		n++
	}
	if n != 24 {
		t.Errorf("%d member x segment figures for 2022, want 24 (6 members x 4 segments)", n)
	}
	// Imputation: PH's GMV-to-GDP ratio scaled by online share, capped at
	// the covered members' ratio.
	gdp := func(m *sim.Member) float64 { return m.Population * m.IncomePerHeadUSD }
	sum := func(v []float64) float64 {
		t := 0.0
		for _, x := range v {
			t += x
		}
		return t
	}
	covG, covGDP := 0.0, 0.0
	for _, id := range res.Observed {
		m := &q.Members[memberIx(q, id)]
		covG += sum(m.GMVUSD)
		covGDP += gdp(m)
	}
	ph := &q.Members[memberIx(q, "PH")]
	for _, id := range res.Imputed {
		m := &q.Members[memberIx(q, id)]
		want := math.Min(sum(ph.GMVUSD)/gdp(ph)*m.OnlineShare/ph.OnlineShare, covG/covGDP)
		if got := sum(m.GMVUSD) / gdp(m); math.Abs(got/want-1) > 1e-12 {
			t.Errorf("%s: GMV/GDP %.6g, want %.6g", id, got, want)
		}
	}
	if len(res.Imputed) != 4 {
		t.Errorf("imputed %v, want BN KH LA MM", res.Imputed)
	}
}

// The shipped asean-2022 is what rebase writes: its base year reproduces
// the 2022 figures to 1e-9 and its SEA-6 total is their sum.
func TestShippedAsean2022(t *testing.T) {
	sc, err := scenarios.Load("asean-2022", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := rebase.Rebase(rebase.Options{Scenario: "covid-2018", Year: 2022, Data: observed.History})
	if err != nil {
		t.Fatal(err)
	}
	run, err := sim.Run(sc.Params)
	if err != nil {
		t.Fatal(err)
	}
	S := len(sc.Params.Segments)
	sea6 := 0.0
	for _, id := range []string{"ID", "MY", "PH", "SG", "TH", "VN"} {
		i := memberIx(sc.Params, id)
		for s := range S {
			got, want := run.Steps[0].GMV[i*S+s], res.Params.Members[i].GMVUSD[s]
			if math.Abs(got/want-1) > 1e-9 {
				t.Errorf("asean-2022 %s %s: %.10g, the data give %.10g", id, sc.Params.Segments[s].ID, got, want)
			}
			sea6 += got
		}
	}
	// 129 + 18 + 23 + 25 bn: the latest-vintage member x segment sums for
	// 2022 (scenarios/observed/README.md).
	if math.Abs(sea6/195e9-1) > 1e-9 {
		t.Errorf("SEA-6 GMV 2022 %.6g, want 195e9", sea6)
	}
	// The other state is the rebase's too (10 significant digits kept).
	for i, m := range sc.Params.Members {
		r := res.Params.Members[i]
		if math.Abs(m.Population/r.Population-1) > 1e-9 || math.Abs(m.Users[0]/r.Users[0]-1) > 1e-9 || math.Abs(m.Tenure[0]/r.Tenure[0]-1) > 1e-9 {
			t.Errorf("%s: the shipped state differs from digisim rebase's: regenerate asean-2022.toml (see its header)", m.ID)
		}
	}
}

func TestRebaseRefuses(t *testing.T) {
	for _, o := range []rebase.Options{
		{Scenario: "covid-2018", Year: 2040, Data: observed.History},
		{Scenario: "covid-2018", Year: 2021, Data: observed.History, Like: "BN"},
		{Scenario: "agreement", Year: 2017, Data: observed.History},
	} {
		if _, err := rebase.Rebase(o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

func index(p *sim.Params, member, segment string) (int, int) {
	s := -1
	for k, sg := range p.Segments {
		if sg.ID == segment {
			s = k
		}
	}
	return memberIx(p, member), s
}

func memberIx(p *sim.Params, id string) int {
	for i, m := range p.Members {
		if m.ID == id {
			return i
		}
	}
	return -1
}
