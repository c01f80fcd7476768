// Package fastmath has the natural logarithm, exponential and inverse
// square root that the model's right-hand side calls some 200,000 times a
// run, in batches. Logs and Exps are table-driven, in the manner of the ARM
// optimized-routines (and glibc) log and exp but with sixteen-entry tables
// and longer polynomials in fused multiply-adds (so that the AVX-512
// kernels hold the tables in registers); the Go loops are about 2.5 times
// as fast as package math here, the AVX-512 kernels some 30 times, and all
// within a few units in the last place of it (the tests give the bounds);
// arguments outside the ranges the tables serve
// (zero, negatives, subnormals, infinities, NaN, |x| > 700 for Exp) go to
// package math, so every result is defined as there. InvSqrts is exact
// (correctly rounded).
//
// Three paths, chosen once from CPUID (narrowed by DIGISIM_SIMD, package
// cpu): on amd64 with AVX-512 (AVX512F and the OS saving ZMM state)
// kernels of eight values at a time, the last block of four with AVX2;
// with AVX2 and FMA only, four at a time; else (or with the purego build
// tag) the Go loops logs and exps, and SSE2 or Go for InvSqrts. The vector kernels do the Go loops' operations in the
// same order, so every path gives the same bits (TestPathsEqualGo); a
// block with a value the tables do not serve goes through the Go loop.
package fastmath

import (
	"fmt"
	"math"
)

const (
	tableBits = 4
	tableSize = 1 << tableBits

	ln2Hi = 6.93147180369123816490e-01 // ln 2, high part with trailing zeros
	ln2Lo = 1.90821492927058770002e-10 // ln 2 - ln2Hi
)

// Log tables: the mantissa interval [1 - 1/32, 2 - 1/32) in cells of
// width 1/tableSize centred on c = 1 + i/tableSize, i = 0..tableSize-1,
// with 1/c and log c. The last 1/32 below 2 is taken, halved, as the
// bottom of the next binade's cell 0, so x near 1 from either side has
// c = 1 and log 1 = 0 exactly. Sixteen entries: each table is two zmm
// registers, so the AVX-512 kernels look up with VPERMI2PD, no gather.
var logInv, logCentre [tableSize]float64

// Exp table: bits of 2^(i/tableSize) minus i shifted to where Exps adds
// the integer part of k, so one addition builds 2^(k/tableSize).
var expBits [tableSize]uint64

func init() {
	for i := range tableSize {
		c := 1 + float64(float64(i)/tableSize)
		logInv[i] = 1 / c
		logCentre[i] = -math.Log(logInv[i]) // log of 1/logInv exactly as used
		expBits[i] = math.Float64bits(math.Exp2(float64(i)/tableSize)) - uint64(i)<<(52-tableBits)
	}
}

// Logs sets dst[k] = log(x[k]); dst and x may be the same slice. There is
// no scalar Log: the loop belongs here, where it runs about a third faster
// than calls per value, with the tables and constants in registers.
//
// x = 2^e m with m in [1 - 1/32, 2 - 1/32); m = c (1 + r) with c the
// table centre nearest m, so |r| <= 1/32 and log x = e log 2 + log c +
// log(1 + r), the last by its Taylor series to r^11 (truncation below
// 1e-19), evaluated with fused multiply-adds (math.FMA, exact everywhere,
// and the vector kernels' FMA instructions at the same places).
//
// On amd64 the values go eight at a time through logs512 or four at a
// time through logsAVX2 (see the package comment), the same operations in
// the same order, so the results are bit for bit those of the loop here
// (TestPathsEqualGo); a block with a value the tables do not serve goes
// through this loop.
func Logs(dst, x []float64) {
	dst = dst[:len(x)]
	switch {
	case useAVX512:
		for len(x) > 0 {
			n := logs512(dst, x)
			dst, x = dst[n:], x[n:]
			m := min(len(x), 8) // a block with a special value, or the tail
			logs4(dst[:m], x[:m])
			dst, x = dst[m:], x[m:]
		}
	case useAVX2:
		logs4(dst, x)
	case useNEON:
		inBlocks(dst, x, 4, logsNEON, logs)
	default:
		logs(dst, x)
	}
}

// logs4 is Logs four at a time with AVX2, the Go loop where logsAVX2 stops.
func logs4(dst, x []float64) {
	for len(x) > 0 {
		n := logsAVX2(dst, x)
		dst, x = dst[n:], x[n:]
		m := min(len(x), 4) // a block with a special value, or the tail
		logs(dst[:m], x[:m])
		dst, x = dst[m:], x[m:]
	}
}

// inBlocks runs a vector kernel over x, the Go loop over each block of
// width values it stops at (one with a value the tables do not serve, or
// the last, shorter one), until all are done.
func inBlocks(dst, x []float64, width int, kernel func(dst, x []float64) int, loop func(dst, x []float64)) {
	for len(x) > 0 {
		n := kernel(dst, x)
		dst, x = dst[n:], x[n:]
		m := min(len(x), width)
		loop(dst[:m], x[:m])
		dst, x = dst[m:], x[m:]
	}
}

// logConsts are Logs's constants (bits), four copies each, for logsAVX2
// (and the first copy for logs512).
var logConsts [20][4]uint64

// Logs's polynomial: log(1+r) = r + r^2 q(r), q = a0 + r^2 a1 + r^4 a2 +
// r^6 a3 + r^8 a4 with a_j = logPoly[2j] + r logPoly[2j+1].
var logPoly = [10]float64{-1.0 / 2, 1.0 / 3, -1.0 / 4, 1.0 / 5, -1.0 / 6, 1.0 / 7, -1.0 / 8, 1.0 / 9, -1.0 / 10, 1.0 / 11}

func init() {
	c := []uint64{
		0x000fffffffffffff, 0x7ff0000000000000, // range test
		logHalf, 1<<52 - 1, 0x3ff0000000000000 - logHalf, // u, z
		0x4330000000000000, math.Float64bits(0x1p52 + 1023), // exponent to float
		math.Float64bits(1), // FMA's -1
	}
	for _, v := range logPoly {
		c = append(c, math.Float64bits(v))
	}
	c = append(c, math.Float64bits(ln2Hi), math.Float64bits(ln2Lo))
	for j, v := range c {
		logConsts[j] = [4]uint64{v, v, v, v}
	}
}

// logHalf is half a cell of the log tables in the bits of x.
const logHalf = 1 << (51 - tableBits)

// logs is Logs one value at a time.
func logs(dst, x []float64) {
	for k, v := range x {
		bits := math.Float64bits(v)
		const minNormal, inf = 0x0010000000000000, 0x7ff0000000000000
		if bits-minNormal >= inf-minNormal { // v <= 0, subnormal, Inf or NaN
			dst[k] = math.Log(v)
			continue
		}
		u := bits + logHalf                                                     // rounds to the nearest centre, carrying into the exponent
		i := u >> (52 - tableBits) & (tableSize - 1)                            // the centre
		e := float64(int64(u>>52) - 1023)                                       // exact
		z := math.Float64frombits(u&(1<<52-1) + (0x3ff0000000000000 - logHalf)) // m, or m/2 for cell 0 from above
		r := fma(z, logInv[i], -1)                                              // one rounding of z/c - 1
		r2 := r * r
		r4 := r2 * r2
		b0 := fma(r2, fma(r, logPoly[3], logPoly[2]), fma(r, logPoly[1], logPoly[0]))
		b1 := fma(r2, fma(r, logPoly[7], logPoly[6]), fma(r, logPoly[5], logPoly[4]))
		q := fma(r4, fma(r4, fma(r, logPoly[9], logPoly[8]), b1), b0)
		p := fma(r2, q, r)
		dst[k] = fma(e, ln2Hi, logCentre[i]) + fma(e, ln2Lo, p)
	}
}

// Exps sets dst[k] = e^x[k]; dst and x may be the same slice.
//
// x = k log2/N + r with k an integer and |r| <= log2/(2N), N = tableSize;
// e^x = 2^(k/N) e^r, 2^(k/N) from the table and the exponent field, e^r by
// its Taylor series to r^7 (truncation below 1.3e-18), evaluated with
// fused multiply-adds (math.FMA, as the vector kernels).
//
// On amd64 the values go eight at a time through exps512 or four at a
// time through expsAVX2 (see the package comment), the same operations in
// the same order, so the results are bit for bit those of the loop here
// (TestPathsEqualGo); a block with a value outside the table's range goes
// through this loop.
func Exps(dst, x []float64) {
	dst = dst[:len(x)]
	switch {
	case useAVX512:
		for len(x) > 0 {
			n := exps512(dst, x)
			dst, x = dst[n:], x[n:]
			m := min(len(x), 8) // a block with a special value, or the tail
			exps4(dst[:m], x[:m])
			dst, x = dst[m:], x[m:]
		}
	case useAVX2:
		exps4(dst, x)
	case useNEON:
		inBlocks(dst, x, 8, expsNEON, exps)
	default:
		exps(dst, x)
	}
}

// Block is the number of values ScaledExps scales and exponentiates
// together: one zmm register (two ymm), the runs of a batch side by side.
const Block = 8

// Blocks lists the blocks of values (Block each) that ScaledExps reads,
// by index, checked once when made (a batch makes them once and calls
// ScaledExps some 3,000 times a run).
type Blocks struct {
	idx []int
	end int // values that a src must hold: (largest index + 1) * Block
}

// NewBlocks returns idx as Blocks; it panics on a negative index.
func NewBlocks(idx []int) Blocks {
	end := 0
	for _, e := range idx {
		if e < 0 {
			panic(fmt.Sprintf("fastmath: block index %d", e))
		}
		end = max(end, (e+1)*Block)
	}
	return Blocks{idx: idx, end: end}
}

// ScaledExps sets, for each k, dst[k*Block+b] = e^(scale[b] *
// src[from[k]*Block+b]) for b < Block: the product rounded, then Exps's
// exponential, so the bits are those of multiplying into dst and calling
// Exps (TestScaledExps). It gathers, scales and exponentiates in one pass
// (c^rho = exp(rho log c) of the classes a batch's CES segment weights,
// each lane with its own rho), which separate passes cost about a fifth
// more. dst may be src only where from[k] is k.
func ScaledExps(dst, src, scale []float64, from Blocks) {
	blocks := from.idx
	if len(scale) < Block || len(dst) < len(blocks)*Block || len(src) < from.end {
		panic(fmt.Sprintf("fastmath: ScaledExps of %d blocks with %d, %d and %d values in dst, src and scale (needs %d, %d and %d)",
			len(blocks), len(dst), len(src), len(scale), len(blocks)*Block, from.end, Block))
	}
	if !useAVX512 && !useAVX2 && !useNEON {
		scaledExps(dst, src, scale, blocks)
		return
	}
	for len(blocks) > 0 {
		n := 0
		switch {
		case useAVX512:
			n = scaledExps512(dst, src, scale, blocks)
		case useAVX2:
			n = scaledExpsAVX2(dst, src, scale, blocks)
		case useNEON:
			n = scaledExpsNEON(dst, src, scale, blocks)
		}
		dst, blocks = dst[n*Block:], blocks[n:]
		if len(blocks) == 0 {
			return
		}
		scaledExps(dst[:Block], src, scale, blocks[:1]) // a block with a special value
		dst, blocks = dst[Block:], blocks[1:]
	}
}

// ScaledExpSums sets, for each row i of A blocks, q[i*Block+b] = sum_j
// w[j*Block+b] * e^(scale[b] * src[from[i*A+j]*Block+b]) over j < A: each
// exponential as ScaledExps's, each product rounded, summed in the order
// of j from zero, so the bits are those of ScaledExps into a row of A
// blocks and then the sums (TestScaledExpSums). With a batch's CES
// segments of a general exponent, c^rho = exp(rho log c) weighted and
// summed over the classes, in one pass: the powers are never stored.
func ScaledExpSums(q, src, scale, w []float64, from Blocks, A int) {
	if A <= 0 || len(from.idx)%A != 0 {
		panic(fmt.Sprintf("fastmath: ScaledExpSums of %d blocks in rows of %d", len(from.idx), A))
	}
	rows := len(from.idx) / A
	if len(scale) < Block || len(w) < A*Block || len(q) < rows*Block || len(src) < from.end {
		panic(fmt.Sprintf("fastmath: ScaledExpSums of %d rows of %d blocks with %d, %d, %d and %d values in q, src, scale and w",
			rows, A, len(q), len(src), len(scale), len(w)))
	}
	for i := 0; i < rows; {
		n := 0
		switch {
		case useAVX512:
			n = scaledExpSums512(q[i*Block:], src, scale, w, from.idx[i*A:], A)
		case useAVX2:
			n = scaledExpSumsAVX2(q[i*Block:], src, scale, w, from.idx[i*A:], A)
		case useNEON:
			n = scaledExpSumsNEON(q[i*Block:], src, scale, w, from.idx[i*A:], A)
		}
		if i += n; i == rows {
			return
		}
		scaledExpSums(q[i*Block:(i+1)*Block], src, scale, w, from.idx[i*A:(i+1)*A]) // a row with a special value, or the Go path
		i++
	}
}

// scaledExpSums is ScaledExpSums for one row of blocks.
func scaledExpSums(q, src, scale, w []float64, blocks []int) {
	var sum, e [Block]float64
	for j := range blocks {
		scaledExps(e[:], src, scale, blocks[j:j+1])
		for b, v := range e {
			sum[b] += float64(w[j*Block+b] * v)
		}
	}
	copy(q, sum[:])
}

// scaledExps is ScaledExps block by block: the products, then Exps.
func scaledExps(dst, src, scale []float64, blocks []int) {
	scale = scale[:Block]
	for k, e := range blocks {
		d, s := dst[k*Block:(k+1)*Block], src[e*Block:(e+1)*Block]
		for b, v := range s {
			d[b] = scale[b] * v
		}
		Exps(d, d)
	}
}

// exps4 is Exps four at a time with AVX2, the Go loop where expsAVX2 stops.
func exps4(dst, x []float64) {
	for len(x) > 0 {
		n := expsAVX2(dst, x)
		dst, x = dst[n:], x[n:]
		m := min(len(x), 4) // a block with a special value, or the tail
		exps(dst[:m], x[:m])
		dst, x = dst[m:], x[m:]
	}
}

// expConsts are Exps's constants, four copies each, for expsAVX2 (and
// the first copy for exps512): invLn2N, shift, ln2Hi/N, ln2Lo/N, then
// the polynomial's 1/2, 1/6, 1/24, 1/120, 1/720, 1/5040.
var expConsts [10][4]float64

const (
	invLn2N  = tableSize / math.Ln2
	expShift = 0x1.8p52 // adding it rounds to an integer in the low bits
)

func init() {
	for j, v := range []float64{invLn2N, expShift, ln2Hi / tableSize, ln2Lo / tableSize,
		1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040} {
		expConsts[j] = [4]float64{v, v, v, v}
	}
}

// exps is Exps one value at a time.
func exps(dst, x []float64) {
	dst = dst[:len(x)]
	for k, v := range x {
		if !(math.Abs(v) < 700) { // overflow, underflow, Inf, NaN
			dst[k] = math.Exp(v)
			continue
		}
		kd := fma(v, invLn2N, expShift)
		ki := math.Float64bits(kd)
		kd -= expShift
		r := fma(kd, -(ln2Hi / tableSize), v) // exact product: ln2Hi's trailing zeros
		r = fma(kd, -(ln2Lo / tableSize), r)
		scale := math.Float64frombits(expBits[ki&(tableSize-1)] + ki<<(52-tableBits))
		r2 := r * r
		h := fma(r2, fma(r, 1.0/5040, 1.0/720), fma(r, 1.0/120, 1.0/24))
		h = fma(r2, h, fma(r, 1.0/6, 1.0/2))
		p := fma(r2, h, r)
		dst[k] = fma(scale, p, scale)
	}
}
