//go:build amd64 && !purego

package lanes

import "github.com/digisim/digisim/sim/internal/cpu"

// useAVX512 and useAVX2: the vector loops run where the processor has the
// instructions and DIGISIM_SIMD allows them (variables, so that the tests
// can run every path the processor has).
var useAVX512, useAVX2 = cpu.AVX512, cpu.AVX2

// The generic vector loops, in lanes_amd64.s; the model's loop nests are
// generated (kernels_amd64.s).

// addScaledAVX512, rk4StageAVX512 and rk4FinalAVX512 do the first n
// values (a multiple of 8).
//
//go:noescape
func addScaledAVX512(dst, y, d []float64, h float64, n int)

//go:noescape
func rk4StageAVX512(acc, tmp, y, d []float64, h float64, n int)

//go:noescape
func rk4FinalAVX512(y, acc, d []float64, h float64, n int)

// boundsAVX512 is boundsGo for len(x) a positive multiple of 8.
//
//go:noescape
func boundsAVX512(x []float64) (lo, hi float64, ok bool)

// scaleEachAVX512 is scaleEachGo for len(x) a positive multiple of 8.
//
//go:noescape
func scaleEachAVX512(x, v []float64)

// recipsAVX512 is recipsGo for len(x) a positive multiple of 8.
//
//go:noescape
func recipsAVX512(dst, x []float64)
