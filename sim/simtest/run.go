package simtest

import (
	"testing"

	"github.com/digisim/digisim/sim"
)

// MustRun is sim.Run for a test that cannot go on without the run: it
// stops the test on an error.
func MustRun(t testing.TB, p *sim.Params) *sim.Result {
	t.Helper()
	res, err := sim.Run(p)
	if err != nil {
		t.Fatal(err)
	}
	return res
}
