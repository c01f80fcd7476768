// This file draws the charts of series over time: GMV by segment and by
// member, scenarios side by side, the dividend and convergence.

package plot

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/sim/series"
)

// pick returns the series rows of one scenario and variable that pass keep.
func (f *folder) pick(scenario, variable string, keep func(r table.Row) bool) []table.Row {
	var out []table.Row
	for _, r := range f.series {
		if r.Scenario == scenario && r.Variable == variable && keep(r) {
			out = append(out, r)
		}
	}
	return out
}

func regionTotal(r table.Row) bool { return r.Member == "" && r.Segment == "" }

// seriesBy groups rows into time series keyed by key(r), in first-seen order.
func seriesBy(rows []table.Row, key func(r table.Row) string) []chart.Series {
	var out []chart.Series
	index := map[string]int{}
	for _, r := range rows {
		k := key(r)
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, chart.Series{Name: k})
		}
		out[i].X = append(out[i].X, r.Time)
		out[i].Y = append(out[i].Y, r.Value)
	}
	return out
}

func (f *folder) gmvBySegment() (*chart.Chart, error) {
	sc := f.names[0]
	layers := seriesBy(f.pick(sc, "gmv", func(r table.Row) bool { return r.Member == "" && r.Segment != "" }),
		func(r table.Row) string { return r.Segment })
	title := "Regional digital GMV by segment"
	if len(layers) > 0 && len(layers[0].X) > 1 {
		first, last := 0.0, 0.0
		lead0, lead := 0, 0
		for i, l := range layers {
			first += l.Y[0]
			last += l.Y[len(l.Y)-1]
			if l.Y[len(l.Y)-1] > layers[lead].Y[len(layers[lead].Y)-1] {
				lead = i
			}
			if l.Y[0] > layers[lead0].Y[0] {
				lead0 = i
			}
		}
		if first > 0 {
			title = fmt.Sprintf("Digital GMV grows %s by %s; %s", growth(last/first), chart.Year(layers[0].X[len(layers[0].X)-1]), LargestSegment(layers[lead0].Name, layers[lead].Name))
		}
	}
	return chart.StackedArea(chart.Meta{Region: f.region(),
		Title:    title,
		Subtitle: "Scenario " + f.name(sc) + ", GMV by buyer's country, US$ per year (nominal)",
		Source:   f.source(), XLabel: "Year", YLabel: "GMV (US$)", Unit: chart.USD,
	}, layers)
}

func (f *folder) members(variable, segment string, freeY bool) (*chart.Chart, error) {
	if variable == "" {
		variable = "gmv"
	}
	sc := f.names[0]
	rows := f.pick(sc, variable, func(r table.Row) bool { return r.Member != "" && r.Pillar == "" })
	if len(rows) == 0 {
		return nil, fmt.Errorf("no member rows of variable %q in series.csv", variable)
	}
	rows, what, err := f.segmentRows(variable, segment, rows)
	if err != nil {
		return nil, err
	}
	unit, unitText := unitOf(variable)
	axisNote := " (one axis for all: compare sizes)"
	if freeY {
		axisNote = " (each member its own axis: compare shapes, not sizes)"
	}
	panels := seriesBy(rows, func(r table.Row) string { return r.Member })
	return chart.SmallMultiples(chart.Meta{Region: f.region(),
		Title:    membersFinding(what, panels, f.name),
		Subtitle: "Scenario " + f.name(sc) + ", " + LowerFirst(what) + unitSuffix(unitText) + axisNote,
		Source:   f.source(), XLabel: "Year", YLabel: what, Unit: unit,
	}, panels, chart.MultiplesOptions{Columns: 5, FreeY: freeY})
}

// segmentRows keeps the rows of one segment of a per-segment variable, or
// sums an additive one over segments. Counts of people (users) are never
// summed: a person who shops online and rides is two users. It returns
// the rows and the reader's name of what they hold.
func (f *folder) segmentRows(variable, segment string, rows []table.Row) ([]table.Row, string, error) {
	o, _ := series.Describe(variable)
	perSegment := false
	var segs []string
	seen := map[string]bool{}
	for _, r := range rows {
		if r.Segment != "" {
			perSegment = true
			if !seen[r.Segment] {
				seen[r.Segment] = true
				segs = append(segs, r.Segment)
			}
		}
	}
	if segment != "" {
		if !perSegment {
			return nil, "", fmt.Errorf("--segment %s: %q has no segments", segment, variable)
		}
		if !seen[segment] {
			return nil, "", usage.Errorf("--segment %q: not a segment of %s (segments: %s)", segment, variable, strings.Join(segs, ", "))
		}
		var keep []table.Row
		for _, r := range rows {
			if r.Segment == segment {
				keep = append(keep, r)
			}
		}
		return keep, o.Label + " of " + strings.ToLower(chart.DisplayName(segment)), nil
	}
	if !perSegment {
		return rows, o.Label, nil
	}
	if o.Unit == "persons" {
		return nil, "", usage.Errorf("%q is counted per segment and cannot be summed into persons (a person who shops online and rides is two users); choose a segment with --segment (%s), or a count of persons such as population", variable, strings.Join(segs, ", "))
	}
	if !o.Additive {
		return nil, "", fmt.Errorf("%q is per segment and cannot be summed over segments; choose a member-level variable (e.g. gmv_per_head, online_share, capacity_mean) or a segment with --segment", variable)
	}
	return sumSegments(rows), o.Label, nil
}

// membersFinding states which member leads and which grows fastest, the
// members called by name.
func membersFinding(what string, panels []chart.Series, name func(string) string) string {
	lead, fast := -1, -1
	var fastRatio float64
	for i, p := range panels {
		n := len(p.Y)
		if n < 2 {
			continue
		}
		if lead < 0 || p.Y[n-1] > panels[lead].Y[len(panels[lead].Y)-1] {
			lead = i
		}
		if p.Y[0] > 0 && (fast < 0 || p.Y[n-1]/p.Y[0] > fastRatio) {
			fast, fastRatio = i, p.Y[n-1]/p.Y[0]
		}
	}
	switch {
	case lead < 0:
		return what + " by member"
	case fast < 0 || fast == lead:
		return fmt.Sprintf("%s leads on %s", name(panels[lead].Name), LowerFirst(what))
	}
	return fmt.Sprintf("%s leads on %s; %s grows fastest (%s)", name(panels[lead].Name), LowerFirst(what), name(panels[fast].Name), growth(fastRatio))
}

// growth says how much a ratio of last to first value is: "9.5 times",
// "+45%", "-12%".
func growth(ratio float64) string {
	if ratio >= 2 {
		return strconv.FormatFloat(ratio, 'f', 1, 64) + " times"
	}
	p := (ratio - 1) * 100
	if p >= 0 {
		return "+" + strconv.FormatFloat(p, 'f', 0, 64) + "%"
	}
	return strconv.FormatFloat(p, 'f', 0, 64) + "%"
}

// sumSegments sums member x segment rows over segments, per member and time.
func sumSegments(rows []table.Row) []table.Row {
	type key struct {
		m string
		t float64
	}
	sum := map[key]float64{}
	var order []key
	for _, r := range rows {
		k := key{r.Member, r.Time}
		if _, ok := sum[k]; !ok {
			order = append(order, k)
		}
		sum[k] += r.Value
	}
	out := make([]table.Row, len(order))
	for i, k := range order {
		out[i] = table.Row{Member: k.m, Time: k.t, Value: sum[k], Variable: rows[0].Variable, Scenario: rows[0].Scenario}
	}
	return out
}

func (f *folder) scenarioLines(variable, segment string) (*chart.Chart, error) {
	if variable == "" {
		variable = "gmv"
	}
	var lines []chart.Series
	what := label(variable)
	for _, sc := range f.names {
		rows := f.pick(sc, variable, func(r table.Row) bool { return r.Member == "" && r.Pillar == "" })
		if len(rows) == 0 {
			return nil, fmt.Errorf("no regional rows of variable %q (regional variables: gmv, users, transactions_per_day, gmv_per_head, gini_gmv_per_head, cv_gmv_per_head, capacity_gap, cross_border_share)", variable)
		}
		var total []table.Row
		for _, r := range rows {
			if r.Segment == "" {
				total = append(total, r)
			}
		}
		if segment != "" || len(total) < len(rows) {
			// The region's total of a per-segment count of people sums
			// users across segments: draw one segment instead.
			var err error
			if rows, what, err = f.segmentRows(variable, segment, segmentOnly(rows)); err != nil {
				return nil, err
			}
		}
		lines = append(lines, seriesBy(rows, func(table.Row) string { return sc })...)
	}
	unit, unitText := unitOf(variable)
	return chart.Lines(chart.Meta{Region: f.region(),
		Title:    linesFinding(what, lines, unit),
		Subtitle: f.regionTitle() + ", " + LowerFirst(what) + unitSuffix(unitText),
		Source:   f.source(), XLabel: "Year", YLabel: what, Unit: unit,
	}, lines)
}

// segmentOnly drops the rows of a segment total.
func segmentOnly(rows []table.Row) []table.Row {
	var out []table.Row
	for _, r := range rows {
		if r.Segment != "" {
			out = append(out, r)
		}
	}
	return out
}

// linesFinding states which scenario ends highest and by how much.
func linesFinding(what string, lines []chart.Series, u chart.Unit) string {
	if len(lines) < 2 {
		return what + ", region"
	}
	end := func(s chart.Series) float64 { return s.Y[len(s.Y)-1] }
	sorted := append([]chart.Series(nil), lines...)
	sort.SliceStable(sorted, func(i, j int) bool { return end(sorted[i]) > end(sorted[j]) })
	top, low := sorted[0], sorted[len(sorted)-1]
	year := chart.Year(top.X[len(top.X)-1])
	if end(low) > 0 && (u == chart.USD || u == chart.Persons) {
		return fmt.Sprintf("%s ends highest on %s: %s above %s by %s", upperFirst(chart.DisplayName(top.Name)), LowerFirst(what),
			chart.Share(end(top)/end(low)-1), strings.ToLower(chart.DisplayName(low.Name)), year)
	}
	return fmt.Sprintf("%s ends highest on %s by %s (%s)", upperFirst(chart.DisplayName(top.Name)), LowerFirst(what), year, u.Format(end(top)))
}

func (f *folder) dividend() (*chart.Chart, error) {
	rows, err := readCSVFile(filepath.Join(f.dir, "dividend.csv"))
	if err != nil {
		return nil, err
	}
	var bars []chart.Bar
	var from, to string
	for _, r := range rows[1:] {
		if r[4] == "cumulative_gmv" && r[1] != "" {
			v, err := strconv.ParseFloat(r[7], 64)
			if err != nil {
				return nil, fmt.Errorf("dividend.csv: %w", err)
			}
			bars = append(bars, chart.Bar{Name: r[1], Value: v})
			to = r[0]
		}
	}
	// The sum runs from the year the two scenarios part (manifest.json,
	// extra.cumulative.from, written by compare).
	if c, ok := f.manifest.Extra["cumulative"].(map[string]any); ok {
		if n, ok := c["from"].(json.Number); ok {
			from = n.String()
		}
	}
	if from == "" && len(f.series) > 1 {
		from = strconv.FormatFloat(f.series[1].Time, 'f', -1, 64)
	}
	title := "Coordination dividend by member"
	if len(bars) > 0 {
		total := 0.0
		lead := bars[0]
		for _, b := range bars {
			total += b.Value
			if math.Abs(b.Value) > math.Abs(lead.Value) {
				lead = b
			}
		}
		verb := "adds"
		if total < 0 {
			verb = "costs"
		}
		title = fmt.Sprintf("The policy %s %s over %s-%s; %s gains most in dollars", verb, chart.Money(math.Abs(total)), from, to, f.name(lead.Name))
		if len(f.names) == 2 {
			name := f.display(f.names[0])
			if strings.HasSuffix(name, "rules") { // "binding rules add"
				verb = strings.TrimSuffix(verb, "s")
			}
			title = fmt.Sprintf("%s %s %s over %s-%s; %s gains most in dollars", upperFirst(name), verb, chart.Money(math.Abs(total)), from, to, f.name(lead.Name))
		}
		if lead.Value < 0 {
			title = strings.Replace(title, "gains most", "loses most", 1)
		}
	}
	sub := "Sum of annual digital GMV " + from + "-" + to + ", US$"
	if len(f.names) == 2 {
		sub = upperFirst(f.display(f.names[0])) + " against " + f.display(f.names[1]) + ", sum of annual digital GMV " + from + "-" + to + " (US$)"
	}
	return chart.DividendBars(chart.Meta{Region: f.region(), Title: title, Subtitle: sub, Source: f.source(),
		XLabel: "Dividend, sum of " + from + "-" + to + " (US$)", Unit: chart.USD}, bars)
}

func (f *folder) convergence() (*chart.Chart, error) {
	var gini, cv []chart.Series
	for _, sc := range f.names {
		gini = append(gini, seriesBy(f.pick(sc, "gini_gmv_per_head", regionTotal), func(table.Row) string { return sc })...)
		cv = append(cv, seriesBy(f.pick(sc, "cv_gmv_per_head", regionTotal), func(table.Row) string { return sc })...)
	}
	title, sub := "Do members converge? Dispersion of digital GMV per head", "Gini (population-weighted) and coefficient of variation across members"
	// The title states what both measures do, and only what every
	// scenario shows: the Gini weighs members by population, the
	// coefficient of variation does not (MODEL.md, outputs), so one can
	// fall while the other rises.
	type way struct{ gini, cv int }
	ways := map[way]bool{}
	for i := range gini {
		ways[way{direction(gini[i]), direction(cv[i])}] = true
	}
	every := ""
	if len(gini) > 1 {
		every = " in every scenario"
	}
	switch {
	case len(ways) != 1:
		falls, rises := false, false
		for w := range ways {
			falls = falls || w.gini < 0 || w.cv < 0
			rises = rises || w.gini > 0 || w.cv > 0
		}
		if falls && rises {
			sub += "; falling lines mean convergence, rising ones divergence"
		}
	case ways[way{-1, -1}]:
		title = "Members converge" + every + ": the gaps in digital GMV per head narrow"
		sub += "; falling lines mean convergence"
	case ways[way{1, 1}]:
		title = "Members drift apart" + every + ": the gaps in digital GMV per head widen"
		sub += "; rising lines mean members drift apart"
	case ways[way{-1, 1}]:
		title = "GMV per head: Gini falls while the spread across members widens" + every
		sub += "; weighted by population the gaps narrow, member by member they widen"
	case ways[way{1, -1}]:
		title = "GMV per head: Gini rises while the spread across members narrows" + every
		sub += "; weighted by population the gaps widen, member by member they narrow"
	}
	return chart.Convergence(chart.Meta{Region: f.region(),
		Title: title, Subtitle: sub,
		Source: f.source(), XLabel: "Year",
	}, gini, cv)
}

// direction is the sign of a series' change from its first point to its
// last: -1 falling, 1 rising, 0 flat or too short to say.
func direction(s chart.Series) int {
	n := len(s.Y)
	switch {
	case n > 1 && s.Y[n-1] < s.Y[0]:
		return -1
	case n > 1 && s.Y[n-1] > s.Y[0]:
		return 1
	}
	return 0
}

// LargestSegment says which segment leads at the end: "e-commerce stays
// the largest segment", or "e-commerce overtakes online travel".
func LargestSegment(first, last string) string {
	l := strings.ToLower(chart.DisplayName(last))
	if first == last {
		return l + " stays the largest segment"
	}
	return l + " overtakes " + strings.ToLower(chart.DisplayName(first))
}
