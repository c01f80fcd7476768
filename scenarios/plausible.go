package scenarios

import (
	"fmt"
	"github.com/digisim/digisim/sim"
	"strconv"
)

// Plausible bounds on a country's figures. A figure outside them is valid
// (the model runs it) but no published economy shows it, and the usual
// cause is a unit slip: a value entered in billions or millions where the
// key wants units, or a percentage where it wants a share. Unit slips are
// factors of 1e3 to 1e9, so the bounds are set wide of the published
// range and still catch them. Sources for each bound are in
// docs/new-region.md ("Plausibility checks").
const (
	// GMV of the four segments per person online, USD a year: SEA-6 2018
	// about 200 (72 bn USD, 350 million internet users, e-Conomy SEA
	// 2018); the largest online markets spend a few thousand.
	minGMVPerOnline, maxGMVPerOnline = 1, 2e4
	// GMV per user of one segment, USD a year (SEA-6 2018: e-commerce
	// about 190 per buyer, transport & food about 230 per user).
	minGMVPerUser, maxGMVPerUser = 1, 5e4
	// GMV over GDP, all segments: 1.6% (PH) to 4% (VN) in 2018 (e-Conomy
	// SEA), about 5% for SEA goods e-commerce alone in 2023 (Hinrich).
	minGMVToGDP, maxGMVToGDP = 1e-4, 0.25
	// Users of a segment per person online: fewer than one in ten
	// thousand is a count in thousands or millions.
	minUsersPerOnline = 1e-4
	// Income per head, USD a year: the poorest and richest countries are
	// at about 200 and 150,000 (World Bank, GDP per capita).
	minIncome, maxIncome = 100, 3e5
	// Population: the smallest UN member has about 10,000 people.
	minPopulation = 5e3
)

// plausibility returns warnings for figures outside the bounds above and
// growth rates outside the plausible ranges of the schema (population
// growth -2% to +5% a year, income growth -5% to +15% a year: the ranges
// calibration searches).
func (b *builder) plausibility() []*Error {
	var out []*Error
	warn := func(path []string, v float64, reason string) {
		l := b.r.where(path)
		out = append(out, &Error{File: l.file, Line: l.pos.Line, Col: l.pos.Col,
			Key: renderPath(path), Value: short(v), Reason: reason})
	}
	memberNode := schema.field("members").elem
	for _, m := range b.p.Members {
		at := func(keys ...string) []string { return append([]string{"members", m.ID}, keys...) }
		online := m.Population * m.OnlineShare
		gdp := m.Population * m.IncomePerHeadUSD
		var gmv float64
		for _, g := range m.GMVUSD {
			gmv += g
		}
		if m.Population < minPopulation {
			warn(at("population"), m.Population, fmt.Sprintf("persons is below %s, fewer than the smallest country has: was it entered in millions or thousands? population is in persons", formatFloat(minPopulation)))
		}
		if y := m.IncomePerHeadUSD; y < minIncome || y > maxIncome {
			warn(at("income_per_head_usd"), y, fmt.Sprintf("USD per person a year is outside [%s, %s], the range of countries' GDP per head: was it entered in thousands, or is it GDP rather than GDP per head?", formatFloat(minIncome), formatFloat(maxIncome)))
		}
		for _, key := range []string{"population_growth", "income_growth"} {
			n := memberNode.field(key)
			v := m.PopulationGrowth
			if key == "income_growth" {
				v = m.IncomeGrowth
			}
			if v < n.fitLo || v > n.fitHi {
				warn(at(key), v, fmt.Sprintf("a year is outside [%s, %s], beyond what countries sustain: was a percentage entered where a rate is wanted (0.03 for 3%%)?", formatFloat(n.fitLo), formatFloat(n.fitHi)))
			}
		}
		if online > 0 {
			if r := gmv / online; r < minGMVPerOnline || r > maxGMVPerOnline {
				warn(at("gmv_usd"), gmv, fmt.Sprintf("USD a year in all segments is %s USD per person online, outside [%s, %s]: was GMV entered in billions or millions? gmv_usd is in USD", short(r), formatFloat(minGMVPerOnline), formatFloat(maxGMVPerOnline)))
			}
		}
		if gdp > 0 {
			if r := gmv / gdp; r < minGMVToGDP || r > maxGMVToGDP {
				warn(at("gmv_usd"), gmv, fmt.Sprintf("USD a year in all segments is %s%% of GDP (population x income_per_head_usd), outside [%s%%, %s%%]: is GMV, population or income in the wrong unit?", short(100*r), formatFloat(100*minGMVToGDP), formatFloat(100*maxGMVToGDP)))
			}
		}
		for s, sg := range b.p.Segments {
			u, g := m.Users[s], m.GMVUSD[s]
			if online > 0 && u > 0 && u < minUsersPerOnline*online {
				warn(at("users", sg.ID), u, fmt.Sprintf("persons is %s of the %s people online: was it entered in millions or thousands? users are persons", short(u/online), short(online)))
			}
			if u > 0 && g > 0 {
				if r := g / u; r < minGMVPerUser || r > maxGMVPerUser {
					warn(at("gmv_usd", sg.ID), g, fmt.Sprintf("USD is %s USD a year per user (%s users), outside [%s, %s]: is GMV in billions, or users in millions?", short(r), short(u), formatFloat(minGMVPerUser), formatFloat(maxGMVPerUser)))
				}
			}
		}
	}
	return out
}

func short(x float64) string { return strconv.FormatFloat(x, 'g', 3, 64) }

// checkDistances refuses two members closer than 1 km when distance
// matters (policy.gravity_distance != 0), as a run does (MODEL.md,
// equation 11), so that validate says what run would.
func (b *builder) checkDistances() {
	if b.p.Policy.GravityDistance == 0 {
		return
	}
	// One error for each member too close to an earlier one, at most
	// maxDistanceErrors of them: thousands of members at one place would
	// otherwise give millions of errors.
	const maxDistanceErrors = 10
	ms, n := b.p.Members, 0
	for j := range ms {
		for i := range j {
			d := sim.GreatCircleKm(ms[i].Latitude, ms[i].Longitude, ms[j].Latitude, ms[j].Longitude)
			if d >= 1 {
				continue
			}
			if n++; n <= maxDistanceErrors {
				b.fail([]string{"members", ms[j].ID, "latitude"}, ms[j].Latitude, fmt.Sprintf(
					"members %s and %s are %s km apart (MODEL.md, equation 11, needs at least 1 km while policy.gravity_distance is not 0): give each member the coordinates of its own economic centre",
					ms[i].ID, ms[j].ID, short(d)))
			}
			break
		}
	}
	if n > maxDistanceErrors {
		b.fail([]string{"members"}, nil, fmt.Sprintf("%d more members are less than 1 km from another member (only the first %d are named)", n-maxDistanceErrors, maxDistanceErrors))
	}
}
