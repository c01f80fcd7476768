// Package rebase moves a scenario's base year to a later, published year:
// the state the scenario's run reaches there becomes the new base year's
// inputs (sim.Rebase), the GMV published for that year replaces the
// model's where there is data, members without data are imputed, and the
// result is written as a scenario file that extends the original. It is
// how asean-2022 was made from covid-2018, and how a researcher moves it
// on when the next year is published.
package rebase

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/digisim/digisim/internal/textsafe"
	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/observed"
	"github.com/digisim/digisim/sim"
)

// Options are what to rebase and how.
type Options struct {
	Scenario    string   // name or file
	Sets        []string // overrides applied first
	Year        int      // the new base year
	Data        string   // observed data with that year's GMV per member and segment
	Name        string   // of the new scenario (default <scenario>-<year>)
	Description string
	Extends     string // how the new file refers to Scenario (default: Scenario)
	// Like is the member whose GMV-to-GDP ratio, scaled by online share,
	// imputes the members without data (default PH, as asean-2018 does).
	Like string
}

// Result is the rebased scenario and what was done to make it.
type Result struct {
	Params    *sim.Params
	Extension scenarios.Extension
	Observed  []string // members whose GMV is data
	Imputed   []string // members whose GMV is imputed
}

// Rebase runs o.Scenario to o.Year and returns the rebased scenario.
func Rebase(o Options) (*Result, error) {
	if o.Name != "" {
		if why := scenarios.NameProblem(o.Name); why != "" {
			return nil, usage.Errorf("rebase: --name %s: %s", textsafe.Quote(o.Name), why)
		}
	}
	sc, err := scenarios.Load(o.Scenario, o.Sets)
	if err != nil {
		return nil, err
	}
	data, err := observed.Load(o.Data)
	if err != nil {
		return nil, err
	}
	q, err := sim.Rebase(sc.Params, float64(o.Year))
	if err != nil {
		return nil, fmt.Errorf("rebase %s: %w", sc.Name, err)
	}
	memberIx, segIx := map[string]int{}, map[string]int{}
	for i, m := range q.Members {
		memberIx[m.ID] = i
	}
	for s, sg := range q.Segments {
		segIx[sg.ID] = s
	}
	// Published GMV of one member and one segment in the year.
	S := len(q.Segments)
	got := map[string][]bool{}
	for _, ob := range data.Obs {
		i, isMember := memberIx[ob.Region]
		s, isSeg := segIx[ob.Segment]
		if ob.Year != o.Year || ob.Variable != "gmv" || !isMember || !isSeg {
			continue
		}
		if got[ob.Region] == nil {
			got[ob.Region] = make([]bool, S)
		}
		q.Members[i].GMVUSD[s] = ob.Value
		got[ob.Region][s] = true
	}
	res := &Result{Params: q}
	for id, segs := range got {
		for s, ok := range segs {
			if !ok {
				return nil, fmt.Errorf("rebase: %s has GMV data for %d but not for segment %s; give every segment or none", id, o.Year, q.Segments[s].ID)
			}
		}
		res.Observed = append(res.Observed, id)
	}
	sort.Strings(res.Observed)
	if len(res.Observed) == 0 {
		return nil, fmt.Errorf("rebase: %s has no GMV per member and segment for %d: nothing to rebase on", data.File, o.Year)
	}
	like := o.Like
	if like == "" {
		like = "PH"
	}
	if got[like] == nil {
		return nil, fmt.Errorf("rebase: --like %s: no GMV data for it in %d (members with data: %s)", like, o.Year, strings.Join(res.Observed, ", "))
	}
	res.Imputed = impute(q, got, memberIx[like])
	res.Extension = extension(o, sc, q, res, like)
	return res, nil
}

// impute gives every member without data GMV = GDP x ratio, the ratio that
// of member like (GMV over GDP) scaled by online share relative to it and
// capped at the ratio of all members with data; segments are split like
// member like, or like the members with data where the cap binds. This is
// the rule asean-2018 uses for the members e-Conomy SEA does not cover.
func impute(q *sim.Params, got map[string][]bool, like int) []string {
	gdp := func(m *sim.Member) float64 { return m.Population * m.IncomePerHeadUSD }
	sum := func(v []float64) float64 {
		t := 0.0
		for _, x := range v {
			t += x
		}
		return t
	}
	S := len(q.Segments)
	covered := make([]float64, S)
	covGDP := 0.0
	for i := range q.Members {
		if got[q.Members[i].ID] != nil {
			for s, g := range q.Members[i].GMVUSD {
				covered[s] += g
			}
			covGDP += gdp(&q.Members[i])
		}
	}
	ref := &q.Members[like]
	refRatio, capRatio := sum(ref.GMVUSD)/gdp(ref), sum(covered)/covGDP
	var out []string
	for i := range q.Members {
		m := &q.Members[i]
		if got[m.ID] != nil {
			continue
		}
		ratio := refRatio * m.OnlineShare / ref.OnlineShare
		split, total := ref.GMVUSD, sum(ref.GMVUSD)
		if ratio >= capRatio {
			ratio, split, total = capRatio, covered, sum(covered)
		}
		for s := range S {
			m.GMVUSD[s] = gdp(m) * ratio * split[s] / total
		}
		out = append(out, m.ID)
	}
	return out
}

// extension writes the rebased scenario as a file extending the original:
// the new base year and, per member, everything the rebase changed.
func extension(o Options, sc *scenarios.Scenario, q *sim.Params, res *Result, like string) scenarios.Extension {
	name := o.Name
	if name == "" {
		name = fmt.Sprintf("%s-%d", sc.Name, o.Year)
	}
	ext := o.Extends
	if ext == "" {
		ext = o.Scenario
	}
	desc := o.Description
	if desc == "" {
		desc = fmt.Sprintf("%s moved to the base year %d: its state there, with the GMV published for %d", sc.Name, o.Year, o.Year)
	}
	x := scenarios.Extension{
		Name: name, Description: desc, Extends: ext,
		Comment: []string{
			fmt.Sprintf("%s: %s rebased to %d by \"digisim rebase\" (workflow/rebase):", name, sc.Name, o.Year),
			"",
			"DERIVED  population, income per head, online share, capacity per pillar, users and (v2)",
			fmt.Sprintf("         tenure per member: the state of %s's run at %d (sim.Rebase); the rates,", sc.Name, o.Year),
			"         segments, policy and events are inherited from it.",
			fmt.Sprintf("DATA     GMV per segment of %s in %d: %s (latest report vintage).", strings.Join(res.Observed, " "), o.Year, "scenarios/observed"),
			fmt.Sprintf("ASSUMPTION GMV of %s (not covered by the data): GDP x the GMV-to-GDP ratio of %s,", strings.Join(res.Imputed, " "), like),
			fmt.Sprintf("         scaled by online share relative to %s and capped at the covered members' ratio; split", like),
			fmt.Sprintf("         like %s, or like the covered members where the cap binds (asean-2018's rule).", like),
			"Effective coordination restarts at business_engagement x coordination (MODEL.md, State).",
		},
	}
	x.Values = append(x.Values, scenarios.ExtensionValue{Comment: "", Keys: []string{"time.base_year"}, Value: float64(o.Year)})
	for i := range q.Members {
		m := &q.Members[i]
		src := "DERIVED state; GMV DATA"
		for _, id := range res.Imputed {
			if id == m.ID {
				src = "DERIVED state; GMV ASSUMPTION (imputed)"
			}
		}
		first := true
		add := func(key string, v float64) {
			c := ""
			if first {
				c = fmt.Sprintf("\n%s (%s)", m.ID, src)
				first = false
			}
			x.Values = append(x.Values, scenarios.ExtensionValue{Comment: c, Keys: []string{"members." + m.ID + "." + key}, Value: round(v)})
		}
		add("population", m.Population)
		add("income_per_head_usd", m.IncomePerHeadUSD)
		add("online_share", m.OnlineShare)
		for k, id := range q.Pillars {
			add("capacity."+id, m.Capacity[k])
		}
		for s, sg := range q.Segments {
			add("users."+sg.ID, m.Users[s])
		}
		for s, sg := range q.Segments {
			add("gmv_usd."+sg.ID, m.GMVUSD[s])
		}
		for s, sg := range q.Segments {
			if s < len(m.Tenure) {
				add("tenure_years."+sg.ID, m.Tenure[s])
			}
		}
	}
	return x
}

// round keeps 10 significant digits: far below every uncertainty here, and
// a file a person can read.
func round(v float64) float64 {
	if v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	p := math.Pow(10, 9-math.Floor(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}

// Write writes the rebased scenario file.
func Write(w io.Writer, res *Result) error { return scenarios.WriteExtension(w, res.Extension) }
