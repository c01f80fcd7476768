package sim

import "math"

// CumulativeGMV sums GMV (buyer's country, USD per year) over the run's
// projection: each output period after the base year counts with its
// closing value times its length, so with the default yearly output it is
// the sum of the annual GMV of the years after the base year (2019-2035
// for a 2018 base), nominal and undiscounted: what an analyst sums. It
// returns the regional total in USD and the total of each member.
func (r *Result) CumulativeGMV() (total float64, perMember []float64) {
	return r.gmvSum(math.Inf(-1), len(r.Steps)-1)
}

// CumulativeGMVTo is CumulativeGMV up to output step last (an index of
// Steps): GMV summed over 2019-2030 for a 2018 base, say.
func (r *Result) CumulativeGMVTo(last int) (total float64, perMember []float64) {
	return r.gmvSum(math.Inf(-1), last)
}

// GMVFrom is CumulativeGMV over the output periods that end at or after
// year from (within 1e-6): the sum of annual GMV from that year to the
// horizon, as a dividend that starts when two policies part is summed.
func (r *Result) GMVFrom(from float64) (total float64, perMember []float64) {
	return r.gmvSum(from, len(r.Steps)-1)
}

// gmvSum sums GMV over the output periods that end at or after from and
// at or before output step last.
func (r *Result) gmvSum(from float64, last int) (total float64, perMember []float64) {
	N, S := len(r.Members), len(r.Segments)
	perMember = make([]float64, N)
	for k := 1; k <= last && k < len(r.Steps); k++ {
		a, b := &r.Steps[k-1], &r.Steps[k]
		if b.Time < from-1e-6 {
			continue
		}
		step := b.Time - a.Time
		for i := range N {
			for s := range S {
				perMember[i] += float64(step * b.GMV[i*S+s]) // float64(): no fused multiply-add, the same bits on every build
			}
		}
	}
	for _, v := range perMember {
		total += v
	}
	return total, perMember
}

// StepAt returns the index of the snapshot at output time t (within 1e-6
// year: times are t0 + step*dt, not exact decimals), or false when t is
// not an output time of r.
func (r *Result) StepAt(t float64) (int, bool) {
	for k := range r.Steps {
		if math.Abs(r.Steps[k].Time-t) < 1e-6 {
			return k, true
		}
	}
	return -1, false
}
