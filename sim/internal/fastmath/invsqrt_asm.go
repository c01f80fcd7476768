//go:build (amd64 || arm64) && !purego

package fastmath

// invSqrts is 1/sqrt(x[k]) in assembly: SSE2 on amd64, NEON on arm64.
//
//go:noescape
func invSqrts(dst, x []float64)
