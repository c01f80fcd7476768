package chart

import (
	"image/color"
	"testing"
)

func TestMemberStyles(t *testing.T) {
	key := func(s Style) string {
		c := color.RGBAModel.Convert(s.Color).(color.RGBA)
		return string([]byte{c.R, c.G, c.B}) + map[bool]string{true: "-", false: ""}[len(s.Dashes) > 0]
	}
	// Members of a new region: distinct, and the same whatever the order.
	a := MemberStyles([]string{"UY", "AR", "PY", "BR"}, nil)
	b := MemberStyles([]string{"AR", "BR", "PY", "UY"}, nil)
	seen := map[string]string{}
	for id, s := range a {
		if prev, dup := seen[key(s)]; dup {
			t.Errorf("%s and %s share a style", id, prev)
		}
		seen[key(s)] = id
		if key(b[id]) != key(s) {
			t.Errorf("%s: style depends on the order of the members", id)
		}
	}
	if a["AR"].Color != Blue {
		t.Errorf("AR, first in code order, gets %v, want the palette's first colour", a["AR"].Color)
	}
	// Shipped members keep their colours; a new member takes one no
	// other member of the chart has; a set colour wins.
	m := MemberStyles([]string{"ID", "TH", "AR"}, map[string]string{"TH": "#123456"})
	if m["ID"].Color != Blue || m["TH"].Color != (color.RGBA{0x12, 0x34, 0x56, 0xff}) {
		t.Errorf("ID %v, TH %v", m["ID"].Color, m["TH"].Color)
	}
	if m["AR"].Color == Blue || m["AR"].Color != Vermillion {
		t.Errorf("AR %v, want Vermillion (Blue is ID's)", m["AR"].Color)
	}
	// Twelve members: ten colours, then dashed repeats, never the same style twice.
	ids := []string{"A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "B1", "B2", "B3"}
	seen = map[string]string{}
	for id, s := range MemberStyles(ids, nil) {
		if prev, dup := seen[key(s)]; dup {
			t.Errorf("%s and %s share a style", id, prev)
		}
		seen[key(s)] = id
	}
}

// TestStylesOfUnknownMembers: the members of a user's own region, which no
// table knows, get distinct colours in one chart (four founding Mercosur
// codes, say), while known ids keep their own.
func TestStylesOfUnknownMembers(t *testing.T) {
	ids := []string{"UY", "AR", "PY", "BR", "ID"}
	st := stylesOf(ids)
	seen := map[color.RGBA]string{}
	for _, id := range ids[:4] {
		c := color.RGBAModel.Convert(st[id].Color).(color.RGBA)
		if prev, dup := seen[c]; dup && st[id].Dashes == nil {
			t.Errorf("%s and %s share colour %v", prev, id, c)
		}
		seen[c] = id
	}
	if st["ID"].Color != MemberStyle("ID").Color {
		t.Errorf("ID: %v, want its own colour %v", st["ID"].Color, MemberStyle("ID").Color)
	}
	again := stylesOf([]string{"BR", "PY", "AR", "UY"})
	for _, id := range ids[:4] {
		if again[id].Color != st[id].Color {
			t.Errorf("%s: colour depends on the order of the series", id)
		}
	}
}

// TestRegionStyles: with a user's region, a member keeps its colour in a
// chart that shows only some members, a set colour wins, and the region's
// own policy and counterfactual get colours no member has (a set member
// colour included), the counterfactual brown and dashed; the labels are
// the region's names.
func TestRegionStyles(t *testing.T) {
	rgb := func(c color.Color) color.RGBA { return color.RGBAModel.Convert(c).(color.RGBA) }
	reg := &Region{Members: []string{"AR", "BR", "PY", "UY"}, Names: map[string]string{"AR": "Argentina"},
		Colours: map[string]string{"PY": "#332288"}} // PY takes the first policy colour, Indigo
	m := Meta{Region: reg}
	all := m.stylesOf([]string{"UY", "PY", "BR", "AR"})
	some := m.stylesOf([]string{"UY", "BR"})
	for _, id := range []string{"UY", "BR"} {
		if rgb(some[id].Color) != rgb(all[id].Color) {
			t.Errorf("%s: %v alone, %v with all members: a member's colour must not depend on the chart", id, some[id].Color, all[id].Color)
		}
	}
	if rgb(all["PY"].Color) != rgb(Indigo) {
		t.Errorf("PY %v, want its set colour #332288", all["PY"].Color)
	}
	members := map[color.RGBA]string{}
	for id, s := range all {
		if prev, dup := members[rgb(s.Color)]; dup {
			t.Errorf("%s and %s share %v", prev, id, s.Color)
		}
		members[rgb(s.Color)] = id
	}
	pol := m.stylesOf([]string{"mercosur", "mercosur-no-coordination", "mercosur-binding"})
	seen := map[color.RGBA]string{}
	for name, s := range pol {
		c := rgb(s.Color)
		if id, clash := members[c]; clash {
			t.Errorf("%s has member %s's colour %v", name, id, c)
		}
		if prev, dup := seen[c]; dup {
			t.Errorf("%s and %s share %v", prev, name, c)
		}
		seen[c] = name
	}
	if cf := pol["mercosur-no-coordination"]; rgb(cf.Color) != rgb(Brown) || cf.Dashes == nil {
		t.Errorf("counterfactual %+v, want brown, dashed", cf)
	}
	if rgb(pol["mercosur"].Color) == rgb(Indigo) {
		t.Errorf("mercosur is Indigo, which PY has")
	}
	for id, want := range map[string]string{"AR": "Argentina", "BR": "BR", "ID": "Indonesia", "digital_skills": "Digital skills",
		"mercosur": "Mercosur", "payments": "Payments", "mercosur-no-coordination": "Mercosur no coordination"} {
		if got := m.name(id); got != want {
			t.Errorf("name(%q) = %q, want %q", id, got, want)
		}
	}
	if got := (Meta{}).name("digital_skills"); got != "digital_skills" {
		t.Errorf("without a region, name(digital_skills) = %q: ASEAN's charts must not change", got)
	}
}
