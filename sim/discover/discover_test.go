package discover

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/digisim/digisim/sim/sample"
)

// ruleData returns n points uniform in [0, 1)^6 (simple random sampling,
// seeded) and y = x1 > 0.7 and x3 < 0.4: cases of interest fill exactly
// the box x1 in (0.7, 1], x3 in [0, 0.4), 12% of the cube.
func ruleData(t testing.TB, n int, seed uint64) ([][]float64, []bool) {
	t.Helper()
	x, err := sample.MonteCarlo{N: n, D: 6, Seed: seed}.Points()
	if err != nil {
		t.Fatal(err)
	}
	y := make([]bool, n)
	for i, p := range x {
		y[i] = p[0] > 0.7 && p[2] < 0.4
	}
	return x, y
}

// limitTol bounds how far a PRIM limit may sit from the rule's. A peel
// removes 5% of the box's points, so near the end it moves a limit by about
// a twentieth of the box's width (0.05 x 0.3 = 0.015 in x1, 0.05 x 0.4 =
// 0.02 in x3) and can stop up to one such slice short of the edge; 0.03
// covers that with a margin and still excludes any other rule.
const limitTol = 0.03

var unitCube = &Box{Lo: []float64{0, 0, 0, 0, 0, 0}, Hi: []float64{1, 1, 1, 1, 1, 1}}

func TestPrimRecoversRule(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		x, y := ruleData(t, 2000, seed)
		for _, tc := range []struct {
			name   string
			ranges *Box
			obj    Objective
		}{
			{"data range, lenient1", nil, Lenient1},
			{"unit cube, lenient1", unitCube, Lenient1},
			{"unit cube, original", unitCube, Original},
		} {
			r, err := Prim{Ranges: tc.ranges, Objective: tc.obj}.Find(x, y)
			if err != nil {
				t.Fatal(err)
			}
			i := r.Choose(0.9)
			s := r.Steps[i]
			rs, err := r.Restrictions(i)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("seed %d %s: step %d of %d (%s): coverage %.3f density %.3f mass %.3f, x1 >= %.4f, x3 <= %.4f; qp x1 lower %.3g, x3 upper %.3g; %q",
				seed, tc.name, i, len(r.Steps), s.Phase, s.Stats.Coverage, s.Stats.Density, s.Stats.Mass, s.Box.Lo[0], s.Box.Hi[2],
				rs[0].QPLo, rs[len(rs)-1].QPHi, Text("y = 1", s.Box, r.Init, nil))
			if got := s.Box.Restricted(r.Init); !slices.Equal(got, []int{0, 2}) {
				t.Errorf("seed %d %s: restricted dimensions %v, want [0 2] (x1 and x3)", seed, tc.name, got)
				continue
			}
			if s.Stats.Density <= 0.9 {
				t.Errorf("seed %d %s: density %v, want > 0.9", seed, tc.name, s.Stats.Density)
			}
			if s.Stats.Coverage < 0.8 {
				t.Errorf("seed %d %s: coverage %v, want >= 0.8", seed, tc.name, s.Stats.Coverage)
			}
			if math.Abs(s.Box.Lo[0]-0.7) > limitTol || math.Abs(s.Box.Hi[2]-0.4) > limitTol {
				t.Errorf("seed %d %s: x1 >= %v, x3 <= %v; want 0.7 and 0.4 ± %v", seed, tc.name, s.Box.Lo[0], s.Box.Hi[2], limitTol)
			}
			// Only the sides of the rule are restricted; both matter: the
			// box holds ~240 cases at density ~1, the box without either
			// restriction has density ~0.3 or ~0.4, and
			// P(Binom(240, 0.4) >= 240) ~ 1e-95.
			if rs[0].HiRestricted || rs[1].LoRestricted || !(rs[0].QPLo < 1e-20) || !(rs[1].QPHi < 1e-20) {
				t.Errorf("seed %d %s: restrictions %+v, want x1 lower and x3 upper only, quasi-p < 1e-20", seed, tc.name, rs)
			}
		}
	}
}

// TestPrimTrajectory checks the trajectory's invariants: it starts at the
// whole data (coverage 1, mass 1, no restriction); peeling only shrinks the
// box and raises its density; pasting only grows it and never lowers the
// density; the statistics agree with a recount.
func TestPrimTrajectory(t *testing.T) {
	x, y := ruleData(t, 1000, 7)
	r, err := Prim{}.Find(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if st := r.Steps[0].Stats; st.Coverage != 1 || st.Mass != 1 || st.Restricted != 0 || r.Steps[0].Phase != "start" {
		t.Fatalf("step 0: %+v, want coverage 1, mass 1, no restriction", st)
	}
	for i := 1; i < len(r.Steps); i++ {
		prev, cur := r.Steps[i-1].Stats, r.Steps[i].Stats
		switch r.Steps[i].Phase {
		case "peel":
			if !(cur.Points < prev.Points && cur.Density > prev.Density && cur.Coverage <= prev.Coverage) {
				t.Errorf("peel %d: %+v after %+v", i, cur, prev)
			}
			if cur.Mass < 0.05 {
				t.Errorf("peel %d: mass %v below the minimum 0.05", i, cur.Mass)
			}
		case "paste":
			if !(cur.Points > prev.Points && cur.Density >= prev.Density) {
				t.Errorf("paste %d: %+v after %+v", i, cur, prev)
			}
		default:
			t.Errorf("step %d: phase %q", i, r.Steps[i].Phase)
		}
		// Recount.
		var pts, hits int
		for k, p := range x {
			if r.Steps[i].Box.Contains(p) {
				pts++
				if y[k] {
					hits++
				}
			}
		}
		if pts != cur.Points || hits != cur.Interest {
			t.Errorf("step %d: stats say %d points, %d hits; recount %d, %d", i, cur.Points, cur.Interest, pts, hits)
		}
	}
	again, _ := Prim{}.Find(x, y)
	if len(again.Steps) != len(r.Steps) || !slices.Equal(again.Steps[len(r.Steps)-1].Box.Lo, r.Steps[len(r.Steps)-1].Box.Lo) {
		t.Error("same data, different trajectory")
	}
}

func TestTreeRecoversRule(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		x, y := ruleData(t, 2000, seed)
		res, err := Tree{Ranges: unitCube}.Fit(x, y)
		if err != nil {
			t.Fatal(err)
		}
		boxes := res.Boxes(0.5)
		if len(boxes) != 1 {
			t.Fatalf("seed %d: %d leaves of interest, want 1: %+v", seed, len(boxes), boxes)
		}
		b := boxes[0]
		t.Logf("seed %d: %d leaves; leaf of interest: coverage %.3f density %.3f, %q", seed, len(res.Leaves), b.Stats.Coverage, b.Stats.Density,
			Text("y = 1", b.Box, res.Init, nil))
		if got := b.Box.Restricted(res.Init); !slices.Equal(got, []int{0, 2}) {
			t.Errorf("seed %d: restricted dimensions %v, want [0 2]", seed, got)
		}
		// A tree splits at midpoints between adjacent points, so the
		// limits are within half a gap of the rule (gaps ~ 1/2000 ·
		// a few): far inside limitTol. Noise-free data: the leaf is pure.
		if math.Abs(b.Box.Lo[0]-0.7) > 0.01 || math.Abs(b.Box.Hi[2]-0.4) > 0.01 || b.Box.Hi[0] != 1 || b.Box.Lo[2] != 0 {
			t.Errorf("seed %d: box %+v, want x1 > 0.7, x3 < 0.4 ± 0.01", seed, b.Box)
		}
		if b.Stats.Density != 1 || b.Stats.Coverage != 1 {
			t.Errorf("seed %d: density %v coverage %v, want 1 and 1", seed, b.Stats.Density, b.Stats.Coverage)
		}
	}
}

// TestTreeHandMade checks a tree on a table small enough to work by hand:
// x in {1..8}, y true for x >= 6. The best Gini split is 5.5 (both sides
// pure); with MinLeaf 4 it is not allowed and 4.5 is the only split, whose
// right leaf {5,6,7,8} has density 3/4.
func TestTreeHandMade(t *testing.T) {
	x := [][]float64{{1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}}
	y := []bool{false, false, false, false, false, true, true, true}
	res, err := Tree{MinLeaf: 1}.Fit(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Leaves) != 2 || res.Leaves[1].Box.Lo[0] != 5.5 || res.Leaves[1].Stats.Density != 1 {
		t.Errorf("min leaf 1: leaves %+v, want a split at 5.5", res.Leaves)
	}
	res, err = Tree{MinLeaf: 4}.Fit(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Leaves) != 2 || res.Leaves[1].Box.Lo[0] != 4.5 || res.Leaves[1].Stats.Density != 0.75 || !res.Leaves[1].Majority {
		t.Errorf("min leaf 4: leaves %+v, want a split at 4.5, right density 0.75", res.Leaves)
	}
	res, err = Tree{MinLeaf: 1, MaxDepth: 1}.Fit([][]float64{{1, 1}, {1, 2}, {2, 1}, {2, 2}}, []bool{false, false, false, true})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range res.Leaves {
		if l.Depth > 1 {
			t.Errorf("max depth 1: leaf at depth %d", l.Depth)
		}
	}
}

// TestBinomUpper compares the one-sided binomial p-value with SciPy 1.10.1:
// scipy.stats.binomtest(k, n, p, alternative="greater").pvalue.
func TestBinomUpper(t *testing.T) {
	// Relative agreement: the log-space sum loses a few ulps per term.
	const relTol = 1e-9
	for _, tc := range []struct {
		k, n int
		p    float64
		want float64
	}{
		{5, 10, 0.3, 0.15026833259999992},
		{240, 240, 0.3, 3.2292460179985255e-126},
		{30, 100, 0.2, 0.01124897872099165},
		{0, 10, 0.5, 1.0},
		{10, 10, 0.5, 0.0009765625},
		{57, 80, 0.61, 0.03688515828590866},
	} {
		if got := binomUpper(tc.k, tc.n, tc.p); math.Abs(got-tc.want) > relTol*tc.want {
			t.Errorf("P(Binom(%d, %v) >= %d) = %v, SciPy %v", tc.n, tc.p, tc.k, got, tc.want)
		}
	}
}

func TestText(t *testing.T) {
	init := Box{Lo: []float64{0, 0, 0}, Hi: []float64{10, 1, 1}}
	for _, tc := range []struct {
		subject string
		b       Box
		names   []string
		want    string
	}{
		{"the agreement fails to pay", Box{Lo: []float64{3.2, 0, 0}, Hi: []float64{10, 0.08, 1}}, []string{"lag_years", "spillover", "uptake"},
			"the agreement fails to pay when lag_years > 3.2 and spillover < 0.08"},
		{"", Box{Lo: []float64{0, 0.2, 0}, Hi: []float64{10, 0.5, 1}}, nil, "0.2 < x2 < 0.5"},
		{"dividend < 0", Box{Lo: []float64{3.14159, 0, 0}, Hi: []float64{10, 1, 0.000123456}}, []string{"a", "b", "c"},
			"dividend < 0 when a > 3.14 and c < 0.000123"},
		{"y", init, nil, "y in every sampled case"},
	} {
		if got := Text(tc.subject, tc.b, init, tc.names); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestErrors(t *testing.T) {
	x := [][]float64{{0.1, 0.2}, {0.3, 0.4}, {0.5, 0.6}}
	y := []bool{true, false, false}
	for _, tc := range []struct {
		name string
		run  func() error
		want string
	}{
		{"no points", func() error { _, err := Prim{}.Find(nil, nil); return err }, "prim: no points"},
		{"lengths", func() error { _, err := Prim{}.Find(x, y[:2]); return err }, "3 points but 2 outcomes"},
		{"ragged", func() error { _, err := Tree{}.Fit([][]float64{{1, 2}, {3}}, []bool{true, false}); return err }, "point 1 has 1 coordinates, point 0 has 2"},
		{"nan", func() error { _, err := Prim{}.Find([][]float64{{1, math.NaN()}}, []bool{true}); return err }, "coordinate 1 of point 0 is NaN"},
		{"no interest", func() error { _, err := Prim{}.Find(x, []bool{false, false, false}); return err }, "no case of interest among 3 points"},
		{"alpha", func() error { _, err := Prim{PeelAlpha: 0.7}.Find(x, y); return err }, "peel alpha is 0.7"},
		{"mass", func() error { _, err := Prim{MinMass: -1}.Find(x, y); return err }, "minimum mass is -1"},
		{"ranges", func() error {
			_, err := Prim{Ranges: &Box{Lo: []float64{0, 0}, Hi: []float64{0.4, 1}}}.Find(x, y)
			return err
		}, "point 2 lies outside the given ranges"},
		{"ranges dims", func() error { _, err := Tree{Ranges: &Box{Lo: []float64{0}, Hi: []float64{1}}}.Fit(x, y); return err }, "1 lower and 1 upper limits for 2 dimensions"},
		{"min leaf", func() error { _, err := Tree{MinLeaf: -2}.Fit(x, y); return err }, "min leaf is -2"},
		{"step", func() error {
			r, err := Prim{}.Find(x, y)
			if err != nil {
				return err
			}
			_, err = r.Restrictions(99)
			return err
		}, "step 99 outside"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestPrimNoise flips 5% of the outcomes at random. The chosen box (density
// at least 0.8) must still restrict x1 from below near 0.7 and x3 from above
// near 0.4, with tiny quasi-p-values, and any other restriction noise
// brings in must show as insignificant (quasi-p above 0.05): that is what
// quasi-p-values are for. Seed 2 gives one such (x2 < 0.958, quasi-p 0.54).
// The limits may sit further out than without noise: see noisyTol.
func TestPrimNoise(t *testing.T) {
	// With 5% flips, points outside the rule are of interest at rate 0.05
	// and inside at 0.95, so a box that overshoots x3's edge by a strip of
	// width w has density (0.95·0.4 + 0.05w)/(0.4 + w), at least 0.8 while
	// w <= 0.08 (for x1, of width 0.3: w <= 0.06). Choose(0.8) may take
	// such a strip; 0.09 adds a margin for sampling.
	const noisyTol = 0.09
	spurious := 0
	for seed := uint64(1); seed <= 5; seed++ {
		x, y := ruleData(t, 2000, seed)
		rnd := sample.Stream(seed, 0, "noise")
		for i := range y {
			if rnd.Float64() < 0.05 {
				y[i] = !y[i]
			}
		}
		r, err := Prim{Ranges: unitCube}.Find(x, y)
		if err != nil {
			t.Fatal(err)
		}
		i := r.Choose(0.8)
		s := r.Steps[i]
		rs, _ := r.Restrictions(i)
		t.Logf("seed %d: coverage %.3f density %.3f: %s", seed, s.Stats.Coverage, s.Stats.Density, Text("y", s.Box, r.Init, nil))
		var found [6]bool
		for _, q := range rs {
			found[q.Dim] = true
			switch q.Dim {
			case 0:
				if !(q.QPLo < 1e-20) || q.HiRestricted || math.Abs(q.Lo-0.7) > noisyTol {
					t.Errorf("seed %d: x1 restriction %+v, want x1 > 0.7 ± %v with quasi-p < 1e-20", seed, q, noisyTol)
				}
			case 2:
				if !(q.QPHi < 1e-20) || q.LoRestricted || math.Abs(q.Hi-0.4) > noisyTol {
					t.Errorf("seed %d: x3 restriction %+v, want x3 < 0.4 ± %v with quasi-p < 1e-20", seed, q, noisyTol)
				}
			default:
				spurious++
				for _, qp := range []float64{q.QPLo, q.QPHi} {
					if !math.IsNaN(qp) && qp < 0.05 {
						t.Errorf("seed %d: spurious restriction of x%d with quasi-p %v < 0.05", seed, q.Dim+1, qp)
					}
				}
			}
		}
		if !found[0] || !found[2] {
			t.Errorf("seed %d: restrictions %+v miss x1 or x3", seed, rs)
		}
		if s.Stats.Density < 0.8 {
			t.Errorf("seed %d: density %v < 0.8", seed, s.Stats.Density)
		}
	}
	t.Logf("%d spurious restrictions over 5 seeds", spurious)
}

// TestPrimHandMade works PRIM through by hand on x = 1..100 with y = x >= 38.
// Peels take ceil(5% of the box) points from below (from above they would
// lower the density): 5, 5, 5, 5, 4, 4, 4, 4 points leave x >= 37 (64
// points, 63 of interest); the next peel of 4 (37-40) leaves x >= 40.5, 60
// points, density 1, one slice past the edge; no peel raises density 1, so
// peeling stops. Pasting adds the ceil(0.05·60) = 3 nearest points below,
// 38-40, all of interest (density stays 1), then rejects the next 4
// (34-37, none of interest). The last box is x >= 37.5, exactly the rule.
func TestPrimHandMade(t *testing.T) {
	x := make([][]float64, 100)
	y := make([]bool, 100)
	for i := range x {
		x[i] = []float64{float64(i + 1)}
		y[i] = i+1 >= 38
	}
	r, err := Prim{}.Find(x, y)
	if err != nil {
		t.Fatal(err)
	}
	last := r.Steps[len(r.Steps)-1]
	prev := r.Steps[len(r.Steps)-2]
	if last.Phase != "paste" || last.Box.Lo[0] != 37.5 || last.Stats.Density != 1 || last.Stats.Coverage != 1 {
		t.Errorf("last step %+v, want a paste to x >= 37.5 with density and coverage 1", last)
	}
	if prev.Phase != "peel" || prev.Box.Lo[0] != 40.5 || prev.Stats.Points != 60 || len(r.Steps) != 11 {
		t.Errorf("last peel %+v (of %d steps), want x >= 40.5 with 60 points, step 9 of 11", prev, len(r.Steps))
	}
	for _, s := range r.Steps {
		if s.Box.Hi[0] != 100 {
			t.Errorf("step %+v peeled from above", s)
		}
	}
}

// TestQuasiPHand checks one quasi-p-value by hand: x = 1..10, cases of
// interest at 3, 8, 9, 10, box x >= 7.5 (3 points, all of interest).
// Dropping the restriction gives the whole range, density 4/10, so the
// quasi-p-value is P(Binom(3, 0.4) >= 3) = 0.4^3 = 0.064.
func TestQuasiPHand(t *testing.T) {
	x := make([][]float64, 10)
	y := make([]bool, 10)
	for i := range x {
		x[i] = []float64{float64(i + 1)}
	}
	for _, v := range []int{3, 8, 9, 10} {
		y[v-1] = true
	}
	dt, err := newData("test", x, y)
	if err != nil {
		t.Fatal(err)
	}
	init, _ := dt.initBox("test", nil)
	box := Box{Lo: []float64{7.5}, Hi: []float64{10}}
	r := &Result{Init: init, data: dt, Steps: []Step{{Box: box, Stats: dt.stats(box, init, dt.inside(box))}}}
	rs, err := r.Restrictions(0)
	if err != nil {
		t.Fatal(err)
	}
	// Three multiplications: exact to a few ulps.
	if len(rs) != 1 || !rs[0].LoRestricted || rs[0].HiRestricted || math.Abs(rs[0].QPLo-0.064) > 1e-12 || !math.IsNaN(rs[0].QPHi) {
		t.Errorf("restrictions %+v, want x1 lower only with quasi-p 0.064", rs)
	}
}
