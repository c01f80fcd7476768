package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Sobol estimates first-order and total Sobol' indices of D parameters from
// a function's outputs on a Saltelli design (package sample's Saltelli):
// N blocks of D+2 rows, each A_i, AB_1i, ..., AB_Di, B_i. With m and V the
// mean and variance of the outputs of A and B together (SALib's choice),
//
//	S1_j = mean((f(B) - m) (f(AB_j) - f(A))) / V  Saltelli et al. (2010), table 2 (b), centred
//	ST_j = mean((f(A) - f(AB_j))²) / (2V)         Jansen (1999), Saltelli et al. (2010) table 2 (f)
//
// Centring f(B) makes the indices invariant to adding a constant to the
// output, as they must be: uncentred, the first-order estimator's error
// grows with m/sd(f), so an outcome with a large mean and a small spread
// (a Gini near 0.2 varying by 0.01) gets indices of ±20. SALib standardises
// the outputs before the same estimators for the same reason. Both
// estimators are ratios of quadratic forms, so scaling the output leaves
// them unchanged. In a bootstrap resample, m and V are the resample's.
//
// (A. Saltelli et al., "Variance based sensitivity analysis of model output.
// Design and estimator for the total sensitivity index", Comput. Phys.
// Commun. 181, 259-270, 2010; M. J. W. Jansen, "Analysis of variance
// designs for model output", Comput. Phys. Commun. 117, 35-43, 1999.)
//
// With Resamples > 0 the N blocks are resampled with replacement that many
// times, using Rand, to give bootstrap standard errors and percentile
// confidence intervals at Level. SALib's S1_conf is the normal-theory
// half-width z·SE, 1.96 S1SE at 95%.
type Sobol struct {
	D         int
	Resamples int        // bootstrap resamples; 0 for no intervals
	Level     float64    // confidence level of the intervals; 0 means 0.95
	Rand      *rand.Rand // resampling source, required with Resamples > 0
}

// Interval is a confidence interval [Lo, Hi].
type Interval struct{ Lo, Hi float64 }

// SobolIndices are the indices of one output, one entry per parameter. The
// bootstrap fields are nil without resampling. An output that is constant
// over the design (up to rounding: a spread below 1e-12 of its mean) has
// NaN indices.
type SobolIndices struct {
	S1, ST     []float64
	S1SE, STSE []float64
	S1CI, STCI []Interval
}

// Analyze returns the indices of each output column of y, one row per
// design point in the Saltelli order.
func (s Sobol) Analyze(y [][]float64) ([]SobolIndices, error) {
	var errs []error
	if s.D <= 0 {
		errs = append(errs, fmt.Errorf("sensitivity: sobol: d is %d, must be > 0", s.D))
	}
	if s.Resamples < 0 {
		errs = append(errs, fmt.Errorf("sensitivity: sobol: resamples is %d, must be >= 0", s.Resamples))
	}
	if s.Resamples > 0 && s.Rand == nil {
		errs = append(errs, errors.New("sensitivity: sobol: resampling needs a random source (Rand)"))
	}
	level := s.Level
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		errs = append(errs, fmt.Errorf("sensitivity: sobol: level is %v, must be in (0, 1)", s.Level))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	d := s.D
	if len(y) == 0 || len(y)%(d+2) != 0 {
		return nil, fmt.Errorf("sensitivity: sobol: %d output rows is not a positive multiple of d+2 = %d", len(y), d+2)
	}
	n := len(y) / (d + 2)
	k, err := checkOutputs(y, len(y), "sobol")
	if err != nil {
		return nil, err
	}

	// Per output column: fA, fB and fAB[j], each of length n.
	cols := make([]saltelliCols, k)
	for c := range cols {
		cols[c] = newSaltelliCols(y, c, n, d)
	}
	out := make([]SobolIndices, k)
	for c := range out {
		out[c].S1 = make([]float64, d)
		out[c].ST = make([]float64, d)
		cols[c].estimate(out[c].S1, out[c].ST)
	}
	if s.Resamples == 0 {
		return out, nil
	}

	// boot[c][j] holds resample r of column c, parameter j at index r;
	// S1 first, then ST.
	r := s.Resamples
	boot := make([][][2][]float64, k)
	for c := range boot {
		boot[c] = make([][2][]float64, d)
		for j := range boot[c] {
			boot[c][j] = [2][]float64{make([]float64, r), make([]float64, r)}
		}
	}
	idx := make([]int, n)
	s1, st := make([]float64, d), make([]float64, d)
	scratch := saltelliCols{a: make([]float64, n), b: make([]float64, n), ab: make([][]float64, d)}
	for j := range scratch.ab {
		scratch.ab[j] = make([]float64, n)
	}
	for b := 0; b < r; b++ {
		for i := range idx {
			idx[i] = s.Rand.IntN(n)
		}
		for c := range cols {
			cols[c].resample(idx, scratch)
			scratch.estimate(s1, st)
			for j := 0; j < d; j++ {
				boot[c][j][0][b] = s1[j]
				boot[c][j][1][b] = st[j]
			}
		}
	}
	for c := range out {
		o := &out[c]
		o.S1SE, o.STSE = make([]float64, d), make([]float64, d)
		o.S1CI, o.STCI = make([]Interval, d), make([]Interval, d)
		for j := 0; j < d; j++ {
			o.S1SE[j], o.S1CI[j] = summarise(boot[c][j][0], level)
			o.STSE[j], o.STCI[j] = summarise(boot[c][j][1], level)
		}
	}
	return out, nil
}

// constTol is the relative spread below which an output counts as
// constant: a standard deviation under 1e-12 of the mean is rounding (a
// series at its base year, equal in every run up to the last bits), and
// indices of rounding noise would be noise.
const constTol = 1e-12

type saltelliCols struct {
	a, b []float64
	ab   [][]float64
}

func newSaltelliCols(y [][]float64, c, n, d int) saltelliCols {
	sc := saltelliCols{a: make([]float64, n), b: make([]float64, n), ab: make([][]float64, d)}
	for j := range sc.ab {
		sc.ab[j] = make([]float64, n)
	}
	for i := 0; i < n; i++ {
		blk := y[i*(d+2) : (i+1)*(d+2)]
		sc.a[i] = blk[0][c]
		sc.b[i] = blk[d+1][c]
		for j := 0; j < d; j++ {
			sc.ab[j][i] = blk[1+j][c]
		}
	}
	return sc
}

// resample writes the rows idx of sc to dst, which has sc's shape.
func (sc saltelliCols) resample(idx []int, dst saltelliCols) {
	for i, r := range idx {
		dst.a[i] = sc.a[r]
		dst.b[i] = sc.b[r]
	}
	for j, ab := range sc.ab {
		for i, r := range idx {
			dst.ab[j][i] = ab[r]
		}
	}
}

// estimate writes S1 and ST to s1 and st.
func (sc saltelliCols) estimate(s1, st []float64) {
	n := len(sc.a)
	// Variance of f(A) and f(B) together, two-pass.
	var mean float64
	for i, a := range sc.a {
		mean += a + sc.b[i]
	}
	mean /= float64(2 * n)
	var v float64
	for i, a := range sc.a {
		da, db := a-mean, sc.b[i]-mean
		v += float64(da*da) + float64(db*db)
	}
	v /= float64(2 * n)
	for j, ab := range sc.ab {
		var first, total float64
		b, a := sc.b[:len(ab)], sc.a[:len(ab)]
		for i, x := range ab {
			diff := x - a[i]
			first += float64((b[i] - mean) * diff)
			total += float64(diff * diff)
		}
		if v <= constTol*constTol*mean*mean {
			s1[j], st[j] = math.NaN(), math.NaN()
			continue
		}
		s1[j] = first / float64(n) / v
		st[j] = total / float64(2*n) / v
	}
}

// summarise returns the standard deviation (n-1 denominator) of the
// bootstrap values x and their percentile interval at level, by linear
// interpolation between order statistics (type 7). It sorts x.
func summarise(x []float64, level float64) (float64, Interval) {
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	var ss float64
	for _, v := range x {
		ss += float64((v - mean) * (v - mean))
	}
	se := math.NaN()
	if len(x) > 1 {
		se = math.Sqrt(ss / float64(len(x)-1))
	}
	slices.Sort(x)
	q := func(p float64) float64 {
		h := float64(p * float64(len(x)-1))
		lo := int(math.Floor(h))
		if lo >= len(x)-1 {
			return x[len(x)-1]
		}
		return x[lo] + float64((h-float64(lo))*(x[lo+1]-x[lo]))
	}
	return se, Interval{Lo: q((1 - level) / 2), Hi: q((1 + level) / 2)}
}
