// Package recipes reads calibration recipes: which scenario to fit to which
// observed data, which parameters (each with bounds and a prior), which
// series have free levels, and the origins of the rolling backtest. A
// recipe makes a calibration and its backtests one command that anyone can
// repeat. The shipped recipes are embedded.
package recipes

import (
	"embed"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/digisim/digisim/internal/suggest"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/internal/shipped"
	"github.com/digisim/digisim/scenarios/internal/tomlbound"
)

//go:embed shipped/*.toml
var shippedFS embed.FS

// Recipe is a calibration recipe.
type Recipe struct {
	Name        string `toml:"name"`
	Description string `toml:"description"`
	// Scenario is the base scenario (name or file) and Data the observed
	// data (a shipped name such as history_2015_2022, or a file).
	Scenario string `toml:"scenario"`
	Data     string `toml:"data"`
	// PriorsFrom names the scenario whose values are the prior means of
	// the parameters that give no prior_mean (default: Scenario). Naming
	// the scenario as it was before calibration keeps the priors, and so
	// the fit, the same however often the calibrated values are written
	// back into Scenario.
	PriorsFrom string `toml:"priors_from"`
	// From leaves out observations before this year (0: none), e.g. those
	// before the scenario's base year.
	From int `toml:"from"`
	// FreeMemberLevels frees the level of every series of one member and
	// one segment (calibrate.Observation.Level): the fit reads their paths,
	// not their levels, and a backtest starts their forecasts from the last
	// observed value, as a projection from the latest published year does.
	FreeMemberLevels bool `toml:"free_member_levels"`
	// Origins are the years T of the rolling-origin backtest: fit on the
	// observations up to T, score those after it.
	Origins []int `toml:"origins"`
	// Parameters are the fitted parameters.
	Parameters []Parameter `toml:"parameters"`
	// Choices are settings of the scenario that the data decide but a fit
	// cannot (how fast a shock fades after the last year in the data): at
	// each backtest origin T they are chosen by an inner rolling origin on
	// the years up to T (docs/calibration.md).
	Choices []Choice `toml:"choose"`

	// Source names the file ("shipped/<name>.toml" or a path).
	Source string `toml:"-"`
	pos    map[string][2]int
}

// Parameter is one fitted path: one parameter for the whole path (its
// wildcards move together), or with Each one per concrete key.
type Parameter struct {
	Path   string     `toml:"path"`
	Each   bool       `toml:"each"`
	Bounds [2]float64 `toml:"bounds"`
	// PriorSD > 0 regularises the estimate towards PriorMean (by default
	// the scenario's own value): calibrate.Prior.
	PriorMean *float64 `toml:"prior_mean"`
	PriorSD   float64  `toml:"prior_sd"`
}

// Choice is a setting chosen on the data: a scenario value (Path: all its
// keys move together; with Segments, only the keys of events on one of
// those segments), the prior mean of fitted parameters (PriorMeanOf:
// paths of [[parameters]] with a prior, all moved together) or their
// prior's standard deviation (PriorSDOf, likewise). Every value is tried, crossed with the other choices.
// Default is used at an origin that no earlier origin can judge (it must
// be set a priori, not from later data).
type Choice struct {
	Path        string    `toml:"path"`
	Segments    []string  `toml:"segments"`
	PriorMeanOf []string  `toml:"prior_mean_of"`
	PriorSDOf   []string  `toml:"prior_sd_of"`
	Values      []float64 `toml:"values"`
	Default     *float64  `toml:"default"`
}

// Info names and describes a shipped recipe.
type Info = shipped.Info

// List returns the shipped recipes, sorted by name.
func List() []Info { return shipped.List(shippedFS, "shipped") }

// Load reads a shipped recipe by name, or a recipe file by path.
func Load(nameOrPath string) (*Recipe, error) {
	data, src, err := shipped.Read(shippedFS, "shipped", nameOrPath, "calibration recipe")
	if err != nil {
		return nil, err
	}
	return Parse(src, data)
}

// Parse decodes and checks a recipe held in memory; src names it in
// messages. Every problem is reported, each with its file position.
func Parse(src string, data []byte) (*Recipe, error) {
	if err := tomlbound.Check(data); err != nil {
		return nil, &scenarios.Error{File: src, Line: err.(*tomlbound.LimitError).Line, Col: err.(*tomlbound.LimitError).Col, Reason: err.Error()}
	}
	r := &Recipe{Source: src, pos: scenarios.KeyPositions(data)}
	md, err := toml.Decode(string(data), r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	var errs []error
	for _, k := range md.Undecoded() {
		key := r.renderKey(k)
		known := []string{"name", "description", "scenario", "priors_from", "data", "from", "free_member_levels", "origins", "parameters", "choose"}
		switch {
		case len(k) > 1 && k[0] == "choose":
			known = []string{"path", "segments", "prior_mean_of", "prior_sd_of", "values", "default"}
		case len(k) > 1:
			known = []string{"path", "each", "bounds", "prior_mean", "prior_sd"}
		}
		errs = append(errs, r.Errorf(key, nil, "unknown key%s", suggest.DidYouMean(k[len(k)-1], known)))
	}
	if r.Scenario == "" {
		errs = append(errs, r.Errorf("scenario", nil, `missing: name the scenario to fit, e.g. scenario = "covid-2018"`))
	}
	if len(r.Parameters) == 0 {
		errs = append(errs, r.Errorf("parameters", nil, "missing: list at least one [[parameters]] table with a path to fit"))
	}
	for j, p := range r.Parameters {
		at := fmt.Sprintf("parameters[%d]", j)
		if p.Path == "" {
			errs = append(errs, r.Errorf(at+".path", nil, `missing: the dotted path of a number, e.g. path = "segments.*.imitation"`))
		}
		lo, hi := p.Bounds[0], p.Bounds[1]
		if !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
			errs = append(errs, r.Errorf(at+".bounds", p.Bounds, "want [lo, hi] with finite lo < hi"))
		}
		if !(p.PriorSD >= 0) || math.IsInf(p.PriorSD, 0) {
			errs = append(errs, r.Errorf(at+".prior_sd", p.PriorSD, "want a finite number >= 0 (0: no prior)"))
		}
		if p.PriorMean != nil && p.PriorSD == 0 {
			errs = append(errs, r.Errorf(at+".prior_mean", *p.PriorMean, "has no effect without prior_sd > 0"))
		}
	}
	for j, c := range r.Choices {
		at := fmt.Sprintf("choose[%d]", j)
		kinds := 0
		for _, set := range []bool{c.Path != "", len(c.PriorMeanOf) > 0, len(c.PriorSDOf) > 0} {
			if set {
				kinds++
			}
		}
		switch {
		case kinds == 0:
			errs = append(errs, r.Errorf(at+".path", nil, `missing: the dotted path of the setting to choose, e.g. path = "events[*].fade", or prior_mean_of (or prior_sd_of) = [the paths of fitted parameters]`))
		case kinds > 1:
			errs = append(errs, r.Errorf(at, nil, "give one of path (a scenario value), prior_mean_of (fitted parameters' prior mean) and prior_sd_of (their prior's standard deviation)"))
		}
		for _, list := range []struct {
			key   string
			paths []string
		}{{"prior_mean_of", c.PriorMeanOf}, {"prior_sd_of", c.PriorSDOf}} {
			for i, pm := range list.paths {
				ok := false
				for _, p := range r.Parameters {
					ok = ok || p.Path == pm && p.PriorSD > 0
				}
				if !ok {
					errs = append(errs, r.Errorf(fmt.Sprintf("%s.%s[%d]", at, list.key, i), pm, "is not the path of a [[parameters]] entry with prior_sd > 0: name one exactly as its path is written"))
				}
			}
		}
		if len(c.PriorSDOf) > 0 {
			for i, v := range c.Values {
				if !(v > 0) {
					errs = append(errs, r.Errorf(fmt.Sprintf("%s.values[%d]", at, i), v, "a prior's standard deviation: want > 0"))
				}
			}
		}
		if len(c.Segments) > 0 && !strings.HasPrefix(c.Path, "events") {
			errs = append(errs, r.Errorf(at+".segments", c.Segments, "selects events by segment: use it with an events path, or remove it"))
		}
		if len(c.Values) < 2 {
			errs = append(errs, r.Errorf(at+".values", c.Values, "want at least two values to choose from"))
		}
		for i, v := range c.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				errs = append(errs, r.Errorf(fmt.Sprintf("%s.values[%d]", at, i), v, "want a finite number"))
			}
		}
		if c.Default == nil {
			errs = append(errs, r.Errorf(at+".default", nil, "missing: the value used where no earlier origin can judge, set a priori, e.g. default = 0.5"))
		} else if math.IsNaN(*c.Default) || math.IsInf(*c.Default, 0) {
			errs = append(errs, r.Errorf(at+".default", *c.Default, "want a finite number"))
		}
	}
	for j, T := range r.Origins {
		if j > 0 && T <= r.Origins[j-1] {
			errs = append(errs, r.Errorf("origins", r.Origins, "want years in increasing order"))
			break
		}
		_ = T
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return r, nil
}

// Errorf returns a *scenarios.Error at key, with the key's position in the
// recipe file when it is known; value may be nil.
func (r *Recipe) Errorf(key string, value any, format string, args ...any) error {
	e := &scenarios.Error{File: r.Source, Key: key, Reason: fmt.Sprintf(format, args...)}
	if value != nil {
		e.Value = strings.Trim(fmt.Sprint(value), "&")
	}
	for k := key; k != ""; {
		if lc, ok := r.pos[k]; ok {
			e.Line, e.Col = lc[0], lc[1]
			break
		}
		i := strings.LastIndexAny(k, ".[")
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return e
}

// renderKey writes a decoder key as the positions map names it
// (parameters[2].prior, not parameters.prior).
func (r *Recipe) renderKey(k toml.Key) string {
	key := strings.Join(k, ".")
	if len(k) < 2 {
		return key
	}
	for i := 0; ; i++ {
		elem := fmt.Sprintf("%s[%d]", k[0], i)
		if _, ok := r.pos[elem]; !ok {
			return key
		}
		cand := elem + "." + strings.Join(k[1:], ".")
		if _, ok := r.pos[cand]; ok {
			return cand
		}
	}
}
