package fastmath

// InvSqrts sets dst[k] = 1/sqrt(x[k]); dst and x may be the same slice.
// The results are correctly rounded square roots and quotients (IEEE 754),
// so they are bit for bit those of 1/math.Sqrt(x) on every platform; on
// amd64 eight at a time with AVX-512 and then four at a time with AVX
// (VSQRTPD, VDIVPD) where the processor has them, the rest two at a time
// with SSE2 (SQRTPD, DIVPD); on arm64 eight, then two at a time with NEON
// (FSQRT, FDIV).
func InvSqrts(dst, x []float64) {
	dst = dst[:len(x)]
	if useAVX512 {
		n := len(x) &^ 7
		invSqrts512(dst[:n], x[:n])
		dst, x = dst[n:], x[n:]
	}
	if useAVX2 {
		n := len(x) &^ 3
		invSqrtsAVX(dst[:n], x[:n])
		dst, x = dst[n:], x[n:]
	}
	invSqrts(dst, x)
}
