package main

import (
	"fmt"
	"go/ast"
	"math"
	"slices"
	"strings"
)

// The model's loop nests, compiled from their Go source: each model kernel
// is a function of package eq's loops.go, the single run's own loop,
// translated statement by statement with every float64 a vector of the
// lanes (an element, 64 bytes) and every int a general-purpose register,
// so that a loop is written once, in Go, and the kernels cannot drift
// from it. The compiler knows the statements loops.go uses (its doc lists
// them) and fails, naming the file and line, on anything else.
//
// Ints are held as 8 times their value (the byte offset of a float64 at
// that index), so that x[i] of an array of elements is (x)(i*8) and of
// plain values (x)(i*1), with no instruction to scale the index. A
// product of two ints is therefore shifted back by 3.
//
// Registers: AX and BX are temporaries of one statement; the others hold
// variables (loop counters, pointers, induction variables, the
// parameters), assigned by a first pass that measures each variable's
// life and use (weighted by loop depth): the most used get registers, the
// rest frame slots, or for a parameter its own argument slot (ABI0 gives
// the callee its argument space; an int parameter is scaled there once).
// Within a loop, an index linear in the loop's counter (j*G + g) is an
// induction variable, and a slice x[lo:] with such an lo a pointer,
// stepped at each iteration rather than recomputed; a condition the loop
// does not change is decided before it (compile_loop.go, unswitch).

// temps are the temporaries; pool the registers variables are given.
var (
	temps = []string{"AX", "BX"}
	pool  = []string{"CX", "DX", "SI", "DI", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15"}
)

// gvar is a variable of the kernel held in a general-purpose register or
// a frame slot.
type gvar struct {
	id   int
	loc  string
	home string // a parameter's own argument slot, its place when not in a register
}

func (v *gvar) inReg() bool { return !strings.Contains(v.loc, "(") }

// life is what the first pass measures of a variable.
type life struct {
	start, end int
	weight     float64
	home       string
}

type bindKind int

const (
	bInt    bindKind = iota
	bBool            // 0 or 1 in a register
	bVec             // a float64 of every lane in a vector register
	bSlice           // a slice: base + off*8 (scaled off) + disp bytes
	bShared          // a float64 the same for every lane (broadcast)
)

type bind struct {
	kind   bindKind
	v      *gvar // bInt, bBool
	vec    val   // bVec
	elem   string
	elems  bool  // bSlice of elements (else plain values)
	base   *gvar // the address of value 0 (less disp)
	disp   int
	length func() string // bSlice: its length (scaled), as an operand
	shared string        // bShared: the argument's frame reference
}

type scope struct {
	names map[string]*bind
	gvars []*gvar
	vecs  []val
}

type loopCtx struct {
	cont, done string
	ivs        []*iv
	vars       map[string]bool // names declared or assigned in the loop
	stored     map[string]bool // slices stored to in the loop
}

// iv is an induction variable: expr (linear in the loop's counter) held
// in v, stepped by step at each iteration.
type iv struct {
	text  string
	binds []*bind
	v     *gvar
	step  ast.Expr
	scale int // a pointer's: bytes a scaled step moves it (8 for elements); 0 for an int
}

type compiler struct {
	a     *asm
	src   *equations // loops.go
	eqs   *equations // eq.go
	k     kernel
	pass  int
	lives []life
	locs  []string // pass 2: each variable's location
	next  int
	slots int
	tused [2]bool
	scope []*scope
	loops []*loopCtx
	preps map[ast.Expr]*prepared
	depth int
	nlbl  int
	cur   ast.Node       // the statement being written, for errors
	known map[string]int // conditions decided before the loop being written
}

// compileLoop writes kernel k, loops.go's function k.loop, at a's width.
func compileLoop(a *asm, k kernel, src *equations) (frameSize int, err error) {
	fd, ok := src.funcs[k.loop]
	if !ok {
		return 0, fmt.Errorf("loops.go has no function %s", k.loop)
	}
	// First pass: measure the variables; second: assign and write.
	c := &compiler{a: a, src: src, eqs: a.eqs, k: k, pass: 1, preps: map[ast.Expr]*prepared{}}
	lines := len(a.lines)
	c.function(fd)
	if a.err != nil {
		return 0, a.err
	}
	a.lines = a.lines[:lines]
	consts := sortedConsts(map[float64]bool(func() map[float64]bool {
		m := map[float64]bool{}
		for k := range a.consts {
			m[k] = true
		}
		return m
	}()))
	a.consts, a.used, a.maskUse = map[float64]val{}, make([]bool, len(a.used)), make([]bool, 7)
	// The constants first, before any branch: a constant first read in a
	// loop that runs no step would be unset after it.
	for _, k := range consts {
		a.konst(k)
	}
	c2 := &compiler{a: a, src: src, eqs: a.eqs, k: k, pass: 2, locs: c.assign(), preps: map[ast.Expr]*prepared{}, lives: c.lives}
	c2.slots = c.slots
	c2.function(fd)
	return 8 * c.slots, a.err
}

// assign gives registers to the variables by weight, each one not in use
// by another over its life, and frame slots to the rest.
func (c *compiler) assign() []string {
	order := make([]int, len(c.lives))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int {
		switch wx, wy := c.lives[x].weight, c.lives[y].weight; {
		case wx > wy:
			return -1
		case wx < wy:
			return 1
		}
		return 0
	})
	locs := make([]string, len(c.lives))
	held := map[string][]life{}
	c.slots = 0
	for _, id := range order {
		l := c.lives[id]
		for _, r := range pool {
			free := true
			for _, o := range held[r] {
				if l.start < o.end && o.start < l.end {
					free = false
					break
				}
			}
			if free {
				held[r] = append(held[r], l)
				locs[id] = r
				break
			}
		}
		if locs[id] == "" && l.home != "" {
			locs[id] = l.home
		}
		if locs[id] == "" {
			c.slots++
			locs[id] = fmt.Sprintf("v%d-%d(SP)", id, 8*c.slots)
		}
	}
	return locs
}

func (c *compiler) fail(n ast.Node, format string, args ...any) {
	if c.a.err == nil {
		c.a.err = fmt.Errorf("%s: eq.%s: %s", c.src.fset.Position(n.Pos()), c.k.loop, fmt.Sprintf(format, args...))
	}
}

// newVar makes a variable live from here to the end of the current scope.
func (c *compiler) newVar() *gvar { return c.newHomeVar("") }

// newHomeVar is newVar for a parameter whose argument slot home holds it
// (ABI0 gives the callee its argument space) where no register does.
func (c *compiler) newHomeVar(home string) *gvar {
	v := &gvar{id: c.next, home: home}
	c.next++
	if c.pass == 1 {
		c.lives = append(c.lives, life{start: len(c.a.lines), end: math.MaxInt, home: home})
		v.loc = "R15"
	} else {
		v.loc = c.locs[v.id]
	}
	s := c.scope[len(c.scope)-1]
	s.gvars = append(s.gvars, v)
	return v
}

// use counts a read or write of v, by loop depth.
func (c *compiler) use(v *gvar) string {
	if c.pass == 1 {
		c.lives[v.id].weight += math.Pow(16, float64(c.depth))
	}
	return v.loc
}

func (c *compiler) temp() string {
	for i, u := range c.tused {
		if !u {
			c.tused[i] = true
			return temps[i]
		}
	}
	c.fail(c.cur, "out of temporary registers")
	return "AX"
}

func (c *compiler) untemp(rs ...string) {
	for _, r := range rs {
		if i := slices.Index(temps, r); i >= 0 {
			c.tused[i] = false
		}
	}
}

func (c *compiler) push() { c.scope = append(c.scope, &scope{names: map[string]*bind{}}) }

func (c *compiler) pop() {
	s := c.scope[len(c.scope)-1]
	c.scope = c.scope[:len(c.scope)-1]
	if c.pass == 1 {
		for _, v := range s.gvars {
			c.lives[v.id].end = len(c.a.lines)
		}
	}
	c.a.drop(s.vecs...)
}

func (c *compiler) define(name string, b *bind) {
	if name == "_" {
		return
	}
	c.scope[len(c.scope)-1].names[name] = b
	if b.kind == bVec {
		c.scope[len(c.scope)-1].vecs = append(c.scope[len(c.scope)-1].vecs, b.vec)
	}
}

func (c *compiler) lookup(name string) *bind {
	for i := len(c.scope) - 1; i >= 0; i-- {
		if b, ok := c.scope[i].names[name]; ok {
			return b
		}
	}
	return nil
}

func (c *compiler) label() string {
	c.nlbl++
	return c.a.label(fmt.Sprintf("%s%d_", c.k.name, c.nlbl))
}

// function writes fd's body with its parameters bound to the kernel's
// arguments.
func (c *compiler) function(fd *ast.FuncDecl) {
	c.push()
	a := c.a
	// The ints scaled by 8 in their own argument slots, once (AVX2's
	// second half finds them so).
	for _, f := range fd.Type.Params.List {
		for _, n := range f.Names {
			if typeName(f.Type) == "int" && a.half == 0 {
				a.p("SHLQ $3, %s", a.argRef(n.Name, ""))
			}
		}
	}
	for _, f := range fd.Type.Params.List {
		for _, n := range f.Names {
			name := n.Name
			switch t := typeName(f.Type); t {
			case "int":
				home := a.argRef(name, "")
				v := c.newHomeVar(home)
				c.init(v, func(r string) { a.p("MOVQ %s, %s", home, r) })
				c.define(name, &bind{kind: bInt, v: v})
			case "float64":
				if slices.Contains(c.k.shared, name) {
					c.define(name, &bind{kind: bShared, shared: a.argRef(name, "")})
					continue
				}
				r := c.temp()
				a.base(name, r)
				v := hold(a.load("(" + r + ")"))
				c.untemp(r)
				c.define(name, &bind{kind: bVec, vec: v})
			case "[]float64", "[]int", "[]bool":
				home := a.argRef(name, "base")
				v := c.newHomeVar(home)
				c.init(v, func(r string) { a.p("MOVQ %s, %s", home, r) })
				b := &bind{kind: bSlice, base: v, elem: t[2:],
					elems: t == "[]float64" && !slices.Contains(c.k.scalar, name)}
				if b.elems { // AVX2's second half: lanes 4-7
					b.disp = a.half * a.w.vbytes
				}
				c.define(name, b)
			default:
				c.fail(f, "a parameter of type %s", t)
			}
		}
	}
	c.block(fd.Body.List)
	c.pop()
}

// init sets variable v by set, through a temporary where v is in the
// frame; not at all if the first pass found it unused.
func (c *compiler) init(v *gvar, set func(r string)) {
	if c.pass == 2 && c.lives[v.id].weight == 0 || v.loc == v.home {
		return
	}
	if v.inReg() {
		set(v.loc)
		return
	}
	r := c.temp()
	set(r)
	c.a.p("MOVQ %s, %s", r, v.loc)
	c.untemp(r)
}

func typeName(x ast.Expr) string {
	switch t := x.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.ArrayType:
		return "[]" + typeName(t.Elt)
	}
	return "?"
}

// loopKernel completes the kernel of a loop: its Go signature is the
// loop's, with every float64 that is not shared one element ([]float64,
// a value a lane) and a float64 result stored to its ret parameter.
func loopKernel(k kernel, src *equations) (kernel, error) {
	fd, ok := src.funcs[k.loop]
	if !ok {
		return k, fmt.Errorf("loops.go has no function %s", k.loop)
	}
	var params []string
	for _, f := range fd.Type.Params.List {
		t := typeName(f.Type)
		for _, n := range f.Names {
			pt := t
			if t == "float64" && !slices.Contains(k.shared, n.Name) {
				pt = "[]float64"
			}
			params = append(params, n.Name+" "+pt)
		}
	}
	if fd.Type.Results != nil && k.ret == "" {
		return k, fmt.Errorf("%s: eq.%s has a result: name the parameter it is stored to (ret)", src.fset.Position(fd.Pos()), k.loop)
	}
	k.params = strings.Join(params, ", ")
	k.doc = "eq." + k.loop + " for each lane"
	return k, nil
}
