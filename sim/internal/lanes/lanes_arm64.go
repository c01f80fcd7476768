//go:build arm64 && !purego

package lanes

import "github.com/digisim/digisim/sim/internal/cpu"

// useNEON: the NEON kernels (kernels_arm64.s, generated) run unless
// DIGISIM_SIMD asks for the Go loops. Variables, so that the tests can
// run both paths.
var (
	useNEON            = cpu.NEON
	useAVX512, useAVX2 = false, false
)
