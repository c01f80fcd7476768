// Package summary reduces the values of many runs to the bands that fan
// charts draw: the mean and the 5, 25, 50, 75 and 95 percentiles.
package summary

import (
	"math"
	"slices"
)

// Probabilities are the quantile levels of a Band, in its field order.
var Probabilities = []float64{0.05, 0.25, 0.5, 0.75, 0.95}

// Band is the summary of one variable at one time over runs.
type Band struct {
	N                      int
	Mean                   float64
	P5, P25, P50, P75, P95 float64
}

// Of summarises values (in any order; values is not modified). The result
// does not depend on the order of values: they are sorted before summing.
func Of(values []float64) Band {
	if len(values) == 0 {
		nan := math.NaN()
		return Band{Mean: nan, P5: nan, P25: nan, P50: nan, P75: nan, P95: nan}
	}
	x := slices.Clone(values)
	slices.Sort(x)
	sum := 0.0
	for _, v := range x {
		sum += v
	}
	return Band{
		N:    len(x),
		Mean: sum / float64(len(x)),
		P5:   Quantile(x, 0.05), P25: Quantile(x, 0.25), P50: Quantile(x, 0.5),
		P75: Quantile(x, 0.75), P95: Quantile(x, 0.95),
	}
}

// Quantile returns the p-quantile of sorted x by linear interpolation
// between order statistics: definition 7 of Hyndman and Fan (1996), the
// default of R's quantile and numpy's percentile.
func Quantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(p * float64(n-1))
	lo := math.Floor(h)
	i := int(lo)
	if i >= n-1 {
		return sorted[n-1]
	}
	return sorted[i] + float64((h-lo)*(sorted[i+1]-sorted[i]))
}
