package sensitivity

import (
	"fmt"
	"math"
)

// Morris summarises Morris elementary effects of D parameters from a
// function's outputs on trajectories (package sample's Morris design): rows
// t(D+1) to t(D+1)+D of x are trajectory t, consecutive rows differing in
// exactly one coordinate. The elementary effect of that coordinate j is
//
//	EE_j = (y_k - y_(k-1)) / (x_kj - x_(k-1)j)
//
// in the units of the x given: pass the unit-cube points to get effects per
// unit of the cube (as SALib reports them), or the mapped parameter values
// to get effects per physical unit. Unit-cube points of a non-uniform
// input are on its CDF scale (the cube coordinate is the probability of a
// value below it), so effects from them are per unit of cumulative
// probability: a step near the mode is a smaller step of the parameter than
// the same step in a tail. Mu is the mean effect, MuStar the mean
// absolute effect (Campolongo, Cariboni and Saltelli 2007, Environ. Model.
// Softw. 22, 1509-1518) and Sigma the standard deviation with an n-1
// denominator (Morris 1991, Technometrics 33, 161-174); Sigma is NaN with
// one trajectory.
type Morris struct{ D int }

// Effects are the Morris measures of one output, one entry per parameter.
type Effects struct {
	Mu, MuStar, Sigma []float64
}

// Analyze returns the effects of each output column of y, with x the design
// points in trajectory order and y the outputs at them.
func (m Morris) Analyze(x, y [][]float64) ([]Effects, error) {
	d := m.D
	if d <= 0 {
		return nil, fmt.Errorf("sensitivity: morris: d is %d, must be > 0", d)
	}
	if len(x) == 0 || len(x)%(d+1) != 0 {
		return nil, fmt.Errorf("sensitivity: morris: %d points is not a positive multiple of d+1 = %d", len(x), d+1)
	}
	for i, p := range x {
		if len(p) != d {
			return nil, fmt.Errorf("sensitivity: morris: point %d has %d coordinates, want %d", i, len(p), d)
		}
	}
	k, err := checkOutputs(y, len(x), "morris")
	if err != nil {
		return nil, err
	}
	r := len(x) / (d + 1)
	// ee[c][j][t]: effect of parameter j on output c in trajectory t.
	ee := make([][][]float64, k)
	for c := range ee {
		ee[c] = make([][]float64, d)
		for j := range ee[c] {
			ee[c][j] = make([]float64, r)
		}
	}
	seen := make([]int, d)
	for t := 0; t < r; t++ {
		for j := range seen {
			seen[j] = -1
		}
		base := t * (d + 1)
		for s := 1; s <= d; s++ {
			prev, cur := x[base+s-1], x[base+s]
			moved := -1
			for j := range cur {
				if cur[j] != prev[j] {
					if moved >= 0 {
						return nil, fmt.Errorf("sensitivity: morris: trajectory %d, step %d changes coordinates %d and %d, want one", t, s, moved, j)
					}
					moved = j
				}
			}
			switch {
			case moved < 0:
				return nil, fmt.Errorf("sensitivity: morris: trajectory %d, step %d changes no coordinate", t, s)
			case seen[moved] >= 0:
				return nil, fmt.Errorf("sensitivity: morris: trajectory %d changes coordinate %d at steps %d and %d, want once", t, moved, seen[moved], s)
			}
			seen[moved] = s
			dx := cur[moved] - prev[moved]
			for c := 0; c < k; c++ {
				ee[c][moved][t] = (y[base+s][c] - y[base+s-1][c]) / dx
			}
		}
	}
	out := make([]Effects, k)
	for c := range out {
		e := Effects{Mu: make([]float64, d), MuStar: make([]float64, d), Sigma: make([]float64, d)}
		for j, v := range ee[c] {
			var sum, abs float64
			for _, x := range v {
				sum += x
				abs += math.Abs(x)
			}
			mu := sum / float64(r)
			var ss float64
			for _, x := range v {
				ss += float64((x - mu) * (x - mu))
			}
			e.Mu[j], e.MuStar[j] = mu, abs/float64(r)
			e.Sigma[j] = math.NaN()
			if r > 1 {
				e.Sigma[j] = math.Sqrt(ss / float64(r-1))
			}
		}
		out[c] = e
	}
	return out, nil
}
