package studio_test

import (
	"testing"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/workflow/studio"
)

// TestShapes: the page offers as counterfactuals the scenarios of the
// same shape; Shape agrees with what a comparison accepts.
func TestShapes(t *testing.T) {
	s, err := studio.New(studio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	shape := map[string]string{}
	for _, e := range s.Scenarios() {
		if e.Shape == "" {
			t.Errorf("%s: no shape", e.Ref)
		}
		shape[e.Ref] = e.Shape
	}
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"defa-binding", "no-coordination-2022", true},
		{"agreement", "no-coordination", true},
		{"agreement", "no-coordination-2022", false}, // another time axis
		{"asean-2015", "asean-2018", false},
	} {
		if (shape[c.a] == shape[c.b]) != c.same {
			t.Errorf("%s and %s: same shape %v, want %v", c.a, c.b, !c.same, c.same)
		}
	}
	// A sub-region is of another shape.
	sc, err := scenarios.LoadBytes("sub.toml", []byte("name = \"sub\"\nextends = \"asean-2022\"\ndrop_members = [\"BN\"]\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if studio.Shape(sc.Params) == shape["asean-2022"] {
		t.Error("dropping a member keeps the shape")
	}
}
