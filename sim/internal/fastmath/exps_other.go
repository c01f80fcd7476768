//go:build !amd64 || purego

package fastmath

const useAVX2 = false

func expsAVX2(dst, x []float64) int { return 0 }

func logsAVX2(dst, x []float64) int { return 0 }

func invSqrtsAVX(dst, x []float64) {}
