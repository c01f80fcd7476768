package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadFromFile: a relative path is taken from the folder of the file
// that names it (Options.From), or from the working directory; a path
// that names no file says where it looked and the fix; a name that is not
// shipped but is a file beside it is pointed to.
func TestLoadFromFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a", "mine.toml"), []byte("name = \"my-region\"\nextends = \"agreement\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	from := filepath.Join(dir, "a", "exp.toml")
	sc, err := LoadWith("mine.toml", Options{From: from})
	if err != nil || sc.Name != "my-region" {
		t.Fatalf("mine.toml from %s: %v", from, err)
	}
	t.Chdir(dir)
	if _, err := LoadWith("a/mine.toml", Options{}); err != nil {
		t.Errorf("a/mine.toml from the working directory: %v", err)
	}
	for _, c := range []struct {
		ref  string
		o    Options
		want []string
	}{
		{"nope.toml", Options{From: from}, []string{`scenario file "nope.toml" not found (looked for ` + filepath.Join(dir, "a", "nope.toml") + ")", "give its path from the folder of"}},
		{"mine.toml", Options{}, []string{`scenario file "mine.toml" not found`, "give its path from the working directory"}},
		{"mine", Options{From: from}, []string{`no shipped scenario "mine"`, `did you mean the file "mine.toml"`}},
	} {
		_, err := LoadWith(c.ref, c.o)
		for _, w := range c.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s from %q: %v\nwant %q", c.ref, c.o.From, err, w)
			}
		}
	}
}
