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

// The compiler's expressions: ints in general-purpose registers (8 times
// their value), slices and their addresses, conditions, and float64s as
// eq's expression trees over the lanes.

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
		switch {
		case root.kind == nConst && root.c == 0 && !math.Signbit(root.c):
			// x := 0.0: zeroed, not a register held for the constant
			if len(into) > 0 {
				c.a.zeroTo(into[0])
				return into[0]
			}
			return c.a.zero()
		case root.kind == nConst:
			v = c.a.konst(root.c)
		default:
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
