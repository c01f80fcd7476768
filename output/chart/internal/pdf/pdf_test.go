package pdf

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	libfonts "gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/vg"
)

// fonts holds the Liberation faces the charts draw with (gonum/plot adds
// the same collection to font.DefaultCache; without the plot package the
// test binary links 48 packages fewer).
var fonts = font.NewCache(libfonts.Collection())

func liberation(t *testing.T, bold bool) (font.Face, []byte) {
	t.Helper()
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: 10}
	if bold {
		f.Weight = xfont.WeightBold
	}
	face := fonts.Lookup(f, 10)
	var raw bytes.Buffer
	if _, err := face.Face.WriteSourceTo(nil, &raw); err != nil {
		t.Fatal(err)
	}
	return face, raw.Bytes()
}

// The subset, read by x/image's sfnt parser, draws the glyphs kept
// exactly as the whole font does (composite glyphs such as é included,
// whose components the subset must keep), has the same glyph ids, leaves
// every other glyph empty, and is smaller than a fifth of the font.
func TestSubset(t *testing.T) {
	for _, bold := range []bool{false, true} {
		face, raw := liberation(t, bold)
		var buf sfnt.Buffer
		orig := face.Face
		index := func(f *sfnt.Font, r rune) sfnt.GlyphIndex {
			g, err := f.GlyphIndex(&buf, r)
			if err != nil || g == 0 {
				t.Fatalf("no glyph for %q: %v", r, err)
			}
			return g
		}
		var keep []sfnt.GlyphIndex
		for _, r := range "US$1.2trn é€" {
			keep = append(keep, index(orig, r))
		}
		sub, err := subset(raw, keep)
		if err != nil {
			t.Fatal(err)
		}
		if len(sub) > len(raw)/5 {
			t.Errorf("subset is %d bytes of the font's %d", len(sub), len(raw))
		}
		sf, err := sfnt.Parse(sub)
		if err != nil {
			t.Fatalf("the subset does not parse: %v", err)
		}
		if sf.NumGlyphs() != orig.NumGlyphs() {
			t.Errorf("subset has %d glyphs, the font %d", sf.NumGlyphs(), orig.NumGlyphs())
		}
		ppem := fixed.Int26_6(orig.UnitsPerEm())
		outline := func(f *sfnt.Font, g sfnt.GlyphIndex) sfnt.Segments {
			s, err := f.LoadGlyph(&buf, g, ppem, nil)
			if err != nil {
				t.Fatalf("glyph %d: %v", g, err)
			}
			return append(sfnt.Segments(nil), s...)
		}
		comps := 0
		for _, g := range keep {
			want := outline(orig, g)
			if got := outline(sf, g); !reflect.DeepEqual(got, want) {
				t.Errorf("glyph %d differs in the subset", g)
			}
			if len(want) == 0 && g != index(orig, ' ') {
				t.Errorf("glyph %d has no outline", g)
			}
		}
		tables, _ := readTables(raw)
		for _, g := range keep {
			data := glyphData(t, tables, int(g))
			c, _ := components(data)
			comps += len(c)
		}
		if comps == 0 {
			t.Error("no composite glyph among those kept: the test does not cover components")
		}
		if got := outline(sf, index(orig, 'Z')); len(got) != 0 {
			t.Errorf("Z, not kept, has %d segments", len(got))
		}
	}
}

// glyphData returns glyph g's bytes from the tables of a font.
func glyphData(t *testing.T, tables map[string][]byte, g int) []byte {
	t.Helper()
	loca, glyf := tables["loca"], tables["glyf"]
	if tables["head"][51] == 1 {
		a, b := be32(loca[4*g:]), be32(loca[4*g+4:])
		return glyf[a:b]
	}
	a, b := 2*be16(loca[2*g:]), 2*be16(loca[2*g+2:])
	return glyf[a:b]
}

func be16(b []byte) int { return int(b[0])<<8 | int(b[1]) }
func be32(b []byte) int { return be16(b)<<16 | be16(b[2:]) }

// pdftoppm returns the path of poppler's rasteriser, skipping the test
// where it is missing (failing it under CI, which must run every rendering
// check).
func pdftoppm(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		const msg = "no pdftoppm (Debian poppler-utils); scripts/brief-check.sh installs it"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return bin
}

// Paths come out where vg puts them: a disc drawn as a full-turn arc, a
// quadratic and a cubic curve and a rotated square, rasterised by
// pdftoppm (poppler), cover the areas their geometry gives.
func TestPathAreas(t *testing.T) {
	bin := pdftoppm(t)
	const side = 200 // points, one pixel each at 72 dpi
	for _, tc := range []struct {
		name string
		draw func(c *Canvas)
		area float64 // square points
	}{
		{"disc", func(c *Canvas) {
			var p vg.Path
			p.Arc(vg.Point{X: 100, Y: 100}, 60, 0, 2*math.Pi)
			p.Close()
			c.Fill(p)
		}, math.Pi * 60 * 60},
		{"half disc clockwise", func(c *Canvas) {
			var p vg.Path
			p.Move(vg.Point{X: 160, Y: 100})
			p.Arc(vg.Point{X: 100, Y: 100}, 60, 0, -math.Pi)
			p.Close()
			c.Fill(p)
		}, math.Pi * 60 * 60 / 2},
		// The region under the parabola y = 4h x(1-x) on a unit width w is
		// 2/3 of w*h; a quadratic Bézier from (0,0) via (w/2, 2h) to (w,0)
		// traces it.
		{"quadratic", func(c *Canvas) {
			var p vg.Path
			p.Move(vg.Point{X: 20, Y: 20})
			p.QuadTo(vg.Point{X: 100, Y: 20 + 2*150}, vg.Point{X: 180, Y: 20})
			p.Close()
			c.Fill(p)
		}, 2.0 / 3 * 160 * 150},
		// A cubic with both controls at (w/2, 4h/3) traces the same
		// parabola (degree elevation).
		{"cubic", func(c *Canvas) {
			var p vg.Path
			p.Move(vg.Point{X: 20, Y: 20})
			p.CubeTo(vg.Point{X: 20 + 160.0/3, Y: 20 + 200}, vg.Point{X: 20 + 320.0/3, Y: 20 + 200}, vg.Point{X: 180, Y: 20})
			p.Close()
			c.Fill(p)
		}, 2.0 / 3 * 160 * 150},
		{"rotated square", func(c *Canvas) {
			c.Push()
			c.Translate(vg.Point{X: 100, Y: 100})
			c.Rotate(math.Pi / 4)
			var p vg.Path
			p.Move(vg.Point{X: -50, Y: -50})
			p.Line(vg.Point{X: 50, Y: -50})
			p.Line(vg.Point{X: 50, Y: 50})
			p.Line(vg.Point{X: -50, Y: 50})
			p.Close()
			c.Fill(p)
			c.Pop()
		}, 100 * 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := New(side, side)
			tc.draw(c)
			var b bytes.Buffer
			if _, err := c.WriteTo(&b); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "p.pdf")
			os.WriteFile(file, b.Bytes(), 0o644)
			if msg, err := exec.Command(bin, "-r", "72", "-gray", "-png", "-singlefile", file, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v\n%s", err, msg)
			}
			f, _ := os.ReadFile(filepath.Join(dir, "p.png"))
			img, err := png.Decode(bytes.NewReader(f))
			if err != nil {
				t.Fatal(err)
			}
			ink := 0.0
			r := img.Bounds()
			for y := r.Min.Y; y < r.Max.Y; y++ {
				for x := r.Min.X; x < r.Max.X; x++ {
					g, _, _, _ := img.At(x, y).RGBA()
					ink += 1 - float64(g)/0xffff
				}
			}
			// 1% covers anti-aliasing along the edge and the Bézier
			// approximation of the circle (0.03% in radius).
			if math.Abs(ink-tc.area) > 0.01*tc.area {
				t.Errorf("ink covers %.0f pt², want %.0f", ink, tc.area)
			}
		})
	}
}

// The same drawing gives the same bytes; text shows its characters
// through ToUnicode and translucent colours get one graphics state each.
func TestDeterministic(t *testing.T) {
	face, _ := liberation(t, false)
	draw := func() []byte {
		c := New(100, 50)
		c.SetColor(nil)
		c.FillString(face, vg.Point{X: 10, Y: 20}, "Viet Nam €")
		c.SetColor(colorNRGBA(0, 0, 0, 0x80))
		c.FillString(face, vg.Point{X: 10, Y: 30}, "AV")
		var b bytes.Buffer
		if _, err := c.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a := draw()
	if !bytes.Equal(a, draw()) {
		t.Error("two renderings differ")
	}
	if !bytes.Contains(a, []byte("/GS0 << /ca 0.502 /CA 0.502 >>")) {
		t.Error("no graphics state for the translucent colour")
	}
}

func colorNRGBA(r, g, b, a uint8) color.NRGBA { return color.NRGBA{R: r, G: g, B: b, A: a} }

// An image lands in its rectangle the right way up, its transparent
// pixels showing what is under them: a 2x2 image of red, green, blue and
// transparent over a black square, rasterised by pdftoppm.
func TestDrawImage(t *testing.T) {
	bin := pdftoppm(t)
	img := image.NewNRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.NRGBA{255, 0, 0, 255}) // top left
	img.Set(1, 0, color.NRGBA{0, 255, 0, 255}) // top right
	img.Set(0, 1, color.NRGBA{0, 0, 255, 255}) // bottom left
	c := New(100, 100)
	c.SetColor(color.Black)
	var sq vg.Path
	sq.Move(vg.Point{X: 0, Y: 0})
	sq.Line(vg.Point{X: 100, Y: 0})
	sq.Line(vg.Point{X: 100, Y: 100})
	sq.Line(vg.Point{X: 0, Y: 100})
	sq.Close()
	c.Fill(sq)
	c.DrawImage(vg.Rectangle{Max: vg.Point{X: 100, Y: 100}}, img)
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "i.pdf")
	os.WriteFile(file, b.Bytes(), 0o644)
	if msg, err := exec.Command(bin, "-r", "72", "-png", "-singlefile", file, filepath.Join(dir, "i")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, msg)
	}
	f, _ := os.ReadFile(filepath.Join(dir, "i.png"))
	page, err := png.Decode(bytes.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	// Page pixels run from the top left.
	for _, q := range []struct {
		x, y int
		want color.NRGBA
	}{{25, 25, color.NRGBA{255, 0, 0, 255}}, {75, 25, color.NRGBA{0, 255, 0, 255}}, {25, 75, color.NRGBA{0, 0, 255, 255}}, {75, 75, color.NRGBA{0, 0, 0, 255}}} {
		if got := color.NRGBAModel.Convert(page.At(q.x, q.y)).(color.NRGBA); got != q.want {
			t.Errorf("pixel (%d, %d) is %v, want %v", q.x, q.y, got, q.want)
		}
	}
}

func TestNum(t *testing.T) {
	for v, want := range map[float64]string{0: "0", -0.0001: "0", 10: "10", 100.5: "100.5", 0.1234: "0.123", -2.0005: "-2.001", 1e6: "1000000"} {
		if got := num(v); got != want {
			t.Errorf("num(%v) = %q, want %q", v, got, want)
		}
	}
}
