package chart

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// pdfTool returns the path of a poppler tool, skipping the test (failing
// it under CI, which must run every rendering check) when it is missing.
func pdfTool(t *testing.T, name string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		msg := "no " + name + " (Debian poppler-utils); scripts/brief-check.sh installs it"
		if os.Getenv("CI") == "true" { // CI must run every rendering check
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return bin
}

// subsetFont is a line of pdffonts: a subset (six capitals and a plus)
// of Liberation Sans, CID TrueType, embedded, subset, with a ToUnicode map.
var subsetFont = regexp.MustCompile(`^[A-Z]{6}\+LiberationSans(-Bold)?\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s`)

// TestPDF renders every chart to PDF and reads it back with poppler, an
// independent reader: every text of the chart's SVG (its titles, axis
// labels, tick and value labels, legend) is found as text by pdftotext;
// pdffonts lists only subsets of Liberation Sans with ToUnicode maps, the
// bold face among them (titles); pdfinfo gives the chart's title as the
// document's; and the page rasterised by pdftoppm
// matches the PNG rendering of the chart (vgimg), so no path, fill or
// text is missing or misplaced: in 8x8 pixel blocks at 192 dpi, none
// differs by more than a quarter of full contrast (anti-aliasing and
// hinting differ by up to about 40 of 255; a missing label or a shifted
// bar differs by more than 100). Two renderings give the same bytes.
// Set CHART_PDF_DIR to keep the PDFs and the rasterised pages.
func TestPDF(t *testing.T) {
	pdftotext, pdffonts, pdftoppm, pdfinfo := pdfTool(t, "pdftotext"), pdfTool(t, "pdffonts"), pdfTool(t, "pdftoppm"), pdfTool(t, "pdfinfo")
	out := os.Getenv("CHART_PDF_DIR")
	if out == "" {
		out = t.TempDir()
	}
	space := regexp.MustCompile(`\s+`)
	rendered := 0
	for _, fx := range fixtures() {
		if testing.Short() && !shortFixtures[fx.name] {
			continue
		}
		rendered++
		t.Run(fx.name, func(t *testing.T) {
			c, err := fx.build()
			if err != nil {
				t.Fatal(err)
			}
			var pdf, again, svg, pngBuf bytes.Buffer
			for _, r := range []struct {
				b *bytes.Buffer
				f Format
			}{{&pdf, PDF}, {&again, PDF}, {&svg, SVG}, {&pngBuf, PNG}} {
				if err := c.Render(r.b, r.f, Page); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(pdf.Bytes(), again.Bytes()) {
				t.Error("two renderings of one chart to PDF differ")
			}
			file := filepath.Join(out, fx.name+".pdf")
			if err := os.WriteFile(file, pdf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}

			// -raw keeps the content stream's order: each string drawn
			// stays in one piece.
			txt, err := exec.Command(pdftotext, "-raw", file, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			found := space.ReplaceAllString(string(txt), " ")
			texts, _, _, _ := parseSVG(t, svg.Bytes())
			if len(texts) < 3 {
				t.Fatalf("the SVG has %d texts", len(texts))
			}
			for _, s := range texts {
				if want := strings.TrimSpace(space.ReplaceAllString(s.s, " ")); !strings.Contains(found, want) {
					t.Errorf("pdftotext does not find %q in:\n%s", want, txt)
				}
			}

			fonts, err := exec.Command(pdffonts, file).Output()
			if err != nil {
				t.Fatalf("pdffonts: %v", err)
			}
			lines := strings.Split(strings.TrimSpace(string(fonts)), "\n")
			bold := false
			for _, l := range lines[2:] {
				if !subsetFont.MatchString(l) {
					t.Errorf("pdffonts: %q is not a subset of Liberation Sans with a ToUnicode map", l)
				}
				bold = bold || strings.Contains(l, "LiberationSans-Bold")
			}
			if len(lines) < 3 || !bold {
				t.Errorf("pdffonts lists no bold face (the title's):\n%s", fonts)
			}

			info, err := exec.Command(pdfinfo, file).Output()
			if err != nil {
				t.Fatalf("pdfinfo: %v", err)
			}
			if !regexp.MustCompile(`(?m)^Title:\s+` + regexp.QuoteMeta(c.meta.Title) + `$`).Match(info) {
				t.Errorf("pdfinfo does not give the chart's title %q:\n%s", c.meta.Title, info)
			}

			prefix := filepath.Join(out, fx.name+"_pdf")
			if msg, err := exec.Command(pdftoppm, "-r", "192", "-png", "-singlefile", file, prefix).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v\n%s", err, msg)
			}
			page, err := os.ReadFile(prefix + ".png")
			if err != nil {
				t.Fatal(err)
			}
			if worst, at := blockDiff(t, page, pngBuf.Bytes(), 8); worst > 64 {
				t.Errorf("the PDF's page differs from the PNG by %.0f of 255 in the 8x8 block at %v (see %s.png)", worst, at, prefix)
			}
		})
	}
	if testing.Short() && rendered != len(shortFixtures) {
		t.Errorf("-short rendered %d charts, want the %d named (a fixture renamed?)", rendered, len(shortFixtures))
	}
}

// blockDiff returns the largest difference of mean grey level, on white,
// between two PNGs in k x k pixel blocks, and where it is. Sizes may differ
// by a pixel of rounding; the common part is compared.
func blockDiff(t *testing.T, a, b []byte, k int) (float64, image.Point) {
	t.Helper()
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	ra, rb := ia.Bounds(), ib.Bounds()
	if d := ra.Size().Sub(rb.Size()); d.X*d.X > 4 || d.Y*d.Y > 4 {
		t.Fatalf("sizes differ: %v and %v", ra.Size(), rb.Size())
	}
	w, h := min(ra.Dx(), rb.Dx())/k, min(ra.Dy(), rb.Dy())/k
	grey := func(img image.Image, x, y int) float64 {
		r, g, b, al := img.At(x, y).RGBA() // premultiplied: on white, add the rest
		white := float64(0xffff - al)
		return (float64(r) + float64(g) + float64(b) + 3*white) / 3 / 257
	}
	worst, at := 0.0, image.Point{}
	for by := range h {
		for bx := range w {
			var sa, sb float64
			for y := by * k; y < (by+1)*k; y++ {
				for x := bx * k; x < (bx+1)*k; x++ {
					sa += grey(ia, ra.Min.X+x, ra.Min.Y+y)
					sb += grey(ib, rb.Min.X+x, rb.Min.Y+y)
				}
			}
			if d := math.Abs(sa-sb) / float64(k*k); d > worst {
				worst, at = d, image.Point{X: bx * k, Y: by * k}
			}
		}
	}
	return worst, at
}

// BenchmarkRenderPDF renders one chart to PDF (go test -bench RenderPDF
// ./output/chart).
func BenchmarkRenderPDF(b *testing.B) {
	m, s := stackedFixture()
	c, err := StackedArea(m, s)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := c.Render(&buf, PDF, Page); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/pdf")
}
