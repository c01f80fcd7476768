package experiment_test

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/experiment"
	"github.com/digisim/digisim/sim/sample"
	"github.com/digisim/digisim/sim/series"
	"github.com/digisim/digisim/sim/simtest"
)

// small returns an experiment on the three-member fixture: two uncertain
// parameters on a 4 x 3 grid, a lever, 2 replicates with income shocks.
func small() *experiment.Experiment {
	base := simtest.ThreeMembers()
	none := base.Clone()
	for k := range none.Policy.Coordination {
		none.Policy.Coordination[k] = []sim.Point{{Year: 2018, Level: 0}}
	}
	imit := []float64{0.3, 0.35, 0.4, 0.45}
	spill := []float64{0.1, 0.2, 0.3}
	return &experiment.Experiment{
		Base: base,
		Params: []experiment.Param{
			{Name: "segments.shop.imitation", Set: func(p *sim.Params, v float64) { p.Segments[0].Imitation = v }},
			{Name: "policy.spillover", Set: func(p *sim.Params, v float64) { p.Policy.Spillover = v }},
			{Name: "policy.business_engagement", Lever: true, Set: func(p *sim.Params, v float64) { p.Policy.BusinessEngagement = v }},
		},
		Points: 12,
		Point: func(d int, v []float64) {
			v[0], v[1], v[2] = imit[d%4], spill[d/4], 0.9
		},
		Replicates: 2,
		Shocks:     experiment.Shocks{Phi: 0.5, SD: 0.01},
		Seed:       42,
		Outcomes: []experiment.Outcome{
			{Name: "gmv_2025", Of: series.Selector{Variable: "gmv"}, Year: 2025},
			{Name: "gini_2030", Of: series.Selector{Variable: "gini_gmv_per_head"}, Year: 2030},
			{Name: "cum_gmv_BB", Of: series.Selector{Member: "BB"}, Cumulative: true},
			{Name: "dividend", Cumulative: true, Against: none},
		},
		Series: []experiment.Series{{Name: "gmv", Of: series.Selector{Variable: "gmv"}}},
	}
}

func collect(t *testing.T, e *experiment.Experiment, opt experiment.Options) []experiment.Row {
	t.Helper()
	var rows []experiment.Row
	opt.Emit = func(r experiment.Row) error { rows = append(rows, r); return nil }
	if err := experiment.Run(context.Background(), e, opt); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestWorkersDoNotChangeResults: 1 and 4 workers give identical rows, in
// run-index order.
func TestWorkersDoNotChangeResults(t *testing.T) {
	a := collect(t, small(), experiment.Options{Workers: 1})
	b := collect(t, small(), experiment.Options{Workers: 4})
	if len(a) != 24 {
		t.Fatalf("got %d rows, want 24", len(a))
	}
	for i := range a {
		if a[i].Run != i || a[i].Point != i/2 || a[i].Replicate != i%2 {
			t.Fatalf("row %d has run %d point %d replicate %d", i, a[i].Run, a[i].Point, a[i].Replicate)
		}
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("rows differ between 1 and 4 workers")
	}
}

// TestRangesCompose: running [0, 10) and [10, 24) gives the rows of [0, 24).
func TestRangesCompose(t *testing.T) {
	all := collect(t, small(), experiment.Options{Workers: 2})
	lo := collect(t, small(), experiment.Options{Workers: 2, From: 0, To: 10})
	hi := collect(t, small(), experiment.Options{Workers: 3, From: 10, To: 24})
	if !reflect.DeepEqual(all, append(lo, hi...)) {
		t.Error("shards do not compose to the whole")
	}
}

// TestReplicatesDifferOnlyInShocks: replicates of a design point share
// parameters and differ in income (shocks), and zero SD removes the
// difference.
func TestReplicatesDifferOnlyInShocks(t *testing.T) {
	rows := collect(t, small(), experiment.Options{})
	if !reflect.DeepEqual(rows[0].Params, rows[1].Params) {
		t.Error("replicates of one design point have different parameters")
	}
	if rows[0].Outcomes[0] == rows[1].Outcomes[0] {
		t.Error("replicates with shocks gave the same GMV")
	}
	e := small()
	e.Shocks.SD = 0
	rows = collect(t, e, experiment.Options{})
	if rows[0].Outcomes[0] != rows[1].Outcomes[0] {
		t.Error("replicates without shocks differ")
	}
}

// TestOutcomesMatchDirectRuns recomputes one run's outcomes by hand from
// sim.Run: the design values, the lever, and the counterfactual without it.
func TestOutcomesMatchDirectRuns(t *testing.T) {
	e := small()
	e.Shocks.SD = 0
	rows := collect(t, e, experiment.Options{From: 14, To: 15})
	row := rows[0] // design point 7: imitation 0.45, spillover 0.2
	p := e.Base.Clone()
	p.Segments[0].Imitation, p.Policy.Spillover, p.Policy.BusinessEngagement = 0.45, 0.2, 0.9
	res, err := sim.Run(p)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := row.Outcomes[0], res.Steps[7].Region.GMVTotal; got != want {
		t.Errorf("gmv_2025 = %v, direct run %v", got, want)
	}
	_, per := res.CumulativeGMV()
	if got := row.Outcomes[2]; got != per[1] {
		t.Errorf("cum_gmv_BB = %v, direct %v", got, per[1])
	}
	cf := e.Outcomes[3].Against.Clone()
	cf.Segments[0].Imitation, cf.Policy.Spillover = 0.45, 0.2 // no lever
	cres, err := sim.Run(cf)
	if err != nil {
		t.Fatal(err)
	}
	tot, _ := res.CumulativeGMV()
	ctot, _ := cres.CumulativeGMV()
	if got := row.Outcomes[3]; got != tot-ctot || !(got > 0) {
		t.Errorf("dividend = %v, direct %v (want > 0)", got, tot-ctot)
	}
	if len(row.Series[0]) != len(res.Steps) || row.Series[0][3] != res.Steps[3].Region.GMVTotal {
		t.Error("series values differ from the direct run")
	}
}

// TestCancelKeepsAPrefix: after cancellation the emitted rows are exactly
// the first n runs, and no more than one run starts once the context is
// done. The runs of design points 3 and later wait in their Point function
// until the cancel, so the experiment cannot finish before the cancel is
// seen (however the goroutines are scheduled) and the test does not depend
// on timing.
func TestCancelKeepsAPrefix(t *testing.T) {
	const workers, freeRuns = 3, 6 // runs 0-5 are design points 0-2 (2 replicates each)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := small()
	point := e.Point
	e.Point = func(d int, v []float64) {
		if 2*d >= freeRuns {
			<-ctx.Done()
		}
		point(d, v)
	}
	var rows []experiment.Row
	// One run at a time (Batch 1): TestBatchCancelKeepsAPrefix has batches.
	err := experiment.Run(ctx, e, experiment.Options{Workers: workers, Batch: 1, Emit: func(r experiment.Row) error {
		rows = append(rows, r)
		if len(rows) == freeRuns {
			cancel()
		}
		return nil
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	for i, r := range rows {
		if r.Run != i {
			t.Fatalf("row %d is run %d: not a prefix", i, r.Run)
		}
	}
	// At the cancel, at most one waiting run per worker is in progress,
	// and the dispatcher may hand out one more before it sees the cancel.
	if max := freeRuns + workers + 1; len(rows) < freeRuns || len(rows) > max {
		t.Errorf("%d rows kept after cancelling at %d, want %d to %d (of %d runs)", len(rows), freeRuns, freeRuns, max, e.Runs())
	}
}

// TestShockMoments: the AR(1) shocks have the stationary variance
// sd^2/(1-phi^2) far from the start, within 5 standard errors.
func TestShockMoments(t *testing.T) {
	const phi, sd, runs = 0.6, 0.02, 4000
	var sum, sum2 float64
	n := 0
	for r := range runs {
		rng := sample.Stream(7, r, "shocks")
		z := 0.0
		for y := range 30 {
			z = phi*z + sd*rng.NormFloat64()
			if y == 29 {
				sum += z
				sum2 += z * z
				n++
			}
		}
	}
	want := sd * sd / (1 - phi*phi)
	got := sum2/float64(n) - (sum/float64(n))*(sum/float64(n))
	// The variance estimate of n normal draws has sd want*sqrt(2/n).
	if math.Abs(got-want) > 5*want*math.Sqrt(2.0/float64(n)) {
		t.Errorf("variance %v, want %v", got, want)
	}
}

func TestBadExperiments(t *testing.T) {
	cases := map[string]func(e *experiment.Experiment){
		"design points":       func(e *experiment.Experiment) { e.Points = 0 },
		"replicates":          func(e *experiment.Experiment) { e.Replicates = 0 },
		"nothing to record":   func(e *experiment.Experiment) { e.Outcomes, e.Series = nil, nil },
		`unknown member "ZZ"`: func(e *experiment.Experiment) { e.Outcomes[2].Of.Member = "ZZ" },
		"not an output time":  func(e *experiment.Experiment) { e.Outcomes[0].Year = 2025.5 },
		"phi":                 func(e *experiment.Experiment) { e.Shocks.Phi = 1 },
	}
	for want, mutate := range cases {
		e := small()
		mutate(e)
		err := experiment.Run(context.Background(), e, experiment.Options{Emit: func(experiment.Row) error { return nil }})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v", want, err)
		}
	}
}

// TestMemberGroupNeedsAdditiveVariable: a share does not add up over
// members, so a group outcome of one is refused, naming what can be summed.
func TestMemberGroupNeedsAdditiveVariable(t *testing.T) {
	e := small()
	e.Outcomes = []experiment.Outcome{{Name: "share", Of: series.Selector{Variable: "online_share"}, Members: []string{"AA", "BB"}, Year: 2025}}
	err := experiment.Run(context.Background(), e, experiment.Options{Emit: func(experiment.Row) error { return nil }})
	if err == nil || !strings.Contains(err.Error(), `"online_share" does not add up over members`) || !strings.Contains(err.Error(), "gmv") {
		t.Errorf("error %v, want a refusal of online_share naming gmv", err)
	}
}

// TestMemberGroupSumsMembers: on the fixture, a group of two members is
// the sum of the two members' single-member outcomes, per segment and
// over segments, at a year and cumulated.
func TestMemberGroupSumsMembers(t *testing.T) {
	e := small()
	e.Outcomes = []experiment.Outcome{
		{Name: "users_AA_shop", Of: series.Selector{Variable: "users", Member: "AA", Segment: "shop"}, Year: 2025},
		{Name: "users_BB_shop", Of: series.Selector{Variable: "users", Member: "BB", Segment: "shop"}, Year: 2025},
		{Name: "users_AB_shop", Of: series.Selector{Variable: "users", Segment: "shop"}, Members: []string{"AA", "BB"}, Year: 2025},
		{Name: "cum_AA", Of: series.Selector{Member: "AA"}, Cumulative: true},
		{Name: "cum_BB", Of: series.Selector{Member: "BB"}, Cumulative: true},
		{Name: "cum_AB", Members: []string{"AA", "BB"}, Cumulative: true},
		{Name: "gmv_all", Of: series.Selector{Variable: "gmv"}, Year: 2030},
		{Name: "gmv_group_all", Of: series.Selector{Variable: "gmv"}, Members: []string{"AA", "BB", "CC"}, Year: 2030},
	}
	for _, r := range collect(t, e, experiment.Options{}) {
		o := r.Outcomes
		for _, c := range [][3]float64{{o[0], o[1], o[2]}, {o[3], o[4], o[5]}} {
			if math.Abs(c[0]+c[1]-c[2]) > 1e-12*c[2] || c[0] <= 0 || c[1] <= 0 {
				t.Fatalf("run %d: %g + %g != group %g", r.Run, c[0], c[1], c[2])
			}
		}
		if math.Abs(o[6]-o[7]) > 1e-12*o[6] {
			t.Fatalf("run %d: region GMV %g, all three members %g", r.Run, o[6], o[7])
		}
	}
}
