//go:build !arm64 || purego

package fastmath

// Variables as on arm64, for the tests.
var useNEON = false

func expsNEON(dst, x []float64) int { return 0 }

func logsNEON(dst, x []float64) int { return 0 }

func scaledExpsNEON(dst, src, scale []float64, blocks []int) int { return 0 }

func scaledExpSumsNEON(q, src, scale, w []float64, blocks []int, A int) int { return 0 }
