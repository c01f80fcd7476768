package chart

import (
	"image/color"
	"slices"
	"strings"
	"testing"
)

func sameStyle(a, b Style) bool {
	return colourEq(a.Color, b.Color) && slices.Equal(a.Dashes, b.Dashes)
}

func colourEq(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// The ten members get ten different styles, as do the segments and the
// scenarios, and no line style uses the too-light Okabe-Ito yellow.
func TestStylesDistinct(t *testing.T) {
	for _, set := range []struct {
		name string
		ids  []string
		f    func(string) Style
	}{
		{"members", []string{"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"}, MemberStyle},
		{"segments", []string{"ecommerce", "online_travel", "transport_food", "online_media"}, SegmentStyle},
		{"scenarios", []string{"no-coordination", "agreement", "binding", "capacity-building", "business-engaged", "asean-2018"}, ScenarioStyle},
	} {
		for i, a := range set.ids {
			sa := set.f(a)
			if colourEq(sa.Color, Yellow) {
				t.Errorf("%s: %s is yellow", set.name, a)
			}
			for _, b := range set.ids[i+1:] {
				if sameStyle(sa, set.f(b)) {
					t.Errorf("%s: %s and %s have the same style", set.name, a, b)
				}
			}
		}
	}
}

// Unknown ids get a style from a hash: the same every call, from the line
// palette.
func TestFallbackStyleStable(t *testing.T) {
	for _, id := range []string{"XX", "new-scenario", "fintech", ""} {
		a, b := ScenarioStyle(id), StyleOf(id)
		if !sameStyle(a, b) || !sameStyle(a, fallbackStyle(id)) {
			t.Errorf("%q: styles differ between calls", id)
		}
		if !slices.ContainsFunc(lineColours, func(c color.Color) bool { return colourEq(c, a.Color) }) {
			t.Errorf("%q: colour %v is not a line colour", id, a.Color)
		}
	}
}

// The same member is drawn in the same style by two different charts.
func TestMemberStyleAcrossCharts(t *testing.T) {
	x := []float64{2018, 2019, 2020}
	var series []Series
	for _, id := range []string{"ID", "KH", "SG"} {
		series = append(series, Series{Name: id, X: x, Y: []float64{1e9, 2e9, 3e9}})
	}
	lines, err := Lines(Meta{Unit: USD}, series)
	if err != nil {
		t.Fatal(err)
	}
	multiples, err := SmallMultiples(Meta{Unit: USD}, series, MultiplesOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range series {
		a, okA := lines.StyleFor(s.Name)
		b, okB := multiples.StyleFor(s.Name)
		if !okA || !okB {
			t.Fatalf("%s: no style recorded (Lines %v, SmallMultiples %v)", s.Name, okA, okB)
		}
		if !sameStyle(a, b) || !sameStyle(a, MemberStyle(s.Name)) {
			t.Errorf("%s: Lines %v, SmallMultiples %v, MemberStyle %v", s.Name, a, b, MemberStyle(s.Name))
		}
	}
	// And the same scenario in Lines and Fan.
	m, q, _ := fanFixture()
	fan, err := Fan(m, q, Series{})
	if err != nil {
		t.Fatal(err)
	}
	_, ls := linesFixture()
	sc, err := Lines(m, ls)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := fan.StyleFor("agreement")
	b, _ := sc.StyleFor("agreement")
	if !sameStyle(a, b) {
		t.Errorf("agreement: Fan %v, Lines %v", a, b)
	}
}

func TestDisplayName(t *testing.T) {
	for id, want := range map[string]string{"ID": "Indonesia", "LA": "Lao PDR", "online_travel": "Online travel", "no-coordination": "No coordination", "other": "other",
		"asean-2030": "ASEAN 2030", "defa-fast": "DEFA fast", "payments-first": "Payments first", "My-File": "My-File"} {
		if got := DisplayName(id); got != want {
			t.Errorf("DisplayName(%q) = %q, want %q", id, got, want)
		}
	}
}

// The theme's fonts are Liberation Sans (bold for titles), found in
// gonum/plot's built-in collection rather than on the system.
func TestThemeFonts(t *testing.T) {
	for _, bold := range []bool{false, true} {
		st := textStyle(10, bold, Black)
		name := st.Font.Name()
		if !strings.Contains(name, "Sans") || strings.Contains(name, "Bold") != bold {
			t.Errorf("bold %v: font %q", bold, name)
		}
		if st.Width("digisim") <= 0 {
			t.Errorf("bold %v: font %q has no metrics", bold, name)
		}
	}
}
