//go:build !arm64 || purego

package lanes

// No NEON Bounds here: lanes.go never calls this.
func boundsNEON(x []float64) (lo, hi float64, ok bool) { panic("unreachable") }
