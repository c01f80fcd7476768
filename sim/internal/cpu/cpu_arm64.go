//go:build arm64 && !purego

package cpu

import "os"

// No x86 vector instructions on arm64.
const AVX2, AVX512, HasAVX2, HasAVX512 = false, false, false, false

// HasNEON: every arm64 processor has NEON (Advanced SIMD), whatever
// DIGISIM_SIMD says, so the tests run its path too.
const HasNEON = true

// NEON is set unless DIGISIM_SIMD asks for the pure-Go loops ("none").
var NEON = Allowed(os.Getenv(Env)) >= 1
