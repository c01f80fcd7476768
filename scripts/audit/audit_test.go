package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestChecks: each check over a small module written for it finds exactly
// the lines planted there.
func TestChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds a module's export data with go list (a few seconds)")
	}
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n\ngo 1.24\n")
	write("a/a.go", `package a

import (
	"errors"
	"fmt"
)

// Limit is a setting a caller might write.
var Limit int

var cache []int

func init() { cache = []int{1} }

func Wrap(err error) error {
	if err != nil {
		return fmt.Errorf("read: %v", err) // found: line 17
	}
	e := errors.New("x")
	_ = fmt.Errorf("%s and %w", e.Error(), e) // found: line 20, the %s
	return fmt.Errorf("fine: %w, %d", err, 3)
}
`)
	write("b/b.go", `package b

import "example.com/m/a"

func Set() {
	a.Limit = 5
	if true {
		a.Limit++
	}
}
`)
	pkgs, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	wrap := wrapFindings(pkgs)
	if len(wrap) != 2 || !strings.Contains(wrap[0], "a.go:17: Errorf formats an error with %v") || !strings.Contains(wrap[1], "a.go:20: Errorf formats an error with %s") {
		t.Errorf("wrap found %q, want a.go:17 (%%v) and a.go:20 (%%s)", wrap)
	}
	globals := globalWrites(pkgs)
	slices.Sort(globals)
	want := []string{"a.go:13: a.cache assigned in init (its own package)", "b.go:6: a.Limit assigned in Set (ANOTHER PACKAGE)", "b.go:8: a.Limit incremented in Set (ANOTHER PACKAGE)"}
	if len(globals) != len(want) {
		t.Fatalf("globals found %q, want %q", globals, want)
	}
	for i := range want {
		if !strings.HasSuffix(globals[i], want[i]) {
			t.Errorf("globals[%d] = %q, want ...%q", i, globals[i], want[i])
		}
	}
	if long := longFunctions(pkgs, 7); len(long) != 1 || !strings.HasSuffix(long[0], "Wrap: 8 lines, complexity 2") {
		t.Errorf("long 7 found %q, want Wrap (8 lines, complexity 2)", long)
	}
}

func TestPrintfVerbs(t *testing.T) {
	if got := string(printfVerbs("%s: %5.2f%% of %[1]v, %-8w %q")); got != "sfvwq" {
		t.Errorf("verbs %q, want sfvwq", got)
	}
}
