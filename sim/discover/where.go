package discover

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Condition marks the cases of interest among an outcome's values: Op is
// one of <, <=, >, >=; the bound is Value, or, with Percentile, the
// Value-th percentile (0-100) of the values themselves (type 7, NumPy's
// default), so "< p10" marks the worst tenth of the futures.
type Condition struct {
	Op         string
	Value      float64
	Percentile bool
}

// ParseCondition reads a condition as a user writes it after the outcome's
// name: "< 0", ">= 3.2", "< p10", "> p90". Spaces are optional.
func ParseCondition(s string) (Condition, error) {
	t := strings.TrimSpace(s)
	var c Condition
	for _, op := range []string{"<=", ">=", "<", ">"} {
		if strings.HasPrefix(t, op) {
			c.Op = op
			t = strings.TrimSpace(t[len(op):])
			break
		}
	}
	if c.Op == "" {
		return Condition{}, fmt.Errorf("discover: condition %q: start with <, <=, > or >=, as in \"< 0\" or \"> p90\"", s)
	}
	if rest, ok := strings.CutPrefix(t, "p"); ok {
		c.Percentile = true
		t = rest
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return Condition{}, fmt.Errorf("discover: condition %q: %q is not a number (a percentile is written p10)", s, t)
	}
	if c.Percentile && !(v >= 0 && v <= 100) {
		return Condition{}, fmt.Errorf("discover: condition %q: percentile %v outside [0, 100]", s, v)
	}
	c.Value = v
	return c, nil
}

func (c Condition) String() string {
	if c.Percentile {
		return c.Op + " p" + strconv.FormatFloat(c.Value, 'f', -1, 64)
	}
	return c.Op + " " + strconv.FormatFloat(c.Value, 'g', -1, 64)
}

// Bound returns the threshold the condition compares with: Value, or the
// percentile of values.
func (c Condition) Bound(values []float64) (float64, error) {
	if !c.Percentile {
		return c.Value, nil
	}
	if len(values) == 0 {
		return 0, fmt.Errorf("discover: condition %v: no values to take a percentile of", c)
	}
	v := slices.Clone(values)
	for i, x := range v {
		if math.IsNaN(x) {
			return 0, fmt.Errorf("discover: condition %v: value %d is NaN", c, i)
		}
	}
	slices.Sort(v)
	h := float64(c.Value / 100 * float64(len(v)-1))
	lo := int(math.Floor(h))
	if lo >= len(v)-1 {
		return v[len(v)-1], nil
	}
	return v[lo] + float64((h-float64(lo))*(v[lo+1]-v[lo])), nil
}

// Mark returns which values meet the condition.
func (c Condition) Mark(values []float64) ([]bool, error) {
	b, err := c.Bound(values)
	if err != nil {
		return nil, err
	}
	out := make([]bool, len(values))
	for i, v := range values {
		switch c.Op {
		case "<":
			out[i] = v < b
		case "<=":
			out[i] = v <= b
		case ">":
			out[i] = v > b
		case ">=":
			out[i] = v >= b
		default:
			return nil, fmt.Errorf("discover: condition: unknown operator %q", c.Op)
		}
	}
	return out, nil
}
