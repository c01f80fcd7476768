package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The arm64 kernels are the AVX2 ones translated line by line: compiled
// at the width neon (a "Y" register is four lanes, as with AVX2, but there
// are 14 of them, so that each is a pair of NEON registers V(2r), V(2r+1)
// with V28-V31 left for operands in memory), then each x86 instruction
// written as the arm64 instructions that do the same. The translation
// knows the forms the compiler and kernels.go write and refuses any other,
// naming it, so that a new form fails go generate rather than the build.
//
// Go's arm64 assembler lacks the vector floating-point instructions
// (FADD, FMUL, FDIV, FCMGT, BSL...), so those are written as WORDs from
// the Arm Architecture Reference Manual's encodings, each with its
// instruction in a comment; loads, stores and the integer code are the
// assembler's own.

// neon is the width the arm64 kernels are compiled at (then translated).
var neon = width{suffix: "NEON", reg: "Y", nregs: 14, vbytes: 32}

// gprARM64 is the arm64 register that stands for each x86 register the
// kernels use. R19-R21 are the translation's own scratch registers (R18
// is the platform's, R26-R30 Go's).
var gprARM64 = map[string]string{
	"AX": "R0", "BX": "R1", "CX": "R2", "DX": "R3", "SI": "R4", "DI": "R5",
	"R8": "R6", "R9": "R7", "R10": "R8", "R11": "R9", "R12": "R10", "R13": "R11",
	"R14": "R12", "R15": "R13",
}

const (
	scratchAddr = "R19" // an address computed for a memory operand
	scratchInt  = "R20" // an integer operand loaded from memory
	scratchV    = 28    // V28, V29: a vector operand loaded from memory
)

// The NEON instructions on two float64 (.2D) or 16 bytes (.16B) the
// assembler lacks: the encoding with Rd, Rn and Rm zero.
var neonOps = map[string]uint32{
	"FADD":  0x4e60d400,
	"FSUB":  0x4ee0d400,
	"FMUL":  0x6e60dc00,
	"FDIV":  0x6e60fc00,
	"FMIN":  0x4ee0f400,
	"FMAX":  0x4e60f400,
	"FCMEQ": 0x4e60e400,
	"FCMGE": 0x6e60e400,
	"FCMGT": 0x6ee0e400,
	"EOR":   0x6e201c00,
	"ORR":   0x4ea01c00,
	"BSL":   0x6e601c00,
	"BIT":   0x6ea01c00,
	"BIF":   0x6ee01c00,
	"NOT":   0x6e205800, // Rm unused
	"DUP":   0x4e080c00, // Vd.2D from general register Rn; Rm unused
}

// word is the WORD line of NEON instruction op with registers d, n, m.
func word(op string, d, n, m int) string {
	if op == "NOT" || op == "DUP" {
		m = 0 // their Rm bits are part of the opcode
	}
	enc := neonOps[op] | uint32(m)<<16 | uint32(n)<<5 | uint32(d)
	arr := ".2D"
	switch op {
	case "EOR", "ORR", "BSL", "BIT", "BIF", "NOT":
		arr = ".16B"
	}
	var text string
	switch op {
	case "NOT":
		text = fmt.Sprintf("NOT V%d%s, V%d%s", d, arr, n, arr)
	case "DUP":
		text = fmt.Sprintf("DUP V%d.2D, R%d", d, n)
	default:
		text = fmt.Sprintf("%s V%d%s, V%d%s, V%d%s", op, d, arr, n, arr, m, arr)
	}
	return fmt.Sprintf("WORD $0x%08x // %s", enc, text)
}

var (
	memRE   = regexp.MustCompile(`^(-?\d+)?\((\w+)\)(?:\((\w+)\*([1248])\))?$`)
	yRE     = regexp.MustCompile(`^Y(\d+)$`)
	frameRE = regexp.MustCompile(`^\w+[+-]\d+\((FP|SP)\)$`)
	constRE = regexp.MustCompile(`^(\w+<>)(?:\+(\d+))?\(SB\)$`)
)

// translator writes one kernel's arm64 lines.
type translator struct {
	out  []string
	line string // the x86 line being translated, for errors
	err  error
}

func (t *translator) p(format string, args ...any) {
	t.out = append(t.out, "\t"+fmt.Sprintf(format, args...))
}

func (t *translator) fail(why string) {
	if t.err == nil {
		t.err = fmt.Errorf("arm64: %s: %q", why, strings.TrimSpace(t.line))
	}
}

// translateARM64 is a kernel's x86 lines (at width neon) in arm64.
func translateARM64(lines []string) ([]string, error) {
	t := &translator{}
	for _, l := range lines {
		t.line = l
		s := strings.TrimSpace(l)
		switch {
		case s == "" || strings.HasPrefix(s, "//"):
			t.out = append(t.out, l)
		case strings.HasSuffix(s, ":"):
			t.out = append(t.out, s)
		default:
			ins, rest, _ := strings.Cut(s, " ")
			var ops []string
			if rest != "" {
				ops = strings.Split(rest, ", ")
			}
			t.instr(ins, ops)
		}
		if t.err != nil {
			return nil, t.err
		}
	}
	for i, l := range t.out {
		t.out[i] = frameC.ReplaceAllString(l, "${1}C_+")
	}
	return t.out, nil
}

// Go's arm64 assembler reads C+off(FP) as a register, so the kernels'
// parameter C (the classes) is C_ in the arm64 declarations (armSig).
var (
	frameC = regexp.MustCompile(`(^|[^\w])C\+`)
	paramC = regexp.MustCompile(`\bC\b`)
)

// armSig is Go signature sig as the arm64 kernels declare it.
func armSig(sig string) string { return paramC.ReplaceAllString(sig, "C_") }

// yReg is the number r of operand Y r, or -1.
func yReg(op string) int {
	m := yRE.FindStringSubmatch(op)
	if m == nil {
		return -1
	}
	r, _ := strconv.Atoi(m[1])
	return r
}

// gpr is the arm64 register for x86 register op, or "".
func gpr(op string) string { return gprARM64[op] }

func isImm(op string) bool   { return strings.HasPrefix(op, "$") }
func isFrame(op string) bool { return frameRE.MatchString(op) }

// address writes the code that computes memory operand op's address and
// returns it as base register and displacement, the displacement one that
// a Q-register pair load takes (a multiple of 16 in [-1024, 1008]) when
// pair is set.
func (t *translator) address(op string, pair bool) (string, int) {
	if m := constRE.FindStringSubmatch(op); m != nil {
		t.p("MOVD $%s(SB), %s", m[1], scratchAddr)
		off, _ := strconv.Atoi(m[2])
		return t.fit(scratchAddr, off, pair)
	}
	m := memRE.FindStringSubmatch(op)
	if m == nil {
		t.fail("memory operand " + op + " unknown")
		return "R0", 0
	}
	disp, _ := strconv.Atoi(m[1])
	base := gpr(m[2])
	if base == "" {
		t.fail("base register " + m[2] + " unknown")
		return "R0", 0
	}
	if m[3] != "" {
		idx := gpr(m[3])
		if idx == "" {
			t.fail("index register " + m[3] + " unknown")
			return "R0", 0
		}
		t.p("ADD %s, %s, %s", shifted(idx, m[4]), base, scratchAddr)
		base = scratchAddr
	}
	return t.fit(base, disp, pair)
}

// fit makes displacement off one the load takes, adding it to the
// address where it is not.
func (t *translator) fit(base string, off int, pair bool) (string, int) {
	if !pair || (off%16 == 0 && off >= -1024 && off <= 1008) {
		return base, off
	}
	t.p("ADD $%d, %s, %s", off, base, scratchAddr)
	return scratchAddr, 0
}

// shifted is register r scaled by scale (1, 2, 4 or 8) as an operand.
func shifted(r, scale string) string {
	switch scale {
	case "2":
		return r + "<<1"
	case "4":
		return r + "<<2"
	case "8":
		return r + "<<3"
	}
	return r
}

func mref(base string, off int) string {
	if off == 0 {
		return "(" + base + ")"
	}
	return fmt.Sprintf("%d(%s)", off, base)
}

// intMem is the arm64 operand of an integer memory operand op, after the
// code that computes its address: register-offset forms stay one
// instruction.
func (t *translator) intMem(op string) string {
	if isFrame(op) {
		return op
	}
	if m := memRE.FindStringSubmatch(op); m != nil && m[1] == "" && m[3] != "" && gpr(m[2]) != "" && gpr(m[3]) != "" {
		return fmt.Sprintf("(%s)(%s)", gpr(m[2]), shifted(gpr(m[3]), m[4]))
	}
	return mref(t.address(op, false))
}

// intSrc is an integer source operand as an arm64 register or immediate,
// loading it into scratch when it is in memory.
func (t *translator) intSrc(op, scratch string) string {
	switch {
	case isImm(op):
		return op
	case gpr(op) != "":
		return gpr(op)
	}
	t.p("MOVD %s, %s", t.intMem(op), scratch)
	return scratch
}

// intReg is intSrc as a register, immediates moved into scratch.
func (t *translator) intReg(op, scratch string) string {
	if isImm(op) {
		t.p("MOVD %s, %s", op, scratch)
		return scratch
	}
	return t.intSrc(op, scratch)
}

// The x86 integer instructions with a two-operand arm64 twin (src, dst:
// dst = dst op src). ADD and SUB set the flags, as x86's do, for the
// loops that branch on them.
var intOps = map[string]string{
	"ADDQ": "ADDS", "SUBQ": "SUBS", "IMULQ": "MUL", "XORQ": "EOR",
	"SHLQ": "LSL", "SHRQ": "LSR", "SARQ": "ASR",
}

var branches = map[string]string{
	"JMP": "JMP", "JLT": "BLT", "JGE": "BGE", "JLE": "BLE", "JGT": "BGT",
	"JEQ": "BEQ", "JZ": "BEQ", "JNE": "BNE", "JNZ": "BNE",
}

func (t *translator) instr(ins string, ops []string) {
	if b, ok := branches[ins]; ok && len(ops) == 1 {
		t.p("%s %s", b, ops[0])
		return
	}
	if op, ok := intOps[ins]; ok && len(ops) == 2 {
		src := t.intSrc(ops[0], scratchInt)
		if (op == "ADDS" || op == "SUBS") && isImm(src) && strings.HasPrefix(src, "$-") {
			t.fail("negative immediate") // ADDS $-n would need the flags of SUBS $n
		}
		if d := gpr(ops[1]); d != "" {
			t.p("%s %s, %s", op, src, d)
			return
		}
		if !isFrame(ops[1]) || src == scratchInt {
			t.fail("destination unknown")
			return
		}
		t.p("MOVD %s, %s", ops[1], scratchInt)
		t.p("%s %s, %s", op, src, scratchInt)
		t.p("MOVD %s, %s", scratchInt, ops[1])
		return
	}
	switch ins {
	case "PCALIGN", "RET":
		t.p("%s %s", ins, strings.Join(ops, ", "))
		t.out[len(t.out)-1] = strings.TrimRight(t.out[len(t.out)-1], " ")
	case "VZEROUPPER":
	case "INCQ":
		t.p("ADDS $1, %s", t.dst(ops[0]))
	case "MOVQ", "MOVBLZX":
		mov := "MOVD"
		if ins == "MOVBLZX" {
			mov = "MOVBU"
		}
		switch d := gpr(ops[1]); {
		case d != "" && (isImm(ops[0]) || gpr(ops[0]) != ""):
			t.p("%s %s, %s", mov, t.intSrc(ops[0], ""), d)
		case d != "":
			t.p("%s %s, %s", mov, t.intMem(ops[0]), d)
		case ins == "MOVQ" && gpr(ops[0]) != "":
			t.p("MOVD %s, %s", gpr(ops[0]), t.intMem(ops[1]))
		default:
			t.fail("move unknown")
		}
	case "LEAQ":
		d := t.dst(ops[1])
		if m := memRE.FindStringSubmatch(ops[0]); m != nil && m[1] == "" && m[3] != "" && gpr(m[2]) != "" && gpr(m[3]) != "" {
			t.p("ADD %s, %s, %s", shifted(gpr(m[3]), m[4]), gpr(m[2]), d)
			return
		}
		base, off := t.address(ops[0], false)
		if off == 0 {
			t.p("MOVD %s, %s", base, d)
		} else {
			t.p("ADD $%d, %s, %s", off, base, d)
		}
	case "CMPQ", "TESTQ":
		// x86 CMPQ x, y sets the flags of x - y; arm64 CMP y, x those of x - y.
		x := t.intReg(ops[0], scratchInt)
		y := t.intSrc(ops[1], scratchAddr)
		op := "CMP"
		if ins == "TESTQ" {
			op = "TST"
		}
		t.p("%s %s, %s", op, y, x)
	case "CMOVQGT", "CMOVQLT":
		d := t.dst(ops[1])
		t.p("CSEL %s, %s, %s, %s", ins[5:], t.intSrc(ops[0], scratchInt), d, d)
	case "VMOVUPD":
		if r := yReg(ops[0]); r >= 0 {
			base, off := t.address(ops[1], true)
			t.p("FSTPQ (F%d, F%d), %s", 2*r, 2*r+1, mref(base, off))
			return
		}
		t.loadPair(ops[0], t.y(ops[1]))
	case "VBROADCASTSD":
		d := t.y(ops[1])
		t.p("MOVD %s, %s", t.scalarMem(ops[0]), scratchInt)
		t.p("%s", word("DUP", 2*d, 20, 0))
		t.p("%s", word("DUP", 2*d+1, 20, 0))
	case "VMOVAPD":
		s, d := t.y(ops[0]), t.y(ops[1])
		t.pair("ORR", d, s, s)
	case "VXORPD":
		t.pair("EOR", t.y(ops[2]), t.y(ops[1]), t.vsrc(ops[0]))
	case "VADDPD", "VSUBPD", "VMULPD", "VDIVPD":
		// Go order: y, x, d is d = x op y.
		op := map[string]string{"VADDPD": "FADD", "VSUBPD": "FSUB", "VMULPD": "FMUL", "VDIVPD": "FDIV"}[ins]
		y := t.vsrc(ops[0])
		t.pair(op, t.y(ops[2]), t.y(ops[1]), y)
	case "VMINPD", "VMAXPD":
		t.minmax(ins == "VMINPD", ops)
	case "VCMPPD":
		t.compare(ops)
	case "VBLENDVPD":
		t.blend(ops)
	default:
		t.fail("instruction unknown")
	}
}

// dst is the arm64 register of x86 register operand op.
func (t *translator) dst(op string) string {
	d := gpr(op)
	if d == "" {
		t.fail("register " + op + " unknown")
		return "R0"
	}
	return d
}

// y is the number of vector operand op (Y r: V2r and V2r+1).
func (t *translator) y(op string) int {
	r := yReg(op)
	if r < 0 || r >= neon.nregs {
		t.fail("vector register " + op + " unknown")
		return 0
	}
	return r
}

// vsrc is a vector source operand's register, loading it into the
// scratch pair when it is in memory.
func (t *translator) vsrc(op string) int {
	if yReg(op) >= 0 {
		return t.y(op)
	}
	t.loadPair(op, scratchV/2)
	return scratchV / 2
}

func (t *translator) loadPair(op string, r int) {
	base, off := t.address(op, true)
	t.p("FLDPQ %s, (F%d, F%d)", mref(base, off), 2*r, 2*r+1)
}

// scalarMem is the arm64 operand of a float64 in memory, for MOVD.
func (t *translator) scalarMem(op string) string {
	if isFrame(op) {
		return op
	}
	if constRE.MatchString(op) {
		base, off := t.address(op, false)
		return mref(base, off)
	}
	return t.intMem(op)
}

// pair writes NEON op for both registers of the pairs d, n and m.
func (t *translator) pair(op string, d, n, m int) {
	for h := range 2 {
		t.p("%s", word(op, 2*d+h, 2*n+h, 2*m+h))
	}
}

// compare writes VCMPPD $p, y, x, m (m = x p y, all false for NaN but !=).
func (t *translator) compare(ops []string) {
	y := t.vsrc(ops[1])
	x, m := t.y(ops[2]), t.y(ops[3])
	switch ops[0] {
	case "$0x00":
		t.pair("FCMEQ", m, x, y)
	case "$0x04": // not equal, true for NaN
		t.pair("FCMEQ", m, x, y)
		t.pair("NOT", m, m, 0)
	case "$0x11":
		t.pair("FCMGT", m, y, x)
	case "$0x12":
		t.pair("FCMGE", m, y, x)
	case "$0x1d":
		t.pair("FCMGE", m, x, y)
	case "$0x1e":
		t.pair("FCMGT", m, x, y)
	default:
		t.fail("comparison predicate unknown")
	}
}

// minmax writes VMINPD y, x, d (d = x < y ? x : y) or VMAXPD (d = x > y ?
// x : y): y for NaN and ties, as on x86 and as eq.Lesser and eq.Greater
// give them, not NEON's FMIN and FMAX (NaN for NaN).
func (t *translator) minmax(isMin bool, ops []string) {
	y := t.vsrc(ops[0])
	x, d := t.y(ops[1]), t.y(ops[2])
	gt, lt := x, y // the mask: x > y for max
	if isMin {
		gt, lt = y, x // y > x for min
	}
	m := scratchV/2 + 1
	switch d {
	case x:
		t.pair("FCMGT", m, gt, lt)
		t.pair("BIF", d, y, m) // x where the mask is set, y where clear
	case y:
		t.pair("FCMGT", m, gt, lt)
		t.pair("BIT", d, x, m)
	default:
		t.pair("FCMGT", d, gt, lt)
		t.pair("BSL", d, x, y)
	}
}

// blend writes VBLENDVPD m, tv, e, d: d = m ? tv : e.
func (t *translator) blend(ops []string) {
	m, tv := t.y(ops[0]), t.vsrc(ops[1])
	e, d := t.y(ops[2]), t.y(ops[3])
	switch d {
	case e:
		t.pair("BIT", d, tv, m) // d where m is clear, tv where set
	case tv:
		t.pair("BIF", d, e, m) // d where m is set, e where clear
	case m:
		t.pair("BSL", d, tv, e)
	default:
		t.pair("ORR", d, m, m)
		t.pair("BSL", d, tv, e)
	}
}
