package sim

import (
	"math"

	"github.com/digisim/digisim/sim/internal/fastmath"
)

// powers evaluates the CES aggregate of equation 4 over pillar classes, as
// an inner sum Q_is from which both log R and R^a follow:
//
//	rho != 0: Q = sum_k w_sk c_ik^rho,   R = Q^(1/rho), R^a = Q^(a/rho)
//	rho == 0: Q = sum_k w_sk log c_ik,   R = exp(Q),    R^a = exp(a Q)
//
// The right-hand side needs only R^theta (equation 7), so with e-commerce's
// rho = -1/2 and theta = 1/2 it is 1/Q: no logarithm and no exponential.
// Exponents that are common choices (0, ±1/2, ±1, ±2) are computed with
// sqrt and division (1/sqrt two at a time: fastmath.InvSqrts), exact to
// rounding and several times cheaper than exp(rho*log c); any other
// exponent takes the general path, with the table-driven log and exp of
// package fastmath (a few ulps from math's).
type powers struct {
	N, C int
	seg  []cesSegment

	need [numPowerKinds]bool
	c    []float64 // N*C, the capacities last filled
	logc []float64 // N*C, log c
	inv  []float64 // N*C, 1/c
	sqrt []float64 // N*C, sqrt c
	isqr []float64 // N*C, 1/sqrt c
	q    []float64 // s*N+i, the inner sums Q_is
}

// cesSegment is one segment's aggregate: its exponent and its active
// classes (w > 0) with their weights, stored densely for the inner loop.
type cesSegment struct {
	kind    powerKind
	rho     float64
	classes []int
	w       []float64
	pows    []float64 // general kind: c^rho of the active classes, i*len(classes)+j
}

type powerKind int

const (
	powGeneral powerKind = iota
	powZero              // geometric mean
	powMinusOne
	powMinusHalf
	powHalf
	powOne
	powMinusTwo
	powTwo
	numPowerKinds
)

// kindOf returns the fast path for exponent a, or powGeneral.
func kindOf(a float64) powerKind {
	switch a {
	case 0:
		return powZero
	case -1:
		return powMinusOne
	case -0.5:
		return powMinusHalf
	case 0.5:
		return powHalf
	case 1:
		return powOne
	case -2:
		return powMinusTwo
	case 2:
		return powTwo
	}
	return powGeneral
}

// newPowers prepares the aggregates of segments with exponents rho and
// normalised class weights w (s*C+class) for N members.
func newPowers(rho, w []float64, N, C int) *powers {
	pw := &powers{N: N, C: C}
	for s, r := range rho {
		cs := cesSegment{kind: kindOf(r), rho: r}
		for cl := range C {
			if v := w[s*C+cl]; v > 0 {
				cs.classes = append(cs.classes, cl)
				cs.w = append(cs.w, v)
			}
		}
		if cs.kind == powGeneral {
			cs.pows = make([]float64, N*len(cs.classes))
		}
		pw.seg = append(pw.seg, cs)
		pw.need[cs.kind] = true
	}
	pw.logc = make([]float64, N*C)
	pw.inv = make([]float64, N*C)
	pw.sqrt = make([]float64, N*C)
	pw.isqr = make([]float64, N*C)
	pw.q = make([]float64, len(rho)*N)
	return pw
}

// fill computes the per-capacity terms that the segments' kinds need, in
// batches (fastmath's loops are faster than calls per value).
func (pw *powers) fill(c []float64) {
	pw.c = c
	if pw.need[powGeneral] || pw.need[powZero] {
		fastmath.Logs(pw.logc, c)
	}
	if pw.need[powMinusOne] || pw.need[powMinusTwo] {
		for ik, v := range c {
			pw.inv[ik] = 1 / v
		}
	}
	if pw.need[powHalf] {
		for ik, v := range c {
			pw.sqrt[ik] = math.Sqrt(v)
		}
	}
	if pw.need[powMinusHalf] {
		fastmath.InvSqrts(pw.isqr, c)
	}
	for s := range pw.seg {
		cs := &pw.seg[s]
		if cs.kind != powGeneral {
			continue
		}
		A := len(cs.classes)
		for i := range pw.N {
			logc := pw.logc[i*pw.C : (i+1)*pw.C]
			for j, cl := range cs.classes {
				cs.pows[i*A+j] = cs.rho * logc[cl]
			}
		}
		fastmath.Exps(cs.pows, cs.pows)
	}
}

// sums computes Q_is (see powers) for every segment and member.
func (pw *powers) sums() {
	for s := range pw.seg {
		for i := range pw.N {
			pw.q[s*pw.N+i] = pw.inner(s, i)
		}
	}
}

// inner returns Q_is of segment s for member i (see powers).
func (pw *powers) inner(s, i int) float64 {
	cs := &pw.seg[s]
	base := i * pw.C
	w := cs.w[:len(cs.classes)]
	sum := 0.0
	switch cs.kind {
	case powZero:
		logc := pw.logc[base : base+pw.C]
		for j, cl := range cs.classes {
			sum += w[j] * logc[cl]
		}
	case powMinusOne:
		inv := pw.inv[base : base+pw.C]
		for j, cl := range cs.classes {
			sum += w[j] * inv[cl]
		}
	case powMinusTwo:
		inv := pw.inv[base : base+pw.C]
		for j, cl := range cs.classes {
			sum += w[j] * inv[cl] * inv[cl]
		}
	case powMinusHalf:
		isqr := pw.isqr[base : base+pw.C]
		for j, cl := range cs.classes {
			sum += w[j] * isqr[cl]
		}
	case powHalf:
		sq := pw.sqrt[base : base+pw.C]
		for j, cl := range cs.classes {
			sum += w[j] * sq[cl]
		}
	case powOne:
		c := pw.c[base : base+pw.C]
		for j, cl := range cs.classes {
			sum += w[j] * c[cl]
		}
	case powTwo:
		c := pw.c[base : base+pw.C]
		for j, cl := range cs.classes {
			sum += w[j] * c[cl] * c[cl]
		}
	default:
		A := len(w)
		pows := cs.pows[i*A : (i+1)*A]
		for j, v := range pows {
			sum += w[j] * v
		}
	}
	return sum
}

// logR sets dst[i] = log R_is for every member i, from the sums of the
// last sums call.
func (pw *powers) logR(s int, dst []float64) {
	q := pw.q[s*pw.N : (s+1)*pw.N]
	rho := pw.seg[s].rho
	if rho == 0 {
		copy(dst, q)
		return
	}
	fastmath.Logs(dst, q)
	for i := range dst[:len(q)] {
		dst[i] /= rho
	}
}

// power is R^a for one segment, for an exponent a whose fast path kind =
// kindOf(a/rho) (or a plain exp when rho = 0) is chosen once by
// readinessPower.
type power struct {
	kind powerKind
	exp  float64 // a/rho, or a when rho = 0
	zero bool    // rho = 0: R^a = exp(a q)
}

// readinessPower prepares R^a for segment s.
func (pw *powers) readinessPower(s int, a float64) power {
	if rho := pw.seg[s].rho; rho != 0 {
		return power{kind: kindOf(a / rho), exp: a / rho}
	}
	return power{exp: a, zero: true}
}

// raise sets dst[i] = R_is^a for every member i, from the sums of the last
// sums call, with p = readinessPower(s, a).
func (pw *powers) raise(s int, p power, dst []float64) {
	q := pw.q[s*pw.N : (s+1)*pw.N]
	dst = dst[:len(q)]
	kind := p.kind
	if p.zero {
		kind = powGeneral
		if p.exp == 0 {
			kind = powZero
		}
	}
	switch kind {
	case powZero:
		for i := range dst {
			dst[i] = 1
		}
	case powOne:
		copy(dst, q)
	case powMinusOne:
		for i, v := range q {
			dst[i] = 1 / v
		}
	case powTwo:
		for i, v := range q {
			dst[i] = v * v
		}
	case powMinusTwo:
		for i, v := range q {
			dst[i] = 1 / (v * v)
		}
	case powHalf:
		for i, v := range q {
			dst[i] = math.Sqrt(v)
		}
	case powMinusHalf:
		for i, v := range q {
			dst[i] = 1 / math.Sqrt(v)
		}
	default:
		if p.zero {
			copy(dst, q) // exp(a q)
		} else {
			fastmath.Logs(dst, q) // exp(a log q)
		}
		for i := range dst {
			dst[i] *= p.exp
		}
		fastmath.Exps(dst, dst)
	}
}
