package sample

import (
	"errors"
	"fmt"
)

// Morris is Morris's one-at-a-time screening design (Morris 1991,
// Technometrics 33, 161-174): R random trajectories on a grid of Levels
// levels {0, 1/(Levels-1), ..., 1} in each of D dimensions. A trajectory is
// D+1 points; each step moves one coordinate, each coordinate exactly once,
// by ±Delta with Delta = Levels/(2(Levels-1)). Its start is a random grid
// point whose every coordinate can move by Delta within [0, 1], the
// direction of each move and the order of the coordinates are random.
//
// Levels must be even (4 is the usual choice). Unlike the other designs the
// points include 1: map them through bounded distributions (uniform,
// triangular, beta, choice or truncated), since unbounded ones give ±Inf.
// Trajectory t is drawn from Stream(Seed, t, "sample/morris"); trajectories
// are not optimised for spread (Campolongo et al. 2007's selection).
//
// Rows are trajectory-major: rows t(D+1) to t(D+1)+D are trajectory t.
type Morris struct {
	R, D   int
	Levels int
	Seed   uint64
}

// Delta returns the step Levels/(2(Levels-1)).
func (m Morris) Delta() float64 {
	return float64(m.Levels) / (2 * float64(m.Levels-1))
}

// Points returns the R(D+1) points.
func (m Morris) Points() ([][]float64, error) {
	err := checkSize("morris", m.R, "r", m.D)
	if m.Levels < 2 || m.Levels%2 != 0 {
		err = errors.Join(err, fmt.Errorf("morris: levels is %d, must be even and >= 2", m.Levels))
	}
	if err != nil {
		return nil, err
	}
	d, p := m.D, m.Levels
	// Work in integer level indices so that the points are exact grid
	// values: Delta is p/2 levels.
	lv := func(l int) float64 { return float64(l) / float64(p-1) }
	out := rows(m.R*(d+1), d)
	level := make([]int, d)
	up := make([]bool, d)
	for t := 0; t < m.R; t++ {
		rnd := Stream(m.Seed, t, "sample/morris")
		traj := out[t*(d+1) : (t+1)*(d+1)]
		// The base level takes one of the p/2 lowest levels, so that base +
		// Delta <= 1; a coordinate moving down starts at base + Delta.
		for j := range level {
			level[j] = rnd.IntN(p / 2)
			up[j] = rnd.IntN(2) == 0
			if !up[j] {
				level[j] += p / 2
			}
			traj[0][j] = lv(level[j])
		}
		for k, j := range rnd.Perm(d) {
			if up[j] {
				level[j] += p / 2
			} else {
				level[j] -= p / 2
			}
			copy(traj[k+1], traj[k])
			traj[k+1][j] = lv(level[j])
		}
	}
	return out, nil
}
