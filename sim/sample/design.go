package sample

import (
	"errors"
	"fmt"
	"math"
)

// Design is a set of points in the unit cube, one row per point, that a
// caller maps to parameter values with [Map] or each [Dist]'s Quantile.
type Design interface {
	Points() ([][]float64, error)
}

// rows returns n rows of d columns sharing one backing array; each row's
// capacity is its length, so appending to a row never overwrites the next.
func rows(n, d int) [][]float64 {
	data := make([]float64, n*d)
	out := make([][]float64, n)
	for i := range out {
		out[i] = data[i*d : (i+1)*d : (i+1)*d]
	}
	return out
}

func checkSize(kind string, n int, nName string, d int) error {
	var errs []error
	if n <= 0 {
		errs = append(errs, fmt.Errorf("%s: %s is %d, must be > 0", kind, nName, n))
	}
	if d <= 0 {
		errs = append(errs, fmt.Errorf("%s: d is %d, must be > 0", kind, d))
	}
	return errors.Join(errs...)
}

// Map returns the parameter values of points: column j of each row mapped
// through dists[j].Quantile. It returns an error when a row's length is not
// len(dists) or a distribution is invalid.
func Map(points [][]float64, dists []Dist) ([][]float64, error) {
	var errs []error
	for j, d := range dists {
		if d == nil {
			errs = append(errs, fmt.Errorf("sample: dists[%d] is nil", j))
		} else if err := d.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("sample: dists[%d]: %w", j, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := rows(len(points), len(dists))
	for i, p := range points {
		if len(p) != len(dists) {
			return nil, fmt.Errorf("sample: point %d has %d coordinates for %d distributions", i, len(p), len(dists))
		}
		for j, u := range p {
			if !(u >= 0 && u <= 1) {
				return nil, fmt.Errorf("sample: point %d coordinate %d is %v, outside [0, 1]", i, j, u)
			}
			out[i][j] = dists[j].Quantile(u)
		}
	}
	return out, nil
}

// MonteCarlo is simple random sampling: N points uniform in [0, 1)^D.
// Point i is drawn from Stream(Seed, i, "sample/montecarlo") alone, so the
// design's points Skip to Skip+N-1 are the same whichever shard or worker
// computes them.
type MonteCarlo struct {
	N, D int
	Seed uint64
	Skip int // index of the first point, for shards; usually 0
}

// Points returns the N points.
func (m MonteCarlo) Points() ([][]float64, error) {
	if err := checkSize("monte carlo", m.N, "n", m.D); err != nil {
		return nil, err
	}
	if m.Skip < 0 {
		return nil, fmt.Errorf("monte carlo: skip is %d, must be >= 0", m.Skip)
	}
	out := rows(m.N, m.D)
	for i, row := range out {
		rnd := Stream(m.Seed, m.Skip+i, "sample/montecarlo")
		for j := range row {
			row[j] = rnd.Float64()
		}
	}
	return out, nil
}

// Grid is a full-factorial design: every combination of Levels[j] levels in
// dimension j, the levels of a dimension with k levels being the midpoints
// (l + 1/2)/k of k equal strata (so a distribution's quantiles at equal
// probability steps). Rows are in lexical order with the last dimension
// varying fastest. For a grid over given parameter values, use [Cross].
type Grid struct{ Levels []int }

// Points returns the prod(Levels) points.
func (g Grid) Points() ([][]float64, error) {
	values := make([][]float64, len(g.Levels))
	var errs []error
	if len(g.Levels) == 0 {
		errs = append(errs, errors.New("grid: no dimensions"))
	}
	for j, k := range g.Levels {
		if k <= 0 {
			errs = append(errs, fmt.Errorf("grid: levels[%d] is %d, must be > 0", j, k))
			continue
		}
		values[j] = make([]float64, k)
		for l := range values[j] {
			values[j][l] = (float64(l) + 0.5) / float64(k)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return Cross(values)
}

// Cross returns the full-factorial combination of the given values, one
// slice per dimension, in lexical order with the last dimension varying
// fastest. The values are returned as given: they may be parameter values
// rather than unit-cube points.
func Cross(values [][]float64) ([][]float64, error) {
	n := 1
	for j, v := range values {
		if len(v) == 0 {
			return nil, fmt.Errorf("sample: cross: dimension %d has no values", j)
		}
		if n > math.MaxInt32/len(v) {
			return nil, errors.New("sample: cross: more than 2^31 points")
		}
		n *= len(v)
	}
	if len(values) == 0 {
		return nil, errors.New("sample: cross: no dimensions")
	}
	d := len(values)
	out := rows(n, d)
	idx := make([]int, d)
	for _, row := range out {
		for j := range row {
			row[j] = values[j][idx[j]]
		}
		for j := d - 1; j >= 0; j-- {
			idx[j]++
			if idx[j] < len(values[j]) {
				break
			}
			idx[j] = 0
		}
	}
	return out, nil
}

// LatinHypercube is a Latin hypercube sample of N points in [0, 1)^D: in
// every dimension each of the N strata [k/N, (k+1)/N) holds exactly one
// point, placed uniformly within it. Dimension j is drawn from
// Stream(Seed, j, "sample/latin-hypercube").
type LatinHypercube struct {
	N, D int
	Seed uint64
}

// Points returns the N points.
func (l LatinHypercube) Points() ([][]float64, error) {
	if err := checkSize("latin hypercube", l.N, "n", l.D); err != nil {
		return nil, err
	}
	out := rows(l.N, l.D)
	n := float64(l.N)
	for j := 0; j < l.D; j++ {
		rnd := Stream(l.Seed, j, "sample/latin-hypercube")
		perm := rnd.Perm(l.N)
		for i, k := range perm {
			x, hi := (float64(k)+float64(rnd.Float64()))/n, float64(k+1)/n
			if x >= hi {
				x = math.Nextafter(hi, 0) // rounding must not leave the stratum
			}
			out[i][j] = x
		}
	}
	return out, nil
}
