package fit

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// At origin T the problem knows no event that starts after T and fits no
// parameter of one; every fitted parameter with a prior starts at its
// prior mean (nothing fitted to later data leaks in through a start).
func TestRecipeProblemAtOrigin(t *testing.T) {
	s, err := loadRecipe(Options{Recipe: "history"})
	if err != nil {
		t.Fatal(err)
	}
	full, err := s.problem(math.Inf(1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 4 imitations, 4 deepenings, 10 drifts, 1 online speed, 12 events.
	if len(full.Params) != 31 || len(full.Base.Events) != 12 {
		t.Fatalf("full problem: %d parameters, %d events", len(full.Params), len(full.Base.Events))
	}
	for _, T := range []float64{2018, 2019, 2020, 2021} {
		pr, err := s.problem(T, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range pr.Base.Events {
			if ev.Start > T {
				t.Errorf("origin %v knows event %s starting %v", T, ev.Name, ev.Start)
			}
		}
		known := len(pr.Base.Events)
		if want := int(4 * math.Max(0, T-2019)); known != want {
			t.Errorf("origin %v: %d events, want %d", T, known, want)
		}
		if len(pr.Params) != 19+known {
			t.Errorf("origin %v: %d parameters, want %d", T, len(pr.Params), 19+known)
		}
		for _, prm := range pr.Params {
			if prm.Prior.SD > 0 && math.Abs(prm.Get(pr.Base)-prm.Prior.Mean) > 1e-12 { // a wildcard reads back as a mean
				t.Errorf("origin %v: %s starts at %v, not its prior mean %v", T, prm.Name, prm.Get(pr.Base), prm.Prior.Mean)
			}
		}
	}
}

// The one-command backtest writes its tables and charts and prints the
// table of skills.
func TestBacktestRecipe(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	o := Options{Recipe: "history", Origins: []int{2021}, Out: dir, Starts: 2, Chart: "svg"}
	if err := BacktestRecipe(context.Background(), o, &out); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"backtest-summary.csv", "backtest.csv", "backtest-points.csv", "backtest-total.svg", "backtest-ecommerce.svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(out.String(), "member MAPE") || !strings.Contains(out.String(), "2021") {
		t.Errorf("report:\n%s", out.String())
	}
	sum, _ := os.ReadFile(filepath.Join(dir, "backtest-summary.csv"))
	if lines := strings.Count(string(sum), "\n"); lines != 2 {
		t.Errorf("summary has %d lines, want a header and one origin:\n%s", lines, sum)
	}
	o.Origins = []int{2022}
	if err := BacktestRecipe(context.Background(), o, &out); err == nil || !strings.Contains(err.Error(), "origin 2022") {
		t.Errorf("origin at the last year: %v", err)
	}
}
