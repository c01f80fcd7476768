package sensitivity_test

import (
	"math"
	"testing"

	"github.com/digisim/digisim/sim/sample"
	"github.com/digisim/digisim/sim/sensitivity"
)

// BenchmarkSobolIndices analyses the G function's outputs on N = 4096
// Saltelli base points in 8 dimensions, with and without 100 bootstrap
// resamples.
func BenchmarkSobolIndices(b *testing.B) {
	a := []float64{0, 1, 4.5, 9, 99, 99, 99, 99}
	const n = 4096
	pts, err := sample.Saltelli{N: n, D: len(a), Skip: n}.Points()
	if err != nil {
		b.Fatal(err)
	}
	y := evaluate(b, pts, uniforms(len(a), 0, 1), gFunction(a))
	for _, r := range []int{0, 100} {
		b.Run(map[int]string{0: "estimate", 100: "bootstrap100"}[r], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s := sensitivity.Sobol{D: len(a), Resamples: r, Rand: sample.Stream(1, 0, "bench")}
				if _, err := s.Analyze(y); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkMorris(b *testing.B) {
	pts, _ := sample.Morris{R: 100, D: 20, Levels: 4, Seed: 1}.Points()
	y := make([][]float64, len(pts))
	for i, p := range pts {
		y[i] = []float64{math.Sin(p[0]) * p[1]}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (sensitivity.Morris{D: 20}).Analyze(pts, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSRC(b *testing.B) {
	pts, _ := sample.LatinHypercube{N: 2000, D: 20, Seed: 1}.Points()
	y := make([][]float64, len(pts))
	for i, p := range pts {
		y[i] = []float64{p[0] + 2*p[1]*p[2]}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sensitivity.SRC(pts, y); err != nil {
			b.Fatal(err)
		}
	}
}
