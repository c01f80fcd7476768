// Command audit reads the module's Go source, type-checked, for three
// kinds of drift that review keeps finding (docs/architecture.md, Code
// checks):
//
//	go run ./scripts/audit wrap     # an error formatted with a verb other than %w
//	go run ./scripts/audit globals  # writes to package-level variables outside their declaration
//	go run ./scripts/audit long 120 # functions longer than 120 lines, with their complexity
//
// wrap exits 1 when it finds any (CI runs it); the others list what they
// find for a reader to judge: a write in init or behind a sync.Once is a
// table built once, not a setting.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./scripts/audit wrap | globals | long [LINES]")
		os.Exit(2)
	}
	pkgs, err := load(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, "audit:", err)
		os.Exit(1)
	}
	var found []string
	switch os.Args[1] {
	case "wrap":
		found = wrapFindings(pkgs)
	case "globals":
		found = globalWrites(pkgs)
	case "long":
		limit := 120
		if len(os.Args) > 2 {
			if limit, err = strconv.Atoi(os.Args[2]); err != nil || limit < 1 {
				fmt.Fprintf(os.Stderr, "audit: long %q: give a number of lines\n", os.Args[2])
				os.Exit(2)
			}
		}
		found = longFunctions(pkgs, limit)
	default:
		fmt.Fprintf(os.Stderr, "audit: unknown check %q: wrap, globals or long\n", os.Args[1])
		os.Exit(2)
	}
	sort.Strings(found)
	for _, f := range found {
		fmt.Println(f)
	}
	if os.Args[1] == "wrap" && len(found) > 0 {
		fmt.Fprintf(os.Stderr, "audit: %d errors formatted without %%w: errors.Is and errors.As cannot see their cause\n", len(found))
		os.Exit(1)
	}
}

// pkg is one of the module's packages, parsed and type-checked.
type pkg struct {
	path  string
	fset  *token.FileSet
	files []*ast.File
	info  *types.Info
}

// load type-checks every package of the module in dir (non-test files)
// from source, its imports from the compiler's export data (go list
// -export).
func load(dir string) ([]*pkg, error) {
	cmd := exec.Command("go", "list", "-export", "-deps", "-json", "./...")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	type listed struct {
		ImportPath, Dir, Export string
		GoFiles                 []string
		Module                  *struct{ Main bool }
	}
	exports := map[string]string{}
	var mine []listed
	for dec := json.NewDecoder(bytes.NewReader(out)); ; {
		var l listed
		if err := dec.Decode(&l); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		exports[l.ImportPath] = l.Export
		if l.Module != nil && l.Module.Main {
			mine = append(mine, l)
		}
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) { return os.Open(exports[path]) })
	var pkgs []*pkg
	for _, l := range mine {
		p := &pkg{path: l.ImportPath, fset: fset, info: &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}}}
		for _, g := range l.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(l.Dir, g), nil, 0)
			if err != nil {
				return nil, err
			}
			p.files = append(p.files, f)
		}
		conf := types.Config{Importer: imp.(types.ImporterFrom)}
		if _, err := conf.Check(l.ImportPath, fset, p.files, p.info); err != nil {
			return nil, fmt.Errorf("%s: %w", l.ImportPath, err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

func (p *pkg) pos(n ast.Node) string {
	pos := p.fset.Position(n.Pos())
	wd, _ := os.Getwd()
	if rel, err := filepath.Rel(wd, pos.Filename); err == nil {
		pos.Filename = rel
	}
	return fmt.Sprintf("%s:%d", pos.Filename, pos.Line)
}

var errorType = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

// wrapFindings lists calls of a printf-like function whose name ends in
// "f" (fmt.Errorf, usage.Errorf, ...) that format an error, or an error's
// Error(), with a verb other than %w.
func wrapFindings(pkgs []*pkg) []string {
	var found []string
	for _, p := range pkgs {
		for _, f := range p.files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || !strings.HasSuffix(calleeName(call), "Errorf") && !strings.HasSuffix(calleeName(call), "usagef") {
					return true
				}
				fi := -1
				for i, a := range call.Args {
					if tv := p.info.Types[a]; tv.Value != nil && tv.Value.Kind() == constant.String {
						fi = i
						break
					}
				}
				if fi < 0 {
					return true
				}
				verbs := printfVerbs(constant.StringVal(p.info.Types[call.Args[fi]].Value))
				for j, a := range call.Args[fi+1:] {
					if j < len(verbs) && verbs[j] != 'w' && isError(p, a) {
						found = append(found, fmt.Sprintf("%s: %s formats an error with %%%c", p.pos(call), calleeName(call), verbs[j]))
					}
				}
				return true
			})
		}
	}
	return found
}

func calleeName(call *ast.CallExpr) string {
	switch fn := call.Fun.(type) {
	case *ast.SelectorExpr:
		return fn.Sel.Name
	case *ast.Ident:
		return fn.Name
	}
	return ""
}

// isError says whether a is an error value or a call of an error's Error.
func isError(p *pkg, a ast.Expr) bool {
	if tv := p.info.Types[a]; tv.Type != nil && types.Implements(tv.Type, errorType) {
		return true
	}
	if c, ok := a.(*ast.CallExpr); ok && len(c.Args) == 0 {
		if s, ok := c.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == "Error" {
			if tv := p.info.Types[s.X]; tv.Type != nil && types.Implements(tv.Type, errorType) {
				return true
			}
		}
	}
	return false
}

// printfVerbs returns the verb of each operand of a format, in order.
func printfVerbs(format string) []byte {
	var out []byte
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.[]*", format[i]) >= 0 {
			i++
		}
		if i < len(format) && format[i] != '%' {
			out = append(out, format[i])
		}
	}
	return out
}

// globalWrites lists every assignment, increment or address taken of a
// package-level variable outside its declaration, naming the function
// and whether the writer is another package.
func globalWrites(pkgs []*pkg) []string {
	var found []string
	eachFunc(pkgs, func(p *pkg, fd *ast.FuncDecl) {
		report := func(e ast.Expr, how string) {
			for {
				if x, ok := e.(*ast.IndexExpr); ok {
					e = x.X
				} else if x, ok := e.(*ast.ParenExpr); ok {
					e = x.X
				} else {
					break
				}
			}
			var id *ast.Ident
			switch x := e.(type) {
			case *ast.Ident:
				id = x
			case *ast.SelectorExpr:
				id = x.Sel
			}
			v, ok := p.info.Uses[id].(*types.Var)
			if id == nil || !ok || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
				return
			}
			where := "its own package"
			if v.Pkg().Path() != p.path {
				where = "ANOTHER PACKAGE"
			}
			found = append(found, fmt.Sprintf("%s: %s.%s %s in %s (%s)", p.pos(e), v.Pkg().Name(), v.Name(), how, fd.Name.Name, where))
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch s := n.(type) {
			case *ast.AssignStmt:
				for _, l := range s.Lhs {
					report(l, "assigned")
				}
			case *ast.IncDecStmt:
				report(s.X, "incremented")
			case *ast.UnaryExpr:
				if s.Op == token.AND {
					report(s.X, "address taken")
				}
			}
			return true
		})
	})
	return found
}

// longFunctions lists functions longer than limit lines with their
// cyclomatic complexity (1 + if, for, case, &&, ||).
func longFunctions(pkgs []*pkg, limit int) []string {
	var found []string
	eachFunc(pkgs, func(p *pkg, fd *ast.FuncDecl) {
		lines := p.fset.Position(fd.End()).Line - p.fset.Position(fd.Pos()).Line + 1
		if lines <= limit {
			return
		}
		c := 1
		ast.Inspect(fd, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.CommClause:
				c++
			case *ast.CaseClause:
				if x.List != nil {
					c++
				}
			case *ast.BinaryExpr:
				if x.Op == token.LAND || x.Op == token.LOR {
					c++
				}
			}
			return true
		})
		name := fd.Name.Name
		if fd.Recv != nil {
			t := fd.Recv.List[0].Type
			if s, ok := t.(*ast.StarExpr); ok {
				t = s.X
			}
			if id, ok := t.(*ast.Ident); ok {
				name = id.Name + "." + name
			}
		}
		found = append(found, fmt.Sprintf("%s: %s: %d lines, complexity %d", p.pos(fd), name, lines, c))
	})
	return found
}

// eachFunc calls fn with every function with a body of pkgs.
func eachFunc(pkgs []*pkg, fn func(*pkg, *ast.FuncDecl)) {
	for _, p := range pkgs {
		for _, f := range p.files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
					fn(p, fd)
				}
			}
		}
	}
}
