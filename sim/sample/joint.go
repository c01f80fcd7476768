package sample

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// MultiNormal is a multivariate normal distribution over several
// parameters drawn together (correlated estimates of a calibration), its
// draws clipped to [Lo, Hi] per parameter. It maps len(Mean) coordinates
// of a design point in the unit cube, each through the standard normal
// quantile, to Mean + A z with A A^T = Cov (A from the eigendecomposition
// of Cov, so a covariance that is only semi-definite, with exactly
// collinear parameters, is drawn too). A coordinate of a draw outside
// [Lo, Hi] is set to the nearer bound: clipping, not rejection, so that
// every design point gives one draw and designs stay reproducible; the
// mass beyond a bound piles up on it, which the caller must say.
type MultiNormal struct {
	Mean   []float64
	Cov    [][]float64
	Lo, Hi []float64 // per parameter; -Inf and +Inf for none

	a *mat.Dense
}

// Factor checks the distribution and computes A. It must be called before
// Draw. A covariance with an eigenvalue below -1e-9 times its largest is
// not a covariance and is refused; smaller negative eigenvalues (rounding)
// count as zero.
func (m *MultiNormal) Factor() error {
	k := len(m.Mean)
	var errs []error
	if k == 0 {
		return errors.New("multinormal: no parameters")
	}
	if len(m.Cov) != k || len(m.Lo) != k || len(m.Hi) != k {
		return fmt.Errorf("multinormal: %d means, %d covariance rows, %d lower and %d upper bounds; want %d of each", k, len(m.Cov), len(m.Lo), len(m.Hi), k)
	}
	for i := range k {
		if math.IsNaN(m.Mean[i]) || math.IsInf(m.Mean[i], 0) {
			errs = append(errs, fmt.Errorf("multinormal: mean %d is %v; want a finite number", i, m.Mean[i]))
		}
		if !(m.Lo[i] <= m.Mean[i] && m.Mean[i] <= m.Hi[i]) {
			errs = append(errs, fmt.Errorf("multinormal: mean %d is %v, outside its bounds [%v, %v]", i, m.Mean[i], m.Lo[i], m.Hi[i]))
		}
		if len(m.Cov[i]) != k {
			errs = append(errs, fmt.Errorf("multinormal: covariance row %d has %d entries; want %d", i, len(m.Cov[i]), k))
			continue
		}
		for j := range k {
			c := m.Cov[i][j]
			switch {
			case math.IsNaN(c) || math.IsInf(c, 0):
				errs = append(errs, fmt.Errorf("multinormal: covariance [%d][%d] is %v; want a finite number", i, j, c))
			case i == j && c < 0:
				errs = append(errs, fmt.Errorf("multinormal: variance %d is %v; want >= 0", i, c))
			case j < i && len(m.Cov[j]) == k && c != m.Cov[j][i]:
				errs = append(errs, fmt.Errorf("multinormal: covariance [%d][%d] = %v but [%d][%d] = %v; want a symmetric matrix", i, j, c, j, i, m.Cov[j][i]))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	sym := mat.NewSymDense(k, nil)
	for i := range k {
		for j := i; j < k; j++ {
			sym.SetSym(i, j, m.Cov[i][j])
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(sym, true) {
		return errors.New("multinormal: the eigendecomposition of the covariance did not converge")
	}
	vals := eig.Values(nil)
	top := 0.0
	for _, v := range vals {
		top = math.Max(top, v)
	}
	var vec mat.Dense
	eig.VectorsTo(&vec)
	m.a = mat.NewDense(k, k, nil)
	for c, v := range vals {
		if v < -1e-9*top {
			return fmt.Errorf("multinormal: the covariance has a negative eigenvalue %.3g (the largest is %.3g): it is not a covariance matrix", v, top)
		}
		s := math.Sqrt(math.Max(v, 0))
		for r := range k {
			m.a.Set(r, c, vec.At(r, c)*s)
		}
	}
	return nil
}

// minU keeps unit coordinates off 0 and 1, where the normal quantile is
// infinite: a design point at exactly 0 (probability 2^-53 a coordinate)
// maps to 8.2 standard deviations instead.
const minU = 0x1p-53

// Draw maps the unit coordinates u (len(Mean) of them) to a draw, written
// into x, and returns how many coordinates were clipped to a bound.
func (m *MultiNormal) Draw(u, x []float64) int {
	k := len(m.Mean)
	z := make([]float64, k)
	std := distuv.UnitNormal
	for i := range k {
		z[i] = std.Quantile(math.Min(math.Max(u[i], minU), 1-minU))
	}
	clipped := 0
	for r := range k {
		v := m.Mean[r]
		for c := range k {
			v += float64(m.a.At(r, c) * z[c]) // float64(): no fused multiply-add
		}
		switch {
		case v < m.Lo[r]:
			v, clipped = m.Lo[r], clipped+1
		case v > m.Hi[r]:
			v, clipped = m.Hi[r], clipped+1
		}
		x[r] = v
	}
	return clipped
}
