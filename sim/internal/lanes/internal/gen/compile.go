package main

import (
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"math"
	"slices"
	"strconv"
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
// Registers: AX, BX and DX are temporaries of one statement; the others
// hold variables (loop counters, pointers, the parameters), assigned by
// a first pass that measures each variable's life and use (weighted by
// loop depth): the most used get registers, the rest live in the frame.
// Within a loop, an index linear in the loop's counter (j*G + g) is an
// induction variable, stepped at each iteration, not recomputed.

var temps = []string{"AX", "BX"}
var pool = []string{"CX", "DX", "SI", "DI", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15"}

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

func (c *compiler) block(list []ast.Stmt) {
	for _, s := range list {
		c.stmt(s)
	}
}

func (c *compiler) stmt(s ast.Stmt) {
	a := c.a
	c.cur = s
	switch s := s.(type) {
	case *ast.AssignStmt:
		c.assignStmt(s)
	case *ast.DeclStmt: // var a, b float64
		g, ok := s.Decl.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			c.fail(s, "a declaration other than var")
			return
		}
		for _, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			if typeName(vs.Type) != "float64" || len(vs.Values) > 0 {
				c.fail(s, "a var other than float64s set to zero")
				return
			}
			for _, n := range vs.Names {
				c.define(n.Name, &bind{kind: bVec, vec: hold(a.zero())})
			}
		}
	case *ast.RangeStmt:
		c.rangeStmt(s)
	case *ast.ForStmt:
		c.forStmt(s)
	case *ast.IfStmt:
		if s.Init != nil || s.Else != nil {
			c.fail(s, "an if with an init or an else")
			return
		}
		if v, ok := c.known["if "+exprText(s.Cond)]; ok {
			if v == 1 {
				c.push()
				c.block(s.Body.List)
				c.pop()
			}
			return
		}
		if len(s.Body.List) == 1 && len(c.loops) > 0 {
			if b, ok := s.Body.List[0].(*ast.BranchStmt); ok && b.Tok == token.CONTINUE && b.Label == nil {
				c.branch(s.Cond, true, c.loops[len(c.loops)-1].cont)
				return
			}
		}
		skip := c.label()
		c.branch(s.Cond, false, skip)
		c.push()
		c.block(s.Body.List)
		c.pop()
		a.lines = append(a.lines, skip+":")
	case *ast.BranchStmt:
		switch {
		case s.Tok == token.CONTINUE && s.Label == nil && len(c.loops) > 0:
			a.p("JMP %s", c.loops[len(c.loops)-1].cont)
		default:
			c.fail(s, "a %s the compiler does not know", s.Tok)
		}
	case *ast.SwitchStmt:
		c.switchStmt(s)
	case *ast.ExprStmt:
		call, ok := s.X.(*ast.CallExpr)
		if !ok {
			c.fail(s, "an expression statement that is not a call")
			return
		}
		if ident(call.Fun) == "clear" && len(call.Args) == 1 {
			c.clear(call.Args[0])
			return
		}
		c.inline(call)
	case *ast.ReturnStmt:
		if len(s.Results) != 1 || c.k.ret == "" {
			c.fail(s, "a return other than of the kernel's one result")
			return
		}
		v := c.float(s.Results[0])
		r := c.temp()
		a.base(c.k.ret, r)
		a.store(v, "("+r+")")
		a.free(v)
		c.untemp(r)
	default:
		c.fail(s, "a %T", s)
	}
}

// assignStmt: x := e, x = e, x += e and their lists; x = x[:n] (a bound
// for Go's checks) sets x's length.
func (c *compiler) assignStmt(s *ast.AssignStmt) {
	a := c.a
	if len(s.Lhs) != len(s.Rhs) {
		c.fail(s, "an assignment of %d values to %d", len(s.Rhs), len(s.Lhs))
		return
	}
	if s.Tok == token.ASSIGN && c.reslices(s) {
		return
	}
	switch s.Tok {
	case token.ADD_ASSIGN:
		if len(s.Lhs) != 1 {
			c.fail(s, "a += of several values")
			return
		}
		lhs, rhs := s.Lhs[0], s.Rhs[0]
		if b := c.lookup(ident(lhs)); b != nil && b.kind == bInt {
			op, tr := c.intOp(rhs)
			if !isReg(op) && !b.v.inReg() {
				t := c.temp()
				a.p("MOVQ %s, %s", op, t)
				c.untemp(tr...)
				op, tr = t, []string{t}
			}
			r := c.reg(b.v)
			a.p("ADDQ %s, %s", op, r)
			c.storeReg(b.v, r)
			c.untemp(tr...)
			return
		}
		x := c.float(rhs)
		if b := c.lookup(ident(lhs)); b != nil && b.kind == bVec {
			a.addTo(b.vec, x)
			return
		}
		m, tr := c.addrOf(lhs)
		a.addToMem(m, x)
		c.untemp(tr...)
		return
	case token.DEFINE, token.ASSIGN:
	default:
		c.fail(s, "the assignment %s", s.Tok)
		return
	}
	// x = e of one float variable: computed into its register.
	if s.Tok == token.ASSIGN && len(s.Lhs) == 1 {
		if b := c.lookup(ident(s.Lhs[0])); b != nil && b.kind == bVec {
			c.floatTo(s.Rhs[0], []val{b.vec})
			return
		}
	}
	// Evaluate every right-hand side, then assign (Go's order).
	type value struct {
		kind bindKind
		v    val
		b    *bind
		iop  string
		tr   []string
	}
	vals := make([]value, len(s.Rhs))
	for i, r := range s.Rhs {
		t := c.typeOf(r)
		if _, ok := s.Lhs[i].(*ast.IndexExpr); ok && t == "int" {
			t = c.typeOf(s.Lhs[i]) // x[i] = 0 of a float64 slice
		}
		switch t {
		case "float64":
			vals[i] = value{kind: bVec, v: c.float(r)}
		case "int":
			op, tr := c.intOp(r)
			vals[i] = value{kind: bInt, iop: op, tr: tr}
		case "slice":
			vals[i] = value{kind: bSlice, b: c.slice(r)}
		default:
			c.fail(r, "a value of unknown type")
			return
		}
	}
	for i, l := range s.Lhs {
		v := vals[i]
		name := ident(l)
		if s.Tok == token.DEFINE {
			switch v.kind {
			case bVec:
				if !v.v.temp || v.v.r < 0 {
					v.v = a.reg(v.v)
					if !v.v.temp {
						d := a.alloc()
						a.move(d, v.v)
						v.v = d
					}
				}
				c.define(name, &bind{kind: bVec, vec: hold(v.v)})
			case bInt:
				g := c.newVar()
				c.init(g, func(r string) {
					if r != v.iop {
						a.p("MOVQ %s, %s", v.iop, r)
					}
				})
				c.untemp(v.tr...)
				c.define(name, &bind{kind: bInt, v: g})
			case bSlice:
				c.define(name, v.b)
			}
			continue
		}
		// =
		if b := c.lookup(name); b != nil {
			switch {
			case b.kind == bVec && v.kind == bVec:
				r := a.reg(v.v)
				a.move(b.vec, r)
				a.free(r)
			case b.kind == bInt && v.kind == bInt:
				a.p("MOVQ %s, %s", v.iop, c.use(b.v))
				c.untemp(v.tr...)
			default:
				c.fail(l, "an assignment to %s the compiler does not know", name)
			}
			continue
		}
		if v.kind != bVec {
			c.fail(l, "a store of a non-float")
			return
		}
		r := a.reg(v.v)
		m, tr := c.addrOf(l)
		a.store(r, m)
		a.free(r)
		c.untemp(tr...)
	}
}

// reslices handles x, y = x[:n], y[:m]: only the lengths change.
func (c *compiler) reslices(s *ast.AssignStmt) bool {
	for i, l := range s.Lhs {
		se, ok := s.Rhs[i].(*ast.SliceExpr)
		if !ok || ident(se.X) == "" || ident(se.X) != ident(l) || se.Low != nil || se.High == nil {
			return false
		}
	}
	for i, l := range s.Lhs {
		b := c.lookup(ident(l))
		if b == nil || b.kind != bSlice {
			c.fail(l, "%s is not a slice", ident(l))
			return true
		}
		nb := *b
		nb.length = c.lengthOf(s.Rhs[i].(*ast.SliceExpr).High)
		c.scope[len(c.scope)-1].names[ident(l)] = &nb
	}
	return true
}

// lengthOf returns a length given by int expression x, evaluated where it
// is read, in the scope it was written in.
func (c *compiler) lengthOf(x ast.Expr) func() string {
	env := slices.Clone(c.scope)
	return func() string {
		saved := c.scope
		c.scope = env
		op, _ := c.intOp(x) // the caller frees temporaries by name
		c.scope = saved
		return op
	}
}

// typeOf infers an expression's type: float64, int, bool or slice.
func (c *compiler) typeOf(x ast.Expr) string {
	switch x := x.(type) {
	case *ast.ParenExpr:
		return c.typeOf(x.X)
	case *ast.BasicLit:
		if x.Kind == token.FLOAT {
			return "float64"
		}
		return "int"
	case *ast.Ident:
		b := c.lookup(x.Name)
		if b == nil {
			return "?"
		}
		return map[bindKind]string{bInt: "int", bBool: "bool", bVec: "float64", bShared: "float64", bSlice: "slice"}[b.kind]
	case *ast.SliceExpr:
		return "slice"
	case *ast.IndexExpr:
		b := c.lookup(rootName(x.X))
		if b == nil || b.kind != bSlice {
			return "?"
		}
		return b.elem
	case *ast.CallExpr:
		switch fn := ident(x.Fun); fn {
		case "len":
			return "int"
		case "float64":
			return "float64"
		case "min", "max":
			return c.typeOf(x.Args[1])
		default:
			if _, ok := c.eqs.funcs[fn]; ok {
				return "float64"
			}
		}
	case *ast.BinaryExpr:
		if t := c.typeOf(x.X); t != "int" {
			return t
		}
		return c.typeOf(x.Y)
	}
	return "?"
}

// rootName is the variable an index or slice expression reads.
func rootName(x ast.Expr) string {
	for {
		switch y := x.(type) {
		case *ast.SliceExpr:
			x = y.X
		case *ast.ParenExpr:
			x = y.X
		default:
			return ident(x)
		}
	}
}

// slice returns the binding of a slice expression: x, x[lo:], x[lo:hi],
// x[:n].
func (c *compiler) slice(x ast.Expr) *bind {
	a := c.a
	switch x := x.(type) {
	case *ast.ParenExpr:
		return c.slice(x.X)
	case *ast.Ident:
		b := c.lookup(x.Name)
		if b == nil || b.kind != bSlice {
			c.fail(x, "%s is not a slice", x.Name)
			return &bind{kind: bSlice}
		}
		return b
	case *ast.SliceExpr:
		b := c.slice(x.X)
		if x.Slice3 {
			c.fail(x, "a three-index slice")
			return b
		}
		nb := *b
		if x.High != nil {
			if x.Low == nil {
				nb.length = c.lengthOf(x.High)
			} else {
				lo, hi := x.Low, x.High
				nb.length = c.lengthOf(&ast.BinaryExpr{X: hi, Op: token.SUB, Y: lo})
			}
		} else if x.Low != nil && b.length != nil {
			old, lo := b.length, c.lengthOf(x.Low)
			nb.length = func() string {
				t := c.temp()
				n := old()
				c.a.p("MOVQ %s, %s", n, t)
				c.untemp(n)
				o := lo()
				c.a.p("SUBQ %s, %s", o, t)
				c.untemp(o)
				return t
			}
		} else if x.Low != nil {
			nb.length = nil
		}
		if x.Low == nil {
			return &nb
		}
		if n, ok := c.constInt(x.Low); ok {
			nb.disp += n * c.stride(b)
			return &nb
		}
		if p := c.pointerOf(x); p != nil {
			nb.base, nb.disp = p, 0
			return &nb
		}
		// A new pointer: base + disp + lo, through r and one temporary.
		v := c.newVar()
		c.init(v, func(r string) {
			op, tr := c.intOp(x.Low)
			if !isReg(op) || !b.base.inReg() {
				a.p("MOVQ %s, %s", op, r)
				c.untemp(tr...)
				op, tr = r, nil
			}
			base := c.reg(b.base)
			a.p("LEAQ %s, %s", memOp(b.disp, base, op, c.scale(b)), r)
			c.untemp(base)
			c.untemp(tr...)
		})
		nb.base, nb.disp = v, 0
		return &nb
	}
	c.fail(x, "a slice expression the compiler does not know")
	return &bind{kind: bSlice}
}

// stride is the bytes of one value of slice b.
func (c *compiler) stride(b *bind) int {
	if b.elems {
		return elem
	}
	if b.elem == "bool" {
		return 1
	}
	return 8
}

// scale is the index scale of slice b for a scaled (8x) index.
func (c *compiler) scale(b *bind) int {
	if b.elems {
		return 8
	}
	return 1 // bool: handled apart
}

func isReg(op string) bool { return !strings.ContainsAny(op, "($") }

func memOp(disp int, base, index string, scale int) string {
	s := "(" + base + ")"
	if index != "" {
		s += fmt.Sprintf("(%s*%d)", index, scale)
	}
	if disp != 0 {
		s = strconv.Itoa(disp) + s
	}
	return s
}

// reg returns v's register, loading it into a temporary if v is in the
// frame (the caller frees it with untemp).
func (c *compiler) reg(v *gvar) string {
	loc := c.use(v)
	if v.inReg() {
		return loc
	}
	t := c.temp()
	c.a.p("MOVQ %s, %s", loc, t)
	return t
}

// storeReg writes v back to its frame slot from r (reg's temporary) after
// a change, and frees r.
func (c *compiler) storeReg(v *gvar, r string) {
	if !v.inReg() {
		c.a.p("MOVQ %s, %s", r, v.loc)
		c.untemp(r)
	}
}

func (c *compiler) constInt(x ast.Expr) (int, bool) {
	if l, ok := unparen(x).(*ast.BasicLit); ok && l.Kind == token.INT {
		n, err := strconv.Atoi(l.Value)
		return n, err == nil
	}
	return 0, false
}

// addrOf returns the memory operand of x[i] and the temporaries it holds.
func (c *compiler) addrOf(x ast.Expr) (string, []string) {
	ix, ok := x.(*ast.IndexExpr)
	if !ok {
		c.fail(x, "a store to something other than x[i]")
		return "(AX)", nil
	}
	b := c.slice(ix.X)
	var tr []string
	base := c.reg(b.base)
	if !b.base.inReg() {
		tr = append(tr, base)
	}
	disp := b.disp
	if n, ok := c.constInt(ix.Index); ok {
		return memOp(disp+n*c.stride(b), base, "", 0), tr
	}
	op, itr := c.index(ix.Index)
	tr = append(tr, itr...)
	if b.elem == "bool" {
		t := c.temp()
		c.a.p("MOVQ %s, %s", op, t)
		c.a.p("SHRQ $3, %s", t)
		c.untemp(itr...)
		tr = append(tr, t)
		op = t
	}
	return memOp(disp, base, op, c.scale(b)), tr
}

// index returns i in a register.
func (c *compiler) index(i ast.Expr) (string, []string) {
	op, tr := c.intOp(i)
	if isReg(op) {
		return op, tr
	}
	t := c.temp()
	c.a.p("MOVQ %s, %s", op, t)
	c.untemp(tr...)
	return t, []string{t}
}

// intOp returns int expression x as an operand (a register, a frame slot
// or an immediate) and the temporaries it holds.
func (c *compiler) intOp(x ast.Expr) (string, []string) {
	x = unparen(x)
	if n, ok := c.constInt(x); ok {
		return fmt.Sprintf("$%d", 8*n), nil
	}
	if v := c.ivOf(x); v != nil {
		return c.use(v), nil
	}
	if id, ok := x.(*ast.Ident); ok {
		b := c.lookup(id.Name)
		if b == nil || (b.kind != bInt && b.kind != bBool) {
			c.fail(x, "%s is not an int", id.Name)
			return "$0", nil
		}
		return c.use(b.v), nil
	}
	if call, ok := x.(*ast.CallExpr); ok && ident(call.Fun) == "len" && len(call.Args) == 1 {
		b := c.slice(call.Args[0])
		if b.length == nil {
			c.fail(x, "the length of %s, which the compiler does not know (bound it: x = x[:n])", rootName(call.Args[0]))
			return "$0", nil
		}
		op := b.length()
		if slices.Contains(temps, op) {
			return op, []string{op}
		}
		return op, nil
	}
	t := c.temp()
	c.intInto(x, t)
	return t, []string{t}
}

// intInto evaluates int expression x into register r.
func (c *compiler) intInto(x ast.Expr, r string) {
	a := c.a
	x = unparen(x)
	switch y := x.(type) {
	case *ast.BinaryExpr:
		switch y.Op {
		case token.ADD, token.SUB, token.MUL:
		default:
			c.fail(x, "the int operator %s", y.Op)
			return
		}
		c.intInto(y.X, r)
		if n, ok := c.constInt(y.Y); ok && y.Op == token.MUL {
			a.p("IMULQ $%d, %s", n, r)
			return
		}
		op, tr := c.intOp(y.Y)
		switch y.Op {
		case token.ADD:
			a.p("ADDQ %s, %s", op, r)
		case token.SUB:
			a.p("SUBQ %s, %s", op, r)
		case token.MUL:
			if strings.HasPrefix(op, "$") {
				t := c.temp()
				a.p("MOVQ %s, %s", op, t)
				c.untemp(tr...)
				op, tr = t, []string{t}
			}
			a.p("IMULQ %s, %s", op, r)
			a.p("SARQ $3, %s", r)
		}
		c.untemp(tr...)
		return
	case *ast.CallExpr:
		if fn := ident(y.Fun); (fn == "min" || fn == "max") && len(y.Args) == 2 {
			c.intInto(y.Args[0], r)
			op, tr := c.intOp(y.Args[1])
			if !isReg(op) {
				t := c.temp()
				a.p("MOVQ %s, %s", op, t)
				c.untemp(tr...)
				op, tr = t, []string{t}
			}
			a.p("CMPQ %s, %s", r, op)
			if fn == "min" {
				a.p("CMOVQGT %s, %s", op, r)
			} else {
				a.p("CMOVQLT %s, %s", op, r)
			}
			c.untemp(tr...)
			return
		}
	case *ast.IndexExpr: // an int of a []int
		b := c.slice(y.X)
		if b.elem != "int" && b.elem != "bool" {
			break
		}
		m, tr := c.addrOf(y)
		if b.elem == "int" {
			a.p("MOVQ %s, %s", m, r)
			a.p("SHLQ $3, %s", r)
		} else {
			a.p("MOVBLZX %s, %s", m, r)
		}
		c.untemp(tr...)
		return
	}
	op, tr := c.intOp(x)
	if op != r {
		a.p("MOVQ %s, %s", op, r)
	}
	c.untemp(tr...)
}

// branch jumps to label when cond is want.
func (c *compiler) branch(cond ast.Expr, want bool, label string) {
	a := c.a
	cond = unparen(cond)
	if id, ok := cond.(*ast.Ident); ok {
		b := c.lookup(id.Name)
		if b == nil || b.kind != bBool {
			c.fail(cond, "%s is not a bool", id.Name)
			return
		}
		r := c.reg(b.v)
		a.p("TESTQ %s, %s", r, r)
		c.untemp(r)
		a.p(map[bool]string{true: "JNZ %s", false: "JZ %s"}[want], label)
		return
	}
	be, ok := cond.(*ast.BinaryExpr)
	jumps := map[token.Token]string{token.EQL: "JEQ", token.NEQ: "JNE", token.LSS: "JLT", token.LEQ: "JLE", token.GTR: "JGT", token.GEQ: "JGE"}
	not := map[token.Token]token.Token{token.EQL: token.NEQ, token.NEQ: token.EQL, token.LSS: token.GEQ, token.GEQ: token.LSS, token.GTR: token.LEQ, token.LEQ: token.GTR}
	if !ok || jumps[be.Op] == "" || c.typeOf(be.X) != "int" {
		c.fail(cond, "a condition other than an int comparison or a bool")
		return
	}
	op := be.Op
	if !want {
		op = not[op]
	}
	l, ltr := c.intOp(be.X)
	if !isReg(l) {
		t := c.temp()
		a.p("MOVQ %s, %s", l, t)
		c.untemp(ltr...)
		l, ltr = t, []string{t}
	}
	r, rtr := c.intOp(be.Y)
	a.p("CMPQ %s, %s", l, r)
	c.untemp(ltr...)
	c.untemp(rtr...)
	a.p("%s %s", jumps[op], label)
}

// float evaluates a float64 expression into a vector value (a temporary
// register, or a variable's register or a memory operand read as it is).
func (c *compiler) float(x ast.Expr) val { return c.floatTo(x, nil) }

// floatTo is float into into's register when given.
func (c *compiler) floatTo(x ast.Expr, into []val) val {
	if p, ok := c.preps[x]; ok && p != nil {
		return c.evalPrepared(p, into)
	}
	root, leaves := c.tree(x, nil)
	switch root.kind {
	case nLeaf, nConst:
		var v val
		if root.kind == nConst {
			v = c.a.konst(root.c)
		} else {
			v, _ = root.get()
		}
		if len(into) == 0 {
			return v
		}
		if v.r < 0 {
			c.a.vec("VMOVUPD", v, into[0])
		} else {
			c.a.move(into[0], v)
			c.a.free(v)
		}
		return into[0]
	}
	args := make([]val, len(leaves))
	for i, l := range leaves {
		l.inv, args[i] = false, vary
	}
	p := c.a.prepTree(root, leaves, args)
	v := c.evalPrepared(p, into)
	p.release()
	return v
}

// tree translates float expression x into eq's expression nodes; each
// leaf node's v is filled by get at evaluation. inv marks the leaves that
// loop l (if not nil) does not change.
func (c *compiler) tree(x ast.Expr, l *loopCtx) (*node, []*node) {
	var leaves []*node
	var gets []func() (val, []string)
	var walk func(x ast.Expr) *node
	mk := func(get func() (val, []string), inv bool) *node {
		n := &node{kind: nLeaf, inv: inv, done: true}
		leaves = append(leaves, n)
		gets = append(gets, get)
		return n
	}
	walk = func(x ast.Expr) *node {
		switch y := x.(type) {
		case *ast.ParenExpr:
			return walk(y.X)
		case *ast.BasicLit: // 0 or 0.0 alike
			v, err := strconv.ParseFloat(y.Value, 64)
			if err != nil {
				c.fail(x, "the literal %s", y.Value)
			}
			return &node{kind: nConst, c: v}
		case *ast.Ident:
			// A name the loop sets is read at each step (and may not be
			// declared yet where the loop is prepared).
			name := y.Name
			get := func() (val, []string) {
				b := c.lookup(name)
				switch {
				case b != nil && b.kind == bShared:
					return c.a.bcast(b.shared), nil
				case b != nil && b.kind == bVec:
					return ref(b.vec), nil
				}
				c.fail(y, "%s is not a float64", name)
				return c.a.konst(0), nil
			}
			if l != nil && l.vars[name] {
				return mk(get, false)
			}
			if b := c.lookup(name); b == nil || (b.kind != bVec && b.kind != bShared) {
				c.fail(x, "%s is not a float64", name)
				return &node{kind: nConst}
			}
			return mk(get, true)
		case *ast.IndexExpr:
			inv := l == nil || !(l.stored[rootName(y.X)] || c.mentions(y, l.vars))
			return mk(func() (val, []string) {
				b := c.slice(y.X)
				m, tr := c.addrOf(y)
				if !b.elems {
					v := c.a.bcast(m)
					c.untemp(tr...)
					return v, nil
				}
				if len(tr) > 0 {
					v := c.a.load(m)
					c.untemp(tr...)
					return v, nil
				}
				return mem(m), nil
			}, inv)
		case *ast.BinaryExpr:
			switch y.Op {
			case token.ADD, token.SUB, token.MUL, token.QUO:
			default:
				c.fail(x, "the float operator %s", y.Op)
				return &node{kind: nConst}
			}
			return &node{kind: nBin, op: y.Op.String(), x: []*node{walk(y.X), walk(y.Y)}}
		case *ast.CallExpr:
			fn := ident(y.Fun)
			switch {
			case fn == "float64" && len(y.Args) == 1:
				return walk(y.Args[0]) // every vector operation rounds to float64
			case (fn == "min" || fn == "max") && len(y.Args) == 2:
				// MINPD and MAXPD: Go's min and max but for NaN and
				// signed zeros (the second operand's then).
				k := map[string]int{"min": nMin, "max": nMax}[fn]
				return &node{kind: k, x: []*node{walk(y.Args[0]), walk(y.Args[1])}}
			}
			if _, ok := c.eqs.funcs[fn]; !ok {
				c.fail(x, "the call of %s, not an equation of eq.go", exprText(y.Fun))
				return &node{kind: nConst}
			}
			var args []*node
			for _, a := range y.Args {
				args = append(args, walk(a))
			}
			n, err := c.eqs.instantiate(fn, args)
			if err != nil {
				if c.a.err == nil {
					c.a.err = err
				}
				return &node{kind: nConst}
			}
			return n
		}
		c.fail(x, "a float64 expression the compiler does not know (%T)", x)
		return &node{kind: nConst}
	}
	root := walk(x)
	for i, n := range leaves {
		n.get = gets[i]
	}
	return root, leaves
}

// mentions reports whether x reads any of names.
func (c *compiler) mentions(x ast.Node, names map[string]bool) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && names[id.Name] {
			found = true
		}
		return !found
	})
	return found
}

// evalPrepared computes prepared expression x, reading its varying leaves.
func (c *compiler) evalPrepared(p *prepared, into []val) val {
	var args, owned []val
	for _, l := range p.leaves {
		if !l.inv {
			v, _ := l.get()
			args = append(args, v)
			if v.temp {
				owned = append(owned, v)
			}
		}
	}
	for i := range args {
		args[i].temp = false
	}
	v := p.into(into, args...)
	c.a.free(owned...)
	return v
}

// prepare sets up, before loop l's code, the float expressions its body
// computes with an equation (not those of loops within it): their parts
// that l does not change are computed once.
func (c *compiler) prepare(body []ast.Stmt, l *loopCtx) []*prepared {
	var out []*prepared
	var visit func(s ast.Stmt)
	exprs := func(xs []ast.Expr) {
		for _, x := range xs {
			if !c.hasEquation(x) {
				continue
			}
			root, leaves := c.tree(x, l)
			if c.a.err != nil {
				return
			}
			args := make([]val, len(leaves))
			var held []val // invariant operands read into registers over the loop
			anyVary := false
			for i, n := range leaves {
				if n.inv {
					v, _ := n.get()
					if v.r < 0 || v.temp {
						v = hold(c.a.reg(v))
						held = append(held, v)
					}
					args[i] = v
				} else {
					args[i], anyVary = vary, true
				}
			}
			if !anyVary {
				c.a.drop(held...)
				continue
			}
			p := c.a.prepTree(root, leaves, args)
			p.extra = held
			c.preps[x] = p
			out = append(out, p)
		}
	}
	visit = func(s ast.Stmt) {
		switch s := s.(type) {
		case *ast.AssignStmt:
			exprs(s.Rhs)
		case *ast.IfStmt:
			for _, t := range s.Body.List {
				visit(t)
			}
		case *ast.SwitchStmt:
			for _, cl := range s.Body.List {
				for _, t := range cl.(*ast.CaseClause).Body {
					visit(t)
				}
			}
		}
	}
	for _, s := range body {
		visit(s)
	}
	return out
}

func (c *compiler) hasEquation(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if _, ok := c.eqs.funcs[ident(call.Fun)]; ok {
				found = true
			}
		}
		return !found
	})
	return found
}

// changed lists the names a loop declares or assigns (its counters
// included) and the slices it stores to.
func changed(body ast.Node, extra ...ast.Expr) (vars, stored map[string]bool) {
	vars, stored = map[string]bool{}, map[string]bool{}
	for _, x := range extra {
		if x != nil && ident(x) != "" {
			vars[ident(x)] = true
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.AssignStmt:
			for _, l := range s.Lhs {
				if id := ident(l); id != "" {
					vars[id] = true
				} else if ix, ok := l.(*ast.IndexExpr); ok {
					stored[rootName(ix.X)] = true
				}
			}
		case *ast.RangeStmt:
			for _, x := range []ast.Expr{s.Key, s.Value} {
				if x != nil {
					vars[ident(x)] = true
				}
			}
		case *ast.ValueSpec:
			for _, n := range s.Names {
				vars[n.Name] = true
			}
		case *ast.CallExpr:
			if ident(s.Fun) == "clear" {
				stored[rootName(s.Args[0])] = true
			}
		}
		return true
	})
	return vars, stored
}

// rangeStmt: for i, v := range x (a slice) or for i := range n (an int),
// i counting from 0 by 1, v read at each step.
func (c *compiler) rangeStmt(s *ast.RangeStmt) {
	vars, _ := changed(s.Body, s.Key, s.Value)
	c.unswitch(s.Body, vars, func() { c.emitRange(s) })
}

func (c *compiler) emitRange(s *ast.RangeStmt) {
	a := c.a
	if s.Tok == token.ASSIGN {
		c.fail(s, "a range that assigns")
		return
	}
	c.push()
	l := &loopCtx{cont: c.label(), done: c.label()}
	l.vars, l.stored = changed(s.Body, s.Key, s.Value)
	counter := c.newVar()
	var sl *bind
	var limit string
	var ltr []string
	if c.typeOf(s.X) == "int" {
		limit, ltr = c.intOp(s.X)
	} else {
		sl = c.slice(s.X)
		if sl.length == nil {
			c.fail(s.X, "a range over a slice of unknown length (bound it: x = x[:n])")
			c.pop()
			return
		}
		limit = sl.length()
		if slices.Contains(temps, limit) {
			ltr = []string{limit}
		}
	}
	if slices.Contains(temps, limit) { // computed: held over the loop
		lv := c.newVar()
		c.init(lv, func(r string) { a.p("MOVQ %s, %s", limit, r) })
		c.untemp(ltr...)
		limit = c.use(lv)
	}
	c.init(counter, func(r string) { a.p("XORQ %s, %s", r, r) })
	head := c.label()
	// for an empty range, skip the loop
	cr := c.reg(counter)
	a.p("CMPQ %s, %s", cr, limit)
	c.untemp(cr)
	a.p("JGE %s", l.done)
	if k := ident(s.Key); k != "" && k != "_" {
		c.define(k, &bind{kind: bInt, v: counter})
	}
	l.ivs = c.inductions(s.Body, ident(s.Key), l.vars)
	preps := c.prepare(s.Body.List, l)
	c.loops = append(c.loops, l)
	c.depth++
	c.alignLoop(s.Body)
	a.lines = append(a.lines, head+":")
	c.push()
	if s.Value != nil && ident(s.Value) != "_" {
		if sl == nil {
			c.fail(s.Value, "a value in a range over an int")
		} else {
			c.rangeValue(ident(s.Value), sl, counter)
		}
	}
	c.block(s.Body.List)
	c.pop()
	a.lines = append(a.lines, l.cont+":")
	c.step(l)
	r := c.reg(counter)
	a.p("ADDQ $8, %s", r)
	if !counter.inReg() {
		a.p("MOVQ %s, %s", r, counter.loc)
	}
	a.p("CMPQ %s, %s", r, limit)
	c.untemp(r)
	a.p("JLT %s", head)
	c.depth--
	c.loops = c.loops[:len(c.loops)-1]
	a.lines = append(a.lines, l.done+":")
	c.unprepare(preps)
	c.pop()
}

// rangeValue defines name as the counter's value of slice sl.
func (c *compiler) rangeValue(name string, sl *bind, counter *gvar) {
	a := c.a
	if sl.elem == "float64" {
		base, idx := c.reg(sl.base), c.reg(counter)
		m := memOp(sl.disp, base, idx, c.scale(sl))
		if sl.elems && sl.base.inReg() && counter.inReg() {
			// read where it is used, as a memory operand
			c.scope[len(c.scope)-1].names[name] = &bind{kind: bVec, vec: mem(m)}
			return
		}
		var v val
		if sl.elems {
			v = a.load(m)
		} else {
			v = a.bcast(m)
		}
		c.untemp(base, idx)
		c.define(name, &bind{kind: bVec, vec: hold(v)})
		return
	}
	// An int or a bool, through r and one temporary: r = the index, then
	// the value at it.
	g := c.newVar()
	c.init(g, func(r string) {
		a.p("MOVQ %s, %s", c.use(counter), r)
		scale := 1
		if sl.elem == "bool" {
			a.p("SHRQ $3, %s", r)
		}
		base := c.reg(sl.base)
		if sl.elem == "int" {
			a.p("MOVQ %s, %s", memOp(sl.disp, base, r, scale), r)
			a.p("SHLQ $3, %s", r)
		} else {
			a.p("MOVBLZX %s, %s", memOp(sl.disp, base, r, scale), r)
		}
		c.untemp(base)
	})
	kind := bInt
	if sl.elem == "bool" {
		kind = bBool
	}
	c.define(name, &bind{kind: kind, v: g})
}

// forStmt: for x := init; x < limit; x += step, with the limit read once
// when the loop does not change it.
func (c *compiler) forStmt(s *ast.ForStmt) {
	vars, _ := changed(&ast.BlockStmt{List: []ast.Stmt{s.Init, s.Post, s.Body}})
	c.unswitch(s.Body, vars, func() { c.emitFor(s) })
}

func (c *compiler) emitFor(s *ast.ForStmt) {
	a := c.a
	c.push()
	if s.Init != nil {
		c.stmt(s.Init)
	}
	l := &loopCtx{cont: c.label(), done: c.label()}
	l.vars, l.stored = changed(s.Body)
	pv, _ := changed(&ast.BlockStmt{List: []ast.Stmt{s.Post}})
	for k := range pv {
		l.vars[k] = true
	}
	cond, ok := s.Cond.(*ast.BinaryExpr)
	if !ok || cond.Op != token.LSS || c.typeOf(cond.X) != "int" {
		c.fail(s, "a for whose condition is not x < limit")
		c.pop()
		return
	}
	limit := cond.Y
	if _, isConst := c.constInt(cond.Y); !isConst && ident(cond.Y) == "" && !c.mentions(cond.Y, l.vars) {
		lv := c.newVar()
		c.init(lv, func(r string) { c.intInto(cond.Y, r) })
		name := fmt.Sprintf("limit·%d", lv.id)
		c.define(name, &bind{kind: bInt, v: lv})
		limit = ast.NewIdent(name)
	}
	test := &ast.BinaryExpr{X: cond.X, Op: token.LSS, Y: limit}
	c.branch(test, false, l.done)
	preps := c.prepare(s.Body.List, l)
	c.loops = append(c.loops, l)
	c.depth++
	head := c.label()
	c.alignLoop(s.Body)
	a.lines = append(a.lines, head+":")
	c.push()
	c.block(s.Body.List)
	c.pop()
	a.lines = append(a.lines, l.cont+":")
	c.stmt(s.Post)
	c.branch(test, true, head)
	c.depth--
	c.loops = c.loops[:len(c.loops)-1]
	a.lines = append(a.lines, l.done+":")
	c.unprepare(preps)
	c.pop()
}

func (c *compiler) unprepare(ps []*prepared) {
	for _, p := range ps {
		p.release()
		c.a.drop(p.extra...)
	}
}

// inductions finds the indices in body linear in counter k (k*a + b, a
// and b unchanged by the loop) and makes each a variable, set here and
// stepped by a at each iteration (step).
func (c *compiler) inductions(body *ast.BlockStmt, k string, vars map[string]bool) []*iv {
	if k == "" || k == "_" {
		return nil
	}
	var out []*iv
	seen := map[string]bool{}
	consider := func(x ast.Expr) {
		x = unparen(x)
		if x == nil || ident(x) != "" {
			return
		}
		if _, ok := c.constInt(x); ok {
			return
		}
		coef, rest, ok := linear(x, k, vars)
		if !ok || coef == nil {
			return
		}
		text := exprText(x)
		if seen[text] {
			return
		}
		seen[text] = true
		v := &iv{text: text, step: coef}
		for _, name := range names(x) {
			v.binds = append(v.binds, c.lookup(name))
		}
		v.v = c.newVar()
		c.init(v.v, func(r string) {
			if rest == nil {
				c.a.p("XORQ %s, %s", r, r)
				return
			}
			c.intInto(rest, r)
		})
		out = append(out, v)
	}
	// x[lo:] with lo linear in k and x unchanged: a pointer, stepped.
	pointer := func(y *ast.SliceExpr) bool {
		b := c.lookup(ident(y.X))
		if y.Low == nil || b == nil || b.kind != bSlice || vars[ident(y.X)] || b.elem == "bool" {
			return false
		}
		coef, rest, ok := linear(y.Low, k, vars)
		if !ok || coef == nil {
			return false
		}
		text := "&" + exprText(y.X) + "[" + exprText(y.Low) + "]"
		if seen[text] {
			return true
		}
		seen[text] = true
		v := &iv{text: text, step: coef, scale: c.scale(b)}
		v.binds = append(v.binds, b)
		for _, name := range names(y.Low) {
			v.binds = append(v.binds, c.lookup(name))
		}
		v.v = c.newVar()
		c.init(v.v, func(r string) {
			if rest == nil {
				base := c.reg(b.base)
				c.a.p("LEAQ %d(%s), %s", b.disp, base, r)
				c.untemp(base)
				return
			}
			c.intInto(rest, r)
			base := c.reg(b.base)
			c.a.p("LEAQ %s, %s", memOp(b.disp, base, r, v.scale), r)
			c.untemp(base)
		})
		out = append(out, v)
		return true
	}
	inspect := func(n ast.Node) bool {
		switch y := n.(type) {
		case *ast.RangeStmt, *ast.ForStmt:
			return false // their own indices
		case *ast.IndexExpr:
			if c.typeOf(y.Index) == "int" {
				consider(y.Index)
			}
		case *ast.SliceExpr:
			if !pointer(y) {
				consider(y.Low)
			}
		}
		return true
	}
	for _, s := range body.List {
		ast.Inspect(s, inspect)
	}
	return out
}

// step adds each induction variable's step at the end of an iteration.
func (c *compiler) step(l *loopCtx) {
	for _, v := range l.ivs {
		if v.scale > 0 { // a pointer
			op, tr := c.intOp(v.step)
			r := c.reg(v.v)
			switch {
			case strings.HasPrefix(op, "$"):
				n, _ := strconv.Atoi(op[1:])
				c.a.p("ADDQ $%d, %s", n*v.scale, r)
			default:
				if !isReg(op) {
					t := c.temp()
					c.a.p("MOVQ %s, %s", op, t)
					c.untemp(tr...)
					op, tr = t, []string{t}
				}
				c.a.p("LEAQ (%s)(%s*%d), %s", r, op, v.scale, r)
			}
			c.storeReg(v.v, r)
			c.untemp(tr...)
			continue
		}
		op, tr := c.intOp(v.step)
		r := c.reg(v.v)
		if !isReg(op) && !v.v.inReg() {
			t := c.temp()
			c.a.p("MOVQ %s, %s", op, t)
			c.untemp(tr...)
			op, tr = t, []string{t}
		}
		c.a.p("ADDQ %s, %s", op, r)
		c.storeReg(v.v, r)
		c.untemp(tr...)
	}
}

// ivOf returns the induction variable of an enclosing loop that x is.
func (c *compiler) ivOf(x ast.Expr) *gvar {
	if len(c.loops) == 0 {
		return nil
	}
	text := ""
	for i := len(c.loops) - 1; i >= 0; i-- {
		for _, v := range c.loops[i].ivs {
			if text == "" {
				text = exprText(x)
			}
			if v.text != text || v.scale > 0 {
				continue
			}
			same := true
			for j, name := range names(x) {
				if c.lookup(name) != v.binds[j] {
					same = false
				}
			}
			if same {
				return v.v
			}
		}
	}
	return nil
}

// linear splits x as k*coef + rest, coef and rest not mentioning vars
// (nil for zero).
func linear(x ast.Expr, k string, vars map[string]bool) (coef, rest ast.Expr, ok bool) {
	x = unparen(x)
	switch y := x.(type) {
	case *ast.Ident:
		if y.Name == k {
			return &ast.BasicLit{Kind: token.INT, Value: "1"}, nil, true
		}
		if vars[y.Name] {
			return nil, nil, false
		}
		return nil, y, true
	case *ast.BasicLit:
		return nil, y, true
	case *ast.CallExpr:
		if ident(y.Fun) == "len" {
			for _, a := range y.Args {
				if vars[rootName(a)] {
					return nil, nil, false
				}
			}
			return nil, y, true
		}
	case *ast.BinaryExpr:
		c1, r1, ok1 := linear(y.X, k, vars)
		c2, r2, ok2 := linear(y.Y, k, vars)
		if !ok1 || !ok2 {
			return nil, nil, false
		}
		switch y.Op {
		case token.ADD, token.SUB:
			return combine(c1, c2, y.Op), combine(r1, r2, y.Op), true
		case token.MUL:
			switch {
			case c1 == nil && c2 == nil:
				return nil, x, true
			case c2 == nil:
				return mul(c1, y.Y), mul(r1, y.Y), true
			case c1 == nil:
				return mul(c2, y.X), mul(r2, y.X), true
			}
		}
	}
	return nil, nil, false
}

func combine(a, b ast.Expr, op token.Token) ast.Expr {
	switch {
	case b == nil:
		return a
	case a == nil && op == token.ADD:
		return b
	case a == nil:
		a = &ast.BasicLit{Kind: token.INT, Value: "0"}
	}
	return &ast.BinaryExpr{X: a, Op: op, Y: b}
}

func mul(a, b ast.Expr) ast.Expr {
	if a == nil {
		return nil
	}
	if l, ok := a.(*ast.BasicLit); ok && l.Value == "1" {
		return b
	}
	return &ast.BinaryExpr{X: a, Op: token.MUL, Y: b}
}

func exprText(x ast.Expr) string {
	var b strings.Builder
	printer.Fprint(&b, token.NewFileSet(), x)
	return b.String()
}

// names lists the identifiers x reads, in order.
func names(x ast.Expr) []string {
	var out []string
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name != "len" {
			out = append(out, id.Name)
		}
		return true
	})
	return out
}

// switchStmt: switch x { case 4: ...; fallthrough; ... default: ... } on
// an int.
func (c *compiler) switchStmt(s *ast.SwitchStmt) {
	a := c.a
	if s.Init != nil || s.Tag == nil {
		c.fail(s, "a switch other than on an int value")
		return
	}
	if v, ok := c.known["switch "+exprText(s.Tag)]; ok {
		for _, st := range s.Body.List[v:] {
			body, fall := clauseBody(st.(*ast.CaseClause))
			c.push()
			c.block(body)
			c.pop()
			if !fall {
				break
			}
		}
		return
	}
	end := c.label()
	var labels []string
	def := end
	for _, st := range s.Body.List {
		cl := st.(*ast.CaseClause)
		lbl := c.label()
		labels = append(labels, lbl)
		if cl.List == nil {
			def = lbl
			continue
		}
		for _, v := range cl.List {
			c.branch(&ast.BinaryExpr{X: s.Tag, Op: token.EQL, Y: v}, true, lbl)
		}
	}
	a.p("JMP %s", def)
	for i, st := range s.Body.List {
		cl := st.(*ast.CaseClause)
		a.lines = append(a.lines, labels[i]+":")
		body, fall := clauseBody(cl)
		c.push()
		c.block(body)
		c.pop()
		if !fall && i < len(s.Body.List)-1 {
			a.p("JMP %s", end)
		}
	}
	a.lines = append(a.lines, end+":")
}

// clear stores zeros over slice x.
func (c *compiler) clear(x ast.Expr) {
	a := c.a
	b := c.slice(x)
	if b.length == nil || !b.elems {
		c.fail(x, "clear of a slice of unknown length or not of elements")
		return
	}
	t := b.length()
	if !slices.Contains(temps, t) {
		n := t
		t = c.temp()
		a.p("MOVQ %s, %s", n, t)
	}
	p := c.temp()
	a.p("MOVQ %s, %s", c.use(b.base), p)
	if b.disp != 0 {
		a.p("ADDQ $%d, %s", b.disp, p)
	}
	z := a.zero()
	skip, loop := c.label(), c.label()
	a.p("TESTQ %s, %s", t, t)
	a.p("JLE %s", skip)
	a.lines = append(a.lines, loop+":")
	a.store(z, "("+p+")")
	a.p("ADDQ $%d, %s", elem, p)
	a.p("SUBQ $8, %s", t)
	a.p("JNZ %s", loop)
	a.lines = append(a.lines, skip+":")
	a.free(z)
	c.untemp(t, p)
}

// inline writes a call of a loops.go function with its parameters bound
// to the arguments.
func (c *compiler) inline(call *ast.CallExpr) {
	fd, ok := c.src.funcs[ident(call.Fun)]
	if !ok {
		c.fail(call, "the call of %s, not a function of loops.go", ident(call.Fun))
		return
	}
	var params []string
	for _, f := range fd.Type.Params.List {
		for _, n := range f.Names {
			params = append(params, n.Name)
		}
	}
	if len(params) != len(call.Args) || fd.Type.Results != nil {
		c.fail(call, "a call of %s the compiler cannot inline", fd.Name.Name)
		return
	}
	binds := make([]*bind, len(params))
	// Arguments evaluated in the caller's scope.
	outer := &scope{names: map[string]*bind{}}
	c.scope = append(c.scope, outer)
	for i, x := range call.Args {
		switch c.typeOf(x) {
		case "slice":
			binds[i] = c.slice(x)
		case "int":
			if id := ident(x); id != "" {
				binds[i] = c.lookup(id)
				continue
			}
			v := c.newVar()
			c.init(v, func(r string) { c.intInto(x, r) })
			binds[i] = &bind{kind: bInt, v: v}
		case "float64":
			if id := ident(x); id != "" {
				binds[i] = c.lookup(id)
				continue
			}
			v := c.float(x)
			binds[i] = &bind{kind: bVec, vec: hold(c.a.reg(v))}
			outer.vecs = append(outer.vecs, binds[i].vec)
		default:
			c.fail(x, "an argument of unknown type")
			return
		}
	}
	// The callee sees only its parameters.
	saved := c.scope
	c.scope = []*scope{outer, {names: map[string]*bind{}}}
	for i, p := range params {
		c.scope[1].names[p] = binds[i]
	}
	c.block(fd.Body.List)
	inner := c.scope[1]
	c.scope = saved
	if c.pass == 1 {
		for _, v := range inner.gvars {
			c.lives[v.id].end = len(c.a.lines)
		}
	}
	c.a.drop(inner.vecs...)
	c.pop() // outer
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

// clauseBody is a case's statements without its last fallthrough, and
// whether it falls through.
func clauseBody(cl *ast.CaseClause) ([]ast.Stmt, bool) {
	body := cl.Body
	if n := len(body); n > 0 {
		if b, ok := body[n-1].(*ast.BranchStmt); ok && b.Tok == token.FALLTHROUGH {
			return body[:n-1], true
		}
	}
	return body, false
}

// unswitch writes a loop (emit) once for each outcome of the first
// condition in its body that the loop does not change (vars): an if's
// condition or a switch's value, decided once before the loop rather than
// at every step (loop unswitching). Loops within the body keep theirs.
func (c *compiler) unswitch(body *ast.BlockStmt, vars map[string]bool, emit func()) {
	var found ast.Stmt
	ast.Inspect(body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch s := n.(type) {
		case *ast.RangeStmt, *ast.ForStmt, *ast.FuncLit:
			return n == ast.Node(body)
		case *ast.IfStmt:
			if _, ok := c.known["if "+exprText(s.Cond)]; !ok && !c.mentions(s.Cond, vars) && !isContinue(s) {
				found = s
			}
		case *ast.SwitchStmt:
			if _, ok := c.known["switch "+exprText(s.Tag)]; !ok && s.Tag != nil && !c.mentions(s.Tag, vars) {
				found = s
			}
		}
		return true
	})
	if found == nil {
		emit()
		return
	}
	if c.known == nil {
		c.known = map[string]int{}
	}
	a := c.a
	end := c.label()
	switch x := found.(type) {
	case *ast.IfStmt:
		key, other := "if "+exprText(x.Cond), c.label()
		c.branch(x.Cond, false, other)
		c.known[key] = 1
		c.unswitch(body, vars, emit)
		a.p("JMP %s", end)
		a.lines = append(a.lines, other+":")
		c.known[key] = 0
		c.unswitch(body, vars, emit)
		delete(c.known, key)
	case *ast.SwitchStmt:
		key := "switch " + exprText(x.Tag)
		labels := make([]string, len(x.Body.List))
		def := end
		for i, st := range x.Body.List {
			labels[i] = c.label()
			cl := st.(*ast.CaseClause)
			if cl.List == nil {
				def = labels[i]
			}
			for _, v := range cl.List {
				c.branch(&ast.BinaryExpr{X: x.Tag, Op: token.EQL, Y: v}, true, labels[i])
			}
		}
		if def == end { // no default: the loop as it is, no case taken
			def = c.label()
			a.p("JMP %s", def)
			a.lines = append(a.lines, def+":")
			c.known[key] = len(x.Body.List)
			c.unswitch(body, vars, emit)
			a.p("JMP %s", end)
		} else {
			a.p("JMP %s", def)
		}
		for i := range x.Body.List {
			a.lines = append(a.lines, labels[i]+":")
			c.known[key] = i
			c.unswitch(body, vars, emit)
			a.p("JMP %s", end)
		}
		delete(c.known, key)
	}
	a.lines = append(a.lines, end+":")
}

// isContinue reports whether if s's body is one continue (a jump to the
// loop's next step: nothing to gain by deciding it before).
func isContinue(s *ast.IfStmt) bool {
	if len(s.Body.List) != 1 {
		return false
	}
	b, ok := s.Body.List[0].(*ast.BranchStmt)
	return ok && b.Tok == token.CONTINUE
}

// pointerOf returns the pointer induction variable of an enclosing loop
// that x[lo:] is.
func (c *compiler) pointerOf(y *ast.SliceExpr) *gvar {
	if y.Low == nil || ident(y.X) == "" {
		return nil
	}
	text := "&" + exprText(y.X) + "[" + exprText(y.Low) + "]"
	for i := len(c.loops) - 1; i >= 0; i-- {
		for _, v := range c.loops[i].ivs {
			if v.text != text || v.scale == 0 || c.lookup(ident(y.X)) != v.binds[0] {
				continue
			}
			same := true
			for j, name := range names(y.Low) {
				if c.lookup(name) != v.binds[j+1] {
					same = false
				}
			}
			if same {
				return v.v
			}
		}
	}
	return nil
}

// alignLoop starts an innermost loop (one with no loop inside) on a
// 32-byte boundary, so that its steps' decoding does not depend on where
// the code before it ends.
func (c *compiler) alignLoop(body *ast.BlockStmt) {
	inner := true
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.RangeStmt, *ast.ForStmt:
			inner = false
		case *ast.ExprStmt: // a call inlined may hold loops
			if call, ok := n.(*ast.ExprStmt).X.(*ast.CallExpr); ok {
				if _, ok := c.src.funcs[ident(call.Fun)]; ok {
					inner = false
				}
			}
		}
		return inner
	})
	if inner {
		c.a.p("PCALIGN $32")
	}
}
