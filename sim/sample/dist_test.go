package sample

import (
	"math"
	"strings"
	"testing"
)

// quantileTol is for quantiles with closed forms: a few ulps of rounding in
// gonum's inverse functions, well below any parameter's meaning.
const quantileTol = 1e-9

func TestQuantiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    Dist
		u    float64
		want float64 // from the closed form cited in the name
	}{
		{"uniform midpoint", Uniform{Min: 2, Max: 6}, 0.5, 4},
		{"uniform low end", Uniform{Min: 2, Max: 6}, 0, 2},
		// Normal 0.975 quantile: 1.959963984540054 (Abramowitz & Stegun 26.2).
		{"normal 97.5%", Normal{Mean: 1, SD: 2}, 0.975, 1 + 2*1.959963984540054},
		{"normal median", Normal{Mean: 1, SD: 2}, 0.5, 1},
		{"lognormal median is exp(mu)", LogNormal{Mu: 1, Sigma: 0.5}, 0.5, math.E},
		{"lognormal from median", LogNormalMedian(3, 0.4), 0.5, 3},
		// Triangular CDF F(x) = (x-a)^2/((b-a)(c-a)) below the mode:
		// F(1) = 1/(4*2) = 1/8 on [0, 4] with mode 2.
		{"triangular below mode", Triangular{Min: 0, Mode: 2, Max: 4}, 1.0 / 8, 1},
		{"triangular at mode", Triangular{Min: 0, Mode: 1, Max: 4}, 0.25, 1},
		// Beta(2, 1) has CDF x^2, so Q(0.25) = 0.5, scaled to [10, 20].
		{"beta scaled", Beta{Alpha: 2, Beta: 1, Min: 10, Max: 20}, 0.25, 15},
		{"beta unit", Beta{Alpha: 1, Beta: 1}, 0.3, 0.3},
		{"choice equal", Choice{Values: []float64{5, 6, 7}}, 0.5, 6},
		{"choice top", Choice{Values: []float64{5, 6, 7}}, 1, 7},
		{"choice weighted", Choice{Values: []float64{5, 6, 7}, Weights: []float64{1, 0, 3}}, 0.3, 7},
		{"choice weighted low", Choice{Values: []float64{5, 6, 7}, Weights: []float64{1, 0, 3}}, 0.2, 5},
		// A standard normal truncated to [0, Inf) is the half-normal, whose
		// median is the normal 75% quantile 0.6744897501960817.
		{"half-normal median", Truncated{Dist: Normal{Mean: 0, SD: 1}, Lo: 0, Hi: math.Inf(1)}, 0.5, 0.6744897501960817},
		{"truncated uniform", Truncated{Dist: Uniform{Min: 0, Max: 10}, Lo: 2, Hi: 4}, 0.5, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.d.Validate(); err != nil {
				t.Fatal(err)
			}
			if got := tc.d.Quantile(tc.u); math.Abs(got-tc.want) > quantileTol*math.Max(1, math.Abs(tc.want)) {
				t.Errorf("Quantile(%v) = %v, want %v", tc.u, got, tc.want)
			}
		})
	}
}

// TestMoments maps a Monte Carlo sample through each distribution and
// compares the sample mean and variance with the closed forms. The
// tolerance is momentSE standard errors: the mean's SE is sd/sqrt(n) and
// the variance's sqrt((m4 - var^2)/n) with m4 the sample fourth central
// moment, so a correct quantile fails with probability far below 1e-5
// (and the seed is fixed, so the test is deterministic anyway).
func TestMoments(t *testing.T) {
	const (
		n        = 100000
		momentSE = 5
	)
	ln := LogNormalMeanSD(10, 3)
	for _, tc := range []struct {
		name           string
		d              Dist
		mean, variance float64 // closed forms
	}{
		{"uniform", Uniform{Min: -1, Max: 3}, 1, 16.0 / 12},
		{"normal", Normal{Mean: 5, SD: 2}, 5, 4},
		// Lognormal: mean exp(mu + s^2/2), variance (exp(s^2)-1)exp(2mu+s^2).
		{"lognormal", LogNormal{Mu: 0.5, Sigma: 0.3}, math.Exp(0.5 + 0.045), (math.Exp(0.09) - 1) * math.Exp(1.09)},
		{"lognormal mean sd", ln, 10, 9},
		// Triangular: mean (a+b+c)/3, variance (a²+b²+c²-ab-ac-bc)/18.
		{"triangular", Triangular{Min: 1, Mode: 2, Max: 6}, 3, (1 + 4 + 36 - 2 - 6 - 12) / 18.0},
		// Beta: mean a/(a+b), variance ab/((a+b)^2(a+b+1)), scaled by (max-min).
		{"beta", Beta{Alpha: 2, Beta: 5, Min: 0, Max: 10}, 10 * 2.0 / 7, 100 * 10.0 / (49 * 8)},
		{"choice", Choice{Values: []float64{1, 2, 4}, Weights: []float64{1, 2, 1}}, 2.25, (1.25*1.25 + 2*0.25*0.25 + 1.75*1.75) / 4},
		// Half-normal: mean sqrt(2/pi), variance 1 - 2/pi.
		{"half-normal", Truncated{Dist: Normal{SD: 1}, Lo: 0, Hi: math.Inf(1)}, math.Sqrt(2 / math.Pi), 1 - 2/math.Pi},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.d.Validate(); err != nil {
				t.Fatal(err)
			}
			rnd := Stream(1, 0, "moments/"+tc.name)
			x := make([]float64, n)
			var mean float64
			for i := range x {
				x[i] = tc.d.Quantile(rnd.Float64())
				mean += x[i]
			}
			mean /= n
			var m2, m4 float64
			for _, v := range x {
				d2 := (v - mean) * (v - mean)
				m2 += d2
				m4 += d2 * d2
			}
			m2 /= n
			m4 /= n
			if se := math.Sqrt(m2 / n); math.Abs(mean-tc.mean) > momentSE*se {
				t.Errorf("mean %v, want %v ± %v", mean, tc.mean, momentSE*se)
			}
			if se := math.Sqrt((m4 - m2*m2) / n); math.Abs(m2-tc.variance) > momentSE*se {
				t.Errorf("variance %v, want %v ± %v", m2, tc.variance, momentSE*se)
			}
		})
	}
}

func TestTruncatedStaysInBounds(t *testing.T) {
	d := Truncated{Dist: LogNormal{Mu: 0, Sigma: 1}, Lo: 0.5, Hi: 2}
	for _, u := range []float64{0, 1e-12, 0.5, 1 - 1e-12, 1} {
		if x := d.Quantile(u); x < 0.5 || x > 2 {
			t.Errorf("Quantile(%v) = %v outside [0.5, 2]", u, x)
		}
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    Dist
		want []string // substrings of the error, one per problem
	}{
		{"uniform inverted", Uniform{Min: 3, Max: 1}, []string{"uniform: min 3 must be < max 1"}},
		{"uniform NaN", Uniform{Min: math.NaN(), Max: 1}, []string{"uniform: min is NaN, must be finite"}},
		{"normal sd zero", Normal{Mean: 1, SD: 0}, []string{"normal: sd is 0, must be > 0"}},
		{"normal sd negative", Normal{SD: -1}, []string{"normal: sd is -1, must be > 0"}},
		{"lognormal sigma", LogNormal{Mu: 1, Sigma: -0.1}, []string{"lognormal: sigma is -0.1, must be > 0"}},
		{"lognormal bad median", LogNormalMedian(-1, 1), []string{"lognormal: mu is NaN"}},
		{"triangular mode outside", Triangular{Min: 0, Mode: 5, Max: 4}, []string{"triangular: mode 5 is outside [min, max] = [0, 4]"}},
		{"triangular inverted", Triangular{Min: 4, Mode: 4, Max: 4}, []string{"triangular: min 4 must be < max 4"}},
		{"beta shapes", Beta{Alpha: 0, Beta: -2}, []string{"beta: alpha is 0, must be > 0", "beta: beta is -2, must be > 0"}},
		{"beta range", Beta{Alpha: 1, Beta: 1, Min: 2, Max: 1}, []string{"beta: min 2 must be < max 1"}},
		{"choice empty", Choice{}, []string{"choice: no values to choose from"}},
		{"choice weights", Choice{Values: []float64{1, 2}, Weights: []float64{1}}, []string{"choice: 1 weights for 2 values"}},
		{"choice negative weight", Choice{Values: []float64{1, 2}, Weights: []float64{1, -1}}, []string{"choice: weights[1] is -1, must be finite and >= 0"}},
		{"choice zero weights", Choice{Values: []float64{1, 2}, Weights: []float64{0, 0}}, []string{"choice: weights are all zero"}},
		{"truncation inverted", Truncated{Dist: Normal{SD: 1}, Lo: 2, Hi: 1}, []string{"truncation bounds [2, 1] are inverted or empty"}},
		{"truncation empty", Truncated{Dist: Uniform{Min: 0, Max: 1}, Lo: 2, Hi: 3}, []string{"truncation bounds [2, 3] hold no probability"}},
		{"truncation of invalid", Truncated{Dist: Normal{SD: -1}, Lo: 0, Hi: 1}, []string{"normal: sd is -1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.d.Validate()
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if got := strings.Count(err.Error(), "\n") + 1; got != len(tc.want) {
				t.Errorf("error %q reports %d problems, want %d", err, got, len(tc.want))
			}
		})
	}
}

func TestNew(t *testing.T) {
	p := func(kv ...any) Spec {
		m := map[string]float64{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = float64(kv[i+1].(int))
		}
		return Spec{Params: m}
	}
	for _, tc := range []struct {
		name string
		kind string
		spec Spec
		want Dist
	}{
		{"uniform", "uniform", p("min", 1, "max", 2), Uniform{Min: 1, Max: 2}},
		{"normal", "normal", p("mean", 1, "sd", 2), Normal{Mean: 1, SD: 2}},
		{"lognormal mu sigma", "lognormal", p("mu", 1, "sigma", 2), LogNormal{Mu: 1, Sigma: 2}},
		{"lognormal median", "lognormal", p("median", 1, "sigma", 2), LogNormal{Mu: 0, Sigma: 2}},
		{"lognormal mean sd", "lognormal", p("mean", 10, "sd", 3), LogNormalMeanSD(10, 3)},
		{"triangular", "triangular", p("min", 1, "mode", 2, "max", 3), Triangular{Min: 1, Mode: 2, Max: 3}},
		{"beta", "beta", p("alpha", 2, "beta", 3), Beta{Alpha: 2, Beta: 3}},
		{"beta scaled", "beta", p("alpha", 2, "beta", 3, "min", 5, "max", 9), Beta{Alpha: 2, Beta: 3, Min: 5, Max: 9}},
		{"choice", "choice", Spec{Values: []float64{1, 2}, Weights: []float64{3, 4}}, Choice{Values: []float64{1, 2}, Weights: []float64{3, 4}}},
		{"truncated normal", "normal", p("mean", 0, "sd", 1, "lo", 0), Truncated{Dist: Normal{SD: 1}, Lo: 0, Hi: math.Inf(1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := New(tc.kind, tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range []float64{0.1, 0.5, 0.9} {
				if g, w := got.Quantile(u), tc.want.Quantile(u); g != w {
					t.Errorf("Quantile(%v) = %v, want %v (%#v)", u, g, w, got)
				}
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		kind string
		spec Spec
		want []string
	}{
		{"unknown kind", "gauss", Spec{}, []string{`unknown distribution "gauss": want one of beta, choice, lognormal, normal, triangular, uniform`}},
		{"unknown key", "normal", Spec{Params: map[string]float64{"mean": 0, "sigma": 1}}, []string{
			`normal: unknown parameter "sigma": want (mean, sd), optionally lo, hi`,
			`normal: missing parameter "sd"`}},
		{"missing", "triangular", Spec{Params: map[string]float64{"min": 0, "max": 1}}, []string{`triangular: missing parameter "mode"`}},
		{"invalid", "uniform", Spec{Params: map[string]float64{"min": 2, "max": 1}}, []string{"uniform: min 2 must be < max 1"}},
		{"values on normal", "normal", Spec{Params: map[string]float64{"mean": 0, "sd": 1}, Values: []float64{1}}, []string{"normal: values and weights are only for choice"}},
		{"params on choice", "choice", Spec{Params: map[string]float64{"min": 0}, Values: []float64{1}}, []string{`choice: unknown parameter "min"`}},
		{"lognormal median", "lognormal", Spec{Params: map[string]float64{"median": 0, "sigma": 1}}, []string{"lognormal: median is 0, must be > 0"}},
		{"beta half range", "beta", Spec{Params: map[string]float64{"alpha": 1, "beta": 1, "max": 3}}, []string{"beta: give both min and max, or neither"}},
		{"bad truncation", "normal", Spec{Params: map[string]float64{"mean": 0, "sd": 1, "lo": 1, "hi": 0}}, []string{"normal: truncation bounds [1, 0] are inverted or empty"}},
		{"choice no values", "choice", Spec{}, []string{"choice: no values to choose from"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.kind, tc.spec)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}
