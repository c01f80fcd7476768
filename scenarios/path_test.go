package scenarios

import (
	"strings"
	"testing"
)

// TestPath: a path's expansions, range, unit, plausible range and label
// come from the schema; Get reads the mean of what Set writes.
func TestPath(t *testing.T) {
	sc, err := Load("agreement", nil)
	if err != nil {
		t.Fatal(err)
	}
	p := sc.Params
	prm, err := Path(p, "members.*.online_speed")
	if err != nil {
		t.Fatal(err)
	}
	if len(prm.Expansions) != len(p.Members) || prm.Expansions[0] != "members."+p.Members[0].ID+".online_speed" {
		t.Errorf("expansions %q", prm.Expansions)
	}
	if prm.Lo != 0 || prm.Hi != 10 || prm.Unit != "1/year" || prm.FitLo != 0.01 || prm.FitHi != 2 {
		t.Errorf("range [%v, %v] unit %q fit [%v, %v]; want [0, 10], 1/year, [0.01, 2]", prm.Lo, prm.Hi, prm.Unit, prm.FitLo, prm.FitHi)
	}
	q := p.Clone()
	q.Members[0].OnlineSpeed = 1
	q.Members[1].OnlineSpeed = 3
	want := 0.0
	for _, m := range q.Members {
		want += m.OnlineSpeed
	}
	want /= float64(len(q.Members))
	if got := prm.Get(q); got != want {
		t.Errorf("Get = %v, want the mean %v", got, want)
	}
	prm.Set(q, 0.7)
	for _, m := range q.Members {
		if m.OnlineSpeed != 0.7 {
			t.Fatalf("Set left %s at %v", m.ID, m.OnlineSpeed)
		}
	}
	inv, err := Path(p, "members.*.investment.*")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Expansions) != len(p.Members)*len(p.Pillars) || inv.FitHi != 0.5 {
		t.Errorf("investment: %d expansions, fit hi %v", len(inv.Expansions), inv.FitHi)
	}
	if _, err := Path(p, "members.*.onlne_speed"); err == nil || !strings.Contains(err.Error(), "online_speed") {
		t.Errorf("a misspelt key: %v, want a suggestion", err)
	}
	if got := Label("policy.spillover"); got != "Capacity spillover rate (per year)" {
		t.Errorf("Label = %q", got)
	}
	if got := Label("segments.*.no_such_key"); got != "segments.*.no_such_key" {
		t.Errorf("Label of no parameter = %q, want the path", got)
	}
}
