package chart

import (
	"bytes"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// houseText is the text handler of every chart: gonum/plot's plain text,
// except that
//   - invisible text (a transparent colour, as the panel titles whose space
//     the panels reserve but Chart.Draw writes) is not drawn at all, so an
//     SVG or PDF holds each title once and no text in an invalid colour;
//   - on an anchoring canvas (SVG), left, centred and right-aligned text is
//     placed at its anchor with an SVG text-anchor instead of an offset
//     measured in Liberation Sans, so that where a viewer lacks the font
//     and substitutes a wider one, right-aligned labels (member names left
//     of bars, value ticks left of axes) still end where they should
//     instead of running into the data.
type houseText struct{ text.Plain }

// anchorer is a canvas that can anchor the next string it fills: 0 at
// its start, 0.5 at its middle, 1 at its end.
type anchorer interface{ anchorNext(a float64) }

func invisible(c color.Color) bool {
	if c == nil {
		return false
	}
	_, _, _, a := c.RGBA()
	return a == 0
}

func (h houseText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	if invisible(sty.Color) {
		return
	}
	an, ok := anchorOf(c)
	xa := float64(sty.XAlign)
	if !ok || (xa != 0 && xa != -0.5 && xa != -1) {
		h.Plain.Draw(c, txt, sty, pt)
		return
	}
	// text.Plain.Draw without the horizontal offset.
	for len(txt) > 0 && txt[len(txt)-1] == '\n' {
		txt = txt[:len(txt)-1]
	}
	if txt == "" {
		return
	}
	fnt := h.Fonts.Lookup(sty.Font, sty.Font.Size)
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
	}
	sin64, cos64 := math.Sincos(sty.Rotation)
	cos, sin := vg.Length(cos64), vg.Length(sin64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin
	lines := h.Lines(txt)
	ht := sty.Height(txt)
	pt.Y += ht*vg.Length(sty.YAlign) - fnt.Extents().Ascent
	for i, line := range lines {
		n := vg.Length(len(lines) - i)
		an.anchorNext(-xa)
		c.FillString(fnt, pt.Add(vg.Point{Y: n * sty.Font.Size}), line)
	}
	if sty.Rotation != 0 {
		c.Pop()
	}
}

// anchorOf finds the anchoring canvas inside draw canvases, which wrap
// one another.
func anchorOf(c vg.Canvas) (anchorer, bool) {
	for range 16 {
		switch v := c.(type) {
		case anchorer:
			return v, true
		case *draw.Canvas:
			c = v.Canvas
		case draw.Canvas:
			c = v.Canvas
		default:
			return nil, false
		}
	}
	return nil, false
}

// houseHandler is the text handler charts use.
var houseHandler = houseText{text.Plain{Fonts: font.DefaultCache}}

// svgFontFamily is the font-family every SVG text names: Liberation Sans,
// the font the layout was measured in, then Arial and Helvetica, which
// have the same widths, then any sans-serif.
const svgFontFamily = `font-family:'Liberation Sans', Arial, Helvetica, sans-serif;`

// svgCanvas is vgsvg's canvas that records the anchor of every string it
// fills, so that WriteTo can state it in the SVG, and names a generic
// font fallback.
type svgCanvas struct {
	*vgsvg.Canvas
	next    float64
	anchors []float64 // one per <text> element, in order
}

func (c *svgCanvas) anchorNext(a float64) { c.next = a }

func (c *svgCanvas) FillString(f font.Face, pt vg.Point, s string) {
	c.anchors = append(c.anchors, c.next)
	c.next = 0
	c.Canvas.FillString(f, pt, s)
}

// WriteTo writes the SVG with each text's anchor and the font fallback.
func (c *svgCanvas) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	if _, err := c.Canvas.WriteTo(&buf); err != nil {
		return 0, err
	}
	n, err := w.Write(fixSVG(buf.Bytes(), c.anchors))
	return int64(n), err
}

// fixSVG rewrites vgsvg's output: the k-th <text> element gets
// text-anchor middle or end as anchors[k] says, and every font-family
// names the generic fallbacks.
func fixSVG(b []byte, anchors []float64) []byte {
	open := []byte("<text ")
	styleAttr := []byte(`style="`)
	var out bytes.Buffer
	out.Grow(len(b) + len(b)/8)
	k := 0
	for {
		i := bytes.Index(b, open)
		if i < 0 {
			out.Write(b)
			break
		}
		out.Write(b[:i])
		b = b[i:]
		end := bytes.IndexByte(b, '>')
		if end < 0 {
			out.Write(b)
			break
		}
		tag := b[:end]
		a := 0.0
		if k < len(anchors) {
			a = anchors[k]
		}
		k++
		if s := bytes.Index(tag, styleAttr); s >= 0 && a != 0 {
			anchor := "text-anchor:end;"
			if a == 0.5 {
				anchor = "text-anchor:middle;"
			}
			out.Write(tag[:s+len(styleAttr)])
			out.WriteString(anchor)
			tag = tag[s+len(styleAttr):]
		}
		out.Write(tag)
		b = b[end:]
	}
	return bytes.ReplaceAll(out.Bytes(), []byte("font-family:Liberation Sans;"), []byte(svgFontFamily))
}
