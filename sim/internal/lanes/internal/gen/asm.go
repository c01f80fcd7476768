package main

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"slices"
	"strings"
)

// width is one instruction set the kernels are emitted for.
type width struct {
	suffix string // of the Go function's name
	reg    string // vector register prefix
	nregs  int
	vbytes int // bytes of one vector register: an element (64 bytes) is 64/vbytes of them
}

var (
	avx512 = width{suffix: "AVX512", reg: "Z", nregs: 32, vbytes: 64}
	avx2   = width{suffix: "AVX2", reg: "Y", nregs: 16, vbytes: 32}
)

// elem is the bytes of an element: Width float64 values, one per lane.
const elem = 64

// val is a vector operand: a register (r >= 0) or a memory operand.
type val struct {
	r    int
	m    string
	temp bool // a register the kernel's code allocated and frees
}

func mem(m string) val { return val{r: -1, m: m} }

// arg is a parameter of a kernel's Go signature and its offset in the
// argument frame.
type arg struct {
	name, typ string
	off       int
}

// asm writes one kernel at one width: the Go signature's arguments, the
// vector registers in use, the constants in registers, and the lines.
type asm struct {
	w       width
	eqs     *equations
	name    string
	args    map[string]arg
	scalar  map[string]bool // []float64 arguments that are not arrays of elements
	half    int             // AVX2 run twice: which 4 lanes of each element (0 or 1)
	pairs   bool            // AVX2 in pairs: every value two ymm registers, lanes 0-3 and 4-7
	lines   []string
	used    []bool
	maskUse []bool // AVX-512 opmask registers K1-K7
	consts  map[float64]val
	data    map[float64]bool // constants the file must define
	err     error
}

func (a *asm) p(format string, args ...any) {
	a.lines = append(a.lines, "\t"+fmt.Sprintf(format, args...))
}

// label is a label of the current half.
func (a *asm) label(name string) string { return fmt.Sprintf("%s%d", name, a.half) }

func (a *asm) place(name string) { a.lines = append(a.lines, a.label(name)+":") }

func (a *asm) fail(format string, args ...any) {
	if a.err == nil {
		a.err = fmt.Errorf("%s%s: %s", a.name, a.w.suffix, fmt.Sprintf(format, args...))
	}
}

// frame lays out the arguments of a Go signature (its parameters and
// results) and returns them with the frame's size.
func frame(params, results string) ([]arg, int, error) {
	var out []arg
	off := 0
	for _, list := range []string{params, results} {
		if list == "" {
			continue
		}
		x, err := parser.ParseExpr("func(" + list + ")")
		if err != nil {
			return nil, 0, fmt.Errorf("signature %q: %w", list, err)
		}
		off = (off + 7) &^ 7
		for _, f := range x.(*ast.FuncType).Params.List {
			var typ string
			size := 8
			switch t := f.Type.(type) {
			case *ast.Ident:
				typ = t.Name // int, float64, bool
				if typ == "bool" {
					size = 1
				}
			case *ast.ArrayType:
				typ = "[]" + ident(t.Elt)
				size = 24
			}
			for _, n := range f.Names {
				out = append(out, arg{name: n.Name, typ: typ, off: off})
				off += size
			}
		}
	}
	return out, off, nil
}

// argRef is the frame reference of an argument: its base for a slice.
func (a *asm) argRef(name string, field string) string {
	g, ok := a.args[name]
	if !ok {
		a.fail("no argument %s", name)
		return "?"
	}
	if strings.HasPrefix(g.typ, "[]") {
		off := g.off + map[string]int{"base": 0, "len": 8, "cap": 16}[field]
		return fmt.Sprintf("%s_%s+%d(FP)", name, field, off)
	}
	return fmt.Sprintf("%s+%d(FP)", name, g.off)
}

// base loads the address of slice name's first value into reg: for an
// array of elements at AVX2's second half, 32 bytes on (lanes 4-7).
func (a *asm) base(name, reg string) {
	a.p("MOVQ %s, %s", a.argRef(name, "base"), reg)
	a.offset(name, reg)
}

func (a *asm) offset(name, reg string) {
	if a.half > 0 && a.args[name].typ == "[]float64" && !a.scalar[name] {
		a.p("ADDQ $%d, %s", a.half*a.w.vbytes, reg)
	}
}

// int loads an int argument into reg.
func (a *asm) int(name, reg string) { a.p("MOVQ %s, %s", a.argRef(name, ""), reg) }

func (a *asm) rn(r int) string { return fmt.Sprintf("%s%d", a.w.reg, r) }

// s is an operand's text.
func (a *asm) s(v val) string {
	if v.r >= 0 {
		return a.rn(v.r)
	}
	return v.m
}

func (a *asm) alloc() val {
	for r := range a.used {
		if !a.used[r] {
			a.used[r] = true
			return val{r: r, temp: true}
		}
	}
	if a.err == nil {
		a.err = fmt.Errorf("%s%s: %w", a.name, a.w.suffix, errRegisters)
	}
	return val{r: 0, temp: true}
}

// free releases v's register if the kernel's code allocated it.
func (a *asm) free(vs ...val) {
	for _, v := range vs {
		if v.r >= 0 && v.temp {
			if !a.used[v.r] {
				a.fail("register %d freed twice", v.r)
			}
			a.used[v.r] = false
		}
	}
}

// errRegisters: a kernel needs more vector registers than there are.
var errRegisters = errors.New("out of vector registers")

// hold marks a register as the code's until it drops it: a value that
// lives across a loop, which the operations do not free.
func hold(v val) val { v.temp = false; return v }

// ref is v read once without freeing it.
func ref(v val) val { v.temp = false; return v }

// drop frees held registers.
func (a *asm) drop(vs ...val) {
	for _, v := range vs {
		v.temp = true
		a.free(v)
	}
}

// scalar is a memory operand read as one value (a broadcast's source):
// the same for both halves of a pair.
type scalar string

// lit is an operand written as it is (an immediate, an opmask).
type lit string

// vec writes one vector instruction, in pairs once for each half: a
// register of a pair is Yr and Y(r+8), a memory operand 32 bytes on.
func (a *asm) vec(ins string, ops ...any) {
	halves := 1
	if a.pairs {
		halves = 2
	}
	for h := range halves {
		parts := make([]string, len(ops))
		for i, o := range ops {
			switch o := o.(type) {
			case val:
				if o.r >= 0 {
					parts[i] = a.rn(o.r + h*a.w.nregs/2)
				} else {
					parts[i] = offsetMem(o.m, h*a.w.vbytes)
				}
			case scalar:
				parts[i] = string(o)
			case lit:
				parts[i] = string(o)
			}
		}
		a.p("%s %s", ins, strings.Join(parts, ", "))
	}
}

// offsetMem is memory operand m, d bytes on.
func offsetMem(m string, d int) string {
	if d == 0 {
		return m
	}
	if strings.HasPrefix(m, "(") {
		return fmt.Sprintf("%d%s", d, m)
	}
	if i := strings.Index(m, "<>(SB)"); i >= 0 {
		return fmt.Sprintf("%s<>+%d(SB)", m[:i], d)
	}
	i := strings.Index(m, "(")
	var n int
	if _, err := fmt.Sscanf(m[:i], "%d", &n); err != nil || i <= 0 {
		panic("offsetMem: " + m)
	}
	return fmt.Sprintf("%d%s", n+d, m[i:])
}

func (a *asm) load(m string) val {
	v := a.alloc()
	a.vec("VMOVUPD", mem(m), v)
	return v
}

// reg returns v in a register, loading it if it is in memory.
func (a *asm) reg(v val) val {
	if v.r >= 0 {
		return v
	}
	return a.load(v.m)
}

func (a *asm) bcast(m string) val {
	v := a.alloc()
	a.vec("VBROADCASTSD", scalar(m), v)
	return v
}

func (a *asm) zero() val {
	v := a.alloc()
	a.zeroTo(v)
	return v
}

func (a *asm) zeroTo(v val) {
	if a.w == avx512 {
		a.vec("VPXORQ", v, v, v)
	} else {
		a.vec("VXORPD", v, v, v)
	}
}

func (a *asm) store(v val, m string) { a.vec("VMOVUPD", v, mem(m)) }

func (a *asm) move(dst, src val) {
	if dst.r != src.r {
		a.vec("VMOVAPD", src, dst)
	}
}

// konst is constant c in a register, loaded once for the kernel's half:
// kernels take their constants before any branch.
func (a *asm) konst(c float64) val {
	if v, ok := a.consts[c]; ok {
		return v
	}
	var v val
	if c == 0 {
		v = a.zero()
	} else {
		a.data[c] = true
		v = a.bcast(constName(c) + "(SB)")
	}
	v.temp = false // the kernel's for good
	a.consts[c] = v
	return v
}

// The operations. x op y: x must be a register for the operations that
// are not commutative (x is the instruction's first source); y may be
// memory. Each frees its temporary operands and returns a new temporary.
// into, when given, is the destination.

var instr = map[string]string{"+": "VADDPD", "-": "VSUBPD", "*": "VMULPD", "/": "VDIVPD"}

func (a *asm) bin(op string, x, y val, into ...val) val {
	if x.r < 0 && y.r >= 0 && (op == "+" || op == "*") {
		x, y = y, x
	}
	x = a.reg(x)
	return a.emit3(instr[op], x, y, into)
}

// min is x < y ? x : y and max x > y ? x : y, as MINPD and MAXPD give them
// (y when either is NaN, and for equal values).
func (a *asm) min(x, y val, into ...val) val { return a.minmax("VMINPD", x, y, into) }
func (a *asm) max(x, y val, into ...val) val { return a.minmax("VMAXPD", x, y, into) }

func (a *asm) minmax(ins string, x, y val, into []val) val {
	x = a.reg(x)
	return a.emit3(ins, x, y, into)
}

// emit3 writes ins y, x, d (d = x ins y), freeing the temporary operands
// first so that d may take one of their registers.
func (a *asm) emit3(ins string, x, y val, into []val) val {
	a.free(x, y)
	d := a.dest(into)
	a.vec(ins, y, x, d)
	return d
}

// dest is an operation's destination: into's register when given (taken
// again if an operand's freeing released it), else a new one.
func (a *asm) dest(into []val) val {
	if len(into) == 0 {
		return a.alloc()
	}
	a.used[into[0].r] = true
	return into[0]
}

// addTo sets acc = acc + x (acc a register the code keeps).
func (a *asm) addTo(acc, x val) {
	a.free(x)
	a.vec("VADDPD", x, acc, acc)
}

// addToMem sets memory m = m + x.
func (a *asm) addToMem(m string, x val) {
	a.free(x)
	d := a.alloc()
	a.vec("VADDPD", mem(m), x, d)
	a.store(d, m)
	a.free(d)
}

var predicate = map[string]int{"==": 0x00, "<": 0x11, "<=": 0x12, "!=": 0x04, ">=": 0x1d, ">": 0x1e}

// cmp compares l op r (every comparison false for NaN but !=, as in Go)
// into a mask: an opmask register with AVX-512, a vector register with
// AVX2.
func (a *asm) cmp(op string, l, r val) val {
	l = a.reg(l)
	var m val
	if a.w == avx512 {
		k := slices.Index(a.maskUse, false)
		if k < 0 {
			a.fail("out of opmask registers")
			k = 0
		}
		a.maskUse[k] = true
		m = val{r: k + 1, m: fmt.Sprintf("K%d", k+1), temp: true}
		a.vec("VCMPPD", lit(fmt.Sprintf("$0x%02x", predicate[op])), r, l, lit(m.m))
	} else {
		m = a.alloc()
		a.vec("VCMPPD", lit(fmt.Sprintf("$0x%02x", predicate[op])), r, l, m)
	}
	a.free(l, r)
	return m
}

// blend is mask ? t : e. With AVX-512, t just computed by an operation and
// e zero, the operation itself zeroes where the mask is clear.
func (a *asm) blend(m, t, e val, into []val) val {
	if a.w == avx512 {
		a.maskUse[m.r-1] = false
		last := a.lines[len(a.lines)-1]
		if z, ok := a.consts[0]; ok && e.r == z.r && t.temp && len(into) == 0 &&
			strings.HasSuffix(last, ", "+a.s(t)) && slices.Contains([]string{"VADDPD", "VSUBPD", "VMULPD", "VDIVPD"}, strings.Fields(last)[0]) {
			ins, ops, _ := strings.Cut(strings.TrimSpace(last), " ")
			i := strings.LastIndex(ops, ", ")
			a.lines[len(a.lines)-1] = fmt.Sprintf("\t%s.Z %s, %s, %s", ins, ops[:i], m.m, ops[i+2:])
			return t
		}
		e = a.reg(e)
		a.free(t, e)
		d := a.dest(into)
		a.vec("VBLENDMPD", t, e, lit(m.m), d)
		return d
	}
	e = a.reg(e)
	a.free(t, e, m)
	d := a.dest(into)
	a.vec("VBLENDVPD", m, t, e, d)
	return d
}

// vary stands for an operand of an equation that the loop gives at each
// step (prepared.at); the other operands are the same at every step.
var vary = val{r: -2}

// prepared is an equation set up before a loop: its parts that depend on
// no varying operand (constants included) computed once, in registers
// until release.
type prepared struct {
	extra  []val // registers the caller holds for it, dropped with it
	a      *asm
	root   *node
	leaves []*node
	given  []val
	all    []*node
}

// prepTree sets up expression root (eq's equations instantiated over
// leaves) before a loop: args gives each leaf's operand, vary for those
// the loop gives at each step (into), and the parts that depend on no
// varying operand (constants included) are computed now, in registers
// until release.
func (a *asm) prepTree(root *node, leaves []*node, args []val) *prepared {
	for i, l := range leaves {
		l.v, l.inv, l.done = args[i], args[i].r != -2, true
	}
	p := &prepared{a: a, root: root, leaves: leaves, given: args}
	seen := map[*node]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		if seen[n] {
			return
		}
		seen[n] = true
		p.all = append(p.all, n)
		inv := n.kind != nLeaf || n.inv
		for _, c := range n.x {
			walk(c)
			inv = inv && c.inv
		}
		n.inv = inv
	}
	walk(root)
	// Hoist constants, and each largest invariant part that is an
	// operation.
	p.countUses()
	var hoist func(n *node)
	hoist = func(n *node) {
		switch {
		case n.pinned || n.kind == nLeaf:
		case n.kind == nConst:
			n.v, n.pinned, n.done = a.konst(n.c), true, true
		case n.inv:
			if !n.done {
				n.v, n.done = p.eval(n, nil), true
			}
			n.pinned, n.owned = true, true
		default:
			for _, c := range n.x {
				hoist(c)
			}
		}
	}
	hoist(root)
	return p
}

// countUses counts, for every node not computed before the loop, the
// operations that read it.
func (p *prepared) countUses() {
	for _, n := range p.all {
		n.uses = 0
	}
	seen := map[*node]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		if seen[n] || n.pinned {
			return
		}
		seen[n] = true
		for _, c := range n.x {
			c.uses++
			walk(c)
		}
	}
	walk(p.root)
}

// into computes the expression with the varying operands given in order,
// into into's register when given.
func (p *prepared) into(into []val, args ...val) val {
	a := p.a
	k := 0
	for i, l := range p.leaves {
		l.v, l.owned = p.given[i], false
		if !l.inv {
			if k >= len(args) {
				a.fail("too few varying operands")
				return val{}
			}
			l.v = args[k]
			k++
		}
	}
	if k != len(args) {
		a.fail("too many varying operands")
	}
	for _, n := range p.all {
		if !n.pinned && n.kind != nLeaf {
			n.done, n.owned = false, false
		}
	}
	p.countUses()
	if p.root.pinned || p.root.kind == nLeaf {
		a.fail("an equation with no varying operand")
		return p.root.v
	}
	// An operand in memory read twice is loaded once.
	for _, l := range p.leaves {
		if l.uses > 1 && l.v.r < 0 {
			l.v, l.owned = a.load(l.v.m), true
		}
	}
	return p.eval(p.root, into)
}

// operand returns child c's value for one read, computing it at its first
// read; the value is temporary (the operation frees it) at the last read
// of a register this equation owns.
func (p *prepared) operand(c *node) val {
	if !c.done {
		c.v, c.done = p.eval(c, nil), true
		c.owned = c.kind != nConst
	}
	c.uses--
	v := c.v
	v.temp = c.owned && !c.pinned && c.uses == 0 && v.r >= 0
	return v
}

func (p *prepared) eval(n *node, into []val) val {
	a := p.a
	switch n.kind {
	case nBin:
		x := p.operand(n.x[0])
		y := p.operand(n.x[1])
		return a.bin(n.op, x, y, into...)
	case nMin, nMax:
		x := p.operand(n.x[0])
		y := p.operand(n.x[1])
		if n.kind == nMin {
			return a.min(x, y, into...)
		}
		return a.max(x, y, into...)
	case nSel:
		l := p.operand(n.x[0])
		r := p.operand(n.x[1])
		m := a.cmp(n.op, l, r)
		t := p.operand(n.x[2])
		e := p.operand(n.x[3])
		return a.blend(m, t, e, into)
	case nConst:
		return a.konst(n.c)
	}
	return n.v
}

// release frees the registers of the parts computed before the loop.
func (p *prepared) release() {
	for _, n := range p.all {
		if n.pinned && n.kind != nConst && n.kind != nLeaf {
			v := n.v
			v.temp = true
			p.a.free(v)
			n.pinned = false
		}
	}
}

// sortedConsts lists the constants used, in order.
func sortedConsts(m map[float64]bool) []float64 {
	var cs []float64
	for c := range m {
		cs = append(cs, c)
	}
	slices.Sort(cs)
	return cs
}
