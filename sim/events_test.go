package sim_test

import (
	"math"
	"math/rand/v2"
	"slices"
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

// TestEventMultipliersPerElement: the engine computes each fading event's
// tail once for all members and segments; equation 18 read element by
// element (the factor 0, 1 or Fade^(t-End) of each event, its multiplier
// f^factor, multiplied over the events in order) must give the same bits,
// over random events (overlapping, scoped or not, with and without fades)
// and times (event ends included).
func TestEventMultipliersPerElement(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	nonTrivial := 0
	for range 200 {
		p := simtest.ThreeMembers()
		p.Model = V2
		S := len(p.Segments)
		for range 1 + rng.IntN(5) {
			start := 2018 + 10*rng.Float64()
			if rng.IntN(3) == 0 {
				start = math.Round(start)
			}
			ev := Event{Name: "e", Start: start, End: start + 0.5 + 3*rng.Float64(),
				Potential: 0.5 + rng.Float64(), Spend: 0.5 + rng.Float64()}
			if rng.IntN(4) > 0 {
				ev.Fade = 0.99 * rng.Float64()
			}
			if rng.IntN(2) == 0 {
				ev.Members = []int{rng.IntN(len(p.Members))}
			}
			if rng.IntN(2) == 0 {
				ev.Segments = []int{rng.IntN(S)}
			}
			p.Events = append(p.Events, ev)
		}
		for k := range 50 {
			at := 2018 + 12*rng.Float64()
			if k%5 == 0 {
				at = p.Events[rng.IntN(len(p.Events))].End
			}
			pot, spend, err := EventMultipliers(p, at)
			if err != nil {
				t.Fatal(err)
			}
			for is := range pot {
				wantPot, wantSpend := 1.0, 1.0
				for e, ev := range p.Events {
					a := eventFactor(p, e, is/S, is%S, at)
					wantPot *= math.Pow(ev.Potential, a)
					wantSpend *= math.Pow(ev.Spend, a)
				}
				if math.Float64bits(pot[is]) != math.Float64bits(wantPot) || math.Float64bits(spend[is]) != math.Float64bits(wantSpend) {
					t.Fatalf("events %+v at %v, element %d: multipliers %v and %v, equation 18 gives %v and %v",
						p.Events, at, is, pot[is], spend[is], wantPot, wantSpend)
				}
				if wantPot != 1 {
					nonTrivial++
				}
			}
		}
	}
	if nonTrivial < 1000 {
		t.Fatalf("only %d multipliers other than 1: the draws miss the events", nonTrivial)
	}
}

// eventFactor is equation 18's exponent of event e for member i and
// segment s at time t, read from MODEL.md: 1 while the event is active, 0
// before it, out of its scope and with no fade after it; on its tail
// Fade^(t-End), until an event on the same member and segment starts at or
// after its end.
func eventFactor(p *Params, e, i, s int, t float64) float64 {
	ev := p.Events[e]
	inScope := func(list []int, x int) bool { return len(list) == 0 || slices.Contains(list, x) }
	if !inScope(ev.Members, i) || !inScope(ev.Segments, s) || t < ev.Start {
		return 0
	}
	if t < ev.End {
		return 1
	}
	if ev.Fade == 0 {
		return 0
	}
	for f, later := range p.Events {
		if f != e && inScope(later.Members, i) && inScope(later.Segments, s) && later.Start >= ev.End && t >= later.Start {
			return 0
		}
	}
	return math.Pow(ev.Fade, t-ev.End)
}
