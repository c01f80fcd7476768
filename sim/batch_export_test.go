package sim

// BatchLanes returns how many of ps RunBatch integrates together (the
// runs of the first valid run's shape), for tests that must know the
// batched path ran.
func BatchLanes(ps []*Params) int {
	var first *model
	n := 0
	for _, p := range ps {
		m, err := newModel(p, true)
		if err != nil {
			continue
		}
		if first == nil {
			first = m
		}
		if sameShape(first, m) {
			n++
		}
	}
	return n
}
