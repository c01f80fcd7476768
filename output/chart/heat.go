package chart

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// colourMap maps [lo, hi] onto colour stops, linearly in sRGB between
// evenly spaced stops.
type colourMap struct {
	lo, hi float64
	stops  []color.RGBA
	log    bool    // map log10 of the value; lo > 0; values <= lo take the first stop
	step   float64 // tick step of the colour bar, if known
}

// viridis is a perceptually uniform, colour-blind-safe sequential scale
// (van der Walt and Smith, matplotlib's viridis), reversed so that low
// values are light and high values dark, as readers expect of "more".
var viridis = []color.RGBA{
	{0xfd, 0xe7, 0x25, 0xff}, {0xb5, 0xde, 0x2b, 0xff}, {0x6e, 0xce, 0x58, 0xff},
	{0x35, 0xb7, 0x79, 0xff}, {0x1f, 0x9e, 0x89, 0xff}, {0x26, 0x82, 0x8e, 0xff},
	{0x31, 0x68, 0x8e, 0xff}, {0x3e, 0x4a, 0x89, 0xff}, {0x48, 0x28, 0x78, 0xff},
	{0x44, 0x01, 0x54, 0xff},
}

// blueOrange is a diverging scale (ColorBrewer PuOr, colour-blind safe):
// orange below zero, white at zero, purple-blue above.
var blueOrange = []color.RGBA{
	{0xb3, 0x58, 0x06, 0xff}, {0xe0, 0x82, 0x14, 0xff}, {0xfd, 0xb8, 0x63, 0xff},
	{0xfe, 0xe0, 0xb6, 0xff}, {0xf7, 0xf7, 0xf7, 0xff}, {0xd8, 0xda, 0xeb, 0xff},
	{0xb2, 0xab, 0xd2, 0xff}, {0x80, 0x73, 0xac, 0xff}, {0x54, 0x27, 0x88, 0xff},
}

// mapFor returns the colour map for values in [lo, hi]: diverging and
// symmetric about zero when the values have both signs, sequential
// otherwise.
func mapFor(lo, hi float64) colourMap {
	if lo < 0 && hi > 0 {
		m := math.Max(-lo, hi)
		return colourMap{lo: -m, hi: m, stops: blueOrange}
	}
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
		if lo < 0 && hi > 0 && lo+0.5 >= 0 {
			lo, hi = 0, 1
		}
	}
	return colourMap{lo: lo, hi: hi, stops: viridis}
}

// frac returns where v falls on the map, in [0, 1].
func (m colourMap) frac(v float64) float64 {
	var f float64
	if m.log {
		if v <= m.lo {
			return 0
		}
		f = math.Log10(v/m.lo) / math.Log10(m.hi/m.lo)
	} else {
		f = (v - m.lo) / (m.hi - m.lo)
	}
	return math.Max(0, math.Min(1, f))
}

func (m colourMap) at(v float64) color.Color {
	f := m.frac(v)
	f = math.Max(0, math.Min(1, f))
	x := f * float64(len(m.stops)-1)
	i := int(math.Floor(x))
	if i >= len(m.stops)-1 {
		return m.stops[len(m.stops)-1]
	}
	t := x - float64(i)
	a, b := m.stops[i], m.stops[i+1]
	mix := func(p, q uint8) uint8 { return uint8(math.Round(float64(p) + t*(float64(q)-float64(p)))) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// cells draws a matrix as coloured unit squares centred on integer
// positions: column j at x = j, row i at y = i. Each cell carries its value
// as text when all texts fit; masked cells are light grey.
type cells struct {
	z      [][]float64
	mask   [][]bool
	cmap   colourMap
	format func(float64) string
	labels bool
	flip   bool // row 0 at the top, as tables read
	// blankMasked leaves masked cells white and unlabelled (the
	// domestic diagonal of a cross-border matrix).
	blankMasked bool
}

// rowY returns the y position of row i.
func (g *cells) rowY(i int) float64 {
	if g.flip {
		return float64(len(g.z) - 1 - i)
	}
	return float64(i)
}

func (g *cells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	// Cell labels take the tick label font, so they scale with the chart.
	sty := p.X.Tick.Label
	sty.Font.Size *= cellSize / tickSize
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	sty.Rotation = 0 // the x tick labels may be slanted; cell values never are
	// Every cell is labelled or none is: a table with gaps reads as missing
	// data. Labels shrink together to fit the tightest cell, down to 7 pt.
	labels := g.labels
	if labels {
		cw := trX(0.5) - trX(-0.5)
		ch := trY(0.5) - trY(-0.5)
		f := 1.0
		for i, row := range g.z {
			for j, v := range row {
				if g.blankMasked && g.mask != nil && g.mask[i][j] {
					continue
				}
				txt := g.format(v)
				f = math.Min(f, float64(cw*0.82/(sty.Width(txt)*substituteWidth)))
				f = math.Min(f, float64(ch*0.9/sty.Height(txt)))
			}
		}
		sty.Font.Size *= vg.Length(f)
		labels = sty.Font.Size >= vg.Points(minText)
	}
	for i, row := range g.z {
		for j, v := range row {
			x0, x1 := trX(float64(j)-0.5), trX(float64(j)+0.5)
			y0, y1 := trY(g.rowY(i)-0.5), trY(g.rowY(i)+0.5)
			r := vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}
			fill := g.cmap.at(v)
			masked := g.mask != nil && g.mask[i][j]
			if masked {
				fill = color.RGBA{0xee, 0xee, 0xee, 0xff}
				if g.blankMasked {
					continue
				}
			}
			c.SetColor(fill)
			c.Fill(r.Path())
			// A white hairline keeps cells apart.
			c.SetLineStyle(draw.LineStyle{Color: color.White, Width: vg.Points(0.75)})
			c.Stroke(r.Path())
			if !labels {
				continue
			}
			txt := g.format(v)
			ts := sty
			ts.Color = Black
			if luminance(fill) < 0.33 {
				ts.Color = color.White
			}
			c.FillText(ts, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, txt)
		}
	}
}

func (g *cells) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, float64(len(g.z[0])) - 0.5, -0.5, float64(len(g.z)) - 0.5
}

// colourBar is the legend of a heat map: the colour scale as a vertical
// bar with labelled ticks at its right and the value label above it.
type colourBar struct {
	cmap  colourMap
	unit  Unit
	label string
}

func (b *colourBar) styles(s float64) (tick, label text.Style) {
	tick = textStyle(tickSize*s, false, textColour)
	tick.XAlign, tick.YAlign = draw.XLeft, draw.YCenter
	label = textStyle(labelSize*s, false, textColour)
	label.XAlign, label.YAlign = draw.XLeft, draw.YBottom
	return tick, label
}

func (b *colourBar) ticks() []plot.Tick {
	if b.cmap.log {
		return logTicks{unit: b.unit}.Ticks(b.cmap.lo, b.cmap.hi)
	}
	return valueTicks{unit: b.unit, target: 5, step: b.cmap.step}.Ticks(b.cmap.lo, b.cmap.hi)
}

func (b *colourBar) width(s float64) vg.Length {
	tick, label := b.styles(s)
	var w vg.Length
	for _, t := range b.ticks() {
		w = max(w, tick.Width(t.Label)*substituteWidth)
	}
	bar := vg.Length(s) * 0.4 * vg.Centimeter
	return max(bar+vg.Length(s)*vg.Points(5)+w, label.Width(b.label)*substituteWidth)
}

func (b *colourBar) draw(c draw.Canvas, s float64) {
	tick, label := b.styles(s)
	bar := vg.Length(s) * 0.4 * vg.Centimeter
	top := c.Max.Y
	if b.label != "" {
		c.FillText(label, vg.Point{X: c.Min.X, Y: top - label.Height(b.label)}, b.label)
		top -= label.Height(b.label) + vg.Length(s)*vg.Points(6)
	}
	bottom := c.Min.Y
	if top-bottom > 7*vg.Centimeter*vg.Length(s) {
		bottom = top - 7*vg.Centimeter*vg.Length(s)
	}
	const steps = 64
	h := (top - bottom) / steps
	for k := range steps {
		f := (float64(k) + 0.5) / steps
		v := b.cmap.lo + f*(b.cmap.hi-b.cmap.lo)
		if b.cmap.log {
			v = b.cmap.lo * math.Pow(b.cmap.hi/b.cmap.lo, f)
		}
		r := vg.Rectangle{Min: vg.Point{X: c.Min.X, Y: bottom + vg.Length(k)*h}, Max: vg.Point{X: c.Min.X + bar, Y: bottom + vg.Length(k+1)*h + 0.3}}
		if k == steps-1 {
			r.Max.Y = top
		}
		c.SetColor(b.cmap.at(v))
		c.Fill(r.Path())
	}
	line := draw.LineStyle{Color: axisColour, Width: vg.Points(0.6)}
	for _, t := range b.ticks() {
		y := bottom + vg.Length(b.cmap.frac(t.Value))*(top-bottom)
		c.StrokeLine2(line, c.Min.X+bar, y, c.Min.X+bar+vg.Length(s)*vg.Points(3), y)
		c.FillText(tick, vg.Point{X: c.Min.X + bar + vg.Length(s)*vg.Points(5), Y: y}, t.Label)
	}
}

// Grid is a two-parameter sweep for HeatMap: Z[i][j] is the outcome at
// parameter levels X[j] and Y[i].
type Grid struct {
	X, Y []float64
	Z    [][]float64
	// XNames and YNames, if given, label the levels instead of their
	// values (scenario names for a lever, say); one name per level.
	XNames, YNames []string
}

// Matrix is a labelled table for CapacityHeatMap and CrossBorderMatrix:
// Values[i][j] belongs to row Rows[i] and column Cols[j].
type Matrix struct {
	Rows, Cols []string
	Values     [][]float64
}

// checkTable checks the shape and finiteness of a rows x cols table.
func (ck *checker) table(z [][]float64, rows, cols int) bool {
	if rows == 0 || cols == 0 {
		ck.add("", "empty table (%d rows, %d columns)", rows, cols)
		return false
	}
	if len(z) != rows {
		ck.add("values", "has %d rows, want %d", len(z), rows)
		return false
	}
	ok := true
	for i, row := range z {
		if len(row) != cols {
			ck.add(fmt.Sprintf("values row %d", i), "has %d columns, want %d", len(row), cols)
			ok = false
			continue
		}
		ok = ck.finite(fmt.Sprintf("values[%d]", i), row) && ok
	}
	return ok
}

// heatPanel builds the one panel of a matrix chart; ynames are in row
// order.
func heatPanel(g *cells, xnames, ynames []string, meta Meta) *plot.Plot {
	p := newPanel()
	if g.flip {
		ynames = slices.Clone(ynames)
		slices.Reverse(ynames)
	}
	p.Add(g)
	p.X.Tick.Marker = categoryTicks(xnames)
	p.Y.Tick.Marker = categoryTicks(ynames)
	p.X.Min, p.X.Max = -0.5, float64(len(xnames))-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(len(ynames))-0.5
	p.X.Padding, p.Y.Padding = 0, 0
	p.X.Tick.Length, p.Y.Tick.Length = 0, 0
	p.X.LineStyle.Width, p.Y.LineStyle.Width = 0, 0
	p.X.Label.Text, p.Y.Label.Text = meta.XLabel, meta.YLabel
	return p
}

// levelNames labels sweep levels with the fewest decimals that keep them
// apart.
// levelNames labels sweep levels exactly, all with the same number of
// decimals: 0, 0.25, 0.5 are "0.00", "0.25", "0.50".
func levelNames(vs []float64) []string {
	d := 0
	for _, v := range vs {
		d = max(d, decimalsFor(math.Abs(v)))
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = strconv.FormatFloat(v, 'f', d, 64)
	}
	return out
}

// HeatMap draws an outcome over a two-parameter sweep: one cell per pair of
// levels, coloured by a sequential scale (a diverging one, centred on zero,
// when the outcome has both signs), with the value printed in each cell
// when it fits and a labelled colour bar at the right. Levels are shown
// evenly spaced, labelled with their values.
func HeatMap(meta Meta, g Grid) (*Chart, error) {
	ck := checker{chart: "HeatMap"}
	ck.finite("X", g.X)
	ck.finite("Y", g.Y)
	if ck.table(g.Z, len(g.Y), len(g.X)) {
		for _, lv := range []struct {
			name string
			vs   []float64
		}{{"X", g.X}, {"Y", g.Y}} {
			for i := 1; i < len(lv.vs); i++ {
				if lv.vs[i] <= lv.vs[i-1] {
					ck.add(fmt.Sprintf("%s[%d]", lv.name, i), "%v does not increase on %v", lv.vs[i], lv.vs[i-1])
					break
				}
			}
		}
	}
	if err := ck.err(); err != nil {
		return nil, err
	}
	lo, hi := bounds(g.Z...)
	cm := mapFor(lo, hi)
	if cm.stops[0] == viridis[0] {
		cm.lo, cm.hi, cm.step = valueRange(lo, hi, false, 5)
	}
	if meta.Scale.set() {
		cm = fixedMap(meta.Scale)
	}
	xn, yn := levelNames(g.X), levelNames(g.Y)
	if len(g.XNames) == len(g.X) {
		xn = meta.names(g.XNames)
	}
	if len(g.YNames) == len(g.Y) {
		yn = meta.names(g.YNames)
	}
	c := newChart(meta, 1, 1)
	c.panels[0] = heatPanel(&cells{z: g.Z, cmap: cm, format: cellFormat(meta.Unit, lo, hi), labels: true}, xn, yn, meta)
	c.bar = &colourBar{cmap: cm, unit: meta.Unit, label: scaleLabel(meta.ValueLabel, cm)}
	return c, nil
}

// CapacityHeatMap draws capacity indices in [0, 1] for members (rows) by
// policy pillars (columns) at one year, on a fixed 0-1 sequential scale so
// that years and scenarios compare, with each value printed in its cell.
// Row and column names are ids; members show by their display names.
func CapacityHeatMap(meta Meta, m Matrix) (*Chart, error) {
	ck := checker{chart: "CapacityHeatMap"}
	if ck.table(m.Values, len(m.Rows), len(m.Cols)) {
		for i, row := range m.Values {
			for j, v := range row {
				if v < 0 || v > 1 {
					ck.add(fmt.Sprintf("%s/%s", m.Rows[i], m.Cols[j]), "%v is outside [0, 1]", v)
				}
			}
		}
	}
	if err := ck.err(); err != nil {
		return nil, err
	}
	// The scale spans the data, to whole tenths (0.6 to 1 for values of
	// 0.68 to 0.99), so that differences between members show; meta.Scale
	// fixes it across charts.
	var all []float64
	for _, row := range m.Values {
		all = append(all, row...)
	}
	lo, hi := bounds(all)
	lo, hi = math.Floor(lo*10)/10, math.Ceil(hi*10)/10
	if hi <= lo {
		lo, hi = math.Max(0, lo-0.1), math.Min(1, hi+0.1)
	}
	if meta.Scale.set() {
		lo, hi = meta.Scale.Lo, meta.Scale.Hi
	}
	cm := colourMap{lo: lo, hi: hi, stops: viridis}
	c := newChart(meta, 1, 1)
	c.panels[0] = heatPanel(&cells{z: m.Values, flip: true, cmap: cm, format: twoDecimals, labels: true}, meta.names(m.Cols), meta.names(m.Rows), meta)
	c.bar = &colourBar{cmap: cm, unit: Plain, label: meta.ValueLabel}
	return c, nil
}

// CrossBorderMatrix draws purchases by buyer member (rows) from seller
// member (columns) at one year, in meta.Unit (normally USD). Cells whose
// row and column are the same member are domestic purchases, not
// cross-border ones: they are left blank and out of the colour scale.
// When the other flows span more than two orders of magnitude the colour
// scale is logarithmic, and the colour bar says so. meta.Scale fixes the
// scale across years and scenarios (see CrossBorderScale). When no
// member buys from another, the chart says meta.Empty instead of drawing
// a uniform grid. Values must be >= 0.
func CrossBorderMatrix(meta Meta, m Matrix) (*Chart, error) {
	ck := checker{chart: "CrossBorderMatrix"}
	if ck.table(m.Values, len(m.Rows), len(m.Cols)) {
		for i, row := range m.Values {
			ck.nonNegative(fmt.Sprintf("values[%d]", i), row, "purchases cannot be negative")
		}
	}
	if err := ck.err(); err != nil {
		return nil, err
	}
	mask := make([][]bool, len(m.Rows))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, row := range m.Values {
		mask[i] = make([]bool, len(row))
		for j, v := range row {
			if m.Rows[i] == m.Cols[j] {
				mask[i][j] = true
				continue
			}
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if math.IsInf(lo, 0) || hi == 0 {
		// No flow between members to colour: words, not a uniform grid.
		c := newChart(meta, 1, 1)
		c.note = cmpOr(meta.Empty, "No purchases between members in this scenario and year")
		return c, nil
	}
	cm := colourMap{stops: viridis}
	cm.lo, cm.hi, cm.step = valueRange(0, hi, true, 5)
	if pos := smallestPositive(m.Values, mask); pos > 0 && hi/pos > 100 {
		// Flows spanning more than two orders of magnitude: a log scale,
		// or most cells would share the lowest colour.
		cm = colourMap{stops: viridis, log: true,
			lo: math.Pow(10, math.Floor(math.Log10(pos))),
			hi: math.Pow(10, math.Ceil(math.Log10(hi)))}
	}
	if meta.Scale.set() {
		cm = fixedMap(meta.Scale)
	}
	c := newChart(meta, 1, 1)
	// ASEAN's ten members by their codes, which fit a 10 x 10 grid; a
	// user's own region's members by name, as in its other charts.
	cols, rows := m.Cols, m.Rows
	if meta.Region != nil {
		cols, rows = meta.names(cols), meta.names(rows)
	}
	p := heatPanel(&cells{z: m.Values, mask: mask, blankMasked: true, flip: true, cmap: cm, format: bareFormat(meta.Unit), labels: true}, cols, rows, meta)
	c.panels[0] = p
	c.bar = &colourBar{cmap: cm, unit: meta.Unit, label: scaleLabel(meta.ValueLabel, cm)}
	return c, nil
}

// CrossBorderScale returns one colour scale for several cross-border
// matrices (years, scenarios), chosen as CrossBorderMatrix chooses it for
// one, so that charts drawn with it in Meta.Scale compare cell by cell.
// Domestic cells are left out; with no positive flow it returns the zero
// Scale.
func CrossBorderScale(ms ...Matrix) Scale {
	hi, pos := 0.0, math.Inf(1)
	for _, m := range ms {
		for i, row := range m.Values {
			for j, v := range row {
				if i < len(m.Rows) && j < len(m.Cols) && m.Rows[i] == m.Cols[j] {
					continue
				}
				if v > 0 && !math.IsInf(v, 0) {
					hi = math.Max(hi, v)
					pos = math.Min(pos, v)
				}
			}
		}
	}
	if hi == 0 {
		return Scale{}
	}
	if hi/pos > 100 {
		return Scale{Lo: math.Pow(10, math.Floor(math.Log10(pos))), Hi: math.Pow(10, math.Ceil(math.Log10(hi))), Log: true}
	}
	lo, top, _ := valueRange(0, hi, true, 5)
	return Scale{Lo: lo, Hi: top}
}

// bareFormat formats matrix cells without the currency prefix, which
// would crowd small cells, and thousands as "661k": "1.2bn"; the colour
// bar's label names the unit.
func bareFormat(u Unit) func(float64) string {
	if u != USD {
		return u.Format
	}
	return func(v float64) string {
		if a := math.Abs(v); a >= 999.5 && a < 0.9995e6 {
			s := strconv.FormatFloat(a/1e3, 'f', 0, 64) + "k"
			if v < 0 {
				s = "-" + s
			}
			return s
		}
		return signed(v, "")
	}
}

// fixedMap is the sequential colour map of a fixed scale.
func fixedMap(s Scale) colourMap {
	if s.Log && s.Lo > 0 {
		return colourMap{stops: viridis, log: true, lo: s.Lo, hi: s.Hi}
	}
	return colourMap{stops: mapFor(s.Lo, s.Hi).stops, lo: s.Lo, hi: s.Hi}
}

// scaleLabel is the colour bar's label, saying so when the scale is
// logarithmic.
func scaleLabel(label string, m colourMap) string {
	if !m.log {
		return label
	}
	if label == "" {
		return "Log scale"
	}
	return label + "\nlog scale"
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// cellFormat formats heat-map cells with enough precision that the
// colour range reads in the labels: Gini values from 0.198 to 0.206 are
// "0.198" to "0.206", not all "0.2". Money and counts keep their compact
// style.
func cellFormat(u Unit, lo, hi float64) func(float64) string {
	span := hi - lo
	decimals := func(unitSpan float64) int {
		if !(unitSpan > 0) {
			return 2
		}
		// At least five distinct labels across the range.
		return min(6, max(0, int(math.Ceil(-math.Log10(unitSpan/5)))))
	}
	switch u {
	case Plain:
		d := max(decimals(span), 0)
		if d <= 2 {
			return u.Format
		}
		return func(v float64) string { return strconv.FormatFloat(v, 'f', d, 64) }
	case Fraction:
		d := decimals(span * 100)
		if d <= 1 {
			return u.Format
		}
		return func(v float64) string { return strconv.FormatFloat(v*100, 'f', d, 64) + "%" }
	}
	return u.Format
}

// smallestPositive returns the least value > 0 outside the mask, or 0.
func smallestPositive(z [][]float64, mask [][]bool) float64 {
	least := math.Inf(1)
	for i, row := range z {
		for j, v := range row {
			if v > 0 && !mask[i][j] {
				least = math.Min(least, v)
			}
		}
	}
	if math.IsInf(least, 1) {
		return 0
	}
	return least
}

// twoDecimals formats an index in [0, 1]: 0.5 is "0.50".
func twoDecimals(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// names maps ids to the reader's names.
func (m Meta) names(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = m.name(id)
	}
	return out
}
