package sensitivity_test

import (
	"math"
	"strings"
	"testing"

	"github.com/digisim/digisim/sim/sample"
	"github.com/digisim/digisim/sim/sensitivity"
)

// TestReplicatesCoverage: on the Ishigami function, the 95% intervals of
// Replicates (R = 5 scrambled designs under different seeds) cover the
// analytic indices about 95% of the time, at N = 256 and 1024, for every
// first-order and total index. Each coverage is from M independent trials
// (the trial's seeds are never reused); a coverage of p = 0.95 estimated
// from M trials has a binomial standard deviation sqrt(p(1-p)/M), and the
// test accepts a coverage within 3.5 of them: 0.95 ± 0.034 at M = 500,
// ± 0.076 at M = 100 (-short); a false alarm about once in 2,000 checks
// of an index whose true coverage is 0.95. Seen at M = 500: 0.952-0.974
// at N = 256, 0.940-0.958 at N = 1024 (about 14 s; -short, N = 256 only,
// about 0.3 s).
func TestReplicatesCoverage(t *testing.T) {
	const d, r = 3, 5
	m, sizes := 500, []int{256, 1024}
	if testing.Short() {
		m, sizes = 100, sizes[:1]
	}
	s1, st := ishigamiIndices()
	dists := uniforms(d, -math.Pi, math.Pi)
	for _, n := range sizes {
		var cover [2][d]int
		for trial := range m {
			reps := make([]sensitivity.SobolIndices, r)
			for k := range r {
				seed := uint64(1 + n*10000 + trial*r + k)
				pts, err := sample.Saltelli{N: n, D: d, Scramble: true, Seed: seed}.Points()
				if err != nil {
					t.Fatal(err)
				}
				res, err := sensitivity.Sobol{D: d}.Analyze(evaluate(t, pts, dists, ishigami))
				if err != nil {
					t.Fatal(err)
				}
				reps[k] = res[0]
			}
			c, err := sensitivity.Replicates(reps, 0.95)
			if err != nil {
				t.Fatal(err)
			}
			for j := range d {
				if c.S1CI[j].Lo <= s1[j] && s1[j] <= c.S1CI[j].Hi {
					cover[0][j]++
				}
				if c.STCI[j].Lo <= st[j] && st[j] <= c.STCI[j].Hi {
					cover[1][j]++
				}
			}
		}
		tol := 3.5 * math.Sqrt(0.95*0.05/float64(m))
		for i, name := range []string{"S1", "ST"} {
			for j := range d {
				p := float64(cover[i][j]) / float64(m)
				t.Logf("N = %d: %s x%d covered in %d of %d trials (%.3f)", n, name, j+1, cover[i][j], m, p)
				if math.Abs(p-0.95) > tol {
					t.Errorf("N = %d: %s x%d: coverage %.3f, want 0.95 ± %.3f", n, name, j+1, p, tol)
				}
			}
		}
	}
}

// TestReplicatesArithmetic checks the combination against values worked by
// hand: indices 0.1, 0.2, 0.3 (mean 0.2, SD 0.1) give 0.2 ± t(2, 0.975)
// 0.1/sqrt(3), with t(2, 0.975) = 4.302653 (tables of Student's t).
func TestReplicatesArithmetic(t *testing.T) {
	reps := []sensitivity.SobolIndices{{S1: []float64{0.1}, ST: []float64{1}}, {S1: []float64{0.2}, ST: []float64{1}}, {S1: []float64{0.3}, ST: []float64{1}}}
	c, err := sensitivity.Replicates(reps, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	h := 4.302653 * 0.1 / math.Sqrt(3)
	if math.Abs(c.S1[0]-0.2) > 1e-15 || math.Abs(c.S1SD[0]-0.1) > 1e-15 ||
		math.Abs(c.S1CI[0].Lo-(0.2-h)) > 1e-6 || math.Abs(c.S1CI[0].Hi-(0.2+h)) > 1e-6 {
		t.Errorf("S1 %v SD %v CI %v, want 0.2, 0.1, [%v, %v]", c.S1[0], c.S1SD[0], c.S1CI[0], 0.2-h, 0.2+h)
	}
	if c.ST[0] != 1 || c.STSD[0] != 0 || c.STCI[0] != (sensitivity.Interval{Lo: 1, Hi: 1}) || c.R != 3 {
		t.Errorf("constant ST: %v SD %v CI %v R %d", c.ST[0], c.STSD[0], c.STCI[0], c.R)
	}
	if _, err := sensitivity.Replicates(reps[:1], 0.95); err == nil || !strings.Contains(err.Error(), "at least 2") {
		t.Errorf("one replicate: error %v", err)
	}
}
