package scenarios

import (
	"slices"
	"strings"
	"testing"
)

// Events are addressed by name or by a pattern of names as well as by
// index: covid-2018's events are 2020, 2021, 2022 x four segments, in that
// order, so covid-*-ecommerce is events 0, 4 and 8.
func TestEventsByName(t *testing.T) {
	sc, err := Load("covid-2018", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path string
		want []string
	}{
		{"events[covid-*-ecommerce].fade", []string{"events[0].fade", "events[4].fade", "events[8].fade"}},
		{"events[covid-2022-online_travel].spend", []string{"events[9].spend"}},
		{"events.covid-2021-online_media.spend", []string{"events[7].spend"}},
		{"events[covid-202?-transport_food].fade", []string{"events[2].fade", "events[6].fade", "events[10].fade"}},
		{"events[flood-*].spend", nil}, // a pattern over no events stands for none, as * does
	} {
		prm, err := Path(sc.Params, c.path)
		if err != nil {
			t.Errorf("%s: %v", c.path, err)
			continue
		}
		if !slices.Equal(prm.Expansions, c.want) {
			t.Errorf("%s: expands to %q, want %q", c.path, prm.Expansions, c.want)
		}
	}
	// Set writes every event the pattern matches and no other.
	prm, err := Path(sc.Params, "events[covid-*-ecommerce].fade")
	if err != nil {
		t.Fatal(err)
	}
	q := sc.Params.Clone()
	prm.Set(q, 0.25)
	for j, ev := range q.Events {
		want := sc.Params.Events[j].Fade
		if strings.HasSuffix(ev.Name, "-ecommerce") {
			want = 0.25
		}
		if ev.Fade != want {
			t.Errorf("%s: fade %v, want %v", ev.Name, ev.Fade, want)
		}
	}
	// --set takes the same paths, and gives the same Params as Set.
	set, err := Load("covid-2018", []string{"events[covid-*-ecommerce].fade=0.25"})
	if err != nil {
		t.Fatal(err)
	}
	for j := range q.Events {
		if set.Params.Events[j].Fade != q.Events[j].Fade {
			t.Errorf("--set: %s fade %v, Set %v", q.Events[j].Name, set.Params.Events[j].Fade, q.Events[j].Fade)
		}
	}
	// An exact name must exist; the message lists the names.
	_, err = Path(sc.Params, "events[covid-2022-ecomerce].spend")
	if err == nil || !strings.Contains(err.Error(), `no event named "covid-2022-ecomerce"; did you mean "covid-2022-ecommerce"?`) {
		t.Errorf("misspelt event: %v", err)
	}
	if _, err := Load("covid-2018", []string{"events[covid-2023-ecommerce].spend=2"}); err == nil || !strings.Contains(err.Error(), `no event named "covid-2023-ecommerce"`) {
		t.Errorf("--set of a missing event: %v", err)
	}
	// Names are for events only.
	if _, err := splitPath("members[ID].online_speed"); err == nil {
		t.Error("members[ID] parsed")
	}
}
