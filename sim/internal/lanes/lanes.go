// Package lanes has the loops of the batched right-hand side (sim's
// RunBatch): every quantity of Width runs held side by side, lane-minor
// (value j of lane b at j*Width+b), so that one vector instruction does one
// operation of the model for all the runs. Each of the model's loops is
// one loop of package eq, the single run's own (eq.ClassStats,
// eq.Potentials, eq.NetworkSums, eq.Capacities, eq.Adoption, eq.Trade,
// eq.Sellers), with the same operations in the same order for every lane,
// so a lane's results are bit for bit those of the single run. On amd64
// the loops run as vector kernels, AVX-512 (one zmm register an element)
// or AVX2 (two ymm halves), and on arm64 as NEON kernels (the AVX2 ones
// translated: four 128-bit registers an element), which go generate
// compiles from eq's loops (kernels_amd64.s and kernels_arm64.s, from
// internal/gen, with the equations read from eq's source), and which tests
// compare with the eq loop run lane by lane, bit for bit. Elsewhere, and
// with the purego build tag, the eq loop runs once per lane (byLane;
// slower than single runs: Vector says where the kernels run). The generic loops (RK4's, Bounds, the CES kernels) have Go twins
// in lanes_go.go.
//
// Conventions: an "element" is Width float64 values, one per lane; the
// shapes (N members, C classes, S segments, G groups) are given as
// arguments and every slice must hold at least the elements they imply
// (each entry point checks, and panics otherwise: the kernels do not).
package lanes

import (
	"fmt"
	"math"

	"github.com/digisim/digisim/sim/internal/eq"
)

//go:generate go run ./internal/gen

// Width is the number of runs a batch holds: one zmm register of float64
// (two ymm).
const Width = 8

// Vector reports whether the loops run as vector kernels here (AVX-512,
// AVX2 with FMA, or arm64's NEON), so that batching runs pays; the Go
// loops cost more than runs alone.
func Vector() bool { return useAVX512 || useAVX2 || useNEON }

// path names the kernels the entry points call here.
func path() string {
	switch {
	case useAVX512:
		return "avx512"
	case useAVX2:
		return "avx2"
	case useNEON:
		return "neon"
	}
	return "go"
}

// ClassStats is eq.ClassStats for every lane: the frontier (equation 3),
// mean capacity and 1/lag (equation 2) from capacities c (i*C+class),
// with lag and sens one element each and size one value a class.
func ClassStats(front, cbar, invLag, c, size, lag, sens []float64, N, C int, K float64) {
	fits(C*W, len(front))
	fits(N*W, min(len(cbar), len(invLag)))
	fits(N*C*W, len(c))
	fits(C, len(size))
	fits(W, min(len(lag), len(sens)))
	if N > 0 && C > 0 {
		switch {
		case useAVX512:
			classStatsAVX512(front, cbar, invLag, c, size, lag, sens, N, C, K)
			return
		case useAVX2:
			classStatsAVX2(front, cbar, invLag, c, size, lag, sens, N, C, K)
			return
		case useNEON:
			classStatsNEON(front, cbar, invLag, c, size, lag, sens, N, C, K)
			return
		}
	}
	byLane(3, [][]float64{front[:C*W], cbar[:N*W], invLag[:N*W], c[:N*C*W]}, func(b int, v [][]float64) {
		eq.ClassStats(v[0], v[1], v[2], v[3], size, lag[b], sens[b], N, C, K)
	})
}

// WeightedSums sets q[i] = sum_j w[j] * terms[i*C+classes[j]], summed in
// the order of classes (ix) from zero: the CES inner sums Q_is of one
// segment.
func WeightedSums(q, terms, w []float64, ix Index, N, C int) {
	classes := ix.at
	fits(N*W, len(q))
	fits(N*C*W, len(terms))
	fits(len(classes)*W, len(w))
	below(ix, C)
	if N > 0 && len(classes) > 0 {
		switch {
		case useAVX512:
			weightedSumsAVX512(q, terms, w, classes, N, C)
			return
		case useAVX2:
			weightedSumsAVX2(q, terms, w, classes, N, C)
			return
		case useNEON:
			weightedSumsNEON(q, terms, w, classes, N, C)
			return
		}
	}
	weightedSumsGo(q, terms, w, classes, N, C)
}

// Potential is eq.Potentials for every lane: potential users (equation
// 7) and adoption ratios for every member and segment (i*S+s). rth is
// s*N+i.
func Potential(M, ratio, pop, n, ceiling, rth, event, U []float64, N, S int) {
	fits(N*S*W, min(len(M), len(ratio), len(event), len(U)))
	fits(N*W, min(len(pop), len(n)))
	fits(S*W, len(ceiling))
	fits(S*N*W, len(rth))
	if N > 0 && S > 0 {
		switch {
		case useAVX512:
			potentialAVX512(M, ratio, pop, n, ceiling, rth, event, U, N, S)
			return
		case useAVX2:
			potentialAVX2(M, ratio, pop, n, ceiling, rth, event, U, N, S)
			return
		case useNEON:
			potentialNEON(M, ratio, pop, n, ceiling, rth, event, U, N, S)
			return
		}
	}
	byLane(2, [][]float64{M[:N*S*W], ratio[:N*S*W], pop[:N*W], n[:N*W], ceiling[:S*W], rth[:S*N*W], event[:N*S*W], U[:N*S*W]},
		func(_ int, v [][]float64) { eq.Potentials(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], N, S) })
}

// Network is eq.NetworkSums for every lane: the sums of the network term
// (equation 9), computed directly. e is i*G+g, w is g*S+s (one element
// each), ratio, num and den i*S+s. sim's single run calls eq.NetworkSums
// when N is small enough for this quadratic form.
func Network(num, den, e, ratio, w []float64, N, S, G int) {
	fits(N*S*W, min(len(num), len(den), len(ratio)))
	fits(N*G*W, len(e))
	fits(G*S*W, len(w))
	if N > 0 && S > 0 && G > 0 {
		switch {
		case useAVX512:
			networkAVX512(num, den, e, ratio, w, N, S, G)
			return
		case useAVX2:
			networkAVX2(num, den, e, ratio, w, N, S, G)
			return
		case useNEON:
			networkNEON(num, den, e, ratio, w, N, S, G)
			return
		}
	}
	byLane(2, [][]float64{num[:N*S*W], den[:N*S*W], e[:N*G*W], ratio[:N*S*W], w[:G*S*W]}, func(_ int, v [][]float64) {
		eq.NetworkSums(v[0], v[1], v[2], v[3], v[4], N, S, G)
	})
}

// Rates holds the policy inputs of Capacities: Engage (beta) and Floor
// (the absorptive floor) one element each, Spill each class's spillover
// sigma_k (class*W+lane; MODEL.md equation 3).
type Rates struct {
	Engage, Floor, Spill []float64
}

// Capacities is eq.Capacities for every lane: the rates of effective
// coordination, capacity and online share (equations 2, 3 and 6) for
// every member (groups: each class's coordination group).
func Capacities(de, dc, dn, e, c, n, a, kappa, front, cbar, invLag, speed, nmax []float64,
	groups Index, r *Rates, N, C, G int) {
	group := groups.at
	fits(N*G*W, min(len(de), len(e)))
	fits(N*C*W, min(len(dc), len(c), len(a)))
	fits(N*W, min(len(dn), len(n), len(cbar), len(invLag), len(speed), len(nmax)))
	fits(G*W, len(kappa))
	fits(C*W, min(len(front), len(r.Spill)))
	fits(W, min(len(r.Engage), len(r.Floor)))
	if len(group) < C {
		panic("lanes: fewer groups than classes")
	}
	below(groups, G)
	if N > 0 && C > 0 && G > 0 {
		switch {
		case useAVX512:
			capacitiesAVX512(de, dc, dn, e, c, n, a, kappa, front, cbar, invLag, speed, nmax, r.Spill, group,
				r.Engage, r.Floor, N, C, G)
			return
		case useAVX2:
			capacitiesAVX2(de, dc, dn, e, c, n, a, kappa, front, cbar, invLag, speed, nmax, r.Spill, group,
				r.Engage, r.Floor, N, C, G)
			return
		case useNEON:
			capacitiesNEON(de, dc, dn, e, c, n, a, kappa, front, cbar, invLag, speed, nmax, r.Spill, group,
				r.Engage, r.Floor, N, C, G)
			return
		}
	}
	byLane(3, [][]float64{de[:N*G*W], dc[:N*C*W], dn[:N*W], e[:N*G*W], c[:N*C*W], n[:N*W], a[:N*C*W], kappa[:G*W],
		front[:C*W], cbar[:N*W], invLag[:N*W], speed[:N*W], nmax[:N*W], r.Spill[:C*W]}, func(b int, v [][]float64) {
		eq.Capacities(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13],
			group, r.Engage[b], r.Floor[b], N, C, G)
	})
}

// Adoption is eq.Adoption for every lane: the rate of users (equations 9
// and 10) for every member and segment (i*S+s). p, q and omega are s.
func Adoption(dU, U, M, ratio, num, den, p, q, omega []float64, networked []bool, N, S int) {
	fits(N*S*W, min(len(dU), len(U), len(M), len(ratio), len(num), len(den)))
	fits(S*W, min(len(p), len(q), len(omega)))
	if len(networked) < S {
		panic("lanes: fewer networked flags than segments")
	}
	if N > 0 && S > 0 {
		switch {
		case useAVX512:
			adoptionAVX512(dU, U, M, ratio, num, den, p, q, omega, networked, N, S)
			return
		case useAVX2:
			adoptionAVX2(dU, U, M, ratio, num, den, p, q, omega, networked, N, S)
			return
		case useNEON:
			adoptionNEON(dU, U, M, ratio, num, den, p, q, omega, networked, N, S)
			return
		}
	}
	byLane(1, [][]float64{dU[:N*S*W], U[:N*S*W], M[:N*S*W], ratio[:N*S*W], num[:N*S*W], den[:N*S*W], p[:S*W], q[:S*W], omega[:S*W]},
		func(_ int, v [][]float64) {
			eq.Adoption(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], networked, N, S)
		})
}

// AddScaled sets dst[k] = y[k] + h*d[k] over len(y) values (an RK4 stage's
// argument; any length: single runs use it too).
func AddScaled(dst, y, d []float64, h float64) {
	fits(len(y), min(len(dst), len(d)))
	if n := len(y) &^ 7; n > 0 && Vector() {
		switch {
		case useAVX512:
			addScaledAVX512(dst, y, d, h, n)
		case useAVX2:
			addScaledAVX2(dst, y, d, h, n)
		default:
			addScaledNEON(dst, y, d, h, n)
		}
		dst, y, d = dst[n:], y[n:], d[n:]
	}
	addScaledGo(dst, y, d, h)
}

// RK4Stage does the bookkeeping between RK4's middle stages in one pass:
// acc[k] += 2*d[k] (the running sum k1 + 2*k2 + 2*k3, left to right) and
// tmp[k] = y[k] + h*d[k] (the next stage's argument).
func RK4Stage(acc, tmp, y, d []float64, h float64) {
	fits(len(y), min(len(acc), len(tmp), len(d)))
	if n := len(y) &^ 7; n > 0 && Vector() {
		switch {
		case useAVX512:
			rk4StageAVX512(acc, tmp, y, d, h, n)
		case useAVX2:
			rk4StageAVX2(acc, tmp, y, d, h, n)
		default:
			rk4StageNEON(acc, tmp, y, d, h, n)
		}
		acc, tmp, y, d = acc[n:], tmp[n:], y[n:], d[n:]
	}
	rk4StageGo(acc, tmp, y, d, h)
}

// RK4Final sets y[k] += h*(acc[k] + d[k]): the RK4 update, with acc the
// running sum of RK4Stage, d = k4 and h = dt/6.
func RK4Final(y, acc, d []float64, h float64) {
	fits(len(y), min(len(acc), len(d)))
	if n := len(y) &^ 7; n > 0 && Vector() {
		switch {
		case useAVX512:
			rk4FinalAVX512(y, acc, d, h, n)
		case useAVX2:
			rk4FinalAVX2(y, acc, d, h, n)
		default:
			rk4FinalNEON(y, acc, d, h, n)
		}
		y, acc, d = y[n:], acc[n:], d[n:]
	}
	rk4FinalGo(y, acc, d, h)
}

// Bounds returns the least and greatest of x (+Inf and -Inf when x is
// empty), and whether no value is NaN: the state checks of a batch test
// whole vectors at once. With a NaN (ok false) lo and hi are not defined:
// the paths differ there.
func Bounds(x []float64) (lo, hi float64, ok bool) {
	lo, hi, ok = math.Inf(1), math.Inf(-1), true
	if n := len(x) &^ 7; n > 0 && Vector() {
		switch {
		case useAVX512:
			lo, hi, ok = boundsAVX512(x[:n])
		case useAVX2:
			lo, hi, ok = boundsAVX2(x[:n])
		default:
			lo, hi, ok = boundsNEON(x[:n])
		}
		x = x[n:]
	}
	l, h, o := boundsGo(x)
	return min(lo, l), max(hi, h), ok && o
}

// Recips sets dst[k] = 1/x[k] (R^theta = 1/Q when theta/rho = -1).
func Recips(dst, x []float64) {
	fits(len(x), len(dst))
	if n := len(x) &^ 7; n > 0 && Vector() {
		switch {
		case useAVX512:
			recipsAVX512(dst[:n], x[:n])
		case useAVX2:
			recipsAVX2(dst[:n], x[:n])
		default:
			recipsNEON(dst[:n], x[:n])
		}
		dst, x = dst[n:], x[n:]
	}
	recipsGo(dst, x)
}

// Trade is eq.Trade for every lane: the cross-border flows of equations
// 8, 11 and 12 and their sums x (before tradability), with alpha one a
// lane. e is i*G+g, w g*S+s, pi i*N+j, R and x i*S+s, flow (i*N+j)*S+s.
func Trade(flow, x, e, w, pi, R, alpha []float64, N, S, G int) {
	fits(N*N*S*W, len(flow))
	fits(N*S*W, min(len(x), len(R)))
	fits(N*G*W, len(e))
	fits(G*S*W, len(w))
	fits(N*N*W, len(pi))
	fits(W, len(alpha))
	if N > 0 && S > 0 && G > 0 {
		switch {
		case useAVX512:
			tradeAVX512(flow, x, e, w, pi, R, alpha, N, S, G)
			return
		case useAVX2:
			tradeAVX2(flow, x, e, w, pi, R, alpha, N, S, G)
			return
		case useNEON:
			tradeNEON(flow, x, e, w, pi, R, alpha, N, S, G)
			return
		}
	}
	byLane(2, [][]float64{flow[:N*N*S*W], x[:N*S*W], e[:N*G*W], w[:G*S*W], pi[:N*N*W], R[:N*S*W]}, func(b int, v [][]float64) {
		eq.Trade(v[0], v[1], v[2], v[3], v[4], v[5], alpha[b], N, S, G)
	})
}

// Sellers is eq.Sellers for every lane: it books each buyer's purchases
// abroad with its sellers (equation 14) and adds them to bought (one
// element). gt and seller are i*S+s, purchases i*N+j, flow (i*N+j)*S+s.
func Sellers(seller, purchases, bought, gt, flow []float64, N, S int) {
	fits(N*S*W, min(len(seller), len(gt)))
	fits(N*N*W, len(purchases))
	fits(W, len(bought))
	fits(N*N*S*W, len(flow))
	if N > 0 && S > 0 {
		switch {
		case useAVX512:
			sellersAVX512(seller, purchases, gt, flow, bought, N, S)
			return
		case useAVX2:
			sellersAVX2(seller, purchases, gt, flow, bought, N, S)
			return
		case useNEON:
			sellersNEON(seller, purchases, gt, flow, bought, N, S)
			return
		}
	}
	byLane(3, [][]float64{seller[:N*S*W], purchases[:N*N*W], bought[:W], gt[:N*S*W], flow[:N*N*S*W]}, func(_ int, v [][]float64) {
		v[2][0] = eq.Sellers(v[0], v[1], v[3], v[4], v[2][0], N, S)
	})
}

// fits panics unless shortest, the least length of the slices a shape
// implies, is at least n: the vector loops do not check their bounds, so
// the callers' shapes are checked here (a wrong shape is a bug in package
// sim, not bad input). The callers pass min(len(a), len(b), ...), not the
// slices: this runs some 15 times a right-hand side, and a variadic list
// of slices cost 3% of a sweep.
func fits(n, shortest int) {
	if shortest < n {
		panic(fmt.Sprintf("lanes: a slice of %d values where the shape needs %d", shortest, n))
	}
}

// Index is a list of indices (classes, or the classes' groups), each
// checked when made (NewIndex) to lie below a bound: the kernels read at
// them unchecked, and a batch makes its lists once for thousands of calls
// (checking every index on every call cost 1.4% of a sweep).
type Index struct {
	at    []int
	bound int
}

// NewIndex returns at as an Index below n; it panics unless every index is
// in [0, n).
func NewIndex(at []int, n int) Index {
	for _, k := range at {
		if uint(k) >= uint(n) { // k < 0 too
			panic(fmt.Sprintf("lanes: index %d outside [0, %d)", k, n))
		}
	}
	return Index{at: at, bound: n}
}

// below panics unless ix's indices are below n.
func below(ix Index, n int) {
	if ix.bound > n {
		panic(fmt.Sprintf("lanes: indices below %d where the shape has %d", ix.bound, n))
	}
}
