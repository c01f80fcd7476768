package sim

import (
	"math"

	"github.com/digisim/digisim/sim/internal/fastmath"
	"github.com/digisim/digisim/sim/internal/lanes"
)

// powers evaluates the CES aggregate of equation 4 over pillar classes, as
// an inner sum Q_is from which both log R and R^a follow:
//
//	rho != 0: Q = sum_k w_sk c_ik^rho,   R = Q^(1/rho), R^a = Q^(a/rho)
//	rho == 0: Q = sum_k w_sk log c_ik,   R = exp(Q),    R^a = exp(a Q)
//
// The right-hand side needs only R^theta (equation 7), so with e-commerce's
// rho = -1/2 and theta = 1/2 it is 1/Q. Exponents that are common choices
// (0, ±1, ±2, and ±1/2 when no segment needs log c) are computed with
// sqrt and division (fastmath.InvSqrts), exact to rounding; any other
// exponent takes the general path, with the table-driven log and exp of
// package fastmath (a few ulps from math's), and so does ±1/2 when log c is
// computed anyway (the shipped scenarios: exp(rho log c) costs about half
// of sqrt and division with vector exps).
//
// The same code serves a single run (B = 1 lane) and a batch (B =
// lanes.Width runs side by side, every value lane-minor: value k of lane b
// at k*B+b, with each lane's own rho and weights); its loops over lanes
// are generic kernels (lanes.WeightedSums and Recips; fastmath.ScaledExps,
// which gathers, scales and exponentiates in one pass, and ScaledExpSums,
// which also weights and sums, so that a batch never stores the general
// kind's powers; scaledGather, weightedSums and scaleLanes here for one
// lane, which do the same operations in the same order).
type powers struct {
	N, C int
	B    int // lanes
	seg  []cesSegment

	// terms[kind] holds c^rho per member and class (i*C+class) for the
	// kinds that some segment needs: log c for rho = 0, 1/sqrt c for
	// -1/2, and so on; the general kind keeps its powers per segment.
	terms [numPowerKinds][]float64
	q     []float64 // s*N+i, the inner sums Q_is

	// ident lists the blocks 0..N-1 of a batch (fastmath.ScaledExps over
	// its members, in place); empty for one run.
	ident fastmath.Blocks
}

// A batch's lanes are fastmath's blocks (ScaledExps).
const _ = uint(lanes.Width-fastmath.Block) + uint(fastmath.Block-lanes.Width)

// cesSegment is one segment's aggregate: its exponent and its active
// classes (w > 0) with their weights, stored densely for the inner loop.
// The kind and the classes are the same in every lane (a batch's runs
// have one shape); rho and w are each lane's.
type cesSegment struct {
	kind    powerKind
	rho     []float64 // per lane
	classes []int
	iota    []int           // general kind: 0..len(classes)-1, the columns of pows
	w       []float64       // j, per lane
	pows    []float64       // general kind: c^rho of the active classes, i*len(classes)+j
	blocks  fastmath.Blocks // general kind in a batch: i*C+classes[j], the log c that sums raises
	over    lanes.Index     // other kinds in a batch: the classes that sums weights
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

// cesZero is the |rho| below which equation 4 is taken at its limit rho =
// 0, the weighted geometric mean (MODEL.md, equation 4). The power form
// Q^(1/rho) loses about 2.2e-16/|rho| of log R to rounding, since Q is 1 +
// rho log R + ...; the limit is off by about |rho| Var_w(log c) / 2. At
// 1e-8 both are below 5e-8 for capacities in [0.01, 1], and readiness
// varies continuously through rho = 0 (TestCESLimit).
const cesZero = 1e-8

// cesExponent is the exponent the engine uses for a segment's rho.
func cesExponent(rho float64) float64 {
	if math.Abs(rho) < cesZero {
		return 0
	}
	return rho
}

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
	pw := &powers{N: N, C: C, B: 1}
	// When some segment needs log c anyway (rho = 0, or a general
	// exponent), c^(+-1/2) is cheaper as exp(rho log c) than as a square
	// root and a division: vector exps cost about half as much.
	logs := false
	for _, r := range rho {
		logs = logs || kindOf(r) == powZero || kindOf(r) == powGeneral
	}
	// Every run of an experiment makes its powers: the segments' numbers
	// share two allocations, each slice capped at its length.
	active, general := 0, 0
	for s, r := range rho {
		a := activeClasses(w[s*C : (s+1)*C])
		active += a
		if k := kindOf(r); k == powGeneral || logs && (k == powMinusHalf || k == powHalf) {
			general += a
		}
	}
	ints := make([]int, active+general)
	floats := make([]float64, len(rho)+active+N*general)
	pw.seg = make([]cesSegment, 0, len(rho))
	var needs [numPowerKinds]bool
	for s, r := range rho {
		cs := cesSegment{kind: kindOf(r), rho: carve(&floats, 1)}
		cs.rho[0] = r
		if logs && (cs.kind == powMinusHalf || cs.kind == powHalf) {
			cs.kind = powGeneral
		}
		a := activeClasses(w[s*C : (s+1)*C])
		cs.classes, cs.w = carve(&ints, a)[:0], carve(&floats, a)[:0]
		for cl := range C {
			if v := w[s*C+cl]; v > 0 {
				cs.classes = append(cs.classes, cl)
				cs.w = append(cs.w, v)
			}
		}
		if cs.kind == powGeneral {
			cs.pows = carve(&floats, N*a)
			cs.iota = carve(&ints, a)
			for j := range cs.iota {
				cs.iota[j] = j
			}
		}
		pw.seg = append(pw.seg, cs)
		needs[cs.kind] = true
		if cs.kind == powGeneral {
			needs[powZero] = true // c^rho = exp(rho log c)
		}
	}
	for kind := range pw.terms {
		if needs[kind] && powerKind(kind) != powGeneral { // general: per segment, pows
			pw.terms[kind] = make([]float64, N*C)
		}
	}
	pw.q = make([]float64, len(rho)*N)
	return pw
}

// activeClasses counts the classes a segment weights (w > 0).
func activeClasses(w []float64) int {
	a := 0
	for _, v := range w {
		if v > 0 {
			a++
		}
	}
	return a
}

// fill computes the per-capacity terms that the segments' kinds need, in
// batches (fastmath's loops are faster than calls per value), and, for
// one run, the general kind's c^rho = exp(rho log c) (a batch's sums
// computes them as it weights them).
func (pw *powers) fill(c []float64) {
	fillTerms(&pw.terms, c)
	for s := range pw.seg {
		cs := &pw.seg[s]
		if cs.kind != powGeneral || pw.B > 1 {
			continue
		}
		scaledGather(cs.pows, pw.terms[powZero], cs.rho, cs.classes, pw.N, pw.C)
		fastmath.Exps(cs.pows, cs.pows)
	}
}

// fillTerms computes, for each kind of exponent that t has room for, its
// term of every capacity in c (one run's, or a batch's lane-minor).
func fillTerms(t *[numPowerKinds][]float64, c []float64) {
	if t[powZero] != nil {
		fastmath.Logs(t[powZero], c)
	}
	if t[powMinusHalf] != nil {
		fastmath.InvSqrts(t[powMinusHalf], c)
	}
	if t[powOne] != nil {
		copy(t[powOne], c)
	}
	if d := t[powMinusOne]; d != nil {
		for ik, v := range c {
			d[ik] = 1 / v
		}
	}
	if d := t[powMinusTwo]; d != nil {
		for ik, v := range c {
			d[ik] = 1 / (v * v)
		}
	}
	if d := t[powHalf]; d != nil {
		for ik, v := range c {
			d[ik] = math.Sqrt(v)
		}
	}
	if d := t[powTwo]; d != nil {
		for ik, v := range c {
			d[ik] = v * v
		}
	}
}

// sums computes Q_is (see powers) for every segment and member: the
// weighted sums of the segment's terms over its active classes.
func (pw *powers) sums() {
	N, NB := pw.N, pw.N*pw.B
	for s := range pw.seg {
		cs := &pw.seg[s]
		q := pw.q[s*NB : (s+1)*NB]
		if cs.kind == powGeneral && pw.B > 1 { // c^rho = exp(rho log c), weighted and summed in one pass
			fastmath.ScaledExpSums(q, pw.terms[powZero], cs.rho, cs.w, cs.blocks, len(cs.classes))
			continue
		}
		terms, cols, classes := pw.terms[cs.kind], pw.C, cs.classes
		if cs.kind == powGeneral {
			terms, cols, classes = cs.pows, len(cs.iota), cs.iota
		}
		if pw.B > 1 {
			lanes.WeightedSums(q, terms, cs.w, cs.over, N, cols)
			continue
		}
		weightedSums(q, terms, cs.w, classes, N, cols)
	}
}

// logR sets dst[i] = log R_is for every member i, from the sums of the
// last sums call (one lane: outputs are a run's own).
func (pw *powers) logR(s int, dst []float64) {
	q := pw.q[s*pw.N : (s+1)*pw.N]
	rho := pw.seg[s].rho[0]
	if rho == 0 {
		copy(dst, q)
		return
	}
	fastmath.Logs(dst, q)
	for i := range dst[:len(q)] {
		dst[i] /= rho
	}
}

// power is R^a for one segment, as chosen once by readinessPower: R^a =
// Q^exp by the fast path kind = kindOf(exp), or, when rho = 0, exp(exp Q).
type power struct {
	kind powerKind
	exp  float64 // a/rho, or a when rho = 0
	zero bool    // rho = 0
}

// readinessPower prepares R^a for segment s.
func (pw *powers) readinessPower(s int, a float64) power {
	if rho := pw.seg[s].rho[0]; rho != 0 {
		return power{kind: kindOf(a / rho), exp: a / rho}
	}
	if a == 0 {
		return power{kind: powZero, zero: true} // R^0 = 1
	}
	return power{kind: powGeneral, exp: a, zero: true}
}

// raise sets dst[i] = R_is^a for every member i, from the sums of the last
// sums call, with p = readinessPower(s, a) (of lane 0: the kind is the
// same in every lane) and exps each lane's p.exp.
func (pw *powers) raise(s int, p power, exps, dst []float64) {
	NB := pw.N * pw.B
	q := pw.q[s*NB : (s+1)*NB]
	dst = dst[:len(q)]
	switch p.kind {
	case powZero:
		for i := range dst {
			dst[i] = 1
		}
	case powOne:
		copy(dst, q)
	case powMinusOne:
		lanes.Recips(dst, q)
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
		fastmath.InvSqrts(dst, q) // bit for bit 1/math.Sqrt
	default:
		if pw.B > 1 { // a batch: scale and exp in one pass
			if !p.zero {
				fastmath.Logs(dst, q)
				q = dst
			}
			fastmath.ScaledExps(dst, q, exps, pw.ident)
			return
		}
		if p.zero {
			copy(dst, q) // exp(a q)
		} else {
			fastmath.Logs(dst, q) // exp(a log q)
		}
		scaleLanes(dst, exps)
		fastmath.Exps(dst, dst)
	}
}

// withLanes returns powers of pw's shape (kinds and classes) for a batch
// of B = lanes.Width lanes, each lane's rho and weights to be set by
// setLane.
func (pw *powers) withLanes(B int) *powers {
	if B != lanes.Width {
		panic("sim: powers for a batch of other than lanes.Width lanes")
	}
	w := &powers{N: pw.N, C: pw.C, B: B, q: make([]float64, len(pw.q)*B)}
	for kind, t := range pw.terms {
		if t != nil {
			w.terms[kind] = make([]float64, len(t)*B)
		}
	}
	for _, cs := range pw.seg {
		ws := cesSegment{kind: cs.kind, classes: cs.classes, iota: cs.iota,
			rho: make([]float64, B), w: make([]float64, len(cs.w)*B)}
		if cs.kind == powGeneral { // sums raises, weights and sums at once: no pows
			idx := make([]int, 0, pw.N*len(cs.classes))
			for i := range pw.N {
				for _, cl := range cs.classes {
					idx = append(idx, i*pw.C+cl)
				}
			}
			ws.blocks = fastmath.NewBlocks(idx)
		} else {
			ws.over = lanes.NewIndex(cs.classes, pw.C)
		}
		w.seg = append(w.seg, ws)
	}
	ident := make([]int, pw.N)
	for i := range ident {
		ident[i] = i
	}
	w.ident = fastmath.NewBlocks(ident)
	return w
}

// setLane gives lane b the exponents and weights of one, a run's powers of
// the same shape.
func (pw *powers) setLane(b int, one *powers) {
	for s := range pw.seg {
		cs, os := &pw.seg[s], &one.seg[s]
		cs.rho[b] = os.rho[0]
		for j, v := range os.w {
			cs.w[j*pw.B+b] = v
		}
	}
}

// The one-lane loops of powers (a single run); a batch's are the lanes'
// kernels (WeightedSums, Recips) and fastmath.ScaledExps, which do the
// same operations in the same order.

// scaledGather sets dst[i*A+j] = scale[0] * src[i*C+classes[j]] (A =
// len(classes)).
func scaledGather(dst, src, scale []float64, classes []int, N, C int) {
	A, sc := len(classes), scale[0]
	for i := range N {
		row, out := src[i*C:(i+1)*C], dst[i*A : (i+1)*A][:len(classes)]
		for j, cl := range classes {
			out[j] = sc * row[cl]
		}
	}
}

// weightedSums sets q[i] = sum_j w[j] * terms[i*C+classes[j]], summed from
// zero in the order of classes.
func weightedSums(q, terms, w []float64, classes []int, N, C int) {
	w = w[:len(classes)]
	q = q[:N]
	i := 0
	for ; i+1 < N; i += 2 { // two members at a time: two chains of additions
		r0, r1 := terms[i*C:(i+1)*C], terms[(i+1)*C:(i+2)*C]
		s0, s1 := 0.0, 0.0
		for j, cl := range classes {
			s0 += float64(w[j] * r0[cl])
			s1 += float64(w[j] * r1[cl])
		}
		q[i], q[i+1] = s0, s1
	}
	if i < N {
		row := terms[i*C : (i+1)*C]
		sum := 0.0
		for j, cl := range classes {
			sum += float64(w[j] * row[cl])
		}
		q[i] = sum
	}
}

// scaleLanes multiplies every value of x by v[0].
func scaleLanes(x, v []float64) {
	for i := range x {
		x[i] *= v[0]
	}
}
