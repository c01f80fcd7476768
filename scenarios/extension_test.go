package scenarios

import (
	"strings"
	"testing"
)

// TestWriteExtensionLoads: a written extension reads back with its values
// set at every key and the rest inherited; comments stay comments even
// when a line of them is empty or a note spans lines.
func TestWriteExtensionLoads(t *testing.T) {
	x := Extension{
		Comment:     []string{"agreement-fitted: a test", "", "two\nlines"},
		Name:        "agreement-fitted",
		Description: `with "quotes"`,
		Extends:     "agreement",
		Values: []ExtensionValue{
			{Comment: "imitation: estimate 0.42", Keys: []string{"segments.ecommerce.imitation"}, Value: 0.42},
			{Comment: "online speed\nover two lines", Keys: []string{"members.KH.online_speed", "members.LA.online_speed"}, Value: 0.3},
		},
	}
	var b strings.Builder
	if err := WriteExtension(&b, x); err != nil {
		t.Fatal(err)
	}
	sc, err := LoadBytes("fitted.toml", []byte(b.String()), nil)
	if err != nil {
		t.Fatalf("written extension does not load: %v\n%s", err, b.String())
	}
	base, err := Load("agreement", nil)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "agreement-fitted" || sc.Description != `with "quotes"` {
		t.Errorf("name %q description %q", sc.Name, sc.Description)
	}
	p := sc.Params
	for s, seg := range p.Segments {
		want := base.Params.Segments[s].Imitation
		if seg.ID == "ecommerce" {
			want = 0.42
		}
		if seg.Imitation != want {
			t.Errorf("segment %s imitation %v, want %v", seg.ID, seg.Imitation, want)
		}
	}
	for i, m := range p.Members {
		want := base.Params.Members[i].OnlineSpeed
		if m.ID == "KH" || m.ID == "LA" {
			want = 0.3
		}
		if m.OnlineSpeed != want {
			t.Errorf("member %s online_speed %v, want %v", m.ID, m.OnlineSpeed, want)
		}
	}
	if !strings.HasPrefix(b.String(), "# agreement-fitted: a test\n#\n# two\n# lines\n\nname = ") {
		t.Errorf("comment block:\n%s", b.String())
	}
}
