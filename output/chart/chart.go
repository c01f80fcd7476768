package chart

import (
	"image/color"
	"math"
	"strings"

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
	// Label is the name a reader sees; "" shows DisplayName(Name).
	Label string
	X, Y  []float64
}

// label is the name of the series a reader sees.
func (s Series) label(m Meta) string {
	if s.Label != "" {
		return s.Label
	}
	return m.name(s.Name)
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

	// Scale fixes the colour scale of HeatMap and CrossBorderMatrix, so
	// that charts of several years or scenarios compare (see
	// CrossBorderScale); the zero Scale fits the scale to the data.
	Scale Scale

	// Events mark dates on the time axis of Lines, Fan and DividendYears
	// as thin vertical lines with a short label (a policy's entry into
	// force, the end of its phase-in, the base year).
	Events []Event

	// Empty is what a matrix chart says instead of drawing a uniform grid
	// when every value it would colour is zero, e.g. "No cross-border
	// trade without coordination"; "" gives a generic sentence.
	Empty string

	// Region names and colours the members and scenarios of a user's own
	// region; nil for the shipped scenarios, whose names and colours the
	// chart tables fix.
	Region *Region
}

// Region is what a chart needs to know of a user's own region: its
// members, what the scenario calls them and the colours its [region]
// table sets. Colours are assigned over all the members, not only those
// a chart shows, so that a member keeps its colour in every chart.
type Region struct {
	Members []string          // every member's id
	Names   map[string]string // display names by id ("AR": "Argentina")
	Colours map[string]string // "#rrggbb" by id
}

// Name is the reader's name of an id: the region's name for one of its
// members, else DisplayName's (also for a nil Region); in a user's region,
// an id of its own in lower case reads as words ("digital_skills" is
// "Digital skills", a scenario "mercosur" is "Mercosur").
func (r *Region) Name(id string) string {
	if r != nil && r.Names[id] != "" {
		return r.Names[id]
	}
	n := DisplayName(id)
	if r != nil && n == id && id != "" && id == strings.ToLower(id) {
		n = strings.ToUpper(id[:1]) + strings.ReplaceAll(id[1:], "_", " ")
	}
	return n
}

// name is the reader's name of an id in this chart.
func (m Meta) name(id string) string { return m.Region.Name(id) }

// Event is a date marked on a time axis.
type Event struct {
	Year  float64
	Label string // a few words, e.g. "DEFA in force"
}

// Scale is a colour scale from Lo to Hi, logarithmic if Log (then Lo > 0).
type Scale struct {
	Lo, Hi float64
	Log    bool
}

func (s Scale) set() bool { return s.Hi > s.Lo }

// legendKind says how a legend entry's key is drawn.
type legendKind int

const (
	keyLine     legendKind = iota // a short line, dashed if the style is
	keyFill                       // a filled square
	keyDot                        // a filled dot (observed values)
	keyLineRing                   // a short line through an open ring (model values)
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
	note       string           // said instead of drawing panels (degenerate data)
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
	// Title, subtitle and source keep their sizes at every chart width
	// and wrap onto more lines instead of shrinking (text under 7 pt
	// cannot be read in print).
	if c.meta.Title != "" {
		st := textStyle(titleSize*s, true, textColour)
		st.YAlign = draw.YTop
		t := wrap(st, c.meta.Title, width)
		area.FillText(st, vg.Point{X: area.Min.X, Y: top}, t)
		top -= st.Height(t) + sl(2)
	}
	if c.meta.Subtitle != "" {
		st := textStyle(subtitleSize*s, false, mutedColour)
		st.YAlign = draw.YTop
		t := wrap(st, c.meta.Subtitle, width)
		area.FillText(st, vg.Point{X: area.Min.X, Y: top}, t)
		top -= st.Height(t)
	}
	top -= sl(gap)
	bottom := area.Min.Y
	if c.meta.Source != "" {
		st := textStyle(sourceSize*s, false, mutedColour)
		st.YAlign = draw.YBottom
		t := wrap(st, c.meta.Source, width)
		// Lift by the descent so descenders are not clipped.
		area.FillText(st, vg.Point{X: area.Min.X, Y: bottom + st.FontExtents().Descent}, t)
		bottom += st.Height(t) + sl(gap)
	}
	body := area
	body.Min.Y, body.Max.Y = bottom, top

	// The right column: legend or colour bar, beside the data.
	var side vg.Length
	var lg legendLayout
	inCell := false
	if len(c.legend) > 0 {
		// A grid whose last cell is empty holds the legend there, where
		// it takes no width from the panels, if it fits.
		if c.rows > 1 && c.panels[len(c.panels)-1] == nil {
			lg = c.layoutLegend(s, (body.Max.Y-body.Min.Y)/vg.Length(c.rows))
			cell := (body.Max.X - body.Min.X) / vg.Length(c.cols)
			inCell = lg.perCol == len(c.legend) && lg.width <= cell*0.8
		}
		if !inCell {
			lg = c.layoutLegend(s, body.Max.Y-body.Min.Y)
			side = lg.width + sl(gap)
			// A square or tall canvas has height to spare and width to
			// keep: the legend goes in rows above the panels, so the
			// plot area keeps the full width.
			if w := body.Max.X - body.Min.X; c.bar == nil && dc.Max.Y-dc.Min.Y >= 0.8*(dc.Max.X-dc.Min.X) && side > w*0.15 {
				lg.across = max(1, int((w+sl(gap))/(lg.colWidth+sl(gap))))
				lg.perCol = len(c.legend)
				rows := (len(c.legend) + lg.across - 1) / lg.across
				h := vg.Length(rows) * lg.row
				lg.draw(draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
					Min: vg.Point{X: body.Min.X, Y: body.Max.Y - h}, Max: vg.Point{X: body.Max.X, Y: body.Max.Y}}}, s)
				body.Max.Y -= h + sl(gap)
				side, inCell, lg.drawn = 0, false, true
			}
		}
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

	if c.note != "" {
		st := textStyle(subtitleSize*s*1.2, false, textColour)
		st = fit(st, c.note, body.Max.X-body.Min.X)
		st.XAlign, st.YAlign = draw.XCenter, draw.YCenter
		dc.FillText(st, vg.Point{X: (body.Min.X + body.Max.X) / 2, Y: (body.Min.Y + body.Max.Y) / 2}, c.note)
		return
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
	if restore := c.wrapLongPanelTitles(grid, canvases, body.Max.X, sl(gap)); restore != nil {
		defer restore()
		canvases = plot.Align(grid, tiles, body) // the panels reserve two lines
	}
	defer c.thinCrowdedYears(grid, canvases)()
	titleSize := panelSize * s * c.panelTitleScale(grid, canvases, body.Max.X, sl(gap))
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
				st := textStyle(titleSize, true, textColour)
				st.YAlign = draw.YBottom
				x := d.Min.X
				if k == len(grid[r])-1 || grid[r][k+1] == nil {
					// The last panel of a row: a title too long even
					// shrunk moves left over its own tick labels
					// rather than off the page.
					if w := st.Width(p.Title.Text) * substituteBold; x+w > body.Max.X {
						x = max(canvases[r][k].Min.X, body.Max.X-w)
					}
				}
				dc.FillText(st, vg.Point{X: x, Y: d.Max.Y + p.Title.Padding + st.FontExtents().Descent}, p.Title.Text)
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
	switch {
	case lg.drawn:
	case inCell:
		lg.draw(c.legendCell(grid, canvases, lg.width), s)
	case len(c.legend) > 0:
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

// legendCell returns the canvas of the empty last cell of the grid for a
// legend of the given width: left-aligned with the data of the panel above
// it where the legend fits so, its top level with the data of its row.
func (c *Chart) legendCell(grid [][]*plot.Plot, canvases [][]draw.Canvas, width vg.Length) draw.Canvas {
	r, k := c.rows-1, c.cols-1
	cell := canvases[r][k]
	if above := grid[r-1][k]; above != nil {
		x := above.DataCanvas(canvases[r-1][k]).Min.X
		cell.Min.X = max(cell.Min.X, min(x, cell.Max.X-width))
	}
	if first := grid[r][0]; first != nil {
		cell.Max.Y = first.DataCanvas(canvases[r][0]).Max.Y
	}
	return cell
}

// panelTitleScale returns the factor (from 0.7 to 1) by which all panel
// titles shrink so that each ends before the value labels of the panel to
// its right, less a gap (or, in the last column, before right); one factor
// for all keeps the titles alike.
func (c *Chart) panelTitleScale(grid [][]*plot.Plot, canvases [][]draw.Canvas, right, gap vg.Length) float64 {
	scale := 1.0
	for r, row := range grid {
		for k, p := range row {
			if p == nil || p.Title.Text == "" {
				continue
			}
			room := titleRoom(row, canvases[r], k, right, gap)
			if w := p.Title.TextStyle.Width(p.Title.Text) * substituteBold; w > room && room > 0 {
				scale = min(scale, float64(room/w))
			}
		}
	}
	return max(scale, minTitleScale)
}

// minTitleScale is the smallest scale of panel titles: 7 of 9 points.
const minTitleScale = float64(minText) / panelSize // 7/9 of untyped integer constants would be 0

// titleRoom is the width a panel's title has: from its data area to the
// next panel's tick labels in the row, or to right.
func titleRoom(row []*plot.Plot, canvases []draw.Canvas, k int, right, gap vg.Length) vg.Length {
	d := row[k].DataCanvas(canvases[k])
	if k+1 < len(row) && row[k+1] != nil {
		n := row[k+1]
		var widest vg.Length
		for _, t := range n.Y.Tick.Marker.Ticks(n.Y.Min, n.Y.Max) {
			widest = max(widest, n.Y.Tick.Label.Width(t.Label))
		}
		return n.DataCanvas(canvases[k+1]).Min.X - n.Y.Tick.Length - widest - gap - d.Min.X
	}
	return right - d.Min.X
}

// wrapLongPanelTitles breaks a panel title that would not fit its room even
// at the smallest title size onto two lines at a ", " ("Own capacity
// investment, Indonesia, Payments" runs into the next panel's title at page
// size), at the comma that makes the wider line narrowest. It returns the
// function that restores the titles, or nil when none was broken (then the
// panels need not be aligned again).
func (c *Chart) wrapLongPanelTitles(grid [][]*plot.Plot, canvases [][]draw.Canvas, right, gap vg.Length) (restore func()) {
	var undo []func()
	for r, row := range grid {
		for k, p := range row {
			if p == nil || !strings.Contains(p.Title.Text, ", ") || strings.Contains(p.Title.Text, "\n") {
				continue
			}
			width := func(s string) vg.Length {
				return p.Title.TextStyle.Width(s) * substituteBold * vg.Length(minTitleScale)
			}
			room := titleRoom(row, canvases[r], k, right, gap)
			if width(p.Title.Text) <= room || room <= 0 {
				continue
			}
			orig, best, bestW := p.Title.Text, "", vg.Length(math.Inf(1))
			for i := 0; ; {
				j := strings.Index(orig[i:], ", ")
				if j < 0 {
					break
				}
				i += j
				two := orig[:i+1] + "\n" + orig[i+2:]
				if w := width(two); w < bestW {
					best, bestW = two, w
				}
				i += 2
			}
			p.Title.Text = best
			undo = append(undo, func() { p.Title.Text = orig })
		}
	}
	if undo == nil {
		return nil
	}
	return func() {
		for _, u := range undo {
			u()
		}
	}
}

// thinCrowdedYears labels fewer years on time axes too narrow for their
// labels side by side (a year every two instead of every year in a narrow
// panel), and fewer values on value x axes likewise, and returns the function that restores the axes, so that one
// chart drawn at another size starts again from its own tick choice.
func (c *Chart) thinCrowdedYears(grid [][]*plot.Plot, canvases [][]draw.Canvas) (restore func()) {
	var undo []func()
	for r, row := range grid {
		for k, p := range row {
			if p == nil {
				continue
			}
			orig := p.X.Tick.Marker
			_, hidden := orig.(noLabels)
			d := p.DataCanvas(canvases[r][k])
			room := d.Max.X - d.Min.X
			var yt yearTicks
			switch m := orig.(type) {
			case valueTicks:
				// A value axis whose labels run into each other (money in
				// a half-width panel) gets fewer, coarser ticks.
				// They need only not touch (a tenth of a label apart): a
				// value axis has no minor ticks to carry the eye.
				for t := m.target - 1; t >= 2 && !labelsApart(p, p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max), room, 1.1); t-- {
					p.X.Tick.Marker = valueTicks{unit: m.unit, target: t}
				}
				if p.X.Tick.Marker != orig {
					undo = append(undo, func() { p.X.Tick.Marker = orig })
				}
				continue
			case yearTicks:
				yt = m
			case noLabels:
				inner, ok := m.Ticker.(yearTicks)
				if !ok {
					continue
				}
				yt = inner
			default:
				continue
			}
			n := yt.max
			for ; n > 0; n-- {
				if labelsApart(p, (yearTicks{max: n}).Ticks(p.X.Min, p.X.Max), room, 4.0/3) {
					break
				}
			}
			if n == yt.max {
				continue
			}
			var m plot.Ticker = yearTicks{max: n}
			if hidden {
				m = noLabels{m}
			}
			p.X.Tick.Marker = m
			undo = append(undo, func() { p.X.Tick.Marker = orig })
		}
	}
	return func() {
		for _, u := range undo {
			u()
		}
	}
}

// labelsApart reports whether the labelled ticks of an x axis room wide
// sit at least spacing label widths apart (4/3: a third of a label between
// neighbours), with the labels as wide as in a substitute font; it checks
// each pair, as the first and last years may sit closer to their
// neighbours than the step between the others.
func labelsApart(p *plot.Plot, ticks []plot.Tick, room vg.Length, spacing float64) bool {
	var widest vg.Length
	var at []float64
	for _, t := range ticks {
		if t.Label != "" {
			widest = max(widest, p.X.Tick.Label.Width(t.Label))
			at = append(at, t.Value)
		}
	}
	perUnit := room / vg.Length(p.X.Max-p.X.Min)
	for i := 1; i < len(at); i++ {
		if vg.Length(at[i]-at[i-1])*perUnit < widest*substituteWidth*vg.Length(spacing) {
			return false
		}
	}
	return true
}

// fit shrinks a text style until txt fits in width (down to 6 pt), so long
// titles and source lines are never clipped.
func fit(st text.Style, txt string, width vg.Length) text.Style {
	for st.Width(txt)*substitute(st) > width && st.Font.Size > vg.Points(minText) {
		st.Font.Size = max(vg.Points(minText), st.Font.Size*0.95)
	}
	return st
}

// minText is the smallest text of a chart at its size, in points: what
// can be read in print.
const minText = 7

// wrap breaks txt at spaces into lines that fit width (as wide as in a
// substitute font), so that long text keeps its size.
func wrap(st text.Style, txt string, width vg.Length) string {
	if st.Width(txt)*substitute(st) <= width {
		return txt
	}
	var lines []string
	line := ""
	for _, w := range strings.Fields(txt) {
		next := w
		if line != "" {
			next = line + " " + w
		}
		if line != "" && st.Width(next)*substitute(st) > width {
			lines = append(lines, line)
			next = w
		}
		line = next
	}
	return strings.Join(append(lines, line), "\n")
}

// legendLayout is the legend measured for one drawing.
type legendLayout struct {
	entries  []legendEntry
	sty      text.Style
	key, row vg.Length
	colWidth vg.Length
	perCol   int
	width    vg.Length
	// across > 0 lays the entries out in rows of across entries (a
	// legend above the panels); drawn says it has been drawn there.
	across int
	drawn  bool
}

func (c *Chart) layoutLegend(s float64, height vg.Length) legendLayout {
	l := legendLayout{entries: c.legend, sty: textStyle(legendSize*s, false, textColour)}
	l.sty.YAlign = draw.YCenter
	l.key = vg.Length(s) * 0.7 * vg.Centimeter
	l.row = l.sty.Height("Mg") * 1.45
	var maxText vg.Length
	for _, e := range c.legend {
		maxText = max(maxText, l.sty.Width(e.label)*substituteWidth)
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
		if l.across > 0 {
			col, row = i%l.across, i/l.across
		}
		x := c.Min.X + vg.Length(col)*(l.colWidth+vg.Length(s)*gap)
		y := c.Max.Y - (vg.Length(row)+0.5)*l.row
		switch e.kind {
		case keyFill:
			h := l.row * 0.6
			rect := vg.Rectangle{Min: vg.Point{X: x, Y: y - h/2}, Max: vg.Point{X: x + l.key, Y: y + h/2}}
			c.SetColor(e.style.Color)
			c.Fill(rect.Path())
		case keyDot:
			c.DrawGlyph(draw.GlyphStyle{Color: e.style.Color, Radius: vg.Points(dotRadius), Shape: draw.CircleGlyph{}}, vg.Point{X: x + l.key/2, Y: y})
		case keyLineRing:
			c.StrokeLine2(draw.LineStyle{Color: e.style.Color, Width: e.width * vg.Length(s)}, x, y, x+l.key, y)
			c.DrawGlyph(draw.GlyphStyle{Color: e.style.Color, Radius: vg.Points(ringRadius), Shape: openRing{width: vg.Points(ringWidth)}}, vg.Point{X: x + l.key/2, Y: y})
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

// textOn returns c darkened, keeping its hue, until text in it has a
// contrast of at least 4.5:1 on white (WCAG AA: (1 + 0.05) / (L + 0.05)
// >= 4.5, so relative luminance L <= 0.183), as labels in a line's
// colour need; lines keep the colour itself.
func textOn(c color.Color) color.Color {
	if c == nil {
		return textColour
	}
	r, g, b, _ := c.RGBA()
	k := 1.0
	for {
		d := color.RGBA64{R: uint16(float64(r) * k), G: uint16(float64(g) * k), B: uint16(float64(b) * k), A: 0xffff}
		if luminance(d) <= 0.18 {
			return color.RGBA{R: uint8(d.R >> 8), G: uint8(d.G >> 8), B: uint8(d.B >> 8), A: 0xff}
		}
		k *= 0.97
	}
}

// withAlpha returns c at opacity a, premultiplied as image/color expects.
func withAlpha(c color.Color, a float64) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA64{R: uint16(r), G: uint16(g), B: uint16(b), A: uint16(a * 0xffff)}
}
