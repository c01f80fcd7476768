//go:build amd64 && !purego

package cpu

import "os"

// HasAVX2 and HasAVX512 are what the processor and the operating system
// offer, whatever DIGISIM_SIMD says: the tests run every path there is.
var (
	HasAVX2   = hasAVX2()
	HasAVX512 = HasAVX2 && hasAVX512()
)

// AVX2 is set when the processor has AVX2 and FMA, the operating system
// saves the ymm registers, and DIGISIM_SIMD does not forbid it.
var AVX2 = HasAVX2 && Allowed(os.Getenv(Env)) >= 1

// AVX512 is set when, besides AVX2, the processor has AVX512F, the
// operating system saves the opmask and zmm registers, and DIGISIM_SIMD
// does not forbid it.
var AVX512 = HasAVX512 && Allowed(os.Getenv(Env)) >= 2

// No arm64 instructions on amd64.
const NEON, HasNEON = false, false

func hasAVX2() bool

func hasAVX512() bool
