package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// svgText is one <text> element of a rendered SVG, in page coordinates
// (points, y down).
type svgText struct {
	s           string
	x, base     float64 // anchor x and baseline y
	size        float64
	bold        bool
	anchor      string // start, middle, end
	rotated     bool
	left, right float64 // extent with a substitute font (see substituteWidth)
}

func (t svgText) top() float64    { return t.base - 0.72*t.size } // cap height of Liberation Sans, 0.73 em
func (t svgText) bottom() float64 { return t.base + 0.05*t.size } // descenders may touch the next line

var (
	colourRE = regexp.MustCompile(`(?:^|;)\s*(fill|stroke)\s*:\s*([^;]+)`)
	validRE  = regexp.MustCompile(`^(#[0-9A-Fa-f]{6}|none)$`)
	styleRE  = regexp.MustCompile(`font-size:([0-9.]+)px`)
)

// parseSVG checks that b is well-formed XML with valid colours and returns
// its texts and height.
func parseSVG(t *testing.T, b []byte) (texts []svgText, width, height float64, probs []string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	rotDepth, depth := 0, 0
	var cur *svgText
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse as XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			attr := map[string]string{}
			for _, a := range e.Attr {
				attr[a.Name.Local] = a.Value
			}
			if st := attr["style"]; st != "" {
				for _, m := range colourRE.FindAllStringSubmatch(st, -1) {
					if !validRE.MatchString(strings.TrimSpace(m[2])) {
						probs = append(probs, fmt.Sprintf("<%s> has an invalid %s colour %q", e.Name.Local, m[1], m[2]))
					}
				}
			}
			switch e.Name.Local {
			case "svg":
				vb := strings.Fields(attr["viewBox"])
				if len(vb) == 4 {
					width, _ = strconv.ParseFloat(vb[2], 64)
					height, _ = strconv.ParseFloat(vb[3], 64)
				}
			case "g":
				if strings.Contains(attr["transform"], "rotate") && rotDepth == 0 {
					rotDepth = depth
				}
			case "text":
				x, _ := strconv.ParseFloat(attr["x"], 64)
				y, _ := strconv.ParseFloat(attr["y"], 64)
				st := attr["style"]
				size := 0.0
				if m := styleRE.FindStringSubmatch(st); m != nil {
					size, _ = strconv.ParseFloat(m[1], 64)
				}
				anchor := "start"
				if strings.Contains(st, "text-anchor:end") {
					anchor = "end"
				} else if strings.Contains(st, "text-anchor:middle") {
					anchor = "middle"
				}
				if !strings.Contains(st, "sans-serif") {
					probs = append(probs, fmt.Sprintf("text at (%v, %v) names no generic font family: %s", x, y, st))
				}
				// The outer group flips y: a text's baseline is at height + y.
				cur = &svgText{x: x, base: height + y, size: size, bold: strings.Contains(st, "font-weight:bold"), anchor: anchor, rotated: rotDepth > 0}
			}
		case xml.EndElement:
			if e.Name.Local == "text" && cur != nil {
				w := substituteTextWidth(cur.s, cur.size, cur.bold)
				switch cur.anchor {
				case "end":
					cur.left, cur.right = cur.x-w, cur.x
				case "middle":
					cur.left, cur.right = cur.x-w/2, cur.x+w/2
				default:
					cur.left, cur.right = cur.x, cur.x+w
				}
				texts = append(texts, *cur)
				cur = nil
			}
			if depth == rotDepth {
				rotDepth = 0
			}
			depth--
		case xml.CharData:
			if cur != nil {
				cur.s += string(e)
			}
		}
	}
	return texts, width, height, probs
}

var dejavu = map[bool]*opentype.Font{}

func init() {
	for bold, name := range map[bool]string{false: "DejaVuSans.ttf", true: "DejaVuSans-Bold.ttf"} {
		if b, err := os.ReadFile(filepath.Join("/usr/share/fonts/truetype/dejavu", name)); err == nil {
			if f, err := opentype.Parse(b); err == nil {
				dejavu[bold] = f
			}
		}
	}
}

// substituteTextWidth is the width of a text in DejaVu Sans, the widest
// common substitute for Liberation Sans (the one a Linux machine without
// Liberation or Arial uses), when it is installed, else its width in
// Liberation Sans times the allowance the charts make for substitutes.
func substituteTextWidth(s string, size float64, bold bool) float64 {
	if f := dejavu[bold]; f != nil {
		face := font.Face{Font: font.Font{Size: vg.Length(size)}, Face: f}
		return face.Width(s).Points()
	}
	st := textStyle(size, bold, textColour)
	return (st.Width(s) * substitute(st)).Points()
}

// TestSVG renders every chart type at every size as SVG and checks what
// a viewer without Liberation Sans shows: well-formed XML, valid colours,
// a generic font fallback on every text, each title once, and, with each
// text as wide as in DejaVu Sans (the widest common substitute font), no
// two texts overlapping and none running off the page.
func TestSVG(t *testing.T) {
	for _, fx := range fixtures() {
		for _, size := range []Size{Page, Slide, Square} {
			t.Run(fx.name+"/"+size.String(), func(t *testing.T) {
				c, err := fx.build()
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := c.Render(&buf, SVG, size); err != nil {
					t.Fatal(err)
				}
				for _, p := range checkSVG(t, buf.Bytes(), c.meta.Title) {
					t.Error(p)
				}
			})
		}
	}
}

// TestRSVG renders every chart's SVG with rsvg-convert (librsvg), which
// must succeed, using only the DejaVu fonts when they are installed (no
// Liberation Sans, no Arial), as a machine without them would. Set
// CHART_RSVG_DIR to keep the PNGs for looking at. With -short it renders
// two charts of different make (shortFixtures); without, every fixture.
func TestRSVG(t *testing.T) {
	bin, err := exec.LookPath("rsvg-convert")
	if err != nil {
		const msg = "no rsvg-convert (Debian librsvg2-bin); scripts/brief-check.sh installs it"
		if os.Getenv("CI") == "true" { // CI must run every rendering check
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	out := os.Getenv("CHART_RSVG_DIR")
	if out == "" {
		out = t.TempDir()
	}
	env := os.Environ()
	if _, err := os.Stat("/usr/share/fonts/truetype/dejavu"); err == nil {
		dir := t.TempDir()
		conf := filepath.Join(dir, "fonts.conf")
		os.WriteFile(conf, []byte(fmt.Sprintf(`<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <cachedir>%s</cachedir>
  <include ignore_missing="yes">/etc/fonts/conf.d</include>
</fontconfig>
`, filepath.Join(os.TempDir(), "digisim-chart-test-fontconfig"))), 0o644)
		env = append(env, "FONTCONFIG_FILE="+conf)
	} else {
		t.Log("no DejaVu fonts: rendering with the system's fonts")
	}
	rendered := 0
	for _, fx := range fixtures() {
		if testing.Short() && !shortFixtures[fx.name] {
			continue
		}
		rendered++
		c, err := fx.build()
		if err != nil {
			t.Fatal(err)
		}
		svg := filepath.Join(out, fx.name+".svg")
		if err := c.Save(svg, SVG, Page); err != nil {
			t.Fatal(err)
		}
		pngPath := filepath.Join(out, fx.name+".png")
		cmd := exec.Command(bin, "-z", "1.5", svg, "-o", pngPath)
		cmd.Env = env
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: rsvg-convert: %v\n%s", fx.name, err, msg)
			continue
		}
		f, err := os.Open(pngPath)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", fx.name, err)
			continue
		}
		if b := img.Bounds(); b.Dx() < 600 {
			t.Errorf("%s: rendered %dx%d, want the page size at 1.5x", fx.name, b.Dx(), b.Dy())
		}
	}
	if testing.Short() && rendered != len(shortFixtures) {
		t.Errorf("-short rendered %d charts, want the %d named (a fixture renamed?)", rendered, len(shortFixtures))
	}
}

// shortFixtures are the charts that the tests which run outside tools
// (rsvg-convert, poppler) render under -short: lines in panels on a log
// scale, and cells with a colour scale (between them most of what a
// chart draws: many texts, log ticks, fills, a legend); without -short,
// as in CI, they render every fixture.
var shortFixtures = map[string]bool{"small_multiples_log": true, "heat_map": true}

// checkSVG returns the problems TestSVG looks for in one SVG.
func checkSVG(t *testing.T, b []byte, title string) []string {
	t.Helper()
	texts, w, h, probs := parseSVG(t, b)
	if w == 0 || h == 0 {
		return append(probs, "no viewBox")
	}
	// A title written twice (the bug: a visible one and a
	// hidden one in an invalid colour) is one text twice at
	// one place; one line of several panels' two-line titles
	// ("SEA-6 GMV") may repeat elsewhere.
	bold := map[string]int{}
	for i, a := range texts {
		if !a.bold {
			continue
		}
		bold[a.s]++
		for _, b := range texts[i+1:] {
			if a.s == b.s && math.Abs(a.base-b.base) < 2*a.size && math.Abs(a.left-b.left) < 2*a.size {
				probs = append(probs, fmt.Sprintf("title %q written twice at (%.1f, %.1f)", a.s, a.left, a.base))
			}
		}
	}
	// A long title wraps: its lines are the first bold texts, in order.
	var lines []string
	for _, a := range texts {
		if a.bold && a.size == texts[0].size {
			lines = append(lines, a.s)
		}
	}
	for n := 2; n <= len(lines) && bold[title] == 0; n++ {
		if strings.Join(lines[:n], " ") == title {
			bold[title] = 1
		}
	}
	if title != "" && bold[title] != 1 {
		probs = append(probs, fmt.Sprintf("chart title %q is not written once in bold", title))
	}
	const slack = 0.3 // points: hairline contacts are not overlaps
	for i, a := range texts {
		if a.rotated {
			continue
		}
		if a.left < -slack || a.right > w+slack {
			probs = append(probs, fmt.Sprintf("%q runs off the page: x %.1f to %.1f of %.1f", a.s, a.left, a.right, w))
		}
		for _, b := range texts[i+1:] {
			if b.rotated {
				continue
			}
			if a.left < b.right-slack && b.left < a.right-slack && a.top() < b.bottom()-slack && b.top() < a.bottom()-slack {
				probs = append(probs, fmt.Sprintf("%q (%.1f-%.1f, %.1f) overlaps %q (%.1f-%.1f, %.1f)", a.s, a.left, a.right, a.base, b.s, b.left, b.right, b.base))
			}
		}
	}
	return probs
}

// The checker finds the faults it is there for, in an SVG written the way
// the charts were before they were fixed.
func TestSVGCheckerCatches(t *testing.T) {
	bad := `<?xml version="1.0"?>
<svg width="200pt" height="100pt" viewBox="0 0 200 100" xmlns="http://www.w3.org/2000/svg">
<g transform="scale(1, -1) translate(0, -100)">
<text x="10" y="-80" transform="scale(1, -1)" style="font-family:Liberation Sans;font-weight:bold;font-size:9px;fill:#222222">Indonesia</text>
<text x="10" y="-80" transform="scale(1, -1)" style="font-family:Liberation Sans;font-weight:bold;font-size:9px;fill:#-8000000000000000-8000000000000000-8000000000000000">Indonesia</text>
<text x="150" y="-50" transform="scale(1, -1)" style="font-family:'Liberation Sans', sans-serif;font-size:9px;fill:#222222">Philippines</text>
<text x="180" y="-50" transform="scale(1, -1)" style="font-family:'Liberation Sans', sans-serif;font-size:9px;fill:#222222">$12B</text>
</g></svg>`
	probs := strings.Join(checkSVG(t, []byte(bad), "Title"), "\n")
	for _, want := range []string{"invalid fill colour", "names no generic font", `title "Indonesia" written twice`, `"Philippines"`, "overlaps", "runs off the page", `chart title "Title"`} {
		if !strings.Contains(probs, want) {
			t.Errorf("checker misses %q; it found:\n%s", want, probs)
		}
	}
}

// Degenerate but valid inputs draw without a panic, in every format, as
// SVG that passes the same checks: flat, all-zero, all-negative and
// single-entity data. With -short only the SVG is drawn (the checked
// format; PNG's rasterising and encoding took most of the time); without,
// as in CI, PNG and PDF too.
func TestDegenerate(t *testing.T) {
	m := Meta{Title: "Degenerate", Unit: USD}
	x := []float64{2018, 2019, 2020}
	for _, tc := range []struct {
		name  string
		build func() (*Chart, error)
	}{
		{"histogram equal", func() (*Chart, error) { return Histogram(m, []float64{5e9, 5e9, 5e9}, 0) }},
		{"histogram zero", func() (*Chart, error) { return Histogram(m, []float64{0, 0}, 0) }},
		{"histogram negative", func() (*Chart, error) { return Histogram(m, []float64{-3e9, -1e9, -2e9, -2.5e9}, 3) }},
		{"years zero", func() (*Chart, error) { return DividendYears(m, Series{X: x, Y: []float64{0, 0, 0}}) }},
		{"years negative", func() (*Chart, error) { return DividendYears(m, Series{X: x, Y: []float64{-1e9, -2e9, -3e9}}) }},
		{"waterfall zero", func() (*Chart, error) { return Waterfall(m, []Bar{{"ID", 0}, {"TH", 0}}, "ASEAN") }},
		{"waterfall losses", func() (*Chart, error) { return Waterfall(m, []Bar{{"ID", -4e9}, {"TH", -1e9}}, "ASEAN") }},
		{"share one", func() (*Chart, error) { return DividendShare(m, []MemberDividend{{"KH", 0, 1e9}}) }},
		{"slope flat", func() (*Chart, error) { return Slope(m, 2018, 2035, []SlopePoint{{"ID", 100, 100}}) }},
		{"lines flat", func() (*Chart, error) { return Lines(m, []Series{{Name: "binding", X: x, Y: []float64{0, 0, 0}}}) }},
		{"cross-border zero", func() (*Chart, error) {
			return CrossBorderMatrix(m, Matrix{Rows: []string{"ID", "TH"}, Cols: []string{"ID", "TH"}, Values: [][]float64{{5, 0}, {0, 3}}})
		}},
		{"heat flat", func() (*Chart, error) {
			return HeatMap(Meta{Title: "Flat", Unit: Plain}, Grid{X: []float64{0, 1}, Y: []float64{0, 1}, Z: [][]float64{{0.2, 0.2}, {0.2, 0.2}}})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := tc.build()
			if err != nil {
				t.Fatalf("valid input refused: %v", err)
			}
			formats := []Format{PNG, SVG, PDF}
			if testing.Short() {
				formats = []Format{SVG}
			}
			for _, f := range formats {
				var buf bytes.Buffer
				if err := c.Render(&buf, f, Page); err != nil {
					t.Fatalf("%v: %v", f, err)
				}
				if f == SVG {
					for _, p := range checkSVG(t, buf.Bytes(), c.meta.Title) {
						t.Error(p)
					}
				}
			}
		})
	}
}

// A matrix with no flow between members says so in words and draws no
// cells: the reader sees the sentence, not a grid of "$0".
func TestCrossBorderEmptySays(t *testing.T) {
	m, mat := crossBorderEmptyFixture()
	c, err := CrossBorderMatrix(m, mat)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.Render(&buf, SVG, Page); err != nil {
		t.Fatal(err)
	}
	texts, _, _, _ := parseSVG(t, buf.Bytes())
	var got []string
	for _, tx := range texts {
		got = append(got, tx.s)
	}
	want := []string{m.Title, m.Subtitle, m.Empty, m.Source}
	slices.Sort(got)
	slices.Sort(want)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("texts %q, want %q", got, want)
	}
}
