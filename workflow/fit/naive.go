package fit

import "math"

// Naive forecasts made at origin T from the published aggregates alone:
// the yardsticks a model's forecast must beat (docs/calibration.md).
var naiveNames = []string{"no_change", "own_growth", "total_growth"}

// naive returns the naive forecast of aggregate a for year y made at
// origin T: "no_change" keeps the value of T; "own_growth" grows it at its
// own growth of the year before T, (v(T)/v(T-1))^(y-T); "total_growth"
// at the SEA-6 total's growth of that year. ok is false when a needed
// figure was not published.
func naive(pb *published, name string, a agg, T, y int) (float64, bool) {
	vT, ok := pb.at(a, T)
	if !ok {
		return 0, false
	}
	var g agg // the series whose growth is carried
	switch name {
	case "no_change":
		return vT, true
	case "own_growth":
		g = a
	case "total_growth":
		g = agg{}
	default:
		return 0, false
	}
	now, ok1 := pb.at(g, T)
	before, ok2 := pb.at(g, T-1)
	if !ok1 || !ok2 {
		return 0, false
	}
	return vT * math.Pow(now/before, float64(y-T)), true
}
