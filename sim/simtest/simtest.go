// Package simtest holds small, fully specified parameter sets for tests of
// the model and of the packages built on it.
package simtest

import (
	"fmt"

	"github.com/digisim/digisim/sim"
)

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

// Region returns a synthetic region of n members, s segments and k pillars
// with deterministic, uneven values: the size of the default ASEAN scenario
// is Region(10, 4, 11). Benchmarks use it before any scenario file exists.
func Region(n, s, k int) *sim.Params {
	p := &sim.Params{Time: sim.Time{Start: 2018, End: 2035, Step: 1.0 / 12, OutputStep: 1}}
	for j := range k {
		p.Pillars = append(p.Pillars, string(rune('a'+j%26))+string(rune('0'+j/26)))
		p.Policy.Coordination = append(p.Policy.Coordination, []sim.Point{{Year: 2018, Level: 0.2}, {Year: 2022, Level: 0.5}})
	}
	for j := range s {
		w := make([]float64, k)
		for q := range w {
			w[q] = float64((q+j)%3 + 1)
		}
		p.Segments = append(p.Segments, sim.Segment{
			ID: string(rune('A' + j)), Innovation: 0.01, Imitation: 0.4, Ceiling: 0.8,
			ReadinessPotential: 0.5, Weights: w, Complementarity: []float64{-1, -0.5, 0}[j%3],
			IncomeElasticity: 1.1, ReadinessElasticity: 0.4, Tradability: 0.2, Variety: 0.3,
			Network: 0.2, TransactionsPerDay: 0.1,
		})
	}
	for i := range n {
		f := float64(i+1) / float64(n)
		c := make([]float64, k)
		a := make([]float64, k)
		for q := range c {
			c[q] = 0.2 + float64(0.7*f*float64((q+i)%4+1)/4)
			a[q] = 0.02
		}
		pop := 5e6 + float64(3e7*float64((i*7)%n))
		users := make([]float64, s)
		gmv := make([]float64, s)
		for j := range s {
			users[j] = 0.02 * pop * (0.3 + float64(0.5*f))
			gmv[j] = users[j] * 150
		}
		p.Members = append(p.Members, sim.Member{
			ID: fmt.Sprintf("M%02d", i), Population: pop, PopulationGrowth: 0.01,
			OnlineShare: 0.3 + float64(0.5*f), OnlineShareMax: 0.95, OnlineSpeed: 0.2,
			IncomePerHeadUSD: 1500 + float64(40000*f*f), IncomeGrowth: 0.04,
			Capacity: c, Investment: a, Latitude: -8 + float64(2.5*float64(i)), Longitude: 96 + float64(2*float64(i)),
			Users: users, GMVUSD: gmv,
		})
	}
	p.Policy.BusinessEngagement, p.Policy.LagYears, p.Policy.LagSensitivity = 0.7, 2, 1
	p.Policy.Spillover, p.Policy.AbsorptiveFloor = 0.2, 0.3
	p.Policy.GravitySize, p.Policy.GravityDistance = 1, 1
	return p
}

// ShippedNames lists the shipped scenarios that Shipped holds.
var ShippedNames = []string{"agreement", "binding", "capacity-building", "no-coordination"}

// Shipped returns the parameters that the shipped scenario name resolves
// to, written out in Go (shipped.go, generated and kept equal to the files
// by a test in package scenarios), so that sim's tests and benchmarks run
// the real region without reading TOML. Each call returns a fresh copy. It
// panics for a name not in ShippedNames.
func Shipped(name string) *sim.Params {
	f, ok := shipped[name]
	if !ok {
		panic("simtest: no shipped scenario " + name)
	}
	return f()
}
