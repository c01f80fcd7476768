package chart

import (
	"bytes"
	"regexp"
	"slices"
	"testing"
)

var yearRE = regexp.MustCompile(`^[12][0-9]{3}$`)

// TestPanelAxesShowTheirEnds: every panel of a small-multiple time chart
// labels the first and the last year of its axis, at slide and page size.
// The oracle is the fixtures' years and panel counts, written by hand: the
// members' panels run 2018-2035 in five columns (the bottom row carries the
// shared axis), the indices' three panels 2019-2035. The year labels of the
// lowest row of year labels, left to right, must read first, ..., last once
// per column.
func TestPanelAxesShowTheirEnds(t *testing.T) {
	want := map[string]struct {
		first, last string
		columns     int
	}{
		"small_multiples":      {"2018", "2035", 5},
		"small_multiples_free": {"2018", "2035", 5},
		"small_multiples_log":  {"2018", "2035", 5},
		"indices_over_time":    {"2019", "2035", 3},
	}
	all := append(fixtures(), decideFixtures()...)
	for name, w := range want {
		k := slices.IndexFunc(all, func(f struct {
			name  string
			build func() (*Chart, error)
		}) bool {
			return f.name == name
		})
		if k < 0 {
			t.Fatalf("no fixture %s", name)
		}
		for _, sz := range []Size{Slide, Page} {
			c, err := all[k].build()
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := c.Render(&b, SVG, sz); err != nil {
				t.Fatal(err)
			}
			texts, _, _, _ := parseSVG(t, b.Bytes())
			var years []svgText
			lowest := 0.0
			for _, tx := range texts {
				if yearRE.MatchString(tx.s) && !tx.rotated {
					years = append(years, tx)
					lowest = max(lowest, tx.base)
				}
			}
			var row []svgText
			for _, y := range years {
				if y.base > lowest-1 { // one row, to rounding
					row = append(row, y)
				}
			}
			slices.SortFunc(row, func(a, b svgText) int {
				switch {
				case a.x < b.x:
					return -1
				case a.x > b.x:
					return 1
				}
				return 0
			})
			// Split the row into axes: each starts with the first year.
			var axes [][]string
			for _, y := range row {
				if y.s == w.first || len(axes) == 0 {
					axes = append(axes, nil)
				}
				axes[len(axes)-1] = append(axes[len(axes)-1], y.s)
			}
			if len(axes) != w.columns {
				t.Errorf("%s at %s: year labels %v make %d axes, want %d each from %s to %s", name, sz, axes, len(axes), w.columns, w.first, w.last)
				continue
			}
			for i, a := range axes {
				if a[0] != w.first || a[len(a)-1] != w.last {
					t.Errorf("%s at %s: panel %d's axis reads %v, want it to start at %s and end at %s", name, sz, i+1, a, w.first, w.last)
				}
			}
		}
	}
}
