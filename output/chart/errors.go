package chart

import (
	"errors"
	"fmt"
	"math"
)

// InputError is a problem with the data given to a chart: which chart,
// which input (a series name, a field, a cell) and what is wrong with it.
// Chart constructors join every problem they find (errors.Join), so one
// call reports them all.
type InputError struct {
	Chart   string // the constructor, e.g. "Lines"
	Input   string // e.g. `series "agreement" Y[3]`
	Problem string // e.g. "NaN is not a number to plot"
}

func (e *InputError) Error() string {
	if e.Input == "" {
		return "chart: " + e.Chart + ": " + e.Problem
	}
	return "chart: " + e.Chart + ": " + e.Input + ": " + e.Problem
}

// checker collects the problems of one chart's inputs.
type checker struct {
	chart string
	errs  []error
}

func (c *checker) add(input, format string, args ...any) {
	c.errs = append(c.errs, &InputError{Chart: c.chart, Input: input, Problem: fmt.Sprintf(format, args...)})
}

func (c *checker) err() error { return errors.Join(c.errs...) }

// finite reports a NaN or infinite value, naming the first bad index.
func (c *checker) finite(input string, vs []float64) bool {
	for i, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			c.add(fmt.Sprintf("%s[%d]", input, i), "%v is not a finite number", v)
			return false
		}
	}
	return true
}

// series checks a series: X and Y of equal length, at least minPts points,
// finite values, X strictly increasing.
func (c *checker) series(input string, s Series, minPts int) bool {
	ok := true
	switch {
	case len(s.X) != len(s.Y):
		c.add(input, "X has %d values but Y has %d", len(s.X), len(s.Y))
		return false
	case len(s.Y) == 0:
		c.add(input, "is empty")
		return false
	case len(s.Y) < minPts:
		c.add(input, "has %d point, needs at least %d to draw a line", len(s.Y), minPts)
		ok = false
	}
	ok = c.finite(input+" X", s.X) && ok
	ok = c.finite(input+" Y", s.Y) && ok
	for i := 1; i < len(s.X); i++ {
		if s.X[i] <= s.X[i-1] {
			c.add(fmt.Sprintf("%s X[%d]", input, i), "%v does not increase on X[%d] = %v", s.X[i], i-1, s.X[i-1])
			return false
		}
	}
	return ok
}

// positive reports values <= 0, which a log axis cannot show.
func (c *checker) positive(input string, vs []float64) bool {
	for i, v := range vs {
		if v <= 0 {
			c.add(fmt.Sprintf("%s[%d]", input, i), "%v cannot be shown on a log axis (values must be > 0)", v)
			return false
		}
	}
	return true
}

// nonNegative reports negative values where they cannot be drawn (stacks).
func (c *checker) nonNegative(input string, vs []float64, why string) bool {
	for i, v := range vs {
		if v < 0 {
			c.add(fmt.Sprintf("%s[%d]", input, i), "%v is negative; %s", v, why)
			return false
		}
	}
	return true
}

func seriesName(i int, s Series) string {
	if s.Name == "" {
		return fmt.Sprintf("series %d", i)
	}
	return fmt.Sprintf("series %q", s.Name)
}
