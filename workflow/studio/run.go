package studio

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/digisim/digisim/internal/suggest"
	"github.com/digisim/digisim/output/chart/house"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/series"
	"github.com/digisim/digisim/workflow/pair"
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
	Unit  string  `json:"unit"`
	Value float64 `json:"value"`
	Text  string  `json:"text"`
	// Baseline is the same number for the counterfactual (0 for the
	// dividend, itself a difference).
	Baseline float64 `json:"baseline"`
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
	Gini               []float64 `json:"gini"`
	GiniAgainst        []float64 `json:"gini_against"`
	CapacityGap        []float64 `json:"capacity_gap"`
	CapacityGapAgainst []float64 `json:"capacity_gap_against"`
	// RegionGMVAgainst is the counterfactual's regional GMV per segment
	// [segment][time] and MemberGMVAgainst its GMV per member
	// [member][time], the faint baselines of the GMV charts.
	RegionGMVAgainst [][]float64 `json:"region_gmv_against"`
	MemberGMVAgainst [][]float64 `json:"member_gmv_against"`
	// CrossBorder is the regional share of GMV bought across borders, for
	// the run and its counterfactual [time].
	CrossBorder        []float64 `json:"cross_border"`
	CrossBorderAgainst []float64 `json:"cross_border_against"`
	// Pillars and Capacity: the members' mean capacity in each pillar
	// [pillar][time] (an index in (0, 1]), for the run and its
	// counterfactual.
	Pillars         []string            `json:"pillars"`
	Capacity        [][]float64         `json:"capacity"`
	CapacityAgainst [][]float64         `json:"capacity_against"`
	Headline        []Headline          `json:"headline"`
	Variables       map[string]Variable `json:"variables"`
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
	p0 := base.Params
	if set.Against == "" {
		set.Against = s.Counterfactual(p0)
	}
	cs, err := s.controlsOf(set.Scenario, p0)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*Control{}
	for i := range cs {
		byKey[cs[i].Key] = &cs[i]
	}
	scheds, err := checkSettings(set, p0, cs, byKey)
	if err != nil {
		return nil, err
	}
	text, file, againstOv := scenarioFile(set, p0, byKey, scheds)
	virtual := file
	if !slices.ContainsFunc(scenarios.List(), func(in scenarios.Info) bool { return in.Name == set.Scenario }) {
		virtual = filepath.Join(s.opts.Folder, file)
	}
	sc, err := scenarios.LoadBytes(virtual, []byte(text), nil)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	against, err := s.load(set.Against, againstOv)
	if err != nil {
		return nil, err
	}
	// The runs as loaded must share their axes (members, segments,
	// pillars, time), so that one can be subtracted from the other.
	if why := sameAxes(sc.Params, against.Params); why != "" {
		return nil, badRequest("against: %s cannot be the counterfactual of %s: %s", set.Against, set.Scenario, why)
	}
	return &Plan{TOML: text, File: file, Policy: sc, Against: against, AgainstRef: set.Against, AgainstOverrides: againstOv}, nil
}

// controlsOf is controls(p) of the scenario ref loaded without
// overrides, kept for a shipped one: its Params are those s.load keeps,
// never changed, and its controls are only read (Describe, which changes
// its own, compiles them afresh).
func (s *Server) controlsOf(ref string, p *sim.Params) ([]Control, error) {
	if !shippedName(ref) {
		return controls(p)
	}
	if cs, ok := s.controls.Load(ref); ok {
		return cs.([]Control), nil
	}
	cs, err := controls(p)
	if err == nil {
		s.controls.Store(ref, cs)
	}
	return cs, err
}

// checkSettings checks every moved value against its control's allowed
// range and every schedule as Load reads it; it returns the schedules.
func checkSettings(set Settings, p0 *sim.Params, cs []Control, byKey map[string]*Control) (map[string][]sim.Point, error) {
	var problems []string
	for _, k := range slices.Sorted(maps.Keys(set.Set)) {
		c, ok := byKey[k]
		if !ok {
			keys := make([]string, len(cs))
			for i := range cs {
				keys[i] = cs[i].Key
			}
			problems = append(problems, fmt.Sprintf("set: unknown key %q%s (the studio sets %s)", k, suggest.DidYouMean(k, keys), strings.Join(keys, ", ")))
			continue
		}
		v := set.Set[k]
		if v < c.Lo || v > c.Hi || (c.LoOpen && v == c.Lo) || (c.HiOpen && v == c.Hi) {
			problems = append(problems, fmt.Sprintf("set: %s: %s is outside %s", k, num(v), rangeText(c)))
		}
	}
	scheds := map[string][]sim.Point{}
	for _, k := range slices.Sorted(maps.Keys(set.Coordination)) {
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
	return scheds, nil
}

// scenarioFile writes the settings once as a scenario file that extends
// the scenario: every moved value that differs from the scenario's, at
// each concrete key it stands for, and the schedule of every pillar that
// differs, by name. Naming concrete keys (never a default) keeps the file
// exact whatever its base names one by one. The file's name carries a
// digest of its settings, so that two settings never share a name. It
// also returns the counterfactual's overrides (the uncertain parameters).
func scenarioFile(set Settings, p0 *sim.Params, byKey map[string]*Control, scheds map[string][]sim.Point) (text, file string, againstOv []string) {
	var x scenarios.Extension
	var changed []string
	for _, k := range slices.Sorted(maps.Keys(set.Set)) {
		c, v := byKey[k], set.Set[k]
		if c.Group == "uncertainty" {
			againstOv = append(againstOv, k+"="+num(v))
		}
		var keys []string
		for _, e := range c.prm.Expansions {
			if one, _ := scenarios.Path(p0, e); one.Get(p0) != v {
				keys = append(keys, e)
			}
		}
		if len(keys) == 0 {
			continue
		}
		comment := c.Label
		if u := unitWords(c.Unit); u != "" && !strings.Contains(comment, u) {
			comment += ", " + u
		}
		x.Values = append(x.Values, scenarios.ExtensionValue{Comment: comment, Keys: keys, Value: v})
		changed = append(changed, c.Label)
	}
	var lines, pillars []string
	for k, pillar := range p0.Pillars {
		want, ok := scheds[pillar]
		if !ok {
			want, ok = scheds["*"]
		}
		if ok && !slices.Equal(want, p0.Policy.Coordination[k]) {
			lines = append(lines, "policy.coordination."+pillar+" = "+tomlSchedule(want))
			pillars = append(pillars, pillar)
		}
	}
	switch {
	case len(pillars) == len(p0.Pillars):
		changed = append(changed, "coordination of every pillar")
	case len(pillars) > 0:
		changed = append(changed, "coordination of "+strings.Join(pillars, ", "))
	}
	var body strings.Builder
	for _, v := range x.Values {
		fmt.Fprintf(&body, "%v=%v\n", v.Keys, v.Value)
	}
	body.WriteString(strings.Join(lines, "\n"))
	sum := sha256.Sum256([]byte(body.String()))
	stem := strings.TrimSuffix(set.Scenario, ".toml")
	x.Name = stem + "-studio-" + hexString(sum[:3])
	if len(x.Values) == 0 && len(lines) == 0 {
		x.Name = stem + "-studio"
	}
	x.Extends = set.Scenario
	file = x.Name + ".toml"
	x.Comment = []string{
		x.Name + ": " + set.Scenario + " with the settings of digisim studio.",
		"Run it with: digisim run " + file + " (saved beside " + set.Scenario + " if that is a file).",
	}
	x.Description = set.Scenario + " as set in digisim studio"
	if len(changed) > 0 {
		x.Description += ": " + strings.Join(changed, "; ")
	}
	var b strings.Builder
	_ = scenarios.WriteExtension(&b, x) // a strings.Builder does not fail
	if len(lines) > 0 {
		b.WriteString("# Coordination schedules: [year, level] pairs, linear between them\n# (0.2 information sharing, 0.5 cooperation, 1 binding rules).\n")
		b.WriteString(strings.Join(lines, "\n") + "\n")
	}
	return b.String(), file, againstOv
}

func hexString(b []byte) string { return fmt.Sprintf("%x", b) }

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
		return &requestError{status: statusUnprocessable, msg: fmt.Sprintf(
			"%s: a run of %.0f steps with %.0f outputs is beyond what the studio runs per request (%d steps, %d MB of outputs); use digisim run", name, steps, outs, MaxSteps, MaxOutputBytes>>20)}
	}
	return nil
}

// Run checks settings, runs the scenario and its counterfactual and
// returns what the page draws. All of a request's work (loading, checks,
// runs) waits for one of the server's few turns (admit) and is bounded
// by RunTimeout once started.
func (s *Server) Run(ctx context.Context, set Settings) (*Result, error) {
	release, err := s.admit(ctx)
	if err != nil {
		return nil, err
	}
	type out struct {
		res *Result
		err error
	}
	done := make(chan out, 1)
	go func() {
		// The turn is held until the work ends, even when the request
		// has given up waiting for it: the machine is busy until then.
		defer release()
		res, err := s.compute(set)
		done <- out{res, err}
	}()
	select {
	case o := <-done:
		return o.res, o.err
	case <-time.After(RunTimeout):
		return nil, &requestError{status: statusUnavailable, retryAfter: 5, msg: fmt.Sprintf("the runs took longer than %s", RunTimeout)}
	case <-ctx.Done():
		return nil, &requestError{status: statusUnavailable, retryAfter: 1, msg: "the request ended before its runs did"}
	}
}

// admit waits for one of maxConcurrent turns: at most queueWait, and not
// at all when maxQueued requests wait already; a request turned away gets
// a 503 with Retry-After.
func (s *Server) admit(ctx context.Context) (release func(), err error) {
	busy := &requestError{status: statusUnavailable, retryAfter: 1,
		msg: fmt.Sprintf("the studio is busy (%d runs at once, %d waiting): try again in a second", maxConcurrent, maxQueued)}
	select {
	case s.sem <- struct{}{}:
		return func() { <-s.sem }, nil
	default:
	}
	if s.queued.Add(1) > maxQueued {
		s.queued.Add(-1)
		return nil, busy
	}
	defer s.queued.Add(-1)
	timer := time.NewTimer(queueWait)
	defer timer.Stop()
	select {
	case s.sem <- struct{}{}:
		return func() { <-s.sem }, nil
	case <-timer.C:
		return nil, busy
	case <-ctx.Done():
		return nil, busy
	}
}

// compute is a request's work: the plan, the pair's run (pair.Run: both
// sizes checked against the studio's budget before any run, the
// counterfactual kept between requests) and the result.
func (s *Server) compute(set Settings) (*Result, error) {
	plan, err := s.Prepare(set)
	if err != nil {
		return nil, err
	}
	set.Against = plan.AgainstRef
	pr, br, err := pair.Run(plan.Policy, plan.Against, pair.Options{
		Fits:    checkSize,
		Against: func(*scenarios.Scenario) (*sim.Result, error) { return s.baseline(plan) },
	})
	if err != nil {
		var re *requestError
		if errors.As(err, &re) {
			return nil, re
		}
		return nil, &requestError{status: statusUnprocessable, msg: err.Error()}
	}
	res := Assemble(pr, br)
	res.Scenario, res.Against = set.Scenario, set.Against
	res.TOML, res.File = plan.TOML, plan.File
	res.Members, res.Segments = items(plan.Policy)
	return res, nil
}

// baseline runs the plan's counterfactual, or returns the run of the
// same shipped scenario with the same overrides made before.
func (s *Server) baseline(plan *Plan) (*sim.Result, error) {
	if !shippedName(plan.AgainstRef) {
		return sim.Run(plan.Against.Params)
	}
	key := plan.AgainstRef + "\x00" + strings.Join(plan.AgainstOverrides, "\x00")
	s.baselinesMu.Lock()
	r, ok := s.baselines[key]
	s.baselinesMu.Unlock()
	if ok {
		return r, nil
	}
	r, err := sim.Run(plan.Against.Params)
	if err != nil {
		return nil, err
	}
	s.baselinesMu.Lock()
	if len(s.baselines) >= maxBaselines || s.baselines == nil {
		s.baselines = map[string]*sim.Result{}
	}
	s.baselines[key] = r
	s.baselinesMu.Unlock()
	return r, nil
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
	K := len(pr.Pillars)
	r.CrossBorder, r.CrossBorderAgainst = make([]float64, T), make([]float64, T)
	r.RegionGMVAgainst, r.MemberGMVAgainst, r.Pillars = make([][]float64, S), make([][]float64, N), pr.Pillars
	r.Capacity, r.CapacityAgainst = make([][]float64, K), make([][]float64, K)
	for s := range S {
		r.RegionGMV[s], r.RegionGMVAgainst[s] = make([]float64, T), make([]float64, T)
	}
	for i := range N {
		r.MemberGMV[i], r.MemberGMVAgainst[i] = make([]float64, T), make([]float64, T)
	}
	for k := range K {
		r.Capacity[k], r.CapacityAgainst[k] = make([]float64, T), make([]float64, T)
	}
	for k := range T {
		sn, bn := &pr.Steps[k], &br.Steps[k]
		r.Times[k] = sn.Time
		for s := range S {
			r.RegionGMV[s][k], r.RegionGMVAgainst[s][k] = sn.Region.GMV[s], bn.Region.GMV[s]
		}
		for i := range N {
			for s := range S {
				r.MemberGMV[i][k] += sn.GMV[i*S+s]
				r.MemberGMVAgainst[i][k] += bn.GMV[i*S+s]
			}
		}
		for j := range K {
			for i := range N {
				r.Capacity[j][k] += sn.Capacity[i*K+j] / float64(N)
				r.CapacityAgainst[j][k] += bn.Capacity[i*K+j] / float64(N)
			}
		}
		r.CrossBorder[k], r.CrossBorderAgainst[k] = sn.Region.CrossBorderShare, bn.Region.CrossBorderShare
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
	last, blast := &pr.Steps[T-1], &br.Steps[T-1]
	year := house.Year(last.Time)
	sumSpan := house.Year(pr.Steps[min(1, T-1)].Time) + "-" + year
	r.Headline = []Headline{
		{Key: "gmv", Label: "Digital GMV a year, " + year, Unit: "USD/year", Value: last.Region.GMVTotal, Text: house.Money(last.Region.GMVTotal), Baseline: blast.Region.GMVTotal},
		{Key: "dividend", Label: "Coordination dividend, sum of annual GMV " + sumSpan, Unit: "USD", Value: pt - bt, Text: house.Money(pt - bt)},
		{Key: "gini", Label: r.Variables["gini_gmv_per_head"].Label + ", " + year, Unit: "", Value: last.Region.Gini, Text: house.Number(last.Region.Gini), Baseline: blast.Region.Gini},
		{Key: "cross_border", Label: r.Variables["cross_border_share"].Label + ", " + year, Unit: "share", Value: last.Region.CrossBorderShare, Text: house.Share(last.Region.CrossBorderShare), Baseline: blast.Region.CrossBorderShare},
	}
	for i := range r.Headline {
		if math.IsNaN(r.Headline[i].Value) || math.IsInf(r.Headline[i].Value, 0) {
			r.Headline[i].Value = 0
			r.Headline[i].Text = "n/a"
		}
	}
	return r
}
