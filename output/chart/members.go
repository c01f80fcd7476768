package chart

import (
	"image/color"
	"slices"
	"strconv"
)

// memberPalette is the order in which members without a fixed colour get
// one: the ten colour-blind-safe colours of memberStyles.
var memberPalette = []color.Color{Blue, Vermillion, BluishGreen, ReddishPurple, Orange, SkyBlue, Black, Grey, Wine, Olive}

// MemberStyles gives each member of one chart its style, so that no two
// share a colour: the colour the scenario's [region] sets for it
// ("#rrggbb"), else a shipped member's fixed style (MemberStyle), else the
// first colour of the palette that no other member of the chart has, the
// members taken in code order, so the same members get the same colours
// in every chart. Past ten members colours repeat, dashed.
func MemberStyles(ids []string, colours map[string]string) map[string]Style {
	out := map[string]Style{}
	used := map[color.RGBA]bool{}
	take := func(c color.Color) { used[color.RGBAModel.Convert(c).(color.RGBA)] = true }
	var free []string
	for _, id := range ids {
		if c, ok := parseHex(colours[id]); ok {
			out[id] = Style{Color: c}
			take(c)
		} else if s, ok := memberStyles[id]; ok {
			out[id] = s
			take(s.Color)
		} else {
			free = append(free, id)
		}
	}
	slices.Sort(free)
	next := 0
	for round := 0; len(free) > 0; round++ {
		for ; next < len(memberPalette) && len(free) > 0; next++ {
			c := memberPalette[next]
			if round == 0 && used[color.RGBAModel.Convert(c).(color.RGBA)] {
				continue
			}
			s := Style{Color: c}
			if round > 0 {
				s.Dashes = dashed
			}
			out[free[0]] = s
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
