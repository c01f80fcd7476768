package sim

import "math"

// CumulativeGMV integrates GMV (buyer's country, USD per year) over the
// run's output times by the trapezoidal rule, and returns the regional total
// in USD and the total of each member. With the default yearly output this
// is the sum of mid-year values, which is what a briefing means by "GMV over
// 2018-2035"; a finer output step gives a finer integral.
func (r *Result) CumulativeGMV() (total float64, perMember []float64) {
	return r.CumulativeGMVTo(len(r.Steps) - 1)
}

// CumulativeGMVTo is CumulativeGMV from the first output time to output
// step last (an index of Steps): GMV over 2018-2030, say.
func (r *Result) CumulativeGMVTo(last int) (total float64, perMember []float64) {
	N, S := len(r.Members), len(r.Segments)
	perMember = make([]float64, N)
	for k := 1; k <= last && k < len(r.Steps); k++ {
		a, b := &r.Steps[k-1], &r.Steps[k]
		half := (b.Time - a.Time) / 2
		for i := range N {
			for s := range S {
				perMember[i] += float64(half * (a.GMV[i*S+s] + b.GMV[i*S+s]))
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
