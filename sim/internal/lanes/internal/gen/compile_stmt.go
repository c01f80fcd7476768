package main

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
)

// The compiler's statements: assignments, stores, switch, clear and the
// calls of another loop (compile.go says how values are held).

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
		if len(s.Results) != 1 || c.k.ret == "" || len(c.loops) > 0 {
			c.fail(s, "a return other than of the kernel's one result, at the end")
			return
		}
		v := a.reg(c.float(s.Results[0]))
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
	// AVX2 run twice (once for each half of the lanes): the first run
	// clears whole elements and the second has nothing left to clear (the
	// first never writes the second's lanes).
	twice := a.w != avx512 && !a.pairs
	if twice && a.half > 0 {
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
	if twice {
		a.store(z, fmt.Sprintf("%d(%s)", a.w.vbytes, p))
	}
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
