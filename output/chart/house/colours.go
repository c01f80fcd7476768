package house

import (
	"hash/fnv"
	"image/color"
	"slices"
	"strconv"
)

// The Okabe-Ito colour-blind-safe palette (Okabe and Ito 2008, "Color
// Universal Design"), plus the mid grey commonly paired with it. Yellow is
// kept out of lines and text: it is too light on white.
var (
	Black         = color.RGBA{0x00, 0x00, 0x00, 0xff}
	Orange        = color.RGBA{0xE6, 0x9F, 0x00, 0xff}
	SkyBlue       = color.RGBA{0x56, 0xB4, 0xE9, 0xff}
	BluishGreen   = color.RGBA{0x00, 0x9E, 0x73, 0xff}
	Yellow        = color.RGBA{0xF0, 0xE4, 0x42, 0xff}
	Blue          = color.RGBA{0x00, 0x72, 0xB2, 0xff}
	Vermillion    = color.RGBA{0xD5, 0x5E, 0x00, 0xff}
	ReddishPurple = color.RGBA{0xCC, 0x79, 0xA7, 0xff}
	Grey          = color.RGBA{0x99, 0x99, 0x99, 0xff}
)

// Two colours from Paul Tol's colour-blind-safe "muted" scheme extend the
// Okabe-Ito set for the ninth and tenth member.
var (
	Wine  = color.RGBA{0x88, 0x22, 0x55, 0xff}
	Olive = color.RGBA{0x99, 0x99, 0x33, 0xff}
)

// Colours of policies, counterfactuals and observed data: none is a
// member's, so that a colour means one thing in every chart (Paul Tol's
// colour-blind-safe "muted" and "high-contrast" schemes, a brown from
// ColorBrewer's BrBG, and a neutral grey for what was observed).
var (
	Indigo   = color.RGBA{0x33, 0x22, 0x88, 0xff}
	Rose     = color.RGBA{0xBB, 0x55, 0x66, 0xff}
	Green    = color.RGBA{0x11, 0x77, 0x33, 0xff}
	Purple   = color.RGBA{0xAA, 0x44, 0x99, 0xff}
	Brown    = color.RGBA{0x8C, 0x51, 0x0A, 0xff}
	Observed = color.RGBA{0x76, 0x76, 0x76, 0xff}
)

// Style is how one member, segment or scenario is drawn: a colour and,
// for lines, whether dashed (the charts' dash pattern).
type Style struct {
	Colour color.RGBA
	Dashed bool
}

// LineColours are the Okabe-Ito colours usable for lines, in fallback order.
var LineColours = []color.RGBA{Blue, Vermillion, BluishGreen, ReddishPurple, Orange, SkyBlue, Black}

// Members fixes a style for each ASEAN member: ten distinct colours, all
// solid (the seven Okabe-Ito line colours, grey, and Tol's wine and
// olive), so small multiples and slope charts never repeat a colour.
var Members = map[string]Style{
	"ID": {Colour: Blue},
	"TH": {Colour: Vermillion},
	"VN": {Colour: BluishGreen},
	"PH": {Colour: ReddishPurple},
	"MY": {Colour: Orange},
	"SG": {Colour: SkyBlue},
	"MM": {Colour: Black},
	"BN": {Colour: Grey},
	"KH": {Colour: Wine},
	"LA": {Colour: Olive},
}

// Segments fixes a colour for each e-Conomy SEA segment. Segments are
// drawn as filled areas, so they need colours only.
var Segments = map[string]Style{
	"ecommerce":      {Colour: Blue},
	"online_travel":  {Colour: Orange},
	"transport_food": {Colour: BluishGreen},
	"online_media":   {Colour: ReddishPurple},
}

// Fallback gives an unknown id a style from a hash of its bytes (FNV-1a),
// so it is the same in every chart and every run: one of the seven line
// colours, solid or dashed (14 styles).
func Fallback(id string) Style {
	h := fnv.New32a()
	h.Write([]byte(id))
	n := h.Sum32() % uint32(2*len(LineColours))
	return Style{Colour: LineColours[n%uint32(len(LineColours))], Dashed: n >= uint32(len(LineColours))}
}

// SegmentStyle returns the style of a segment id; unknown ids get
// Fallback's.
func SegmentStyle(id string) Style {
	if s, ok := Segments[id]; ok {
		return s
	}
	return Fallback(id)
}

// memberPalette is the order in which members without a fixed colour get
// one: the ten colour-blind-safe colours of Members.
var memberPalette = []color.RGBA{Blue, Vermillion, BluishGreen, ReddishPurple, Orange, SkyBlue, Black, Grey, Wine, Olive}

// MemberStyles gives each member of one chart its style, so that no two
// share a colour: the colour the scenario's [region] sets for it
// ("#rrggbb"), else a shipped member's fixed style (Members), else the
// first colour of the palette that no other member of the chart has, the
// members taken in code order, so the same members get the same colours
// in every chart. Past ten members colours repeat, dashed.
func MemberStyles(ids []string, colours map[string]string) map[string]Style {
	out := map[string]Style{}
	used := map[color.RGBA]bool{}
	var free []string
	for _, id := range ids {
		if c, ok := parseHex(colours[id]); ok {
			out[id] = Style{Colour: c}
			used[c] = true
		} else if s, ok := Members[id]; ok {
			out[id] = s
			used[s.Colour] = true
		} else {
			free = append(free, id)
		}
	}
	slices.Sort(free)
	next := 0
	for round := 0; len(free) > 0; round++ {
		for ; next < len(memberPalette) && len(free) > 0; next++ {
			c := memberPalette[next]
			if round == 0 && used[c] {
				continue
			}
			out[free[0]] = Style{Colour: c, Dashed: round > 0}
			free = free[1:]
		}
		next = 0
	}
	return out
}

func parseHex(s string) (color.RGBA, bool) {
	if len(s) != 7 || s[0] != '#' {
		return color.RGBA{}, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.RGBA{}, false
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}, true
}
