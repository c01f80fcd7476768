package discover

import (
	"slices"
	"strings"
	"testing"
)

func TestCondition(t *testing.T) {
	// Values 1..10: the 20th percentile (type 7) is 1 + 0.2·9 = 2.8, the
	// 90th 1 + 0.9·9 = 9.1.
	v := []float64{3, 1, 4, 10, 5, 9, 2, 6, 8, 7}
	for _, tc := range []struct {
		in   string
		want []bool
	}{
		{"< 0", make([]bool, 10)},
		{">=9", []bool{false, false, false, true, false, true, false, false, false, false}},
		{"< p20", []bool{false, true, false, false, false, false, true, false, false, false}},
		{"> p90", []bool{false, false, false, true, false, false, false, false, false, false}},
		{"<= 3", []bool{true, true, false, false, false, false, true, false, false, false}},
	} {
		c, err := ParseCondition(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.Mark(v)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q (%v): %v, want %v", tc.in, c, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"= 3", "start with <, <=, > or >="},
		{"< abc", `"abc" is not a number`},
		{"> p120", "percentile 120 outside [0, 100]"},
		{"<", `"" is not a number`},
	} {
		if _, err := ParseCondition(tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one containing %q", tc.in, err, tc.want)
		}
	}
}
