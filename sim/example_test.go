package sim_test

import (
	"fmt"

	"github.com/digisim/digisim/sim"
)

// A two-member, one-segment, one-pillar region run for five years.
func ExampleRun() {
	member := func(id string, pop, lat, lon float64) sim.Member {
		return sim.Member{
			ID: id, Population: pop, OnlineShare: 0.5, OnlineShareMax: 0.9, OnlineSpeed: 0.2,
			IncomePerHeadUSD: 5000, IncomeGrowth: 0.03,
			Capacity: []float64{0.6}, Investment: []float64{0.02},
			Latitude: lat, Longitude: lon,
			Users: []float64{0.05 * pop}, GMVUSD: []float64{0.05 * pop * 300},
		}
	}
	p := &sim.Params{
		Members: []sim.Member{member("AA", 10e6, 0, 100), member("BB", 20e6, 10, 105)},
		Segments: []sim.Segment{{
			ID: "shop", Innovation: 0.01, Imitation: 0.4, Ceiling: 0.6, ReadinessPotential: 0.5,
			Weights: []float64{1}, IncomeElasticity: 1, Tradability: 0.2, Variety: 0.3,
		}},
		Pillars: []string{"payments"},
		Policy: sim.Policy{
			Coordination:       [][]sim.Point{{{Year: 2018, Level: 0.2}, {Year: 2020, Level: 1}}},
			BusinessEngagement: 1, LagYears: 1, GravitySize: 1, GravityDistance: 1,
		},
		Time: sim.Time{Start: 2018, End: 2023, Step: 1.0 / 12, OutputStep: 1},
	}
	res, err := sim.Run(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, sn := range res.Steps {
		fmt.Printf("%.0f  GMV %5.2f bn USD  users %4.2f M  bought abroad %4.1f%%\n",
			sn.Time, sn.Region.GMVTotal/1e9, sn.Region.UsersTotal/1e6, 100*sn.Region.CrossBorderShare)
	}
	// Output:
	// 2018  GMV  0.45 bn USD  users 1.50 M  bought abroad  2.4%
	// 2019  GMV  0.65 bn USD  users 2.09 M  bought abroad  4.2%
	// 2020  GMV  0.92 bn USD  users 2.83 M  bought abroad  8.1%
	// 2021  GMV  1.24 bn USD  users 3.68 M  bought abroad 10.9%
	// 2022  GMV  1.62 bn USD  users 4.64 M  bought abroad 12.0%
	// 2023  GMV  2.03 bn USD  users 5.66 M  bought abroad 12.5%
}
