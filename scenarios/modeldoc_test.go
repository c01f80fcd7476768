package scenarios

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/digisim/digisim/sim"
)

// TestModelDocDefaults: the segment and policy tables of MODEL.md state the
// values asean-2018 resolves to, so the document cannot drift from the file.
func TestModelDocDefaults(t *testing.T) {
	f, err := os.Open("../MODEL.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc, err := Load("asean-2018", nil)
	if err != nil {
		t.Fatal(err)
	}
	p := sc.Params
	var segs []string
	checked := 0
	sec := ""
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		line := lines.Text()
		if strings.HasPrefix(line, "### ") {
			sec = strings.TrimPrefix(line, "### ")
			continue
		}
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		switch {
		case sec == "Segments" && cells[0] == "key":
			segs = cells[1:]
		case sec == "Segments" && strings.HasPrefix(cells[0], "`"):
			key := strings.Trim(cells[0], "`")
			for j, s := range segs {
				// The key must be one a user can set, with the value shown.
				if _, err := Setter(p, "segments."+s+"."+key); err != nil {
					t.Fatalf("MODEL.md names segments.%s.%s: %v", s, key, err)
				}
				want := segmentValue(t, p, s, key)
				got, _ := strconv.ParseFloat(cells[j+1], 64)
				// %g in the table keeps six digits.
				if math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
					t.Errorf("MODEL.md: segments.%s.%s = %v, asean-2018 has %v", s, key, got, want)
				}
				checked++
			}
		case sec == "Policy (asean-2018, the status quo)" && strings.HasPrefix(cells[0], "`policy.") && !strings.Contains(cells[0], "coordination"):
			key := strings.TrimPrefix(strings.Trim(cells[0], "`"), "policy.")
			got, _ := strconv.ParseFloat(cells[1], 64)
			want := map[string]float64{
				"business_engagement": p.Policy.BusinessEngagement, "lag_years": p.Policy.LagYears,
				"lag_sensitivity": p.Policy.LagSensitivity, "spillover": p.Policy.Spillover,
				"absorptive_floor": p.Policy.AbsorptiveFloor, "gravity_size": p.Policy.GravitySize,
				"gravity_distance": p.Policy.GravityDistance,
			}[key]
			if got != want {
				t.Errorf("MODEL.md: policy.%s = %v, asean-2018 has %v", key, got, want)
			}
			checked++
		}
	}
	if checked < 40 {
		t.Errorf("checked only %d values of MODEL.md's tables", checked)
	}
}

// segmentValue reads a segment parameter by its scenario key.
func segmentValue(t *testing.T, p *sim.Params, seg, key string) float64 {
	t.Helper()
	for _, s := range p.Segments {
		if s.ID != seg {
			continue
		}
		return map[string]float64{
			"innovation": s.Innovation, "imitation": s.Imitation, "ceiling": s.Ceiling,
			"readiness_potential": s.ReadinessPotential, "complementarity": s.Complementarity,
			"income_elasticity": s.IncomeElasticity, "readiness_elasticity": s.ReadinessElasticity,
			"tradability": s.Tradability, "variety": s.Variety, "network": s.Network,
			"transactions_per_user_day": s.TransactionsPerDay,
		}[key]
	}
	t.Fatalf("no segment %s", seg)
	return 0
}
