package sensitivity

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Regression is the linear regression of one output on the parameters.
// SRC_j = b_j sd(x_j)/sd(y), with b the least-squares coefficients of y on
// x and an intercept: the change in y, in standard deviations, per standard
// deviation of x_j. R2 is the coefficient of determination; when it is near
// 1 the SRC² sum to about R2 for independent inputs and measure each
// parameter's share of the variance (Saltelli et al. 2008, Global
// Sensitivity Analysis: The Primer, section 1.2.5). A constant output has
// NaN coefficients and R2.
type Regression struct {
	SRC []float64
	R2  float64
}

// SRC returns the standardised regression coefficients of each output
// column of y on the points x (any design, with at least one point more
// than parameters), by least squares via QR.
func SRC(x, y [][]float64) ([]Regression, error) {
	n := len(x)
	if n == 0 {
		return nil, fmt.Errorf("sensitivity: src: no points")
	}
	d := len(x[0])
	if d == 0 {
		return nil, fmt.Errorf("sensitivity: src: point 0 has no coordinates")
	}
	if n <= d+1 {
		return nil, fmt.Errorf("sensitivity: src: %d points for %d parameters and an intercept, want more points", n, d)
	}
	k, err := checkOutputs(y, n, "src")
	if err != nil {
		return nil, err
	}
	// Centre the columns of x and y, which takes the intercept out.
	xm := mat.NewDense(n, d, nil)
	ym := mat.NewDense(n, k, nil)
	for i, p := range x {
		if len(p) != d {
			return nil, fmt.Errorf("sensitivity: src: point %d has %d coordinates, point 0 has %d", i, len(p), d)
		}
		for j, v := range p {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("sensitivity: src: coordinate %d of point %d is %v", j, i, v)
			}
		}
		xm.SetRow(i, p)
		ym.SetRow(i, y[i])
	}
	sdx := centre(xm)
	sdy := centre(ym)
	for j, s := range sdx {
		if s == 0 {
			return nil, fmt.Errorf("sensitivity: src: parameter %d is constant over the design", j)
		}
	}
	var qr mat.QR
	qr.Factorize(xm)
	var b mat.Dense
	if err := qr.SolveTo(&b, false, ym); err != nil {
		return nil, fmt.Errorf("sensitivity: src: parameters are collinear over the design: %w", err)
	}
	var fit mat.Dense
	fit.Mul(xm, &b)
	out := make([]Regression, k)
	for c := range out {
		src := make([]float64, d)
		var ssRes, ssTot float64
		for i := 0; i < n; i++ {
			r := ym.At(i, c) - fit.At(i, c)
			ssRes += float64(r * r)
			ssTot += float64(ym.At(i, c) * ym.At(i, c))
		}
		r2 := math.NaN()
		if sdy[c] > 0 {
			r2 = 1 - ssRes/ssTot
		}
		for j := range src {
			src[j] = b.At(j, c) * sdx[j] / sdy[c]
			if sdy[c] == 0 {
				src[j] = math.NaN()
			}
		}
		out[c] = Regression{SRC: src, R2: r2}
	}
	return out, nil
}

// centre subtracts each column's mean in place and returns the columns'
// standard deviations (n-1 denominator; the ratio in SRC cancels it).
func centre(m *mat.Dense) []float64 {
	n, c := m.Dims()
	sd := make([]float64, c)
	for j := 0; j < c; j++ {
		var mean float64
		for i := 0; i < n; i++ {
			mean += m.At(i, j)
		}
		mean /= float64(n)
		var ss float64
		for i := 0; i < n; i++ {
			v := m.At(i, j) - mean
			m.Set(i, j, v)
			ss += float64(v * v)
		}
		sd[j] = math.Sqrt(ss / float64(n-1))
	}
	return sd
}
