//go:build !(amd64 || arm64) || purego

package lanes

// No vector kernels here: the Go loops run (variables, as on amd64 and
// arm64, for the tests).
var useAVX512, useAVX2, useNEON = false, false, false
