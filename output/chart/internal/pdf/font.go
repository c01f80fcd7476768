package pdf

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
)

// face is one embedded font: a Type 0 font whose codes are glyph ids
// (Identity-H, CIDToGIDMap Identity) over a TrueType subset of the glyphs
// shown, with a ToUnicode map from each glyph back to its character.
type face struct {
	res    string // resource name in the page's font dictionary, "/F0"
	psName string // PostScript name, "LiberationSans-Bold"
	src    *sfnt.Font
	upem   int
	runes  map[sfnt.GlyphIndex]rune  // the character each used glyph shows
	widths map[sfnt.GlyphIndex]int32 // advance, in thousandths of an em
}

func newFace(f font.Face, i int, buf *sfnt.Buffer) *face {
	name, err := f.Face.Name(buf, sfnt.NameIDPostScript)
	if err != nil || name == "" {
		name = f.Name()
	}
	return &face{
		res:    "/F" + strconv.Itoa(i),
		psName: pdfName(name),
		src:    f.Face,
		upem:   int(f.Face.UnitsPerEm()),
		runes:  map[sfnt.GlyphIndex]rune{},
		widths: map[sfnt.GlyphIndex]int32{},
	}
}

// pdfName keeps the characters a PDF name may hold without escapes.
func pdfName(s string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r > '~' || strings.ContainsRune("()<>[]{}/%#", r) {
			return -1
		}
		return r
	}, s)
}

// use records that glyph g shows r.
func (f *face) use(g sfnt.GlyphIndex, r rune, buf *sfnt.Buffer) error {
	if _, ok := f.widths[g]; ok {
		return nil
	}
	adv, err := f.src.GlyphAdvance(buf, g, fixed.Int26_6(f.upem), xfont.HintingNone)
	if err != nil {
		return fmt.Errorf("pdf: advance of %q in %s: %w", r, f.psName, err)
	}
	f.widths[g] = f.units(int(adv))
	if g != 0 {
		f.runes[g] = r
	}
	return nil
}

// units converts font units to thousandths of an em.
func (f *face) units(v int) int32 { return int32(roundDiv(v*1000, f.upem)) }

func roundDiv(a, b int) int {
	if a < 0 {
		return -roundDiv(-a, b)
	}
	return (a + b/2) / b
}

// tag is the subset's six-letter prefix (ISO 32000-1, 9.6.4): derived from
// the glyphs kept, so that different subsets get different tags and the
// same chart the same bytes.
func (f *face) tag(gids []sfnt.GlyphIndex) string {
	h := fnv.New64a()
	h.Write([]byte(f.psName))
	for _, g := range gids {
		h.Write([]byte{byte(g >> 8), byte(g)})
	}
	v := h.Sum64()
	var b [6]byte
	for i := range b {
		b[i] = 'A' + byte(v%26)
		v /= 26
	}
	return string(b[:])
}

// write writes the font as objects n (Type 0 font), n+1 (CID font), n+2
// (descriptor), n+3 (font file) and n+4 (ToUnicode map).
func (f *face) write(d *doc, n int) error {
	gids := make([]sfnt.GlyphIndex, 0, len(f.widths)+1)
	for g := range f.widths {
		gids = append(gids, g)
	}
	slices.Sort(gids)
	var raw bytes.Buffer
	if _, err := f.src.WriteSourceTo(nil, &raw); err != nil {
		return fmt.Errorf("pdf: font %s: %w", f.psName, err)
	}
	sub, err := subset(raw.Bytes(), gids)
	if err != nil {
		return fmt.Errorf("pdf: subset of %s: %w", f.psName, err)
	}
	name := "/" + f.tag(gids) + "+" + f.psName

	d.obj(n, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont %s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>",
		name, n+1, n+4))

	var w strings.Builder
	w.WriteString("[")
	for _, g := range gids {
		fmt.Fprintf(&w, " %d [%d]", g, f.widths[g])
	}
	w.WriteString(" ]")
	d.obj(n+1, fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont %s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 0 /W %s /CIDToGIDMap /Identity >>",
		name, n+2, w.String()))

	var buf sfnt.Buffer
	ppem := fixed.Int26_6(f.upem)
	m, err := f.src.Metrics(&buf, ppem, xfont.HintingNone)
	if err != nil {
		return fmt.Errorf("pdf: metrics of %s: %w", f.psName, err)
	}
	bb, err := f.src.Bounds(&buf, ppem, xfont.HintingNone)
	if err != nil {
		return fmt.Errorf("pdf: bounds of %s: %w", f.psName, err)
	}
	// sfnt's y axis points down.
	d.obj(n+2, fmt.Sprintf("<< /Type /FontDescriptor /FontName %s /Flags 32 /FontBBox [%d %d %d %d] /ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile2 %d 0 R >>",
		name, f.units(int(bb.Min.X)), f.units(-int(bb.Max.Y)), f.units(int(bb.Max.X)), f.units(-int(bb.Min.Y)),
		f.units(int(m.Ascent)), -f.units(int(m.Descent)), f.units(int(m.CapHeight)), n+3))

	d.stream(n+3, fmt.Sprintf(" /Length1 %d", len(sub)), sub, true)
	d.stream(n+4, "", toUnicode(gids, f.runes), true)
	return nil
}

// toUnicode returns a CMap from each glyph id (as a two-byte code) to the
// UTF-16 of the character it shows, in blocks of at most 100 entries.
func toUnicode(gids []sfnt.GlyphIndex, runes map[sfnt.GlyphIndex]rune) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var mapped []sfnt.GlyphIndex
	for _, g := range gids {
		if _, ok := runes[g]; ok {
			mapped = append(mapped, g)
		}
	}
	for len(mapped) > 0 {
		k := min(100, len(mapped))
		fmt.Fprintf(&b, "%d beginbfchar\n", k)
		for _, g := range mapped[:k] {
			fmt.Fprintf(&b, "<%04X> <", uint16(g))
			for _, u := range utf16.Encode([]rune{runes[g]}) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
		mapped = mapped[k:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}
