//go:build !amd64 || purego

package fastmath

var useAVX2 = false // a variable as on amd64, for the tests

func expsAVX2(dst, x []float64) int { return 0 }

func logsAVX2(dst, x []float64) int { return 0 }

func invSqrtsAVX(dst, x []float64) {}
