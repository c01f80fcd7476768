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

// The charts of scenario discovery and robustness: a PRIM peeling
// trajectory, a box's limits against the sampled ranges, the options of a
// policy lever across futures, and Sobol' indices over time.

// TrajectoryStep is one box of a PRIM trajectory: the share of all cases
// of interest it covers and the share of its points that are cases.
type TrajectoryStep struct {
	Coverage, Density float64
	Restricted        int // dimensions restricted
}

// Trajectory draws the coverage/density trade-off of PRIM's peeling and
// pasting: one dot per box, joined in order (peeling moves up and to the
// left), the chosen box ringed in vermillion (the caller states its
// coverage and density in the title or subtitle).
// Both axes run over [0, 1] as per cents.
func Trajectory(meta Meta, steps []TrajectoryStep, chosen int) (*Chart, error) {
	ck := checker{chart: "Trajectory"}
	if len(steps) == 0 {
		ck.add("", "no steps to draw")
	}
	for i, s := range steps {
		in := fmt.Sprintf("step %d", i)
		if ck.finite(in, []float64{s.Coverage, s.Density}) && (s.Coverage < 0 || s.Coverage > 1 || s.Density < 0 || s.Density > 1) {
			ck.add(in, "coverage %v and density %v must be in [0, 1]", s.Coverage, s.Density)
		}
	}
	if chosen < 0 || chosen >= len(steps) {
		ck.add("chosen", "%d is not a step (have %d)", chosen, len(steps))
	}
	if err := ck.err(); err != nil {
		return nil, err
	}
	x := make([]float64, len(steps))
	y := make([]float64, len(steps))
	for i, s := range steps {
		x[i], y[i] = s.Coverage, s.Density
	}
	c := newChart(meta, 1, 1)
	p := newPanel()
	p.Add(gridLines{horizontal: true, vertical: true})
	pts := make(plotter.XYs, len(steps))
	for i := range steps {
		pts[i] = plotter.XY{X: x[i], Y: y[i]}
	}
	if len(steps) > 1 {
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("chart: Trajectory: %w", err)
		}
		l.LineStyle = draw.LineStyle{Color: withAlpha(Indigo, 0.5), Width: vg.Points(thinWidth)}
		p.Add(l)
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, fmt.Errorf("chart: Trajectory: %w", err)
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: Indigo, Radius: vg.Points(2.6), Shape: draw.CircleGlyph{}}
	p.Add(sc)
	ring, err := plotter.NewScatter(plotter.XYs{pts[chosen]})
	if err != nil {
		return nil, fmt.Errorf("chart: Trajectory: %w", err)
	}
	ring.GlyphStyle = draw.GlyphStyle{Color: Rose, Radius: vg.Points(6), Shape: openRing{width: vg.Points(2)}}
	p.Add(ring)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Min, ax.Max = 0, 1.0001
		ax.Tick.Marker = valueTicks{unit: Fraction, target: 5, step: 0.2}
	}
	p.X.Label.Text, p.Y.Label.Text = meta.XLabel, meta.YLabel
	c.panels[0] = p
	c.addLegend("A peel or paste", Style{Color: Indigo}, keyDot, 0)
	c.addLegend("Chosen box", Style{Color: Rose}, keyDot, 0)
	return c, nil
}

// BoxLimit is one dimension of a box: its limits Lo to Hi within the
// sampled range RangeLo to RangeHi, and the text that labels it.
type BoxLimit struct {
	Name                     string
	Lo, Hi, RangeLo, RangeHi float64
	Label                    string // written beside the box, e.g. "3.2 to 5 (p = 0.001)"
	// Weak marks a restriction that may be chance (a quasi-p-value above
	// 0.05, say): drawn in a lighter blue.
	Weak bool
}

// BoxLimits draws a box's limits against the sampled ranges: one row per
// dimension, top down in the given order, a light bar for the whole sampled
// range (0 to 100% of it) and a blue bar for the part the box keeps,
// labelled with the limits in the dimension's own units. Weak limits are
// lighter, and named so in the legend.
func BoxLimits(meta Meta, limits []BoxLimit) (*Chart, error) {
	ck := checker{chart: "BoxLimits"}
	if len(limits) == 0 {
		ck.add("", "no dimensions to draw")
	}
	for _, l := range limits {
		in := fmt.Sprintf("dimension %q", l.Name)
		if !ck.finite(in, []float64{l.Lo, l.Hi, l.RangeLo, l.RangeHi}) {
			continue
		}
		if !(l.RangeLo < l.RangeHi) || l.Lo < l.RangeLo || l.Hi > l.RangeHi || l.Lo > l.Hi {
			ck.add(in, "box [%v, %v] is not inside the sampled range [%v, %v]", l.Lo, l.Hi, l.RangeLo, l.RangeHi)
		}
	}
	if err := ck.err(); err != nil {
		return nil, err
	}
	n := len(limits)
	hb := hbars{}
	names := make([]string, n)
	weak := false
	for i, l := range limits {
		y := float64(n - 1 - i)
		w := l.RangeHi - l.RangeLo
		lo, hi := (l.Lo-l.RangeLo)/w, (l.Hi-l.RangeLo)/w
		fill := color.Color(Indigo)
		if l.Weak {
			fill, weak = withAlpha(Indigo, 0.45), true
		}
		hb.bars = append(hb.bars,
			hbar{y: y, v: 1, thick: 0.5, fill: withAlpha(Grey, 0.3)},
			hbar{y: y, from: lo, v: math.Max(hi-lo, 0.004), thick: 0.5, fill: fill, label: l.Label})
		names[i] = l.Name
	}
	c := newChart(meta, 1, 1)
	p := newPanel()
	p.Add(gridLines{vertical: true}, hb)
	setBarAxes(p, 0, 1, Fraction, meta.XLabel, meta.YLabel, names)
	c.panels[0] = p
	c.addLegend("Sampled range", Style{Color: withAlpha(Grey, 0.3)}, keyFill, 0)
	c.addLegend("Box", Style{Color: Indigo}, keyFill, 0)
	if weak {
		c.addLegend("Box, limit may be chance", Style{Color: withAlpha(Indigo, 0.45)}, keyFill, 0)
	}
	return c, nil
}

// RobustOption is one policy option across futures: its mean outcome with
// a low and high percentile, and its regret (maximum, or another
// statistic the caller names in meta.ValueLabel).
type RobustOption struct {
	Name         string
	Mean, Lo, Hi float64
	Regret       float64
}

// Robustness draws policy options across futures in two panels that share
// the option rows, top down in the given order (the caller ranks them):
// the mean outcome as a bar with a whisker from Lo to Hi (say the 5th to
// 95th percentile of the futures), and the regret. The most robust option,
// best, is blue and the others grey; meta.ValueLabel names the regret
// panel.
func Robustness(meta Meta, opts []RobustOption, best int) (*Chart, error) {
	ck := checker{chart: "Robustness"}
	if len(opts) == 0 {
		ck.add("", "no options to draw")
	}
	for _, o := range opts {
		in := fmt.Sprintf("option %q", o.Name)
		if ck.finite(in, []float64{o.Mean, o.Lo, o.Hi, o.Regret}) && (o.Lo > o.Mean || o.Mean > o.Hi) {
			ck.add(in, "[%v, %v] does not contain the mean %v", o.Lo, o.Hi, o.Mean)
		}
		if o.Regret < 0 {
			ck.add(in, "regret %v is negative", o.Regret)
		}
	}
	if best < 0 || best >= len(opts) {
		ck.add("best", "%d is not an option (have %d)", best, len(opts))
	}
	if err := ck.err(); err != nil {
		return nil, err
	}
	n := len(opts)
	names := make([]string, n)
	var left, right hbars
	var ends, regrets []float64
	for i, o := range opts {
		y := float64(n - 1 - i)
		fill := color.Color(withAlpha(Grey, 0.8))
		if i == best {
			fill = Indigo
		}
		names[i] = o.Name
		left.bars = append(left.bars, hbar{y: y, v: o.Mean, thick: 0.6, fill: fill, whisker: o.Lo != o.Hi, lo: o.Lo, hi: o.Hi,
			label: meta.Unit.Format(o.Mean)})
		right.bars = append(right.bars, hbar{y: y, v: o.Regret, thick: 0.6, fill: fill, label: meta.Unit.Format(o.Regret)})
		ends = append(ends, o.Lo, o.Hi, o.Mean)
		regrets = append(regrets, o.Regret)
	}
	c := newChart(meta, 1, 2)
	pl := newPanel()
	pl.Title.Text = "Mean across futures, 5th-95th percentile"
	pl.Add(gridLines{vertical: true}, left, zeroLine{onX: true})
	lo, hi := bounds(ends)
	setBarAxes(pl, lo, hi, meta.Unit, meta.XLabel, meta.YLabel, names)
	fewerTicks(pl, lo, hi, meta.Unit)
	pr := newPanel()
	pr.Title.Text = meta.ValueLabel
	if pr.Title.Text == "" {
		pr.Title.Text = "Maximum regret"
	}
	pr.Add(gridLines{vertical: true}, right)
	_, rhi := bounds(regrets)
	if rhi <= 0 {
		rhi = 1 // no regret anywhere: an axis from zero still reads
	}
	setBarAxes(pr, 0, rhi, meta.Unit, meta.XLabel, "", names)
	fewerTicks(pr, 0, rhi, meta.Unit)
	pr.Y.Tick.Marker = noLabels{pr.Y.Tick.Marker}
	c.panels[0], c.panels[1] = pl, pr
	c.addLegend("Most robust", Style{Color: Indigo}, keyFill, 0)
	c.addLegend("Other options", Style{Color: withAlpha(Grey, 0.8)}, keyFill, 0)
	return c, nil
}

// IndexPath is the first-order and total Sobol' indices of one parameter
// over time, with their bands (Lo and Hi equal to the index where there is
// no band).
type IndexPath struct {
	Name                           string
	X                              []float64
	S1, S1Lo, S1Hi, ST, STLo, STHi []float64
}

// IndicesOverTime draws one panel per parameter (in the given order) of its
// total (dark) and first-order (light) Sobol' indices over time, each with
// its band filled between Lo and Hi. All panels share both axes.
func IndicesOverTime(meta Meta, paths []IndexPath) (*Chart, error) {
	ck := checker{chart: "IndicesOverTime"}
	if len(paths) == 0 {
		ck.add("", "no parameters to draw")
	}
	for _, p := range paths {
		for _, v := range []struct {
			what string
			y    []float64
		}{{"S1", p.S1}, {"S1Lo", p.S1Lo}, {"S1Hi", p.S1Hi}, {"ST", p.ST}, {"STLo", p.STLo}, {"STHi", p.STHi}} {
			ck.series(fmt.Sprintf("%q %s", p.Name, v.what), Series{X: p.X, Y: v.y}, 2)
		}
	}
	if err := ck.err(); err != nil {
		return nil, err
	}
	n := len(paths)
	c := newGrid(meta, n, 0)
	cols := c.cols
	c.yLabel = meta.YLabel
	xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range paths {
		xlo, xhi = math.Min(xlo, p.X[0]), math.Max(xhi, p.X[len(p.X)-1])
		lo, hi := bounds(p.S1Lo, p.S1Hi, p.STLo, p.STHi, p.S1, p.ST)
		ylo, yhi = math.Min(ylo, lo), math.Max(yhi, hi)
	}
	ylo = math.Min(ylo, 0)
	for i, pa := range paths {
		p := newPanel()
		p.Title.Text = pa.Name
		p.Add(gridLines{horizontal: true})
		for _, b := range []struct {
			lo, hi, mid []float64
			col         color.Color
		}{{pa.STLo, pa.STHi, pa.ST, Indigo}, {pa.S1Lo, pa.S1Hi, pa.S1, Rose}} {
			ring := append(xys(pa.X, b.lo), reversed(xys(pa.X, b.hi))...)
			poly, err := plotter.NewPolygon(ring)
			if err != nil {
				return nil, fmt.Errorf("chart: IndicesOverTime: %w", err)
			}
			poly.Color = withAlpha(b.col, 0.25)
			poly.LineStyle.Width = 0
			p.Add(poly)
			l, err := newLine(pa.X, b.mid, Style{Color: b.col}, panelWidth)
			if err != nil {
				return nil, fmt.Errorf("chart: IndicesOverTime: %w", err)
			}
			p.Add(l)
		}
		p.Add(zeroLine{})
		gridTimeAxis(p, i, n, cols, xlo, xhi, 3, meta.XLabel)
		setValueAxis(p, ylo, yhi, Plain, false, "", 6)
		if i%cols > 0 {
			p.Y.Tick.Marker = noLabels{p.Y.Tick.Marker}
		}
		c.panels[i] = p
	}
	c.addLegend("Total effect (ST)", Style{Color: Indigo}, keyLine, vg.Points(panelWidth))
	c.addLegend("First order (S1)", Style{Color: Rose}, keyLine, vg.Points(panelWidth))
	c.addLegend("Bootstrap band", Style{Color: withAlpha(Indigo, 0.25)}, keyFill, 0)
	return c, nil
}

func reversed(pts plotter.XYs) plotter.XYs {
	out := make(plotter.XYs, len(pts))
	for i, p := range pts {
		out[len(pts)-1-i] = p
	}
	return out
}

// fewerTicks gives a half-width bar panel three value ticks, so that money
// labels do not run into each other.
func fewerTicks(p *plot.Plot, lo, hi float64, u Unit) {
	var step float64
	p.X.Min, p.X.Max, step = barRange(lo, hi, 3)
	p.X.Tick.Marker = valueTicks{unit: u, target: 3, step: step}
}
