package sim

// Clone returns a deep copy of p, so that an experiment can change one run's
// parameters without touching the base or another run.
func (p *Params) Clone() *Params {
	q := *p
	q.Members = make([]Member, len(p.Members))
	for i, mb := range p.Members {
		mb.Capacity = cloneFloats(mb.Capacity)
		mb.Investment = cloneFloats(mb.Investment)
		mb.Users = cloneFloats(mb.Users)
		mb.GMVUSD = cloneFloats(mb.GMVUSD)
		if mb.Tenure != nil {
			mb.Tenure = cloneFloats(mb.Tenure)
		}
		q.Members[i] = mb
	}
	q.Segments = make([]Segment, len(p.Segments))
	for s, sg := range p.Segments {
		sg.Weights = cloneFloats(sg.Weights)
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
