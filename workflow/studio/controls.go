package studio

import (
	"fmt"
	"image/color"
	"strings"

	"github.com/digisim/digisim/output/chart"
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
	Member string  `json:"member,omitempty"`

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
	// Shape is Shape of its parameters: the counterfactuals offered share it.
	Shape    string    `json:"shape"`
	Controls []Control `json:"controls"`
	Members  []Item    `json:"members"`
	Segments []Item    `json:"segments"`
	Pillars  []string  `json:"pillars"`
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
		if member != "" {
			c.Label = fmt.Sprintf("%s: %s", chart.DisplayName(member), strings.ToLower(label(key)))
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
	var ids []string
	for _, m := range p.Members {
		ids = append(ids, m.ID)
	}
	styles := chart.MemberStyles(ids, sc.Region.Colours)
	for _, m := range p.Members {
		name := chart.DisplayName(m.ID)
		if name == m.ID && m.Name != "" {
			name = m.Name // a member the charts do not know: the scenario's name for it
		}
		d.Members = append(d.Members, Item{ID: m.ID, Name: name, Colour: hex(styles[m.ID].Color)})
	}
	for _, sg := range p.Segments {
		d.Segments = append(d.Segments, Item{ID: sg.ID, Name: chart.DisplayName(sg.ID), Colour: hex(chart.SegmentStyle(sg.ID).Color)})
	}
	for k, pillar := range p.Pillars {
		d.Coordination[pillar] = schedule(p.Policy.Coordination[k])
	}
	return d, nil
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
