package chart

import (
	"fmt"
	"io"
	"strings"

	"github.com/digisim/digisim/internal/atomicfile"
	"github.com/digisim/digisim/output/chart/internal/pdf"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Format is an output file format.
type Format int

const (
	PNG Format = iota // raster at 192 dpi (2x screen density)
	SVG               // vector; fonts referenced by name, not embedded
	PDF               // vector; text as text in subsets of the fonts (package internal/pdf)
)

var formatNames = []string{PNG: "png", SVG: "svg", PDF: "pdf"}

func (f Format) String() string {
	if f < 0 || int(f) >= len(formatNames) {
		return fmt.Sprintf("Format(%d)", int(f))
	}
	return formatNames[f]
}

// ParseFormat parses "png", "svg" or "pdf" (any case, with or without a
// leading dot, so a file extension works).
func ParseFormat(s string) (Format, error) {
	t := strings.ToLower(strings.TrimPrefix(s, "."))
	for i, n := range formatNames {
		if t == n {
			return Format(i), nil
		}
	}
	return 0, fmt.Errorf("chart: format %q: want one of png, svg, pdf", s)
}

// Size is a chart's physical size.
type Size int

const (
	Slide  Size = iota // 25.4 x 14.29 cm, 16:9, full width of a widescreen slide
	Page               // 16 x 11 cm, half an A4 page at text width
	Square             // 14 x 14 cm, for matrices
)

var sizeNames = []string{Slide: "slide", Page: "page", Square: "square"}

func (s Size) String() string {
	if s < 0 || int(s) >= len(sizeNames) {
		return fmt.Sprintf("Size(%d)", int(s))
	}
	return sizeNames[s]
}

// ParseSize parses "slide", "page" or "square" (any case).
func ParseSize(s string) (Size, error) {
	t := strings.ToLower(s)
	for i, n := range sizeNames {
		if t == n {
			return Size(i), nil
		}
	}
	return 0, fmt.Errorf("chart: size %q: want one of slide, page, square", s)
}

// Dimensions returns the width and height of the size.
func (s Size) Dimensions() (w, h vg.Length) {
	switch s {
	case Slide:
		return 25.4 * vg.Centimeter, 14.2875 * vg.Centimeter
	case Square:
		return 14 * vg.Centimeter, 14 * vg.Centimeter
	default:
		return 16 * vg.Centimeter, 11 * vg.Centimeter
	}
}

// pngDPI is twice the 96 dpi of a standard screen.
const pngDPI = 192

// Render draws the chart at the size and writes it to w in the format.
func (c *Chart) Render(w io.Writer, f Format, s Size) error {
	if s < 0 || int(s) >= len(sizeNames) {
		return fmt.Errorf("chart: render: unknown %v", s)
	}
	width, height := s.Dimensions()
	var cv interface {
		vg.CanvasSizer
		io.WriterTo
	}
	switch f {
	case PNG:
		cv = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(pngDPI))}
	case SVG:
		cv = &svgCanvas{Canvas: vgsvg.New(width, height)}
	case PDF:
		p := pdf.New(width, height)
		p.Title = c.meta.Title
		cv = p
	default:
		return fmt.Errorf("chart: render: unknown %v", f)
	}
	c.Draw(draw.New(cv))
	if _, err := cv.WriteTo(w); err != nil {
		return fmt.Errorf("chart: render %v: %w", f, err)
	}
	return nil
}

// Save renders the chart and writes it to path atomically (package
// internal/atomicfile): a failed save leaves no partial file and any
// earlier chart of that name untouched. Missing folders are created.
func (c *Chart) Save(path string, f Format, s Size) error {
	if err := atomicfile.Write(path, func(w io.Writer) error { return c.Render(w, f, s) }); err != nil {
		return fmt.Errorf("chart: save %s: %w", path, err)
	}
	return nil
}
