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
		{0, "$0"},
		{0.4, "$0"},
		{-0.4, "$0"},
		{999, "$999"},
		{950e3, "$950K"},
		{999e6, "$999M"},
		{999.4e6, "$999M"},
		{999.6e6, "$1.0B"}, // rounds into the next unit, never "$1000M"
		{1e9, "$1.0B"},
		{1.25e9, "$1.2B"}, // strconv rounds the binary value 1.25 half to even
		{9.94e9, "$9.9B"},
		{9.96e9, "$10B"},
		{23e9, "$23B"},
		{72e9, "$72B"},
		{1.2e12, "$1.2T"},
		{-3.4e9, "-$3.4B"},
		{8e6, "$8.0M"},
		{math.NaN(), "n/a"},
		{math.Inf(1), "$∞"},
		{math.Inf(-1), "-$∞"},
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
		{120e6, "120M"}, {8e6, "8.0M"}, {950e3, "950K"}, {0, "0"}, {12, "12"},
		{1.2e9, "1.2B"}, {999.96e3, "1.0M"}, {-2.5e6, "-2.5M"},
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
		{USD, []float64{0, 200e9, 400e9, 600e9}, []string{"$0", "$200B", "$400B", "$600B"}},
		{USD, []float64{0, 0.5e9, 1e9, 1.5e9}, []string{"$0", "$0.5B", "$1.0B", "$1.5B"}},
		{USD, []float64{-10e9, 0, 10e9}, []string{"-$10B", "$0", "$10B"}},
		{USD, []float64{23e9, 23.0005e9}, []string{"$23.0000B", "$23.0005B"}},
		{Persons, []float64{0, 50e6, 100e6}, []string{"0", "50M", "100M"}},
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
		{2018, 2035, 8, []string{"2020", "2025", "2030", "2035"}},
		{2018, 2035, 3, []string{"2020", "2030"}},
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
