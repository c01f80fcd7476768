package scenarios

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// uncached loads a scenario with shippedParsed emptied first, so that
// every shipped file of its chain is decoded from its text.
func uncached(t *testing.T, ref string, sets []string) *Scenario {
	t.Helper()
	shippedParsed.Clear()
	sc, err := Load(ref, sets)
	if err != nil {
		t.Fatalf("%s %v: %v", ref, sets, err)
	}
	return sc
}

// TestShippedParseCache: a load whose shipped files come from the cache
// equals one that decodes them, for every shipped scenario; the cache
// holds the chain's files; and a load that changes its tables in place
// (--set into an event's table or a member's, drop_members) leaves the
// next load of the same files as it would be uncached.
func TestShippedParseCache(t *testing.T) {
	for _, in := range List() {
		fresh := uncached(t, in.Name, nil)
		cached, err := Load(in.Name, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cached, fresh) {
			t.Errorf("%s: the load from the cache differs from the decoded one", in.Name)
		}
		for _, src := range fresh.Sources {
			if _, ok := shippedParsed.Load(src); !ok {
				t.Errorf("%s: %s is not in the cache after a load", in.Name, src)
			}
		}
	}

	dir := t.TempDir()
	drop := filepath.Join(dir, "drop.toml")
	if err := os.WriteFile(drop, []byte("name = \"drop\"\nextends = \"covid-2018\"\ndrop_members = [\"BN\", \"KH\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		ref, after string
		sets       []string
	}{
		{"covid-2018", "covid-2018", []string{"events[covid-*-ecommerce].fade=0.25", "events.covid-2021-online_media.spend=0.5"}},
		{"agreement", "agreement", []string{"members.BN.investment.payments=0.3", "policy.coordination.payments=[[2018.0, 0.2], [2019.0, 0.9]]"}},
		{drop, "covid-2018", nil},
		{drop, "asean-2018", nil},
	} {
		want := uncached(t, c.after, nil)
		changed := uncached(t, c.ref, c.sets) // fills the cache, then changes its copy
		if reflect.DeepEqual(changed.Params, want.Params) {
			t.Fatalf("%s %v changes nothing: the check below could not fail", c.ref, c.sets)
		}
		again, err := Load(c.after, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(again, want) {
			t.Errorf("%s after %s %v: the cached load differs from the decoded one (a load changed the cache)", c.after, c.ref, c.sets)
		}
	}
}

// TestEditedFileSeen: files on disk and in memory are never cached: an
// edit between two loads is seen.
func TestEditedFileSeen(t *testing.T) {
	file := filepath.Join(t.TempDir(), "mine.toml")
	for _, v := range []float64{0.6, 0.7} {
		text := "name = \"mine\"\nextends = \"agreement\"\n[policy]\nbusiness_engagement = " + formatFloat(v) + "\n"
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		sc, err := Load(file, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := sc.Params.Policy.BusinessEngagement; got != v {
			t.Errorf("file with business_engagement = %v: loaded %v", v, got)
		}
		sc, err = LoadBytes(file, []byte(text), nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := sc.Params.Policy.BusinessEngagement; got != v {
			t.Errorf("text with business_engagement = %v: loaded %v", v, got)
		}
	}
}
