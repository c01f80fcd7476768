package house

import (
	"math"
	"strconv"
	"strings"
)

// Magnitude is one step of the short-scale suffixes used by Money and People
// (and the charts' tick labels).
type Magnitude struct {
	Div    float64
	Suffix string
}

var Magnitudes = []Magnitude{
	{1e12, "trn"},
	{1e9, "bn"},
	{1e6, "m"},
	{1, ""},
}

// compact formats |v| >= 0 with a short-scale suffix: one decimal below 10
// of the unit ("8.0m", "1.2trn"), none from 10 up ("23bn", "999m"). Rounding
// carries into the next unit, so 999.96e6 is "1.0bn", never "1000m". Values
// below a million are whole numbers with thousands separators ("950,000").
func compact(a float64) string {
	for i, m := range Magnitudes {
		if m.Div > 1 && a < m.Div*0.9995 {
			continue
		}
		x := a / m.Div
		if m.Div == 1 {
			return Group(strconv.FormatFloat(x, 'f', 0, 64))
		}
		prec := 0
		if x < 9.95 {
			prec = 1
		}
		s := strconv.FormatFloat(x, 'f', prec, 64)
		if s == "1000" && i > 0 {
			// Rounded up into the next unit.
			return "1.0" + Magnitudes[i-1].Suffix
		}
		return s + m.Suffix
	}
	return "0"
}

// Signed applies compact to |v| and puts the sign and an optional prefix in
// front ("-$3.4B"). NaN is "n/a"; infinities are "∞" and "-∞". A value that
// rounds to zero has no sign.
func Signed(v float64, prefix string) string {
	switch {
	case math.IsNaN(v):
		return "n/a"
	case math.IsInf(v, 1):
		return prefix + "∞"
	case math.IsInf(v, -1):
		return "-" + prefix + "∞"
	}
	s := compact(math.Abs(v))
	if s == "0" {
		return prefix + "0"
	}
	if v < 0 {
		return "-" + prefix + s
	}
	return prefix + s
}

// Money formats US dollars for a briefing, in the house money style:
// "US$999m", "US$1.0bn", "US$23bn", "US$1.2trn", "-US$3.4bn",
// "US$950,000", "US$0". One decimal is shown below 10 of a unit and none
// from 10 up; rounding carries into the next unit.
func Money(usd float64) string { return Signed(usd, "US$") }

// People formats a head count: "120m", "8.0m", "950,000", "1.2bn", "0".
func People(n float64) string { return Signed(n, "") }

// Group puts thousands separators into a formatted number: "1234567.5" is
// "1,234,567.5".
func Group(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if hasFrac {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// Share formats a fraction in [0, 1] as a percentage: 0.12 is "12%", 0.034
// is "3.4%", 0.05 is "5%", 1 is "100%". From 10% up no decimal is shown;
// below, one decimal unless it is zero.
func Share(f float64) string {
	if math.IsNaN(f) {
		return "n/a"
	}
	p := f * 100
	var s string
	if math.Abs(p) >= 9.95 {
		s = strconv.FormatFloat(p, 'f', 0, 64)
	} else {
		s = strings.TrimSuffix(strconv.FormatFloat(p, 'f', 1, 64), ".0")
	}
	if s == "-0" {
		s = "0"
	}
	return s + "%"
}

// Number formats a plain number with up to two decimals and no trailing
// zeros: 0.4213 is "0.42", 3 is "3", -1.5 is "-1.5".
func Number(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

// Year formats a time-axis value as an integer year: 2018.0 is "2018".
// Fractional values are rounded to the nearest year.
func Year(t float64) string {
	return strconv.FormatFloat(math.Round(t), 'f', 0, 64)
}
