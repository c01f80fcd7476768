//go:build !amd64 || purego

package lanes

const useAVX512 = false

func classStatsAVX512(front, cbar, invLag, c, size, lag, sens []float64, N, C int, K float64) {
	panic("unreachable")
}
func scaleClassesAVX512(dst, src, scale []float64, classes []int, N, C int) { panic("unreachable") }
func weightedSumsAVX512(q, terms, w []float64, classes []int, N, C int)     { panic("unreachable") }
func potentialAVX512(M, ratio, pop, n, ceiling, rth, event, U []float64, N, S int) {
	panic("unreachable")
}
func networkAVX512(num, den, e, ratio, w []float64, N, S, G int) { panic("unreachable") }
func capacitiesAVX512(de, dc, dn, e, c, n, a, kappa, front, cbar, invLag, speed, nmax []float64,
	group []int, engage, spill, floor []float64, N, C, G int) {
	panic("unreachable")
}
func adoptionAVX512(dU, U, M, ratio, num, den, p, q, omega []float64, networked []bool, N, S int) {
	panic("unreachable")
}
func addScaledAVX512(dst, y, d []float64, h float64, n int)     { panic("unreachable") }
func rk4StageAVX512(acc, tmp, y, d []float64, h float64, n int) { panic("unreachable") }
func rk4FinalAVX512(y, acc, d []float64, h float64, n int)      { panic("unreachable") }

func boundsAVX512(x []float64) (lo, hi float64, ok bool) { panic("unreachable") }

func scaleEachAVX512(x, v []float64) { panic("unreachable") }
func recipsAVX512(dst, x []float64)  { panic("unreachable") }

func tradeAVX512(flow, x, e, w, pi, R []float64, N, S, G int)               { panic("unreachable") }
func sellersAVX512(seller, purchases, bought, gt, flow []float64, N, S int) { panic("unreachable") }
