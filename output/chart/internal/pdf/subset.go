package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/image/font/sfnt"
)

// subsetTables are the TrueType tables a PDF's embedded CID-keyed font
// needs (ISO 32000-1, 9.9): the glyphs and their metrics, and the hinting
// programs their instructions call; OS/2 (96 bytes of metrics) too, for
// renderers that look for it. The PDF maps codes to glyphs itself
// (CIDToGIDMap), so the subset's cmap maps nothing (emptyCmap), and its
// post table names no glyph.
var subsetTables = []string{"OS/2", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "prep"}

// emptyCmap is a cmap table that maps no character: one Windows Unicode
// (3, 1) format 4 subtable with only the final 0xFFFF segment. Font
// parsers (FreeType, x/image's sfnt) want a cmap even where a PDF does not
// use it.
var emptyCmap = []byte{
	0, 0, 0, 1, // version 0, one subtable
	0, 3, 0, 1, 0, 0, 0, 12, // platform 3, encoding 1, at offset 12
	0, 4, 0, 24, 0, 0, // format 4, length 24, language 0
	0, 2, 0, 2, 0, 0, 0, 0, // segCountX2 2, searchRange 2, entrySelector 0, rangeShift 0
	0xff, 0xff, 0, 0, // endCode 0xFFFF, reservedPad
	0xff, 0xff, 0, 1, 0, 0, // startCode 0xFFFF, idDelta 1, idRangeOffset 0
}

// subset returns the TrueType font src with only the glyphs keep (and
// .notdef, and the components of composite glyphs) left in. Glyph ids do
// not change: the glyphs left out become empty, which costs two zeros of
// loca each and compresses to nearly nothing.
func subset(src []byte, keep []sfnt.GlyphIndex) ([]byte, error) {
	tables, err := readTables(src)
	if err != nil {
		return nil, err
	}
	for _, t := range []string{"glyf", "head", "hhea", "hmtx", "loca", "maxp"} {
		if tables[t] == nil {
			return nil, fmt.Errorf("no %q table (only TrueType outlines can be embedded)", t)
		}
	}
	head, hhea, maxp := tables["head"], tables["hhea"], tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, errors.New("head, hhea or maxp table too short")
	}
	numGlyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	longLoca := binary.BigEndian.Uint16(head[50:]) == 1
	loca, glyf := tables["loca"], tables["glyf"]
	glyph := func(g int) ([]byte, error) {
		var a, b int
		if longLoca {
			if 4*g+8 > len(loca) {
				return nil, fmt.Errorf("glyph %d beyond loca", g)
			}
			a, b = int(binary.BigEndian.Uint32(loca[4*g:])), int(binary.BigEndian.Uint32(loca[4*g+4:]))
		} else {
			if 2*g+4 > len(loca) {
				return nil, fmt.Errorf("glyph %d beyond loca", g)
			}
			a, b = 2*int(binary.BigEndian.Uint16(loca[2*g:])), 2*int(binary.BigEndian.Uint16(loca[2*g+2:]))
		}
		if a > b || b > len(glyf) {
			return nil, fmt.Errorf("glyph %d: bad loca offsets %d..%d", g, a, b)
		}
		return glyf[a:b], nil
	}

	// The glyphs kept and, transitively, their components.
	kept := make([]bool, numGlyphs)
	todo := []int{0}
	for _, g := range keep {
		todo = append(todo, int(g))
	}
	for len(todo) > 0 {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if g >= numGlyphs {
			return nil, fmt.Errorf("glyph %d: the font has %d", g, numGlyphs)
		}
		if kept[g] {
			continue
		}
		kept[g] = true
		data, err := glyph(g)
		if err != nil {
			return nil, err
		}
		comps, err := components(data)
		if err != nil {
			return nil, fmt.Errorf("glyph %d: %w", g, err)
		}
		todo = append(todo, comps...)
	}

	// New glyf and (long) loca.
	var newGlyf []byte
	newLoca := make([]byte, 4*(numGlyphs+1))
	for g := range numGlyphs {
		if kept[g] {
			data, _ := glyph(g)
			newGlyf = append(newGlyf, data...)
			for len(newGlyf)%4 != 0 {
				newGlyf = append(newGlyf, 0)
			}
		}
		binary.BigEndian.PutUint32(newLoca[4*g+4:], uint32(len(newGlyf)))
	}
	// hmtx: metrics of glyphs left out are zeroed (compressing away); the
	// last long metric stays, as it gives the advance of all glyphs after.
	hmtx := slices.Clone(tables["hmtx"])
	numLong := int(binary.BigEndian.Uint16(hhea[34:]))
	for g := range numGlyphs {
		if kept[g] || g == numLong-1 {
			continue
		}
		switch {
		case g < numLong && 4*g+4 <= len(hmtx):
			clear(hmtx[4*g : 4*g+4])
		case g >= numLong && 4*numLong+2*(g-numLong)+2 <= len(hmtx):
			i := 4*numLong + 2*(g-numLong)
			clear(hmtx[i : i+2])
		}
	}
	head = slices.Clone(head)
	binary.BigEndian.PutUint16(head[50:], 1) // long loca
	out := map[string][]byte{"glyf": newGlyf, "loca": newLoca, "hmtx": hmtx, "head": head, "cmap": emptyCmap}
	// post version 3: the header's metrics without glyph names.
	if post := tables["post"]; len(post) >= 32 {
		post = slices.Clone(post[:32])
		binary.BigEndian.PutUint32(post, 0x00030000)
		out["post"] = post
	}
	for _, t := range subsetTables {
		if out[t] == nil && tables[t] != nil {
			out[t] = tables[t]
		}
	}
	return writeTables(out), nil
}

// components returns the glyph ids a composite glyph is made of (none
// for a simple or empty glyph).
func components(g []byte) ([]int, error) {
	if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return nil, nil
	}
	const (
		argsAreWords = 0x0001
		haveScale    = 0x0008
		more         = 0x0020
		haveXYScale  = 0x0040
		have2x2      = 0x0080
	)
	var out []int
	for i := 10; ; {
		if i+4 > len(g) {
			return nil, errors.New("composite glyph truncated")
		}
		flags := binary.BigEndian.Uint16(g[i:])
		out = append(out, int(binary.BigEndian.Uint16(g[i+2:])))
		i += 4
		if flags&argsAreWords != 0 {
			i += 4
		} else {
			i += 2
		}
		switch {
		case flags&haveScale != 0:
			i += 2
		case flags&haveXYScale != 0:
			i += 4
		case flags&have2x2 != 0:
			i += 8
		}
		if flags&more == 0 {
			return out, nil
		}
	}
}

// readTables returns the tables of a TrueType font file by tag.
func readTables(b []byte) (map[string][]byte, error) {
	if len(b) < 12 {
		return nil, errors.New("font file too short")
	}
	if v := binary.BigEndian.Uint32(b); v != 0x00010000 && v != 0x74727565 { // 1.0 or 'true'
		return nil, fmt.Errorf("not a TrueType font (version %#08x)", v)
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if 12+16*n > len(b) {
		return nil, errors.New("table directory truncated")
	}
	out := map[string][]byte{}
	for i := range n {
		r := b[12+16*i:]
		off, length := int(binary.BigEndian.Uint32(r[8:])), int(binary.BigEndian.Uint32(r[12:]))
		if off < 0 || length < 0 || off+length > len(b) {
			return nil, fmt.Errorf("table %q beyond the file", r[:4])
		}
		out[string(r[:4])] = b[off : off+length]
	}
	return out, nil
}

// writeTables writes a TrueType font file of the tables, in tag order,
// with their checksums and head's checksum adjustment.
func writeTables(tables map[string][]byte) []byte {
	var tags []string
	for t := range tables {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	n := len(tags)
	entrySelector := 0
	for 1<<(entrySelector+1) <= n {
		entrySelector++
	}
	searchRange := 16 << entrySelector
	out := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(out[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-searchRange))
	headAt := -1
	for i, t := range tags {
		data := tables[t]
		if t == "head" {
			data = slices.Clone(data)
			clear(data[8:12]) // checksum adjustment, set below
			headAt = len(out)
		}
		r := out[12+16*i:]
		copy(r, t)
		binary.BigEndian.PutUint32(r[4:], checksum(data))
		binary.BigEndian.PutUint32(r[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(r[12:], uint32(len(data)))
		out = append(out, data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	if headAt >= 0 {
		binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}

// checksum is the TrueType table checksum: the sum of big-endian uint32s,
// the last zero-padded.
func checksum(b []byte) uint32 {
	var s uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}
