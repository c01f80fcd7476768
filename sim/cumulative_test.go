package sim_test

import (
	"math"
	"testing"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/simtest"
)

// TestCumulativeGMVSumsYears: with yearly output, cumulative GMV is the
// sum of the regional GMV of every year after the base year (summed here
// from the snapshots' regional totals), and GMVFrom(y) the sum from year
// y on; each member's total adds up to the region's.
func TestCumulativeGMVSumsYears(t *testing.T) {
	p := simtest.ThreeMembers()
	res, err := sim.Run(p)
	if err != nil {
		t.Fatal(err)
	}
	if res.Steps[1].Time-res.Steps[0].Time != 1 {
		t.Fatalf("the fixture's output step is %v, want 1 year", res.Steps[1].Time-res.Steps[0].Time)
	}
	from := res.Steps[3].Time
	var all, since float64
	for _, sn := range res.Steps[1:] {
		all += sn.Region.GMVTotal
		if sn.Time >= from {
			since += sn.Region.GMVTotal
		}
	}
	for _, c := range []struct {
		name string
		want float64
		got  func() (float64, []float64)
	}{
		{"CumulativeGMV", all, res.CumulativeGMV},
		{"GMVFrom", since, func() (float64, []float64) { return res.GMVFrom(from) }},
	} {
		total, per := c.got()
		if math.Abs(total-c.want) > 1e-9*c.want {
			t.Errorf("%s = %v, sum of the years %v", c.name, total, c.want)
		}
		var sum float64
		for _, v := range per {
			sum += v
		}
		if math.Abs(sum-total) > 1e-9*total {
			t.Errorf("%s: members add up to %v, region %v", c.name, sum, total)
		}
	}
	if since >= all || since <= 0 {
		t.Errorf("sum from %v (%v) is not a positive part of the whole (%v)", from, since, all)
	}
}
