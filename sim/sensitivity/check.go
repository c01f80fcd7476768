package sensitivity

import (
	"fmt"
	"math"
)

// checkOutputs reports whether y has n rows of one common, positive length
// of finite values, and returns that length.
func checkOutputs(y [][]float64, n int, what string) (int, error) {
	if len(y) != n {
		return 0, fmt.Errorf("sensitivity: %s: %d output rows, want %d", what, len(y), n)
	}
	if n == 0 {
		return 0, fmt.Errorf("sensitivity: %s: no output rows", what)
	}
	k := len(y[0])
	if k == 0 {
		return 0, fmt.Errorf("sensitivity: %s: output row 0 is empty", what)
	}
	for i, row := range y {
		if len(row) != k {
			return 0, fmt.Errorf("sensitivity: %s: output row %d has %d values, row 0 has %d", what, i, len(row), k)
		}
		for c, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("sensitivity: %s: output %d of row %d is %v", what, c, i, v)
			}
		}
	}
	return k, nil
}
