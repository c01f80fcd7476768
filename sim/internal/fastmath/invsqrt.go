package fastmath

// InvSqrts sets dst[k] = 1/sqrt(x[k]); dst and x may be the same slice.
// The results are correctly rounded square roots and quotients (IEEE 754),
// so they are bit for bit those of 1/math.Sqrt(x) on every platform; on
// amd64 two at a time with SSE2 (SQRTPD, DIVPD), which halves the cost of
// the model's costliest single line.
func InvSqrts(dst, x []float64) {
	dst = dst[:len(x)]
	invSqrts(dst, x)
}
