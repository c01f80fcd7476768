//go:build amd64 && !purego

package cpu

import "os"

// AVX2 is set when the processor has AVX2 and FMA, the operating system
// saves the ymm registers, and DIGISIM_SIMD does not forbid it.
var AVX2 = hasAVX2() && Allowed(os.Getenv(Env)) >= 1

// AVX512 is set when, besides AVX2, the processor has AVX512F, the
// operating system saves the opmask and zmm registers, and DIGISIM_SIMD
// does not forbid it.
var AVX512 = AVX2 && hasAVX512() && Allowed(os.Getenv(Env)) >= 2

func hasAVX2() bool

func hasAVX512() bool
