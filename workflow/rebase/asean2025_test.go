package rebase_test

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/observed"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/workflow/rebase"
)

// The shipped asean-2025 starts from the published 2025 GMV of every SEA-6
// member and segment exactly: each of the 24 figures of the project's
// source file (shared/data/history_2023_2025.csv, copied to
// scenarios/observed/testdata), read here with encoding/csv, is the base
// year's GMV to 1e-12 (the file holds the figure itself; the model
// reproduces its seed, MODEL.md Base year).
func TestShippedAsean2025GMV(t *testing.T) {
	sc, err := scenarios.Load("asean-2025", nil)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Params.Time.Start != 2025 {
		t.Fatalf("base year %v", sc.Params.Time.Start)
	}
	run, err := sim.Run(sc.Params)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../../scenarios/observed/testdata/source_history_2023_2025.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	S := len(sc.Params.Segments)
	n, sea6 := 0, 0.0
	for _, r := range rows[1:] { // iso2,member,variable,sector,year,value,unit,...
		if r[2] != "gmv" || r[4] != "2025" || r[0] == "SEA6" || r[3] == "total" {
			continue
		}
		if r[6] != "USD bn" {
			t.Fatalf("unit %q", r[6])
		}
		v, err := strconv.ParseFloat(r[5], 64)
		if err != nil {
			t.Fatal(err)
		}
		i, s := index(sc.Params, r[0], r[3])
		if i < 0 || s < 0 {
			t.Fatalf("%s %s: not in asean-2025", r[0], r[3])
		}
		got := run.Steps[0].GMV[i*S+s]
		if math.Abs(got/(v*1e9)-1) > 1e-12 {
			t.Errorf("asean-2025 %s %s 2025: %.12g, published %v bn", r[0], r[3], got, v)
		}
		sea6 += got
		n++
	}
	if n != 24 {
		t.Errorf("%d member x segment figures for 2025, want 24", n)
	}
	if math.Abs(sea6/299e9-1) > 1e-12 {
		t.Errorf("SEA-6 GMV 2025 %.6g, want 299e9 (182 + 49 + 34 + 34)", sea6)
	}
}

// asean-2025's population, income per head and online share are the World
// Bank's 2024 figures carried to 2025 by each member's rates, recomputed
// here in closed form (P e^gP, GDP/P e^gy, the logistic's solution); where
// there is no figure (Myanmar's online share) the value is covid-2025's
// state in 2025; and users keep the adoption U/M of covid-2025's run in
// 2025. Tolerance 1e-9: the file keeps 10 significant digits.
func TestShippedAsean2025Inputs(t *testing.T) {
	sc, err := scenarios.Load("asean-2025", nil)
	if err != nil {
		t.Fatal(err)
	}
	parent, err := scenarios.Load("covid-2025", []string{"time.horizon=2025"})
	if err != nil {
		t.Fatal(err)
	}
	in, err := observed.ShippedIndicators()
	if err != nil {
		t.Fatal(err)
	}
	run, err := sim.Run(sc.Params)
	if err != nil {
		t.Fatal(err)
	}
	prun, err := sim.Run(parent.Params)
	if err != nil {
		t.Fatal(err)
	}
	k, ok := prun.StepAt(2025)
	if !ok {
		t.Fatal("covid-2025 has no 2025 output")
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got/want-1) > 1e-9 {
			t.Errorf("%s: %.10g, want %.10g", what, got, want)
		}
	}
	S := len(sc.Params.Segments)
	derived := 0
	for i, m := range sc.Params.Members {
		pm := parent.Params.Members[i]
		pop, ok1 := in.Get(m.ID, "population", 2024)
		gdp, ok2 := in.Get(m.ID, "gdp", 2024)
		if !ok1 || !ok2 {
			t.Fatalf("%s: no 2024 population or GDP", m.ID)
		}
		near(m.ID+" population", m.Population, pop*math.Exp(pm.PopulationGrowth))
		near(m.ID+" income per head", m.IncomePerHeadUSD, gdp/pop*math.Exp(pm.IncomeGrowth))
		if n, ok := in.Get(m.ID, "internet_share", 2024); ok {
			nmax, r := pm.OnlineShareMax, pm.OnlineSpeed
			near(m.ID+" online share", m.OnlineShare, nmax/(1+(nmax/n-1)*math.Exp(-r)))
		} else {
			derived++
			near(m.ID+" online share (no figure)", m.OnlineShare, prun.Steps[k].OnlineShare[i])
		}
		for s := range S {
			j := i*S + s
			near(m.ID+" "+sc.Params.Segments[s].ID+" adoption U/M", run.Steps[0].Users[j]/run.Steps[0].Potential[j],
				prun.Steps[k].Users[j]/prun.Steps[k].Potential[j])
		}
	}
	if derived != 1 {
		t.Errorf("%d members without an internet figure, want 1 (MM)", derived)
	}
}

// A published internet share at or above the member's ceiling cannot be
// carried along the logistic: the rebase refuses, naming the key to raise
// (covid-2018 keeps Malaysia's ceiling at 0.95; WDI gives 0.98 for 2024).
func TestRebaseIndicatorAboveCeiling(t *testing.T) {
	in, err := observed.ShippedIndicators()
	if err != nil {
		t.Fatal(err)
	}
	_, err = rebase.Rebase(rebase.Options{Scenario: "covid-2018", Year: 2025, Data: observed.History2025, Indicators: in})
	if err == nil || !strings.Contains(err.Error(), "raise members.MY.online_share_max") {
		t.Errorf("got %v", err)
	}
}
