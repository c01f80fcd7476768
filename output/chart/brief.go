package chart

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"github.com/digisim/digisim/sim/summary"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// This file holds the charts a briefing author asks for beyond the
// standard ones: the dividend next to its share of each member's baseline,
// the dividend year by year, a waterfall of the regional dividend, a slope
// chart of two years, and the distribution of a Monte Carlo outcome.

// Gain and loss colours of bars.
var (
	gainColour  = color.Color(Indigo)
	lossColour  = color.Color(Rose)
	totalColour = color.Color(color.RGBA{0x44, 0x44, 0x44, 0xff})
)

func signColour(v float64) color.Color {
	if v < 0 {
		return lossColour
	}
	return gainColour
}

// MemberDividend is one member's dividend and the baseline it is measured
// against, for DividendShare: Value and Baseline in the chart's unit
// (cumulative US$ over the horizon, normally); Baseline > 0.
type MemberDividend struct {
	Name            string
	Value, Baseline float64
}

// DividendShare draws the equity story of a dividend: one row per member,
// sorted by the dividend as a per cent of the member's own baseline,
// largest first, with the absolute dividend in the left panel (meta.Unit)
// and the per cent of baseline in the right one. Small members that gain
// little in dollars but much relative to their size show at the top.
func DividendShare(meta Meta, rows []MemberDividend) (*Chart, error) {
	ck := checker{chart: "DividendShare"}
	if len(rows) == 0 {
		ck.add("", "no members to draw")
	}
	seen := map[string]bool{}
	for i, r := range rows {
		in := fmt.Sprintf("member %q", r.Name)
		if r.Name == "" {
			in = fmt.Sprintf("member %d", i)
		}
		if seen[r.Name] {
			ck.add(in, "appears twice")
		}
		seen[r.Name] = true
		if ck.finite(in+" value", []float64{r.Value}) && ck.finite(in+" baseline", []float64{r.Baseline}) && !(r.Baseline > 0) {
			ck.add(in+" baseline", "%v is not > 0; a share of the baseline needs a positive baseline", r.Baseline)
		}
	}
	if err := ck.err(); err != nil {
		return nil, err
	}
	sorted := slices.Clone(rows)
	share := func(r MemberDividend) float64 { return r.Value / r.Baseline }
	slices.SortStableFunc(sorted, func(a, b MemberDividend) int {
		return cmp.Or(cmp.Compare(share(b), share(a)), cmp.Compare(a.Name, b.Name))
	})
	n := len(sorted)
	labels := make([]string, n)
	var abs, rel hbars
	var absV, relV []float64
	for i, r := range sorted {
		y := float64(n - 1 - i)
		labels[i] = meta.name(r.Name)
		abs.bars = append(abs.bars, hbar{y: y, v: r.Value, thick: 0.68, fill: signColour(r.Value), label: meta.Unit.Format(r.Value)})
		rel.bars = append(rel.bars, hbar{y: y, v: share(r), thick: 0.68, fill: signColour(r.Value), label: barShare(share(r))})
		absV = append(absV, r.Value)
		relV = append(relV, share(r))
	}
	c := newChart(meta, 1, 2)
	for k, set := range []struct {
		bars  hbars
		vals  []float64
		unit  Unit
		title string
	}{{abs, absV, meta.Unit, "Dividend"}, {rel, relV, Fraction, "Per cent of own baseline"}} {
		p := newPanel()
		p.Title.Text = set.title
		p.Add(gridLines{vertical: true}, set.bars, zeroLine{onX: true})
		lo, hi := bounds(set.vals)
		setBarAxes(p, lo, hi, set.unit, "", "", labels)
		// Two panels side by side: three value ticks leave room for labels.
		var step float64
		p.X.Min, p.X.Max, step = barRange(lo, hi, 3)
		p.X.Tick.Marker = valueTicks{unit: set.unit, target: 3, step: step}
		if k == 1 {
			p.Y.Tick.Marker = noLabels{p.Y.Tick.Marker}
		}
		c.panels[k] = p
	}
	return c, nil
}

// vbar is one vertical bar from 0 to v at x, wide in data units.
type vbar struct {
	x, v, wide float64
	fill       color.Color
}

type vbars struct{ bars []vbar }

func (h vbars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, b := range h.bars {
		r := vg.Rectangle{
			Min: vg.Point{X: trX(b.x - b.wide/2), Y: trY(math.Min(0, b.v))},
			Max: vg.Point{X: trX(b.x + b.wide/2), Y: trY(math.Max(0, b.v))},
		}
		c.SetColor(b.fill)
		c.Fill(r.Path())
	}
}

// DividendYears draws a dividend year by year as vertical bars from zero,
// blue for gains and vermillion for losses, with the value of the last
// year labelled. s.X are the years.
func DividendYears(meta Meta, s Series) (*Chart, error) {
	ck := checker{chart: "DividendYears"}
	ck.series(seriesName(0, s), s, 2)
	if err := ck.err(); err != nil {
		return nil, err
	}
	c := newChart(meta, 1, 1)
	p := newPanel()
	p.Add(gridLines{horizontal: true})
	var vb vbars
	for i, x := range s.X {
		vb.bars = append(vb.bars, vbar{x: x, v: s.Y[i], wide: 0.7, fill: signColour(s.Y[i])})
	}
	p.Add(vb, zeroLine{}, eventMarks(meta.Events))
	last := len(s.X) - 1
	p.Add(endLabels{labels: []endLabel{{x: s.X[last] + 0.35, y: s.Y[last], text: meta.Unit.Format(s.Y[last]), colour: textColour}}})
	setTimeAxis(p, s.X[0]-0.5, s.X[last]+0.5, 8, meta.XLabel)
	var step float64
	p.Y.Min, p.Y.Max, step = barRange(minOf(s.Y), maxOf(s.Y), 5)
	p.Y.Tick.Marker = valueTicks{unit: meta.Unit, target: 5, step: step}
	p.Y.Label.Text = meta.YLabel
	c.panels[0] = p
	return c, nil
}

func minOf(v []float64) float64 { lo, _ := bounds(v); return lo }
func maxOf(v []float64) float64 { _, hi := bounds(v); return hi }

// Waterfall draws how members add up to a regional total: one horizontal
// bar per member starting where the previous one ended, largest
// contribution first, blue for gains and vermillion for losses, and a
// last, dark bar from zero to the total, named total (e.g. "ASEAN").
// Each bar carries its value.
func Waterfall(meta Meta, parts []Bar, total string) (*Chart, error) {
	ck := checker{chart: "Waterfall"}
	if len(parts) == 0 {
		ck.add("", "no parts to draw")
	}
	if total == "" {
		ck.add("total", "has no name")
	}
	checkBars(&ck, "part", parts)
	if err := ck.err(); err != nil {
		return nil, err
	}
	sorted := byValue(parts)
	n := len(sorted) + 1
	labels := make([]string, n)
	var hb hbars
	run := 0.0
	ends := []float64{0}
	for i, b := range sorted {
		hb.bars = append(hb.bars, hbar{y: float64(n - 1 - i), from: run, v: b.Value, thick: 0.62, fill: signColour(b.Value), label: meta.Unit.Format(b.Value)})
		labels[i] = meta.name(b.Name)
		run += b.Value
		ends = append(ends, run)
	}
	hb.bars = append(hb.bars, hbar{y: 0, v: run, thick: 0.62, fill: totalColour, label: meta.Unit.Format(run)})
	labels[n-1] = meta.name(total)
	c := newChart(meta, 1, 1)
	p := newPanel()
	p.Add(gridLines{vertical: true}, hb, zeroLine{onX: true})
	lo, hi := bounds(ends)
	setBarAxes(p, lo, hi, meta.Unit, meta.XLabel, meta.YLabel, labels)
	c.panels[0] = p
	return c, nil
}

// SlopePoint is one entity's value in the first and the last year, for
// Slope.
type SlopePoint struct {
	Name        string
	First, Last float64
}

// Slope draws a slope chart: one line per entity (member) from its value in
// the first year to its value in the last, labelled at both ends with its
// value and its name, so no legend is needed; with meta.LogY the value
// axis is logarithmic, where equal slopes are equal growth multiples. Labels
// that would overlap are moved apart. Typical use: GMV per head in 2018 and
// 2035.
func Slope(meta Meta, first, last float64, points []SlopePoint) (*Chart, error) {
	ck := checker{chart: "Slope"}
	if len(points) == 0 {
		ck.add("", "no points to draw")
	}
	if ck.finite("years", []float64{first, last}) && !(last > first) {
		ck.add("years", "last %v is not after first %v", last, first)
	}
	seen := map[string]bool{}
	for i, pt := range points {
		in := fmt.Sprintf("point %q", pt.Name)
		if pt.Name == "" {
			in = fmt.Sprintf("point %d", i)
		}
		ck.finite(in, []float64{pt.First, pt.Last})
		if seen[pt.Name] {
			ck.add(in, "appears twice")
		}
		seen[pt.Name] = true
		if meta.LogY {
			ck.positive(in, []float64{pt.First, pt.Last})
		}
	}
	if err := ck.err(); err != nil {
		return nil, err
	}
	c := newChart(meta, 1, 1)
	p := newPanel()
	p.Add(gridLines{horizontal: true})
	var left, right endLabels
	left.leftward = true
	var vals []float64
	var ids []string
	for _, pt := range points {
		ids = append(ids, pt.Name)
	}
	styles := meta.stylesOf(ids)
	for _, pt := range points {
		st := styles[pt.Name]
		l, err := newLine([]float64{first, last}, []float64{pt.First, pt.Last}, Style{Color: st.Color}, lineWidth)
		if err != nil {
			return nil, fmt.Errorf("chart: Slope: %w", err)
		}
		l.LineStyle.Dashes = st.Dashes
		p.Add(l)
		c.styles[pt.Name] = st
		left.labels = append(left.labels, endLabel{x: first, y: pt.First, text: meta.name(pt.Name) + "  " + meta.Unit.Format(pt.First), colour: st.Color})
		right.labels = append(right.labels, endLabel{x: last, y: pt.Last, text: meta.Unit.Format(pt.Last) + "  " + meta.name(pt.Name), colour: st.Color})
		vals = append(vals, pt.First, pt.Last)
	}
	p.Add(left, right)
	p.X.Min, p.X.Max = first, last
	p.X.Tick.Marker = endYears{}
	p.X.Label.Text = meta.XLabel
	lo, hi := bounds(vals)
	setValueAxis(p, lo, hi, meta.Unit, meta.LogY, meta.YLabel, 5)
	if meta.LogY {
		// The data's own range, not whole decades: the lines spread over
		// the height and their labels sit beside them.
		p.Y.Min, p.Y.Max = lo/1.15, hi*1.15
	}
	c.panels[0] = p
	return c, nil
}

// Histogram draws the distribution of an outcome over Monte Carlo runs
// (typically the cumulative dividend): bins of equal width as vertical
// bars, indigo above zero and rose below, a line at zero, the median run
// and the span of 90% of runs (5% to 95%) marked. bins <= 0 picks a number from
// the count of values (Sturges' rule, at least 5).
func Histogram(meta Meta, values []float64, bins int) (*Chart, error) {
	ck := checker{chart: "Histogram"}
	if len(values) < 2 {
		ck.add("values", "has %d value, needs at least 2 runs for a distribution", len(values))
	}
	ck.finite("values", values)
	if err := ck.err(); err != nil {
		return nil, err
	}
	if bins <= 0 {
		bins = max(5, int(math.Ceil(math.Log2(float64(len(values))))+1))
	}
	lo, hi := bounds(values)
	if hi == lo {
		lo, hi = lo-0.5*math.Max(1, math.Abs(lo)), hi+0.5*math.Max(1, math.Abs(hi))
	}
	// Nice bin edges: a step from the tick steps, one edge at zero when
	// zero is inside, so no bin straddles gains and losses.
	step := niceStep(lo, hi, 2*bins)
	start := math.Floor(lo/step) * step
	nb := int(math.Ceil((hi-start)/step - 1e-9))
	if start+float64(nb)*step <= hi {
		nb++
	}
	counts := make([]float64, nb)
	for _, v := range values {
		k := min(nb-1, int(math.Floor((v-start)/step)))
		counts[k]++
	}
	c := newChart(meta, 1, 1)
	p := newPanel()
	p.Add(gridLines{horizontal: true})
	var vb vbars
	for k, n := range counts {
		mid := start + (float64(k)+0.5)*step
		vb.bars = append(vb.bars, vbar{x: mid, v: n, wide: step * 0.94, fill: signColour(mid)})
	}
	sorted := slices.Sorted(slices.Values(values))
	marks := rangeMarks{lo: summary.Quantile(sorted, 0.05), mid: summary.Quantile(sorted, 0.5), hi: summary.Quantile(sorted, 0.95), unit: meta.Unit}
	p.Add(marks.span(), vb, marks)
	p.Add(vline{x: 0})
	c.addLegend("Median run", Style{Color: textColour}, keyLine, vg.Points(1.2))
	c.addLegend("90% of runs (5% to 95%)", Style{Color: withAlpha(Indigo, 0.15)}, keyFill, 0)
	p.X.Min, p.X.Max = start, start+float64(nb)*step
	var xs float64
	// Few labelled ticks: money labels ("US$150bn") side by side leave
	// room between them even in a square chart.
	p.X.Min, p.X.Max, xs = valueRange(p.X.Min, p.X.Max, false, 3)
	p.X.Tick.Marker = valueTicks{unit: meta.Unit, target: 3, step: xs}
	p.X.Label.Text = meta.XLabel
	ylabel := meta.YLabel
	if ylabel == "" {
		ylabel = "Runs"
	}
	// Headroom above the tallest bar for the median's label.
	setValueAxis(p, 0, maxOf(counts)*1.2, Persons, false, ylabel, 5)
	c.panels[0] = p
	return c, nil
}

// vline draws a dark vertical line at x when it is inside the x range
// (not on its ends, where it would double the axis).
type vline struct{ x float64 }

func (l vline) Plot(c draw.Canvas, p *plot.Plot) {
	if l.x <= p.X.Min || l.x >= p.X.Max {
		return
	}
	trX, _ := p.Transforms(&c)
	c.StrokeLine2(draw.LineStyle{Color: textColour, Width: vg.Points(1)}, trX(l.x), c.Min.Y, trX(l.x), c.Max.Y)
}

// rangeMarks marks a distribution's central value and range: a light
// span from lo to hi under the bars, a line at the median with its value
// at the top.
type rangeMarks struct {
	lo, mid, hi float64
	unit        Unit
}

// rangeSpan is the span of rangeMarks, drawn before the bars.
type rangeSpan struct{ lo, hi float64 }

func (m rangeMarks) span() rangeSpan { return rangeSpan{m.lo, m.hi} }

func (r rangeSpan) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	lo, hi := trX(math.Max(r.lo, p.X.Min)), trX(math.Min(r.hi, p.X.Max))
	c.SetColor(withAlpha(Indigo, 0.15))
	c.Fill(vg.Path{{Type: vg.MoveComp, Pos: vg.Point{X: lo, Y: c.Min.Y}}, {Type: vg.LineComp, Pos: vg.Point{X: hi, Y: c.Min.Y}},
		{Type: vg.LineComp, Pos: vg.Point{X: hi, Y: c.Max.Y}}, {Type: vg.LineComp, Pos: vg.Point{X: lo, Y: c.Max.Y}}, {Type: vg.CloseComp}})
}

func (m rangeMarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(m.mid)
	c.StrokeLine2(draw.LineStyle{Color: textColour, Width: vg.Points(1.2)}, x, c.Min.Y, x, c.Max.Y)
	st := labelStyle(p)
	st.YAlign = draw.YTop
	st.XAlign = draw.XLeft
	at := vg.Point{X: x + vg.Points(3), Y: c.Max.Y - vg.Points(2)}
	txt := "median " + m.unit.Format(m.mid)
	if x+st.Width(txt)*substituteWidth+vg.Points(3) > c.Max.X {
		st.XAlign = draw.XRight
		at.X = x - vg.Points(3)
	}
	c.FillText(st, at, txt)
}

// endLabel is a text beside a data point: right of it, or left of it for
// leftward labels.
type endLabel struct {
	x, y   float64
	text   string
	colour color.Color
}

// endLabels writes direct labels at line ends, moved apart vertically so
// that none overlaps another; they count as glyphs, so the plot makes
// room for them.
type endLabels struct {
	labels   []endLabel
	leftward bool
}

func (e endLabels) style(p *plot.Plot) text.Style {
	st := labelStyle(p)
	st.XAlign = draw.XLeft
	if e.leftward {
		st.XAlign = draw.XRight
	}
	return st
}

// spread returns the labels' y positions (canvas units) moved apart by at
// least the line height, staying as close as possible to their points.
func spread(ys []vg.Length, h, lo, hi vg.Length) []vg.Length {
	idx := make([]int, len(ys))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(ys[a], ys[b]) })
	out := slices.Clone(ys)
	for k := 1; k < len(idx); k++ {
		if out[idx[k]] < out[idx[k-1]]+h {
			out[idx[k]] = out[idx[k-1]] + h
		}
	}
	// Centre the moved block on the points: shift down by half the mean push.
	var push vg.Length
	for i := range ys {
		push += out[i] - ys[i]
	}
	if len(ys) > 0 {
		shift := push / vg.Length(len(ys))
		for i := range out {
			out[i] -= shift
		}
	}
	// Keep the block inside [lo, hi] where it fits.
	if len(idx) > 0 {
		if d := lo + h/2 - out[idx[0]]; d > 0 {
			for i := range out {
				out[i] += d
			}
		}
		if d := out[idx[len(idx)-1]] - (hi - h/2); d > 0 && out[idx[0]]-d >= lo {
			for i := range out {
				out[i] -= d
			}
		}
	}
	return out
}

func (e endLabels) positions(c draw.Canvas, p *plot.Plot) ([]vg.Point, text.Style) {
	trX, trY := p.Transforms(&c)
	st := e.style(p)
	ys := make([]vg.Length, len(e.labels))
	for i, l := range e.labels {
		ys[i] = trY(l.y)
	}
	ys = spread(ys, st.Height("Mg")*1.05, c.Min.Y, c.Max.Y)
	pts := make([]vg.Point, len(e.labels))
	gapLen := vg.Points(4)
	for i, l := range e.labels {
		x := trX(l.x) + gapLen
		if e.leftward {
			x = trX(l.x) - gapLen
		}
		pts[i] = vg.Point{X: x, Y: ys[i]}
	}
	return pts, st
}

func (e endLabels) Plot(c draw.Canvas, p *plot.Plot) {
	pts, st := e.positions(c, p)
	for i, l := range e.labels {
		s := st
		s.Color = textOn(l.colour)
		c.FillText(s, pts[i], l.text)
	}
}

func (e endLabels) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	st := e.style(p)
	gapLen := vg.Points(4)
	var boxes []plot.GlyphBox
	for _, l := range e.labels {
		w, ht := st.Width(l.text)*substituteWidth, st.Height(l.text)
		box := plot.GlyphBox{X: p.X.Norm(l.x), Y: p.Y.Norm(l.y)}
		box.Rectangle = vg.Rectangle{Min: vg.Point{X: gapLen, Y: -ht / 2}, Max: vg.Point{X: gapLen + w, Y: ht / 2}}
		if e.leftward {
			box.Rectangle = vg.Rectangle{Min: vg.Point{X: -gapLen - w, Y: -ht / 2}, Max: vg.Point{X: -gapLen, Y: ht / 2}}
		}
		boxes = append(boxes, box)
	}
	return boxes
}

// endYears labels the two ends of a slope chart's x axis with their years.
type endYears struct{}

func (endYears) Ticks(lo, hi float64) []plot.Tick {
	return []plot.Tick{{Value: lo, Label: Year(lo)}, {Value: hi, Label: Year(hi)}}
}

// barShare labels a per cent bar: as Share, but with the decimal kept
// below 10% ("3.0%" beside "3.3%"), so labels of one chart have one
// precision.
func barShare(f float64) string {
	if p := f * 100; math.Abs(p) < 9.95 && !math.IsNaN(p) {
		s := strconv.FormatFloat(p, 'f', 1, 64)
		if s == "-0.0" {
			s = "0.0"
		}
		return s + "%"
	}
	return Share(f)
}
