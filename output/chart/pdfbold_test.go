package chart

import (
	"bytes"
	"math"
	"testing"

	"gonum.org/v1/plot/vg"
)

// The outlines of bold text span the width font.Face measures for it (the
// layout's width) and the face's cap height, so bold text in a PDF sits
// where the layout put it.
func TestBoldOutline(t *testing.T) {
	st := textStyle(10, true, textColour)
	face := st.Handler.Cache().Lookup(st.Font, st.Font.Size)
	for _, s := range []string{"Myanmar and Cambodia gain most", "HIMH", "US$512bn"} {
		path, err := outline(face, vg.Point{X: 100, Y: 50}, s)
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := vg.Point{X: math.MaxFloat64, Y: math.MaxFloat64}, vg.Point{X: -math.MaxFloat64, Y: -math.MaxFloat64}
		for _, c := range path {
			for _, p := range append([]vg.Point{c.Pos}, c.Control...) {
				if c.Type == vg.CloseComp {
					continue
				}
				lo.X, lo.Y = min(lo.X, p.X), min(lo.Y, p.Y)
				hi.X, hi.Y = max(hi.X, p.X), max(hi.Y, p.Y)
			}
		}
		w := face.Width(s)
		// Side bearings: the ink starts a little after the origin and ends
		// a little before the advance (H: 0.07 em each side in Liberation
		// Sans Bold, 0.7 pt at 10 pt); 2 pt covers both.
		if d := math.Abs(float64((hi.X - lo.X) - w)); d > 2 {
			t.Errorf("%q: ink %.2f pt wide, layout width %.2f pt", s, hi.X-lo.X, w)
		}
		if lo.X < 100-0.5 {
			t.Errorf("%q: ink starts at %.2f, before the origin 100", s, lo.X)
		}
		// Liberation Sans Bold caps are 1409 of 2048 units tall (OS/2
		// sCapHeight): 6.88 pt above the baseline at 10 pt.
		if math.Abs(float64(hi.Y-50)-6.88) > 0.05 && s == "HIMH" {
			t.Errorf("%q: cap height %.2f pt, want 6.88", s, hi.Y-50)
		}
	}
}

// A PDF embeds the regular face once and draws bold text as outlines:
// the bold face's name does not appear among its fonts.
func TestPDFFonts(t *testing.T) {
	m, b := dividendFixture()
	c, err := DividendBars(m, b)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.Render(&buf, PDF, Page); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("/BaseFont /LiberationSans-Bold")) {
		t.Error("the PDF names the bold face, which vgpdf embeds under the regular face's file")
	}
	if !bytes.Contains(buf.Bytes(), []byte("/BaseFont /LiberationSans")) {
		t.Error("the PDF does not embed Liberation Sans")
	}
}
