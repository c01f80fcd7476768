package sensitivity

import (
	"fmt"
	"math"
)

// TimeIndex is the Sobol' indices of one parameter at one time of a series
// outcome. The intervals are NaN without resampling; all fields but Time
// and Param are NaN where the outcome does not vary (a base year).
type TimeIndex struct {
	Time       float64
	Param      int
	S1, ST     float64
	S1CI, STCI Interval
}

// OverTime returns the first-order and total indices of a series outcome
// at each of its times: y[r][k] is the outcome of design row r (in the
// Saltelli order, as for Analyze) at times[k]. The rows come time by time,
// parameters in order within a time. With Resamples > 0 the bands are
// bootstrap percentile intervals at Level; every time uses the same
// resamples of the N base blocks, so bands at neighbouring times are
// comparable and the result depends only on Rand's seed.
//
// The indices at each time are those of Analyze on that time's column;
// their answer to "which parameter drives the outcome in year t" can change
// with t, which a single year's indices hide.
func (s Sobol) OverTime(times []float64, y [][]float64) ([]TimeIndex, error) {
	if len(times) == 0 {
		return nil, fmt.Errorf("sensitivity: over time: no times")
	}
	for k, t := range times {
		if math.IsNaN(t) || math.IsInf(t, 0) || (k > 0 && !(t > times[k-1])) {
			return nil, fmt.Errorf("sensitivity: over time: time %d is %v: want finite, increasing times", k, t)
		}
	}
	for i, row := range y {
		if len(row) != len(times) {
			return nil, fmt.Errorf("sensitivity: over time: row %d has %d values for %d times", i, len(row), len(times))
		}
	}
	res, err := s.Analyze(y)
	if err != nil {
		return nil, err
	}
	nan := Interval{math.NaN(), math.NaN()}
	out := make([]TimeIndex, 0, len(times)*s.D)
	for k, t := range times {
		r := res[k]
		for j := 0; j < s.D; j++ {
			ti := TimeIndex{Time: t, Param: j, S1: r.S1[j], ST: r.ST[j], S1CI: nan, STCI: nan}
			if r.S1CI != nil && !math.IsNaN(r.S1[j]) {
				ti.S1CI, ti.STCI = r.S1CI[j], r.STCI[j]
			}
			out = append(out, ti)
		}
	}
	return out, nil
}
