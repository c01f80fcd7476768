package series_test

import (
	"math"
	"strings"
	"testing"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/series"
	"github.com/digisim/digisim/sim/simtest"
)

func run(t *testing.T) *sim.Result {
	t.Helper()
	r, err := sim.Run(simtest.ThreeMembers())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestEachCountsAndOrder: the number of records follows from the index
// sets (3 members, 2 segments, 3 pillars, 13 output times), and time never
// goes backwards.
func TestEachCountsAndOrder(t *testing.T) {
	r := run(t)
	N, S, K := 3, 2, 3
	perTime := 8*N*S + 1*N*K + 6*N + 3*(S+1) + 5
	n, last := 0, math.Inf(-1)
	series.Each(r, func(rec series.Record) {
		n++
		if rec.Time < last {
			t.Fatalf("time went back from %v to %v", last, rec.Time)
		}
		last = rec.Time
	})
	if want := perTime * len(r.Steps); n != want {
		t.Errorf("got %d records, want %d", n, want)
	}
}

// TestLookupAgreesWithRecords: every record can be found again by its
// selector, with the same value.
func TestLookupAgreesWithRecords(t *testing.T) {
	r := run(t)
	series.Each(r, func(rec series.Record) {
		l, err := series.Compile(r, series.Selector{Variable: rec.Variable, Member: rec.Member, Segment: rec.Segment, Pillar: rec.Pillar})
		if err != nil {
			t.Fatalf("%+v: %v", rec, err)
		}
		got, err := l.AtTime(r, rec.Time)
		if err != nil || got != rec.Value {
			t.Fatalf("%+v: lookup gave %v, %v", rec, got, err)
		}
	})
}

// TestRegionTotals: the regional total row equals the sum of member rows.
func TestRegionTotals(t *testing.T) {
	r := run(t)
	sn := &r.Steps[len(r.Steps)-1]
	total, _ := series.Compile(r, series.Selector{Variable: "gmv"})
	sum := 0.0
	for _, m := range r.Members {
		for _, s := range r.Segments {
			l, _ := series.Compile(r, series.Selector{Variable: "gmv", Member: m, Segment: s})
			sum += l.At(sn)
		}
	}
	// Same additions in a different order: rounding only.
	if math.Abs(total.At(sn)-sum) > 1e-9*sum {
		t.Errorf("region total %v, sum of members %v", total.At(sn), sum)
	}
}

func TestCompileErrors(t *testing.T) {
	r := run(t)
	cases := []struct {
		q    series.Selector
		want string
	}{
		{series.Selector{Variable: "gmvv"}, `unknown variable "gmvv"`},
		{series.Selector{Variable: "gmv", Member: "ZZ", Segment: "shop"}, `unknown member "ZZ" (known: AA, BB, CC)`},
		{series.Selector{Variable: "gmv", Segment: "nope"}, `unknown segment "nope"`},
		{series.Selector{Variable: "capacity", Member: "AA", Pillar: "x"}, `unknown pillar "x"`},
	}
	for _, c := range cases {
		_, err := series.Compile(r, c.q)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Compile(%v) = %v, want error containing %q", c.q, err, c.want)
		}
	}
	l, _ := series.Compile(r, series.Selector{Variable: "gini_gmv_per_head"})
	if _, err := l.AtTime(r, 2018.5); err == nil {
		t.Error("AtTime accepted a time that is not an output time")
	}
}
