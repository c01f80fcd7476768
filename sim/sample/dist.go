package sample

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// Dist is a distribution over one parameter. Quantile is its inverse
// cumulative distribution function: a design point u in [0, 1) maps to the
// parameter value Quantile(u). Quantile panics for u outside [0, 1] and may
// return ±Inf at 0 or 1 for unbounded distributions; call Validate first,
// since Quantile of an invalid distribution is undefined.
type Dist interface {
	Quantile(u float64) float64
	Validate() error
}

// Continuous is a distribution with a cumulative distribution function, the
// kind [Truncated] can restrict to an interval.
type Continuous interface {
	Dist
	CDF(x float64) float64
}

func checkU(u float64) {
	if !(u >= 0 && u <= 1) {
		panic(fmt.Sprintf("sample: quantile probability %v outside [0, 1]", u))
	}
}

// Uniform is the uniform distribution on [Min, Max].
type Uniform struct{ Min, Max float64 }

// Quantile returns Min + u(Max-Min).
func (d Uniform) Quantile(u float64) float64 {
	checkU(u)
	return d.Min + float64(u*(d.Max-d.Min))
}

// CDF returns the probability of a value at most x.
func (d Uniform) CDF(x float64) float64 {
	return math.Min(1, math.Max(0, (x-d.Min)/(d.Max-d.Min)))
}

// Validate reports whether Min < Max, both finite.
func (d Uniform) Validate() error {
	return check("uniform", finite("min", d.Min), finite("max", d.Max), less("min", d.Min, "max", d.Max))
}

// Normal is the normal distribution with mean Mean and standard deviation SD.
type Normal struct{ Mean, SD float64 }

// Quantile returns the normal quantile; ±Inf at u = 0 and 1.
func (d Normal) Quantile(u float64) float64 {
	checkU(u)
	return distuv.Normal{Mu: d.Mean, Sigma: d.SD}.Quantile(u)
}

// CDF returns the probability of a value at most x.
func (d Normal) CDF(x float64) float64 { return distuv.Normal{Mu: d.Mean, Sigma: d.SD}.CDF(x) }

// Validate reports whether Mean is finite and SD > 0.
func (d Normal) Validate() error {
	return check("normal", finite("mean", d.Mean), finite("sd", d.SD), positive("sd", d.SD))
}

// LogNormal is the distribution of exp(X) with X normal of mean Mu and
// standard deviation Sigma: Mu and Sigma describe the logarithm, not the
// value. exp(Mu) is the median. [LogNormalMedian] and [LogNormalMeanSD]
// build one from the median or from the mean and standard deviation of the
// value itself.
type LogNormal struct{ Mu, Sigma float64 }

// LogNormalMedian returns the lognormal distribution with the given median
// (exp(Mu)) and standard deviation sigma of the logarithm. A median <= 0
// gives a Mu of NaN, which Validate reports.
func LogNormalMedian(median, sigma float64) LogNormal {
	if !(median > 0) {
		return LogNormal{Mu: math.NaN(), Sigma: sigma}
	}
	return LogNormal{Mu: math.Log(median), Sigma: sigma}
}

// LogNormalMeanSD returns the lognormal distribution whose values have the
// given mean and standard deviation: Sigma² = ln(1 + sd²/mean²) and
// Mu = ln(mean) - Sigma²/2. A mean <= 0 or sd <= 0 gives NaN parameters,
// which Validate reports.
func LogNormalMeanSD(mean, sd float64) LogNormal {
	if !(mean > 0) || !(sd > 0) {
		return LogNormal{Mu: math.NaN(), Sigma: math.NaN()}
	}
	s2 := math.Log1p(sd * sd / (mean * mean))
	return LogNormal{Mu: math.Log(mean) - float64(s2/2), Sigma: math.Sqrt(s2)}
}

// Quantile returns the lognormal quantile; 0 at u = 0 and +Inf at u = 1.
func (d LogNormal) Quantile(u float64) float64 {
	checkU(u)
	return distuv.LogNormal{Mu: d.Mu, Sigma: d.Sigma}.Quantile(u)
}

// CDF returns the probability of a value at most x.
func (d LogNormal) CDF(x float64) float64 {
	if x <= 0 {
		return 0
	}
	return distuv.LogNormal{Mu: d.Mu, Sigma: d.Sigma}.CDF(x)
}

// Validate reports whether Mu is finite and Sigma > 0.
func (d LogNormal) Validate() error {
	return check("lognormal", finite("mu", d.Mu), finite("sigma", d.Sigma), positive("sigma", d.Sigma))
}

// Triangular is the triangular distribution on [Min, Max] with mode Mode.
type Triangular struct{ Min, Mode, Max float64 }

func (d Triangular) gonum() distuv.Triangle { return distuv.NewTriangle(d.Min, d.Max, d.Mode, nil) }

// Quantile returns the triangular quantile.
func (d Triangular) Quantile(u float64) float64 {
	checkU(u)
	return d.gonum().Quantile(u)
}

// CDF returns the probability of a value at most x.
func (d Triangular) CDF(x float64) float64 {
	switch {
	case x <= d.Min:
		return 0
	case x >= d.Max:
		return 1
	}
	return d.gonum().CDF(x)
}

// Validate reports whether Min < Max and Min <= Mode <= Max, all finite.
func (d Triangular) Validate() error {
	errs := []error{finite("min", d.Min), finite("mode", d.Mode), finite("max", d.Max), less("min", d.Min, "max", d.Max)}
	if d.Min < d.Max && !(d.Mode >= d.Min && d.Mode <= d.Max) {
		errs = append(errs, fmt.Errorf("mode %v is outside [min, max] = [%v, %v]", d.Mode, d.Min, d.Max))
	}
	return check("triangular", errs...)
}

// Beta is the beta distribution with shape parameters Alpha and Beta,
// scaled from [0, 1] to [Min, Max]. Min and Max both zero mean [0, 1].
type Beta struct{ Alpha, Beta, Min, Max float64 }

func (d Beta) bounds() (lo, hi float64) {
	if d.Min == 0 && d.Max == 0 {
		return 0, 1
	}
	return d.Min, d.Max
}

// Quantile returns the scaled beta quantile.
func (d Beta) Quantile(u float64) float64 {
	checkU(u)
	lo, hi := d.bounds()
	return lo + float64((hi-lo)*distuv.Beta{Alpha: d.Alpha, Beta: d.Beta}.Quantile(u))
}

// CDF returns the probability of a value at most x.
func (d Beta) CDF(x float64) float64 {
	lo, hi := d.bounds()
	return distuv.Beta{Alpha: d.Alpha, Beta: d.Beta}.CDF((x - lo) / (hi - lo))
}

// Validate reports whether Alpha > 0, Beta > 0 and Min < Max.
func (d Beta) Validate() error {
	errs := []error{finite("alpha", d.Alpha), positive("alpha", d.Alpha), finite("beta", d.Beta), positive("beta", d.Beta)}
	if !(d.Min == 0 && d.Max == 0) {
		errs = append(errs, finite("min", d.Min), finite("max", d.Max), less("min", d.Min, "max", d.Max))
	}
	return check("beta", errs...)
}

// Choice is a discrete distribution over Values, chosen with probability
// proportional to Weights (all equal when Weights is nil). Quantile(u)
// returns the first value whose cumulative probability exceeds u, so equal
// strata of the unit interval map to values in the order given.
type Choice struct{ Values, Weights []float64 }

// Quantile returns the chosen value.
func (d Choice) Quantile(u float64) float64 {
	checkU(u)
	n := len(d.Values)
	if d.Weights == nil {
		return d.Values[min(int(u*float64(n)), n-1)]
	}
	var total float64
	for _, w := range d.Weights {
		total += w
	}
	target := u * total
	var cum float64
	for i, w := range d.Weights {
		cum += w
		if target < cum {
			return d.Values[i]
		}
	}
	// u = 1 or rounding at the top: the last value with positive weight.
	for i := n - 1; i > 0; i-- {
		if d.Weights[i] > 0 {
			return d.Values[i]
		}
	}
	return d.Values[0]
}

// Validate reports whether there is at least one value, the values are
// finite and the weights, if given, match them in number, are finite, not
// negative and not all zero.
func (d Choice) Validate() error {
	var errs []error
	if len(d.Values) == 0 {
		errs = append(errs, errors.New("no values to choose from"))
	}
	for i, v := range d.Values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			errs = append(errs, fmt.Errorf("values[%d] is %v, must be finite", i, v))
		}
	}
	if d.Weights != nil {
		if len(d.Weights) != len(d.Values) {
			errs = append(errs, fmt.Errorf("%d weights for %d values", len(d.Weights), len(d.Values)))
		}
		var total float64
		for i, w := range d.Weights {
			if !(w >= 0) || math.IsInf(w, 1) {
				errs = append(errs, fmt.Errorf("weights[%d] is %v, must be finite and >= 0", i, w))
			} else {
				total += w
			}
		}
		if len(d.Weights) > 0 && total == 0 {
			errs = append(errs, errors.New("weights are all zero"))
		}
	}
	return check("choice", errs...)
}

// Truncated is Dist restricted to [Lo, Hi]: its quantile is Dist's quantile
// at F(Lo) + u(F(Hi)-F(Lo)), with F Dist's CDF. Use ±Inf for a side left
// open.
type Truncated struct {
	Dist   Continuous
	Lo, Hi float64
}

// Quantile returns the truncated quantile, always in [Lo, Hi].
func (d Truncated) Quantile(u float64) float64 {
	checkU(u)
	flo, fhi := d.Dist.CDF(d.Lo), d.Dist.CDF(d.Hi)
	x := d.Dist.Quantile(flo + float64(u*(fhi-flo)))
	return math.Min(d.Hi, math.Max(d.Lo, x))
}

// CDF returns the probability of a value at most x.
func (d Truncated) CDF(x float64) float64 {
	flo, fhi := d.Dist.CDF(d.Lo), d.Dist.CDF(d.Hi)
	return math.Min(1, math.Max(0, (d.Dist.CDF(x)-flo)/(fhi-flo)))
}

// Validate reports whether Dist is valid, Lo < Hi and [Lo, Hi] holds some
// probability.
func (d Truncated) Validate() error {
	if d.Dist == nil {
		return errors.New("truncated: no distribution to truncate")
	}
	if err := d.Dist.Validate(); err != nil {
		return err
	}
	if !(d.Lo < d.Hi) {
		return fmt.Errorf("truncation bounds [%v, %v] are inverted or empty: lo must be < hi", d.Lo, d.Hi)
	}
	if !(d.Dist.CDF(d.Hi)-d.Dist.CDF(d.Lo) > 0) {
		return fmt.Errorf("truncation bounds [%v, %v] hold no probability", d.Lo, d.Hi)
	}
	return nil
}

// Spec is the description of a distribution that [New] builds: named
// numeric parameters and, for "choice", the values and optional weights.
type Spec struct {
	Params  map[string]float64
	Values  []float64
	Weights []float64
}

// kinds lists, for each kind New accepts, the parameter sets it accepts
// (alternatives for lognormal) and the optional parameters.
var kinds = map[string]struct {
	sets     [][]string
	optional []string
}{
	"uniform":    {[][]string{{"min", "max"}}, []string{"lo", "hi"}},
	"normal":     {[][]string{{"mean", "sd"}}, []string{"lo", "hi"}},
	"lognormal":  {[][]string{{"mu", "sigma"}, {"median", "sigma"}, {"mean", "sd"}}, []string{"lo", "hi"}},
	"triangular": {[][]string{{"min", "mode", "max"}}, []string{"lo", "hi"}},
	"beta":       {[][]string{{"alpha", "beta"}}, []string{"min", "max", "lo", "hi"}},
	"choice":     {[][]string{{}}, nil},
}

// New builds and validates the distribution of the given kind:
//
//	uniform     min, max
//	normal      mean, sd
//	lognormal   mu, sigma (of the logarithm), or median, sigma (sigma of
//	            the logarithm), or mean, sd (of the value itself)
//	triangular  min, mode, max
//	beta        alpha, beta, and optionally min, max (default 0, 1)
//	choice      Spec.Values, and optionally Spec.Weights; no Params
//
// Every continuous kind also takes lo and/or hi, which truncate it to
// [lo, hi] (a missing side stays open). Unknown, missing or surplus
// parameters are errors, and every problem is reported at once.
func New(kind string, s Spec) (Dist, error) {
	k, ok := kinds[kind]
	if !ok {
		names := make([]string, 0, len(kinds))
		for n := range kinds {
			names = append(names, n)
		}
		sort.Strings(names)
		return nil, fmt.Errorf("unknown distribution %q: want one of %s", kind, strings.Join(names, ", "))
	}
	// Pick the parameter set the spec names; the first one by default.
	set := k.sets[0]
	for _, alt := range k.sets {
		if len(alt) == 0 {
			break
		}
		if _, ok := s.Params[alt[0]]; ok {
			set = alt
			break
		}
	}
	allowed := map[string]bool{}
	for _, p := range append(append([]string{}, set...), k.optional...) {
		allowed[p] = true
	}
	var errs []error
	for _, p := range sortedKeys(s.Params) {
		if !allowed[p] {
			errs = append(errs, fmt.Errorf("%s: unknown parameter %q: want %s", kind, p, describe(k.sets, k.optional)))
		}
	}
	for _, p := range set {
		if _, ok := s.Params[p]; !ok {
			errs = append(errs, fmt.Errorf("%s: missing parameter %q: want %s", kind, p, describe(k.sets, k.optional)))
		}
	}
	if kind != "choice" && (s.Values != nil || s.Weights != nil) {
		errs = append(errs, fmt.Errorf("%s: values and weights are only for choice", kind))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	p := s.Params
	var d Dist
	switch kind {
	case "uniform":
		d = Uniform{Min: p["min"], Max: p["max"]}
	case "normal":
		d = Normal{Mean: p["mean"], SD: p["sd"]}
	case "lognormal":
		switch set[0] {
		case "mu":
			d = LogNormal{Mu: p["mu"], Sigma: p["sigma"]}
		case "median":
			if !(p["median"] > 0) {
				return nil, fmt.Errorf("lognormal: median is %v, must be > 0", p["median"])
			}
			d = LogNormalMedian(p["median"], p["sigma"])
		default:
			if err := check("lognormal", positive("mean", p["mean"]), positive("sd", p["sd"])); err != nil {
				return nil, err
			}
			d = LogNormalMeanSD(p["mean"], p["sd"])
		}
	case "triangular":
		d = Triangular{Min: p["min"], Mode: p["mode"], Max: p["max"]}
	case "beta":
		d = Beta{Alpha: p["alpha"], Beta: p["beta"], Min: p["min"], Max: p["max"]}
		_, hasMin := p["min"]
		_, hasMax := p["max"]
		if hasMin != hasMax {
			return nil, errors.New("beta: give both min and max, or neither")
		}
		if hasMin && p["min"] == 0 && p["max"] == 0 {
			return nil, errors.New("beta: min 0 and max 0 make an empty range: min must be < max")
		}
	case "choice":
		d = Choice{Values: s.Values, Weights: s.Weights}
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	lo, hasLo := p["lo"]
	hi, hasHi := p["hi"]
	if !hasLo && !hasHi {
		return d, nil
	}
	if !hasLo {
		lo = math.Inf(-1)
	}
	if !hasHi {
		hi = math.Inf(1)
	}
	t := Truncated{Dist: d.(Continuous), Lo: lo, Hi: hi}
	if err := t.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", kind, err)
	}
	return t, nil
}

func describe(sets [][]string, optional []string) string {
	alts := make([]string, len(sets))
	for i, s := range sets {
		alts[i] = "(" + strings.Join(s, ", ") + ")"
	}
	out := strings.Join(alts, " or ")
	if len(optional) > 0 {
		out += ", optionally " + strings.Join(optional, ", ")
	}
	return out
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// check joins the non-nil errors, each prefixed with the distribution kind.
func check(kind string, errs ...error) error {
	var out []error
	for _, e := range errs {
		if e != nil {
			out = append(out, fmt.Errorf("%s: %w", kind, e))
		}
	}
	return errors.Join(out...)
}

func finite(name string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%s is %v, must be finite", name, v)
	}
	return nil
}

func positive(name string, v float64) error {
	if !math.IsNaN(v) && v <= 0 {
		return fmt.Errorf("%s is %v, must be > 0", name, v)
	}
	return nil
}

func less(a string, x float64, b string, y float64) error {
	if !math.IsNaN(x) && !math.IsNaN(y) && !(x < y) {
		return fmt.Errorf("%s %v must be < %s %v", a, x, b, y)
	}
	return nil
}
