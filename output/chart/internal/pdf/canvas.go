// Package pdf is a gonum/plot canvas (vg.Canvas) that writes a one-page
// PDF whose text stays text: every face it shows is embedded as a TrueType
// subset of the glyphs used, with a ToUnicode map, so the file is small,
// its titles and labels can be searched and copied, and bold is a real
// face. gonum/plot's own vgpdf embeds whole fonts in a one-byte encoding
// (cp1252) and cannot show a regular and a bold face of one family.
//
// The output is deterministic: no dates, and fonts, glyphs and graphics
// states are written in the order of first use.
package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// Canvas draws to one PDF page of a fixed size. PDF user space is in
// points with y upwards, as vg's is, so coordinates are written as given.
type Canvas struct {
	// Title is the document's title (its Info dictionary), which viewers
	// show as the window's title; none when empty.
	Title string

	w, h    vg.Length
	content bytes.Buffer
	stack   []state

	fonts  []*face
	byFont map[font.Font]*face

	alphas  []uint8 // the fill/stroke opacities named /GS0, /GS1, ...
	images  []image.Image
	err     error // the first glyph lookup that failed, reported by WriteTo
	sfntBuf sfnt.Buffer
}

// state is what Push saves besides PDF's own graphics state (which q and Q
// save and restore): what the canvas must know to skip or elide operators.
type state struct {
	width vg.Length
	alpha uint8
}

// New returns a canvas of width w and height h.
func New(w, h vg.Length) *Canvas {
	c := &Canvas{w: w, h: h, stack: []state{{width: 1, alpha: 0xff}}, byFont: map[font.Font]*face{}}
	vg.Initialize(c)
	return c
}

func (c *Canvas) top() *state { return &c.stack[len(c.stack)-1] }

// Size returns the page size.
func (c *Canvas) Size() (w, h vg.Length) { return c.w, c.h }

// num writes a number with at most three decimals and no trailing zeros:
// a thousandth of a point is far below what any printer resolves.
func num(v float64) string {
	s := strings.TrimSuffix(strings.TrimRight(strconv.FormatFloat(v, 'f', 3, 64), "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

func (c *Canvas) op(args ...any) {
	for i, a := range args {
		if i > 0 {
			c.content.WriteByte(' ')
		}
		switch v := a.(type) {
		case float64:
			c.content.WriteString(num(v))
		case vg.Length:
			c.content.WriteString(num(float64(v)))
		case string:
			c.content.WriteString(v)
		default:
			fmt.Fprint(&c.content, v)
		}
	}
	c.content.WriteByte('\n')
}

// SetLineWidth sets the width of stroked paths; a width that is not
// positive hides them (vg.Canvas).
func (c *Canvas) SetLineWidth(w vg.Length) {
	c.top().width = w
	if w > 0 {
		c.op(w, "w")
	}
}

// SetLineDash sets the dash pattern of stroked paths.
func (c *Canvas) SetLineDash(pattern []vg.Length, offset vg.Length) {
	c.content.WriteByte('[')
	for i, d := range pattern {
		if i > 0 {
			c.content.WriteByte(' ')
		}
		c.content.WriteString(num(float64(d)))
	}
	c.content.WriteString("] ")
	c.op(offset, "d")
}

// SetColor sets the colour of strokes, fills and text; nil is black.
// Translucent colours set the opacity through a named graphics state.
func (c *Canvas) SetColor(clr color.Color) {
	if clr == nil {
		clr = color.Black
	}
	n := color.NRGBAModel.Convert(clr).(color.NRGBA)
	r, g, b := float64(n.R)/255, float64(n.G)/255, float64(n.B)/255
	c.op(r, g, b, "rg", r, g, b, "RG")
	if n.A != c.top().alpha {
		c.op(c.alphaName(n.A), "gs")
		c.top().alpha = n.A
	}
}

func (c *Canvas) alphaName(a uint8) string {
	i := 0
	for i < len(c.alphas) && c.alphas[i] != a {
		i++
	}
	if i == len(c.alphas) {
		c.alphas = append(c.alphas, a)
	}
	return "/GS" + strconv.Itoa(i)
}

// Rotate rotates the coordinates by rad radians, anticlockwise.
func (c *Canvas) Rotate(rad float64) {
	s, co := math.Sincos(rad)
	c.op(co, s, -s, co, 0.0, 0.0, "cm")
}

// Translate moves the origin to pt.
func (c *Canvas) Translate(pt vg.Point) { c.op(1, 0, 0, 1, pt.X, pt.Y, "cm") }

// Scale scales the coordinates.
func (c *Canvas) Scale(x, y float64) { c.op(x, 0.0, 0.0, y, 0.0, 0.0, "cm") }

// Push saves the graphics state: colour, line width and dashes, transform.
func (c *Canvas) Push() {
	c.stack = append(c.stack, *c.top())
	c.op("q")
}

// Pop restores the state the matching Push saved.
func (c *Canvas) Pop() {
	if len(c.stack) == 1 {
		return
	}
	c.stack = c.stack[:len(c.stack)-1]
	c.op("Q")
}

// Stroke strokes the path.
func (c *Canvas) Stroke(p vg.Path) {
	if c.top().width <= 0 || !c.path(p) {
		return
	}
	c.op("S")
}

// Fill fills the path (non-zero winding, as vgimg and vgsvg do).
func (c *Canvas) Fill(p vg.Path) {
	if c.path(p) {
		c.op("f")
	}
}

// path writes the path's construction operators and says whether it has
// any.
func (c *Canvas) path(p vg.Path) bool {
	var start, cur vg.Point
	open := false
	for _, comp := range p {
		switch comp.Type {
		case vg.MoveComp:
			c.op(comp.Pos.X, comp.Pos.Y, "m")
			start, cur, open = comp.Pos, comp.Pos, true
		case vg.LineComp:
			c.op(comp.Pos.X, comp.Pos.Y, "l")
			cur = comp.Pos
		case vg.CurveComp:
			switch len(comp.Control) {
			case 1:
				// A quadratic Bézier is the cubic with controls two
				// thirds of the way from each end to its control point.
				q := comp.Control[0]
				c1 := cur.Add(q.Sub(cur).Scale(2.0 / 3))
				c2 := comp.Pos.Add(q.Sub(comp.Pos).Scale(2.0 / 3))
				c.op(c1.X, c1.Y, c2.X, c2.Y, comp.Pos.X, comp.Pos.Y, "c")
			case 2:
				c1, c2 := comp.Control[0], comp.Control[1]
				c.op(c1.X, c1.Y, c2.X, c2.Y, comp.Pos.X, comp.Pos.Y, "c")
			default:
				continue
			}
			cur = comp.Pos
		case vg.ArcComp:
			cur = c.arc(comp, open)
			if !open {
				start, open = arcPoint(comp, comp.Start), true
			}
		case vg.CloseComp:
			c.op("h")
			cur = start
		}
	}
	return open
}

func arcPoint(a vg.PathComp, angle float64) vg.Point {
	s, co := math.Sincos(angle)
	return vg.Point{X: a.Pos.X + a.Radius*vg.Length(co), Y: a.Pos.Y + a.Radius*vg.Length(s)}
}

// arc writes an arc as cubic Béziers of at most a quarter turn each,
// joined by a line from the current point (as vgimg and vgsvg draw it);
// it returns the arc's end.
func (c *Canvas) arc(a vg.PathComp, open bool) vg.Point {
	p0 := arcPoint(a, a.Start)
	if open {
		c.op(p0.X, p0.Y, "l")
	} else {
		c.op(p0.X, p0.Y, "m")
	}
	n := max(1, int(math.Ceil(math.Abs(a.Angle)/(math.Pi/2)-1e-9)))
	d := a.Angle / float64(n)
	k := vg.Length(4.0/3*math.Tan(d/4)) * a.Radius
	for i := range n {
		a0, a1 := a.Start+float64(i)*d, a.Start+float64(i+1)*d
		s0, c0 := math.Sincos(a0)
		s1, c1 := math.Sincos(a1)
		p0 = arcPoint(a, a0)
		p3 := arcPoint(a, a1)
		q1 := vg.Point{X: p0.X - k*vg.Length(s0), Y: p0.Y + k*vg.Length(c0)}
		q2 := vg.Point{X: p3.X + k*vg.Length(s1), Y: p3.Y - k*vg.Length(c1)}
		c.op(q1.X, q1.Y, q2.X, q2.Y, p3.X, p3.Y, "c")
	}
	return arcPoint(a, a.Start+a.Angle)
}

// FillString writes s as text in face f with its baseline starting at pt,
// glyphs spaced and kerned as font.Face.Width measures them, so text sits
// where the layout measured it.
func (c *Canvas) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Size == 0 || s == "" {
		return
	}
	fc := c.face(f)
	upem := f.Face.UnitsPerEm()
	ppem := fixed.Int26_6(upem) // results in font units
	var tj bytes.Buffer
	tj.WriteString("[<")
	var prev sfnt.GlyphIndex
	for i, r := range []rune(s) {
		g, err := f.Face.GlyphIndex(&c.sfntBuf, r)
		if err != nil {
			c.fail(fmt.Errorf("pdf: glyph of %q in %s: %w", r, fc.psName, err))
			return
		}
		if i > 0 {
			k, err := f.Face.Kern(&c.sfntBuf, prev, g, ppem, xfont.HintingNone)
			if err == nil && k != 0 {
				// TJ numbers are thousandths of an em, positive leftwards.
				fmt.Fprintf(&tj, ">%s<", num(-float64(k)*1000/float64(upem)))
			}
		}
		if err := fc.use(g, r, &c.sfntBuf); err != nil {
			c.fail(err)
			return
		}
		fmt.Fprintf(&tj, "%04X", uint16(g))
		prev = g
	}
	tj.WriteString(">] TJ")
	c.op("BT", fc.res, f.Font.Size, "Tf", 1, 0, 0, 1, pt.X, pt.Y, "Tm", tj.String(), "ET")
}

func (c *Canvas) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// face returns the embedded font of f, registering it on first use.
func (c *Canvas) face(f font.Face) *face {
	key := f.Font
	key.Size = 0
	if fc, ok := c.byFont[key]; ok {
		return fc
	}
	fc := newFace(f, len(c.fonts), &c.sfntBuf)
	c.fonts = append(c.fonts, fc)
	c.byFont[key] = fc
	return fc
}

// DrawImage draws img stretched over rect.
func (c *Canvas) DrawImage(rect vg.Rectangle, img image.Image) {
	c.images = append(c.images, img)
	sz := rect.Size()
	c.op("q", sz.X, 0, 0, sz.Y, rect.Min.X, rect.Min.Y, "cm", "/Im"+strconv.Itoa(len(c.images)-1), "Do", "Q")
}

// WriteTo writes the PDF. The canvas should not be drawn on afterwards.
func (c *Canvas) WriteTo(w io.Writer) (int64, error) {
	if c.err != nil {
		return 0, c.err
	}
	var d doc
	d.buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	// Object numbers: 1 catalog, 2 page tree, 3 page, 4 content; then
	// fonts and images.
	next := 5
	fontObj := make([]int, len(c.fonts))
	for i := range c.fonts {
		fontObj[i] = next
		next += 5
	}
	imageObj := make([]int, len(c.images))
	for i := range c.images {
		imageObj[i] = next
		next += 2
	}

	d.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	d.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	var res bytes.Buffer
	res.WriteString("<< /ProcSet [/PDF /Text /ImageC]")
	if len(c.fonts) > 0 {
		res.WriteString(" /Font <<")
		for i, f := range c.fonts {
			fmt.Fprintf(&res, " %s %d 0 R", f.res, fontObj[i])
		}
		res.WriteString(" >>")
	}
	if len(c.alphas) > 0 {
		res.WriteString(" /ExtGState <<")
		for i, a := range c.alphas {
			o := num(float64(a) / 255)
			fmt.Fprintf(&res, " /GS%d << /ca %s /CA %s >>", i, o, o)
		}
		res.WriteString(" >>")
	}
	if len(c.images) > 0 {
		res.WriteString(" /XObject <<")
		for i := range c.images {
			fmt.Fprintf(&res, " /Im%d %d 0 R", i, imageObj[i])
		}
		res.WriteString(" >>")
	}
	res.WriteString(" >>")
	d.obj(3, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources %s /Contents 4 0 R >>",
		num(c.w.Points()), num(c.h.Points()), res.String()))
	d.stream(4, "", c.content.Bytes(), true)
	for i, f := range c.fonts {
		if err := f.write(&d, fontObj[i]); err != nil {
			return 0, err
		}
	}
	for i, img := range c.images {
		writeImage(&d, imageObj[i], img)
	}
	info := 0
	if c.Title != "" {
		info = next
		d.obj(info, "<< /Title "+textString(c.Title)+" /Producer (digisim) >>")
		next++
	}
	n, err := w.Write(d.finish(next, info))
	return int64(n), err
}

// textString writes s as a PDF text string: UTF-16BE with a byte order
// mark, in hex (ISO 32000-1, 7.9.2.2), which holds any character.
func textString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// doc accumulates numbered objects and their offsets for the
// cross-reference table.
type doc struct {
	buf     bytes.Buffer
	offsets map[int]int
}

func (d *doc) obj(n int, body string) {
	if d.offsets == nil {
		d.offsets = map[int]int{}
	}
	d.offsets[n] = d.buf.Len()
	fmt.Fprintf(&d.buf, "%d 0 obj\n%s\nendobj\n", n, body)
}

// stream writes a stream object, compressed with Flate when asked; dict
// holds the dictionary's entries other than /Length and /Filter.
func (d *doc) stream(n int, dict string, data []byte, compress bool) {
	if compress {
		var z bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
		zw.Write(data)
		zw.Close()
		data = z.Bytes()
		dict += " /Filter /FlateDecode"
	}
	if d.offsets == nil {
		d.offsets = map[int]int{}
	}
	d.offsets[n] = d.buf.Len()
	fmt.Fprintf(&d.buf, "%d 0 obj\n<< /Length %d%s >>\nstream\n", n, len(data), dict)
	d.buf.Write(data)
	d.buf.WriteString("\nendstream\nendobj\n")
}

// finish appends the cross-reference table and trailer for objects 1 to
// size-1, with info the Info dictionary's object (0: none), and returns
// the file.
func (d *doc) finish(size, info int) []byte {
	xref := d.buf.Len()
	fmt.Fprintf(&d.buf, "xref\n0 %d\n0000000000 65535 f \n", size)
	for n := 1; n < size; n++ {
		fmt.Fprintf(&d.buf, "%010d 00000 n \n", d.offsets[n])
	}
	fmt.Fprintf(&d.buf, "trailer\n<< /Size %d /Root 1 0 R", size)
	if info > 0 {
		fmt.Fprintf(&d.buf, " /Info %d 0 R", info)
	}
	fmt.Fprintf(&d.buf, " >>\nstartxref\n%d\n%%%%EOF\n", xref)
	return d.buf.Bytes()
}

// writeImage writes img as an RGB image with its alpha as a soft mask
// (objects n and n+1).
func writeImage(d *doc, n int, img image.Image) {
	b := img.Bounds()
	rgb := make([]byte, 0, 3*b.Dx()*b.Dy())
	alpha := make([]byte, 0, b.Dx()*b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			p := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			rgb = append(rgb, p.R, p.G, p.B)
			alpha = append(alpha, p.A)
		}
	}
	dims := fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 8", b.Dx(), b.Dy())
	d.stream(n, dims+fmt.Sprintf(" /ColorSpace /DeviceRGB /SMask %d 0 R", n+1), rgb, true)
	d.stream(n+1, dims+" /ColorSpace /DeviceGray", alpha, true)
}
