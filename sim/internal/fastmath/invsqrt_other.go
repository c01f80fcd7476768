//go:build !(amd64 || arm64) || purego

package fastmath

import "math"

func invSqrts(dst, x []float64) {
	for k, v := range x {
		dst[k] = 1 / math.Sqrt(v)
	}
}
