package main

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strconv"
	"strings"
)

// The compiler's loops: ranges and for loops, what each loop changes,
// the operands prepared before it, its induction variables and its
// unswitched conditions.

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
			c.rangeValue(ident(s.Value), sl, counter, uses(s.Body, ident(s.Value)))
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

// rangeValue defines name as the counter's value of slice sl, read
// where it is used if it is used once (reads times in the body).
func (c *compiler) rangeValue(name string, sl *bind, counter *gvar, reads int) {
	a := c.a
	if sl.elem == "float64" {
		base, idx := c.reg(sl.base), c.reg(counter)
		m := memOp(sl.disp, base, idx, c.scale(sl))
		if sl.elems && sl.base.inReg() && counter.inReg() && reads == 1 {
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

// uses counts the reads of name in body.
func uses(body ast.Node, name string) int {
	n := 0
	ast.Inspect(body, func(x ast.Node) bool {
		if id, ok := x.(*ast.Ident); ok && id.Name == name {
			n++
		}
		return true
	})
	return n
}
