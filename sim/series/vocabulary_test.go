package series

import "testing"

// TestVocabularyComplete: every output variable has an entry in the
// vocabulary, a name has one unit at every level, and the vocabulary names
// no variable that does not exist: adding an output without describing it
// fails here.
func TestVocabularyComplete(t *testing.T) {
	unit := map[string]string{}
	for _, v := range Variables {
		if _, ok := outputs[v.Name]; !ok {
			t.Errorf("variable %s has no entry in outputs", v.Name)
		}
		if u, seen := unit[v.Name]; seen && u != v.Unit {
			t.Errorf("variable %s has unit %q at one level and %q at another", v.Name, u, v.Unit)
		}
		unit[v.Name] = v.Unit
	}
	for name := range outputs {
		if _, ok := unit[name]; !ok {
			t.Errorf("outputs describes %s, which is no variable", name)
		}
	}
	o, ok := Describe("gmv")
	if !ok || o.Label != "Digital GMV" || o.Unit != "USD/year" || !o.Additive {
		t.Errorf("Describe(gmv) = %+v, %v", o, ok)
	}
	if o, ok := Describe("capacity"); !ok || o.Label != "capacity" {
		t.Errorf("Describe(capacity) = %+v, %v; want the name as label", o, ok)
	}
	if _, ok := Describe("nonsense"); ok {
		t.Error("Describe(nonsense) is ok")
	}
	if Find("gmv", Region) != nil || Find("gmv", RegionSegment) == nil {
		t.Error("Find(gmv) at the wrong levels")
	}
}
