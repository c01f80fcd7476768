//go:build amd64 && !purego

package lanes

import "github.com/digisim/digisim/sim/internal/cpu"

// useAVX512: the vector loops run where the processor has AVX-512.
var useAVX512 = cpu.AVX512

// The vector loops, in lanes_amd64.s: each does what its Go loop in
// lanes_go.go does, one element (8 lanes) per zmm register.

//go:noescape
func classStatsAVX512(front, cbar, invLag, c, size, lag, sens []float64, N, C int, K float64)

//go:noescape
func scaleClassesAVX512(dst, src, scale []float64, classes []int, N, C int)

//go:noescape
func weightedSumsAVX512(q, terms, w []float64, classes []int, N, C int)

//go:noescape
func potentialAVX512(M, ratio, pop, n, ceiling, rth, event, U []float64, N, S int)

//go:noescape
func networkAVX512(num, den, e, ratio, w []float64, N, S, G int)

//go:noescape
func capacitiesAVX512(de, dc, dn, e, c, n, a, kappa, front, cbar, invLag, speed, nmax []float64,
	group []int, engage, spill, floor []float64, N, C, G int)

//go:noescape
func adoptionAVX512(dU, U, M, ratio, num, den, p, q, omega []float64, networked []bool, N, S int)

// addScaledAVX512, rk4StageAVX512 and rk4FinalAVX512 do the first n
// values (a multiple of 8).
//
//go:noescape
func addScaledAVX512(dst, y, d []float64, h float64, n int)

//go:noescape
func rk4StageAVX512(acc, tmp, y, d []float64, h float64, n int)

//go:noescape
func rk4FinalAVX512(y, acc, d []float64, h float64, n int)

// boundsAVX512 is boundsGo for len(x) a positive multiple of 8.
//
//go:noescape
func boundsAVX512(x []float64) (lo, hi float64, ok bool)

// scaleEachAVX512 is scaleEachGo for len(x) a positive multiple of 8.
//
//go:noescape
func scaleEachAVX512(x, v []float64)

// recipsAVX512 is recipsGo for len(x) a positive multiple of 8.
//
//go:noescape
func recipsAVX512(dst, x []float64)

//go:noescape
func tradeAVX512(flow, x, e, w, pi, R []float64, N, S, G int)

//go:noescape
func sellersAVX512(seller, purchases, bought, gt, flow []float64, N, S int)
