package robust

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// handTable is small enough to work by hand (values per future f1..f4):
//
//	A: 10  4  6  8
//	B:  7  7  7  7
//	C: 12  1  9  3
var handTable = Table{
	Options: []string{"A", "B", "C"},
	Values:  [][]float64{{10, 4, 6, 8}, {7, 7, 7, 7}, {12, 1, 9, 3}},
}

// exactTol: the expected values are sums and ratios of small integers,
// exact up to rounding.
const exactTol = 1e-12

func near(a, b float64) bool { return math.Abs(a-b) <= exactTol }

func TestHandTableMaximize(t *testing.T) {
	// Best per future: 12 (C), 7 (B), 9 (C), 8 (A). Regrets:
	//	A: 2 3 3 0  max 3  mean 2
	//	B: 5 0 2 1  max 5  mean 2
	//	C: 0 6 0 5  max 6  mean 2.75
	// Satisficing at >= 7: A meets 10, 8 (1/2); B all (1); C 12, 9 (1/2).
	// Percentiles of A (sorted 4 6 8 10, type 7): 5th 4 + 0.15·2 = 4.3,
	// median 7, 95th 8 + 0.85·2 = 9.7.
	opts, err := Analyze(handTable, Spec{Goal: Maximize, Threshold: &Threshold{Value: 7, AtLeast: true}})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		mean, min, max, sat, maxReg, meanReg float64
		best                                 int
	}{
		{7, 4, 10, 0.5, 3, 2, 1},
		{7, 7, 7, 1, 5, 2, 1},
		{6.25, 1, 12, 0.5, 6, 2.75, 2},
	}
	for o, w := range want {
		g := opts[o]
		if !near(g.Mean, w.mean) || g.Min != w.min || g.Max != w.max || !near(g.Satisficing, w.sat) ||
			!near(g.MaxRegret, w.maxReg) || !near(g.MeanRegret, w.meanReg) || g.Best != w.best {
			t.Errorf("option %s: %+v, want %+v", g.Name, g, w)
		}
	}
	if p := opts[0].Percentiles; !near(p[0], 4.3) || !near(p[1], 7) || !near(p[2], 9.7) {
		t.Errorf("A percentiles %v, want 4.3 7 9.7", p)
	}
	// A's regrets sorted 0 2 3 3: median 2.5.
	if p := opts[0].RegretPercentiles; !near(p[1], 2.5) || !near(p[2], 3) {
		t.Errorf("A regret percentiles %v, want median 2.5, 95th 3", p)
	}
	for _, tc := range []struct {
		c    Criterion
		want string
	}{
		{MinimaxRegret, "A"},  // max regret 3 < 5 < 6
		{MaxSatisficing, "B"}, // 1 > 0.5
		{Maximin, "B"},        // worst case 7 > 4 > 1
		{BestMean, "A"},       // A and B tie at 7 and at mean regret 2: the earlier wins
	} {
		i, err := MostRobust(opts, Maximize, tc.c)
		if err != nil {
			t.Fatal(err)
		}
		if opts[i].Name != tc.want {
			t.Errorf("%v: %s, want %s", tc.c, opts[i].Name, tc.want)
		}
	}
}

func TestHandTableMinimize(t *testing.T) {
	// Less is better. Best per future: 7 (B), 1 (C), 6 (A), 3 (C).
	//	A: 3 3 0 5  max 5  mean 2.75
	//	B: 0 6 1 4  max 6  mean 2.75
	//	C: 5 0 3 0  max 5  mean 2
	// A and C tie on max regret; C's lower mean regret wins.
	// Satisficing at <= 6: A meets 4, 6 (1/2); B none (0); C 1, 3 (1/2).
	opts, err := Analyze(handTable, Spec{Goal: Minimize, Threshold: &Threshold{Value: 6}})
	if err != nil {
		t.Fatal(err)
	}
	for o, w := range [][3]float64{{5, 2.75, 0.5}, {6, 2.75, 0}, {5, 2, 0.5}} {
		if g := opts[o]; !near(g.MaxRegret, w[0]) || !near(g.MeanRegret, w[1]) || !near(g.Satisficing, w[2]) {
			t.Errorf("option %s: max regret %v mean regret %v satisficing %v, want %v", g.Name, g.MaxRegret, g.MeanRegret, g.Satisficing, w)
		}
	}
	for _, tc := range []struct {
		c    Criterion
		want string
	}{
		{MinimaxRegret, "C"},
		{Maximin, "B"},  // worst (largest) values: A 10, B 7, C 12
		{BestMean, "C"}, // means 7, 7, 6.25
	} {
		i, err := MostRobust(opts, Minimize, tc.c)
		if err != nil {
			t.Fatal(err)
		}
		if opts[i].Name != tc.want {
			t.Errorf("%v: %s, want %s", tc.c, opts[i].Name, tc.want)
		}
	}
}

// TestRegretZeroForBest checks on random tables that regret is >= 0, is
// exactly 0 for the best option of every future, and that the best option
// of a future has the largest (maximising) or smallest value.
func TestRegretZeroForBest(t *testing.T) {
	rnd := rand.New(rand.NewChaCha8([32]byte{1}))
	for trial := 0; trial < 50; trial++ {
		no, nf := 1+rnd.IntN(5), 1+rnd.IntN(40)
		tb := Table{Values: make([][]float64, no)}
		for o := range tb.Values {
			tb.Options = append(tb.Options, string(rune('A'+o)))
			for f := 0; f < nf; f++ {
				tb.Values[o] = append(tb.Values[o], math.Round(rnd.NormFloat64()*100)/10) // rounded: ties happen
			}
		}
		for _, goal := range []Goal{Maximize, Minimize} {
			reg, err := Regret(tb, goal)
			if err != nil {
				t.Fatal(err)
			}
			for f := 0; f < nf; f++ {
				col := make([]float64, no)
				for o := range col {
					col[o] = tb.Values[o][f]
				}
				best := slices.Max(col)
				if goal == Minimize {
					best = slices.Min(col)
				}
				zero := 0
				for o := range col {
					if reg[o][f] < 0 {
						t.Fatalf("negative regret %v", reg[o][f])
					}
					if col[o] == best {
						if reg[o][f] != 0 {
							t.Fatalf("%v: best option %d of future %d has regret %v", goal, o, f, reg[o][f])
						}
						zero++
					}
				}
				if zero == 0 {
					t.Fatalf("future %d has no option with zero regret", f)
				}
			}
		}
	}
}

func TestPivot(t *testing.T) {
	opt := []string{"A", "B", "A", "B", "B", "A"}
	fut := []string{"f1", "f1", "f2", "f2", "f3", "f3"}
	val := []float64{1, 2, 3, 4, 5, 6}
	tb, futures, err := Pivot(opt, fut, val)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tb.Options, []string{"A", "B"}) || !slices.Equal(futures, []string{"f1", "f2", "f3"}) ||
		!slices.Equal(tb.Values[0], []float64{1, 3, 6}) || !slices.Equal(tb.Values[1], []float64{2, 4, 5}) {
		t.Errorf("pivot: %+v %v", tb, futures)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func() error
		want string
	}{
		{"empty", func() error { _, err := Analyze(Table{}, Spec{}); return err }, "no options"},
		{"ragged", func() error {
			_, err := Analyze(Table{Options: []string{"a", "b"}, Values: [][]float64{{1, 2}, {1}}}, Spec{})
			return err
		}, `option "b" has 1 futures, option "a" has 2`},
		{"names", func() error {
			_, err := Analyze(Table{Options: []string{"a"}, Values: [][]float64{{1}, {2}}}, Spec{})
			return err
		}, "1 option names for 2 options"},
		{"nan", func() error {
			_, err := Analyze(Table{Options: []string{"a"}, Values: [][]float64{{1, math.NaN()}}}, Spec{})
			return err
		}, `option "a", future 1: value is NaN`},
		{"percentile", func() error { _, err := Analyze(handTable, Spec{Percentiles: []float64{95}}); return err }, "percentile 95 outside [0, 1]"},
		{"no threshold", func() error {
			opts, _ := Analyze(handTable, Spec{})
			_, err := MostRobust(opts, Maximize, MaxSatisficing)
			return err
		}, "needs a threshold"},
		{"criterion", func() error { _, err := ParseCriterion("best"); return err }, `unknown criterion "best"`},
		{"pivot missing", func() error {
			_, _, err := Pivot([]string{"A", "B", "A"}, []string{"f1", "f1", "f2"}, []float64{1, 2, 3})
			return err
		}, `option "B" has no run in future "f2"`},
		{"pivot repeat", func() error {
			_, _, err := Pivot([]string{"A", "A"}, []string{"f1", "f1"}, []float64{1, 2})
			return err
		}, `run 1 repeats option "A" in future "f1"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
