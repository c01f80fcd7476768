package sensitivity

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// ReplicateIndices are Sobol' indices of one output combined over R
// independent replicates of a design (scrambled Sobol' points under R
// seeds): S1 and ST are the means of the replicates' indices, S1SD and
// STSD their standard deviations across replicates (n-1 denominator), and
// S1CI, STCI Student-t intervals for the means,
//
//	mean ± t(R-1, (1+level)/2) · SD / sqrt(R).
//
// Each replicate is an unbiased-enough estimate from independent points,
// so the spread across replicates measures the estimator's actual error,
// which the bootstrap over one scrambled design does not: resampling the
// blocks of a scrambled design treats its points as independent, and they
// are more even than that, so the bootstrap's standard error exceeds the
// true spread at large N (over-covering), while at small N its percentile
// intervals under-cover small indices. The t interval assumes the
// replicates' indices are roughly normal; with few replicates it is wide,
// as it should be.
type ReplicateIndices struct {
	R          int
	S1, ST     []float64
	S1SD, STSD []float64
	S1CI, STCI []Interval
}

// Replicates combines the indices of one output from at least two
// replicates with the same parameters; level is the intervals' confidence
// level (0 means 0.95). A parameter whose index is NaN in any replicate
// (a constant output) gets NaN.
func Replicates(reps []SobolIndices, level float64) (*ReplicateIndices, error) {
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("sensitivity: replicates: level is %v, must be in (0, 1)", level)
	}
	r := len(reps)
	if r < 2 {
		return nil, fmt.Errorf("sensitivity: replicates: %d replicate(s); the spread across replicates needs at least 2", r)
	}
	d := len(reps[0].S1)
	for i, x := range reps {
		if len(x.S1) != d || len(x.ST) != d {
			return nil, fmt.Errorf("sensitivity: replicates: replicate %d has %d and %d indices, replicate 0 has %d", i, len(x.S1), len(x.ST), d)
		}
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(r - 1)}.Quantile((1 + level) / 2)
	out := &ReplicateIndices{R: r}
	combine := func(get func(SobolIndices) []float64) (mean, sd []float64, ci []Interval) {
		mean, sd, ci = make([]float64, d), make([]float64, d), make([]Interval, d)
		x := make([]float64, r)
		for j := range d {
			for i, rep := range reps {
				x[i] = get(rep)[j]
			}
			m, s := meanSD(x)
			h := t * s / math.Sqrt(float64(r))
			mean[j], sd[j], ci[j] = m, s, Interval{Lo: m - h, Hi: m + h}
		}
		return mean, sd, ci
	}
	out.S1, out.S1SD, out.S1CI = combine(func(s SobolIndices) []float64 { return s.S1 })
	out.ST, out.STSD, out.STCI = combine(func(s SobolIndices) []float64 { return s.ST })
	return out, nil
}

// meanSD returns the mean and standard deviation (n-1 denominator) of x,
// two-pass; NaN if any value is NaN.
func meanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	var ss float64
	for _, v := range x {
		ss += float64((v - mean) * (v - mean)) // float64(): no fused multiply-add, the same bits on every build
	}
	return mean, math.Sqrt(ss / float64(len(x)-1))
}
