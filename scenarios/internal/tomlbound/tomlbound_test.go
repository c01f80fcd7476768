package tomlbound

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// depthOf is the oracle: the nesting of a decoded value, counting every
// table and array as a level (a scalar is 0).
func depthOf(v any) int {
	d := 0
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			d = max(d, depthOf(e))
		}
		return d + 1
	case []map[string]any:
		for _, e := range x {
			d = max(d, depthOf(e))
		}
		return d + 1
	case []any:
		for _, e := range x {
			d = max(d, depthOf(e))
		}
		return d + 1
	}
	return 0
}

// decodedDepth is the depth of the document's tables below its root.
func decodedDepth(t testing.TB, s string) (int, bool) {
	var m map[string]any
	if _, err := toml.Decode(s, &m); err != nil {
		return 0, false
	}
	return depthOf(m) - 1, true
}

func TestDepthAgainstDecoder(t *testing.T) {
	cases := []string{
		"a = 1\n",
		"a.b.c = 1\n",
		"[a.b]\nc.d = [1, [2, {e.f = 3}]]\n",
		"[[a]]\nb = 1\n[[a]]\nc.d = 2\n",
		"s = \"[[[[{{{{\"\nt = '''\n[[[[[\n'''\nu = \"\"\"a.b.c\"\"\"\n",
		"# [[[[[[[[[[\n[x] # {{{{\n'q.r'.s = 1\n",
		"a = [\n  [1],\n  [[2]],\n]\n",
		"x = {a = {b = {c = 1}}, d = 2}\n",
		"x = 1.5e3\ny = [0.1, 0.2, 0.3]\n",
	}
	for _, s := range cases {
		want, ok := decodedDepth(t, s)
		if !ok {
			t.Fatalf("%q does not decode", s)
		}
		got, err := scan(s)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%q: scanned depth %d, decoded %d", s, got, want)
		}
	}
}

// scan returns the depth checkDepth reaches, found by lowering the bound
// until it refuses: the scan's largest depth is the first refused + 1.
func scan(s string) (int, error) {
	for d := 0; d <= MaxDepth; d++ {
		if err := checkDepthAt([]byte(s), d); err == nil {
			return d, nil
		}
	}
	return -1, nil
}

func TestRefusedQuickly(t *testing.T) {
	cases := map[string]string{
		"3 million [":          "a = " + strings.Repeat("[", 3_000_000),
		"inline tables 10,000": "a = " + strings.Repeat("{b = ", 10_000) + "1" + strings.Repeat("}", 10_000),
		"dotted key 10,000":    "a" + strings.Repeat(".a", 10_000) + " = 1\n",
		"header 10,000":        "[a" + strings.Repeat(".a", 10_000) + "]\n",
		"headers":              strings.Repeat("[", 1000) + "a" + strings.Repeat("]", 1000),
	}
	for name, s := range cases {
		err := Check([]byte(s))
		le, ok := err.(*LimitError)
		if !ok || le.Depth != MaxDepth+1 || le.Line != 1 {
			t.Errorf("%s: %v, want a depth error at line 1", name, err)
		}
	}
	if err := Check(bytes.Repeat([]byte("# x\n"), MaxBytes/4+1)); !Is(err) || !strings.Contains(err.Error(), "8.4 MB, larger than the 8 MiB") {
		t.Errorf("a file of 8 MiB + 4 bytes: %v", err)
	}
}

func TestPosition(t *testing.T) {
	s := "x = \"\"\"\n\n\"\"\"\n" + "a = " + strings.Repeat("[", MaxDepth+5)
	le, ok := Check([]byte(s)).(*LimitError)
	if !ok || le.Line != 4 || le.Col != 5+MaxDepth {
		t.Fatalf("%+v, want line 4, col %d", le, 5+MaxDepth)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.toml")
	if err := os.WriteFile(big, make([]byte, MaxBytes+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(big); !Is(err) {
		t.Errorf("a file of MaxBytes+1: %v", err)
	}
	ok := filepath.Join(dir, "ok.toml")
	os.WriteFile(ok, []byte("a = 1\n"), 0o644)
	if b, err := ReadFile(ok); err != nil || string(b) != "a = 1\n" {
		t.Errorf("%q, %v", b, err)
	}
}

// TestShipped: every shipped TOML file of the repository is within the
// bounds, with room to spare.
func TestShipped(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	n := 0
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".toml") || strings.Contains(p, "testdata") {
			return nil
		}
		b, _ := os.ReadFile(p)
		n++
		if d, _ := scan(string(b)); d > 8 || d < 0 {
			t.Errorf("%s: depth %d", p, d)
		}
		return nil
	})
	if n < 15 {
		t.Errorf("%d shipped TOML files found", n)
	}
}

// FuzzCheck: the scan never panics, and what it lets through decodes (when
// it decodes) no deeper than its bound; the oracle is the decoder's value.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"a.b = [1, {c = 2}]\n", "[x.y]\nz = '''\n[[\n'''\n", "a = \"\\\"[[\"\n", "[[a.b]]\nc = {d = [[1]]}\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		if err := checkDepthAt(data, 6); err != nil {
			return
		}
		if d, ok := decodedDepth(t, string(data)); ok && d > 6 {
			t.Fatalf("%q: decoded depth %d passed a bound of 6", data, d)
		}
	})
}
