package sim_test

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"syscall"
	"testing"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/simtest"
)

// flatten lists every number of a Result with its name, for comparisons.
func flatten(r *sim.Result) (names []string, vals []float64) {
	var walk func(prefix string, v reflect.Value)
	walk = func(prefix string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Struct:
			for f := range v.NumField() {
				walk(prefix+"."+v.Type().Field(f).Name, v.Field(f))
			}
		case reflect.Slice:
			if v.Type().Elem().Kind() == reflect.Float64 {
				for k := range v.Len() {
					names = append(names, fmt.Sprintf("%s[%d]", prefix, k))
					vals = append(vals, v.Index(k).Float())
				}
			}
		case reflect.Float64:
			names = append(names, prefix)
			vals = append(vals, v.Float())
		}
	}
	for k := range r.Steps {
		walk(fmt.Sprintf("Steps[%d]", k), reflect.ValueOf(r.Steps[k]))
	}
	return names, vals
}

// sameResult fails unless got equals want bit for bit on every number: the
// batched arithmetic is the single run's, operation for operation, and no
// multiply-add may be fused (scripts/unfused.sh), on every build.
func sameResult(t *testing.T, what string, got, want *sim.Result) {
	t.Helper()
	if got == nil || want == nil {
		t.Fatalf("%s: result %v, want %v", what, got, want)
	}
	if !reflect.DeepEqual(got.Members, want.Members) || !reflect.DeepEqual(got.Segments, want.Segments) ||
		!reflect.DeepEqual(got.Pillars, want.Pillars) || len(got.Steps) != len(want.Steps) {
		t.Fatalf("%s: labels or steps differ", what)
	}
	names, g := flatten(got)
	_, w := flatten(want)
	if len(g) != len(w) || len(g) == 0 {
		t.Fatalf("%s: %d numbers, want %d", what, len(g), len(w))
	}
	for k := range g {
		if math.Float64bits(g[k]) != math.Float64bits(w[k]) {
			t.Fatalf("%s: %s = %.17g, single run %.17g: not bit for bit", what, names[k], g[k], w[k])
		}
	}
}

// variant returns base with values that differ by lane k but keep its shape.
func variant(base *sim.Params, k int) *sim.Params {
	p := base.Clone()
	f := 1 + 0.07*float64(k%5) - 0.03*float64(k%3)
	p.Policy.Spillover *= f
	p.Policy.LagYears *= 2 - f
	p.Policy.BusinessEngagement = min(1, p.Policy.BusinessEngagement*f)
	p.Policy.BaselineAccess *= float64(k % 2) // lanes with and without access before rules
	for s := range p.Segments {
		p.Segments[s].Imitation *= f
		p.Segments[s].IncomeElasticity *= 2 - f
		p.Segments[s].Network *= f
	}
	for i := range p.Members {
		for j := range p.Members[i].Investment {
			p.Members[i].Investment[j] *= f
		}
		p.Members[i].OnlineSpeed *= f
	}
	if k%3 == 1 { // schedules of its own: the batch's kappa lane by lane, not once for all
		for _, sched := range p.Policy.Coordination {
			for j := range sched {
				sched[j].Level *= 0.9
			}
		}
	}
	return p
}

// checkBatch runs variants of base in batches of size B and compares each
// run with its single run.
func checkBatch(t *testing.T, name string, base *sim.Params, B int) {
	t.Helper()
	ps := make([]*sim.Params, B)
	ws := make([]*sim.Workspace, B)
	for k := range ps {
		ps[k] = variant(base, k)
		ws[k] = new(sim.Workspace)
	}
	if n := sim.BatchLanes(ps); n != B {
		t.Fatalf("%s: %d of %d variants share a batch, want all", name, n, B)
	}
	res, errs := sim.RunBatchLanes(ps, ws)
	for k, p := range ps {
		want, werr := sim.Run(p)
		what := fmt.Sprintf("%s, batch of %d, lane %d", name, B, k)
		if fmt.Sprint(errs[k]) != fmt.Sprint(werr) {
			t.Fatalf("%s: error %v, single run %v", what, errs[k], werr)
		}
		if werr != nil {
			continue
		}
		sameResult(t, what, res[k], want)
	}
}

// shippedNames are the shipped scenarios simtest holds as Go literals
// (sim's tests read no TOML; scenarios' TestBatchOnShippedFiles runs every
// shipped file).
func shippedNames(t *testing.T) []string {
	return []string{"agreement", "binding", "capacity-building", "no-coordination"}
}

// TestBatchEqualsRun: on every shipped scenario, in v1 and v2, and on the
// fixture with fading events, a batch of 1, 3, 4 or 8 runs gives each run
// exactly what Run gives it.
func TestBatchEqualsRun(t *testing.T) {
	cases := map[string]*sim.Params{}
	for _, name := range shippedNames(t) {
		p := simtest.Shipped(name)
		cases[name] = p
		v2 := p.Clone()
		v2.Model = sim.V2
		for i := range v2.Members {
			v2.Members[i].SpendDrift = 0.01 * float64(i%3)
		}
		for s := range v2.Segments {
			v2.Segments[s].Deepening = 0.02
		}
		cases[name+"/v2"] = v2
	}
	fix := simtest.ThreeMembers()
	fix.Model = sim.V2
	fix.Events = []sim.Event{
		{Name: "shock", Start: 2019.5, End: 2020.5, Segments: []int{1}, Potential: 0.8, Spend: 0.4, Fade: 0.5},
		{Name: "later", Start: 2025.5, End: 2026.5, Members: []int{0, 2}, Potential: 1.1, Spend: 1.5},
	}
	cases["three-members/v2-events"] = fix
	fix1 := fix.Clone()
	fix1.Model = sim.V1
	fix1.Events[0].Fade = 0 // v2 only
	cases["three-members/v1-events"] = fix1
	general := simtest.ThreeMembers()
	general.Segments[0].Complementarity = -0.3 // the general CES exponent
	general.Segments[1].ReadinessPotential = 0.7
	cases["three-members/general"] = general
	// Catch-up at a speed of each pillar's own and access without
	// coordination (MODEL.md equations 3 and 12): classes split by speed,
	// the Go loops in place of the vector ones, the same bits.
	own := simtest.ThreeMembers()
	own.Model = sim.V2
	own.Policy.CatchUp = []float64{1.5, 0.5, 1}
	own.Policy.BaselineAccess = 0.4
	cases["three-members/own-speeds-and-access"] = own
	agr := simtest.Shipped("agreement")
	agr.Policy.CatchUp = make([]float64, len(agr.Pillars))
	for k := range agr.Policy.CatchUp {
		agr.Policy.CatchUp[k] = 0.5 + float64(k%3)*0.5
	}
	agr.Policy.BaselineAccess = 0.5
	cases["agreement/own-speeds-and-access"] = agr
	// Above 16 members the network sums take the linear, sorted form, per
	// lane in a batch.
	cases["region-20"] = simtest.Region(20, 3, 5)
	if testing.Short() {
		cases = map[string]*sim.Params{"agreement": cases["agreement"], "three-members/v2-events": fix, "three-members/own-speeds-and-access": own}
	}
	for name, p := range cases {
		for _, B := range []int{1, 3, 4, 8} {
			checkBatch(t, name, p, B)
		}
	}
}

// TestBatchMixed: runs of another shape, runs that fail at the start and a
// run that leaves its range mid-way share a batch with good runs; each
// gets its single run's result or error.
func TestBatchMixed(t *testing.T) {
	base := simtest.ThreeMembers()
	other := base.Clone()
	other.Segments[0].Complementarity = 0 // another kind of CES: another shape
	bad := base.Clone()
	bad.Members[1].Users[0] = bad.Members[1].Population // above potential
	unstable := base.Clone()
	unstable.Policy.LagYears = 0.01 // far too fast for a monthly step
	invalid := base.Clone()
	invalid.Time.Step = -1
	// Lanes share lane 0's distance terms only where members stand in the
	// same places: moved members get their own, and coincident ones their
	// error.
	moved := variant(base, 4)
	moved.Members[2].Latitude += 3
	coincident := base.Clone()
	coincident.Members[1].Latitude, coincident.Members[1].Longitude = coincident.Members[0].Latitude, coincident.Members[0].Longitude
	ps := []*sim.Params{variant(base, 1), other, bad, variant(base, 2), unstable, invalid, variant(base, 3), moved, coincident}
	ws := make([]*sim.Workspace, len(ps))
	for k := range ws {
		ws[k] = new(sim.Workspace)
	}
	if n := sim.BatchLanes(ps); n != 7 { // all but other and invalid
		t.Fatalf("%d lanes share the batch, want 7", n)
	}
	res, errs := sim.RunBatchLanes(ps, ws)
	var stab *sim.StabilityError
	var baseErr *sim.BaseError
	if !errors.As(errs[4], &stab) || !errors.As(errs[2], &baseErr) || errs[5] == nil || errs[8] == nil || errs[7] != nil {
		t.Fatalf("errors %v, want a StabilityError in lane 4, a BaseError in lane 2, an invalid lane 5 and coincident members in lane 8", errs)
	}
	for k, p := range ps {
		want, werr := sim.Run(p)
		if fmt.Sprint(errs[k]) != fmt.Sprint(werr) {
			t.Fatalf("lane %d: error %v, single run %v", k, errs[k], werr)
		}
		if werr == nil {
			sameResult(t, fmt.Sprintf("lane %d", k), res[k], want)
		} else if res[k] != nil {
			t.Fatalf("lane %d: a result with error %v", k, werr)
		}
	}
}

// TestBatchOwnShares: lanes whose inputs to the gravity shares (equation
// 11: population, income, size elasticity) differ from the other lanes'
// each get their single run's results.
func TestBatchOwnShares(t *testing.T) {
	base := simtest.Shipped("agreement")
	ps := make([]*sim.Params, 8)
	for k := range ps {
		ps[k] = variant(base, k)
	}
	ps[2].Members[3].IncomeGrowth += 0.01
	ps[3].Members[0].Population *= 1.1
	ps[5].Policy.GravitySize *= 0.9
	ps[6].Members[1].IncomePerHeadUSD *= 1.2
	if n := sim.BatchLanes(ps); n != len(ps) {
		t.Fatalf("%d of %d runs share the batch, want all", n, len(ps))
	}
	res, errs := sim.RunBatchLanes(ps, nil)
	for k, p := range ps {
		want, err := sim.Run(p)
		if err != nil || errs[k] != nil {
			t.Fatalf("lane %d: %v, single run %v", k, errs[k], err)
		}
		sameResult(t, fmt.Sprintf("lane %d", k), res[k], want)
	}
}

// BenchmarkRunBatchAgreement runs batches of variants of agreement; ns/run
// is the time a run (compare BenchmarkRunAgreementWorkspace): RunBatch as
// callers get it, and through the lanes whatever the processor ("lanes":
// their Go loops where there is no AVX-512).
func BenchmarkRunBatchAgreement(b *testing.B) {
	for _, c := range []struct {
		name string
		B    int
		run  func([]*sim.Params, []*sim.Workspace) ([]*sim.Result, []error)
	}{{"1", 1, sim.RunBatch}, {"4", 4, sim.RunBatch}, {"8", 8, sim.RunBatch}, {"8-lanes", 8, sim.RunBatchLanes}} {
		B := c.B
		b.Run(c.name, func(b *testing.B) {
			base := simtest.Shipped("agreement")
			ps := make([]*sim.Params, B)
			ws := make([]*sim.Workspace, B)
			for k := range ps {
				ps[k], ws[k] = variant(base, k), new(sim.Workspace)
			}
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, errs := c.run(ps, ws); errs[0] != nil {
					b.Fatal(errs[0])
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*B), "ns/run")
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N*B), "cpu-ns/run")
		})
	}
}

// cpuTime is the process's CPU time (user + system) in nanoseconds: the
// per-core measure on a shared machine (run benchmarks with -cpu 1).
func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkRunSingleAgreement is BenchmarkRunBatchAgreement's yardstick:
// the same variants one at a time through Workspace.Run.
func BenchmarkRunSingleAgreement(b *testing.B) {
	base := simtest.Shipped("agreement")
	const B = 8
	ps := make([]*sim.Params, B)
	for k := range ps {
		ps[k] = variant(base, k)
	}
	var ws sim.Workspace
	cpu0 := cpuTime()
	for b.Loop() {
		for _, p := range ps {
			if _, err := ws.Run(p); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*B), "ns/run")
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N*B), "cpu-ns/run")
}

// A run whose outputs are not finite fails alone with Run's error
// (NonFiniteError), in a batch as on its own.
func TestBatchNonFinite(t *testing.T) {
	ok, bad := simtest.ThreeMembers(), simtest.ThreeMembers()
	bad.Members[0].Population = 1e300 // GMV per head and the Gini overflow
	_, want := sim.Run(bad)
	var nf *sim.NonFiniteError
	if !errors.As(want, &nf) {
		t.Fatalf("single run: %v, want a NonFiniteError", want)
	}
	res, errs := sim.RunBatchLanes([]*sim.Params{ok, bad}, nil)
	if errs[0] != nil || res[0] == nil {
		t.Errorf("the finite run: %v", errs[0])
	}
	if fmt.Sprint(errs[1]) != fmt.Sprint(want) || res[1] != nil {
		t.Errorf("batch: %v, single run: %v", errs[1], want)
	}
}

// TestOutputsOverwritten: a Workspace's output memory is reused without
// clearing, so every output of a run must be written: runs into memory
// filled with NaN, alone and in a batch, give a fresh run's bits.
func TestOutputsOverwritten(t *testing.T) {
	for _, name := range []string{"agreement", "binding"} {
		p := simtest.Shipped(name)
		want, err := sim.Run(p)
		if err != nil {
			t.Fatal(err)
		}
		var w sim.Workspace
		if _, err := w.Run(p); err != nil {
			t.Fatal(err)
		}
		sim.PoisonWorkspace(&w)
		got, err := w.Run(p)
		if err != nil {
			t.Fatal(err)
		}
		sameResult(t, name+" alone", got, want)
		ws := []*sim.Workspace{&w, new(sim.Workspace)}
		if _, errs := sim.RunBatchLanes([]*sim.Params{p, p}, ws); errs[0] != nil {
			t.Fatal(errs[0])
		}
		for _, w := range ws {
			sim.PoisonWorkspace(w)
		}
		res, errs := sim.RunBatchLanes([]*sim.Params{p, p}, ws)
		for k := range res {
			if errs[k] != nil {
				t.Fatal(errs[k])
			}
			sameResult(t, fmt.Sprintf("%s lane %d", name, k), res[k], want)
		}
	}
}

// TestBatchReuse: a Workspace keeps its batch for the next RunBatch of the
// same shape and replaces it for another; results stay those of single
// runs through every change of shape and parameters.
func TestBatchReuse(t *testing.T) {
	base := simtest.Shipped("agreement")
	var other *sim.Params // another shape: one pillar's capacity apart, one more class
	for k := range base.Pillars {
		other = base.Clone()
		other.Members[0].Capacity[k] *= 0.9
		if sim.PillarClasses(other) != sim.PillarClasses(base) {
			break
		}
	}
	if sim.PillarClasses(other) == sim.PillarClasses(base) {
		t.Fatal("no variant with another number of pillar classes")
	}
	ws := []*sim.Workspace{new(sim.Workspace), new(sim.Workspace), new(sim.Workspace)}
	for round, p0 := range []*sim.Params{base, base, other, base} {
		ps := []*sim.Params{variant(p0, round), variant(p0, round+1), variant(p0, round+2)}
		res, errs := sim.RunBatchLanes(ps, ws)
		for k, p := range ps {
			if errs[k] != nil {
				t.Fatal(errs[k])
			}
			want, err := sim.Run(p)
			if err != nil {
				t.Fatal(err)
			}
			sameResult(t, fmt.Sprintf("round %d lane %d", round, k), res[k], want)
		}
	}
}
