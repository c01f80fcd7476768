package chart

import "github.com/digisim/digisim/output/chart/house"

// MemberStyles gives each member of one chart its style, so that no two
// share a colour (house.MemberStyles: the scenario's own colour, a shipped
// member's, else the first free one of the palette; past ten, dashed).
func MemberStyles(ids []string, colours map[string]string) map[string]Style {
	return stylesFrom(house.MemberStyles(ids, colours))
}
