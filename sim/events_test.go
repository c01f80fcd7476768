package sim_test

import (
	"math"
	"testing"

	. "github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/simtest"
)

// TestOverlappingEventsFade: MODEL.md equation 18 as the engine applies
// it. A fading event's tail is stopped only by an event on the same member
// and segment that starts at or after its end; an event that starts while
// it is still active overlaps it, and their multipliers multiply. Spend
// events leave the state alone, so spend with the events over spend
// without them is the product of the active multipliers, computed here
// from the equation.
func TestOverlappingEventsFade(t *testing.T) {
	base := simtest.ThreeMembers()
	base.Model = V2
	const f, phi, g, h = 0.8, 0.5, 0.9, 0.95
	with := base.Clone()
	with.Events = []Event{
		{Name: "A", Start: 2020, End: 2021.5, Members: []int{0}, Segments: []int{0}, Potential: 1, Spend: f, Fade: phi},
		{Name: "B overlaps A", Start: 2021, End: 2023, Members: []int{0}, Segments: []int{0}, Potential: 1, Spend: g},
		{Name: "C after A", Start: 2024, End: 2025, Members: []int{0}, Segments: []int{0}, Potential: 1, Spend: h},
	}
	a, err := Run(with)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(base)
	if err != nil {
		t.Fatal(err)
	}
	want := map[float64]float64{
		2019: 1,
		2020: f,
		2021: f * g,                               // both active
		2022: math.Pow(f, math.Pow(phi, 0.5)) * g, // A's tail goes on: B started before A's end
		2023: math.Pow(f, math.Pow(phi, 1.5)),     // B over, A's tail
		2024: h,                                   // C started at or after A's end: A's tail stops
		2025: 1,
	}
	S := len(base.Segments)
	for k, sn := range a.Steps {
		w, ok := want[sn.Time]
		if !ok {
			continue
		}
		delete(want, sn.Time)
		for i := range base.Members {
			for s := range S {
				ratio := sn.Spend[i*S+s] / b.Steps[k].Spend[i*S+s]
				wantIS := 1.0
				if i == 0 && s == 0 {
					wantIS = w
				}
				if math.Abs(ratio-wantIS) > 1e-12 {
					t.Errorf("t = %v, member %d, segment %d: spend ratio %.15g, want %.15g", sn.Time, i, s, ratio, wantIS)
				}
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("no output at %v", want)
	}
}

// TestTenureBound: MODEL.md equation 16 lets mean tenure grow by at most a
// year a year, H(t) <= H0 + (t - t0); a run to 2100 passes the input bound
// of 50 years without error (the bound is on the input H0 only). Tenure is
// read from spend: deepening (equation 17) only scales spend, by D = (1 +
// delta H) / (1 + delta H0), so spend with delta = 1 over spend without
// gives H = D (1 + H0) - 1.
func TestTenureBound(t *testing.T) {
	p := simtest.ThreeMembers()
	p.Model = V2
	p.Time.End = 2100
	for i := range p.Members {
		p.Members[i].Tenure = []float64{40, 45}
	}
	flat, err := Run(p)
	if err != nil {
		t.Fatal(err)
	}
	q := p.Clone()
	for s := range q.Segments {
		q.Segments[s].Deepening = 1
	}
	deep, err := Run(q)
	if err != nil {
		t.Fatal(err)
	}
	S, most := len(p.Segments), 0.0
	for k, sn := range deep.Steps {
		for i, mb := range p.Members {
			for s := range S {
				h := sn.Spend[i*S+s]/flat.Steps[k].Spend[i*S+s]*(1+mb.Tenure[s]) - 1
				if bound := mb.Tenure[s] + (sn.Time - p.Time.Start); !(h >= -1e-9 && h <= bound+1e-9) {
					t.Fatalf("t = %v, member %s, segment %d: tenure %v, outside [0, %v]", sn.Time, mb.ID, s, h, bound)
				}
				most = max(most, h)
			}
		}
	}
	if most <= 50 {
		t.Errorf("largest tenure %v: the test wants a run past the input bound of 50 years", most)
	}
}
