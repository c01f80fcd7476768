package analyze

import (
	"io"
	"math"
	"testing"

	"github.com/digisim/digisim/sim/sample"
	"github.com/digisim/digisim/sim/sensitivity"
)

const sobolGini = `name = "sobol-gini"
scenario = "agreement"
design = "sobol"
runs = 64
seed = 7
[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.0
max = 0.5
[[uncertainties]]
path = "policy.business_engagement"
distribution = "uniform"
min = 0.3
max = 1.0
[[outcomes]]
name = "gini_2035"
variable = "gini_gmv_per_head"
year = 2035
`

// TestSobolModelGini: the Gini of GMV per head in 2035 has a large mean
// (about 0.2) and a small spread, the case where uncentred estimators gave
// first-order intervals of ±22. Its indices lie in [0, 1] up to sampling
// error, and adding 1000 to it or multiplying it by 1000 changes them by
// rounding only.
func TestSobolModelGini(t *testing.T) {
	dir := runSweep(t, sobolGini)
	idx, err := Indices(dir, 50, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range idx {
		if r.Method != "sobol" {
			continue
		}
		n++
		// At N = 64 the estimators' sampling error is about 0.1: an index
		// outside [-0.15, 1.15] or an interval wider than 1 is no sampling
		// error but a broken estimator.
		if r.Value < -0.15 || r.Value > 1.15 || r.Hi-r.Lo > 1 {
			t.Errorf("%s %s %s = %.3f [%.3f, %.3f]", r.Outcome, r.Parameter, r.Measure, r.Value, r.Lo, r.Hi)
		}
	}
	if n != 4 {
		t.Fatalf("%d Sobol' indices, want S1 and ST of 2 parameters", n)
	}
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, y, err := designMeans(f.Exp, f.Runs)
	if err != nil {
		t.Fatal(err)
	}
	an := func(g func(float64) float64) sensitivity.SobolIndices {
		t.Helper()
		yy := make([][]float64, len(y))
		for i := range y {
			yy[i] = []float64{g(y[i][0])}
		}
		res, err := sensitivity.Sobol{D: 2, Resamples: 20, Rand: sample.Stream(1, 0, "test")}.Analyze(yy)
		if err != nil {
			t.Fatal(err)
		}
		return res[0]
	}
	plain := an(func(v float64) float64 { return v })
	for _, g := range []func(float64) float64{func(v float64) float64 { return v + 1000 }, func(v float64) float64 { return 1000 * v }} {
		got := an(g)
		for j := range 2 {
			// 1000/sd(gini) ~ 1e5 costs about 5 of 16 digits in f(AB)-f(A).
			if math.Abs(got.S1[j]-plain.S1[j]) > 1e-6 || math.Abs(got.ST[j]-plain.ST[j]) > 1e-6 {
				t.Errorf("param %d: S1 %v ST %v, plain %v %v", j, got.S1[j], got.ST[j], plain.S1[j], plain.ST[j])
			}
		}
	}
}
