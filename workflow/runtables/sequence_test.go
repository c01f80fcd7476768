package runtables

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
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

// TestRunPair: the pair is each scenario's own run, bit for bit; sizes are
// checked before either run; runs that cannot be subtracted are refused.
func TestRunPair(t *testing.T) {
	p := simtest.ThreeMembers()
	q := p.Clone()
	q.Policy.Spillover = p.Policy.Spillover / 2
	pr, br, err := RunPair(scenario("p", p), scenario("q", q))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pr, mustRun(t, p)) || !reflect.DeepEqual(br, mustRun(t, q)) {
		t.Error("RunPair's runs differ from sim.Run's")
	}
	if pr.Steps[len(pr.Steps)-1].Region.GMVTotal == br.Steps[len(br.Steps)-1].Region.GMVTotal {
		t.Error("the two scenarios gave the same GMV: the test would not see them swapped")
	}

	// The policy cannot run (one step allowed), the counterfactual is too
	// large to write: the size is refused first, so no run was made.
	tiny := p.Clone()
	tiny.StepLimit = 1
	if _, err := sim.Run(tiny); err == nil {
		t.Fatal("a run of one step succeeded: the case below proves nothing")
	}
	huge := p.Clone()
	huge.Members = make([]sim.Member, 1000)
	_, _, err = RunPair(scenario("tiny", tiny), scenario("huge", huge))
	if err == nil || !strings.Contains(err.Error(), "huge: cross_border.csv would hold") {
		t.Errorf("an oversized counterfactual: %v, want its size refused before any run", err)
	}
	_, _, err = RunPair(scenario("tiny", tiny), scenario("q", q))
	if err == nil || !strings.HasPrefix(err.Error(), "run tiny: ") {
		t.Errorf("a policy that cannot run: %v, want \"run tiny: ...\"", err)
	}

	longer := p.Clone()
	longer.Time.End = p.Time.End + 1
	if _, _, err := RunPair(scenario("p", p), scenario("longer", longer)); err == nil || !strings.Contains(err.Error(), "different time axes") {
		t.Errorf("another horizon: %v", err)
	}
}

// TestCompareSequence: Compare writes the comparison's tables into the
// folder, draws the charts after them (the callback sees dividend.csv),
// prints nothing with Quiet, and a charts failure is the command's error.
func TestCompareSequence(t *testing.T) {
	p := simtest.ThreeMembers()
	q := p.Clone()
	q.Policy.Spillover = p.Policy.Spillover / 2
	dir := filepath.Join(t.TempDir(), "cmp")
	var sawDividend bool
	var out strings.Builder
	o := Options{Out: dir, Args: []string{"compare", "p", "q"}, Quiet: true, Charts: func(d string) error {
		_, err := os.Stat(filepath.Join(d, "dividend.csv"))
		sawDividend = d == dir && err == nil
		return nil
	}}
	if err := Compare(context.Background(), scenario("p", p), scenario("q", q), o, &out); err != nil {
		t.Fatal(err)
	}
	if !sawDividend {
		t.Error("the charts were drawn before dividend.csv was written, or into another folder")
	}
	if out.Len() != 0 {
		t.Errorf("Quiet printed %q", out.String())
	}
	rows := readCSV(t, filepath.Join(dir, "dividend.csv"))
	pr, br := mustRun(t, p), mustRun(t, q)
	d := NewDividend(pr, br, math.Inf(-1))
	if len(rows) != len(d.Rows)+1 {
		t.Errorf("dividend.csv has %d rows, want %d and a header", len(rows)-1, len(d.Rows))
	}

	drawErr := errors.New("no fonts")
	o.Charts = func(string) error { return drawErr }
	if err := Compare(context.Background(), scenario("p", p), scenario("q", q), o, &out); !errors.Is(err, drawErr) {
		t.Errorf("a failed chart: %v, want it returned", err)
	}
}
