package runtables

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/simtest"
)

func scenario(name string, p *sim.Params) *scenarios.Scenario {
	return &scenarios.Scenario{Name: name, Params: p}
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
	pr, br := simtest.MustRun(t, p), simtest.MustRun(t, q)
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
