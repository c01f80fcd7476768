package chart

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Line widths in points.
const (
	lineWidth  = 1.8
	thinWidth  = 1.2
	panelWidth = 1.5
)

func xys(x, y []float64) plotter.XYs {
	pts := make(plotter.XYs, len(x))
	for i := range x {
		pts[i] = plotter.XY{X: x[i], Y: y[i]}
	}
	return pts
}

// newLine returns a line plotter in a style; the data were validated.
func newLine(x, y []float64, st Style, width float64) (*plotter.Line, error) {
	l, err := plotter.NewLine(xys(x, y))
	if err != nil {
		return nil, err
	}
	l.LineStyle = draw.LineStyle{Color: st.Color, Width: vg.Points(width), Dashes: st.Dashes}
	return l, nil
}

// bounds returns the least and greatest of the values of several slices.
func bounds(vss ...[]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, vs := range vss {
		for _, v := range vs {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	return lo, hi
}

// startsAtZero reports whether a value axis of the unit should include 0:
// for money, people and shares that are all >= 0, a cut axis would
// exaggerate differences.
func startsAtZero(u Unit, lo float64) bool { return u != Plain && lo >= 0 }

// setTimeAxis sets a panel's x axis to integer years over [lo, hi].
func setTimeAxis(p *plot.Plot, lo, hi float64, maxLabels int, label string) {
	p.X.Min, p.X.Max = lo, hi
	p.X.Tick.Marker = yearTicks{max: maxLabels}
	p.X.Label.Text = label
}

// setValueAxis sets a panel's y axis over [lo, hi] in the unit, linear
// (from zero where startsAtZero) or log.
func setValueAxis(p *plot.Plot, lo, hi float64, u Unit, logY bool, label string, target int) {
	p.Y.Label.Text = label
	if logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{unit: u}
		// Whole decades, so that every axis ends on a labelled tick.
		p.Y.Min = math.Pow(10, math.Floor(math.Log10(lo)+1e-9))
		p.Y.Max = math.Pow(10, math.Ceil(math.Log10(hi)-1e-9))
		if p.Y.Max == p.Y.Min {
			p.Y.Max *= 10
		}
		return
	}
	var step float64
	p.Y.Min, p.Y.Max, step = valueRange(lo, hi, startsAtZero(u, lo), target)
	p.Y.Tick.Marker = valueTicks{unit: u, target: target, step: step}
}

// directLabelMax is the most lines Lines names at their ends; more get a
// legend.
const directLabelMax = 6

// Lines draws one line per series (typically one per scenario: all
// policies on one chart) of a variable over time, styled by ScenarioStyle
// (or the member or segment style when the name is one). Up to six lines
// are named directly at their ends (moved apart where they would
// overlap); more get a legend listing the series from the highest final
// value down, the order the lines end in.
func Lines(meta Meta, series []Series) (*Chart, error) {
	ck := checker{chart: "Lines"}
	if len(series) == 0 {
		ck.add("", "no series to draw")
	}
	seen := map[string]bool{}
	for i, s := range series {
		name := seriesName(i, s)
		if ck.series(name, s, 2) && meta.LogY {
			ck.positive(name+" Y", s.Y)
		}
		if seen[s.Name] {
			ck.add(name, "appears twice")
		}
		seen[s.Name] = true
	}
	if err := ck.err(); err != nil {
		return nil, err
	}
	c := newChart(meta, 1, 1)
	p := newPanel()
	p.Add(gridLines{horizontal: true})
	var xlo, xhi, ylo, yhi = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	styles := meta.stylesOf(seriesNames(series))
	for _, s := range series {
		st := styles[s.Name]
		l, err := newLine(s.X, s.Y, st, lineWidth)
		if err != nil {
			return nil, fmt.Errorf("chart: Lines: %s: %w", s.Name, err)
		}
		p.Add(l)
		c.styles[s.Name] = st
		xlo, xhi = math.Min(xlo, s.X[0]), math.Max(xhi, s.X[len(s.X)-1])
		lo, hi := bounds(s.Y)
		ylo, yhi = math.Min(ylo, lo), math.Max(yhi, hi)
	}
	p.Add(zeroLine{}, eventMarks(meta.Events))
	setTimeAxis(p, xlo, xhi, 8, meta.XLabel)
	setValueAxis(p, ylo, yhi, meta.Unit, meta.LogY, meta.YLabel, 5)
	if len(series) <= directLabelMax {
		// Few lines: each is named at its end, no legend to look up; a
		// history that ends where the projections start is named at its
		// start, left of it.
		var el, early endLabels
		early.leftward = true
		for _, s := range series {
			n := len(s.X) - 1
			if s.X[n] < xhi {
				early.labels = append(early.labels, endLabel{x: s.X[0], y: s.Y[0], text: s.label(meta), colour: c.styles[s.Name].Color})
				continue
			}
			el.labels = append(el.labels, endLabel{x: s.X[n], y: s.Y[n], text: s.label(meta), colour: c.styles[s.Name].Color})
		}
		p.Add(el)
		if len(early.labels) > 0 {
			p.Add(early)
		}
	} else {
		order := slices.Clone(series)
		slices.SortStableFunc(order, func(a, b Series) int { return cmp.Compare(b.Y[len(b.Y)-1], a.Y[len(a.Y)-1]) })
		for _, s := range order {
			c.addLegend(s.label(meta), c.styles[s.Name], keyLine, vg.Points(lineWidth))
		}
	}
	c.panels[0] = p
	return c, nil
}

// MultiplesOptions configures SmallMultiples.
type MultiplesOptions struct {
	// Columns is the number of panels per row; 0 picks one (5 for the ten
	// members: two rows).
	Columns int
	// FreeY gives each panel its own value axis; the default is one shared
	// axis, so panels compare at a glance. Free axes show the shape of small
	// members' paths; the panels then carry their own tick labels.
	FreeY bool
}

// SmallMultiples draws one panel per series (typically one per member) of a
// variable over time, titled with the member's name and drawn in its
// style. All panels share the time axis; year labels appear under the
// lowest panel of each column.
func SmallMultiples(meta Meta, panels []Series, opt MultiplesOptions) (*Chart, error) {
	ck := checker{chart: "SmallMultiples"}
	if len(panels) == 0 {
		ck.add("", "no series to draw")
	}
	if opt.Columns < 0 {
		ck.add("Columns", "%d is negative", opt.Columns)
	}
	for i, s := range panels {
		name := seriesName(i, s)
		if ck.series(name, s, 2) && meta.LogY {
			ck.positive(name+" Y", s.Y)
		}
	}
	if err := ck.err(); err != nil {
		return nil, err
	}
	n := len(panels)
	c := newGrid(meta, n, opt.Columns)
	cols := c.cols
	// One value-axis label for the grid: on a short panel it would be
	// taller than the panel and push the grid apart.
	c.yLabel = meta.YLabel

	xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, s := range panels {
		xlo, xhi = math.Min(xlo, s.X[0]), math.Max(xhi, s.X[len(s.X)-1])
		lo, hi := bounds(s.Y)
		ylo, yhi = math.Min(ylo, lo), math.Max(yhi, hi)
	}
	styles := meta.stylesOf(seriesNames(panels))
	for i, s := range panels {
		r, k := i/cols, i%cols
		p := newPanel()
		p.Title.Text = s.label(meta)
		p.Add(gridLines{horizontal: true})
		st := styles[s.Name]
		st.Dashes = nil // each panel is titled: no dashes to tell lines apart
		l, err := newLine(s.X, s.Y, st, panelWidth)
		if err != nil {
			return nil, fmt.Errorf("chart: SmallMultiples: %s: %w", s.Name, err)
		}
		p.Add(l)
		c.styles[s.Name] = st
		p.Add(zeroLine{})
		gridTimeAxis(p, i, n, cols, xlo, xhi, 3, meta.XLabel)
		lo, hi := ylo, yhi
		if opt.FreeY {
			lo, hi = bounds(s.Y)
		}
		u, target := meta.Unit, 4
		if opt.FreeY {
			// Every panel carries its own labels: fewer and shorter.
			target = 3
			if u == USD {
				u = bareUSD
			}
		}
		setValueAxis(p, lo, hi, u, meta.LogY, "", target)
		if !opt.FreeY && k > 0 {
			p.Y.Tick.Marker = noLabels{p.Y.Tick.Marker}
		}
		c.panels[r*cols+k] = p
	}
	return c, nil
}

// Convergence draws the dispersion of GMV per head across members over
// time in two panels side by side: the Gini coefficient and the
// coefficient of variation, one line per scenario in each (falling lines
// mean converging members). gini and cv hold the same scenarios.
func Convergence(meta Meta, gini, cv []Series) (*Chart, error) {
	ck := checker{chart: "Convergence"}
	if len(gini) == 0 {
		ck.add("gini", "no series to draw")
	}
	if len(gini) != len(cv) {
		ck.add("cv", "has %d series but gini has %d", len(cv), len(gini))
	}
	for i, s := range gini {
		ck.series("gini "+seriesName(i, s), s, 2)
		if i < len(cv) && cv[i].Name != s.Name {
			ck.add(fmt.Sprintf("cv series %d", i), "is %q but gini series %d is %q", cv[i].Name, i, s.Name)
		}
	}
	for i, s := range cv {
		ck.series("cv "+seriesName(i, s), s, 2)
	}
	if err := ck.err(); err != nil {
		return nil, err
	}
	c := newChart(meta, 1, 2)
	for k, set := range [][]Series{gini, cv} {
		p := newPanel()
		p.Title.Text = []string{"Gini coefficient", "Coefficient of variation"}[k]
		p.Add(gridLines{horizontal: true})
		xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
		styles := meta.stylesOf(seriesNames(set))
		for _, s := range set {
			st := styles[s.Name]
			l, err := newLine(s.X, s.Y, st, lineWidth)
			if err != nil {
				return nil, fmt.Errorf("chart: Convergence: %s: %w", s.Name, err)
			}
			p.Add(l)
			c.styles[s.Name] = st
			xlo, xhi = math.Min(xlo, s.X[0]), math.Max(xhi, s.X[len(s.X)-1])
			lo, hi := bounds(s.Y)
			ylo, yhi = math.Min(ylo, lo), math.Max(yhi, hi)
		}
		setTimeAxis(p, xlo, xhi, 5, meta.XLabel)
		ylabel := ""
		if k == 0 {
			ylabel = meta.YLabel
		}
		setValueAxis(p, ylo, yhi, Plain, false, ylabel, 4)
		c.panels[k] = p
	}
	if len(gini) > 1 {
		for _, s := range gini {
			c.addLegend(s.label(meta), c.styles[s.Name], keyLine, vg.Points(lineWidth))
		}
	}
	return c, nil
}

// Quantiles are Monte Carlo quantiles of one variable over time, for Fan.
type Quantiles struct {
	Name                    string // scenario id; picks the colour
	X                       []float64
	P05, P25, P50, P75, P95 []float64
}

// Fan draws the median of a Monte Carlo run set as a line with its 50%
// (P25-P75) and 90% (P05-P95) bands, each one filled polygon ring between
// its quantiles, plus the observed history, if any, as a solid black line.
// An observed series with no points means none.
func Fan(meta Meta, q Quantiles, observed Series) (*Chart, error) {
	ck := checker{chart: "Fan"}
	qs := [][]float64{q.P05, q.P25, q.P50, q.P75, q.P95}
	qn := []string{"P05", "P25", "P50", "P75", "P95"}
	ok := true
	for i, v := range qs {
		if !ck.series(qn[i], Series{X: q.X, Y: v}, 2) {
			ok = false
		}
	}
	if ok {
		for i := 1; i < len(qs); i++ {
			for t := range q.X {
				if qs[i][t] < qs[i-1][t] {
					ck.add(fmt.Sprintf("%s[%d]", qn[i], t), "%v is below %s[%d] = %v; quantiles must not decrease", qs[i][t], qn[i-1], t, qs[i-1][t])
					break
				}
			}
		}
	}
	if len(observed.X)+len(observed.Y) > 0 {
		ck.series("observed", observed, 2)
	}
	if err := ck.err(); err != nil {
		return nil, err
	}
	c := newChart(meta, 1, 1)
	p := newPanel()
	p.Add(gridLines{horizontal: true})
	st := meta.styleOf(q.Name)
	var bands []legendEntry
	for _, b := range []struct {
		lo, hi []float64
		alpha  float64
		label  string
	}{{q.P05, q.P95, 0.18, "90% of runs"}, {q.P25, q.P75, 0.38, "50% of runs"}} {
		ring := make(plotter.XYs, 0, 2*len(q.X))
		ring = append(ring, xys(q.X, b.lo)...)
		for t := len(q.X) - 1; t >= 0; t-- {
			ring = append(ring, plotter.XY{X: q.X[t], Y: b.hi[t]})
		}
		poly, err := plotter.NewPolygon(ring)
		if err != nil {
			return nil, fmt.Errorf("chart: Fan: %w", err)
		}
		fill := withAlpha(st.Color, b.alpha)
		poly.Color = fill
		poly.LineStyle.Width = 0
		p.Add(poly)
		bands = append(bands, legendEntry{label: b.label, style: Style{Color: fill}, kind: keyFill})
	}
	med, err := newLine(q.X, q.P50, Style{Color: st.Color}, lineWidth)
	if err != nil {
		return nil, fmt.Errorf("chart: Fan: %w", err)
	}
	p.Add(med)
	c.styles[q.Name] = st
	xlo, xhi := q.X[0], q.X[len(q.X)-1]
	ylo, yhi := bounds(q.P05, q.P95)
	if len(observed.X) > 0 {
		obs, err := newLine(observed.X, observed.Y, Style{Color: Observed}, thinWidth+0.3)
		if err != nil {
			return nil, fmt.Errorf("chart: Fan: %w", err)
		}
		p.Add(obs)
		xlo, xhi = math.Min(xlo, observed.X[0]), math.Max(xhi, observed.X[len(observed.X)-1])
		lo, hi := bounds(observed.Y)
		ylo, yhi = math.Min(ylo, lo), math.Max(yhi, hi)
		c.addLegend(cmp.Or(observed.Label, "Observed"), Style{Color: Observed}, keyLine, vg.Points(thinWidth+0.3))
	}
	c.addLegend("Median", Style{Color: st.Color}, keyLine, vg.Points(lineWidth))
	c.addLegend(bands[1].label, bands[1].style, keyFill, 0)
	c.addLegend(bands[0].label, bands[0].style, keyFill, 0)
	p.Add(zeroLine{}, eventMarks(meta.Events))
	setTimeAxis(p, xlo, xhi, 8, meta.XLabel)
	setValueAxis(p, ylo, yhi, meta.Unit, false, meta.YLabel, 5)
	c.panels[0] = p
	return c, nil
}

// StackedArea draws layers (typically the regional GMV of each segment)
// stacked from the first at the bottom, over a y axis from zero. All
// layers share one X; values must be >= 0. The legend lists the layers top
// down, as they are stacked.
func StackedArea(meta Meta, layers []Series) (*Chart, error) {
	ck := checker{chart: "StackedArea"}
	if len(layers) == 0 {
		ck.add("", "no layers to draw")
	}
	for i, s := range layers {
		name := seriesName(i, s)
		if !ck.series(name, s, 2) {
			continue
		}
		ck.nonNegative(name+" Y", s.Y, "stacked areas add up parts of a whole")
		if i > 0 && !slices.Equal(s.X, layers[0].X) {
			ck.add(name+" X", "differs from the X of %s; stacked layers share one X", seriesName(0, layers[0]))
		}
	}
	if err := ck.err(); err != nil {
		return nil, err
	}
	c := newChart(meta, 1, 1)
	p := newPanel()
	p.Add(gridLines{horizontal: true})
	x := layers[0].X
	base := make([]float64, len(x))
	for _, s := range layers {
		top := make([]float64, len(x))
		for t := range x {
			top[t] = base[t] + s.Y[t]
		}
		ring := xys(x, base)
		for t := len(x) - 1; t >= 0; t-- {
			ring = append(ring, plotter.XY{X: x[t], Y: top[t]})
		}
		poly, err := plotter.NewPolygon(ring)
		if err != nil {
			return nil, fmt.Errorf("chart: StackedArea: %w", err)
		}
		st := SegmentStyle(s.Name)
		if meta.Region != nil {
			st = meta.stylesOf(seriesNames(layers))[s.Name]
		}
		poly.Color = st.Color
		poly.LineStyle.Width = 0
		p.Add(poly)
		c.styles[s.Name] = st
		base = top
	}
	// Thin white lines between layers keep neighbouring colours apart.
	base = make([]float64, len(x))
	for _, s := range layers[:len(layers)-1] {
		for t := range x {
			base[t] += s.Y[t]
		}
		l, err := newLine(x, slices.Clone(base), Style{Color: color.White}, 0.8)
		if err != nil {
			return nil, fmt.Errorf("chart: StackedArea: %w", err)
		}
		p.Add(l)
	}
	p.Add(gridOver{})
	_, hi := bounds(base)
	for t := range x {
		hi = math.Max(hi, base[t]+layers[len(layers)-1].Y[t])
	}
	setTimeAxis(p, x[0], x[len(x)-1], 8, meta.XLabel)
	p.Y.Label.Text = meta.YLabel
	var step float64
	p.Y.Min, p.Y.Max, step = valueRange(0, hi, true, 5)
	p.Y.Tick.Marker = valueTicks{unit: meta.Unit, target: 5, step: step}
	p.X.Padding, p.Y.Padding = 0, 0
	for i := len(layers) - 1; i >= 0; i-- {
		c.addLegend(layers[i].label(meta), c.styles[layers[i].Name], keyFill, 0)
	}
	c.panels[0] = p
	return c, nil
}

// eventMarks draws dates on a time axis as thin grey vertical lines, each
// with its label at the top, left of the line (where growth charts are
// still low), the first one right of it if it would leave the plot.
type eventMarks []Event

func (e eventMarks) Plot(c draw.Canvas, p *plot.Plot) {
	if len(e) == 0 {
		return
	}
	trX, _ := p.Transforms(&c)
	sty := draw.LineStyle{Color: Observed, Width: vg.Points(0.6), Dashes: []vg.Length{vg.Points(2), vg.Points(2)}}
	st := labelStyle(p)
	st.Color = mutedColour
	st.YAlign = draw.YTop
	for i, ev := range e {
		if ev.Year < p.X.Min || ev.Year > p.X.Max {
			continue
		}
		x := trX(ev.Year)
		c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
		// Labels of consecutive events step down a line, so that two
		// close dates do not write over each other.
		y := c.Max.Y - vg.Length(i)*st.Height("Mg")*1.1
		at := vg.Point{X: x - vg.Points(2), Y: y}
		st.XAlign = draw.XRight
		if x-st.Width(ev.Label)*substituteWidth-vg.Points(2) < c.Min.X {
			st.XAlign, at.X = draw.XLeft, x+vg.Points(2)
		}
		c.FillText(st, at, ev.Label)
	}
}

// seriesNames lists the series' names, for stylesOf.
func seriesNames(series []Series) []string {
	out := make([]string, len(series))
	for i, s := range series {
		out[i] = s.Name
	}
	return out
}
