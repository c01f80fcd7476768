//go:build amd64 && !purego

package cpu

// AVX2 is set when the processor has AVX2 and FMA and the operating
// system saves the ymm registers.
var AVX2 = hasAVX2()

// AVX512 is set when, besides AVX2, the processor has AVX512F and the
// operating system saves the opmask and zmm registers.
var AVX512 = AVX2 && hasAVX512()

func hasAVX2() bool

func hasAVX512() bool
