package sample

import (
	"math"
	"strings"
	"testing"
)

// Many draws have the mean and covariance asked for. With N draws the
// sample mean of parameter i has standard deviation sqrt(S_ii/N) and the
// sample covariance S_ij one of sqrt((S_ii S_jj + S_ij^2)/N) (normal
// fourth moments); every estimate must be within 4 of them (for 9
// independent-enough checks, a false alarm about once in 2,000 seeds; the
// seed is fixed, so the test is deterministic). The bounds are 10 sd away,
// so no draw is clipped.
func TestMultiNormalMoments(t *testing.T) {
	sd := []float64{0.05, 2, 0.3}
	corr := [][]float64{{1, 0.8, -0.5}, {0.8, 1, -0.3}, {-0.5, -0.3, 1}}
	m := MultiNormal{Mean: []float64{0.4, 10, -1}}
	for i := range sd {
		m.Cov = append(m.Cov, make([]float64, 3))
		m.Lo = append(m.Lo, m.Mean[i]-10*sd[i])
		m.Hi = append(m.Hi, m.Mean[i]+10*sd[i])
		for j := range sd {
			m.Cov[i][j] = corr[i][j] * sd[i] * sd[j]
		}
	}
	if err := m.Factor(); err != nil {
		t.Fatal(err)
	}
	const N = 20000
	pts, err := MonteCarlo{N: N, D: 3, Seed: 7}.Points()
	if err != nil {
		t.Fatal(err)
	}
	xs := make([][]float64, N)
	for k, u := range pts {
		xs[k] = make([]float64, 3)
		if c := m.Draw(u, xs[k]); c != 0 {
			t.Fatalf("draw %d clipped %d coordinates 10 sd from the mean", k, c)
		}
	}
	mean := make([]float64, 3)
	for _, x := range xs {
		for i := range x {
			mean[i] += x[i] / N
		}
	}
	for i := range 3 {
		if se := math.Sqrt(m.Cov[i][i] / N); math.Abs(mean[i]-m.Mean[i]) > 4*se {
			t.Errorf("mean %d: %v, want %v +- %v", i, mean[i], m.Mean[i], 4*se)
		}
		for j := i; j < 3; j++ {
			s := 0.0
			for _, x := range xs {
				s += (x[i] - mean[i]) * (x[j] - mean[j])
			}
			s /= N - 1
			want := m.Cov[i][j]
			se := math.Sqrt((m.Cov[i][i]*m.Cov[j][j] + want*want) / N)
			if math.Abs(s-want) > 4*se {
				t.Errorf("covariance [%d][%d]: %v, want %v +- %v", i, j, s, want, 4*se)
			}
		}
	}
}

// Draws outside the bounds are set to the bound; exactly collinear
// parameters (a singular covariance) are drawn on their line; a matrix
// that is not a covariance is refused.
func TestMultiNormalClipAndSingular(t *testing.T) {
	m := MultiNormal{Mean: []float64{0, 0}, Cov: [][]float64{{1, 2}, {2, 4}}, Lo: []float64{-1, math.Inf(-1)}, Hi: []float64{1, math.Inf(1)}}
	if err := m.Factor(); err != nil {
		t.Fatal(err)
	}
	pts, _ := MonteCarlo{N: 1000, D: 2, Seed: 1}.Points()
	clipped := 0
	x := make([]float64, 2)
	for _, u := range pts {
		n := m.Draw(u, x)
		clipped += n
		if x[0] < -1 || x[0] > 1 {
			t.Fatalf("draw %v outside [-1, 1]", x)
		}
		if n == 0 && math.Abs(x[1]-2*x[0]) > 1e-9 {
			t.Fatalf("draw %v off the line x1 = 2 x0", x)
		}
	}
	// P(|Z| > 1) = 0.317: about 317 of 1000, sd 15.
	if clipped < 250 || clipped > 390 {
		t.Errorf("%d of 1000 draws clipped, want about 317", clipped)
	}
	bad := MultiNormal{Mean: []float64{0, 0}, Cov: [][]float64{{1, 2}, {2, 1}}, Lo: []float64{-9, -9}, Hi: []float64{9, 9}}
	if err := bad.Factor(); err == nil || !strings.Contains(err.Error(), "negative eigenvalue") {
		t.Errorf("indefinite matrix: %v", err)
	}
	asym := MultiNormal{Mean: []float64{0, 0}, Cov: [][]float64{{1, 0.5}, {0.4, 1}}, Lo: []float64{-9, -9}, Hi: []float64{9, 9}}
	if err := asym.Factor(); err == nil || !strings.Contains(err.Error(), "symmetric") {
		t.Errorf("asymmetric matrix: %v", err)
	}
}
