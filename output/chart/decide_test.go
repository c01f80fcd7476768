package chart

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fixtures of the decision charts: a PRIM trajectory and box, three
// coordination policies across futures, and indices over time, at the
// magnitudes of the shipped agreement-robustness experiment (made up for
// drawing, not model output).
func decideFixtures() []struct {
	name  string
	build func() (*Chart, error)
} {
	src := "Source: digisim v0.1.0, experiment agreement-robustness"
	return []struct {
		name  string
		build func() (*Chart, error)
	}{
		{"trajectory", func() (*Chart, error) {
			var steps []TrajectoryStep
			for i := range 12 {
				f := float64(i) / 11
				steps = append(steps, TrajectoryStep{Coverage: 1 - 0.45*f*f, Density: 0.25 + 0.7*math.Sqrt(f), Restricted: min(i, 3)})
			}
			return Trajectory(Meta{Title: "Where the agreement fails to pay", Subtitle: "PRIM peeling trajectory: dividend < 0",
				Source: src, XLabel: "Coverage (share of failing futures in the box)", YLabel: "Density (share of the box failing)"}, steps, 9)
		}},
		{"box_limits", func() (*Chart, error) {
			return BoxLimits(Meta{Title: "The agreement fails when implementation is slow and spillover small",
				Subtitle: "Box limits against the sampled ranges", Source: src, XLabel: "Share of the sampled range"},
				[]BoxLimit{
					{Name: "policy.lag_years", Lo: 3.2, Hi: 5, RangeLo: 1, RangeHi: 5, Label: "3.2 to 5 (p = 0.001)"},
					{Name: "policy.spillover", Lo: 0, Hi: 0.08, RangeLo: 0, RangeHi: 0.5, Label: "0 to 0.08 (p = 0.02)"},
					{Name: "policy.absorptive_floor", Lo: 0.15, Hi: 0.9, RangeLo: 0.1, RangeHi: 0.9, Label: "0.15 to 0.9 (p = 0.44)", Weak: true},
				})
		}},
		{"robustness", func() (*Chart, error) {
			return Robustness(Meta{Title: "Binding rules pay most in most futures", Subtitle: "Cumulative dividend 2018-2035 over 64 futures",
				Source: src, XLabel: "US$", Unit: USD, ValueLabel: "Maximum regret"},
				[]RobustOption{
					{Name: "binding", Mean: 410e9, Lo: 120e9, Hi: 800e9, Regret: 60e9},
					{Name: "agreement", Mean: 250e9, Lo: -20e9, Hi: 500e9, Regret: 310e9},
					{Name: "asean-2018", Mean: 40e9, Lo: -5e9, Hi: 90e9, Regret: 700e9},
				}, 0)
		}},
		{"indices_over_time", func() (*Chart, error) {
			x := years(2019, 2035)
			mk := func(name string, a, b float64) IndexPath {
				p := IndexPath{Name: name, X: x}
				for _, t := range x {
					f := (t - 2019) / 16
					s1, st := a+(b-a)*f, a+(b-a)*f+0.05
					p.S1 = append(p.S1, s1)
					p.S1Lo = append(p.S1Lo, s1-0.04)
					p.S1Hi = append(p.S1Hi, s1+0.04)
					p.ST = append(p.ST, st)
					p.STLo = append(p.STLo, st-0.03)
					p.STHi = append(p.STHi, st+0.03)
				}
				return p
			}
			return IndicesOverTime(Meta{Title: "Adoption drives GMV early, spend later", Subtitle: "Sobol' indices of regional GMV by year",
				Source: src, XLabel: "Year", YLabel: "Sensitivity index"},
				[]IndexPath{mk("imitation", 0.7, 0.3), mk("income elasticity", 0.1, 0.5), mk("lag years", 0.05, 0.1)})
		}},
	}
}

// TestDecideGolden compares the decision charts with their golden SVGs
// (go test ./output/chart -run Decide -update rewrites them).
func TestDecideGolden(t *testing.T) {
	for _, fx := range decideFixtures() {
		t.Run(fx.name, func(t *testing.T) {
			c, err := fx.build()
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			var a bytes.Buffer
			if err := c.Render(&a, SVG, Page); err != nil {
				t.Fatalf("render: %v", err)
			}
			golden := filepath.Join("testdata", fx.name+".svg")
			if *update {
				if err := os.WriteFile(golden, a.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./output/chart -update to create it)", err)
			}
			if !bytes.Equal(a.Bytes(), want) {
				t.Errorf("SVG differs from %s (run with -update if the change is intended)", golden)
			}
			if *preview != "" {
				if err := c.Save(filepath.Join(*preview, fx.name+".png"), PNG, Slide); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

func TestDecideInputErrors(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"trajectory empty", second(Trajectory(Meta{}, nil, 0)), "no steps"},
		{"trajectory chosen", second(Trajectory(Meta{}, []TrajectoryStep{{Coverage: 1, Density: 0.5}}, 3)), "chosen: 3 is not a step"},
		{"trajectory range", second(Trajectory(Meta{}, []TrajectoryStep{{Coverage: 1.5, Density: 0.5}}, 0)), "must be in [0, 1]"},
		{"box outside", second(BoxLimits(Meta{}, []BoxLimit{{Name: "a", Lo: -1, Hi: 1, RangeLo: 0, RangeHi: 2}})), "not inside the sampled range"},
		{"box nan", second(BoxLimits(Meta{}, []BoxLimit{{Name: "a", Lo: nan, Hi: 1, RangeLo: 0, RangeHi: 2}})), "not a finite number"},
		{"robust mean", second(Robustness(Meta{}, []RobustOption{{Name: "a", Mean: 5, Lo: 0, Hi: 1}}, 0)), "does not contain the mean"},
		{"robust regret", second(Robustness(Meta{}, []RobustOption{{Name: "a", Mean: 0.5, Lo: 0, Hi: 1, Regret: -1}}, 0)), "regret -1 is negative"},
		{"indices", second(IndicesOverTime(Meta{}, []IndexPath{{Name: "a", X: []float64{1, 2}, S1: []float64{1}}})), `"a" S1: X has 2 values but Y has 1`},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, tc.err, tc.want)
		}
	}
}

func second(_ *Chart, err error) error { return err }
