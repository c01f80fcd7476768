package chart

import (
	"math"
	"testing"
)

func TestMoney(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{0, "US$0"},
		{0.4, "US$0"},
		{-0.4, "US$0"},
		{999, "US$999"},
		{950e3, "US$950,000"},
		{999e6, "US$999m"},
		{999.4e6, "US$999m"},
		{999.6e6, "US$1.0bn"}, // rounds into the next unit, never "US$1000m"
		{1e9, "US$1.0bn"},
		{1.25e9, "US$1.2bn"}, // strconv rounds the binary value 1.25 half to even
		{9.94e9, "US$9.9bn"},
		{9.96e9, "US$10bn"},
		{23e9, "US$23bn"},
		{72e9, "US$72bn"},
		{1.2e12, "US$1.2trn"},
		{-3.4e9, "-US$3.4bn"},
		{8e6, "US$8.0m"},
		{512.3e9, "US$512bn"},
		{1.234e12, "US$1.2trn"},
		{999.96e6, "US$1.0bn"},
		{0.2, "US$0"},
		{math.NaN(), "n/a"},
		{math.Inf(1), "US$∞"},
		{math.Inf(-1), "-US$∞"},
	} {
		if got := Money(tc.in); got != tc.want {
			t.Errorf("Money(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPeople(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{120e6, "120m"}, {8e6, "8.0m"}, {950e3, "950,000"}, {60e6, "60m"}, {1234, "1,234"}, {0, "0"}, {12, "12"},
		{1.2e9, "1.2bn"}, {999.96e3, "1.0m"}, {1234567, "1.2m"}, {12345, "12,345"}, {-2.5e6, "-2.5m"}, {-1234567, "-1.2m"},
	} {
		if got := People(tc.in); got != tc.want {
			t.Errorf("People(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestShare(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{0.12, "12%"}, {0, "0%"}, {1, "100%"}, {0.05, "5%"}, {0.034, "3.4%"},
		{0.0999, "10%"}, {-0.02, "-2%"}, {-0.0001, "0%"}, {math.NaN(), "n/a"},
	} {
		if got := Share(tc.in); got != tc.want {
			t.Errorf("Share(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNumberAndYear(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{Number(0.4213), "0.42"}, {Number(3), "3"}, {Number(-1.5), "-1.5"}, {Number(-0.001), "0"},
		{Year(2018), "2018"}, {Year(2034.9999999), "2035"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// Tick labels on one axis share a unit and have enough decimals to differ.
func TestTickLabels(t *testing.T) {
	for _, tc := range []struct {
		unit Unit
		vals []float64
		want []string
	}{
		{USD, []float64{0, 200e9, 400e9, 600e9}, []string{"US$0", "US$200bn", "US$400bn", "US$600bn"}},
		{USD, []float64{0, 0.5e9, 1e9, 1.5e9}, []string{"US$0", "US$0.5bn", "US$1.0bn", "US$1.5bn"}},
		{USD, []float64{-10e9, 0, 10e9}, []string{"-US$10bn", "US$0", "US$10bn"}},
		{USD, []float64{23e9, 23.0005e9}, []string{"US$23.0000bn", "US$23.0005bn"}},
		// GMV per head: dollars with separators, never "$0.50K".
		{USD, []float64{0, 500, 1000, 1500}, []string{"US$0", "US$500", "US$1,000", "US$1,500"}},
		{Persons, []float64{0, 50e6, 100e6}, []string{"0", "50m", "100m"}},
		{Persons, []float64{0, 250e3, 500e3}, []string{"0", "250,000", "500,000"}},
		{Fraction, []float64{0, 0.25, 0.5}, []string{"0%", "25%", "50%"}},
		{Fraction, []float64{0.1, 0.125, 0.15}, []string{"10.0%", "12.5%", "15.0%"}},
		{Plain, []float64{0, 0.2, 0.4}, []string{"0.0", "0.2", "0.4"}},
	} {
		got := tc.unit.tickLabels(tc.vals)
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("unit %d, %v: labels %q, want %q", tc.unit, tc.vals, got, tc.want)
				break
			}
		}
	}
}

func TestYearTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		max    int
		want   []string
	}{
		// The first and last years are always labelled; a label goes when
		// it would sit closer to either than the step.
		{2018, 2035, 8, []string{"2018", "2025", "2030", "2035"}},
		// Ends alone, with room for three labels, gain a middle year (a
		// multiple of five near the middle).
		{2018, 2035, 3, []string{"2018", "2025", "2035"}},
		{2022, 2035, 8, []string{"2022", "2024", "2026", "2028", "2030", "2032", "2035"}},
		{2022, 2035, 2, []string{"2022", "2035"}},
		{2018, 2035, 1, []string{"2018", "2035"}},
		{2021, 2030, 3, []string{"2021", "2025", "2030"}},
		{2022, 2033, 3, []string{"2022", "2028", "2033"}},
		// Max 0 is a panel too narrow for two labels: the last year alone.
		{2018, 2035, 0, []string{"2035"}},
		{2018, 2022, 8, []string{"2018", "2019", "2020", "2021", "2022"}},
		{2015.5, 2018.5, 8, []string{"2016", "2017", "2018"}},
		{2000, 2100, 6, []string{"2000", "2020", "2040", "2060", "2080", "2100"}},
	} {
		var got []string
		for _, tk := range (yearTicks{max: tc.max}).Ticks(tc.lo, tc.hi) {
			if !tk.IsMinor() {
				got = append(got, tk.Label)
			}
			if tk.Value != math.Trunc(tk.Value) {
				t.Errorf("[%v, %v]: tick at %v is not a whole year", tc.lo, tc.hi, tk.Value)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("[%v, %v] max %d: labels %q, want %q", tc.lo, tc.hi, tc.max, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("[%v, %v] max %d: labels %q, want %q", tc.lo, tc.hi, tc.max, got, tc.want)
				break
			}
		}
	}
}

// valueRange must end on ticks of the step the ticker then uses, and widen
// a flat range instead of letting plot widen it by +-1.
func TestValueRange(t *testing.T) {
	for _, tc := range []struct {
		lo, hi   float64
		fromZero bool
		wlo, whi float64
	}{
		{72e9, 636e9, true, 0, 800e9},
		{-2.3e9, 41e9, true, -10e9, 50e9},
		{23e9, 23e9, false, 20e9, 26e9},
		{0, 0, false, 0, 1},
		{-5, -5, false, -5.6, -4.4},
	} {
		lo, hi, step := valueRange(tc.lo, tc.hi, tc.fromZero, 5)
		if math.Abs(math.Remainder(lo, step)) > 1e-9*step || math.Abs(math.Remainder(hi, step)) > 1e-9*step {
			t.Errorf("valueRange(%v, %v) = [%v, %v]: not multiples of the tick step %v", tc.lo, tc.hi, lo, hi, step)
		}
		if lo > tc.lo || hi < tc.hi || hi-lo <= 0 {
			t.Errorf("valueRange(%v, %v) = [%v, %v] does not cover the data", tc.lo, tc.hi, lo, hi)
		}
		if tc.fromZero && lo > 0 {
			t.Errorf("valueRange(%v, %v) from zero = [%v, %v]", tc.lo, tc.hi, lo, hi)
		}
		if tc.wlo != 0 || tc.whi != 0 {
			// Nice bounds are exact multiples; 1e-6 relative covers float steps.
			if math.Abs(lo-tc.wlo) > 1e-6*math.Abs(tc.whi-tc.wlo) || math.Abs(hi-tc.whi) > 1e-6*math.Abs(tc.whi-tc.wlo) {
				t.Errorf("valueRange(%v, %v) = [%v, %v] (expected about [%v, %v])", tc.lo, tc.hi, lo, hi, tc.wlo, tc.whi)
			}
		}
	}
}
