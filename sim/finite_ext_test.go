package sim_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/simtest"
)

// TestNonFiniteOutputRefused: a population of 1e200 (which the scenario
// schema refuses, but sim.Params may hold) overflows the model's products;
// the run stops with a NonFiniteError naming the output, its member and
// segment and the time, instead of returning NaN tables.
func TestNonFiniteOutputRefused(t *testing.T) {
	p := simtest.ThreeMembers()
	p.Members[0].Population = 1e200
	res, err := sim.Run(p)
	var ne *sim.NonFiniteError
	if !errors.As(err, &ne) || res != nil {
		t.Fatalf("Run = %v, %v; want no result and a *sim.NonFiniteError", res != nil, err)
	}
	if ne.Time != p.Time.Start || !(math.IsNaN(ne.Value) || math.IsInf(ne.Value, 0)) || ne.Variable == "" {
		t.Errorf("NonFiniteError = %+v, want the first output time and a non-finite value", ne)
	}
	if msg := err.Error(); !strings.Contains(msg, ne.Variable) || !strings.Contains(msg, "not finite") {
		t.Errorf("message %q does not name the output", msg)
	}
	p.Members[0].Population = 1e8
	if _, err := sim.Run(p); err != nil {
		t.Errorf("an ordinary population: %v", err)
	}
}
