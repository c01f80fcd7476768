package sim_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	. "github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/simtest"
)

// relTol is the tolerance for identities that hold up to rounding: a few
// hundred floating-point operations each lose at most ~1e-14.
const relTol = 1e-9

func relErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

func mustRun(t testing.TB, p *Params) *Result {
	t.Helper()
	r, err := Run(p)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return r
}

func TestOutputTimes(t *testing.T) {
	p := simtest.ThreeMembers()
	r := mustRun(t, p)
	if got, want := len(r.Steps), 13; got != want {
		t.Fatalf("got %d output steps, want %d (2018..2030 yearly)", got, want)
	}
	for k, sn := range r.Steps {
		if want := 2018 + float64(k); math.Abs(sn.Time-want) > 1e-9 {
			t.Errorf("step %d at %v, want %v", k, sn.Time, want)
		}
	}
	// An output step that does not divide the span still reports the horizon.
	p.Time.OutputStep = 5
	r = mustRun(t, p)
	var times []float64
	for _, sn := range r.Steps {
		times = append(times, sn.Time)
	}
	if len(times) != 4 || math.Abs(times[3]-2030) > 1e-9 {
		t.Errorf("output times %v, want 2018 2023 2028 2030", times)
	}
}

// TestBaseYear: equation 13 calibrates A0 so that G(t0) = G0 exactly, and
// the state starts at its initial values.
func TestBaseYear(t *testing.T) {
	p := simtest.ThreeMembers()
	sn := mustRun(t, p).Steps[0]
	S := len(p.Segments)
	for i, mb := range p.Members {
		for s := range S {
			if e := relErr(sn.GMV[i*S+s], mb.GMVUSD[s]); e > relTol {
				t.Errorf("%s/%s: G(t0) = %v, want G0 = %v", mb.ID, p.Segments[s].ID, sn.GMV[i*S+s], mb.GMVUSD[s])
			}
			if sn.Users[i*S+s] != mb.Users[s] {
				t.Errorf("%s/%s: U(t0) = %v, want %v", mb.ID, p.Segments[s].ID, sn.Users[i*S+s], mb.Users[s])
			}
		}
		if sn.Population[i] != mb.Population || sn.IncomePerHead[i] != mb.IncomePerHeadUSD {
			t.Errorf("%s: P or y at t0 differ from inputs", mb.ID)
		}
		// e(t0) = beta * kappa(t0) = 0.8 * 0.2 on every pillar.
		if e := relErr(sn.CoordinationMean[i], 0.16); e > relTol {
			t.Errorf("%s: e mean at t0 = %v, want 0.16", mb.ID, sn.CoordinationMean[i])
		}
	}
	if got := sn.Transactions[0*S+1]; relErr(got, 0.23*p.Members[0].Users[1]) > relTol {
		t.Errorf("transactions = %v, want t_s * U", got)
	}
}

// TestConservation: the buyer's and the seller's views of GMV have the same
// regional total at every output step (MODEL.md eq. 14).
func TestConservation(t *testing.T) {
	p := simtest.ThreeMembers()
	for _, sn := range mustRun(t, p).Steps {
		var buyer, seller float64
		for k := range sn.GMV {
			buyer += sn.GMV[k]
			seller += sn.GMVSeller[k]
		}
		if e := relErr(seller, buyer); e > relTol {
			t.Errorf("t=%v: seller total %v, buyer total %v (rel %v)", sn.Time, seller, buyer, e)
		}
		if e := relErr(sn.Region.GMVTotal, buyer); e > relTol {
			t.Errorf("t=%v: region GMV %v != sum %v", sn.Time, sn.Region.GMVTotal, buyer)
		}
	}
}

// TestInvariants: capacity stays in (0, 1], effective coordination in
// [0, beta], users in [0, M], shares in [0, 1].
func TestInvariants(t *testing.T) {
	p := simtest.ThreeMembers()
	p.Policy.Spillover = 2 // strong catch-up to stress the bound
	for _, sn := range mustRun(t, p).Steps {
		for k, c := range sn.Capacity {
			if !(c > 0 && c <= 1) {
				t.Fatalf("t=%v: capacity[%d] = %v outside (0, 1]", sn.Time, k, c)
			}
		}
		for i, e := range sn.CoordinationMean {
			if e < 0 || e > p.Policy.BusinessEngagement+1e-12 {
				t.Fatalf("t=%v: e mean[%d] = %v outside [0, beta]", sn.Time, i, e)
			}
		}
		for k, u := range sn.Users {
			if u < 0 || u > sn.Potential[k]*(1+1e-9) {
				t.Fatalf("t=%v: users[%d] = %v outside [0, M=%v]", sn.Time, k, u, sn.Potential[k])
			}
		}
		for k, x := range sn.CrossBorder {
			if x < 0 || x > 1 {
				t.Fatalf("t=%v: x[%d] = %v outside [0, 1]", sn.Time, k, x)
			}
		}
	}
}

// oneMember returns a single member and segment whose capacity and online
// share are held fixed (a = sigma = r = 0) and without a network term, so
// that users follow the closed-form Bass curve.
func oneMember() *Params {
	return &Params{
		Members: []Member{{
			ID: "X", Population: 50e6, OnlineShare: 0.6, OnlineShareMax: 0.9,
			IncomePerHeadUSD: 5000, Capacity: []float64{0.7, 0.5}, Investment: []float64{0, 0},
			Users: []float64{1e6}, GMVUSD: []float64{1e8},
		}},
		Segments: []Segment{{
			ID: "s", Innovation: 0.03, Imitation: 0.38, Ceiling: 0.7, ReadinessPotential: 0.6,
			Weights: []float64{1, 3}, Complementarity: -1, IncomeElasticity: 1, Tradability: 0.2,
		}},
		Pillars: []string{"a", "b"},
		Policy: Policy{
			Coordination:       [][]Point{{{Year: 2018, Level: 0.5}}, {{Year: 2018, Level: 0.5}}},
			BusinessEngagement: 1, LagYears: 1, GravitySize: 1, GravityDistance: 1,
		},
		Time: Time{Start: 2018, End: 2040, Step: 1.0 / 12, OutputStep: 1},
	}
}

// TestBassClosedForm compares users with the Bass (1969) solution
// F(t) = (1 - a e^{-(p+q)t}) / (1 + (q/p) a e^{-(p+q)t}), F = U/M, where
// a = (1 - F0) / (1 + (q/p) F0) makes F(0) = F0.
func TestBassClosedForm(t *testing.T) {
	p := oneMember()
	mb, sg := p.Members[0], p.Segments[0]
	// R = (sum w c^rho)^(1/rho) with w = (1/4, 3/4), rho = -1.
	R := 1 / (0.25/0.7 + 0.75/0.5)
	M := mb.Population * mb.OnlineShare * sg.Ceiling * math.Pow(R, sg.ReadinessPotential)
	F0 := mb.Users[0] / M
	pp, q := sg.Innovation, sg.Imitation
	a := (1 - F0) / (1 + q/pp*F0)
	// RK4 at a monthly step on a rate of p+q = 0.41/yr has a local error
	// of order (0.41/12)^5 ~ 5e-8; 1e-6 leaves room for its accumulation.
	const bassTol = 1e-6
	for _, sn := range mustRun(t, p).Steps {
		if e := relErr(sn.Potential[0], M); e > relTol {
			t.Fatalf("M = %v, want %v", sn.Potential[0], M)
		}
		tt := sn.Time - p.Time.Start
		E := math.Exp(-(pp + q) * tt)
		want := M * (1 - a*E) / (1 + q/pp*a*E)
		if e := relErr(sn.Users[0], want); e > bassTol {
			t.Errorf("t=%v: U = %v, closed form %v (rel %v)", sn.Time, sn.Users[0], want, e)
		}
	}
}

// TestLogisticClosedForm compares the online share with the logistic
// solution n(t) = nmax / (1 + (nmax/n0 - 1) e^{-rt}).
func TestLogisticClosedForm(t *testing.T) {
	p := oneMember()
	p.Members[0].OnlineShare, p.Members[0].OnlineSpeed = 0.2, 0.35
	p.Members[0].Users[0] = 1e5
	mb := p.Members[0]
	const logisticTol = 1e-8 // RK4 error at r*dt = 0.03 is ~1e-10 per year
	for _, sn := range mustRun(t, p).Steps {
		tt := sn.Time - p.Time.Start
		want := mb.OnlineShareMax / (1 + (mb.OnlineShareMax/mb.OnlineShare-1)*math.Exp(-mb.OnlineSpeed*tt))
		if e := relErr(sn.OnlineShare[0], want); e > logisticTol {
			t.Errorf("t=%v: n = %v, closed form %v (rel %v)", sn.Time, sn.OnlineShare[0], want, e)
		}
	}
}

// TestFourthOrder: halving dt divides the error of the whole state by about
// 2^4 = 16 (Richardson: e(h) ~ |x_h - x_{h/2}|).
func TestFourthOrder(t *testing.T) {
	final := func(dt float64) []float64 {
		p := simtest.ThreeMembers()
		p.Time.Step = dt
		p.Time.OutputStep = 12
		sn := mustRun(t, p).Steps
		last := sn[len(sn)-1]
		var v []float64
		v = append(v, last.Users...)
		v = append(v, last.Capacity...)
		v = append(v, last.OnlineShare...)
		v = append(v, last.CoordinationMean...)
		return v
	}
	diff := func(a, b []float64) float64 {
		d := 0.0
		for i := range a {
			d = math.Max(d, math.Abs(a[i]-b[i])/math.Max(1e-12, math.Abs(b[i])))
		}
		return d
	}
	// Steps of 1/2, 1/4, 1/8 year keep every coordination knot on a step.
	x1, x2, x3 := final(0.5), final(0.25), final(0.125)
	ratio := diff(x1, x2) / diff(x2, x3)
	t.Logf("observed order %.3f", math.Log2(ratio))
	// The observed order log2(ratio) should be 4; 3.5..4.5 allows the
	// non-asymptotic terms at these coarse steps.
	if order := math.Log2(ratio); order < 3.5 || order > 4.5 {
		t.Errorf("observed order %.2f (ratio %.2f), want about 4", order, ratio)
	}
}

func TestCheckBase(t *testing.T) {
	p := simtest.ThreeMembers()
	p.Members[2].Users[0] = 1e9
	err := CheckBase(p)
	var be *BaseError
	if !errors.As(err, &be) {
		t.Fatalf("CheckBase = %v, want a *BaseError", err)
	}
	if be.Member != "CC" || be.Segment != "shop" || be.Users != 1e9 || !(be.Potential > 0 && be.Potential < 1e9) {
		t.Errorf("BaseError = %+v", be)
	}
	if _, err := Run(p); !errors.As(err, &be) {
		t.Errorf("Run accepted users above potential: %v", err)
	}
}

// TestGini checks equation values against hand computations: two equally
// populous members with g = 0 and 2 have Gini 0.5; weights matter.
func TestGini(t *testing.T) {
	cases := []struct {
		g, P []float64
		want float64
	}{
		{[]float64{0, 2}, []float64{1, 1}, 0.5},
		{[]float64{3, 3, 3}, []float64{1, 5, 2}, 0},
		// P = (1, 3), g = (4, 0): gbar = 1, sum = 2*1*3*4 = 24, /(2*16*1).
		{[]float64{4, 0}, []float64{1, 3}, 0.75},
	}
	for _, c := range cases {
		if got := Gini(c.g, c.P); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("Gini(%v, %v) = %v, want %v", c.g, c.P, got, c.want)
		}
	}
	// CV of (1, 3): mean 2, population sd 1.
	if got := CoefficientOfVariation([]float64{1, 3}); math.Abs(got-0.5) > 1e-15 {
		t.Errorf("CV = %v, want 0.5", got)
	}
}

func TestCoordinationSchedule(t *testing.T) {
	s := []Point{{Year: 2019, Level: 0.2}, {Year: 2021, Level: 0.6}, {Year: 2025, Level: 1}}
	for _, c := range []struct{ t, want float64 }{
		{2000, 0.2}, {2019, 0.2}, {2020, 0.4}, {2021, 0.6}, {2023, 0.8}, {2025, 1}, {2040, 1},
	} {
		if got := Coordination(s, c.t); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("kappa(%v) = %v, want %v", c.t, got, c.want)
		}
	}
}

// TestShocks: a constant shock z raises income growth by z exactly.
func TestShocks(t *testing.T) {
	p := simtest.ThreeMembers()
	base := mustRun(t, p)
	p.Shocks = &Shocks{Z: [][]float64{{0.01, 0.01, 0.01}}}
	r := mustRun(t, p)
	// After 3 years and beyond, member 0's income is exp(0.03) higher.
	for k, sn := range r.Steps {
		years := math.Min(sn.Time-p.Time.Start, 3)
		want := base.Steps[k].IncomePerHead[0] * math.Exp(0.01*years)
		if e := relErr(sn.IncomePerHead[0], want); e > relTol {
			t.Errorf("t=%v: y = %v, want %v", sn.Time, sn.IncomePerHead[0], want)
		}
		if sn.IncomePerHead[1] != base.Steps[k].IncomePerHead[1] {
			t.Errorf("t=%v: unshocked member's income changed", sn.Time)
		}
	}
}

// TestCoordinationRaisesGMV: more coordination never lowers regional GMV in
// this fixture (all channels of coordination are non-negative).
func TestCoordinationRaisesGMV(t *testing.T) {
	none := simtest.ThreeMembers()
	for k := range none.Policy.Coordination {
		none.Policy.Coordination[k] = []Point{{Year: 2018, Level: 0}}
	}
	a, b := mustRun(t, simtest.ThreeMembers()), mustRun(t, none)
	ta, _ := a.CumulativeGMV()
	tb, _ := b.CumulativeGMV()
	if !(ta > tb) {
		t.Errorf("cumulative GMV with coordination %v, without %v", ta, tb)
	}
}

func TestCloneIsDeep(t *testing.T) {
	p := simtest.ThreeMembers()
	p.Shocks = &Shocks{Z: [][]float64{{1}}}
	q := p.Clone()
	q.Members[0].Capacity[0] = 0.99
	q.Segments[0].Weights[0] = 9
	q.Policy.Coordination[0][0].Level = 0.9
	q.Shocks.Z[0][0] = 2
	if p.Members[0].Capacity[0] == 0.99 || p.Segments[0].Weights[0] == 9 ||
		p.Policy.Coordination[0][0].Level == 0.9 || p.Shocks.Z[0][0] == 2 {
		t.Error("Clone shares memory with the original")
	}
}

func TestDeterministic(t *testing.T) {
	a, b := mustRun(t, simtest.ThreeMembers()), mustRun(t, simtest.ThreeMembers())
	for k := range a.Steps {
		for i := range a.Steps[k].GMV {
			if a.Steps[k].GMV[i] != b.Steps[k].GMV[i] {
				t.Fatal("two runs of the same parameters differ")
			}
		}
	}
}

func BenchmarkRunThreeMembers(b *testing.B) {
	p := simtest.ThreeMembers()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunASEANSize runs a region of the default scenario's size: 10
// members, 4 segments, 11 pillars, 2018-2035 at a monthly step.
func BenchmarkRunASEANSize(b *testing.B) {
	p := simtest.Region(10, 4, 11)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunAgreement is docs/performance.md's "run alone": one run of the shipped
// agreement scenario (10 members, 4 segments, 11 pillars, 2018-2035,
// monthly step).
func BenchmarkRunAgreement(b *testing.B) {
	p := simtest.Shipped("agreement")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunAgreementWorkspace is BenchmarkRunAgreement through one
// Workspace, as the experiment runner does it.
func BenchmarkRunAgreementWorkspace(b *testing.B) {
	p := simtest.Shipped("agreement")
	var w Workspace
	b.ReportAllocs()
	for b.Loop() {
		if _, err := w.Run(p); err != nil {
			b.Fatal(err)
		}
	}
}

// TestUnstableStepRefused: a lag of 0.01 years integrated with a half-year
// step is far outside RK4's stability region (rate x dt = 50 > 2.8); the
// run stops with a StabilityError instead of writing overflowing numbers.
func TestUnstableStepRefused(t *testing.T) {
	p := simtest.ThreeMembers()
	p.Policy.LagYears, p.Policy.LagSensitivity = 0.01, 0
	p.Time.Step, p.Time.OutputStep = 0.5, 1
	_, err := Run(p)
	var se *StabilityError
	if !errors.As(err, &se) {
		t.Fatalf("Run = %v, want a *StabilityError", err)
	}
	if !(se.Time > 2018 && se.Time <= 2030) || se.Step != 0.5 {
		t.Errorf("StabilityError = %+v", se)
	}
	// The same parameters at a step of 1/400 year are stable.
	p.Time.Step = 1.0 / 400
	if _, err := Run(p); err != nil {
		t.Errorf("small step: %v", err)
	}
}

// TestOutputTimesMatchRun: OutputTimes lists exactly the times of a run's
// snapshots, also when the output step does not divide the span.
func TestOutputTimesMatchRun(t *testing.T) {
	for _, out := range []float64{1, 5, 0.25} {
		p := simtest.ThreeMembers()
		p.Time.OutputStep = out
		r := mustRun(t, p)
		times := p.Time.OutputTimes()
		if len(times) != len(r.Steps) {
			t.Fatalf("output step %v: %d times, %d snapshots", out, len(times), len(r.Steps))
		}
		for k := range times {
			if times[k] != r.Steps[k].Time {
				t.Errorf("output step %v: time %d is %v, snapshot at %v", out, k, times[k], r.Steps[k].Time)
			}
		}
	}
}

// TestPillarClassesExact: merging pillars that agree in capacity,
// investment and schedule into classes, and classes that share a schedule
// into one effective coordination (see the model type), changes only
// rounding. Every output of three shipped scenarios equals that of a run
// with every pillar on its own, to 1e-12 relative.
func TestPillarClassesExact(t *testing.T) {
	for _, name := range []string{"agreement", "capacity-building", "binding"} {
		p := simtest.Shipped(name)
		// The shipped pillars derive from 8 indicators (scenario notes).
		if got := PillarClasses(p); got != 8 {
			t.Fatalf("%s: %d pillar classes, want 8 of 11", name, got)
		}
		merged := mustRun(t, p)
		alone, err := RunUnmerged(p)
		if err != nil {
			t.Fatal(err)
		}
		for k, sn := range merged.Steps {
			ref := alone.Steps[k]
			for v, pair := range [][2][]float64{
				{sn.GMV, ref.GMV}, {sn.GMVSeller, ref.GMVSeller}, {sn.Users, ref.Users},
				{sn.Readiness, ref.Readiness}, {sn.Potential, ref.Potential}, {sn.Capacity, ref.Capacity},
				{sn.CoordinationMean, ref.CoordinationMean}, {sn.CrossBorder, ref.CrossBorder},
			} {
				for i := range pair[0] {
					if e := relErr(pair[0][i], pair[1][i]); e > 1e-12 {
						t.Fatalf("%s t=%v output %d[%d]: merged %v, per pillar %v (rel %v)", name, sn.Time, v, i, pair[0][i], pair[1][i], e)
					}
				}
			}
		}
	}
}

// TestWorkspaceGeographyError: a Workspace whose run had coincident
// members reports them again on the next such run (the gravity it kept
// from a good run is not taken for theirs), and runs well after.
func TestWorkspaceGeographyError(t *testing.T) {
	good := simtest.Shipped("agreement")
	coincident := good.Clone()
	coincident.Members[1].Latitude, coincident.Members[1].Longitude = coincident.Members[0].Latitude, coincident.Members[0].Longitude
	var w Workspace
	for k, p := range []*Params{good, coincident, coincident, good} {
		got, err := w.Run(p)
		if p == coincident {
			if err == nil || !strings.Contains(err.Error(), "apart") {
				t.Fatalf("run %d, coincident members: error %v, want the members' distance", k, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("run %d: %v", k, err)
		}
		want := mustRun(t, p)
		if got.Steps[len(got.Steps)-1].Region.GMVTotal != want.Steps[len(want.Steps)-1].Region.GMVTotal {
			t.Fatalf("run %d: GMV at the horizon differs from a fresh run's", k)
		}
	}
}

// TestWorkspaceReuse: runs of different scenarios and shapes through one
// Workspace equal fresh runs bit for bit (nothing of a previous run leaks
// into the sums of the next), and the gravity it keeps gives its distance
// terms only to runs of the same geography (moved: a member elsewhere, of
// the same size; far: another distance elasticity).
func TestWorkspaceReuse(t *testing.T) {
	var params []*Params
	for _, name := range []string{"agreement", "no-coordination"} {
		params = append(params, simtest.Shipped(name))
	}
	moved, far, unused := params[0].Clone(), params[0].Clone(), params[0].Clone()
	moved.Members[2].Latitude += 5
	far.Policy.GravityDistance *= 1.5
	unused.Members[1].Users[2], unused.Members[1].GMVUSD[2] = 0, 0 // no users: no base-year spend (equation 13)
	params = append(params, moved, far, unused, simtest.ThreeMembers(), params[0])
	var w Workspace
	for k, p := range params {
		PoisonWorkspace(&w)
		got, err := w.Run(p)
		if err != nil {
			t.Fatal(err)
		}
		want := mustRun(t, p)
		if len(got.Steps) != len(want.Steps) {
			t.Fatalf("run %d: %d snapshots, want %d", k, len(got.Steps), len(want.Steps))
		}
		for s := range want.Steps {
			g, f := got.Steps[s], want.Steps[s]
			for v, pair := range [][2][]float64{{g.GMV, f.GMV}, {g.GMVSeller, f.GMVSeller}, {g.Purchases, f.Purchases},
				{g.Region.GMV, f.Region.GMV}, {g.Region.Users, f.Region.Users}} {
				for i := range pair[1] {
					if pair[0][i] != pair[1][i] {
						t.Fatalf("run %d, t=%v, output %d[%d]: workspace %v, fresh %v", k, f.Time, v, i, pair[0][i], pair[1][i])
					}
				}
			}
			if g.Region.GMVTotal != f.Region.GMVTotal || g.Region.Gini != f.Region.Gini || g.Region.CrossBorderShare != f.Region.CrossBorderShare {
				t.Fatalf("run %d, t=%v: region totals differ", k, f.Time)
			}
		}
	}
}
