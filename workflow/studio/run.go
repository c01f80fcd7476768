package studio

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/digisim/digisim/internal/suggest"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/series"
	"github.com/digisim/digisim/workflow/runtables"
)

// Settings are what the page sends: a scenario, the counterfactual of the
// dividend, the values of its controls that the user moved, and the
// coordination schedules that the user changed ("*" for every pillar,
// else a pillar id; a schedule is a list of [year, level] pairs).
type Settings struct {
	Scenario     string                 `json:"scenario"`
	Against      string                 `json:"against"`
	Set          map[string]float64     `json:"set"`
	Coordination map[string][][]float64 `json:"coordination"`
}

// Headline is one of the headline numbers: its value in the unit of its
// variable and as the house formats write it.
type Headline struct {
	Key   string  `json:"key"`
	Label string  `json:"label"`
	Value float64 `json:"value"`
	Text  string  `json:"text"`
}

// Variable is the label and unit of an output the charts draw (from
// sim/series).
type Variable struct {
	Label string `json:"label"`
	Unit  string `json:"unit"`
}

// Result is what the page draws after a move: every series of its charts,
// the headline numbers and the scenario file of the settings.
type Result struct {
	Scenario string    `json:"scenario"`
	Against  string    `json:"against"`
	Times    []float64 `json:"times"`
	Members  []Item    `json:"members"`
	Segments []Item    `json:"segments"`
	// RegionGMV is regional GMV per segment [segment][time] and MemberGMV
	// GMV per member over segments [member][time] (USD per year, buyer's
	// country).
	RegionGMV [][]float64 `json:"region_gmv"`
	MemberGMV [][]float64 `json:"member_gmv"`
	// Dividend is regional GMV of the run minus that of the
	// counterfactual, per time (USD per year); DividendMembers the
	// cumulative GMV gain of each member over the horizon (USD).
	Dividend        []float64 `json:"dividend"`
	DividendMembers []float64 `json:"dividend_members"`
	// Gini and CapacityGap measure convergence, for the run and its
	// counterfactual.
	Gini               []float64           `json:"gini"`
	GiniAgainst        []float64           `json:"gini_against"`
	CapacityGap        []float64           `json:"capacity_gap"`
	CapacityGapAgainst []float64           `json:"capacity_gap_against"`
	Headline           []Headline          `json:"headline"`
	Variables          map[string]Variable `json:"variables"`
	// TOML is the scenario file of the settings (extends plus what
	// differs) and File its suggested name.
	TOML string `json:"toml"`
	File string `json:"file"`
}

// maxPoints bounds a schedule's length.
const maxPoints = 100

// Plan is a checked Settings: the scenario file that holds them, loaded,
// and the counterfactual with the same uncertain parameters.
type Plan struct {
	TOML, File       string
	Policy, Against  *scenarios.Scenario
	AgainstRef       string   // the counterfactual's reference
	AgainstOverrides []string // the --set strings of the counterfactual
}

// Prepare checks settings against the scenario schema and builds their
// scenario file and counterfactual, without running anything.
func (s *Server) Prepare(set Settings) (*Plan, error) {
	base, err := s.load(set.Scenario, nil)
	if err != nil {
		return nil, err
	}
	if set.Against == "" {
		set.Against = s.Counterfactual(base.Params)
	}
	p0 := base.Params
	cs, err := controls(p0)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*Control{}
	var keys []string
	for i := range cs {
		byKey[cs[i].Key] = &cs[i]
		keys = append(keys, cs[i].Key)
	}
	setKeys := make([]string, 0, len(set.Set))
	for k := range set.Set {
		setKeys = append(setKeys, k)
	}
	sort.Strings(setKeys)
	var problems []string
	for _, k := range setKeys {
		c, ok := byKey[k]
		if !ok {
			problems = append(problems, fmt.Sprintf("set: unknown key %q%s (the studio sets %s)", k, suggest.DidYouMean(k, keys), strings.Join(keys, ", ")))
			continue
		}
		v := set.Set[k]
		if v < c.Lo || v > c.Hi || (c.LoOpen && v == c.Lo) || (c.HiOpen && v == c.Hi) {
			problems = append(problems, fmt.Sprintf("set: %s: %s is outside %s", k, num(v), rangeText(c)))
		}
	}
	pillars := slices.Sorted(func(yield func(string) bool) {
		for k := range set.Coordination {
			if !yield(k) {
				return
			}
		}
	})
	scheds := map[string][]sim.Point{}
	for _, k := range pillars {
		if k != "*" && !slices.Contains(p0.Pillars, k) {
			problems = append(problems, fmt.Sprintf("coordination: unknown pillar %q%s (use \"*\" for every pillar, or one of %s)", k, suggest.DidYouMean(k, p0.Pillars), strings.Join(p0.Pillars, ", ")))
			continue
		}
		pts, msg := checkSchedule(set.Coordination[k])
		if msg != "" {
			problems = append(problems, fmt.Sprintf("coordination: %s: %s", k, msg))
			continue
		}
		scheds[k] = pts
	}
	if len(problems) > 0 {
		return nil, badRequest("%s", strings.Join(problems, "\n"))
	}

	// The scenario file: the changed controls, then the schedules.
	var x scenarios.Extension
	x.Name = strings.TrimSuffix(set.Scenario, ".toml") + "-studio"
	x.Extends = set.Scenario
	x.Comment = []string{
		x.Name + ": " + set.Scenario + " with the settings of digisim studio.",
		"Run it with: digisim run " + x.Name + ".toml (saved beside " + set.Scenario + " if that is a file).",
	}
	var changed []string
	var againstOv []string
	// A value over every pillar of a member's investment is written as
	// its default, unless the base file names pillars one by one (found by
	// loading the file: then every key is written).
	type value struct {
		ext        scenarios.ExtensionValue
		expansions []string
		short      string
	}
	var values []*value
	for _, k := range setKeys {
		c, v := byKey[k], set.Set[k]
		same := true
		for _, e := range c.prm.Expansions {
			one, _ := scenarios.Path(p0, e)
			same = same && one.Get(p0) == v
		}
		if c.Group == "uncertainty" {
			againstOv = append(againstOv, k+"="+strconv.FormatFloat(v, 'g', -1, 64))
		}
		if same {
			continue
		}
		comment := c.Label
		if c.Unit != "" {
			comment += " (" + c.Unit + ")"
		}
		val := &value{ext: scenarios.ExtensionValue{Comment: comment, Value: v}, expansions: c.prm.Expansions}
		if head, ok := strings.CutSuffix(k, ".investment.*"); ok {
			val.short = head + ".investment.default"
		}
		values = append(values, val)
		changed = append(changed, k)
	}
	// A schedule for "*" is written as the default; pillars the base file
	// names one by one, and pillars set on their own, get their own line.
	want := make([][]sim.Point, len(p0.Pillars))
	for k, pillar := range p0.Pillars {
		want[k] = p0.Policy.Coordination[k]
		if pts, ok := scheds["*"]; ok {
			want[k] = pts
		}
		if pts, ok := scheds[pillar]; ok {
			want[k] = pts
		}
	}
	var lines []string
	if pts, ok := scheds["*"]; ok && !allEqual(p0.Policy.Coordination, pts) {
		lines = append(lines, "policy.coordination.default = "+tomlSchedule(pts))
		changed = append(changed, "coordination of every pillar")
	}
	explicit := map[string]bool{}
	for _, pillar := range pillars {
		if pillar != "*" {
			explicit[pillar] = true
		}
	}
	file := x.Name + ".toml"
	virtual := file
	if !slices.ContainsFunc(scenarios.List(), func(in scenarios.Info) bool { return in.Name == set.Scenario }) {
		virtual = filepath.Join(s.opts.Folder, file)
	}
	x.Description = set.Scenario + " as set in digisim studio"
	if len(changed) > 0 {
		x.Description += ": " + strings.Join(changed, ", ")
	}
	var sc *scenarios.Scenario
	var text string
	for range 3 {
		x.Values = x.Values[:0]
		for _, val := range values {
			val.ext.Keys = val.expansions
			if val.short != "" {
				val.ext.Keys = []string{val.short}
			}
			x.Values = append(x.Values, val.ext)
		}
		var b strings.Builder
		if err := scenarios.WriteExtension(&b, x); err != nil {
			return nil, err
		}
		all := slices.Clone(lines)
		for k, pillar := range p0.Pillars {
			if explicit[pillar] && !slices.Equal(want[k], p0.Policy.Coordination[k]) || explicit[pillar] && len(lines) > 0 {
				all = append(all, "policy.coordination."+pillar+" = "+tomlSchedule(want[k]))
			}
		}
		if len(all) > 0 {
			b.WriteString("# Coordination schedules: [year, level] pairs, linear between them\n# (0.2 information sharing, 0.5 cooperation, 1 binding rules).\n")
			b.WriteString(strings.Join(all, "\n") + "\n")
		}
		text = b.String()
		sc, err = scenarios.LoadBytes(virtual, []byte(text), nil)
		if err != nil {
			return nil, badRequest("%v", err)
		}
		// Where the base file names a pillar's schedule, the default does
		// not reach it: name every pillar that still differs.
		again := false
		for k, pillar := range p0.Pillars {
			if !slices.Equal(sc.Params.Policy.Coordination[k], want[k]) && !explicit[pillar] {
				explicit[pillar], again = true, true
			}
		}
		for _, val := range values {
			if val.short != "" && !holds(sc.Params, val.expansions, val.ext.Value) {
				val.short, again = "", true
			}
		}
		if !again {
			break
		}
	}
	for k := range p0.Pillars {
		if !slices.Equal(sc.Params.Policy.Coordination[k], want[k]) {
			return nil, fmt.Errorf("studio: the scenario file does not reproduce the schedule of %s", p0.Pillars[k])
		}
	}
	for _, val := range values {
		if !holds(sc.Params, val.expansions, val.ext.Value) {
			return nil, fmt.Errorf("studio: the scenario file does not reproduce %s = %v", val.expansions[0], val.ext.Value)
		}
	}
	against, err := s.load(set.Against, againstOv)
	if err != nil {
		return nil, err
	}
	return &Plan{TOML: text, File: file, Policy: sc, Against: against, AgainstRef: set.Against, AgainstOverrides: againstOv}, nil
}

// holds reports whether every key has value v in p.
func holds(p *sim.Params, keys []string, v float64) bool {
	for _, k := range keys {
		prm, err := scenarios.Path(p, k)
		if err != nil || prm.Get(p) != v {
			return false
		}
	}
	return true
}

func allEqual(scheds [][]sim.Point, pts []sim.Point) bool {
	for _, s := range scheds {
		if !slices.Equal(s, pts) {
			return false
		}
	}
	return true
}

// checkSchedule reads [year, level] pairs as Load does, so that a bad
// schedule is named in the studio's own words.
func checkSchedule(raw [][]float64) ([]sim.Point, string) {
	if len(raw) == 0 || len(raw) > maxPoints {
		return nil, fmt.Sprintf("want 1 to %d [year, level] pairs, got %d", maxPoints, len(raw))
	}
	out := make([]sim.Point, 0, len(raw))
	for j, pair := range raw {
		if len(pair) != 2 {
			return nil, fmt.Sprintf("point %d: want a [year, level] pair, got %d numbers", j, len(pair))
		}
		y, l := pair[0], pair[1]
		switch {
		case l < 0 || l > 1:
			return nil, fmt.Sprintf("point %d: level %s is outside [0, 1] (0.2 information sharing, 0.5 cooperation, 1 binding rules)", j, num(l))
		case y < 1000 || y > 10000:
			return nil, fmt.Sprintf("point %d: year %s is outside [1000, 10000]", j, num(y))
		case j > 0 && y <= out[j-1].Year:
			return nil, fmt.Sprintf("point %d: year %s does not follow %s: years must increase", j, num(y), num(out[j-1].Year))
		}
		out = append(out, sim.Point{Year: y, Level: l})
	}
	return out, ""
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func rangeText(c *Control) string {
	lo, hi := "[", "]"
	if c.LoOpen {
		lo = "("
	}
	if c.HiOpen {
		hi = ")"
	}
	return lo + num(c.Lo) + ", " + num(c.Hi) + hi
}

// tomlFloat writes a number so that TOML reads it back as the same float
// (a whole number keeps a ".0").
func tomlFloat(v float64) string {
	s := num(v)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return s
}

func tomlSchedule(pts []sim.Point) string {
	parts := make([]string, len(pts))
	for j, pt := range pts {
		parts[j] = "[" + tomlFloat(pt.Year) + ", " + tomlFloat(pt.Level) + "]"
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// checkSize refuses a scenario whose run would take more than MaxSteps
// steps or MaxOutputBytes of outputs.
func checkSize(name string, p *sim.Params) error {
	tm := p.Time
	steps := (tm.End - tm.Start) / tm.Step
	outs := (tm.End-tm.Start)/tm.OutputStep + 1
	N, S, K := float64(len(p.Members)), float64(len(p.Segments)), float64(len(p.Pillars))
	bytes := outs * 8 * (9*N*S + N*K + 6*N + N*N + 2*S + 8)
	if steps > MaxSteps || bytes > MaxOutputBytes {
		return &requestError{status: http.StatusUnprocessableEntity, msg: fmt.Sprintf(
			"%s: a run of %.0f steps with %.0f outputs is beyond what the studio runs per request (%d steps, %d MB of outputs); use digisim run", name, steps, outs, MaxSteps, MaxOutputBytes>>20)}
	}
	return nil
}

// Run checks settings, runs the scenario and its counterfactual and
// returns what the page draws. The runs are bounded by ctx and by the
// server's limit on concurrent runs.
func (s *Server) Run(ctx context.Context, set Settings) (*Result, error) {
	plan, err := s.Prepare(set)
	if err != nil {
		return nil, err
	}
	set.Against = plan.AgainstRef
	for _, sc := range []*scenarios.Scenario{plan.Policy, plan.Against} {
		if err := checkSize(sc.Name, sc.Params); err != nil {
			return nil, err
		}
	}
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, &requestError{status: http.StatusServiceUnavailable, msg: "studio busy: try again"}
	}
	type out struct {
		pr, br *sim.Result
		err    error
	}
	done := make(chan out, 1)
	go func() {
		defer func() { <-s.sem }()
		var o out
		o.pr, o.err = sim.Run(plan.Policy.Params)
		if o.err == nil {
			o.br, o.err = sim.Run(plan.Against.Params)
		}
		done <- o
	}()
	var o out
	select {
	case o = <-done:
	case <-ctx.Done():
		return nil, &requestError{status: http.StatusServiceUnavailable, msg: fmt.Sprintf("the runs took longer than %s", RunTimeout)}
	}
	if o.err != nil {
		return nil, &requestError{status: http.StatusUnprocessableEntity, msg: o.err.Error()}
	}
	if err := runtables.Comparable(set.Scenario, set.Against, o.pr, o.br); err != nil {
		return nil, badRequest("%v; choose a counterfactual of the same region in the page, or start the studio with --against FILE", err)
	}
	res := Assemble(o.pr, o.br)
	res.Scenario, res.Against = set.Scenario, set.Against
	res.TOML, res.File = plan.TOML, plan.File
	d, err := Describe(set.Scenario, plan.Policy)
	if err != nil {
		return nil, err
	}
	res.Members, res.Segments = d.Members, d.Segments
	return res, nil
}

// Assemble computes the series and headline numbers of a run pr and its
// counterfactual br (Comparable).
func Assemble(pr, br *sim.Result) *Result {
	N, S, T := len(pr.Members), len(pr.Segments), len(pr.Steps)
	r := &Result{
		Times: make([]float64, T), RegionGMV: make([][]float64, S), MemberGMV: make([][]float64, N),
		Dividend: make([]float64, T), Gini: make([]float64, T), GiniAgainst: make([]float64, T),
		CapacityGap: make([]float64, T), CapacityGapAgainst: make([]float64, T),
		Variables: map[string]Variable{},
	}
	for s := range S {
		r.RegionGMV[s] = make([]float64, T)
	}
	for i := range N {
		r.MemberGMV[i] = make([]float64, T)
	}
	for k := range T {
		sn, bn := &pr.Steps[k], &br.Steps[k]
		r.Times[k] = sn.Time
		for s := range S {
			r.RegionGMV[s][k] = sn.Region.GMV[s]
		}
		for i := range N {
			for s := range S {
				r.MemberGMV[i][k] += sn.GMV[i*S+s]
			}
		}
		r.Dividend[k] = sn.Region.GMVTotal - bn.Region.GMVTotal
		r.Gini[k], r.GiniAgainst[k] = sn.Region.Gini, bn.Region.Gini
		r.CapacityGap[k], r.CapacityGapAgainst[k] = sn.Region.CapacityGap, bn.Region.CapacityGap
	}
	// Cumulative GMV as runtables.NewDividend sums it: annual GMV of the
	// years after the base year.
	pt, pm := pr.CumulativeGMV()
	bt, bm := br.CumulativeGMV()
	r.DividendMembers = make([]float64, N)
	for i := range N {
		r.DividendMembers[i] = pm[i] - bm[i]
	}
	for _, name := range []string{"gmv", "gini_gmv_per_head", "capacity_gap", "cross_border_share"} {
		o, _ := series.Describe(name)
		r.Variables[name] = Variable{Label: o.Label, Unit: o.Unit}
	}
	last := &pr.Steps[T-1]
	year := chart.Year(last.Time)
	sumSpan := chart.Year(pr.Steps[min(1, T-1)].Time) + "-" + year
	r.Headline = []Headline{
		{Key: "gmv", Label: "Digital GMV a year, " + year, Value: last.Region.GMVTotal, Text: chart.Money(last.Region.GMVTotal)},
		{Key: "dividend", Label: "Coordination dividend, sum of annual GMV " + sumSpan, Value: pt - bt, Text: chart.Money(pt - bt)},
		{Key: "gini", Label: r.Variables["gini_gmv_per_head"].Label + ", " + year, Value: last.Region.Gini, Text: chart.Number(last.Region.Gini)},
		{Key: "cross_border", Label: r.Variables["cross_border_share"].Label + ", " + year, Value: last.Region.CrossBorderShare, Text: chart.Share(last.Region.CrossBorderShare)},
	}
	for i := range r.Headline {
		if math.IsNaN(r.Headline[i].Value) || math.IsInf(r.Headline[i].Value, 0) {
			r.Headline[i].Value = 0
			r.Headline[i].Text = "n/a"
		}
	}
	return r
}
