package chart

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// FitPanel is one observed series and the model's values for it, for Fit.
type FitPanel struct {
	// Name titles the panel, e.g. "SEA-6 GMV\nE-commerce"; a newline
	// breaks it into two lines, which keeps titles narrow in many columns.
	Name string
	// Unit formats the panel's value axis: panels may differ (GMV in US$
	// next to users in persons).
	Unit Unit
	// Observed holds the data points; Fitted the model's values, usually at
	// the same years. Each needs at least one point (a series observed in
	// a single year is common). Their Names are not used.
	Observed, Fitted Series
}

// FitOptions configures Fit.
type FitOptions struct {
	// Columns is the number of panels per row; 0 picks one as
	// SmallMultiples does.
	Columns int
	// TrainUntil, if not 0, is the last year the model was fitted to (a
	// backtest): the years after it are shaded and labelled out of sample.
	TrainUntil float64
}

// Marker sizes of Fit, in points. The model's rings are larger than the
// observed dots, so a fitted value that coincides with an observed one
// shows as a ring around the dot.
const (
	dotRadius  = 2.6
	ringRadius = 4.2
	ringWidth  = 1.3
)

var (
	observedColour = color.Color(Observed)
	modelColour    = color.Color(Indigo)
	outOfSample    = color.RGBA{0xec, 0xec, 0xec, 0xff}
)

// Fit draws observed values against a model's fitted values (a calibration
// or a backtest): one panel per observed series, each with its own value
// axis from zero (when its values are >= 0) in its own unit and one shared
// time axis in integer years. Observed values are black dots; the model's
// values a blue line with open rings, so that a single year and a fitted
// value on top of an observed one both stay visible. With
// opt.TrainUntil the years after it are shaded grey as out of sample.
func Fit(meta Meta, panels []FitPanel, opt FitOptions) (*Chart, error) {
	ck := checker{chart: "Fit"}
	if len(panels) == 0 {
		ck.add("", "no panels to draw")
	}
	if opt.Columns < 0 {
		ck.add("Columns", "%d is negative", opt.Columns)
	}
	if math.IsNaN(opt.TrainUntil) || math.IsInf(opt.TrainUntil, 0) {
		ck.add("TrainUntil", "%v is not a finite year (0 means no out-of-sample years)", opt.TrainUntil)
	}
	seen := map[string]bool{}
	for i, p := range panels {
		name := fmt.Sprintf("panel %q", p.Name)
		if p.Name == "" {
			name = fmt.Sprintf("panel %d", i)
			ck.add(name, "has no name to title it")
		} else if seen[p.Name] {
			ck.add(name, "appears twice")
		}
		seen[p.Name] = true
		if p.Unit < Plain || p.Unit > Fraction {
			ck.add(name+" Unit", "%d is not a unit (Plain, USD, Persons or Fraction)", int(p.Unit))
		}
		ck.series(name+" observed", p.Observed, 1)
		ck.series(name+" fitted", p.Fitted, 1)
	}
	if err := ck.err(); err != nil {
		return nil, err
	}

	n := len(panels)
	c := newGrid(meta, n, opt.Columns)
	cols := c.cols

	// One time axis for every panel, half a year wider than the data at
	// each end so that markers on the first and last years stand clear of
	// the axes.
	xlo, xhi := math.Inf(1), math.Inf(-1)
	for _, p := range panels {
		for _, s := range []Series{p.Observed, p.Fitted} {
			xlo, xhi = math.Min(xlo, s.X[0]), math.Max(xhi, s.X[len(s.X)-1])
		}
	}
	if opt.TrainUntil != 0 {
		xhi = math.Max(xhi, opt.TrainUntil+1)
	}
	xlo, xhi = xlo-0.5, xhi+0.5
	shaded := opt.TrainUntil != 0 && opt.TrainUntil+0.5 < xhi

	for i, fp := range panels {
		r, k := i/cols, i%cols
		p := newPanel()
		p.Title.Text = fp.Name
		if shaded {
			p.Add(band{from: opt.TrainUntil + 0.5, colour: outOfSample})
		}
		p.Add(gridLines{horizontal: true})
		if len(fp.Fitted.X) > 1 {
			l, err := newLine(fp.Fitted.X, fp.Fitted.Y, Style{Color: modelColour}, panelWidth)
			if err != nil {
				return nil, fmt.Errorf("chart: Fit: %s: %w", fp.Name, err)
			}
			p.Add(l)
		}
		rings, err := plotter.NewScatter(xys(fp.Fitted.X, fp.Fitted.Y))
		if err != nil {
			return nil, fmt.Errorf("chart: Fit: %s: %w", fp.Name, err)
		}
		rings.GlyphStyle = draw.GlyphStyle{Color: modelColour, Radius: vg.Points(ringRadius), Shape: openRing{width: vg.Points(ringWidth)}}
		p.Add(rings)
		dots, err := plotter.NewScatter(xys(fp.Observed.X, fp.Observed.Y))
		if err != nil {
			return nil, fmt.Errorf("chart: Fit: %s: %w", fp.Name, err)
		}
		dots.GlyphStyle = draw.GlyphStyle{Color: observedColour, Radius: vg.Points(dotRadius), Shape: draw.CircleGlyph{}}
		p.Add(dots)
		p.Add(zeroLine{})

		gridTimeAxis(p, i, n, cols, xlo, xhi, 4, meta.XLabel)
		lo, hi := bounds(fp.Observed.Y, fp.Fitted.Y)
		var step float64
		p.Y.Min, p.Y.Max, step = valueRange(lo, hi, lo >= 0, 3)
		p.Y.Tick.Marker = valueTicks{unit: fp.Unit, target: 3, step: step}
		c.panels[r*cols+k] = p
	}
	c.addLegend("Observed", Style{Color: observedColour}, keyDot, 0)
	c.addLegend("Model", Style{Color: modelColour}, keyLineRing, vg.Points(panelWidth))
	if shaded {
		c.addLegend("Out of sample", Style{Color: outOfSample}, keyFill, 0)
	}
	return c, nil
}

// defaultColumns is the number of columns of n small multiples: one row up
// to three, two rows up to ten, then about twice as wide as high.
// newGrid returns a chart of n panels in the given number of columns (0:
// a default for n), as many rows as they need.
func newGrid(meta Meta, n, columns int) *Chart {
	cols := columns
	if cols == 0 {
		cols = defaultColumns(n)
	}
	cols = min(cols, n)
	return newChart(meta, (n+cols-1)/cols, cols)
}

func defaultColumns(n int) int {
	switch {
	case n <= 3:
		return n
	case n <= 10:
		return (n + 1) / 2
	default:
		return int(math.Ceil(math.Sqrt(2 * float64(n))))
	}
}

// openRing is a circle outline of a given line width, filled white so that
// the line through it does not cross it.
type openRing struct{ width vg.Length }

func (o openRing) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	var p vg.Path
	p.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
	p.Arc(pt, sty.Radius, 0, 2*math.Pi)
	p.Close()
	c.SetColor(color.White)
	c.Fill(p)
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: o.width})
	c.Stroke(p)
}

// band shades the data area from x = from to the right edge: the
// out-of-sample years of a backtest.
type band struct {
	from   float64
	colour color.Color
}

func (b band) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x0 := max(trX(b.from), c.Min.X)
	if x0 >= c.Max.X {
		return
	}
	rect := vg.Rectangle{Min: vg.Point{X: x0, Y: c.Min.Y}, Max: c.Max}
	c.SetColor(b.colour)
	c.Fill(rect.Path())
}

// gridTimeAxis sets the shared time axis of panel i of n in a grid of cols
// columns: year labels and the axis label only under the lowest panel of
// each column.
func gridTimeAxis(p *plot.Plot, i, n, cols int, xlo, xhi float64, ticks int, xlabel string) {
	below := i+cols < n
	if below {
		xlabel = ""
	}
	setTimeAxis(p, xlo, xhi, ticks, xlabel)
	if below {
		p.X.Tick.Marker = noLabels{p.X.Tick.Marker}
	}
}
