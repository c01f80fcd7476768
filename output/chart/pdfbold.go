package chart

import (
	"errors"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgpdf"
)

// pdfCanvas works around vgpdf (gonum/plot v0.17), which cannot show two
// faces of one family: it selects bold faces with a style it never
// registers ("undefined font"), and it embeds every font under one file
// name (fpdf's MakeFont writes "font.z"), so the regular and bold faces
// share whichever font file was added last and titles come out regular.
// Here bold text is drawn as the bold face's glyph outlines, filled in the
// text colour, so the PDF embeds only the regular face and shows bold
// where bold is asked for; bold text is then not selectable in the PDF.
type pdfCanvas struct{ *vgpdf.Canvas }

func (c pdfCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Weight != weightBold {
		c.Canvas.FillString(f, pt, s)
		return
	}
	path, err := outline(f, pt, s)
	if err != nil {
		// A glyph the face lacks: regular text rather than none.
		f.Font.Weight = 0
		c.Canvas.FillString(f, pt, s)
		return
	}
	c.Fill(path)
}

// outline returns the glyph outlines of s in face f with its baseline
// starting at pt, advanced and kerned as font.Face.Width measures them.
func outline(f font.Face, pt vg.Point, s string) (vg.Path, error) {
	var (
		buf     sfnt.Buffer
		ppem    = fixed.Int26_6(f.Face.UnitsPerEm()) // coordinates in font units
		scale   = f.Font.Size / vg.Length(f.Face.UnitsPerEm())
		x       = pt.X
		path    vg.Path
		prev    sfnt.GlyphIndex
		hasPrev bool
	)
	at := func(p fixed.Point26_6) vg.Point {
		// sfnt's y axis points down.
		return vg.Point{X: x + vg.Length(p.X)*scale, Y: pt.Y - vg.Length(p.Y)*scale}
	}
	for _, r := range s {
		idx, err := f.Face.GlyphIndex(&buf, r)
		if err != nil {
			return nil, err
		}
		if hasPrev {
			k, err := f.Face.Kern(&buf, prev, idx, ppem, xfont.HintingNone)
			switch {
			case err == nil:
				x += vg.Length(k) * scale
			case !errors.Is(err, sfnt.ErrNotFound):
				return nil, err
			}
		}
		segs, err := f.Face.LoadGlyph(&buf, idx, ppem, nil)
		if err != nil {
			return nil, err
		}
		open := false
		for _, sg := range segs {
			switch sg.Op {
			case sfnt.SegmentOpMoveTo:
				if open {
					path.Close()
				}
				path.Move(at(sg.Args[0]))
				open = true
			case sfnt.SegmentOpLineTo:
				path.Line(at(sg.Args[0]))
			case sfnt.SegmentOpQuadTo:
				path.QuadTo(at(sg.Args[0]), at(sg.Args[1]))
			case sfnt.SegmentOpCubeTo:
				path.CubeTo(at(sg.Args[0]), at(sg.Args[1]), at(sg.Args[2]))
			}
		}
		if open {
			path.Close()
		}
		adv, err := f.Face.GlyphAdvance(&buf, idx, ppem, xfont.HintingNone)
		if err != nil {
			return nil, err
		}
		x += vg.Length(adv) * scale
		prev, hasPrev = idx, true
	}
	return path, nil
}
