//go:build wasm

package fastmath

// fma is x*y+z rounded twice in WebAssembly, which has no fused
// multiply-add instruction: math.FMA there is software, about 150 ns a
// call, and made the exported studio's engine four times slower (a run
// 78-137 ms against 14-35 ms, scripts/studio-timing.sh engine). Results
// then differ from a native run in the last bits; the exported studio
// promises agreement to 1e-12 relative, which scripts/studio-export-check.sh
// checks on every build (docs/studio.md). No other build uses this file.
func fma(x, y, z float64) float64 { return float64(x*y) + z }
