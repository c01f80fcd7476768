//go:build !wasm

package fastmath

import "math"

// fma is math.FMA, one instruction where the processor has it (inlined,
// so the loops are as with math.FMA written out); fma_wasm.go has the
// WebAssembly one.
func fma(x, y, z float64) float64 { return math.FMA(x, y, z) }
