package chart

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/digisim/digisim/output/chart/house"
)

// Unit says how the values of a chart's value axis (or colour bar) read.
type Unit int

const (
	// Plain values show up to two decimals (indices, ratios, Gini).
	Plain Unit = iota
	// USD values show as Money: "$23B".
	USD
	// Persons values show as People: "120M".
	Persons
	// Fraction values in [0, 1] show as Share: "12%".
	Fraction
)

// The house colours (house: the Okabe-Ito palette and its grey, Tol's wine
// and olive for the ninth and tenth member; Yellow is kept out of lines
// and text, too light on white).
var (
	Black         = house.Black
	Orange        = house.Orange
	SkyBlue       = house.SkyBlue
	BluishGreen   = house.BluishGreen
	Yellow        = house.Yellow
	Blue          = house.Blue
	Vermillion    = house.Vermillion
	ReddishPurple = house.ReddishPurple
	Grey          = house.Grey
	Wine          = house.Wine
	Olive         = house.Olive
)

// Style is how one member, segment or scenario is drawn in every chart: a
// colour and, for lines, a dash pattern (nil is solid).
type Style struct {
	Color  color.Color
	Dashes []vg.Length
}

// dashed is the dash pattern that tells apart two series of one colour.
var dashed = []vg.Length{vg.Points(5), vg.Points(2.5)}

// styleOf draws a house style: its colour, and dashed if it says so.
func styleOf(s house.Style) Style {
	st := Style{Color: s.Colour}
	if s.Dashed {
		st.Dashes = dashed
	}
	return st
}

func stylesFrom(m map[string]house.Style) map[string]Style {
	out := make(map[string]Style, len(m))
	for id, s := range m {
		out[id] = styleOf(s)
	}
	return out
}

// lineColours are the Okabe-Ito colours usable for lines, in fallback order.
var lineColours = func() []color.Color {
	out := make([]color.Color, len(house.LineColours))
	for i, c := range house.LineColours {
		out[i] = c
	}
	return out
}()

// memberStyles and segmentStyles are the fixed styles of the ASEAN
// members and the e-Conomy SEA segments (house.Members, house.Segments).
var (
	memberStyles  = stylesFrom(house.Members)
	segmentStyles = stylesFrom(house.Segments)
)

// Colours of policies, counterfactuals and observed data, none a
// member's (house).
var (
	Indigo   = house.Indigo
	Rose     = house.Rose
	Green    = house.Green
	Purple   = house.Purple
	Brown    = house.Brown
	Observed = house.Observed
)

// scenarioStyles fixes a style for each shipped scenario in colours no
// member uses; the counterfactual (no coordination) is a dashed brown so
// that every policy reads against it.
var scenarioStyles = map[string]Style{
	"no-coordination":   {Color: Brown, Dashes: dashed},
	"agreement":         {Color: Indigo},
	"binding":           {Color: Rose},
	"capacity-building": {Color: Green},
	"business-engaged":  {Color: Purple},
	"asean-2018":        {Color: Indigo, Dashes: dashed},
	// The 2022-based twins keep their 2018-based policy's colour; DEFA
	// binding is the 2022-based binding rules.
	"asean-2022":             {Color: Indigo},
	"no-coordination-2022":   {Color: Brown, Dashes: dashed},
	"defa-binding":           {Color: Rose},
	"capacity-building-2022": {Color: Green},
	"business-engaged-2022":  {Color: Purple},
	"covid-2018":             {Color: Observed},
	// The dividend of a policy over its counterfactual (bands of runs).
	"dividend": {Color: Indigo},
	// The 2025-based twins likewise.
	"asean-2025":             {Color: Indigo},
	"no-coordination-2025":   {Color: Brown, Dashes: dashed},
	"defa-2025":              {Color: Rose},
	"capacity-building-2025": {Color: Green},
	"business-engaged-2025":  {Color: Purple},
	"covid-2025":             {Color: Observed},
	// A rolling-origin backtest: the published figures, and the forecast
	// made at each origin.
	"published": {Color: Observed},
	// Observed history beside a projection (workflow/plot.ObservedGMV).
	"observed":           {Color: Observed},
	"forecast from 2018": {Color: SkyBlue, Dashes: dashed},
	"forecast from 2019": {Color: Orange, Dashes: dashed},
	"forecast from 2020": {Color: BluishGreen, Dashes: dashed},
	"forecast from 2021": {Color: ReddishPurple, Dashes: dashed},
	"forecast from 2022": {Color: Blue, Dashes: dashed},
	"forecast from 2023": {Color: Vermillion, Dashes: dashed},
	"forecast from 2024": {Color: Grey, Dashes: dashed},
}

// fallbackStyle gives an unknown id a style from a hash of its bytes, the
// same in every chart and every run (house.Fallback).
func fallbackStyle(id string) Style { return styleOf(house.Fallback(id)) }

// MemberStyle returns the style of an ASEAN member id (BN KH ID LA MY MM PH
// SG TH VN); unknown ids get a stable hash-based style.
func MemberStyle(id string) Style { return lookup(memberStyles, id) }

// SegmentStyle returns the style of a segment id (ecommerce online_travel
// transport_food online_media); unknown ids get a stable hash-based style.
func SegmentStyle(id string) Style { return lookup(segmentStyles, id) }

// ScenarioStyle returns the style of a scenario id (no-coordination
// agreement binding capacity-building business-engaged asean-2018); unknown
// ids get a stable hash-based style.
func ScenarioStyle(id string) Style { return lookup(scenarioStyles, id) }

func lookup(m map[string]Style, id string) Style {
	if s, ok := m[id]; ok {
		return s
	}
	return fallbackStyle(id)
}

// StyleOf returns the style of any id, looked up among members, then
// segments, then scenarios, then by hash. The charts use it for series
// whose kind they do not know (Lines, SmallMultiples).
func StyleOf(id string) Style {
	if s, ok := memberStyles[id]; ok {
		return s
	}
	if s, ok := segmentStyles[id]; ok {
		return s
	}
	if s, ok := scenarioStyles[id]; ok {
		return s
	}
	return fallbackStyle(id)
}

// stylesOf returns the style of each name as StyleOf does, except that the
// names no table knows (the members of a user's own region) get distinct
// colours of the member palette (MemberStyles), assigned by name, so that
// no two series of one chart share a colour.
func stylesOf(names []string) map[string]Style {
	out := map[string]Style{}
	var unknown []string
	for _, n := range names {
		_, m := memberStyles[n]
		_, sg := segmentStyles[n]
		_, sc := scenarioStyles[n]
		if m || sg || sc {
			out[n] = StyleOf(n)
		} else {
			unknown = append(unknown, n)
		}
	}
	for n, st := range MemberStyles(unknown, nil) {
		out[n] = st
	}
	return out
}

// Theme font sizes in points at page width (16 cm); larger canvases scale
// them up (see scaleFor) so a slide projected full width stays legible.
const (
	titleSize    = 13
	subtitleSize = 10
	labelSize    = 9.5
	tickSize     = 8.5
	legendSize   = 9
	sourceSize   = 7.5
	cellSize     = 8
	panelSize    = 9
)

var (
	textColour  = color.RGBA{0x22, 0x22, 0x22, 0xff}
	mutedColour = color.RGBA{0x55, 0x55, 0x55, 0xff}
	axisColour  = color.RGBA{0x66, 0x66, 0x66, 0xff}
	gridColour  = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
)

// sans is the house typeface: Liberation Sans, built into gonum/plot, so no
// system font is needed and every machine renders the same glyphs.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// weightBold is golang.org/x/image/font.WeightBold (CSS 700), the weight
// of Liberation Sans Bold; the constant keeps that module out of the
// package's imports.
const weightBold = 3

// textStyle returns a house text style of the given size in points.
func textStyle(size float64, bold bool, c color.Color) text.Style {
	f := sans
	if bold {
		f.Weight = weightBold
	}
	f.Size = vg.Points(size)
	return text.Style{
		Color:   c,
		Font:    f,
		XAlign:  draw.XLeft,
		YAlign:  draw.YBottom,
		Handler: houseHandler,
	}
}

// pageWidth is the width at which the theme's font sizes are nominal.
const pageWidth = 16 * vg.Centimeter

// scaleFor returns the font scale for a canvas width: 1 up to page width,
// growing with the width up to 1.35 (a 25.4 cm slide gets about 1.3).
func scaleFor(w vg.Length) float64 {
	s := float64(w / pageWidth)
	s = 1 + (s-1)*0.5
	return math.Max(1, math.Min(1.35, s))
}

// newPanel returns a plot with the house look; fonts are set again, scaled,
// when the chart is drawn.
func newPanel() *plot.Plot {
	p := plot.New()
	p.TextHandler = houseHandler
	p.BackgroundColor = nil
	p.Legend = plot.NewLegend()
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.LineStyle = draw.LineStyle{Color: axisColour, Width: vg.Points(0.6)}
		a.Tick.LineStyle = draw.LineStyle{Color: axisColour, Width: vg.Points(0.6)}
		a.Tick.Length = vg.Points(3.5)
		a.Padding = vg.Points(3)
		a.Label.Padding = vg.Points(4)
	}
	styleAxes(p, 1)
	return p
}

// styleAxes sets the fonts of a panel for a font scale.
func styleAxes(p *plot.Plot, s float64) {
	for _, ax := range []struct {
		a        *plot.Axis
		vertical bool
	}{{&p.X, false}, {&p.Y, true}} {
		a := ax.a
		lab := textStyle(labelSize*s, false, textColour)
		lab.XAlign, lab.YAlign = draw.XCenter, draw.YBottom
		a.Label.TextStyle = lab
		tick := textStyle(tickSize*s, false, textColour)
		if ax.vertical {
			// A little below centre: the text box includes the descent, so
			// centred labels read high against their ticks and rows.
			tick.XAlign, tick.YAlign = draw.XRight, -0.6
		} else {
			tick.XAlign, tick.YAlign = draw.XCenter, draw.YTop
		}
		a.Tick.Label = tick
	}
	// The title only reserves its space: Chart.Draw writes it, left-aligned
	// with the panel's data area, so titles line up across panels.
	t := textStyle(panelSize*s, true, color.Transparent)
	t.XAlign, t.YAlign = draw.XCenter, draw.YTop
	p.Title.TextStyle = t
	p.Title.Padding = vg.Points(3 * s)
}

// gridLines draws light horizontal (and optionally vertical) lines at the
// major ticks.
type gridLines struct{ horizontal, vertical bool }

// majorTicks returns an axis' major ticks, looking through noLabels (whose
// ticks would all read as minor, having no label).
func majorTicks(a plot.Axis) []plot.Tick {
	m := a.Tick.Marker
	if n, ok := m.(noLabels); ok {
		m = n.Ticker
	}
	return m.Ticks(a.Min, a.Max)
}

func (g gridLines) Plot(c draw.Canvas, p *plot.Plot) {
	sty := draw.LineStyle{Color: gridColour, Width: vg.Points(0.5)}
	trX, trY := p.Transforms(&c)
	if g.horizontal {
		for _, t := range majorTicks(p.Y) {
			if t.IsMinor() || t.Value < p.Y.Min || t.Value > p.Y.Max {
				continue
			}
			y := trY(t.Value)
			c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
		}
	}
	if g.vertical {
		for _, t := range majorTicks(p.X) {
			if t.IsMinor() || t.Value < p.X.Min || t.Value > p.X.Max {
				continue
			}
			x := trX(t.Value)
			c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
		}
	}
}

// zeroLine draws a darker line at value 0 of the y (or x) axis when 0 is
// inside the range: the reference for negative values.
type zeroLine struct{ onX bool }

func (z zeroLine) Plot(c draw.Canvas, p *plot.Plot) {
	sty := draw.LineStyle{Color: axisColour, Width: vg.Points(0.8)}
	trX, trY := p.Transforms(&c)
	if z.onX {
		if p.X.Min < 0 && p.X.Max > 0 {
			x := trX(0)
			c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
		}
		return
	}
	if p.Y.Min < 0 && p.Y.Max > 0 {
		y := trY(0)
		c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	}
}

// gridOver draws the horizontal grid in translucent white over filled
// areas, so values can be read off inside the fills.
type gridOver struct{}

func (gridOver) Plot(c draw.Canvas, p *plot.Plot) {
	sty := draw.LineStyle{Color: color.NRGBA{0xff, 0xff, 0xff, 0x99}, Width: vg.Points(0.5)}
	_, trY := p.Transforms(&c)
	for _, t := range majorTicks(p.Y) {
		if t.IsMinor() || t.Value <= p.Y.Min || t.Value > p.Y.Max {
			continue
		}
		y := trY(t.Value)
		c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	}
}

// DisplayName returns the reader-facing name of a member, segment, pillar
// or scenario id ("ID" is "Indonesia", "asean-2022" is "ASEAN 2022"):
// house.DisplayName.
func DisplayName(id string) string { return house.DisplayName(id) }
