package sim

// Clone returns a deep copy of p, so that an experiment can change one run's
// parameters without touching the base or another run.
//
// The members' and segments' numbers share one allocation (an experiment
// clones its base for every run; a slice each cost some 45 allocations a
// run), each slice capped at its length so that appending to one copies
// it rather than overwriting the next.
func (p *Params) Clone() *Params {
	q := *p
	n := 0
	for _, mb := range p.Members {
		n += len(mb.Capacity) + len(mb.Investment) + len(mb.Users) + len(mb.GMVUSD) + len(mb.Tenure)
	}
	for _, sg := range p.Segments {
		n += len(sg.Weights)
	}
	slab := make([]float64, n)
	take := func(v []float64) []float64 { // cloneFloats from slab
		if len(v) == 0 {
			return nil
		}
		c := carve(&slab, len(v))
		copy(c, v)
		return c
	}
	q.Members = make([]Member, len(p.Members))
	for i, mb := range p.Members {
		mb.Capacity = take(mb.Capacity)
		mb.Investment = take(mb.Investment)
		mb.Users = take(mb.Users)
		mb.GMVUSD = take(mb.GMVUSD)
		mb.Tenure = take(mb.Tenure)
		q.Members[i] = mb
	}
	q.Segments = make([]Segment, len(p.Segments))
	for s, sg := range p.Segments {
		sg.Weights = take(sg.Weights)
		q.Segments[s] = sg
	}
	q.Pillars = append([]string(nil), p.Pillars...)
	q.Policy.Coordination = make([][]Point, len(p.Policy.Coordination))
	for k, sched := range p.Policy.Coordination {
		q.Policy.Coordination[k] = append([]Point(nil), sched...)
	}
	q.Policy.CatchUp = cloneFloats(p.Policy.CatchUp)
	q.Events = make([]Event, len(p.Events))
	for e, ev := range p.Events {
		ev.Members = append([]int(nil), ev.Members...)
		ev.Segments = append([]int(nil), ev.Segments...)
		q.Events[e] = ev
	}
	if p.Shocks != nil {
		z := make([][]float64, len(p.Shocks.Z))
		for i, row := range p.Shocks.Z {
			z[i] = cloneFloats(row)
		}
		q.Shocks = &Shocks{Z: z}
	}
	return &q
}

func cloneFloats(v []float64) []float64 {
	if v == nil {
		return nil
	}
	return append([]float64(nil), v...)
}
