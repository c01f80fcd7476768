package experiment_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/experiment"
	"github.com/digisim/digisim/sim/series"
)

// TestCumulativeToYear: a cumulative outcome with a year is the sum of
// the annual GMV of the years after the base year up to it (MODEL.md),
// recomputed here from the run's yearly regional GMV; without a year it is
// to the horizon.
func TestCumulativeToYear(t *testing.T) {
	e := small()
	e.Shocks.SD = 0
	e.Outcomes = []experiment.Outcome{
		{Name: "to_2025", Of: series.Selector{Variable: "gmv"}, Cumulative: true, Year: 2025},
		{Name: "to_horizon", Of: series.Selector{Variable: "gmv"}, Cumulative: true},
	}
	row := collect(t, e, experiment.Options{From: 0, To: 1})[0]
	p := e.Base.Clone()
	p.Segments[0].Imitation, p.Policy.Spillover, p.Policy.BusinessEngagement = 0.3, 0.1, 0.9
	res, err := sim.Run(p)
	if err != nil {
		t.Fatal(err)
	}
	var to2025 float64
	for k := 1; k < len(res.Steps) && res.Steps[k].Time <= 2025+1e-9; k++ {
		a, b := res.Steps[k-1], res.Steps[k]
		to2025 += (b.Time - a.Time) * b.Region.GMVTotal
	}
	if got := row.Outcomes[0]; !near(got, to2025) {
		t.Errorf("to_2025 = %v, recomputed %v", got, to2025)
	}
	if total, _ := res.CumulativeGMV(); row.Outcomes[1] != total || !(row.Outcomes[1] > row.Outcomes[0]) {
		t.Errorf("to_horizon = %v, CumulativeGMV %v (and more than to_2025 %v)", row.Outcomes[1], total, row.Outcomes[0])
	}
	e.Outcomes[0].Year = 2025.5
	if err := experiment.Run(context.Background(), e, experiment.Options{To: 1, Emit: func(experiment.Row) error { return nil }}); err == nil ||
		!strings.Contains(err.Error(), "cumulative to year 2025.5, which is not an output time") {
		t.Errorf("a year between output times: %v", err)
	}
}

func near(a, b float64) bool { return a == b || (a-b)/b < 1e-12 && (b-a)/b < 1e-12 }

// TestCapsStopARun: income shocks that carry a run past MODEL.md's caps
// stop it with the output, member, time and value.
func TestCapsStopARun(t *testing.T) {
	e := small()
	e.Shocks = experiment.Shocks{Phi: 0, SD: 3}
	err := experiment.Run(context.Background(), e, experiment.Options{To: 1, Emit: func(experiment.Row) error { return nil }})
	var ce *experiment.CapError
	if !errors.As(err, &ce) || ce.Value <= ce.Cap || ce.Member == "" || ce.Time <= e.Base.Time.Start {
		t.Fatalf("%v (%+v)", err, ce)
	}
	if !strings.Contains(err.Error(), "beyond MODEL.md's cap") {
		t.Errorf("%v", err)
	}
}
