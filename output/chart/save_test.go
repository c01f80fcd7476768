package chart

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestParseFormatAndSize(t *testing.T) {
	for in, want := range map[string]Format{"png": PNG, "SVG": SVG, ".pdf": PDF} {
		got, err := ParseFormat(in)
		if err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseFormat("jpeg"); err == nil {
		t.Error(`ParseFormat("jpeg"): no error`)
	}
	for in, want := range map[string]Size{"slide": Slide, "Page": Page, "square": Square} {
		got, err := ParseSize(in)
		if err != nil || got != want {
			t.Errorf("ParseSize(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseSize("a4"); err == nil {
		t.Error(`ParseSize("a4"): no error`)
	}
	// Slide is 16:9; 1e-3 allows for the 14.2875 cm rounding of 25.4 * 9/16.
	if w, h := Slide.Dimensions(); abs(float64(w/h)-16.0/9) > 1e-3 {
		t.Errorf("slide aspect %v", w/h)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// Each format starts with its magic bytes; Save writes the file whole and
// leaves no temporary file behind.
func TestSave(t *testing.T) {
	m, s := stackedFixture()
	c, err := StackedArea(m, s)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		f     Format
		magic string
	}{{PNG, "\x89PNG"}, {SVG, "<?xml"}, {PDF, "%PDF"}} {
		path := filepath.Join(dir, "area."+tc.f.String())
		if err := c.Save(path, tc.f, Square); err != nil {
			t.Fatalf("%v: %v", tc.f, err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte(tc.magic)) {
			t.Errorf("%v: starts with %q", tc.f, b[:min(8, len(b))])
		}
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 3 { // before the saves below
		t.Errorf("directory holds %d files, want 3 (a temporary file left behind?)", len(ents))
	}
	if err := c.Save(filepath.Join(dir, "new", "dir", "c.svg"), SVG, Page); err != nil {
		t.Errorf("save into a new directory: %v", err)
	}
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)
	if err := c.Save(filepath.Join(blocker, "c.svg"), SVG, Page); err == nil {
		t.Error("save under a regular file: no error")
	}
	if err := c.Render(discard{}, Format(9), Page); err == nil {
		t.Error("unknown format: no error")
	}
}

// PNG is at twice screen density: a 16 cm page is 16/2.54*192 pixels wide.
func TestPNGDensity(t *testing.T) {
	m, s := stackedFixture()
	c, _ := StackedArea(m, s)
	var b bytes.Buffer
	if err := c.Render(&b, PNG, Page); err != nil {
		t.Fatal(err)
	}
	// The IHDR chunk holds the width at bytes 16..20.
	raw := b.Bytes()
	w := int(raw[16])<<24 | int(raw[17])<<16 | int(raw[18])<<8 | int(raw[19])
	if want := 16 / 2.54 * 192; abs(float64(w)-want) > 1 {
		t.Errorf("PNG width %d px, want %.0f", w, want)
	}
}
