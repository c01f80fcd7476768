//go:build amd64 && !purego

package fastmath

import "github.com/digisim/digisim/sim/internal/cpu"

// useAVX2 reports whether the processor and the operating system support
// AVX2 and FMA. A variable so that tests can turn the kernels off and
// compare every path with the Go loops.
var useAVX2 = cpu.AVX2

// expsAVX2 computes dst[k] = e^x[k] as exps does, four at a time from the
// start, and stops before the first block of four with a value outside
// (-700, 700) or fewer than four values left; it returns how many it did.
//
//go:noescape
func expsAVX2(dst, x []float64) int

// scaledExpsAVX2 is ScaledExps with AVX2, four at a time (two halves a
// block): it stops before the first block with a product scale*src
// outside (-700, 700) and returns how many blocks it did.
//
//go:noescape
func scaledExpsAVX2(dst, src, scale []float64, blocks []int) int

// scaledExpSumsAVX2 is ScaledExpSums with AVX2 (two halves a block): it
// stops before the first row with a product outside (-700, 700) and
// returns how many rows it did.
//
//go:noescape
func scaledExpSumsAVX2(q, src, scale, w []float64, blocks []int, A int) int

// logsAVX2 is expsAVX2 for logs: it stops before the first block with a
// value that is not a positive normal finite number.
//
//go:noescape
func logsAVX2(dst, x []float64) int

// invSqrtsAVX sets dst[k] = 1/sqrt(x[k]) four at a time (VSQRTPD,
// VDIVPD: correctly rounded); len(x) is a multiple of 4.
//
//go:noescape
func invSqrtsAVX(dst, x []float64)

// useAVX512 reports whether the processor and the operating system support
// AVX512F with its opmask and ZMM state, besides AVX2 (the kernels of
// eight hand their last block of four to the AVX2 ones).
var useAVX512 = cpu.AVX512

// exps512 is expsAVX2 eight at a time (zmm): it stops before the first
// block of eight with a value outside (-700, 700) or fewer than eight left.
//
//go:noescape
func exps512(dst, x []float64) int

// scaledExps512 is scaledExpsAVX2 eight at a time (a block a zmm).
//
//go:noescape
func scaledExps512(dst, src, scale []float64, blocks []int) int

// scaledExpSums512 is scaledExpSumsAVX2 eight at a time.
//
//go:noescape
func scaledExpSums512(q, src, scale, w []float64, blocks []int, A int) int

// logs512 is logsAVX2 eight at a time.
//
//go:noescape
func logs512(dst, x []float64) int

// invSqrts512 is invSqrtsAVX eight at a time; len(x) is a multiple of 8.
//
//go:noescape
func invSqrts512(dst, x []float64)
