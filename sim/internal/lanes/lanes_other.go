//go:build !amd64 || purego

package lanes

// No vector loops here (variables, as on amd64, for the tests).
var useAVX512, useAVX2 = false, false

func addScaledAVX512(dst, y, d []float64, h float64, n int)     { panic("unreachable") }
func rk4StageAVX512(acc, tmp, y, d []float64, h float64, n int) { panic("unreachable") }
func rk4FinalAVX512(y, acc, d []float64, h float64, n int)      { panic("unreachable") }

func boundsAVX512(x []float64) (lo, hi float64, ok bool) { panic("unreachable") }

func scaleEachAVX512(x, v []float64) { panic("unreachable") }
func recipsAVX512(dst, x []float64)  { panic("unreachable") }
