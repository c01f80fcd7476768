// Package pair runs a policy and its counterfactual: the sequence that
// digisim compare and the studio (served and exported) share. Both
// scenarios' sizes are checked before either run, then both run, and their
// outputs must be comparable (the same members, segments, pillars and
// output times) for a dividend to be their difference. It imports only
// the engine and the scenarios, so the studio's WebAssembly build can
// carry it.
package pair

import (
	"fmt"
	"math"
	"slices"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
)

// Options says what a caller adds to the sequence.
type Options struct {
	// Fits refuses a scenario too large for the caller (the tables a
	// command writes, the studio's budget per request); nil refuses
	// nothing.
	Fits func(name string, p *sim.Params) error
	// Against runs the counterfactual; nil is sim.Run. The studio keeps
	// the runs of shipped counterfactuals here.
	Against func(*scenarios.Scenario) (*sim.Result, error)
}

// Run checks both sizes (Options.Fits), runs pol and then bas, and returns
// the two runs once Comparable. A run's error is wrapped with its
// scenario's name.
func Run(pol, bas *scenarios.Scenario, o Options) (pr, br *sim.Result, err error) {
	if o.Fits != nil {
		for _, sc := range []*scenarios.Scenario{pol, bas} {
			if err := o.Fits(sc.Name, sc.Params); err != nil {
				return nil, nil, err
			}
		}
	}
	against := o.Against
	if against == nil {
		against = func(sc *scenarios.Scenario) (*sim.Result, error) { return sim.Run(sc.Params) }
	}
	if pr, err = sim.Run(pol.Params); err != nil {
		return nil, nil, fmt.Errorf("run %s: %w", pol.Name, err)
	}
	if br, err = against(bas); err != nil {
		return nil, nil, fmt.Errorf("run %s: %w", bas.Name, err)
	}
	if err := Comparable(pol.Name, bas.Name, pr, br); err != nil {
		return nil, nil, err
	}
	return pr, br, nil
}

// Comparable refuses runs whose outputs cannot be subtracted.
func Comparable(pname, bname string, p, b *sim.Result) error {
	for _, c := range []struct {
		what string
		x, y []string
	}{{"members", p.Members, b.Members}, {"segments", p.Segments, b.Segments}, {"pillars", p.Pillars, b.Pillars}} {
		if !slices.Equal(c.x, c.y) {
			return fmt.Errorf("compare: %s and %s have different %s (%v vs %v); a dividend needs the same %s in both", pname, bname, c.what, c.x, c.y, c.what)
		}
	}
	same := len(p.Steps) == len(b.Steps)
	for k := 0; same && k < len(p.Steps); k++ {
		same = math.Abs(p.Steps[k].Time-b.Steps[k].Time) < 1e-9
	}
	if !same {
		return fmt.Errorf("compare: %s and %s have different time axes (%v-%v, %d outputs vs %v-%v, %d outputs); set the same time.base_year, time.horizon and time.output_step",
			pname, bname, p.Steps[0].Time, p.Steps[len(p.Steps)-1].Time, len(p.Steps), b.Steps[0].Time, b.Steps[len(b.Steps)-1].Time, len(b.Steps))
	}
	return nil
}
