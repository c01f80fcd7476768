package sim_test

import (
	"math"
	"testing"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/simtest"
)

// A rebased run reproduces the original run's outputs at the new base year
// and continues it: exactly (to rounding) when effective coordination is
// already where the model restarts it, that is with a constant commitment
// and e(t0) = beta kappa from the start, in v1 and in v2 with a fading event.
func TestRebaseContinues(t *testing.T) {
	for _, model := range []sim.Version{sim.V1, sim.V2} {
		p := simtest.ThreeMembers()
		p.Model = model
		for k := range p.Policy.Coordination {
			p.Policy.Coordination[k] = []sim.Point{{Year: 2018, Level: 0.5}}
		}
		if model == sim.V2 {
			for s := range p.Segments {
				p.Segments[s].Deepening = 0.2
			}
			p.Members[1].SpendDrift = 0.03
			p.Events = []sim.Event{{Name: "shock", Start: 2019.5, End: 2020.5, Segments: []int{0}, Potential: 1, Spend: 1.8, Fade: 0.6}}
		}
		orig := mustRun(t, p)
		q, err := sim.Rebase(p, 2022)
		if err != nil {
			t.Fatal(err)
		}
		if q.Time.Start != 2022 || q.Time.End != p.Time.End {
			t.Fatalf("rebased time axis %v..%v", q.Time.Start, q.Time.End)
		}
		re := mustRun(t, q)
		for k, sn := range re.Steps {
			o := orig.Steps[k+4] // 2018 + 4 = 2022
			if o.Time != sn.Time {
				t.Fatalf("times %v and %v", o.Time, sn.Time)
			}
			for is := range sn.GMV {
				// RK4 from the same state on the same step grid: the
				// same arithmetic up to the re-derived A0 and powers,
				// a few ulps a step.
				if d := math.Abs(sn.GMV[is]/o.GMV[is] - 1); d > 1e-9 {
					t.Errorf("%v at %v: GMV[%d] rebased %.12g, original %.12g", model, sn.Time, is, sn.GMV[is], o.GMV[is])
				}
			}
		}
	}
}

func TestRebaseRefuses(t *testing.T) {
	p := simtest.ThreeMembers()
	for _, year := range []float64{2018, 2017, 2030, 2031, 2022.01} {
		if _, err := sim.Rebase(p, year); err == nil {
			t.Errorf("rebase to %v accepted", year)
		}
	}
}
