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
// sqrt and division, exact to rounding and several times cheaper than
// exp(rho*log c); any other exponent takes the general path, with the
// table-driven log and exp of package fastmath (a few ulps from math's).
type powers struct {
	C   int
	seg []cesSegment

	need [numPowerKinds]bool
	c    []float64 // N*C, the capacities last filled
	logc []float64 // N*C, log c
	inv  []float64 // N*C, 1/c
	sqrt []float64 // N*C, sqrt c
}

// cesSegment is one segment's aggregate: its exponent and its active
// classes (w > 0) with their weights, stored densely for the inner loop.
type cesSegment struct {
	kind    powerKind
	rho     float64
	classes []int
	w       []float64
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
	pw := &powers{C: C}
	for s, r := range rho {
		cs := cesSegment{kind: kindOf(r), rho: r}
		for cl := range C {
			if v := w[s*C+cl]; v > 0 {
				cs.classes = append(cs.classes, cl)
				cs.w = append(cs.w, v)
			}
		}
		pw.seg = append(pw.seg, cs)
		pw.need[cs.kind] = true
	}
	pw.logc = make([]float64, N*C)
	pw.inv = make([]float64, N*C)
	pw.sqrt = make([]float64, N*C)
	return pw
}

// fill computes the per-capacity terms that the segments' kinds need.
func (pw *powers) fill(c []float64) {
	pw.c = c
	if pw.need[powGeneral] || pw.need[powZero] {
		for ik, v := range c {
			pw.logc[ik] = fastmath.Log(v)
		}
	}
	if pw.need[powMinusOne] || pw.need[powMinusTwo] {
		for ik, v := range c {
			pw.inv[ik] = 1 / v
		}
	}
	if pw.need[powHalf] || pw.need[powMinusHalf] {
		for ik, v := range c {
			pw.sqrt[ik] = math.Sqrt(v)
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
		sq := pw.sqrt[base : base+pw.C]
		for j, cl := range cs.classes {
			sum += w[j] / sq[cl]
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
		logc := pw.logc[base : base+pw.C]
		for j, cl := range cs.classes {
			sum += w[j] * fastmath.Exp(cs.rho*logc[cl])
		}
	}
	return sum
}

// logR returns log R from the inner sum q of segment s.
func (pw *powers) logR(s int, q float64) float64 {
	if rho := pw.seg[s].rho; rho != 0 {
		return math.Log(q) / rho
	}
	return q
}

// power is R^a from the inner sum q of segment s, for an exponent a whose
// fast path kind = kindOf(a/rho) (or kindOf(a) when rho = 0) was chosen
// once by the caller (see readinessPower).
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

// of returns R^a from the inner sum q.
func (p power) of(q float64) float64 {
	if p.zero {
		if p.exp == 0 {
			return 1
		}
		return fastmath.Exp(p.exp * q)
	}
	switch p.kind {
	case powZero:
		return 1
	case powOne:
		return q
	case powMinusOne:
		return 1 / q
	case powTwo:
		return q * q
	case powMinusTwo:
		return 1 / (q * q)
	case powHalf:
		return math.Sqrt(q)
	case powMinusHalf:
		return 1 / math.Sqrt(q)
	}
	return fastmath.Exp(p.exp * fastmath.Log(q))
}
