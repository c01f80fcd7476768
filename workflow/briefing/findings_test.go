package briefing

import (
	"strings"
	"testing"

	"github.com/digisim/digisim/output/chart"
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
