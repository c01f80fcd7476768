//go:build arm64 && !purego

package fastmath

import "github.com/digisim/digisim/sim/internal/cpu"

// useNEON reports whether the NEON kernels run: NEON (Advanced SIMD) is
// part of every arm64 processor, so unless DIGISIM_SIMD is "none" (or
// "go", "purego": the Go loops, package cpu). A variable so that tests
// can turn the kernels off and compare every path with the Go loops.
var useNEON = cpu.NEON

// expsNEON computes dst[k] = e^x[k] as exps does, eight at a time from
// the start, the last one to seven in pairs and alone, and stops before
// the first block (of eight, two or the last one) with a value outside
// (-700, 700); it returns how many it did.
//
//go:noescape
func expsNEON(dst, x []float64) int

// logsNEON is expsNEON for logs, four at a time (the last one to three
// as a pair and alone): it stops before the first block with a value that
// is not a positive normal finite number.
//
//go:noescape
func logsNEON(dst, x []float64) int

// scaledExpsNEON is ScaledExps a block (eight values) at a time: it stops
// before the first block with a product scale*src outside (-700, 700)
// and returns how many blocks it did.
//
//go:noescape
func scaledExpsNEON(dst, src, scale []float64, blocks []int) int

// scaledExpSumsNEON is ScaledExpSums a row at a time: it stops before
// the first row with a product outside (-700, 700) and returns how many
// rows it did.
//
//go:noescape
func scaledExpSumsNEON(q, src, scale, w []float64, blocks []int, A int) int
