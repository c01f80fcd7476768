// This file draws the charts of one year across members: capacity by
// pillar and cross-border purchases.

package plot

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strconv"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/table"
)

// atYear returns year, or the last time of the rows when year is 0, and
// checks it is an output time.
func atYear(year float64, times []float64) (float64, error) {
	if len(times) == 0 {
		return 0, errors.New("no rows")
	}
	if year == 0 {
		return times[len(times)-1], nil
	}
	for _, t := range times {
		if math.Abs(t-year) < 1e-6 {
			return t, nil
		}
	}
	return 0, fmt.Errorf("--year %v is not an output time (%v to %v)", year, times[0], times[len(times)-1])
}

func (f *folder) capacity(sc string, year float64) (*chart.Chart, error) {
	rows := f.pick(sc, "capacity", func(r table.Row) bool { return true })
	var times []float64
	for _, r := range rows {
		if len(times) == 0 || times[len(times)-1] != r.Time {
			times = append(times, r.Time)
		}
	}
	t, err := atYear(year, times)
	if err != nil {
		return nil, err
	}
	var m chart.Matrix
	rowIx, colIx := map[string]int{}, map[string]int{}
	for _, r := range rows {
		if r.Time != t {
			continue
		}
		if _, ok := rowIx[r.Member]; !ok {
			rowIx[r.Member] = len(m.Rows)
			m.Rows = append(m.Rows, r.Member)
			m.Values = append(m.Values, nil)
		}
		if _, ok := colIx[r.Pillar]; !ok {
			colIx[r.Pillar] = len(m.Cols)
			m.Cols = append(m.Cols, r.Pillar)
		}
		i := rowIx[r.Member]
		m.Values[i] = append(m.Values[i], r.Value)
	}
	title := fmt.Sprintf("Capacity by member and policy pillar, %.0f", t)
	if len(m.Rows) > 0 {
		bi, bj := 0, 0
		for i := range m.Values {
			for j := range m.Values[i] {
				if m.Values[i][j] < m.Values[bi][bj] {
					bi, bj = i, j
				}
			}
		}
		title = fmt.Sprintf("The weakest capacity in %.0f: %s, %s (%s)", t, f.name(m.Rows[bi]), LowerFirst(f.name(m.Cols[bj])), strconv.FormatFloat(m.Values[bi][bj], 'f', 2, 64))
	}
	return chart.CapacityHeatMap(chart.Meta{Region: f.region(),
		Title:    title,
		Subtitle: "Scenario " + f.name(sc) + ", index from 0 (none) to 1 (frontier); the colours span the values shown",
		Source:   f.source(), ValueLabel: "Capacity (0-1)",
	}, m)
}

func (f *folder) crossBorder(year float64) (*chart.Chart, error) {
	rows, err := readCSVFile(filepath.Join(f.dir, "cross_border.csv"))
	if err != nil {
		return nil, err
	}
	var times []float64
	for _, r := range rows[1:] {
		t, err := strconv.ParseFloat(r[0], 64)
		if err != nil {
			return nil, fmt.Errorf("cross_border.csv: %w", err)
		}
		if len(times) == 0 || times[len(times)-1] != t {
			times = append(times, t)
		}
	}
	t, err := atYear(year, times)
	if err != nil {
		return nil, err
	}
	matrix := func(at float64) (chart.Matrix, error) {
		var m chart.Matrix
		ix := map[string]int{}
		id := func(s string) int {
			if i, ok := ix[s]; ok {
				return i
			}
			ix[s] = len(m.Rows)
			m.Rows = append(m.Rows, s)
			return ix[s]
		}
		type cell struct {
			i, j int
			v    float64
		}
		var cells []cell
		for _, r := range rows[1:] {
			if tt, _ := strconv.ParseFloat(r[0], 64); tt != at {
				continue
			}
			v, err := strconv.ParseFloat(r[3], 64)
			if err != nil {
				return m, fmt.Errorf("cross_border.csv: %w", err)
			}
			cells = append(cells, cell{id(r[1]), id(r[2]), v})
		}
		m.Cols = m.Rows
		m.Values = make([][]float64, len(m.Rows))
		for i := range m.Values {
			m.Values[i] = make([]float64, len(m.Rows))
		}
		for _, c := range cells {
			m.Values[c.i][c.j] = c.v
		}
		return m, nil
	}
	// One colour scale for every year of the run, so that charts of two
	// years compare cell by cell.
	var all []chart.Matrix
	var m chart.Matrix
	for _, at := range times {
		mm, err := matrix(at)
		if err != nil {
			return nil, err
		}
		all = append(all, mm)
		if at == t {
			m = mm
		}
	}
	var title string
	bi, bj := -1, -1
	for i := range m.Values {
		for j := range m.Values[i] {
			if i != j && m.Values[i][j] > 0 && (bi < 0 || m.Values[i][j] > m.Values[bi][bj]) {
				bi, bj = i, j
			}
		}
	}
	if bi < 0 {
		title = fmt.Sprintf("No cross-border digital trade in %.0f", t)
	} else {
		title = fmt.Sprintf("The largest cross-border flow in %.0f: %s buying from %s", t, f.name(m.Rows[bi]), f.name(m.Cols[bj]))
	}
	return chart.CrossBorderMatrix(chart.Meta{Region: f.region(),
		Title:    title,
		Subtitle: "Scenario " + f.name(f.names[0]) + ", buyer (rows) from seller (columns), US$ per year; one colour scale for every year",
		Source:   f.source(), ValueLabel: "Purchases (US$ per year)", Unit: chart.USD,
		Scale: chart.CrossBorderScale(all...),
		Empty: fmt.Sprintf("No cross-border trade in %.0f: without coordination members buy only from their own sellers", t),
	}, m)
}
