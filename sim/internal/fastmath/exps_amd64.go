//go:build amd64 && !purego

package fastmath

// useAVX2 reports whether the processor and the operating system support
// AVX2 (CPUID and XGETBV).
var useAVX2 = hasAVX2()

func hasAVX2() bool

// expsAVX2 computes dst[k] = e^x[k] as exps does, four at a time from the
// start, and stops before the first block of four with a value outside
// (-700, 700) or fewer than four values left; it returns how many it did.
//
//go:noescape
func expsAVX2(dst, x []float64) int
