//go:build !amd64 || purego

package fastmath

// Variables as on amd64, for the tests.
var useAVX2, useAVX512 = false, false

func expsAVX2(dst, x []float64) int { return 0 }

func logsAVX2(dst, x []float64) int { return 0 }

func scaledExpsAVX2(dst, src, scale []float64, blocks []int) int { return 0 }

func scaledExps512(dst, src, scale []float64, blocks []int) int { return 0 }

func scaledExpSumsAVX2(q, src, scale, w []float64, blocks []int, A int) int { return 0 }

func scaledExpSums512(q, src, scale, w []float64, blocks []int, A int) int { return 0 }

func invSqrtsAVX(dst, x []float64) {}

func exps512(dst, x []float64) int { return 0 }

func logs512(dst, x []float64) int { return 0 }

func invSqrts512(dst, x []float64) {}
