// Package rebase moves a scenario's base year to a later, published year:
// the state the scenario's run reaches there becomes the new base year's
// inputs (sim.Rebase), the GMV published for that year replaces the
// model's where there is data, published population, income and internet
// use replace the run's when given, members without data are imputed, and
// the result is written as a scenario file that extends the original. It
// is how asean-2022 was made from covid-2018 and asean-2025 from
// covid-2025 (with the World Bank's figures), and how a researcher moves
// it on when the next year is published.
package rebase

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

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
	// Indicators, when given, replace the run's population, income per
	// head and online share by published ones (see covariates); nil keeps
	// the run's state, as asean-2022 does.
	Indicators observed.Indicators
}

// Result is the rebased scenario and what was done to make it.
type Result struct {
	Params    *sim.Params
	Extension scenarios.Extension
	Observed  []string // members whose GMV is data
	Imputed   []string // members whose GMV is imputed
	// Sources says, per member and input key ("population",
	// "income_per_head_usd", "online_share"), the published figure it was
	// made from; absent: the run's state (Indicators nil or no figure).
	Sources map[string]map[string]string
}

// Rebase runs o.Scenario to o.Year and returns the rebased scenario.
func Rebase(o Options) (*Result, error) {
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
	res := &Result{Params: q, Sources: map[string]map[string]string{}}
	if o.Indicators != nil {
		for i := range q.Members {
			src, err := covariates(&q.Members[i], o.Indicators, o.Year)
			if err != nil {
				return nil, err
			}
			res.Sources[q.Members[i].ID] = src
		}
	}
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

// covariates sets member m's population, income per head and online share
// in year from the latest published indicators at or before it, carried
// forward by m's own rates: population at population_growth and income
// per head (GDP / population) at income_growth (MODEL.md equation 5), the
// online share along its logistic (equation 6). An input without a
// figure keeps the run's state. Users then keep the adoption the run
// reached, U/M: they are scaled by the change of potential users P n
// (equation 7), so that U <= M still holds. It returns the source of each
// input it set.
func covariates(m *sim.Member, in observed.Indicators, year int) (map[string]string, error) {
	latest := func(name string) (observed.Indicator, bool) {
		for y := year; y >= year-5; y-- {
			if x, ok := in.Find(m.ID, name, y); ok {
				return x, true
			}
		}
		return observed.Indicator{}, false
	}
	cite := func(x observed.Indicator) string { return fmt.Sprintf("%d, %s %s", x.Year, x.Source, x.Confidence) }
	src := map[string]string{}
	oldPotential := m.Population * m.OnlineShare
	if pop, ok := latest("population"); ok {
		dt := float64(year - pop.Year)
		m.Population = pop.Value * math.Exp(m.PopulationGrowth*dt)
		src["population"] = fmt.Sprintf("population %.10g (%s), carried to %d at population_growth %g", pop.Value, cite(pop), year, m.PopulationGrowth)
		if gdp, ok := in.Find(m.ID, "gdp", pop.Year); ok {
			m.IncomePerHeadUSD = gdp.Value / pop.Value * math.Exp(m.IncomeGrowth*dt)
			src["income_per_head_usd"] = fmt.Sprintf("GDP %.6g USD (%s) / population, carried to %d at income_growth %g", gdp.Value, cite(gdp), year, m.IncomeGrowth)
		}
	}
	if n, ok := latest("internet_share"); ok {
		if n.Value >= m.OnlineShareMax {
			return nil, fmt.Errorf("rebase: %s's internet share %g in %d is not below its online_share_max %g: raise members.%s.online_share_max in the scenario", m.ID, n.Value, n.Year, m.OnlineShareMax, m.ID)
		}
		// The logistic dn/dt = r n (1 - n/nmax) from n over year - n.Year.
		nmax := m.OnlineShareMax
		m.OnlineShare = nmax / (1 + (nmax/n.Value-1)*math.Exp(-m.OnlineSpeed*float64(year-n.Year)))
		src["online_share"] = fmt.Sprintf("internet users %.4g%% (%s), carried to %d along the logistic (online_speed %g, online_share_max %g)", 100*n.Value, cite(n), year, m.OnlineSpeed, nmax)
	}
	f := m.Population * m.OnlineShare / oldPotential
	for s := range m.Users {
		m.Users[s] *= f
	}
	return src, nil
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
		},
	}
	if o.Indicators == nil {
		x.Comment = append(x.Comment,
			"DERIVED  population, income per head, online share, capacity per pillar, users and (v2)",
			fmt.Sprintf("         tenure per member: the state of %s's run at %d (sim.Rebase); the rates,", sc.Name, o.Year),
			"         segments, policy and events are inherited from it.")
	} else {
		x.Comment = append(x.Comment,
			"DATA     population, income per head (GDP / population) and online share (internet users)",
			"         per member: the latest published figure (scenarios/observed indicators) carried to",
			fmt.Sprintf("         %d by the member's own rates: population_growth, income_growth (MODEL.md", o.Year),
			"         equation 5) and the logistic of the online share (equation 6); the figure is in the",
			"         comment above each value. A member without a figure keeps the run's state (DERIVED).",
			"DERIVED  users per member and segment: the adoption U/M that the run reached, times the",
			"         potential users (equation 7) of the published population and online share.",
			fmt.Sprintf("DERIVED  capacity per pillar and (v2) tenure: the state of %s's run at %d (sim.Rebase);", sc.Name, o.Year),
			"         the rates, segments, policy and events are inherited from it.")
	}
	x.Comment = append(x.Comment,
		fmt.Sprintf("DATA     GMV per segment of %s in %d: %s (latest report vintage).", strings.Join(res.Observed, " "), o.Year, "scenarios/observed"),
		fmt.Sprintf("ASSUMPTION GMV of %s (not covered by the data): GDP x the GMV-to-GDP ratio of %s,", strings.Join(res.Imputed, " "), like),
		fmt.Sprintf("         scaled by online share relative to %s and capped at the covered members' ratio; split", like),
		fmt.Sprintf("         like %s, or like the covered members where the cap binds (asean-2018's rule).", like),
		"Effective coordination restarts at business_engagement x coordination (MODEL.md, State).")
	x.Values = append(x.Values, scenarios.ExtensionValue{Comment: "", Keys: []string{"time.base_year"}, Value: float64(o.Year)})
	for i := range q.Members {
		m := &q.Members[i]
		src := "DERIVED state; GMV DATA"
		for _, id := range res.Imputed {
			if id == m.ID {
				src = "DERIVED state; GMV ASSUMPTION (imputed)"
			}
		}
		if len(res.Sources[m.ID]) > 0 {
			src = strings.Replace(src, "DERIVED state", "DATA population, income, online share; DERIVED state", 1)
			if len(res.Sources[m.ID]) < 3 {
				src = strings.Replace(src, "DATA population", "DATA where a figure exists: population", 1)
			}
		}
		first := true
		add := func(key string, v float64) {
			var c []string
			if first {
				c = append(c, fmt.Sprintf("\n%s (%s)", m.ID, src))
				first = false
			}
			if from, ok := res.Sources[m.ID][key]; ok {
				c = append(c, "DATA: "+from)
			} else if res.Sources[m.ID] != nil && (key == "population" || key == "income_per_head_usd" || key == "online_share") {
				c = append(c, fmt.Sprintf("DERIVED: no published figure; the state of the run at %d", o.Year))
			}
			x.Values = append(x.Values, scenarios.ExtensionValue{Comment: strings.Join(c, "\n"), Keys: []string{"members." + m.ID + "." + key}, Value: round(v)})
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
