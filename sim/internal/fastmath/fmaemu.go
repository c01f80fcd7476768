package fastmath

import "math"

// fmaEmu is math.FMA (x*y + z rounded once) from float64 additions and
// multiplications only, for GOARCH=wasm: WebAssembly has no fused
// multiply-add, and Go's math.FMA there works in 128-bit integer
// arithmetic, about 150 ns a call. It is correctly rounded, so it gives
// math.FMA's bits (TestFMAEmu), the engine's promise of the same bits on
// every build (MODEL.md, How the engine computes it).
//
// The method is Boldo and Melquiond's ("Emulation of FMA and correctly
// rounded sums: proved algorithms using rounding to odd", IEEE Trans.
// Computers 57(4), 2008, section 5.3): the product exactly as uh + ul
// (Veltkamp's split and Dekker's product), th + tl = z + uh exactly
// (TwoSum), v = tl + ul rounded to odd, and the result th + v rounded to
// nearest. Its proof assumes no overflow and no underflow on the way, so
// operands outside [2^-450, 2^450) in magnitude (zeros, subnormals,
// infinities and NaN among them) go to math.FMA: within that range every
// partial product and sum is a multiple of 2^-1006 and below 2^901.
func fmaEmu(x, y, z float64) float64 {
	if !emuRange(x) || !emuRange(y) || !emuRange(z) {
		return math.FMA(x, y, z)
	}
	// The explicit float64 conversions keep the compiler from fusing
	// (where it may), which would break the exact-error terms.
	uh := float64(x * y)
	xh, xl := split(x)
	yh, yl := split(y)
	ul := float64(float64(float64(float64(xh*yh)-uh)+float64(xh*yl))+float64(xl*yh)) + float64(xl*yl)
	th, tl := twoSum(z, uh)
	v, e := twoSum(tl, ul)
	if b := math.Float64bits(v); e != 0 && b&1 == 0 {
		// Inexact and v's last bit even: the odd neighbour on e's side.
		if (e > 0) == (v > 0) {
			v = math.Float64frombits(b + 1)
		} else {
			v = math.Float64frombits(b - 1)
		}
	}
	return th + v
}

// emuRange reports whether |x| is in [2^-450, 2^450), where fmaEmu's
// steps neither overflow nor underflow.
func emuRange(x float64) bool {
	const lo, hi = 1023 - 450, 1023 + 450 // biased exponents
	return (math.Float64bits(x)>>52)&0x7ff-lo < hi-lo
}

// split is Veltkamp's: x = hi + lo exactly, each with at most 26
// significant bits, so products of the parts are exact.
func split(x float64) (hi, lo float64) {
	const c = 1<<27 + 1
	p := float64(x * c)
	hi = p - (p - x)
	return hi, x - hi
}

// twoSum is Knuth's: s = a + b rounded and e its exact error, a + b = s + e.
func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	return s, (a - (s - bb)) + (b - bb)
}
