package summary

import (
	"math"
	"testing"
)

// TestQuantile checks definition 7 against hand computations: for
// x = 1..4, h = p*(n-1), so p = 0.25 gives 1 + 0.75*(2-1) = 1.75 (numpy's
// percentile([1,2,3,4], 25) is 1.75 too).
func TestQuantile(t *testing.T) {
	x := []float64{1, 2, 3, 4}
	for _, c := range []struct{ p, want float64 }{
		{0, 1}, {0.25, 1.75}, {0.5, 2.5}, {0.75, 3.25}, {1, 4}, {0.05, 1.15},
	} {
		if got := Quantile(x, c.p); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Quantile(%v) = %v, want %v", c.p, got, c.want)
		}
	}
	if got := Quantile([]float64{7}, 0.9); got != 7 {
		t.Errorf("one value: %v", got)
	}
	if !math.IsNaN(Quantile(nil, 0.5)) {
		t.Error("empty input should give NaN")
	}
}

// TestOfIgnoresOrder: the same values in another order give identical bits.
func TestOfIgnoresOrder(t *testing.T) {
	a := []float64{0.1, 1e9, 3.3, -2, 7, 0.2, 1e-3, 42}
	b := []float64{42, 1e-3, 0.2, 7, -2, 3.3, 1e9, 0.1}
	if Of(a) != Of(b) {
		t.Errorf("%+v != %+v", Of(a), Of(b))
	}
	if a[0] != 0.1 {
		t.Error("Of modified its input")
	}
	band := Of([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
	if band.P50 != 6 || band.Mean != 6 || band.P5 != 1.5 || band.P95 != 10.5 || band.N != 11 {
		t.Errorf("1..11: %+v", band)
	}
}
