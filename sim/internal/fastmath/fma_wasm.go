//go:build wasm

package fastmath

// fma is math.FMA's result computed from float64 operations (fmaEmu):
// several times faster than math.FMA in WebAssembly, which has no fused
// multiply-add instruction.
func fma(x, y, z float64) float64 { return fmaEmu(x, y, z) }
