package chart

import (
	"image/color"
	"slices"
	"strings"

	"github.com/digisim/digisim/output/chart/house"
)

// MemberStyles gives each member of one chart its style, so that no two
// share a colour (house.MemberStyles: the scenario's own colour, a shipped
// member's, else the first free one of the palette; past ten, dashed).
func MemberStyles(ids []string, colours map[string]string) map[string]Style {
	return stylesFrom(house.MemberStyles(ids, colours))
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
