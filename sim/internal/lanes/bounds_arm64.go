//go:build arm64 && !purego

package lanes

// boundsNEON is boundsGo for len(x) a positive multiple of 8
// (bounds_arm64.s: written by hand, not generated).
//
//go:noescape
func boundsNEON(x []float64) (lo, hi float64, ok bool)
