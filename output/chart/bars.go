package chart

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// hbar is one horizontal bar from 0 to v, centred on y, thick in data
// units, with an optional whisker from lo to hi and a value label at its end.
type hbar struct {
	y, v, thick float64
	from        float64 // where the bar starts (waterfalls); 0 otherwise
	fill        color.Color
	whisker     bool
	lo, hi      float64
	label       string
}

// hbars draws horizontal bars; their value labels count as glyphs, so the
// plot makes room for them inside the data area.
type hbars struct{ bars []hbar }

// labelStyle is the style of value labels: the tick label font of the plot,
// so it scales with the chart.
func labelStyle(p *plot.Plot) text.Style {
	st := p.X.Tick.Label
	st.Color = textColour
	st.XAlign, st.YAlign = draw.XLeft, draw.YCenter
	st.Rotation = 0 // the x tick labels may be slanted; value labels never are
	return st
}

// labelEnd returns where a bar's label starts, in data units, and whether
// it reads leftwards (negative bars).
func (b hbar) labelEnd() (float64, bool) {
	end := b.from + b.v
	if b.whisker {
		if b.v < 0 {
			end = math.Min(end, b.lo)
		} else {
			end = math.Max(end, b.hi)
		}
	}
	return end, b.v < 0
}

func (h hbars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	st := labelStyle(p)
	gapLen := vg.Points(3)
	whisk := draw.LineStyle{Color: textColour, Width: vg.Points(1)}
	for _, b := range h.bars {
		r := vg.Rectangle{
			Min: vg.Point{X: trX(math.Min(b.from, b.from+b.v)), Y: trY(b.y - b.thick/2)},
			Max: vg.Point{X: trX(math.Max(b.from, b.from+b.v)), Y: trY(b.y + b.thick/2)},
		}
		c.SetColor(b.fill)
		c.Fill(r.Path())
		if b.whisker {
			y := trY(b.y)
			cap := (trY(b.y+b.thick/2) - trY(b.y-b.thick/2)) * 0.35
			c.StrokeLine2(whisk, trX(b.lo), y, trX(b.hi), y)
			c.StrokeLine2(whisk, trX(b.lo), y-cap, trX(b.lo), y+cap)
			c.StrokeLine2(whisk, trX(b.hi), y-cap, trX(b.hi), y+cap)
		}
		if b.label == "" {
			continue
		}
		end, left := b.labelEnd()
		ts := st
		x := trX(end) + gapLen
		ts.XAlign = draw.XLeft
		if left {
			x = trX(end) - gapLen
			ts.XAlign = draw.XRight
		}
		c.FillText(ts, vg.Point{X: x, Y: trY(b.y)}, b.label)
	}
}

func (h hbars) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	st := labelStyle(p)
	gapLen := vg.Points(3)
	var boxes []plot.GlyphBox
	for _, b := range h.bars {
		if b.label == "" {
			continue
		}
		end, left := b.labelEnd()
		w, ht := st.Width(b.label)*substituteWidth, st.Height(b.label)
		box := plot.GlyphBox{X: p.X.Norm(end), Y: p.Y.Norm(b.y)}
		box.Rectangle = vg.Rectangle{Min: vg.Point{X: gapLen, Y: -ht / 2}, Max: vg.Point{X: gapLen + w, Y: ht / 2}}
		if left {
			box.Rectangle = vg.Rectangle{Min: vg.Point{X: -gapLen - w, Y: -ht / 2}, Max: vg.Point{X: -gapLen, Y: ht / 2}}
		}
		boxes = append(boxes, box)
	}
	return boxes
}

// substituteWidth is how much wider than in Liberation Sans a label may be
// drawn where a viewer substitutes another font for it (DejaVu Sans, the
// widest common sans-serif, runs up to 15% wider, its bold up to 26%):
// room reserved for text next to data and the widths titles are fitted to
// allow for it.
const (
	substituteWidth = 1.15
	substituteBold  = 1.26
)

// substitute returns the substitute-font factor of a text style.
func substitute(st text.Style) vg.Length {
	if st.Font.Weight == weightBold {
		return substituteBold
	}
	return substituteWidth
}

// barRange is valueRange from zero for bars, except that a small
// excursion to the other side of zero (a loss of US$2bn among gains of
// US$40bn) gets just the room it needs instead of a whole empty tick step.
func barRange(lo, hi float64, target int) (float64, float64, float64) {
	a, b, step := valueRange(lo, hi, true, target)
	if lo < 0 && hi > 0 && lo > a+step/2 {
		a = lo - 0.03*(b-lo)
	}
	if hi > 0 && lo < 0 && hi < b-step/2 {
		b = hi + 0.03*(hi-a)
	}
	return a, b, step
}

// setBarAxes sets the value (x) axis from zero over [lo, hi] and the
// category (y) axis with names top down.
func setBarAxes(p *plot.Plot, lo, hi float64, u Unit, xlabel, ylabel string, names []string) {
	var step float64
	p.X.Min, p.X.Max, step = barRange(lo, hi, 5)
	p.X.Tick.Marker = valueTicks{unit: u, target: 5, step: step}
	p.X.Label.Text = xlabel
	n := len(names)
	rev := make([]string, n)
	for i, s := range names {
		rev[n-1-i] = s
	}
	p.Y.Tick.Marker = categoryTicks(rev)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	p.Y.Tick.Length = 0
	p.Y.Padding = 0
	p.Y.LineStyle.Width = 0
	p.Y.Label.Text = ylabel
}

// Bar is one named value for DividendBars: Name is a member id.
type Bar struct {
	Name  string
	Value float64
}

// DividendBars draws the cumulative coordination dividend per member as
// horizontal bars from the largest at the top down, blue for gains and
// vermillion for losses, each with its value at the end of the bar.
// Members show by their display names; ties keep name order.
func DividendBars(meta Meta, bars []Bar) (*Chart, error) {
	ck := checker{chart: "DividendBars"}
	if len(bars) == 0 {
		ck.add("", "no bars to draw")
	}
	checkBars(&ck, "bar", bars)
	if err := ck.err(); err != nil {
		return nil, err
	}
	sorted := byValue(bars)
	n := len(sorted)
	hb := hbars{}
	labels := make([]string, n)
	vals := make([]float64, n)
	anyNeg := false
	for i, b := range sorted {
		fill := gainColour
		if b.Value < 0 {
			fill = lossColour
			anyNeg = true
		}
		hb.bars = append(hb.bars, hbar{y: float64(n - 1 - i), v: b.Value, thick: 0.68, fill: fill, label: meta.Unit.Format(b.Value)})
		labels[i] = meta.name(b.Name)
		vals[i] = b.Value
	}
	c := newChart(meta, 1, 1)
	p := newPanel()
	p.Add(gridLines{vertical: true}, hb, zeroLine{onX: true})
	lo, hi := bounds(vals)
	setBarAxes(p, lo, hi, meta.Unit, meta.XLabel, meta.YLabel, labels)
	c.panels[0] = p
	// Gains and losses need a key only when both appear; a lone "Gain"
	// would be a one-item legend.
	if anyNeg && vals[0] > 0 {
		c.addLegend("Gain", Style{Color: gainColour}, keyFill, 0)
		c.addLegend("Loss", Style{Color: lossColour}, keyFill, 0)
	}
	return c, nil
}

// Estimate is a point estimate with its confidence interval.
type Estimate struct{ Value, Lo, Hi float64 }

// Sensitivity holds the first-order and total sensitivity indices of one
// uncertain parameter.
type Sensitivity struct {
	Name         string
	First, Total Estimate
}

// Tornado draws sensitivity indices as pairs of horizontal bars per
// parameter, total effect above first order, each with its confidence
// interval as a whisker, the most influential parameter at the top
// (sorted by total effect). Indices estimated slightly below zero are
// drawn as they are. A measure without first and total effects (Morris
// mu*, regression coefficients) goes in Total with every First NaN: then
// one bar per parameter is drawn, named by meta.ValueLabel. An interval
// with Lo == Hi draws no whisker.
func Tornado(meta Meta, params []Sensitivity) (*Chart, error) {
	ck := checker{chart: "Tornado"}
	if len(params) == 0 {
		ck.add("", "no parameters to draw")
	}
	single := len(params) > 0
	for _, s := range params {
		single = single && math.IsNaN(s.First.Value)
	}
	for _, s := range params {
		for _, e := range []struct {
			what string
			e    Estimate
		}{{"first", s.First}, {"total", s.Total}} {
			if single && e.what == "first" {
				continue
			}
			in := fmt.Sprintf("%q %s", s.Name, e.what)
			if !ck.finite(in, []float64{e.e.Value, e.e.Lo, e.e.Hi}) {
				continue
			}
			if e.e.Lo > e.e.Value || e.e.Value > e.e.Hi {
				ck.add(in, "interval [%v, %v] does not contain the estimate %v", e.e.Lo, e.e.Hi, e.e.Value)
			}
		}
	}
	if err := ck.err(); err != nil {
		return nil, err
	}
	sorted := slices.Clone(params)
	slices.SortStableFunc(sorted, func(a, b Sensitivity) int {
		return cmp.Or(cmp.Compare(b.Total.Value, a.Total.Value), cmp.Compare(b.First.Value, a.First.Value), cmp.Compare(a.Name, b.Name))
	})
	n := len(sorted)
	hb := hbars{}
	labels := make([]string, n)
	var ends []float64
	for i, s := range sorted {
		y := float64(n - 1 - i)
		labels[i] = meta.name(s.Name)
		if single {
			hb.bars = append(hb.bars, hbar{y: y, v: s.Total.Value, thick: 0.6, fill: Indigo, whisker: s.Total.Lo != s.Total.Hi,
				lo: s.Total.Lo, hi: s.Total.Hi, label: meta.Unit.Format(s.Total.Value)})
			ends = append(ends, s.Total.Lo, s.Total.Hi, s.Total.Value)
			continue
		}
		hb.bars = append(hb.bars,
			hbar{y: y + 0.19, v: s.Total.Value, thick: 0.36, fill: Indigo, whisker: s.Total.Lo != s.Total.Hi, lo: s.Total.Lo, hi: s.Total.Hi, label: meta.Unit.Format(s.Total.Value)},
			hbar{y: y - 0.19, v: s.First.Value, thick: 0.36, fill: Rose, whisker: s.First.Lo != s.First.Hi, lo: s.First.Lo, hi: s.First.Hi, label: meta.Unit.Format(s.First.Value)},
		)
		ends = append(ends, s.Total.Lo, s.Total.Hi, s.First.Lo, s.First.Hi, s.Total.Value, s.First.Value)
	}
	c := newChart(meta, 1, 1)
	p := newPanel()
	p.Add(gridLines{vertical: true}, hb, zeroLine{onX: true})
	lo, hi := bounds(ends)
	setBarAxes(p, lo, hi, meta.Unit, meta.XLabel, meta.YLabel, labels)
	c.panels[0] = p
	if single {
		c.addLegend(cmp.Or(meta.ValueLabel, "Index"), Style{Color: Indigo}, keyFill, 0)
		return c, nil
	}
	c.addLegend("Total effect", Style{Color: Indigo}, keyFill, 0)
	c.addLegend("First order", Style{Color: Rose}, keyFill, 0)
	c.addLegend("Confidence interval", Style{Color: textColour}, keyLine, vg.Points(1))
	return c, nil
}

// checkBars adds to ck every bar whose value is not finite and every name
// given twice; what names a bar in messages ("bar", "part").
func checkBars(ck *checker, what string, bars []Bar) {
	seen := map[string]bool{}
	for i, b := range bars {
		ck.finite(fmt.Sprintf("%s %q value", what, b.Name), []float64{b.Value})
		if seen[b.Name] {
			ck.add(fmt.Sprintf("%s %d", what, i), "%q appears twice", b.Name)
		}
		seen[b.Name] = true
	}
}

// byValue returns a copy of bars from the largest value down, ties in
// name order.
func byValue(bars []Bar) []Bar {
	sorted := slices.Clone(bars)
	slices.SortStableFunc(sorted, func(a, b Bar) int {
		return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.Name, b.Name))
	})
	return sorted
}
