package brief

import (
	"math"
	"strconv"
	"strings"
)

// Money formats US dollars in the house style of the charts: "US$512bn",
// "US$1.2trn", "US$8.5m", "US$950,000", "-US$3.4bn"; one decimal below 10
// of a unit, none from 10 up. NaN is "n/a".
func Money(usd float64) string {
	if math.IsNaN(usd) {
		return "n/a"
	}
	s := compact(math.Abs(usd))
	if s == "0" {
		return "US$0"
	}
	if usd < 0 {
		return "-US$" + s
	}
	return "US$" + s
}

// Count formats a head count or other count: "120m", "1.2bn", "950,000".
func Count(n float64) string {
	if math.IsNaN(n) {
		return "n/a"
	}
	s := compact(math.Abs(n))
	if n < 0 && s != "0" {
		return "-" + s
	}
	return s
}

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

var magnitudes = []struct {
	div    float64
	suffix string
}{{1e12, "trn"}, {1e9, "bn"}, {1e6, "m"}}

func compact(a float64) string {
	for i, m := range magnitudes {
		if a < m.div*0.9995 {
			continue
		}
		x := a / m.div
		prec := 0
		if x < 9.95 {
			prec = 1
		}
		s := strconv.FormatFloat(x, 'f', prec, 64)
		if s == "1000" && i > 0 {
			return "1.0" + magnitudes[i-1].suffix
		}
		return s + m.suffix
	}
	return group(strconv.FormatFloat(a, 'f', 0, 64))
}

func group(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
