package pair

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/simtest"
)

func scenario(name string, p *sim.Params) *scenarios.Scenario {
	return &scenarios.Scenario{Name: name, Params: p}
}

// TestRun: the pair is each scenario's own run, bit for bit; sizes are
// checked before either run; a run's error names its scenario; runs that
// cannot be subtracted are refused.
func TestRun(t *testing.T) {
	p := simtest.ThreeMembers()
	q := p.Clone()
	q.Policy.Spillover = p.Policy.Spillover / 2
	pr, br, err := Run(scenario("p", p), scenario("q", q), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pr, simtest.MustRun(t, p)) || !reflect.DeepEqual(br, simtest.MustRun(t, q)) {
		t.Error("Run's runs differ from sim.Run's")
	}
	if pr.Steps[len(pr.Steps)-1].Region.GMVTotal == br.Steps[len(br.Steps)-1].Region.GMVTotal {
		t.Error("the two scenarios gave the same GMV: the test would not see them swapped")
	}

	// The policy cannot run (one step allowed) and the counterfactual is
	// too large for the caller: the size is refused first, so no run.
	tiny := p.Clone()
	tiny.StepLimit = 1
	if _, err := sim.Run(tiny); err == nil {
		t.Fatal("a run of one step succeeded: the cases below prove nothing")
	}
	tooLarge := errors.New("huge: too large")
	var checked []string
	fits := func(name string, _ *sim.Params) error {
		checked = append(checked, name)
		if name == "huge" {
			return tooLarge
		}
		return nil
	}
	if _, _, err := Run(scenario("tiny", tiny), scenario("huge", q), Options{Fits: fits}); !errors.Is(err, tooLarge) {
		t.Errorf("an oversized counterfactual: %v, want its size refused before any run", err)
	}
	if !reflect.DeepEqual(checked, []string{"tiny", "huge"}) {
		t.Errorf("sizes checked: %v, want both, policy first", checked)
	}
	_, _, err = Run(scenario("tiny", tiny), scenario("q", q), Options{Fits: fits})
	if err == nil || !strings.HasPrefix(err.Error(), "run tiny: ") {
		t.Errorf("a policy that cannot run: %v, want \"run tiny: ...\"", err)
	}
	if _, _, err := Run(scenario("q", q), scenario("tiny", tiny), Options{}); err == nil || !strings.HasPrefix(err.Error(), "run tiny: ") {
		t.Errorf("a counterfactual that cannot run: %v, want \"run tiny: ...\"", err)
	}

	longer := p.Clone()
	longer.Time.End = p.Time.End + 1
	if _, _, err := Run(scenario("p", p), scenario("longer", longer), Options{}); err == nil || !strings.Contains(err.Error(), "different time axes") {
		t.Errorf("another horizon: %v", err)
	}
}

// TestAgainst: the counterfactual comes from Options.Against when given
// (the studio's kept runs), and the policy still from its own run.
func TestAgainst(t *testing.T) {
	p := simtest.ThreeMembers()
	q := p.Clone()
	q.Policy.BusinessEngagement = 0
	kept := simtest.MustRun(t, q)
	var asked []string
	o := Options{Against: func(sc *scenarios.Scenario) (*sim.Result, error) {
		asked = append(asked, sc.Name)
		return kept, nil
	}}
	pr, br, err := Run(scenario("p", p), scenario("q", q), o)
	if err != nil {
		t.Fatal(err)
	}
	if br != kept || !reflect.DeepEqual(asked, []string{"q"}) {
		t.Errorf("counterfactual %p (kept %p), asked for %v", br, kept, asked)
	}
	if !reflect.DeepEqual(pr, simtest.MustRun(t, p)) {
		t.Error("the policy's run differs from sim.Run's")
	}
}

func TestComparableRefuses(t *testing.T) {
	p := simtest.ThreeMembers()
	pr := simtest.MustRun(t, p)
	q := p.Clone()
	q.Time.End = p.Time.End + 1
	if err := Comparable("p", "q", pr, simtest.MustRun(t, q)); err == nil || !strings.Contains(err.Error(), "different time axes") {
		t.Errorf("another horizon: %v", err)
	}
	r := simtest.Region(4, 2, 2)
	if err := Comparable("p", "r", pr, simtest.MustRun(t, r)); err == nil || !strings.Contains(err.Error(), "different members") {
		t.Errorf("other members: %v", err)
	}
	if err := Comparable("p", "p", pr, pr); err != nil {
		t.Errorf("a run against itself: %v", err)
	}
}
