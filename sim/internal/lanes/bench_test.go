package lanes

import (
	"math/rand/v2"
	"testing"
)

// Benchmarks of the vector loops at the shipped scenarios' shape (10
// members, 8 pillar classes, 4 segments, 1 coordination group): ns a call
// of 8 runs.
func BenchmarkKernels(b *testing.B) {
	const N, C, S, G = 10, 8, 4, 1
	rng := rand.New(rand.NewPCG(1, 1))
	c, size, lag, sens := vec(rng, N*C, 0.1, 1), make([]float64, C), vec(rng, 1, 1, 3), vec(rng, 1, 0, 1)
	for k := range size {
		size[k] = 1
	}
	front, cbar, invLag := make([]float64, C*W), make([]float64, N*W), make([]float64, N*W)
	classes := []int{0, 1, 2, 3, 4, 5, 6, 7}
	w, q := vec(rng, C, 0, 1), make([]float64, N*W)
	e, ratio, wg := vec(rng, N*G, 0, 1), vec(rng, N*S, 0, 1), vec(rng, G*S, 0, 1)
	num, den := make([]float64, N*S*W), make([]float64, N*S*W)
	n, a, kappa, speed, nmax := vec(rng, N, 0.3, 0.6), vec(rng, N*C, 0, 0.05), vec(rng, G, 0, 1), vec(rng, N, 0, 0.3), vec(rng, N, 0.8, 1)
	de, dc, dn := make([]float64, N*G*W), make([]float64, N*C*W), make([]float64, N*W)
	r := Rates{Engage: vec(rng, 1, 0, 1), Floor: vec(rng, 1, 0, 1), Spill: vec(rng, C, 0, 0.5)}
	U, M, dU := vec(rng, N*S, 0, 1e6), vec(rng, N*S, 1e6, 2e6), make([]float64, N*S*W)
	p, qq, om := vec(rng, S, 0, 0.05), vec(rng, S, 0.1, 0.6), vec(rng, S, 0, 0.3)
	networked := []bool{true, true, true, true}
	pop, ceil, rth, event := vec(rng, N, 1e6, 1e8), vec(rng, S, 0.1, 1), vec(rng, S*N, 0.2, 1), vec(rng, N*S, 1, 1)
	b.Run("ClassStats", func(b *testing.B) {
		for b.Loop() {
			ClassStats(front, cbar, invLag, c, size, lag, sens, N, C, 8)
		}
	})
	b.Run("WeightedSums", func(b *testing.B) {
		for b.Loop() {
			WeightedSums(q, c, w, NewIndex(classes, C), N, C)
		}
	})
	b.Run("Potential", func(b *testing.B) {
		for b.Loop() {
			Potential(M, ratio, pop, n, ceil, rth, event, U, N, S)
		}
	})
	b.Run("Network", func(b *testing.B) {
		for b.Loop() {
			Network(num, den, e, ratio, wg, N, S, G)
		}
	})
	b.Run("Capacities", func(b *testing.B) {
		group := NewIndex(make([]int, C), G)
		for b.Loop() {
			Capacities(de, dc, dn, e, c, n, a, kappa, front, cbar, invLag, speed, nmax, group, &r, N, C, G)
		}
	})
	b.Run("Adoption", func(b *testing.B) {
		for b.Loop() {
			Adoption(dU, U, M, ratio, num, den, p, qq, om, networked, N, S)
		}
	})
}
