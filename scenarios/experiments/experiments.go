// Package experiments reads experiment files: which scenario to vary,
// the uncertainties and levers (in EMA Workbench's vocabulary), the design,
// replicates, shocks, seed, and what to record. It resolves them into a
// runnable experiment.Experiment. The shipped experiments are embedded.
package experiments

import (
	"embed"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/digisim/digisim/internal/suggest"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/internal/shipped"
	"github.com/digisim/digisim/scenarios/internal/tomlbound"
	"github.com/digisim/digisim/sim/experiment"
)

//go:embed shipped/*.toml shipped/*.csv
var shippedFS embed.FS

// File is the schema of an experiment file.
type File struct {
	Name        string `toml:"name" json:"name"`
	Description string `toml:"description" json:"description"`
	Scenario    string `toml:"scenario" json:"scenario"`
	// Design is montecarlo, grid, lhs, sobol or morris.
	Design string `toml:"design" json:"design"`
	// Runs is the number of design points for montecarlo and lhs, the base
	// sample N (a power of two) for sobol, the trajectories for morris.
	Runs int `toml:"runs" json:"runs"`
	// Levels per uncertainty for grid, grid levels for morris (even).
	Levels int `toml:"levels" json:"levels"`
	// Scramble asks for Owen-scrambled Sobol' points (keyed by Seed) in a
	// sobol design, as SALib's sampler gives by default; repeating the
	// experiment with other seeds then gives independent estimates.
	Scramble   bool   `toml:"scramble" json:"scramble,omitempty"`
	Replicates int    `toml:"replicates" json:"replicates"`
	Seed       uint64 `toml:"seed" json:"seed"`
	Shocks     struct {
		Phi float64 `toml:"phi" json:"phi"`
		SD  float64 `toml:"sd" json:"sd"`
	} `toml:"shocks" json:"shocks"`
	Uncertainties []Uncertainty `toml:"uncertainties" json:"uncertainties"`
	// Joint draws parameters together (joint.go).
	Joint    *Joint    `toml:"joint" json:"joint,omitempty"`
	Levers   []Lever   `toml:"levers" json:"levers"`
	Outcomes []Outcome `toml:"outcomes" json:"outcomes"`
	Series   []Series  `toml:"series" json:"series"`
	// ScenarioNames are the names (their name keys) of the scenarios the
	// file names by path, by the path as written: what outputs call them.
	// Set by the resolution, not read from the file; empty when every
	// scenario is named by its name.
	ScenarioNames map[string]string `toml:"-" json:"scenario_names,omitempty"`
}

// ScenarioName is the name of a scenario the file refers to as ref (a
// shipped name, or a path): its name key, never its file name.
func (f *File) ScenarioName(ref string) string {
	if n := f.ScenarioNames[ref]; n != "" {
		return n
	}
	return ref
}

// LeverScenarios names the scenarios of the first lever, a scenarios
// lever, in its order, by ScenarioName (nil without one): the values of
// its column in the run table.
func (f *File) LeverScenarios() []string {
	if len(f.Levers) == 0 || len(f.Levers[0].Scenarios) == 0 {
		return nil
	}
	out := make([]string, len(f.Levers[0].Scenarios))
	for i, ref := range f.Levers[0].Scenarios {
		out[i] = f.ScenarioName(ref)
	}
	return out
}

// Uncertainty is a parameter drawn from a distribution.
type Uncertainty struct {
	Path         string    `toml:"path" json:"path"`
	Distribution string    `toml:"distribution" json:"distribution"`
	Min          *float64  `toml:"min" json:"min,omitempty"`
	Max          *float64  `toml:"max" json:"max,omitempty"`
	Mode         *float64  `toml:"mode" json:"mode,omitempty"`
	Mean         *float64  `toml:"mean" json:"mean,omitempty"`
	SD           *float64  `toml:"sd" json:"sd,omitempty"`
	Mu           *float64  `toml:"mu" json:"mu,omitempty"`
	Sigma        *float64  `toml:"sigma" json:"sigma,omitempty"`
	Median       *float64  `toml:"median" json:"median,omitempty"`
	Alpha        *float64  `toml:"alpha" json:"alpha,omitempty"`
	Beta         *float64  `toml:"beta" json:"beta,omitempty"`
	Lo           *float64  `toml:"lo" json:"lo,omitempty"`
	Hi           *float64  `toml:"hi" json:"hi,omitempty"`
	Values       []float64 `toml:"values" json:"values,omitempty"`
	Weights      []float64 `toml:"weights" json:"weights,omitempty"`
}

// Lever is a policy option crossed with every future: a parameter path
// and its values, or a list of policy scenarios.
type Lever struct {
	Path      string    `toml:"path" json:"path,omitempty"`
	Values    []float64 `toml:"values" json:"values,omitempty"`
	Scenarios []string  `toml:"scenarios" json:"scenarios,omitempty"`
}

// Outcome is one number recorded per run: a variable at a year, or
// cumulative GMV over the horizon; optionally as the difference from a
// counterfactual scenario in the same future.
type Outcome struct {
	Name       string  `toml:"name" json:"name"`
	Variable   string  `toml:"variable" json:"variable,omitempty"`
	Member     string  `toml:"member" json:"member,omitempty"`
	Segment    string  `toml:"segment" json:"segment,omitempty"`
	Pillar     string  `toml:"pillar" json:"pillar,omitempty"`
	Year       float64 `toml:"year" json:"year,omitempty"`
	Cumulative bool    `toml:"cumulative" json:"cumulative,omitempty"`
	Against    string  `toml:"against" json:"against,omitempty"`
	// Members sums the outcome over a group of members, e.g. e-Conomy
	// SEA's six: ["ID", "MY", "PH", "SG", "TH", "VN"].
	Members []string `toml:"members" json:"members,omitempty"`
	// Ratio, with Against, records this run over the counterfactual
	// instead of the difference.
	Ratio bool `toml:"ratio" json:"ratio,omitempty"`
	// Goal is "maximize" (the default: more is better) or "minimize", for
	// robustness across futures.
	Goal string `toml:"goal" json:"goal,omitempty"`
	// Threshold, if set, is the level a future must reach (at least, when
	// maximising; at most, when minimising) to count as satisficing.
	Threshold *float64 `toml:"threshold" json:"threshold,omitempty"`
}

// Series is a variable recorded at every output time, for fan charts.
type Series struct {
	Name     string `toml:"name" json:"name"`
	Variable string `toml:"variable" json:"variable"`
	Member   string `toml:"member" json:"member,omitempty"`
	Segment  string `toml:"segment" json:"segment,omitempty"`
	Pillar   string `toml:"pillar" json:"pillar,omitempty"`
}

// Experiment is a loaded and resolved experiment file.
type Experiment struct {
	File
	Source string // file path, or "shipped/<name>.toml"
	// Run is the runnable experiment.
	Run *experiment.Experiment
	// BaseScenario is the scenario File.Scenario names (its region, for
	// the sweep's manifest).
	BaseScenario *scenarios.Scenario
	// Futures is the number of points of the uncertainty design, Policies
	// the number of lever combinations; design point d is future
	// d / Policies under policy d % Policies.
	Futures, Policies int
	// Uncertain is the number of uncertainties: the first parameters after
	// a scenario lever, in file order.
	Uncertain int
	// Unit holds the design's points in the unit cube (for Morris
	// analysis), one row per future.
	Unit [][]float64
	// Clipped counts the values of the joint draws set to a bound of
	// their parameter's range (Joint).
	Clipped int
	// Hash is the SHA-256 of the resolved experiment: its file and the
	// resolved parameters of every scenario it uses.
	Hash string

	stepLimit int // of the scenarios loaded (LoadWith)
}

// Info names and describes a shipped experiment.
type Info = shipped.Info

// List returns the shipped experiments, sorted by name.
func List() []Info { return shipped.List(shippedFS, "shipped") }

// Load reads a shipped experiment by name, or an experiment file by path,
// and resolves it. Every problem found is reported.
func Load(nameOrPath string) (*Experiment, error) { return LoadWith(nameOrPath, 0) }

// LoadWith is Load with the scenarios' sim.Params.StepLimit (0: the
// default bound; the command line's --max-steps sets it).
func LoadWith(nameOrPath string, stepLimit int) (*Experiment, error) {
	data, src, err := shipped.Read(shippedFS, "shipped", nameOrPath, "experiment")
	if err != nil {
		return nil, err
	}
	return parse(src, data, stepLimit)
}

// problems collects the errors of one file, each a *scenarios.Error with
// its position where the decoder knows it.
type problems struct {
	src  string
	pos  map[string][2]int // key -> line, column
	errs []error
}

func (p *problems) add(key string, format string, args ...any) {
	e := &scenarios.Error{File: p.src, Key: key, Reason: fmt.Sprintf(format, args...)}
	if key != "" {
		if lc, ok := p.at(key); ok {
			e.Line, e.Col = lc[0], lc[1]
		}
	}
	p.errs = append(p.errs, e)
}

// at finds the position of key, or of the nearest enclosing key.
func (p *problems) at(key string) ([2]int, bool) {
	for k := key; k != ""; {
		if lc, ok := p.pos[k]; ok {
			return lc, true
		}
		i := strings.LastIndexAny(k, ".[")
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return [2]int{}, false
}

// Parse decodes and resolves an experiment file held in memory; src names
// it in messages.
func Parse(src string, data []byte) (*Experiment, error) { return parse(src, data, 0) }

func parse(src string, data []byte, stepLimit int) (*Experiment, error) {
	if err := tomlbound.Check(data); err != nil {
		return nil, &scenarios.Error{File: src, Line: err.(*tomlbound.LimitError).Line, Col: err.(*tomlbound.LimitError).Col, Reason: err.Error()}
	}
	var f File
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return nil, decodeError(src, data, err)
	}
	pr := &problems{src: src, pos: scenarios.KeyPositions(data)}
	for _, k := range md.Undecoded() {
		pr.add(pr.renderKey(k), "unknown key%s", suggest.DidYouMean(k[len(k)-1], knownKeys(k)))
	}
	// What the decoder accepts but an experiment must not have.
	var raw struct {
		Seed any `toml:"seed"`
	}
	toml.Decode(string(data), &raw)
	if v, ok := raw.Seed.(int64); ok && v < 0 {
		pr.add("seed", "%d: want a whole number >= 0", v)
	}
	if md.IsDefined("replicates") && f.Replicates == 0 {
		pr.add("replicates", "0: want at least 1 (leave it out for 1)")
	}
	if !md.IsDefined("name") {
		f.Name = strings.TrimSuffix(filepath.Base(src), ".toml")
	}
	if len(pr.errs) > 0 {
		return nil, errors.Join(pr.errs...)
	}
	e := &Experiment{File: f, Source: src, stepLimit: stepLimit}
	e.resolve(pr)
	if len(pr.errs) > 0 {
		return nil, errors.Join(pr.errs...)
	}
	return e, nil
}

// decodeErrorText is how the decoder words a value of the wrong type.
var decodeErrorText = regexp.MustCompile(`^toml: line ([0-9]+) \(last key "([^"]*)"\): (.*)$`)

var typeMismatch = regexp.MustCompile(`incompatible types: TOML value has type ([^;]+); destination has type (.+)$`)

// decodeError turns the decoder's error into file:line:col, the key, the
// line's text (its value) and the reason, without the decoder's wording.
func decodeError(src string, data []byte, err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		m := decodeErrorText.FindStringSubmatch(err.Error())
		if m == nil {
			return &scenarios.Error{File: src, Reason: "TOML: " + err.Error()}
		}
		pe.Position.Line, _ = strconv.Atoi(m[1])
		pe.LastKey, pe.Message = m[2], m[3]
	}
	e := &scenarios.Error{File: src, Line: pe.Position.Line, Col: pe.Position.Col, Key: pe.LastKey}
	msg := pe.Message
	if m := typeMismatch.FindStringSubmatch(msg); m != nil {
		e.Reason = fmt.Sprintf("wrong type: a %s, want a %s", m[1], m[2])
	} else {
		e.Reason = "TOML syntax: " + msg
	}
	if lines := strings.Split(string(data), "\n"); pe.Position.Line >= 1 && pe.Position.Line <= len(lines) {
		line := strings.TrimSpace(lines[pe.Position.Line-1])
		if len(line) > 80 {
			line = line[:80] + "..."
		}
		e.Reason += fmt.Sprintf(" (the line reads: %s)", strconv.QuoteToGraphic(line))
	}
	return e
}

// renderKey writes an unknown key as the positions map names it. The
// decoder's keys do not say which element of an array of tables they are
// in, so the element whose table holds the key is looked up.
func (p *problems) renderKey(k toml.Key) string {
	key := strings.Join(k, ".")
	if len(k) < 2 {
		return key
	}
	for i := 0; ; i++ {
		elem := fmt.Sprintf("%s[%d]", k[0], i)
		if _, ok := p.pos[elem]; !ok {
			return key
		}
		if cand := elem + "." + strings.Join(k[1:], "."); p.hasKey(cand) {
			return cand
		}
	}
}

func (p *problems) hasKey(k string) bool {
	_, ok := p.pos[k]
	return ok
}

// knownKeys lists the keys valid beside the last element of key.
func knownKeys(key toml.Key) []string {
	table := map[string]any{
		"uncertainties": Uncertainty{}, "levers": Lever{}, "outcomes": Outcome{}, "series": Series{},
		"shocks": struct {
			Phi float64 `toml:"phi"`
			SD  float64 `toml:"sd"`
		}{},
	}
	var v any = File{}
	if len(key) > 1 && key[0] == "joint" {
		return jointKeys
	}
	if len(key) > 1 {
		if t, ok := table[key[0]]; ok {
			v = t
		}
	}
	return tomlKeys(v)
}

// Resolve resolves an already decoded experiment file, as recorded in a
// sweep's manifest; source names it in messages and anchors relative
// scenario paths.
func Resolve(f File, source string) (*Experiment, error) {
	e := &Experiment{File: f, Source: source}
	pr := &problems{src: source}
	e.resolve(pr)
	if len(pr.errs) > 0 {
		return nil, errors.Join(pr.errs...)
	}
	return e, nil
}
