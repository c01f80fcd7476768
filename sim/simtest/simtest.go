// Package simtest holds small, fully specified parameter sets for tests of
// the model and of the packages built on it.
package simtest

import "github.com/digisim/digisim/sim"

// ThreeMembers returns a small, fully specified region used by the tests: three
// members of uneven capacity, two segments, three pillars, coordination
// rising from information sharing to cooperation on integer-year knots.
func ThreeMembers() *sim.Params {
	pillars := []string{"ict", "payments", "logistics"}
	member := func(id string, pop, n, y, lat, lon float64, c []float64) sim.Member {
		return sim.Member{
			ID: id, Population: pop, PopulationGrowth: 0.01,
			OnlineShare: n, OnlineShareMax: 0.95, OnlineSpeed: 0.25,
			IncomePerHeadUSD: y, IncomeGrowth: 0.04,
			Capacity: c, Investment: []float64{0.03, 0.02, 0.01},
			Latitude: lat, Longitude: lon,
			Users:  []float64{0.05 * pop * n, 0.02 * pop * n},
			GMVUSD: []float64{0.05 * pop * n * 200, 0.02 * pop * n * 150},
		}
	}
	return &sim.Params{
		Members: []sim.Member{
			member("AA", 100e6, 0.4, 4000, -6.2, 106.8, []float64{0.5, 0.4, 0.45}),
			member("BB", 30e6, 0.8, 11000, 3.1, 101.7, []float64{0.8, 0.85, 0.7}),
			member("CC", 7e6, 0.3, 2500, 17.9, 102.6, []float64{0.25, 0.2, 0.3}),
		},
		Segments: []sim.Segment{
			{ID: "shop", Innovation: 0.01, Imitation: 0.4, Ceiling: 0.8, ReadinessPotential: 0.5,
				Weights: []float64{1, 2, 1}, Complementarity: -0.5, IncomeElasticity: 1.2,
				ReadinessElasticity: 0.5, Tradability: 0.3, Variety: 0.4, Network: 0.3},
			{ID: "ride", Innovation: 0.02, Imitation: 0.5, Ceiling: 0.5, ReadinessPotential: 0.3,
				Weights: []float64{1, 1, 0}, Complementarity: 0, IncomeElasticity: 1,
				ReadinessElasticity: 0.3, Tradability: 0.05, Variety: 0.1, Network: 0.1,
				TransactionsPerDay: 0.23},
		},
		Pillars: pillars,
		Policy: sim.Policy{
			Coordination: [][]sim.Point{
				{{Year: 2018, Level: 0.2}, {Year: 2020, Level: 0.5}},
				{{Year: 2018, Level: 0.2}, {Year: 2022, Level: 1}},
				{{Year: 2018, Level: 0.2}},
			},
			BusinessEngagement: 0.8, LagYears: 2, LagSensitivity: 1,
			Spillover: 0.3, AbsorptiveFloor: 0.3, GravitySize: 1, GravityDistance: 1,
		},
		Time: sim.Time{Start: 2018, End: 2030, Step: 1.0 / 12, OutputStep: 1},
	}
}
