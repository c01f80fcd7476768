//go:build amd64 && !purego

package lanes

import "github.com/digisim/digisim/sim/internal/cpu"

// useAVX512 and useAVX2: the vector kernels (kernels_amd64.s, generated)
// run where the processor has the instructions and DIGISIM_SIMD allows
// them. Variables, so that the tests can run every path the processor has.
var (
	useAVX512, useAVX2 = cpu.AVX512, cpu.AVX2
	useNEON            = false
)
