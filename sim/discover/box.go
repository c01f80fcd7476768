package discover

import (
	"errors"
	"fmt"
	"math"
)

// Box is a hyper-rectangle: point x is inside when Lo[j] <= x[j] <= Hi[j]
// in every dimension j.
type Box struct {
	Lo, Hi []float64
}

// Contains reports whether x lies in b.
func (b Box) Contains(x []float64) bool {
	for j, v := range x {
		if v < b.Lo[j] || v > b.Hi[j] {
			return false
		}
	}
	return true
}

// Clone returns a copy of b that shares no memory with it.
func (b Box) Clone() Box {
	return Box{Lo: append([]float64(nil), b.Lo...), Hi: append([]float64(nil), b.Hi...)}
}

// Restricted returns the dimensions in which b is narrower than init, in
// increasing order. It panics if the boxes' dimensions differ.
func (b Box) Restricted(init Box) []int {
	if len(b.Lo) != len(init.Lo) || len(b.Hi) != len(init.Hi) || len(b.Lo) != len(b.Hi) {
		panic(fmt.Sprintf("discover: box of %d/%d limits against an initial box of %d/%d", len(b.Lo), len(b.Hi), len(init.Lo), len(init.Hi)))
	}
	var out []int
	for j := range b.Lo {
		if b.Lo[j] > init.Lo[j] || b.Hi[j] < init.Hi[j] {
			out = append(out, j)
		}
	}
	return out
}

// Stats describe a box against the data it was found on.
type Stats struct {
	Coverage   float64 // share of all cases of interest that fall in the box
	Density    float64 // share of the box's points that are cases of interest
	Mass       float64 // share of all points that fall in the box
	Restricted int     // number of restricted dimensions
	Points     int     // points in the box
	Interest   int     // cases of interest in the box
}

// data is a validated data set: n points of d coordinates and a class.
type data struct {
	x        [][]float64
	y        []bool
	d        int
	interest int // cases of interest overall
}

// newData checks x and y: at least one point, rows of one length d >= 1,
// finite coordinates, one class per point and at least one case of
// interest.
func newData(what string, x [][]float64, y []bool) (*data, error) {
	if len(x) == 0 {
		return nil, fmt.Errorf("discover: %s: no points", what)
	}
	if len(y) != len(x) {
		return nil, fmt.Errorf("discover: %s: %d points but %d outcomes", what, len(x), len(y))
	}
	d := len(x[0])
	if d == 0 {
		return nil, fmt.Errorf("discover: %s: point 0 has no coordinates", what)
	}
	var errs []error
	for i, row := range x {
		if len(row) != d {
			errs = append(errs, fmt.Errorf("discover: %s: point %d has %d coordinates, point 0 has %d", what, i, len(row), d))
			continue
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				errs = append(errs, fmt.Errorf("discover: %s: coordinate %d of point %d is %v", what, j, i, v))
			}
		}
		if len(errs) >= 10 {
			errs = append(errs, errors.New("discover: (further problems not listed)"))
			break
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	dt := &data{x: x, y: y, d: d}
	for _, v := range y {
		if v {
			dt.interest++
		}
	}
	if dt.interest == 0 {
		return nil, fmt.Errorf("discover: %s: no case of interest among %d points: loosen the condition that marks them", what, len(x))
	}
	return dt, nil
}

// initBox returns ranges if given (checked to hold every point), else the
// data's minimum and maximum in each dimension.
func (dt *data) initBox(what string, ranges *Box) (Box, error) {
	if ranges != nil {
		if len(ranges.Lo) != dt.d || len(ranges.Hi) != dt.d {
			return Box{}, fmt.Errorf("discover: %s: ranges have %d lower and %d upper limits for %d dimensions", what, len(ranges.Lo), len(ranges.Hi), dt.d)
		}
		for j := range ranges.Lo {
			if !(ranges.Lo[j] <= ranges.Hi[j]) {
				return Box{}, fmt.Errorf("discover: %s: range of dimension %d is [%v, %v]: want lo <= hi", what, j, ranges.Lo[j], ranges.Hi[j])
			}
		}
		for i, row := range dt.x {
			if !ranges.Contains(row) {
				return Box{}, fmt.Errorf("discover: %s: point %d lies outside the given ranges", what, i)
			}
		}
		return ranges.Clone(), nil
	}
	b := Box{Lo: append([]float64(nil), dt.x[0]...), Hi: append([]float64(nil), dt.x[0]...)}
	for _, row := range dt.x {
		for j, v := range row {
			b.Lo[j] = math.Min(b.Lo[j], v)
			b.Hi[j] = math.Max(b.Hi[j], v)
		}
	}
	return b, nil
}

// stats returns the statistics of box b, whose points are idx.
func (dt *data) stats(b, init Box, idx []int) Stats {
	s := Stats{Points: len(idx), Restricted: len(b.Restricted(init))}
	for _, i := range idx {
		if dt.y[i] {
			s.Interest++
		}
	}
	s.Coverage = float64(s.Interest) / float64(dt.interest)
	s.Mass = float64(s.Points) / float64(len(dt.x))
	if s.Points > 0 {
		s.Density = float64(s.Interest) / float64(s.Points)
	}
	return s
}

// inside returns the indices of the points in b.
func (dt *data) inside(b Box) []int {
	var idx []int
	for i, row := range dt.x {
		if b.Contains(row) {
			idx = append(idx, i)
		}
	}
	return idx
}
