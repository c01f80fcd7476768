package plot

import (
	"math"
	"slices"
	"testing"

	"github.com/digisim/digisim/output/table"
)

// The steps of a heat map (heatmaps): the grid of means and the title
// that names the best cell, against values worked out by hand.

func pathAxis(label string, col int, levels ...float64) leverAxis {
	return leverAxis{label: label, col: col, levels: levels, place: func(v float64) float64 { return v }}
}

func TestMeanGrid(t *testing.T) {
	// Columns: spillover (y), engagement (x), outcome. Two replicates per
	// cell, levels given out of order; the cell (0.2, 0.8) has one run.
	rows := [][3]float64{
		{0.2, 0.5, 1}, {0.2, 0.5, 3},
		{0.05, 0.5, 10}, {0.05, 0.5, 20},
		{0.2, 0.8, 7},
		{0.05, 0.8, -1}, {0.05, 0.8, -2},
	}
	runs := &table.Runs{Columns: []string{"policy.spillover", "policy.business_engagement", "dividend"}}
	for _, r := range rows {
		runs.Rows = append(runs.Rows, table.RunRow{Values: r[:]})
	}
	axes := [2]leverAxis{pathAxis("Spillover", 0, 0.2, 0.05), pathAxis("Engagement", 1, 0.8, 0.5)}
	g := meanGrid(runs, 2, axes)
	if !slices.Equal(g.Y, []float64{0.05, 0.2}) || !slices.Equal(g.X, []float64{0.5, 0.8}) {
		t.Fatalf("axes y %v x %v, want [0.05 0.2] and [0.5 0.8] (sorted)", g.Y, g.X)
	}
	want := [][]float64{{15, -1.5}, {2, 7}}
	for i := range want {
		if !slices.Equal(g.Z[i], want[i]) {
			t.Errorf("row %d (y %v): %v, want %v", i, g.Y[i], g.Z[i], want[i])
		}
	}
	if g.XNames != nil || g.YNames != nil {
		t.Errorf("path levers have no level names: %v %v", g.XNames, g.YNames)
	}

	// A scenarios lever on y: its column holds the lever's index, placed at
	// the level each scenario reaches (here 0.5 for index 0, 0.2 for 1).
	levels := []float64{0.5, 0.2}
	pol := leverAxis{label: "Policy", col: 0, levels: levels, place: func(v float64) float64 { return levels[int(v)] },
		names: map[float64]string{0.5: "Agreement", 0.2: "Status quo"}}
	runs = &table.Runs{Columns: []string{"scenario", "x", "o"}, Rows: []table.RunRow{
		{Values: []float64{0, 1, 4}}, {Values: []float64{1, 1, 6}}, {Values: []float64{0, 1, 10}},
	}}
	g = meanGrid(runs, 2, [2]leverAxis{pol, pathAxis("X", 1, 1)})
	if !slices.Equal(g.YNames, []string{"Status quo", "Agreement"}) {
		t.Errorf("y names %v, want [Status quo Agreement] (by level)", g.YNames)
	}
	if g.Z[0][0] != 6 || g.Z[1][0] != 7 {
		t.Errorf("means %v, want [[6] [7]] (status quo 6; agreement (4+10)/2)", g.Z)
	}
	// A cell without runs is NaN (no run fell in it), not zero.
	g = meanGrid(runs, 2, [2]leverAxis{pol, pathAxis("X", 1, 1, 2)})
	if !math.IsNaN(g.Z[0][1]) {
		t.Errorf("empty cell %v, want NaN", g.Z[0][1])
	}
}

func TestHeatmapTitle(t *testing.T) {
	runs := &table.Runs{Rows: []table.RunRow{
		{Values: []float64{0.05, 0.5, 15}}, {Values: []float64{0.05, 0.8, -1.5}},
		{Values: []float64{0.2, 0.5, 2}}, {Values: []float64{0.2, 0.8, 7}},
	}}
	axes := [2]leverAxis{pathAxis("Capacity spillover rate (per year)", 0, 0.05, 0.2), pathAxis("Business engagement (beta)", 1, 0.5, 0.8)}
	g := meanGrid(runs, 2, axes)
	if got, want := heatmapTitle("the dividend", g, axes, false), "The dividend is highest at capacity spillover rate 0.05 and business engagement 0.5"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got, want := heatmapTitle("the Gini index", g, axes, true), "The Gini index is lowest at capacity spillover rate 0.05 and business engagement 0.8"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	levels := []float64{0.2, 0.5}
	axes[0] = leverAxis{label: "Policy", col: 0, levels: levels, place: func(v float64) float64 { return levels[int(v)] },
		names: map[float64]string{0.2: "Status quo", 0.5: "Binding"}}
	runs = &table.Runs{Rows: []table.RunRow{{Values: []float64{0, 0.5, 1}}, {Values: []float64{1, 0.8, 9}}, {Values: []float64{1, 0.5, 3}}, {Values: []float64{0, 0.8, 2}}}}
	g = meanGrid(runs, 2, axes)
	if got, want := heatmapTitle("the dividend", g, axes, false), "The dividend is highest under Binding with business engagement 0.8"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got, want := heatmapTitle("the dividend", meanGrid(&table.Runs{}, 2, [2]leverAxis{pathAxis("A", 0), pathAxis("B", 1)}), axes, false), "Policy levers: the dividend"; got != want {
		t.Errorf("empty grid: got %q, want %q", got, want)
	}
}
