//go:build ignore

// mkneon writes exps_arm64.s, the NEON kernels of package fastmath:
//
//	go generate ./sim/internal/fastmath (or, here, go run mkneon.go)
//
// CI checks that the file is what mkneon writes (go run mkneon.go -o
// /dev/stdout | cmp - exps_arm64.s). With -check it also assembles each WORD's instruction with the GNU
// assembler (aarch64-linux-gnu-as, Debian's binutils-aarch64-linux-gnu)
// and fails unless every encoding is the assembler's.
//
// Go's arm64 assembler has no vector FADD, FSUB, FMUL, FDIV, FSQRT,
// FACGT or CMHI, so those are WORDs, encoded here (Arm ARM, Advanced SIMD
// three same and two-register misc, double precision, Q = 1) with the
// instruction in a comment. A generator rather than a hand-written file
// because each kernel runs several blocks of two values side by side
// (their instructions interleaved, so that the chains of fused
// multiply-adds overlap), each with its own registers.
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"log"
	"maps"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// Advanced SIMD .2D encodings: three-register ops take Rm<<16 | Rn<<5 | Rd.
const (
	encFADD  = 0x4e60d400 // Vd = Vn + Vm
	encFSUB  = 0x4ee0d400 // Vd = Vn - Vm
	encFMUL  = 0x6e60dc00 // Vd = Vn * Vm
	encFDIV  = 0x6e60fc00 // Vd = Vn / Vm
	encFACGT = 0x6ee0ec00 // Vd = |Vn| > |Vm| (all ones or zero; false for NaN)
	encCMHI  = 0x6ee03400 // Vd = Vn > Vm, unsigned
	encFSQRT = 0x6ee1f800 // Vd = sqrt(Vn)
)

// words are the WORDs written, for -check.
var words = map[string]uint32{}

// word is a WORD of the encoding of the instruction text (Arm syntax).
func word(enc uint32, text string) string {
	words[text] = enc
	return fmt.Sprintf("WORD $0x%08x // %s", enc, text)
}

func op3(name string, enc uint32, d, n, m int) string {
	return word(enc|uint32(m)<<16|uint32(n)<<5|uint32(d), fmt.Sprintf("%s V%d.2D, V%d.2D, V%d.2D", name, d, n, m))
}

func fadd(d, n, m int) string  { return op3("FADD", encFADD, d, n, m) }
func fsub(d, n, m int) string  { return op3("FSUB", encFSUB, d, n, m) }
func fmul(d, n, m int) string  { return op3("FMUL", encFMUL, d, n, m) }
func fdiv(d, n, m int) string  { return op3("FDIV", encFDIV, d, n, m) }
func facgt(d, n, m int) string { return op3("FACGT", encFACGT, d, n, m) }
func cmhi(d, n, m int) string  { return op3("CMHI", encCMHI, d, n, m) }

func fsqrt(d, n int) string {
	return word(encFSQRT|uint32(n)<<5|uint32(d), fmt.Sprintf("FSQRT V%d.2D, V%d.2D", d, n))
}

// fmla is d = fma(n, m, d), one rounding (Go's operand order).
func fmla(d, n, m int) string { return fmt.Sprintf("VFMLA V%d.D2, V%d.D2, V%d.D2", m, n, d) }

// fmls is d = fma(-n, m, d), one rounding.
func fmls(d, n, m int) string { return fmt.Sprintf("VFMLS V%d.D2, V%d.D2, V%d.D2", m, n, d) }

func vmov(d, n int) string { return fmt.Sprintf("VMOV V%d.B16, V%d.B16", n, d) }

// out collects the file.
var out bytes.Buffer

func p(format string, args ...any) { fmt.Fprintf(&out, format+"\n", args...) }

// ins writes instructions, one a line, indented.
func ins(lines ...string) {
	for _, l := range lines {
		if strings.HasSuffix(l, ":") {
			p("%s", l)
		} else {
			if i := strings.Index(l, "//"); i >= 0 {
				if j := strings.Index(l[i+2:], " //"); j >= 0 { // a WORD's instruction, then what it does
					l = l[:i+2+j] + ":" + l[i+2+j+3:]
				}
			}
			p("\t%s", l)
		}
	}
}

// interleave writes the instruction lists of independent blocks of
// values one instruction of each in turn, so that their latencies overlap.
// The comments are the first block's.
func interleave(blocks ...[]string) {
	for k := 0; ; k++ {
		more := false
		for i, b := range blocks {
			if k < len(b) {
				l := b[k]
				if i > 0 {
					l = bare(l)
				}
				ins(l)
				more = true
			}
		}
		if !more {
			return
		}
	}
}

// bare is the instruction l without what it does (a WORD keeps its
// instruction).
func bare(l string) string {
	if c := strings.Index(l, " //"); c >= 0 && !strings.HasPrefix(l, "WORD") {
		return l[:c]
	}
	if c := strings.LastIndex(l, " //"); strings.Count(l, "//") > 1 {
		return l[:c]
	}
	return l
}

// tail writes the end of kernel name, where its wide loop goes when fewer
// values are left than it takes: pairs, then the last value alone (in
// both lanes), each checked by check (the values in V0; it branches to
// name+"done" unless they are served), computed by block (block 0: V0
// in, the result in V(res)); then the return of how many were done (R3).
func tail(name string, check, block []string, res int) {
	for k := range block {
		block[k] = bare(block[k])
	}
	ins(name+"2:", "SUB R3, R2, R4", "CMP $2, R4", "BLT "+name+"1", "VLD1 (R1), [V0.D2]")
	ins(check...)
	ins(block...)
	ins(fmt.Sprintf("VST1.P [V%d.D2], 16(R0)", res), "ADD $16, R1", "ADD $2, R3", "B "+name+"2",
		name+"1:", "CMP R2, R3", "BGE "+name+"done", "VLD1R (R1), [V0.D2]")
	ins(check...)
	ins(block...)
	ins(fmt.Sprintf("FMOVD F%d, (R0)", res), "ADD $1, R3",
		name+"done:", "MOVD R3, ret+48(FP)", "RET")
}

// dupConst sets vector register v to two copies of the 64 bits c.
func dupConst(v int, c uint64, what string) []string {
	return []string{fmt.Sprintf("MOVD $0x%016x, R4 // %s", c, what), fmt.Sprintf("VDUP R4, V%d.D2", v)}
}

// regsList is "[V{a}.D2, ..., V{a+n-1}.D2]".
func regsList(a, n int) string {
	var s []string
	for k := range n {
		s = append(s, fmt.Sprintf("V%d.D2", a+k))
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// allOnes branches to label unless every lane of the masks m... is all
// ones; it overwrites the first mask and uses R4 and R5.
func allOnes(label string, m ...int) []string {
	var s []string
	for _, r := range m[1:] {
		s = append(s, fmt.Sprintf("VAND V%d.B16, V%d.B16, V%d.B16", r, m[0], m[0]))
	}
	return append(s,
		fmt.Sprintf("VMOV V%d.D[0], R4", m[0]),
		fmt.Sprintf("VMOV V%d.D[1], R5", m[0]),
		"AND R4, R5, R5",
		"CMN $1, R5",
		"BNE "+label)
}

// Exps's registers: four blocks of two values, g = 0..3, each with
// v (the argument, then r, then p) in V0+g, kd in V4+g (then its bits
// shifted, then r2), kd - shift in V8+g (then temporaries), the scale and
// the result in V12+g and a temporary in V16+g; constants in V20-V27
// (the polynomial's addends are loaded, from expConsts at R13: rows of
// 32 bytes, in fastmath.go's order); the table at R12; expGPR[2g] and
// expGPR[2g+1] for the lookups.
const (
	cLimit, cInvLn2N, cShift, cLn2HiN, cLn2LoN, c5040, c120, c6 = 20, 21, 22, 23, 24, 25, 26, 27
)

var expGPR = []string{"R6", "R7", "R8", "R9", "R19", "R20", "R21", "R22"}

func expConstsSetup() []string {
	s := []string{"MOVD $·expBits(SB), R12", "MOVD $·expConsts(SB), R13"}
	s = append(s, dupConst(cLimit, math.Float64bits(700), "700, the tables' limit")...)
	for _, c := range []struct {
		v, row int // expConsts's row (fastmath.go)
		what   string
	}{
		{cInvLn2N, 0, "invLn2N"}, {cShift, 1, "shift"}, {cLn2HiN, 2, "ln2Hi/N"}, {cLn2LoN, 3, "ln2Lo/N"},
		{c5040, 9, "1/5040"}, {c120, 7, "1/120"}, {c6, 5, "1/6"},
	} {
		s = append(s, fmt.Sprintf("FMOVQ %d(R13), F%d // %s", 32*c.row, c.v, c.what))
	}
	return s
}

// expBlock is exps on the two values of block g: v in Vg becomes e^v in
// V(12+g).
func expBlock(g int) []string {
	v, k, kd, s, t := g, 4+g, 8+g, 12+g, 16+g
	ra, rb := expGPR[2*g], expGPR[2*g+1]
	return []string{
		vmov(k, cShift),
		fmla(k, v, cInvLn2N) + " // kd = fma(v, invLn2N, shift), its bits ki",
		fsub(kd, k, cShift) + " // kd -= shift",
		fmls(v, kd, cLn2HiN) + " // r = fma(kd, -ln2Hi/N, v)",
		fmls(v, kd, cLn2LoN) + " // r = fma(kd, -ln2Lo/N, r)",
		fmt.Sprintf("VMOV V%d.D[0], %s", k, ra),
		fmt.Sprintf("VMOV V%d.D[1], %s", k, rb),
		fmt.Sprintf("AND $15, %s, %s", ra, ra),
		fmt.Sprintf("AND $15, %s, %s", rb, rb),
		fmt.Sprintf("MOVD (R12)(%s<<3), %s // expBits[ki&15]", ra, ra),
		fmt.Sprintf("MOVD (R12)(%s<<3), %s", rb, rb),
		fmt.Sprintf("VMOV %s, V%d.D[0]", ra, s),
		fmt.Sprintf("VMOV %s, V%d.D[1]", rb, s),
		fmt.Sprintf("VSHL $48, V%d.D2, V%d.D2", k, k),
		fmt.Sprintf("VADD V%d.D2, V%d.D2, V%d.D2 // scale = bits(expBits[ki&15] + ki<<48)", k, s, s),
		fmul(k, v, v) + " // r2",
		fmt.Sprintf("FMOVQ 256(R13), F%d // 1/720", kd),
		fmla(kd, v, c5040),
		fmt.Sprintf("FMOVQ 192(R13), F%d // 1/24", t),
		fmla(t, v, c120),
		fmla(t, k, kd) + " // h = fma(r2, 1/720 + r/5040, 1/24 + r/120)",
		fmt.Sprintf("FMOVQ 128(R13), F%d // 1/2", kd),
		fmla(kd, v, c6),
		fmla(kd, k, t) + " // h = fma(r2, h, 1/2 + r/6)",
		fmla(v, k, kd) + " // p = fma(r2, h, r)",
		fmla(s, s, v) + " // e^v = fma(scale, p, scale)",
	}
}

// expCheck branches to label unless the eight values in V0-V3 are all in
// (-700, 700); it uses V4-V7, R4 and R5.
func expCheck(label string) []string {
	s := []string{}
	for g := range 4 {
		s = append(s, facgt(4+g, cLimit, g))
	}
	return append(s, allOnes(label, 4, 5, 6, 7)...)
}

func expsNEON() {
	p(`
// func expsNEON(dst, x []float64) int
//
// exps eight at a time (four blocks of two, interleaved), the operations
// of the Go loop in its order, math.FMA's as FMLA/FMLS (fused: FMLS is
// fma(-n, m, d), and fma(kd, -c, v) is the same exact product and sum):
//   kd = fma(v, invLn2N, shift); ki = bits(kd); kd -= shift
//   r = fma(kd, -ln2Hi/N, v); r = fma(kd, -ln2Lo/N, r)
//   scale = bits(expBits[ki&15] + ki<<48) (two loads a block)
//   h = fma(r2, fma(r, 1/5040, 1/720), fma(r, 1/120, 1/24))
//   p = fma(r2, fma(r2, h, fma(r, 1/6, 1/2)), r)
//   dst = fma(scale, p, scale)
// The last one to seven values go in pairs, then the last alone. It stops
// before the first block (of eight, two or the last one) with a value
// outside (-700, 700), and returns how many it did.
TEXT ·expsNEON(SB), NOSPLIT, $0-56`)
	ins("MOVD dst_base+0(FP), R0", "MOVD x_base+24(FP), R1", "MOVD x_len+32(FP), R2", "MOVD $0, R3")
	ins(expConstsSetup()...)
	ins("expsloop:", "SUB R3, R2, R4", "CMP $8, R4", "BLT exps2", "VLD1 (R1), "+regsList(0, 4))
	ins(expCheck("expsdone")...)
	interleave(expBlock(0), expBlock(1), expBlock(2), expBlock(3))
	ins("VST1.P "+regsList(12, 4)+", 64(R0)", "ADD $64, R1", "ADD $8, R3", "B expsloop")
	tail("exps", append([]string{facgt(4, cLimit, 0)}, allOnes("expsdone", 4)...), expBlock(0), 12)
}

// scaledLoad loads the block blocks[R3] of src (R1) into V0-V3 and
// multiplies it by the scales (R10), each product rounded; it uses R4
// and V4-V7.
func scaledLoad() []string {
	s := []string{
		"MOVD (R11)(R3<<3), R4",
		"ADD R4<<6, R1, R4",
		"VLD1 (R4), " + regsList(0, 4),
		"VLD1 (R10), " + regsList(4, 4),
	}
	for g := range 4 {
		s = append(s, fmul(g, g, 4+g)+fmt.Sprintf(" // scale*src, lanes %d-%d", 2*g, 2*g+1))
	}
	return s
}

func scaledExpsNEON() {
	p(`
// func scaledExpsNEON(dst, src, scale []float64, blocks []int) int
//
// ScaledExps a block (eight values) at a time: the products scale*src
// (one rounding each, as the Go loop), then exps as expsNEON. It stops
// before the first block with a product outside (-700, 700) and returns
// how many blocks it did.
TEXT ·scaledExpsNEON(SB), NOSPLIT, $0-104`)
	ins("MOVD dst_base+0(FP), R0", "MOVD src_base+24(FP), R1", "MOVD scale_base+48(FP), R10",
		"MOVD blocks_base+72(FP), R11", "MOVD blocks_len+80(FP), R2", "MOVD $0, R3")
	ins(expConstsSetup()...)
	ins("sxloop:", "CMP R2, R3", "BGE sxdone")
	ins(scaledLoad()...)
	ins(expCheck("sxdone")...)
	interleave(expBlock(0), expBlock(1), expBlock(2), expBlock(3))
	ins("VST1.P "+regsList(12, 4)+", 64(R0)", "ADD $1, R3", "B sxloop",
		"sxdone:", "MOVD R3, ret+96(FP)", "RET")
}

func scaledExpSumsNEON() {
	p(`
// func scaledExpSumsNEON(q, src, scale, w []float64, blocks []int, A int) int
//
// ScaledExpSums a row at a time: each block's exponentials as
// scaledExpsNEON, times the weights (rounded), added to the row's sums
// (V28-V31, from +0) in the order of the blocks. It stops before the
// first row with a product outside (-700, 700), writing nothing of it,
// and returns how many rows it did.
TEXT ·scaledExpSumsNEON(SB), NOSPLIT, $0-136`)
	ins("MOVD q_base+0(FP), R0", "MOVD src_base+24(FP), R1", "MOVD scale_base+48(FP), R10",
		"MOVD w_base+72(FP), R14", "MOVD blocks_base+96(FP), R11", "MOVD blocks_len+104(FP), R2",
		"MOVD A+120(FP), R15", "MOVD $0, R3 // blocks done", "MOVD $0, R16 // rows done")
	ins(expConstsSetup()...)
	ins("esrow:", "ADD R3, R15, R4", "CMP R2, R4", "BGT esdone")
	for g := range 4 {
		ins(fmt.Sprintf("VEOR V%d.B16, V%d.B16, V%d.B16", 28+g, 28+g, 28+g))
	}
	ins("MOVD R14, R17 // w_j", "MOVD $0, R23 // j", "escol:")
	ins(scaledLoad()...)
	ins(expCheck("esdone")...)
	interleave(expBlock(0), expBlock(1), expBlock(2), expBlock(3))
	ins("VLD1.P 64(R17), " + regsList(4, 4))
	for g := range 4 {
		ins(fmul(12+g, 4+g, 12+g)+" // w_j e_j", fadd(28+g, 28+g, 12+g))
	}
	ins("ADD $1, R3", "ADD $1, R23", "CMP R15, R23", "BLT escol",
		"VST1.P "+regsList(28, 4)+", 64(R0)", "ADD $1, R16", "B esrow",
		"esdone:", "MOVD R16, ret+128(FP)", "RET")
}

// Logs's registers: two blocks of two values, g = 0..1, each with the
// bits, u, e and the result in V0+g, logCentre[i] in V2+g, r then p in
// V4+g, z then r2 in V6+g, logInv[i] then r4 in V8+g, temporaries in
// V10+g, V12+g, V14+g; constants in V16-V30 (the polynomial's addends
// are loaded, from logConsts at R14); the tables at R12 (logInv) and R13
// (logCentre); logGPR[4g..4g+3] for the lookups.
const (
	cA1, cA3, cA5, cA7, cA9, cLn2Hi, cLn2Lo                             = 16, 17, 18, 19, 20, 21, 22
	cHalf, cMant, cZBias, cExpBits, cExpBias, cMinNorm, cRange, cMinus1 = 23, 24, 25, 26, 27, 28, 29, 30
)

var logGPR = []string{"R6", "R7", "R8", "R9", "R19", "R20", "R21", "R22"}

// logBlock is logs on the two values of block g: the bits in Vg become
// log x in Vg.
func logBlock(g int) []string {
	x, c, r, r2, r4, t0, t1, t2 := g, 2+g, 4+g, 6+g, 8+g, 10+g, 12+g, 14+g
	ra, rb, rc, rd := logGPR[4*g], logGPR[4*g+1], logGPR[4*g+2], logGPR[4*g+3]
	return []string{
		fmt.Sprintf("VADD V%d.D2, V%d.D2, V%d.D2 // u = bits + half", cHalf, x, x),
		fmt.Sprintf("VMOV V%d.D[0], %s", x, ra),
		fmt.Sprintf("VMOV V%d.D[1], %s", x, rb),
		fmt.Sprintf("UBFX $48, %s, $4, %s // i = u>>48 & 15", ra, ra),
		fmt.Sprintf("UBFX $48, %s, $4, %s", rb, rb),
		fmt.Sprintf("MOVD (R13)(%s<<3), %s // logCentre[i]", ra, rc),
		fmt.Sprintf("MOVD (R12)(%s<<3), %s // logInv[i]", ra, ra),
		fmt.Sprintf("MOVD (R13)(%s<<3), %s", rb, rd),
		fmt.Sprintf("MOVD (R12)(%s<<3), %s", rb, rb),
		fmt.Sprintf("VMOV %s, V%d.D[0]", ra, r4),
		fmt.Sprintf("VMOV %s, V%d.D[1]", rb, r4),
		fmt.Sprintf("VMOV %s, V%d.D[0]", rc, c),
		fmt.Sprintf("VMOV %s, V%d.D[1]", rd, c),
		fmt.Sprintf("VAND V%d.B16, V%d.B16, V%d.B16", cMant, x, r2),
		fmt.Sprintf("VADD V%d.D2, V%d.D2, V%d.D2 // z = bits(u&(1<<52-1) + (bits(1) - half))", cZBias, r2, r2),
		vmov(r, cMinus1),
		fmla(r, r2, r4) + " // r = fma(z, logInv[i], -1)",
		fmt.Sprintf("VUSHR $52, V%d.D2, V%d.D2", x, x),
		fmt.Sprintf("VORR V%d.B16, V%d.B16, V%d.B16", cExpBits, x, x),
		fsub(x, x, cExpBias) + " // e = float(u>>52) - 1023, exactly",
		fmul(r2, r, r) + " // r2",
		fmul(r4, r2, r2) + " // r4",
		fmt.Sprintf("FMOVQ 256(R14), F%d // a0", t0),
		fmla(t0, r, cA1),
		fmt.Sprintf("FMOVQ 320(R14), F%d // a2", t1),
		fmla(t1, r, cA3),
		fmla(t0, r2, t1) + " // b0 = fma(r2, fma(r, a3, a2), fma(r, a1, a0))",
		fmt.Sprintf("FMOVQ 384(R14), F%d // a4", t1),
		fmla(t1, r, cA5),
		fmt.Sprintf("FMOVQ 448(R14), F%d // a6", t2),
		fmla(t2, r, cA7),
		fmla(t1, r2, t2) + " // b1 = fma(r2, fma(r, a7, a6), fma(r, a5, a4))",
		fmt.Sprintf("FMOVQ 512(R14), F%d // a8", t2),
		fmla(t2, r, cA9),
		fmla(t1, r4, t2) + " // fma(r4, fma(r, a9, a8), b1)",
		fmla(t0, r4, t1) + " // q = fma(r4, ., b0)",
		fmla(r, r2, t0) + " // p = fma(r2, q, r)",
		fmla(c, x, cLn2Hi) + " // fma(e, ln2Hi, logCentre[i])",
		fmla(r, x, cLn2Lo) + " // fma(e, ln2Lo, p)",
		fadd(x, c, r) + " // their sum",
	}
}

// logCheck sets V(10+g) to all ones in the lanes of Vg that logs serves
// (positive, normal, finite).
func logCheck(g int) []string {
	return []string{
		fmt.Sprintf("VSUB V%d.D2, V%d.D2, V%d.D2", cMinNorm, g, 10+g),
		cmhi(10+g, cRange, 10+g) + " // bits - smallest normal < inf - smallest normal, unsigned",
	}
}

func logsNEON() {
	p(`
// func logsNEON(dst, x []float64) int
//
// logs four at a time (two blocks of two, interleaved), the operations of
// the Go loop in its order, math.FMA's as FMLA:
//   u = bits + half; i = u>>48 & 15; e = float(u>>52) - 1023
//   z = bits(u&(1<<52-1) + (bits(1) - half)); r = fma(z, logInv[i], -1)
//   b0 = fma(r2, fma(r, a3, a2), fma(r, a1, a0))
//   b1 = fma(r2, fma(r, a7, a6), fma(r, a5, a4))
//   q = fma(r4, fma(r4, fma(r, a9, a8), b1), b0); p = fma(r2, q, r)
//   dst = fma(e, ln2Hi, logCentre[i]) + fma(e, ln2Lo, p)
// (a0..a9 are logPoly; the table entries two loads a block each). The
// last one to three values go as a pair, then the last alone. It stops
// before the first block (of four, two or the last one) with a value that
// is not a positive normal finite number, and returns how many it did.
TEXT ·logsNEON(SB), NOSPLIT, $0-56`)
	ins("MOVD dst_base+0(FP), R0", "MOVD x_base+24(FP), R1", "MOVD x_len+32(FP), R2", "MOVD $0, R3",
		"MOVD $·logInv(SB), R12", "MOVD $·logCentre(SB), R13", "MOVD $·logConsts(SB), R14")
	for _, c := range []struct {
		v, row int // logConsts's row (fastmath.go)
		what   string
	}{
		{cHalf, 2, "half a cell"}, {cMant, 3, "1<<52 - 1"}, {cZBias, 4, "bits(1) - half"},
		{cExpBits, 5, "bits(0x1p52)"}, {cExpBias, 6, "0x1p52 + 1023"},
		{cA1, 9, "a1"}, {cA3, 11, "a3"}, {cA5, 13, "a5"}, {cA7, 15, "a7"}, {cA9, 17, "a9"},
		{cLn2Hi, 18, "ln2Hi"}, {cLn2Lo, 19, "ln2Lo"},
	} {
		ins(fmt.Sprintf("FMOVQ %d(R14), F%d // %s", 32*c.row, c.v, c.what))
	}
	ins(dupConst(cMinNorm, 0x0010000000000000, "smallest normal")...)
	ins(dupConst(cRange, 0x7ff0000000000000-0x0010000000000000, "inf - smallest normal")...)
	ins(dupConst(cMinus1, math.Float64bits(-1), "-1")...)
	ins("logsloop:", "SUB R3, R2, R4", "CMP $4, R4", "BLT logs2", "VLD1 (R1), "+regsList(0, 2))
	for g := range 2 {
		ins(logCheck(g)...)
	}
	ins(allOnes("logsdone", 10, 11)...)
	interleave(logBlock(0), logBlock(1))
	ins("VST1.P "+regsList(0, 2)+", 32(R0)", "ADD $32, R1", "ADD $4, R3", "B logsloop")
	tail("logs", append(logCheck(0), allOnes("logsdone", 10)...), logBlock(0), 0)
}

func invSqrts() {
	p(`
// func invSqrts(dst, x []float64), len(dst) >= len(x) (checked by InvSqrts)
//
// 1/sqrt(x), FSQRT then FDIV (both correctly rounded), eight at a time,
// then two, then the last one alone.
TEXT ·invSqrts(SB), NOSPLIT, $0-48`)
	ins("MOVD dst_base+0(FP), R0", "MOVD x_base+24(FP), R1", "MOVD x_len+32(FP), R2",
		"FMOVD $1.0, F8", "VDUP V8.D[0], V8.D2",
		"isloop8:", "CMP $8, R2", "BLT isloop2", "VLD1.P 64(R1), "+regsList(0, 4))
	for g := range 4 {
		ins(fsqrt(g, g))
	}
	for g := range 4 {
		ins(fdiv(4+g, 8, g))
	}
	ins("VST1.P "+regsList(4, 4)+", 64(R0)", "SUB $8, R2", "B isloop8",
		"isloop2:", "CMP $2, R2", "BLT islast", "VLD1.P 16(R1), "+regsList(0, 1),
		fsqrt(0, 0), fdiv(4, 8, 0), "VST1.P "+regsList(4, 1)+", 16(R0)", "SUB $2, R2", "B isloop2",
		"islast:", "CBZ R2, isdone", "FMOVD (R1), F0", "FSQRTD F0, F0", "FDIVD F0, F8, F4", "FMOVD F4, (R0)",
		"isdone:", "RET")
}

// check assembles the WORDs' instructions with the GNU assembler and
// compares the encodings.
func check() error {
	dir, err := os.MkdirTemp("", "mkneon")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	texts := slices.Sorted(maps.Keys(words))
	src, obj, bin := filepath.Join(dir, "w.s"), filepath.Join(dir, "w.o"), filepath.Join(dir, "w.bin")
	if err := os.WriteFile(src, []byte(strings.Join(texts, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	for _, cmd := range [][]string{{"aarch64-linux-gnu-as", "-o", obj, src}, {"aarch64-linux-gnu-objcopy", "-O", "binary", "-j", ".text", obj, bin}} {
		if b, err := exec.Command(cmd[0], cmd[1:]...).CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %v\n%s", cmd[0], err, b)
		}
	}
	b, err := os.ReadFile(bin)
	if err != nil {
		return err
	}
	if len(b) != 4*len(texts) {
		return fmt.Errorf("the assembler wrote %d bytes for %d instructions", len(b), len(texts))
	}
	bad := 0
	for k, t := range texts {
		if as := binary.LittleEndian.Uint32(b[4*k:]); as != words[t] {
			fmt.Fprintf(os.Stderr, "%s: mkneon 0x%08x, assembler 0x%08x\n", t, words[t], as)
			bad++
		}
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d encodings differ from the assembler's", bad, len(texts))
	}
	fmt.Printf("mkneon: %d encodings, all the GNU assembler's\n", len(texts))
	return nil
}

func main() {
	outFlag := flag.String("o", "exps_arm64.s", "the file to write")
	checkFlag := flag.Bool("check", false, "check the WORDs' encodings with aarch64-linux-gnu-as")
	flag.Parse()
	p("// Code generated by go run mkneon.go; DO NOT EDIT.\n")
	p("//go:build arm64 && !purego\n")
	p("#include \"textflag.h\"")
	p(`
// The NEON kernels of package fastmath (mkneon.go says why generated). Go
// operand order: the destination last; VFMLA Vm, Vn, Vd is Vd += Vn*Vm,
// fused. The WORDs' comments give the instruction in Arm order.`)
	expsNEON()
	scaledExpsNEON()
	scaledExpSumsNEON()
	logsNEON()
	invSqrts()
	if err := os.WriteFile(*outFlag, out.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	if *checkFlag {
		if err := check(); err != nil {
			log.Fatal(err)
		}
	}
}
