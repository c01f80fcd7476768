//go:build !purego

package fastmath

//go:noescape
func invSqrts(dst, x []float64)
