package plot

import (
	"testing"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
)

// TestLabelMembers: members the chart tables do not know are labelled
// with their scenario's names, from a run's or a comparison's manifest;
// ASEAN's keep their display names and are not relabelled.
func TestLabelMembers(t *testing.T) {
	one := `{"members": {"AR": {"name": "Argentina"}, "ID": {"name": "Indonesia (scenario)"}}}`
	two := `{"a": {"members": {"UY": {"name": "Uruguay"}}}, "b": {"members": {"UY": {"name": "Uruguay"}}}}`
	for _, c := range []struct {
		params string
		id     string
		want   string
	}{{one, "AR", "Argentina"}, {one, "ID", ""}, {two, "UY", "Uruguay"}, {two, "PY", ""}} {
		f := &folder{manifest: &manifest.Manifest{Parameters: []byte(c.params)}}
		got := f.labelMembers([]chart.Series{{Name: c.id}})[0]
		if got.Label != c.want {
			t.Errorf("%s in %s: label %q, want %q", c.id, c.params, got.Label, c.want)
		}
	}
}
