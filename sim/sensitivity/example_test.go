package sensitivity_test

import (
	"fmt"
	"log"
	"math"

	"github.com/digisim/digisim/sim/sample"
	"github.com/digisim/digisim/sim/sensitivity"
)

// Sobol' indices of the Ishigami function: sample a Saltelli design in the
// unit cube, map it to the parameters' distributions, evaluate, analyse.
func ExampleSobol() {
	f := func(x []float64) []float64 {
		return []float64{math.Sin(x[0]) + 7*math.Pow(math.Sin(x[1]), 2) + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])}
	}
	dists := []sample.Dist{
		sample.Uniform{Min: -math.Pi, Max: math.Pi},
		sample.Uniform{Min: -math.Pi, Max: math.Pi},
		sample.Uniform{Min: -math.Pi, Max: math.Pi},
	}
	const n = 4096 // base points, a power of two
	pts, err := sample.Saltelli{N: n, D: len(dists), Skip: n}.Points()
	if err != nil {
		log.Fatal(err)
	}
	x, err := sample.Map(pts, dists)
	if err != nil {
		log.Fatal(err)
	}
	y := make([][]float64, len(x))
	for i, p := range x {
		y[i] = f(p)
	}
	res, err := sensitivity.Sobol{
		D:         len(dists),
		Resamples: 200,
		Rand:      sample.Stream(42, 0, "bootstrap"),
	}.Analyze(y)
	if err != nil {
		log.Fatal(err)
	}
	s := res[0] // the first (only) output
	for j := range dists {
		fmt.Printf("x%d  S1 %.2f [%.2f, %.2f]  ST %.2f [%.2f, %.2f]\n", j+1,
			s.S1[j], s.S1CI[j].Lo, s.S1CI[j].Hi, s.ST[j], s.STCI[j].Lo, s.STCI[j].Hi)
	}
	// The analytic values are S1 0.31, 0.44, 0 and ST 0.56, 0.44, 0.24.

	// Output:
	// x1  S1 0.32 [0.28, 0.35]  ST 0.56 [0.52, 0.60]
	// x2  S1 0.44 [0.42, 0.47]  ST 0.44 [0.42, 0.46]
	// x3  S1 0.00 [-0.02, 0.03]  ST 0.24 [0.23, 0.26]
}

// Morris screening of a function with one interaction: mu* ranks the
// parameters, sigma flags the non-additive ones. Effects are per unit of the
// unit cube because the unit-cube points are passed.
func ExampleMorris() {
	f := func(x []float64) []float64 { return []float64{4*x[0] + 2*x[1]*x[2]} }
	m := sample.Morris{R: 20, D: 3, Levels: 4, Seed: 7}
	pts, err := m.Points()
	if err != nil {
		log.Fatal(err)
	}
	y := make([][]float64, len(pts))
	for i, p := range pts {
		y[i] = f(p)
	}
	res, err := sensitivity.Morris{D: 3}.Analyze(pts, y)
	if err != nil {
		log.Fatal(err)
	}
	e := res[0]
	for j := range e.Mu {
		fmt.Printf("x%d  mu %.2f  mu* %.2f  sigma %.2f\n", j+1, e.Mu[j], e.MuStar[j], e.Sigma[j])
	}
	// Output:
	// x1  mu 4.00  mu* 4.00  sigma 0.00
	// x2  mu 1.03  mu* 1.03  sigma 0.79
	// x3  mu 0.77  mu* 0.77  sigma 0.79
}
