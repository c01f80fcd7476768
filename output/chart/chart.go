package chart

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one named line: Y[i] at X[i], X strictly increasing (years on
// time axes). Name is the member, segment or scenario id; it picks the
// series' style and, through DisplayName, its legend label.
type Series struct {
	Name string
	X, Y []float64
}

// Meta is the text around a chart and how its values read.
type Meta struct {
	Title    string // what the chart shows, e.g. "Regional GMV by segment"
	Subtitle string // scenario and unit, e.g. "Scenario agreement, US$ nominal"
	Source   string // e.g. "Source: digisim v0.3, scenario agreement; base-year data e-Conomy SEA 2018"

	XLabel, YLabel string // axis labels with units, e.g. "GMV (US$)"
	ValueLabel     string // label of a heat map's colour bar, e.g. "Dividend (US$)"

	// Unit formats the value axis (y, or x for horizontal bars) and the
	// colour bar and cell labels of heat maps.
	Unit Unit

	// LogY puts the value axis of Lines and SmallMultiples on a log scale;
	// every value must then be > 0.
	LogY bool
}

// legendKind says how a legend entry's key is drawn.
type legendKind int

const (
	keyLine legendKind = iota // a short line, dashed if the style is
	keyFill                   // a filled square
)

type legendEntry struct {
	label string
	style Style
	kind  legendKind
	width vg.Length // line width for keyLine
}

// Chart is a rendered-ready chart: one or more gonum/plot panels in a grid,
// with the house title, subtitle, source line, a legend beside the data and,
// for heat maps, a colour bar. Draw it on any vg canvas, or write it with
// Render or Save.
type Chart struct {
	meta       Meta
	rows, cols int
	panels     []*plot.Plot // row-major; nil is an empty cell
	legend     []legendEntry
	bar        *colourBar
	yLabel     string           // one value-axis label for the whole grid, at its left
	styles     map[string]Style // series key -> style used (for tests and callers)
}

func newChart(meta Meta, rows, cols int) *Chart {
	return &Chart{meta: meta, rows: rows, cols: cols, panels: make([]*plot.Plot, rows*cols), styles: map[string]Style{}}
}

// Meta returns the chart's text and unit.
func (c *Chart) Meta() Meta { return c.meta }

// Panels returns the chart's plots, row by row; a multi-panel chart may have
// nil cells. Callers may adjust them before drawing.
func (c *Chart) Panels() []*plot.Plot { return c.panels }

// StyleFor returns the style the chart gave to the series with the given
// name, and whether there was one.
func (c *Chart) StyleFor(name string) (Style, bool) {
	s, ok := c.styles[name]
	return s, ok
}

func (c *Chart) addLegend(label string, s Style, kind legendKind, width vg.Length) {
	c.legend = append(c.legend, legendEntry{label: label, style: s, kind: kind, width: width})
}

// Layout lengths at font scale 1.
const (
	margin = 0.35 * vg.Centimeter
	gap    = 0.25 * vg.Centimeter
)

// Draw draws the chart on dc: title and subtitle at the top, the source line
// at the bottom, the legend or colour bar at the right, the panels in the
// rest. Fonts scale with the canvas width (see the theme constants).
func (c *Chart) Draw(dc draw.Canvas) {
	s := scaleFor(dc.Max.X - dc.Min.X)
	sl := func(l vg.Length) vg.Length { return l * vg.Length(s) }
	for _, p := range c.panels {
		if p != nil {
			styleAxes(p, s)
		}
	}
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())

	area := draw.Crop(dc, sl(margin), -sl(margin), sl(margin), -sl(margin))
	width := area.Max.X - area.Min.X
	top := area.Max.Y
	if c.meta.Title != "" {
		st := fit(textStyle(titleSize*s, true, textColour), c.meta.Title, width)
		st.YAlign = draw.YTop
		area.FillText(st, vg.Point{X: area.Min.X, Y: top}, c.meta.Title)
		top -= st.Height(c.meta.Title) + sl(2)
	}
	if c.meta.Subtitle != "" {
		st := fit(textStyle(subtitleSize*s, false, mutedColour), c.meta.Subtitle, width)
		st.YAlign = draw.YTop
		area.FillText(st, vg.Point{X: area.Min.X, Y: top}, c.meta.Subtitle)
		top -= st.Height(c.meta.Subtitle)
	}
	top -= sl(gap)
	bottom := area.Min.Y
	if c.meta.Source != "" {
		st := fit(textStyle(sourceSize*s, false, mutedColour), c.meta.Source, width)
		st.YAlign = draw.YBottom
		// Lift by the descent so descenders are not clipped.
		area.FillText(st, vg.Point{X: area.Min.X, Y: bottom + st.FontExtents().Descent}, c.meta.Source)
		bottom += st.Height(c.meta.Source) + sl(gap)
	}
	body := area
	body.Min.Y, body.Max.Y = bottom, top

	// The right column: legend or colour bar, beside the data.
	var side vg.Length
	var lg legendLayout
	if len(c.legend) > 0 {
		lg = c.layoutLegend(s, body.Max.Y-body.Min.Y)
		side = lg.width + sl(gap)
	}
	if c.bar != nil {
		side = c.bar.width(s) + sl(gap)
	}
	body.Max.X -= side
	if c.yLabel != "" {
		st := textStyle(labelSize*s, false, textColour)
		st.Rotation = math.Pi / 2
		st.XAlign, st.YAlign = draw.XCenter, draw.YTop
		dc.FillText(st, vg.Point{X: body.Min.X, Y: (body.Min.Y + body.Max.Y) / 2}, c.yLabel)
		body.Min.X += st.Height(c.yLabel) + sl(4)
	}

	grid := make([][]*plot.Plot, c.rows)
	for r := range grid {
		grid[r] = c.panels[r*c.cols : (r+1)*c.cols]
	}
	tiles := draw.Tiles{Rows: c.rows, Cols: c.cols, PadX: sl(0.5 * vg.Centimeter), PadY: sl(0.35 * vg.Centimeter)}
	if c.rows*c.cols == 1 {
		tiles.PadX, tiles.PadY = 0, 0
	}
	canvases := plot.Align(grid, tiles, body)
	if c.slantCrowdedLabels(grid, canvases) {
		canvases = plot.Align(grid, tiles, body)
	}
	dataTop, dataBottom := body.Max.Y, body.Min.Y
	for r := range grid {
		for k, p := range grid[r] {
			if p == nil {
				continue
			}
			p.Draw(canvases[r][k])
			d := p.DataCanvas(canvases[r][k])
			if p.Title.Text != "" {
				// Just above the data area, which plot.Align lines up
				// across a row; the panel reserved the title's space.
				st := textStyle(panelSize*s, true, textColour)
				st.YAlign = draw.YBottom
				dc.FillText(st, vg.Point{X: d.Min.X, Y: d.Max.Y + p.Title.Padding + st.FontExtents().Descent}, p.Title.Text)
			}
			if r == 0 && k == 0 {
				dataTop, dataBottom = d.Max.Y, d.Min.Y
			}
		}
	}
	if c.rows*c.cols > 1 {
		dataBottom = body.Min.Y
	}
	right := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: body.Max.X + sl(gap), Y: body.Min.Y},
		Max: vg.Point{X: area.Max.X, Y: dataTop},
	}}
	if len(c.legend) > 0 {
		lg.draw(right, s)
	}
	if c.bar != nil {
		right.Min.Y = dataBottom
		c.bar.draw(right, s)
	}
}

// slantCrowdedLabels turns category labels on x axes by 30 degrees where
// they would overlap side by side, and reports whether it turned any.
func (c *Chart) slantCrowdedLabels(grid [][]*plot.Plot, canvases [][]draw.Canvas) bool {
	turned := false
	for r, row := range grid {
		for k, p := range row {
			if p == nil {
				continue
			}
			ticks, ok := p.X.Tick.Marker.(plot.ConstantTicks)
			if !ok || len(ticks) == 0 {
				continue
			}
			d := p.DataCanvas(canvases[r][k])
			slot := (d.Max.X - d.Min.X) / vg.Length(p.X.Max-p.X.Min)
			var widest vg.Length
			for _, t := range ticks {
				widest = max(widest, p.X.Tick.Label.Width(t.Label))
			}
			if widest > slot*0.9 {
				p.X.Tick.Label.Rotation = math.Pi / 6
				p.X.Tick.Label.XAlign = draw.XRight
				p.X.Tick.Label.YAlign = draw.YTop
				turned = true
			}
		}
	}
	return turned
}

// fit shrinks a text style until txt fits in width (down to 6 pt), so long
// titles and source lines are never clipped.
func fit(st text.Style, txt string, width vg.Length) text.Style {
	for st.Width(txt) > width && st.Font.Size > vg.Points(6) {
		st.Font.Size *= 0.95
	}
	return st
}

// legendLayout is the legend measured for one drawing.
type legendLayout struct {
	entries  []legendEntry
	sty      text.Style
	key, row vg.Length
	colWidth vg.Length
	perCol   int
	width    vg.Length
}

func (c *Chart) layoutLegend(s float64, height vg.Length) legendLayout {
	l := legendLayout{entries: c.legend, sty: textStyle(legendSize*s, false, textColour)}
	l.sty.YAlign = draw.YCenter
	l.key = vg.Length(s) * 0.7 * vg.Centimeter
	l.row = l.sty.Height("Mg") * 1.45
	var maxText vg.Length
	for _, e := range c.legend {
		maxText = max(maxText, l.sty.Width(e.label))
	}
	l.colWidth = l.key + vg.Length(s)*vg.Points(4) + maxText
	l.perCol = len(c.legend)
	if fits := int(height / l.row); fits >= 1 && fits < l.perCol {
		l.perCol = fits
	}
	cols := (len(c.legend) + l.perCol - 1) / l.perCol
	l.width = vg.Length(cols)*l.colWidth + vg.Length(cols-1)*vg.Length(s)*gap
	return l
}

func (l legendLayout) draw(c draw.Canvas, s float64) {
	for i, e := range l.entries {
		col, row := i/l.perCol, i%l.perCol
		x := c.Min.X + vg.Length(col)*(l.colWidth+vg.Length(s)*gap)
		y := c.Max.Y - (vg.Length(row)+0.5)*l.row
		switch e.kind {
		case keyFill:
			h := l.row * 0.6
			rect := vg.Rectangle{Min: vg.Point{X: x, Y: y - h/2}, Max: vg.Point{X: x + l.key, Y: y + h/2}}
			c.SetColor(e.style.Color)
			c.Fill(rect.Path())
		default:
			w := e.width
			if w == 0 {
				w = vg.Points(2)
			}
			c.StrokeLine2(draw.LineStyle{Color: e.style.Color, Width: w * vg.Length(s), Dashes: e.style.Dashes}, x, y, x+l.key, y)
		}
		c.FillText(l.sty, vg.Point{X: x + l.key + vg.Length(s)*vg.Points(4), Y: y}, e.label)
	}
}

// luminance is the relative luminance (WCAG 2) of a colour, in [0, 1].
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xffff
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// withAlpha returns c at opacity a, premultiplied as image/color expects.
func withAlpha(c color.Color, a float64) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA64{R: uint16(r), G: uint16(g), B: uint16(b), A: uint16(a * 0xffff)}
}
