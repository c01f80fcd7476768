package chart

import (
	"math"
	"strconv"
	"strings"
)

// magnitude is one step of the short-scale suffixes used by Money and People.
type magnitude struct {
	div    float64
	suffix string
}

var magnitudes = []magnitude{
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
	for i, m := range magnitudes {
		if m.div > 1 && a < m.div*0.9995 {
			continue
		}
		x := a / m.div
		if m.div == 1 {
			return group(strconv.FormatFloat(x, 'f', 0, 64))
		}
		prec := 0
		if x < 9.95 {
			prec = 1
		}
		s := strconv.FormatFloat(x, 'f', prec, 64)
		if s == "1000" && i > 0 {
			// Rounded up into the next unit.
			return "1.0" + magnitudes[i-1].suffix
		}
		return s + m.suffix
	}
	return "0"
}

// signed applies compact to |v| and puts the sign and an optional prefix in
// front ("-$3.4B"). NaN is "n/a"; infinities are "∞" and "-∞". A value that
// rounds to zero has no sign.
func signed(v float64, prefix string) string {
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
func Money(usd float64) string { return signed(usd, "US$") }

// People formats a head count: "120m", "8.0m", "950,000", "1.2bn", "0".
func People(n float64) string { return signed(n, "") }

// group puts thousands separators into a formatted number: "1234567.5" is
// "1,234,567.5".
func group(s string) string {
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

// bareUSD is US$ without the currency sign, for the crowded value axes of
// free-axis small multiples whose shared axis label names the unit.
const bareUSD Unit = 100

// Format returns the formatter for single values (cell labels, bar ends)
// of the unit.
func (u Unit) Format(v float64) string {
	switch u {
	case USD:
		return Money(v)
	case Persons, bareUSD:
		return People(v)
	case Fraction:
		return Share(v)
	default:
		return Number(v)
	}
}

// tickLabels formats the major tick values of one axis with a common unit
// (the one of the largest |value|) and just enough decimals for the step,
// so that neighbouring labels always differ: 0, 0.5e9, 1e9 are "US$0",
// "US$0.5bn", "US$1.0bn"; below a million no suffix but thousands
// separators: 0, 500, 1000 are "US$0", "US$500", "US$1,000".
func (u Unit) tickLabels(vals []float64) []string {
	out := make([]string, len(vals))
	if len(vals) == 0 {
		return out
	}
	maxAbs, step := 0.0, math.Inf(1)
	for i, v := range vals {
		maxAbs = math.Max(maxAbs, math.Abs(v))
		if i > 0 {
			step = math.Min(step, math.Abs(v-vals[i-1]))
		}
	}
	if math.IsInf(step, 1) || step == 0 {
		step = maxAbs
	}
	switch u {
	case USD, Persons, bareUSD:
		prefix := ""
		if u == USD {
			prefix = "US$"
		}
		m := magnitudes[len(magnitudes)-1]
		for _, c := range magnitudes {
			if maxAbs >= c.div {
				m = c
				break
			}
		}
		prec := decimalsFor(step / m.div)
		for i, v := range vals {
			if v == 0 {
				out[i] = prefix + "0"
				continue
			}
			s := prefix + group(strconv.FormatFloat(math.Abs(v)/m.div, 'f', prec, 64)) + m.suffix
			if v < 0 {
				s = "-" + s
			}
			out[i] = s
		}
	case Fraction:
		prec := decimalsFor(step * 100)
		for i, v := range vals {
			out[i] = strconv.FormatFloat(v*100, 'f', prec, 64) + "%"
			if out[i] == "-0%" || (v == 0) {
				out[i] = "0%"
			}
		}
	default:
		prec := decimalsFor(step)
		for i, v := range vals {
			out[i] = strconv.FormatFloat(v, 'f', prec, 64)
			if v == 0 {
				out[i] = strconv.FormatFloat(0, 'f', prec, 64)
			}
		}
	}
	return out
}

// decimalsFor returns how many decimals distinguish multiples of step:
// 100 -> 0, 2.5 -> 1, 0.25 -> 2. It is capped at 6.
func decimalsFor(step float64) int {
	if step <= 0 || math.IsNaN(step) || math.IsInf(step, 0) {
		return 0
	}
	for d := 0; d < 6; d++ {
		scaled := step * math.Pow(10, float64(d))
		if math.Abs(scaled-math.Round(scaled)) < 1e-6*scaled {
			return d
		}
	}
	return 6
}
