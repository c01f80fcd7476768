package sim_test

import (
	"math"
	"testing"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/simtest"
)

// TestBaselineAccess: equation 12's access alpha + (1-alpha) h is linear in
// alpha where nothing is harmonised, so with no coordination at all the
// share bought abroad at the base year is alpha times what full access
// gives; with full access (alpha = 1) it does not depend on coordination;
// and alpha = 0 leaves nothing bought abroad without coordination.
func TestBaselineAccess(t *testing.T) {
	run := func(alpha, kappa float64) *sim.Result {
		t.Helper()
		p := simtest.ThreeMembers()
		p.Policy.BaselineAccess = alpha
		for k := range p.Policy.Coordination {
			p.Policy.Coordination[k] = []sim.Point{{Year: p.Time.Start, Level: kappa}}
		}
		res, err := sim.Run(p)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	full, fullRules := run(1, 0), run(1, 1)
	none := run(0, 0)
	for _, alpha := range []float64{0.1, 0.35, 0.8} {
		some := run(alpha, 0)
		for is, want := range full.Steps[0].CrossBorder {
			got := some.Steps[0].CrossBorder[is]
			if math.Abs(got-alpha*want) > 1e-15*want {
				t.Errorf("alpha %v: x[%d] = %v, want alpha x(alpha = 1) = %v", alpha, is, got, alpha*want)
			}
			if want <= 0 {
				t.Errorf("x[%d] = %v with full access: want > 0", is, want)
			}
		}
	}
	for is, x := range full.Steps[0].CrossBorder {
		if y := fullRules.Steps[0].CrossBorder[is]; y != x {
			t.Errorf("alpha = 1: x[%d] = %v without rules, %v with binding rules; want equal", is, x, y)
		}
	}
	for _, st := range none.Steps {
		for is, x := range st.CrossBorder {
			if x != 0 {
				t.Fatalf("alpha = 0, no coordination: x[%d] = %v at %v, want 0", is, x, st.Time)
			}
		}
	}
}

// TestCatchUpByPillar: a pillar whose catch-up speed is 0 grows by its own
// investment alone (equation 3 with sigma_k = 0): its capacity is, bit for
// bit, what a run with no spillover at all gives it, while the other
// pillars still catch up.
func TestCatchUpByPillar(t *testing.T) {
	base := simtest.ThreeMembers()
	K := len(base.Pillars)
	own := base.Clone()
	own.Policy.CatchUp = make([]float64, K)
	for k := range own.Policy.CatchUp {
		own.Policy.CatchUp[k] = 1
	}
	own.Policy.CatchUp[1] = 0
	still := base.Clone()
	still.Policy.Spillover = 0
	a, err := sim.Run(own)
	if err != nil {
		t.Fatal(err)
	}
	b, err := sim.Run(still)
	if err != nil {
		t.Fatal(err)
	}
	ones := own.Clone()
	ones.Policy.CatchUp[1] = 1
	c, err := sim.Run(ones)
	if err != nil {
		t.Fatal(err)
	}
	one, err := sim.Run(base)
	if err != nil {
		t.Fatal(err)
	}
	for j, st := range one.Steps {
		for ik, v := range st.Capacity {
			if c.Steps[j].Capacity[ik] != v {
				t.Fatalf("catch-up 1 everywhere: capacity[%d] at %v = %v, want %v (CatchUp nil)", ik, st.Time, c.Steps[j].Capacity[ik], v)
			}
		}
	}
	last := len(a.Steps) - 1
	for i := range base.Members {
		if got, want := a.Steps[last].Capacity[i*K+1], b.Steps[last].Capacity[i*K+1]; got != want {
			t.Errorf("member %d, pillar 1 at catch-up 0: capacity %v, want %v (no spillover)", i, got, want)
		}
	}
	// Pillar 0 (catch-up 1) still catches up beyond own investment, and
	// CatchUp all 1 is the run with one speed, bit for bit.
	caught := false
	for i := range base.Members {
		if a.Steps[last].Capacity[i*K] > b.Steps[last].Capacity[i*K] {
			caught = true
		}
	}
	if !caught {
		t.Error("pillar 0 caught up nowhere beyond own investment")
	}
}
