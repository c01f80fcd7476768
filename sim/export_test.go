package sim

import "math"

// RunUnmerged is Run with every pillar its own class and its own
// effective coordination, for the test that merging them is exact.
func RunUnmerged(p *Params) (*Result, error) {
	m, err := newModel(p, false)
	if err != nil {
		return nil, err
	}
	res, _, err := run(m, new(Workspace))
	return res, err
}

// PillarClasses returns the number of pillar classes a run of p integrates.
func PillarClasses(p *Params) int {
	m, err := newModel(p, true)
	if err != nil {
		return -1
	}
	return m.C
}

// PoisonWorkspace fills w's output memory and its kept gravity's (but
// not the distance terms, which runs share) with NaN, as a stand-in for
// whatever a previous run left there.
func PoisonWorkspace(w *Workspace) {
	for k := range w.buf {
		w.buf[k] = math.NaN()
	}
	if w.grav != nil {
		for k := range w.grav.mem {
			w.grav.mem[k] = math.NaN()
		}
	}
}

// RunBatchLanes is RunBatch through the lanes on every build, also where
// RunBatch runs each run alone (no vector lanes), so that the tests hold
// the lanes' Go loops to the single run's bits everywhere.
func RunBatchLanes(ps []*Params, ws []*Workspace) ([]*Result, []error) {
	return runBatches(ps, ws, true)
}

// EventMultipliers returns the events' multipliers on potential users and
// on spend at time t for every member and segment (i*S+s), as a run of p
// computes them.
func EventMultipliers(p *Params, t float64) (potential, spend []float64, err error) {
	m, err := newModel(p, true)
	if err != nil {
		return nil, nil, err
	}
	m.events(t)
	for is := range m.potEvent {
		spend = append(spend, m.spendEvent(is/m.S, is%m.S, t))
	}
	return m.potEvent, spend, nil
}
