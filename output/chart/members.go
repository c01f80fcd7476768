package chart

import (
	"image/color"
	"slices"
	"strconv"
	"strings"
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

// policyPalette are the colours of a user's own policies and
// counterfactuals, in the order they are taken: the shipped scenarios'
// colours, none of which a member of the palette has.
var policyPalette = []color.Color{Indigo, Rose, Green, Purple, Brown}

// stylesOf returns the style of each name of one chart. Without a Region
// it is the package's stylesOf (ASEAN's fixed styles). With one, the
// region's members get MemberStyles over all the members, so each keeps
// its colour in every chart; segments and shipped scenarios keep their
// styles; any other name (a user's policy or counterfactual) gets a
// colour of policyPalette that no member and no other series of the chart
// has, taken in name order, a counterfactual ("...no-coordination")
// brown and dashed as the shipped one.
func (m Meta) stylesOf(names []string) map[string]Style {
	if m.Region == nil {
		return stylesOf(names)
	}
	members := MemberStyles(m.Region.Members, m.Region.Colours)
	out := map[string]Style{}
	used := map[color.RGBA]bool{}
	take := func(n string, s Style) {
		out[n] = s
		used[color.RGBAModel.Convert(s.Color).(color.RGBA)] = true
	}
	for _, s := range members {
		used[color.RGBAModel.Convert(s.Color).(color.RGBA)] = true
	}
	var others []string
	for _, n := range names {
		if s, ok := members[n]; ok {
			out[n] = s
		} else if s, ok := segmentStyles[n]; ok {
			take(n, s)
		} else if s, ok := scenarioStyles[n]; ok {
			take(n, s)
		} else if !slices.Contains(others, n) {
			others = append(others, n)
		}
	}
	slices.Sort(others)
	free := func(c color.Color) bool { return !used[color.RGBAModel.Convert(c).(color.RGBA)] }
	var rest []string
	for _, n := range others {
		if counterfactual(n) && free(Brown) {
			take(n, Style{Color: Brown, Dashes: dashed})
		} else {
			rest = append(rest, n)
		}
	}
	for i, n := range rest {
		s := Style{Color: policyPalette[i%len(policyPalette)], Dashes: dashed}
		for _, c := range policyPalette {
			if free(c) {
				s = Style{Color: c}
				break
			}
		}
		take(n, s)
	}
	return out
}

// styleOf is the style of one series drawn alone with a chart's fixed
// colours (a fan's scenario).
func (m Meta) styleOf(name string) Style {
	if m.Region == nil {
		return StyleOf(name)
	}
	return m.stylesOf([]string{name})[name]
}

// counterfactual says a scenario id names the absence of the policy, as
// digisim init names its twin ("mercosur-no-coordination").
func counterfactual(id string) bool {
	return id == "no-coordination" || strings.HasSuffix(id, "-no-coordination")
}
