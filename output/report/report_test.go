package report

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/simtest"
)

// TestRunSummary: the printed table holds the base year, 2025 and the
// horizon, each segment's GMV in billions as the Result has it, and the
// compound growth rate recomputed here from the first and last totals.
func TestRunSummary(t *testing.T) {
	p := simtest.ThreeMembers()
	res, err := sim.Run(p)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Run(&b, "fixture", res); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	first, last := res.Steps[0], res.Steps[len(res.Steps)-1]
	growth := 100 * (math.Pow(last.Region.GMVTotal/first.Region.GMVTotal, 1/(last.Time-first.Time)) - 1)
	for _, want := range []string{
		"Scenario fixture", "2018", "2025", "2030", "shop", "ride",
		fmt.Sprintf("%.1f", first.Region.GMV[0]/1e9), fmt.Sprintf("%.1f%%", growth),
		"Gini of GMV per head",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

func TestDividendTable(t *testing.T) {
	var b bytes.Buffer
	err := Dividend(&b, "pol", "base", []string{"AA", "BB"}, []float64{3e9, 1e9}, []float64{2e9, 1.5e9}, 2018, 2030)
	if err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// AA gains 1.00 bn (+50%), BB loses 0.50 bn (-33.33%), the region 0.50 bn (+14.29%).
	for _, want := range []string{"+1.00", "+50.00%", "-0.50", "-33.33%", "region", "+14.29%", "2018-2030"} {
		if !strings.Contains(out, want) {
			t.Errorf("dividend table lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "AA") > strings.Index(out, "BB") {
		t.Error("members are not sorted by dividend, largest first")
	}
}
