package chart

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// Every bad input gives an *InputError naming the chart and the problem,
// and never a panic.
func TestBadInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	x3 := []float64{2018, 2019, 2020}
	ok := Series{Name: "agreement", X: x3, Y: []float64{1e9, 2e9, 3e9}}
	meta := Meta{Title: "t", Unit: USD}
	logMeta := meta
	logMeta.LogY = true
	q := func(mod func(*Quantiles)) Quantiles {
		v := Quantiles{Name: "agreement", X: x3,
			P05: []float64{1, 2, 3}, P25: []float64{2, 3, 4}, P50: []float64{3, 4, 5},
			P75: []float64{4, 5, 6}, P95: []float64{5, 6, 7}}
		mod(&v)
		return v
	}
	for _, tc := range []struct {
		name  string
		build func() (*Chart, error)
		want  []string // substrings of the error
	}{
		{"lines NaN", func() (*Chart, error) {
			return Lines(meta, []Series{ok, {Name: "binding", X: x3, Y: []float64{1, nan, 3}}})
		}, []string{"Lines", `"binding" Y[1]`, "NaN is not a finite number"}},
		{"lines Inf in X", func() (*Chart, error) {
			return Lines(meta, []Series{{Name: "b", X: []float64{2018, inf, 2020}, Y: []float64{1, 2, 3}}})
		}, []string{`"b" X[1]`, "+Inf is not a finite number"}},
		{"lines none", func() (*Chart, error) { return Lines(meta, nil) }, []string{"Lines", "no series"}},
		{"lines empty series", func() (*Chart, error) { return Lines(meta, []Series{{Name: "e"}}) }, []string{`"e"`, "is empty"}},
		{"lines single point", func() (*Chart, error) {
			return Lines(meta, []Series{{Name: "one", X: []float64{2018}, Y: []float64{1}}})
		}, []string{`"one"`, "has 1 point, needs at least 2"}},
		{"lines length mismatch", func() (*Chart, error) {
			return Lines(meta, []Series{{Name: "m", X: x3, Y: []float64{1, 2}}})
		}, []string{"X has 3 values but Y has 2"}},
		{"lines X not increasing", func() (*Chart, error) {
			return Lines(meta, []Series{{Name: "d", X: []float64{2018, 2018, 2019}, Y: []float64{1, 2, 3}}})
		}, []string{"X[1]", "does not increase"}},
		{"lines duplicate", func() (*Chart, error) { return Lines(meta, []Series{ok, ok}) }, []string{"appears twice"}},
		{"lines log of zero", func() (*Chart, error) {
			return Lines(logMeta, []Series{{Name: "z", X: x3, Y: []float64{1, 0, 3}}})
		}, []string{`"z" Y[1]`, "log axis"}},
		{"multiples log of negative", func() (*Chart, error) {
			return SmallMultiples(logMeta, []Series{{Name: "BN", X: x3, Y: []float64{1, -2, 3}}}, MultiplesOptions{})
		}, []string{"SmallMultiples", `"BN" Y[1]`, "log axis"}},
		{"multiples single point", func() (*Chart, error) {
			return SmallMultiples(meta, []Series{{Name: "BN", X: x3[:1], Y: []float64{1}}}, MultiplesOptions{})
		}, []string{"needs at least 2"}},
		{"multiples none", func() (*Chart, error) { return SmallMultiples(meta, nil, MultiplesOptions{}) }, []string{"no series"}},
		{"stacked negative", func() (*Chart, error) {
			return StackedArea(meta, []Series{{Name: "ecommerce", X: x3, Y: []float64{1, -1, 2}}})
		}, []string{"StackedArea", "negative"}},
		{"stacked different X", func() (*Chart, error) {
			return StackedArea(meta, []Series{ok, {Name: "x", X: []float64{2019, 2020, 2021}, Y: []float64{1, 2, 3}}})
		}, []string{"share one X"}},
		{"fan quantiles crossing", func() (*Chart, error) {
			return Fan(meta, q(func(v *Quantiles) { v.P75[1] = 3.5 }), Series{})
		}, []string{"Fan", "P75[1]", "must not decrease"}},
		{"fan NaN", func() (*Chart, error) {
			return Fan(meta, q(func(v *Quantiles) { v.P50[2] = nan }), Series{})
		}, []string{"P50 Y[2]", "NaN"}},
		{"fan empty", func() (*Chart, error) { return Fan(meta, Quantiles{}, Series{}) }, []string{"P05", "is empty"}},
		{"fan observed single point", func() (*Chart, error) {
			return Fan(meta, q(func(*Quantiles) {}), Series{X: []float64{2017}, Y: []float64{1}})
		}, []string{"observed", "needs at least 2"}},
		{"bars none", func() (*Chart, error) { return DividendBars(meta, nil) }, []string{"DividendBars", "no bars"}},
		{"bars Inf", func() (*Chart, error) { return DividendBars(meta, []Bar{{"ID", inf}}) }, []string{`"ID"`, "+Inf"}},
		{"tornado interval", func() (*Chart, error) {
			return Tornado(meta, []Sensitivity{{"a", Estimate{0.5, 0.6, 0.7}, Estimate{0.6, 0.5, 0.7}}})
		}, []string{"Tornado", `"a" first`, "does not contain"}},
		{"tornado NaN", func() (*Chart, error) {
			// One first-order index NaN among finite ones is an error; all
			// NaN means a single-measure chart (Morris, regression).
			return Tornado(meta, []Sensitivity{{"a", Estimate{nan, 0, 1}, Estimate{0.6, 0.5, 0.7}}, {"b", Estimate{0.1, 0, 0.2}, Estimate{0.3, 0.2, 0.4}}})
		}, []string{"NaN"}},
		{"tornado single measure NaN", func() (*Chart, error) {
			return Tornado(meta, []Sensitivity{{"a", Estimate{nan, nan, nan}, Estimate{nan, 0.5, 0.7}}, {"b", Estimate{nan, nan, nan}, Estimate{0.3, 0.3, 0.3}}})
		}, []string{"NaN"}},
		{"heat ragged", func() (*Chart, error) {
			return HeatMap(meta, Grid{X: []float64{0, 1}, Y: []float64{0, 1}, Z: [][]float64{{1, 2}, {3}}})
		}, []string{"HeatMap", "row 1", "has 1 columns, want 2"}},
		{"heat NaN", func() (*Chart, error) {
			return HeatMap(meta, Grid{X: []float64{0, 1}, Y: []float64{0}, Z: [][]float64{{1, nan}}})
		}, []string{"values[0][1]", "NaN"}},
		{"heat empty", func() (*Chart, error) { return HeatMap(meta, Grid{}) }, []string{"empty table"}},
		{"capacity out of range", func() (*Chart, error) {
			return CapacityHeatMap(meta, Matrix{Rows: []string{"KH"}, Cols: []string{"payments"}, Values: [][]float64{{1.4}}})
		}, []string{"CapacityHeatMap", "KH/payments", "1.4 is outside [0, 1]"}},
		{"cross-border negative", func() (*Chart, error) {
			return CrossBorderMatrix(meta, Matrix{Rows: []string{"ID", "TH"}, Cols: []string{"ID", "TH"}, Values: [][]float64{{1, -2}, {3, 4}}})
		}, []string{"CrossBorderMatrix", "negative"}},
		{"fit none", func() (*Chart, error) { return Fit(meta, nil, FitOptions{}) }, []string{"Fit", "no panels"}},
		{"fit NaN observed", func() (*Chart, error) {
			return Fit(meta, []FitPanel{{Name: "gmv", Unit: USD, Observed: Series{X: x3, Y: []float64{1, nan, 3}}, Fitted: ok}}, FitOptions{})
		}, []string{"Fit", `panel "gmv" observed Y[1]`, "NaN"}},
		{"fit empty fitted", func() (*Chart, error) {
			return Fit(meta, []FitPanel{{Name: "gmv", Unit: USD, Observed: ok}}, FitOptions{})
		}, []string{`panel "gmv" fitted`, "is empty"}},
		{"fit mismatched", func() (*Chart, error) {
			return Fit(meta, []FitPanel{{Name: "gmv", Unit: USD, Observed: ok, Fitted: Series{X: x3, Y: []float64{1}}}}, FitOptions{})
		}, []string{`panel "gmv" fitted`, "X has 3 values but Y has 1"}},
		{"fit no name", func() (*Chart, error) {
			return Fit(meta, []FitPanel{{Unit: USD, Observed: ok, Fitted: ok}}, FitOptions{})
		}, []string{"panel 0", "no name"}},
		{"fit duplicate", func() (*Chart, error) {
			p := FitPanel{Name: "gmv", Unit: USD, Observed: ok, Fitted: ok}
			return Fit(meta, []FitPanel{p, p}, FitOptions{})
		}, []string{`panel "gmv"`, "appears twice"}},
		{"fit bad unit", func() (*Chart, error) {
			return Fit(meta, []FitPanel{{Name: "gmv", Unit: Unit(9), Observed: ok, Fitted: ok}}, FitOptions{})
		}, []string{`panel "gmv" Unit`, "9 is not a unit"}},
		{"fit train until Inf", func() (*Chart, error) {
			return Fit(meta, []FitPanel{{Name: "gmv", Unit: USD, Observed: ok, Fitted: ok}}, FitOptions{TrainUntil: inf})
		}, []string{"TrainUntil", "+Inf is not a finite year"}},
		{"fit negative columns", func() (*Chart, error) {
			return Fit(meta, []FitPanel{{Name: "gmv", Unit: USD, Observed: ok, Fitted: ok}}, FitOptions{Columns: -1})
		}, []string{"Columns", "-1 is negative"}},
		{"share zero baseline", func() (*Chart, error) {
			return DividendShare(meta, []MemberDividend{{"KH", 1e9, 0}})
		}, []string{"DividendShare", `member "KH" baseline`, "not > 0"}},
		{"share NaN", func() (*Chart, error) {
			return DividendShare(meta, []MemberDividend{{"KH", nan, 1e9}, {"KH", 1, 1}})
		}, []string{`member "KH" value[0]`, "NaN", "appears twice"}},
		{"share none", func() (*Chart, error) { return DividendShare(meta, nil) }, []string{"no members"}},
		{"years single", func() (*Chart, error) {
			return DividendYears(meta, Series{Name: "d", X: []float64{2018}, Y: []float64{1}})
		}, []string{"DividendYears", "needs at least 2"}},
		{"waterfall no total", func() (*Chart, error) { return Waterfall(meta, []Bar{{"ID", 1}}, "") }, []string{"Waterfall", "total", "no name"}},
		{"waterfall Inf", func() (*Chart, error) { return Waterfall(meta, []Bar{{"ID", inf}}, "ASEAN") }, []string{`part "ID"`, "+Inf"}},
		{"slope years", func() (*Chart, error) {
			return Slope(meta, 2035, 2018, []SlopePoint{{"ID", 1, 2}})
		}, []string{"Slope", "last 2018 is not after first 2035"}},
		{"slope log of zero", func() (*Chart, error) {
			return Slope(logMeta, 2018, 2035, []SlopePoint{{"ID", 0, 2}})
		}, []string{`point "ID"`, "log axis"}},
		{"histogram one run", func() (*Chart, error) { return Histogram(meta, []float64{1}, 0) }, []string{"Histogram", "at least 2 runs"}},
		{"histogram NaN", func() (*Chart, error) { return Histogram(meta, []float64{1, nan, 3}, 0) }, []string{"values[1]", "NaN"}},
		{"convergence mismatch", func() (*Chart, error) {
			return Convergence(meta, []Series{ok}, nil)
		}, []string{"Convergence", "cv: has 0 series but gini has 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := tc.build()
			if err == nil {
				t.Fatalf("no error; chart %v", c)
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Errorf("error %v is not an *InputError", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// All problems are reported at once.
func TestBadInputJoined(t *testing.T) {
	_, err := Lines(Meta{}, []Series{
		{Name: "a", X: []float64{2018, 2019}, Y: []float64{math.NaN(), 1}},
		{Name: "b"},
	})
	if err == nil || !strings.Contains(err.Error(), `"a"`) || !strings.Contains(err.Error(), `"b"`) {
		t.Fatalf("error %v does not report both series", err)
	}
}

// A flat series is not an error: the axis is widened around it (plot would
// widen it by +-1 and print the same money label on every tick), and it
// renders.
func TestFlatSeries(t *testing.T) {
	x := []float64{2018, 2019, 2020}
	for _, tc := range []struct {
		name string
		y    []float64
		unit Unit
	}{
		{"flat money", []float64{23e9, 23e9, 23e9}, USD},
		{"flat zero", []float64{0, 0, 0}, USD},
		{"flat negative", []float64{-5, -5, -5}, Plain},
		{"nearly flat", []float64{23e9, 23e9 + 1, 23e9}, USD},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Lines(Meta{Unit: tc.unit}, []Series{{Name: "agreement", X: x, Y: tc.y}})
			if err != nil {
				t.Fatal(err)
			}
			p := c.Panels()[0]
			ticks := p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max)
			seen := map[string]bool{}
			major := 0
			for _, tk := range ticks {
				if tk.IsMinor() {
					continue
				}
				major++
				if seen[tk.Label] {
					t.Errorf("tick label %q repeats on [%v, %v]", tk.Label, p.Y.Min, p.Y.Max)
				}
				seen[tk.Label] = true
			}
			if major < 2 {
				t.Errorf("only %d labelled ticks on [%v, %v]", major, p.Y.Min, p.Y.Max)
			}
			if err := c.Render(discard{}, SVG, Page); err != nil {
				t.Fatal(err)
			}
		})
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
