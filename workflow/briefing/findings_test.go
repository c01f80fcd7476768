package briefing

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/scenarios/experiments"
)

// The finding titles of a comparison's charts, each a step of its own
// (compareBrief), against sentences written out by hand from the numbers.

func TestRelativeFinding(t *testing.T) {
	for _, c := range []struct {
		top  []string
		loss bool
		want string
	}{
		{nil, false, "The dividend relative to each member's size"},
		{[]string{"Myanmar"}, false, "Myanmar gains most relative to its size"},
		{[]string{"Myanmar", "Lao PDR"}, false, "Myanmar and Lao PDR gain most relative to their size"},
		{[]string{"Myanmar"}, true, "Myanmar loses most relative to its size"},
		{[]string{"Myanmar", "Lao PDR"}, true, "Myanmar and Lao PDR lose most relative to their size"},
	} {
		if got := relativeFinding(c.top, c.loss); got != c.want {
			t.Errorf("relativeFinding(%v, %v) = %q, want %q", c.top, c.loss, got, c.want)
		}
	}
}

func TestYearlyFinding(t *testing.T) {
	x := []float64{2026, 2027, 2028}
	for _, c := range []struct {
		d    []float64
		want string
	}{
		{[]float64{0, 0, 0}, "The policy makes no difference to yearly GMV"},
		{[]float64{1e9, 2e9, 3.2e9}, "The dividend grows to US$3.2bn a year by 2035"},
		{[]float64{-1e9, -2e9, -3.2e9}, "The loss grows to US$3.2bn a year by 2035"},
		{[]float64{1e9, 5e9, 3e9}, "The yearly dividend peaks at US$5.0bn in 2027"},
		{[]float64{-1e9, -5e9, -3e9}, "The yearly dividend peaks at -US$5.0bn in 2027"},
		// The peak is the largest in absolute value: a loss of 5bn outweighs a gain of 4bn.
		{[]float64{4e9, -5e9, 1e9}, "The yearly dividend peaks at -US$5.0bn in 2027"},
	} {
		if got := yearlyFinding(x, c.d, 2035); got != c.want {
			t.Errorf("yearlyFinding(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestWaterfallFinding(t *testing.T) {
	name := strings.ToUpper
	parts := []chart.Bar{{Name: "id", Value: 30}, {Name: "th", Value: -10}, {Name: "vn", Value: 50}, {Name: "ph", Value: 20}}
	for _, c := range []struct {
		parts []chart.Bar
		total float64
		want  string
	}{
		// vn (50) and id (30) are the two largest: 80 of 90.
		{parts, 90, "VN and ID make up 89% of the dividend"},
		// A share above 1 or at most 0 is not a share: the plain title.
		{parts, 60, "How members add up to the regional dividend"},
		{parts, -90, "How members add up to the regional dividend"},
		{[]chart.Bar{{Name: "id", Value: -30}, {Name: "vn", Value: -50}, {Name: "th", Value: -20}}, -100, "VN and ID bear 80% of the loss"},
		{parts[:1], 30, "How members add up to the regional dividend"},
		{parts, 0, "How members add up to the regional dividend"},
	} {
		if got := waterfallFinding(c.parts, c.total, name); got != c.want {
			t.Errorf("waterfallFinding(%v, %v) = %q, want %q", c.parts, c.total, got, c.want)
		}
	}
	if parts[0].Name != "id" || parts[2].Name != "vn" {
		t.Errorf("waterfallFinding reordered its input: %v", parts)
	}
}

func TestGapFinding(t *testing.T) {
	if got, want := gapFinding("Binding rules", "no coordination", 0.0851, 2035), "Binding rules: GMV 8.5% above no coordination by 2035"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := gapFinding("The agreement", "no coordination", -0.25, 2030), "The agreement: GMV 25% below no coordination by 2030"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestDividendRange: the share of runs that gain and the type-7
// percentiles, worked out by hand for -2..10, shuffled.
func TestDividendRange(t *testing.T) {
	vals := []float64{3, -1, 7, 0, 10, 5, 1, 9, 2, 8, 6, 4, -2}
	u := dividendRange(vals)
	// 13 values, sorted -2..10; 10 of them > 0. Type 7: h = p*(n-1) = 12p:
	// p05 h 0.6 -> -2 + 0.6*1 = -1.4; p50 h 6 -> 4; p95 h 11.4 -> 9 + 0.4 = 9.4.
	if u.Runs != 13 || u.PPositive != 10.0/13 {
		t.Errorf("runs %d, positive %v; want 13 and 10/13", u.Runs, u.PPositive)
	}
	for _, c := range []struct{ got, want float64 }{{u.P05, -1.4}, {u.P50, 4}, {u.P95, 9.4}} {
		if math.Abs(c.got-c.want) > 1e-12 {
			t.Errorf("percentile %v, want %v", c.got, c.want)
		}
	}
	if vals[0] != 3 || vals[12] != -2 {
		t.Error("dividendRange sorted its input")
	}
}

func TestDistributionFinding(t *testing.T) {
	for _, c := range []struct {
		positive float64
		want     string
	}{
		{1, "The dividend is positive in all 1,000 runs"},
		{0, "The dividend is negative or zero in all 1,000 runs"},
		{0.873, "The dividend is positive in 87% of futures"},
		{0.034, "The dividend is positive in 3.4% of futures"},
	} {
		if got := distributionFinding(c.positive, "1,000"); got != c.want {
			t.Errorf("distributionFinding(%v) = %q, want %q", c.positive, got, c.want)
		}
	}
}

// TestDividendOutcome: the sweep's outcome against the comparison's
// counterfactual, of the region; the outcomes it has named when there is
// none; a sweep with levers refused.
func TestDividendOutcome(t *testing.T) {
	f := &folder{base: "no-coordination"}
	exp := &experiments.File{Name: "e", Outcomes: []experiments.Outcome{
		{Name: "gmv_2030"},
		{Name: "member_div", Cumulative: true, Against: "no-coordination", Member: "ID"},
		{Name: "div_2018", Cumulative: true, Against: "asean-2018"},
		{Name: "div", Cumulative: true, Against: "no-coordination"},
	}}
	if got := dividendOutcomes(exp); len(got) != 2 || got[0].Name != "div_2018" || got[1].Name != "div" {
		t.Errorf("dividendOutcomes = %v, want div_2018 and div (regional, cumulative, against)", got)
	}
	if got, err := f.dividendOutcome("d", exp); err != nil || got != "div" {
		t.Errorf("got %q, %v; want div", got, err)
	}
	exp.Levers = []experiments.Lever{{Path: "policy.spillover"}}
	if _, err := f.dividendOutcome("d", exp); err == nil || !strings.Contains(err.Error(), "has levers") {
		t.Errorf("a sweep with levers: %v", err)
	}
	exp.Levers = nil
	exp.Outcomes = exp.Outcomes[:3]
	_, err := f.dividendOutcome("d", exp)
	if !errors.Is(err, ErrNoDividendOutcome) || !strings.Contains(err.Error(), "(dividend outcomes: div_2018 (against asean-2018))") {
		t.Errorf("no outcome against the counterfactual: %v", err)
	}
}
