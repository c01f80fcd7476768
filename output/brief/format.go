package brief

import (
	"math"
	"strconv"
	"strings"
)

// Percent formats a fraction as a signed per cent change: 0.085 is
// "+8.5%", -0.02 is "-2.0%", 0.25 is "+25%".
func Percent(f float64) string {
	if math.IsNaN(f) {
		return "n/a"
	}
	p := f * 100
	prec := 1
	if math.Abs(p) >= 9.95 {
		prec = 0
	}
	s := strconv.FormatFloat(p, 'f', prec, 64)
	switch {
	case strings.Trim(s, "-0.") == "":
		return "0%"
	case p > 0:
		return "+" + s + "%"
	}
	return s + "%"
}

// Share formats a fraction in [0, 1] as a per cent without a sign:
// 0.87 is "87%", 0.034 is "3.4%".
func Share(f float64) string {
	return strings.TrimPrefix(Percent(f), "+")
}
