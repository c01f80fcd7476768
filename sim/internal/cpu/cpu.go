// Package cpu tells which vector instructions the processor and the
// operating system offer (CPUID and XGETBV), for the assembly of
// sim/internal/fastmath and sim/internal/lanes: one check, read once at
// start. On arm64 NEON is always there. With the purego build tag, and
// on other processors, it reports none.
//
// The environment variable DIGISIM_SIMD forces a narrower path, so that
// one machine can measure and test every path the engine has: "avx2" uses
// AVX2 where AVX-512 would be used, "none" uses the pure-Go loops (as the
// purego build tag does; on arm64 too); empty or "avx512" uses the widest
// the processor offers. The bits are the same on every path.
package cpu

// Env is the environment variable that narrows the vector paths.
const Env = "DIGISIM_SIMD"

// Allowed returns the widest path the value v of DIGISIM_SIMD lets the
// engine use: 0 for none (pure Go), 1 for AVX2, 2 for AVX-512. A value it
// does not know allows everything (the engine is never slower for a typo;
// the bits are the same on every path).
func Allowed(v string) int {
	switch v {
	case "none", "purego", "go":
		return 0
	case "avx2":
		return 1
	}
	return 2
}
