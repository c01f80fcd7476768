package studio

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/digisim/digisim/output/chart/house"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
)

// The studio's choice of parameters: which keys get a control, in which
// group. What a control shows (label, unit, ranges, value) comes from the
// scenario schema through scenarios.Path, never from here.
var (
	// leverKeys are the policy levers beside coordination; "members.*"
	// keys get one control per member of the scenario.
	leverKeys = []string{"policy.business_engagement", "members.*.investment.*"}
	// uncertainKeys are key uncertain parameters of the policy channel;
	// they apply to the policy run and to its counterfactual alike.
	uncertainKeys = []string{"policy.lag_years", "policy.spillover", "policy.lag_sensitivity", "policy.absorptive_floor"}
)

// Control is one slider of the page.
type Control struct {
	Key   string `json:"key"`   // the path the API takes in Settings.Set
	Group string `json:"group"` // "lever" or "uncertainty"
	Label string `json:"label"`
	Unit  string `json:"unit"`
	// Lo and Hi are the schema's allowed range (open at an end where
	// LoOpen, HiOpen); Min and Max the slider's, the schema's plausible
	// range where it gives one.
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	LoOpen bool    `json:"lo_open"`
	HiOpen bool    `json:"hi_open"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
	Value  float64 `json:"value"` // the scenario's (the mean over a wildcard's keys)
	// Step is the slider's step, in the units people think in (half
	// years, 0.05 of a share, else a round step of about a fiftieth of the
	// range); Min and Max are whole steps.
	Step   float64 `json:"step"`
	Member string  `json:"member,omitempty"`
	// UnitText is the unit in words; Info what the control means and
	// where its default comes from (MODEL.md, docs/calibration.md).
	UnitText string `json:"unit_text"`
	Info     string `json:"info"`

	prm *scenarios.Param
}

// Item is a member or segment id with its reader's name and house colour.
type Item struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Colour string `json:"colour"`
}

// Schedule is one pillar's coordination schedule as [year, level] pairs.
type Schedule [][2]float64

// Description is what the page needs to draw a scenario's controls.
type Description struct {
	Scenario    string `json:"scenario"`
	Description string `json:"description"`
	// Against is the scenario's counterfactual (Server.Counterfactual).
	Against string `json:"against"`
	// AgainstOptions are the scenarios whose runs can be subtracted from
	// this one's (the same time axis, pillars, members and segments).
	AgainstOptions []string  `json:"against_options"`
	Controls       []Control `json:"controls"`
	Members        []Item    `json:"members"`
	Segments       []Item    `json:"segments"`
	Pillars        []string  `json:"pillars"`
	// Coordination holds each pillar's schedule; years run from BaseYear
	// to Horizon and levels over [LevelLo, LevelHi] (the range Load
	// accepts: 0.2 information sharing, 0.5 cooperation, 1 binding rules).
	Coordination     map[string]Schedule `json:"coordination"`
	BaseYear         float64             `json:"base_year"`
	Horizon          float64             `json:"horizon"`
	LevelLo, LevelHi float64             `json:"-"`
}

// controls compiles the studio's keys against p.
func controls(p *sim.Params) ([]Control, error) {
	var out []Control
	add := func(group, key, member string) error {
		prm, err := scenarios.Path(p, key)
		if err != nil {
			return err
		}
		if len(prm.Expansions) == 0 {
			return nil
		}
		c := Control{Key: key, Group: group, Label: scenarios.Label(key), Unit: prm.Unit,
			Lo: prm.Lo, Hi: prm.Hi, LoOpen: prm.LoOpen, HiOpen: prm.HiOpen,
			Min: prm.Lo, Max: prm.Hi, Value: prm.Get(p), Member: member, prm: prm}
		if prm.FitLo < prm.FitHi {
			c.Min, c.Max = prm.FitLo, prm.FitHi
		}
		// A slider reaches the scenario's own value even where it lies
		// outside the plausible range.
		c.Min, c.Max = min(c.Min, c.Value), max(c.Max, c.Value)
		c.Step = sliderStep(c.Unit, c.Max-c.Min)
		c.Min, c.Max = onGrid(c.Min, c.Step, -1, &c), onGrid(c.Max, c.Step, +1, &c)
		c.UnitText = unitWords(c.Unit)
		c.Info = infos[key]
		if member != "" {
			c.Label = house.DisplayName(member) + ": own capacity investment"
			c.Info = infos["investment"]
		}
		out = append(out, c)
		return nil
	}
	for _, group := range []struct {
		name string
		keys []string
	}{{"lever", leverKeys}, {"uncertainty", uncertainKeys}} {
		for _, key := range group.keys {
			if rest, ok := strings.CutPrefix(key, "members.*."); ok {
				for _, m := range p.Members {
					if err := add(group.name, "members."+m.ID+"."+rest, m.ID); err != nil {
						return nil, err
					}
				}
				continue
			}
			if err := add(group.name, key, ""); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// sliderStep is a step in the units people think in: half a year, 0.05
// of a share, else the round number (1, 2 or 5 times a power of ten) just
// above a fiftieth of the span.
func sliderStep(unit string, span float64) float64 {
	switch unit {
	case "years":
		return 0.5
	case "share":
		return 0.05
	}
	if span <= 0 {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(span/50)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= span/50*(1-1e-9) {
			return roundTo(m*mag, mag)
		}
	}
	return 10 * mag
}

// onGrid rounds v to a whole number of steps away from the slider's
// middle (dir -1 down, +1 up), staying inside the allowed range.
func onGrid(v, step float64, dir int, c *Control) float64 {
	n := math.Floor(v/step + 1e-9)
	if dir > 0 {
		n = math.Ceil(v/step - 1e-9)
	}
	for range 2 {
		g := roundTo(n*step, step)
		if g >= c.Lo && g <= c.Hi && !(c.LoOpen && g == c.Lo) && !(c.HiOpen && g == c.Hi) {
			return g
		}
		n -= float64(dir)
	}
	return v
}

// roundTo rounds v to the decimals of step, so that a slider's value is
// the decimal it shows (0.15, not 0.15000000000000002).
func roundTo(v, step float64) float64 {
	d := max(0, int(math.Ceil(-math.Log10(step)-1e-9)))
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', d+1, 64), 64)
	return r
}

// unitWords spells out a unit of MODEL.md for the page.
func unitWords(unit string) string {
	switch unit {
	case "1/year":
		return "per year"
	case "share":
		return "a share"
	case "years":
		return "years"
	case "":
		return "a pure number"
	}
	return unit
}

// infos explain each control (keyed by its path, members' investment by
// "investment"): what it means, in MODEL.md's words, and where its
// default comes from.
var infos = map[string]string{
	"policy.business_engagement": "How much of the coordination commitment business engagement turns into practice (beta in MODEL.md): effective coordination approaches beta times the commitment. " +
		"Default 0.4, an assumption from proxies (surveys find 38-55% of firms unaware of the AEC; FTA utilisation 16-61% by member); weak evidence.",
	"investment": "The member's own investment in its capacity, every pillar (a_ik in MODEL.md): the rate at which capacity grows towards 1 without help from the region. " +
		"The shipped value is an assumption: the calibration cannot identify it from the data (docs/calibration.md).",
	"policy.lag_years": "Implementation lag of a member at full capacity (L0 in MODEL.md): years between a commitment and its practice. Weaker capacity lengthens it (see lag sensitivity). " +
		"Default 2 years: AEC action lines were 17.7% implemented two years in; FTA effects build over about ten years.",
	"policy.spillover": "Capacity catch-up rate that coordination enables (sigma in MODEL.md): how fast a member's capacity moves towards the region's best, per year at full coordination. " +
		"Default 0.2; the evidence (income convergence about 2% a year, digital divides narrowing 1-11% a year) suggests 0.03 to 0.20.",
	"policy.lag_sensitivity":  "How much weak capacity lengthens the implementation lag (lambda in MODEL.md); 0: every member has the same lag. Default 1, an assumption.",
	"policy.absorptive_floor": "Absorptive capacity of a member with no capacity (psi in MODEL.md): the share of the region's spillover that even the weakest member can take up. Default 0.3, an assumption.",
}

// label is the reader's name of a key: its schema label, else its last
// named element in words ("investment" for members.KH.investment.*).
func label(key string) string {
	if l := scenarios.Label(key); l != key {
		return l
	}
	els := strings.Split(key, ".")
	for i := len(els) - 1; i >= 0; i-- {
		if els[i] != "*" {
			w := strings.ReplaceAll(els[i], "_", " ")
			return strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return key
}

// Describe returns the controls and ids of a loaded scenario.
func Describe(ref string, sc *scenarios.Scenario) (*Description, error) {
	p := sc.Params
	cs, err := controls(p)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		if cs[i].Member == "" && cs[i].Label == cs[i].Key {
			cs[i].Label = label(cs[i].Key)
		}
	}
	d := &Description{Scenario: ref, Description: sc.Description, Controls: cs, Pillars: p.Pillars,
		Coordination: map[string]Schedule{}, BaseYear: p.Time.Start, Horizon: p.Time.End, LevelLo: 0, LevelHi: 1}
	d.Members, d.Segments = items(sc)
	for k, pillar := range p.Pillars {
		d.Coordination[pillar] = schedule(p.Policy.Coordination[k])
	}
	return d, nil
}

// items are a scenario's members and segments with their reader's names
// and house colours.
func items(sc *scenarios.Scenario) (members, segments []Item) {
	p := sc.Params
	var ids []string
	for _, m := range p.Members {
		ids = append(ids, m.ID)
	}
	styles := house.MemberStyles(ids, sc.Region.Colours)
	for _, m := range p.Members {
		name := house.DisplayName(m.ID)
		if name == m.ID && m.Name != "" {
			name = m.Name // a member the charts do not know: the scenario's name for it
		}
		members = append(members, Item{ID: m.ID, Name: name, Colour: hex(styles[m.ID].Colour)})
	}
	for _, sg := range p.Segments {
		segments = append(segments, Item{ID: sg.ID, Name: house.DisplayName(sg.ID), Colour: hex(house.SegmentStyle(sg.ID).Colour)})
	}
	return members, segments
}

func schedule(pts []sim.Point) Schedule {
	out := make(Schedule, len(pts))
	for j, pt := range pts {
		out[j] = [2]float64{pt.Year, pt.Level}
	}
	return out
}

func hex(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}
