package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"strconv"
)

// The equations, read from package eq's source: each function becomes an
// expression over its parameters that the kernels instantiate with their
// operands. The generator knows the forms eq.go uses (its doc says so):
//
//	return E                       E of + - * /, float64(...), constants,
//	                               parameters and calls of eq's functions
//	if p < q { return p }; return q   (and > ; either result order): min
//	                               or max, as MINPD and MAXPD define them
//	if A op B { return X }; return Y  a compare and a blend
//
// and fails, naming the function and line, on anything else, so that an
// equation the vector code cannot follow is never silently mistranslated.

type equations struct {
	fset  *token.FileSet
	funcs map[string]*ast.FuncDecl
}

func parseEquations(filename string, src []byte) (*equations, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, 0)
	if err != nil {
		return nil, err
	}
	eqs := &equations{fset: fset, funcs: map[string]*ast.FuncDecl{}}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
			eqs.funcs[fd.Name.Name] = fd
		}
	}
	return eqs, nil
}

// kinds of expression nodes.
const (
	nLeaf  = iota // an operand given by the kernel
	nConst        // a literal
	nBin          // + - * /
	nMin          // x[0] < x[1] ? x[0] : x[1] (MINPD's definition, NaN and ties: x[1])
	nMax          // x[0] > x[1] ? x[0] : x[1]
	nSel          // x[0] op x[1] ? x[2] : x[3]
)

type node struct {
	kind int
	op   string // nBin: + - * /; nSel: the comparison
	x    []*node
	c    float64 // nConst

	inv    bool // invariant: computable before the loop the kernel prepares it for
	pinned bool // evaluated once, before the loop (v holds it)
	owned  bool // v is a register this equation computed
	done   bool
	v      val
	uses   int
	get    func() (val, []string) // a leaf of a compiled loop: reads its operand
}

// instantiate returns the expression of eq's function name applied to args.
func (e *equations) instantiate(name string, args []*node) (*node, error) {
	fd, ok := e.funcs[name]
	if !ok {
		return nil, fmt.Errorf("eq.go has no function %s", name)
	}
	var params []string
	for _, f := range fd.Type.Params.List {
		for _, n := range f.Names {
			params = append(params, n.Name)
		}
	}
	if len(params) != len(args) {
		return nil, fmt.Errorf("eq.%s takes %d operands, the kernel gives %d", name, len(params), len(args))
	}
	env := map[string]*node{}
	for i, p := range params {
		env[p] = args[i]
	}
	body := fd.Body.List
	fail := func(n ast.Node, what string) error {
		return fmt.Errorf("%s: eq.%s: %s: the generator knows return E and if A op B { return X }; return Y",
			e.fset.Position(n.Pos()), name, what)
	}
	switch {
	case len(body) == 1:
		r, ok := body[0].(*ast.ReturnStmt)
		if !ok || len(r.Results) != 1 {
			return nil, fail(body[0], "a statement other than one return")
		}
		return e.expr(name, r.Results[0], env)
	case len(body) == 2:
		is, ok1 := body[0].(*ast.IfStmt)
		r2, ok2 := body[1].(*ast.ReturnStmt)
		if !ok1 || !ok2 || is.Init != nil || is.Else != nil || len(is.Body.List) != 1 || len(r2.Results) != 1 {
			return nil, fail(body[0], "a statement the generator does not know")
		}
		r1, ok := is.Body.List[0].(*ast.ReturnStmt)
		if !ok || len(r1.Results) != 1 {
			return nil, fail(is.Body, "an if whose body is not one return")
		}
		cond, ok := unparen(is.Cond).(*ast.BinaryExpr)
		if !ok {
			return nil, fail(is.Cond, "a condition other than a comparison")
		}
		a, b := unparen(cond.X), unparen(cond.Y)
		x, y := unparen(r1.Results[0]), unparen(r2.Results[0])
		// min and max: one instruction, whose result for NaN and ties
		// (its second source) is the function's own.
		if ident(a) != "" && ident(b) != "" && (cond.Op == token.LSS || cond.Op == token.GTR) {
			p, q := ident(a), ident(b)
			var kind int
			var first, second string
			switch {
			case ident(x) == p && ident(y) == q: // a op b ? a : b
				first, second = p, q
				kind = map[token.Token]int{token.LSS: nMin, token.GTR: nMax}[cond.Op]
			case ident(x) == q && ident(y) == p: // a op b ? b : a, i.e. b op' a ? b : a
				first, second = q, p
				kind = map[token.Token]int{token.LSS: nMax, token.GTR: nMin}[cond.Op]
			}
			if first != "" {
				f, err := e.expr(name, ast.NewIdent(first), env)
				if err != nil {
					return nil, err
				}
				s, err := e.expr(name, ast.NewIdent(second), env)
				if err != nil {
					return nil, err
				}
				return &node{kind: kind, x: []*node{f, s}}, nil
			}
		}
		switch cond.Op {
		case token.LSS, token.GTR, token.LEQ, token.GEQ, token.EQL, token.NEQ:
		default:
			return nil, fail(cond, "a condition other than a comparison")
		}
		var ns []*node
		for _, x := range []ast.Expr{a, b, x, y} {
			n, err := e.expr(name, x, env)
			if err != nil {
				return nil, err
			}
			ns = append(ns, n)
		}
		return &node{kind: nSel, op: cond.Op.String(), x: ns}, nil
	}
	return nil, fail(fd, "a body of more than two statements")
}

func (e *equations) expr(name string, x ast.Expr, env map[string]*node) (*node, error) {
	fail := func(what string) error {
		return fmt.Errorf("%s: eq.%s: %s is not an operation the generator knows (+ - * /, float64(x), constants, calls of eq's functions)",
			e.fset.Position(x.Pos()), name, what)
	}
	switch x := x.(type) {
	case *ast.ParenExpr:
		return e.expr(name, x.X, env)
	case *ast.Ident:
		if n, ok := env[x.Name]; ok {
			return n, nil
		}
		return nil, fail("the name " + x.Name)
	case *ast.BasicLit:
		if x.Kind != token.INT && x.Kind != token.FLOAT {
			return nil, fail("the literal " + x.Value)
		}
		c, err := strconv.ParseFloat(x.Value, 64)
		if err != nil {
			return nil, fail("the literal " + x.Value)
		}
		return &node{kind: nConst, c: c}, nil
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO:
		default:
			return nil, fail("the operator " + x.Op.String())
		}
		l, err := e.expr(name, x.X, env)
		if err != nil {
			return nil, err
		}
		r, err := e.expr(name, x.Y, env)
		if err != nil {
			return nil, err
		}
		return &node{kind: nBin, op: x.Op.String(), x: []*node{l, r}}, nil
	case *ast.CallExpr:
		fn := ident(x.Fun)
		if fn == "float64" && len(x.Args) == 1 {
			// A conversion rounds to float64: every vector operation
			// does, so it is nothing here. It is what keeps a compiler
			// from fusing a*b + c, which the vector code never does.
			return e.expr(name, x.Args[0], env)
		}
		if _, ok := e.funcs[fn]; !ok || fn == "" {
			return nil, fail("the call of " + fmt.Sprint(fn))
		}
		var args []*node
		for _, a := range x.Args {
			n, err := e.expr(name, a, env)
			if err != nil {
				return nil, err
			}
			args = append(args, n)
		}
		return e.instantiate(fn, args)
	}
	return nil, fail(fmt.Sprintf("%T", x))
}

func unparen(x ast.Expr) ast.Expr {
	for {
		p, ok := x.(*ast.ParenExpr)
		if !ok {
			return x
		}
		x = p.X
	}
}

func ident(x ast.Expr) string {
	if id, ok := x.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// constName is the DATA symbol of a constant: 8 copies of it, so that it
// is a full vector operand at either width.
func constName(c float64) string {
	return fmt.Sprintf("k%016x<>", math.Float64bits(c))
}
