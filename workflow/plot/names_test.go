package plot

import (
	"slices"
	"testing"

	"github.com/digisim/digisim/output/manifest"
)

// TestMemberNames: members the chart tables do not know are named as their
// scenario names them, from a run's or a comparison's manifest; ASEAN's
// keep their display names, and the shipped scenarios of ASEAN members give
// the charts no Region (their bytes stay the shipped ones).
func TestMemberNames(t *testing.T) {
	one := `{"members": {"AR": {"name": "Argentina"}, "ID": {"name": "Indonesia (scenario)"}}}`
	two := `{"a": {"members": {"UY": {"name": "Uruguay"}}}, "b": {"members": {"UY": {"name": "Uruguay"}, "PY": {"name": ""}}}}`
	asean := `{"members": {"ID": {"name": "Indonesia"}, "VN": {"name": "Viet Nam"}}}`
	for _, c := range []struct {
		params string
		id     string
		want   string
	}{{one, "AR", "Argentina"}, {one, "ID", "Indonesia"}, {two, "UY", "Uruguay"}, {two, "PY", "PY"}, {asean, "VN", "Viet Nam"}} {
		f := &folder{manifest: &manifest.Manifest{Parameters: []byte(c.params)}}
		if got := f.name(c.id); got != c.want {
			t.Errorf("%s in %s: %q, want %q", c.id, c.params, got, c.want)
		}
	}
	f := &folder{manifest: &manifest.Manifest{Parameters: []byte(two)}}
	if r := f.region(); r == nil || !slices.Equal(r.Members, []string{"UY", "PY"}) && !slices.Equal(r.Members, []string{"PY", "UY"}) {
		t.Errorf("region of %s: %+v, want members PY and UY", two, r)
	}
	if r := (&folder{manifest: &manifest.Manifest{Scenario: "binding vs agreement", Parameters: []byte(asean)}}).region(); r != nil {
		t.Errorf("shipped scenarios of ASEAN members: region %+v, want none", r)
	}
	// A user's own scenarios of ASEAN members: a Region, so that the
	// policies' colours are none of the members'.
	if r := (&folder{manifest: &manifest.Manifest{Scenario: "my-policy vs agreement", Parameters: []byte(asean)}}).region(); r == nil {
		t.Errorf("a user's scenario of ASEAN members: no region")
	}
}
