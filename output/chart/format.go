package chart

import (
	"math"
	"strconv"

	"github.com/digisim/digisim/output/chart/house"
)

// The house number formats live in house (which draws nothing, so the
// studio's WebAssembly engine can use them without the plotting library);
// the charts use them through these names.
var magnitudes = house.Magnitudes

func signed(v float64, prefix string) string { return house.Signed(v, prefix) }
func group(s string) string                  { return house.Group(s) }

// Money formats US dollars in the house money style: "US$1.2trn" (house.Money).
func Money(usd float64) string { return house.Money(usd) }

// People formats a head count: "120m" (house.People).
func People(n float64) string { return house.People(n) }

// Share formats a fraction as a percentage: "12%" (house.Share).
func Share(f float64) string { return house.Share(f) }

// Number formats a plain number with up to two decimals (house.Number).
func Number(v float64) string { return house.Number(v) }

// Year formats a time-axis value as an integer year (house.Year).
func Year(t float64) string { return house.Year(t) }

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
			if maxAbs >= c.Div {
				m = c
				break
			}
		}
		prec := decimalsFor(step / m.Div)
		for i, v := range vals {
			if v == 0 {
				out[i] = prefix + "0"
				continue
			}
			s := prefix + group(strconv.FormatFloat(math.Abs(v)/m.Div, 'f', prec, 64)) + m.Suffix
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
