package plot

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/digisim/digisim/internal/suggest"
	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/scenarios/observed"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/series"
)

// Options say which charts Draw draws and how.
type Options struct {
	Chart    string // one chart name, or "" for every chart that fits
	Variable string // variable of the members and scenarios charts
	Segment  string // segment of a per-segment variable (users are never summed over segments)
	Year     float64
	FreeY    bool // members chart: each panel its own y axis
	Format   chart.Format
	Size     chart.Size
	Out      string // folder for the charts (default DIR/charts)
}

// Names lists every chart Draw can draw, in drawing order.
var Names = []string{"gmv-by-segment", "members", "scenarios", "dividend", "convergence", "capacity", "cross-border", "fan", "heatmap", "tornado"}

// folder is what an output folder holds, read once.
type folder struct {
	dir      string
	series   []table.Row // series.csv
	names    []string    // scenarios in series.csv, in order
	manifest *manifest.Manifest
	sweep    *manifest.Sweep // the manifest's sweep record, if any
}

// lines counts the lines of a file of the folder (0 if unreadable).
func (f *folder) lines(name string) int {
	b, err := os.ReadFile(filepath.Join(f.dir, name))
	if err != nil {
		return 0
	}
	return strings.Count(string(b), "\n")
}

func (f *folder) has(name string) bool {
	_, err := os.Stat(filepath.Join(f.dir, name))
	return err == nil
}

// Draw draws the charts that the folder's tables allow (or only
// o.Chart) and returns the files written. A chart that cannot be drawn from
// this folder is skipped, unless it was asked for by name.
func Draw(dir string, o Options) ([]string, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("plot: %s is not an output folder of digisim run, compare, sweep or analyze", dir)
	}
	f := &folder{dir: dir}
	if !f.has("manifest.json") && f.hasTables() {
		// The manifest is written last: without it the tables are incomplete.
		return nil, fmt.Errorf("plot: %s has no manifest.json: its tables are incomplete (a run, compare, sweep or merge was interrupted); "+
			"finish it (digisim sweep ... --resume, or run the command again), then plot", dir)
	}
	if err := checkOptions(o); err != nil {
		return nil, err
	}
	if f.has("series.csv") {
		rows, err := table.ReadTidyFile(filepath.Join(dir, "series.csv"))
		if err != nil {
			return nil, err
		}
		f.series = rows
		seen := map[string]bool{}
		for _, r := range rows {
			if !seen[r.Scenario] {
				seen[r.Scenario] = true
				f.names = append(f.names, r.Scenario)
			}
		}
	}
	if f.has("manifest.json") {
		m, err := manifest.Read(filepath.Join(dir, "manifest.json"))
		if err != nil {
			return nil, err
		}
		f.manifest = m
		if sw, err := m.Sweep(); err == nil {
			f.sweep = sw
		}
	}
	if o.Chart != "" && !contains(Names, o.Chart) {
		return nil, usage.Errorf("plot: unknown chart %q; charts: %s", o.Chart, strings.Join(Names, ", "))
	}
	if err := f.checkYear(o.Year); err != nil {
		return nil, err
	}
	out := o.Out
	if out == "" {
		out = filepath.Join(dir, "charts")
	}
	var written []string
	var errs []error
	for _, name := range Names {
		if o.Chart != "" && name != o.Chart {
			continue
		}
		charts, err := f.build(name, o)
		if errors.Is(err, errNotHere) {
			if o.Chart != "" {
				return nil, fmt.Errorf("plot: chart %s needs %v", name, err)
			}
			continue
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("plot: %s: %w", name, err))
			continue
		}
		for _, c := range charts {
			path := filepath.Join(out, c.file+"."+o.Format.String())
			if err := c.chart.Save(path, o.Format, o.Size); err != nil {
				errs = append(errs, err)
				continue
			}
			written = append(written, path)
		}
	}
	if len(written) == 0 && len(errs) == 0 {
		errs = append(errs, fmt.Errorf("plot: %w in %s (charts: %s)", ErrNoChart, dir, strings.Join(Names, ", ")))
	}
	return written, errors.Join(errs...)
}

// hasTables reports whether the folder holds any table digisim writes.
func (f *folder) hasTables() bool {
	for _, t := range []string{"series.csv", "summary.csv", "dividend.csv", "runs.csv", "runs.parquet", "bands.csv", "sensitivity.csv"} {
		if f.has(t) {
			return true
		}
	}
	return false
}

// checkOptions refuses a variable the vocabulary does not know before any
// chart is drawn.
func checkOptions(o Options) error {
	if o.Variable == "" {
		return nil
	}
	var names []string
	seen := map[string]bool{}
	for _, v := range series.Variables {
		if !seen[v.Name] {
			seen[v.Name] = true
			names = append(names, v.Name)
		}
	}
	if !seen[o.Variable] {
		return usage.Errorf("plot: --var %q: no such variable%s; variables: %s", o.Variable, suggest.DidYouMean(o.Variable, names), strings.Join(names, ", "))
	}
	return nil
}

// checkYear refuses a --year outside the folder's output times (from its
// series table, or the series columns of a sweep), before any chart.
func (f *folder) checkYear(year float64) error {
	if year == 0 {
		return nil
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range f.series {
		lo, hi = math.Min(lo, r.Time), math.Max(hi, r.Time)
	}
	if f.sweep != nil {
		for _, c := range f.sweep.Columns {
			if _, t, ok := strings.Cut(c, "@"); ok {
				if v, err := strconv.ParseFloat(t, 64); err == nil {
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
		}
	}
	if lo <= hi && (year < lo-1e-6 || year > hi+1e-6) {
		return usage.Errorf("plot: --year %v is not an output time of the folder (%v to %v)", year, lo, hi)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ErrNoChart says no chart fits a folder's tables: not an error when the
// charts come along with another command's tables.
var ErrNoChart = errors.New("no chart fits the tables")

// errNotHere says a chart does not fit the folder's tables.
var errNotHere = errors.New("tables this folder does not have")

type namedChart struct {
	file  string
	chart *chart.Chart
}

func one(file string, build func() (*chart.Chart, error)) ([]namedChart, error) {
	c, err := build()
	if err != nil {
		return nil, err
	}
	return []namedChart{{file, c}}, nil
}

// source is the source line of every chart drawn from this folder.
func (f *folder) source() string {
	s := "Source: digisim " + manifest.Version()
	if len(f.names) > 0 {
		s += ", scenario " + strings.Join(f.names, " vs ")
	} else if f.manifest != nil && f.manifest.Scenario != "" {
		s += ", scenario " + f.manifest.Scenario
	}
	base := 0.0
	if len(f.series) > 0 {
		base = f.series[0].Time
	}
	return s + "; " + DataSource(base)
}

// DataSource names the base-year data of the shipped scenarios that start
// in baseYear (0: unknown, taken as 2018): the e-Conomy SEA report
// (Google, Temasek; Bain from the 2019 edition) that gives that year's
// figures. The first edition (2016) gives 2015.
func DataSource(baseYear float64) string {
	y := int(math.Round(baseYear))
	if y == 0 {
		y = 2018
	}
	who := "Google, Temasek"
	if y >= 2019 {
		who = "Google, Temasek, Bain"
	}
	if y < 2016 {
		return fmt.Sprintf("base-year data e-Conomy SEA 2016, %d figures (%s)", y, who)
	}
	return fmt.Sprintf("base-year data e-Conomy SEA %d (%s)", y, who)
}

func (f *folder) build(name string, o Options) ([]namedChart, error) {
	switch name {
	case "gmv-by-segment":
		if len(f.names) != 1 {
			return nil, fmt.Errorf("%w: series.csv of one run", errNotHere)
		}
		return one(name, func() (*chart.Chart, error) { return f.gmvBySegment() })
	case "members":
		if len(f.names) != 1 {
			return nil, fmt.Errorf("%w: series.csv of one run", errNotHere)
		}
		return one(name, func() (*chart.Chart, error) { return f.members(o.Variable, o.Segment, o.FreeY) })
	case "scenarios":
		if len(f.names) < 2 {
			return nil, fmt.Errorf("%w: series.csv of a comparison", errNotHere)
		}
		return one(name, func() (*chart.Chart, error) { return f.scenarioLines(o.Variable, o.Segment) })
	case "dividend":
		if !f.has("dividend.csv") {
			return nil, fmt.Errorf("%w: dividend.csv (digisim compare)", errNotHere)
		}
		return one(name, func() (*chart.Chart, error) { return f.dividend() })
	case "convergence":
		if len(f.names) == 0 {
			return nil, fmt.Errorf("%w: series.csv", errNotHere)
		}
		return one(name, func() (*chart.Chart, error) { return f.convergence() })
	case "capacity":
		if len(f.names) == 0 {
			return nil, fmt.Errorf("%w: series.csv", errNotHere)
		}
		var out []namedChart
		for _, sc := range f.names {
			c, err := f.capacity(sc, o.Year)
			if err != nil {
				return nil, err
			}
			file := name
			if len(f.names) > 1 {
				file += "-" + sc
			}
			out = append(out, namedChart{file, c})
		}
		return out, nil
	case "cross-border":
		if !f.has("cross_border.csv") || len(f.names) != 1 {
			return nil, fmt.Errorf("%w: cross_border.csv (digisim run)", errNotHere)
		}
		return one(name, func() (*chart.Chart, error) { return f.crossBorder(o.Year) })
	case "fan":
		if !f.has("bands.csv") || f.lines("bands.csv") < 2 {
			return nil, fmt.Errorf("%w: bands.csv (digisim sweep)", errNotHere)
		}
		return f.fans()
	case "heatmap":
		if !f.has("runs.parquet") || f.sweep == nil {
			return nil, fmt.Errorf("%w: runs.parquet and the manifest of a sweep", errNotHere)
		}
		return f.heatmaps()
	case "tornado":
		if !f.has("sensitivity.csv") {
			return nil, fmt.Errorf("%w: sensitivity.csv (digisim analyze)", errNotHere)
		}
		return f.tornados()
	}
	return nil, errNotHere
}

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

// unitOf says how a variable's values read, from its unit in sim/series.
func unitOf(variable string) (chart.Unit, string) {
	o, _ := series.Describe(variable)
	switch {
	case strings.HasPrefix(o.Unit, "USD/"):
		return chart.USD, "US$ per year, nominal"
	case o.Unit == "persons":
		return chart.Persons, "persons"
	case o.Unit == "share":
		return chart.Fraction, "share"
	case o.Unit == "per day":
		return chart.Plain, "per day"
	}
	return chart.Plain, "index"
}

// label returns the reader's name of a variable.
func label(variable string) string {
	o, _ := series.Describe(variable)
	return o.Label
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
	return chart.StackedArea(chart.Meta{
		Title:    title,
		Subtitle: "Scenario " + chart.DisplayName(sc) + ", GMV by buyer's country, US$ per year (nominal)",
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
	return chart.SmallMultiples(chart.Meta{
		Title:    membersFinding(what, panels),
		Subtitle: "Scenario " + chart.DisplayName(sc) + ", " + lowerFirst(what) + unitSuffix(unitText) + axisNote,
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

// membersFinding states which member leads and which grows fastest.
func membersFinding(what string, panels []chart.Series) string {
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
		return fmt.Sprintf("%s leads on %s", chart.DisplayName(panels[lead].Name), lowerFirst(what))
	}
	return fmt.Sprintf("%s leads on %s; %s grows fastest (%s)", chart.DisplayName(panels[lead].Name), lowerFirst(what), chart.DisplayName(panels[fast].Name), growth(fastRatio))
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

// lowerFirst lowers the first letter of a label unless it starts an
// acronym ("GMV", "CV") or a name ("Gini").
func lowerFirst(s string) string {
	if len(s) < 2 || (s[1] >= 'A' && s[1] <= 'Z') || strings.HasPrefix(s, "Gini") {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// short drops the unit or symbol in brackets at the end of a parameter's
// label, for a title: "Capacity spillover rate (per year)" is "Capacity
// spillover rate".
func short(label string) string {
	if i := strings.LastIndex(label, " ("); i > 0 && strings.HasSuffix(label, ")") {
		return label[:i]
	}
	return label
}

// lowerIsBetter says a lower value of an outcome is the better one:
// dispersion and capacity gaps.
func lowerIsBetter(exp *experiments.File, name string) bool {
	if exp == nil {
		return false
	}
	for _, o := range exp.Outcomes {
		if o.Name == name && !o.Cumulative {
			switch o.Variable {
			case "gini_gmv_per_head", "cv_gmv_per_head", "capacity_gap":
				return true
			}
		}
	}
	return false
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
	return chart.Lines(chart.Meta{
		Title:    linesFinding(what, lines, unit),
		Subtitle: "Region, " + lowerFirst(what) + unitSuffix(unitText),
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
		return fmt.Sprintf("%s ends highest on %s: %s above %s by %s", chart.DisplayName(top.Name), lowerFirst(what),
			chart.Share(end(top)/end(low)-1), strings.ToLower(chart.DisplayName(low.Name)), year)
	}
	return fmt.Sprintf("%s ends highest on %s by %s (%s)", chart.DisplayName(top.Name), lowerFirst(what), year, u.Format(end(top)))
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
				return nil, fmt.Errorf("dividend.csv: %v", err)
			}
			bars = append(bars, chart.Bar{Name: r[1], Value: v})
			to = r[0]
		}
	}
	if len(f.series) > 0 {
		from = strconv.FormatFloat(f.series[0].Time, 'f', -1, 64)
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
		title = fmt.Sprintf("The policy %s %s over %s-%s; %s gains most in dollars", verb, chart.Money(math.Abs(total)), from, to, chart.DisplayName(lead.Name))
		if len(f.names) == 2 {
			title = fmt.Sprintf("%s %s %s over %s-%s; %s gains most in dollars", chart.DisplayName(f.names[0]), verb, chart.Money(math.Abs(total)), from, to, chart.DisplayName(lead.Name))
		}
		if lead.Value < 0 {
			title = strings.Replace(title, "gains most", "loses most", 1)
		}
	}
	sub := "Cumulative digital GMV " + from + "-" + to + ", US$"
	if len(f.names) == 2 {
		sub = chart.DisplayName(f.names[0]) + " minus " + strings.ToLower(chart.DisplayName(f.names[1])) + ", cumulative digital GMV " + from + "-" + to + " (US$)"
	}
	return chart.DividendBars(chart.Meta{Title: title, Subtitle: sub, Source: f.source(),
		XLabel: "Cumulative dividend (US$)", Unit: chart.USD}, bars)
}

func (f *folder) convergence() (*chart.Chart, error) {
	var gini, cv []chart.Series
	for _, sc := range f.names {
		gini = append(gini, seriesBy(f.pick(sc, "gini_gmv_per_head", regionTotal), func(table.Row) string { return sc })...)
		cv = append(cv, seriesBy(f.pick(sc, "cv_gmv_per_head", regionTotal), func(table.Row) string { return sc })...)
	}
	title, sub := "Do members converge? Dispersion of digital GMV per head", "Gini (population-weighted) and coefficient of variation across members"
	falling, rising := 0, 0
	for _, g := range gini {
		if n := len(g.Y); n > 1 {
			if g.Y[n-1] < g.Y[0] {
				falling++
			} else if g.Y[n-1] > g.Y[0] {
				rising++
			}
		}
	}
	switch {
	case falling > 0 && rising == 0:
		title = "Members converge: the gaps in digital GMV per head narrow"
		if len(gini) > 1 {
			title = "Members converge in every scenario: the gaps in digital GMV per head narrow"
		}
		sub += "; falling lines mean convergence"
	case rising > 0 && falling == 0:
		title = "Members drift apart: the gaps in digital GMV per head widen"
		sub += "; rising lines mean members drift apart"
	case rising > 0:
		sub += "; falling lines mean convergence, rising ones divergence"
	}
	return chart.Convergence(chart.Meta{
		Title: title, Subtitle: sub,
		Source: f.source(), XLabel: "Year",
	}, gini, cv)
}

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
	for j, c := range m.Cols {
		m.Cols[j] = strings.ReplaceAll(c, "_", " ")
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
		title = fmt.Sprintf("The weakest capacity in %.0f: %s, %s (%s)", t, chart.DisplayName(m.Rows[bi]), m.Cols[bj], strconv.FormatFloat(m.Values[bi][bj], 'f', 2, 64))
	}
	return chart.CapacityHeatMap(chart.Meta{
		Title:    title,
		Subtitle: "Scenario " + chart.DisplayName(sc) + ", index from 0 (none) to 1 (frontier)",
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
			return nil, fmt.Errorf("cross_border.csv: %v", err)
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
				return m, fmt.Errorf("cross_border.csv: %v", err)
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
		title = fmt.Sprintf("The largest cross-border flow in %.0f: %s buying from %s", t, chart.DisplayName(m.Rows[bi]), chart.DisplayName(m.Cols[bj]))
	}
	return chart.CrossBorderMatrix(chart.Meta{
		Title:    title,
		Subtitle: "Scenario " + chart.DisplayName(f.names[0]) + ", buyer (rows) from seller (columns), US$ per year; one colour scale for every year",
		Source:   f.source(), ValueLabel: "Purchases (US$ per year)", Unit: chart.USD,
		Scale: chart.CrossBorderScale(all...),
		Empty: fmt.Sprintf("No cross-border trade in %.0f: without coordination members buy only from their own sellers", t),
	}, m)
}

// fans draws one fan chart per series of bands.csv; regional GMV gets the
// observed SEA-6 history of e-Conomy SEA.
func (f *folder) fans() ([]namedChart, error) {
	rows, err := readCSVFile(filepath.Join(f.dir, "bands.csv"))
	if err != nil {
		return nil, err
	}
	qs := map[string]*chart.Quantiles{}
	var order []string
	for _, r := range rows[1:] {
		q, ok := qs[r[0]]
		if !ok {
			q = &chart.Quantiles{Name: f.manifest.Scenario}
			qs[r[0]] = q
			order = append(order, r[0])
		}
		var v [7]float64
		for k, c := range []int{1, 4, 5, 6, 7, 8} {
			if v[k], err = strconv.ParseFloat(r[c], 64); err != nil {
				return nil, fmt.Errorf("bands.csv: %v", err)
			}
		}
		q.X = append(q.X, v[0])
		q.P05, q.P25, q.P50, q.P75, q.P95 = append(q.P05, v[1]), append(q.P25, v[2]), append(q.P50, v[3]), append(q.P75, v[4]), append(q.P95, v[5])
	}
	exp, _ := f.experimentFile()
	var out []namedChart
	for _, name := range order {
		variable := name
		if exp != nil {
			for _, s := range exp.Series {
				if s.Name == name {
					variable = s.Variable
				}
			}
		}
		unit, unitText := unitOf(variable)
		var history chart.Series
		sub := "Scenario " + chart.DisplayName(f.manifest.Scenario) + ", " + unitText + "; median, 50% and 90% bands of the runs"
		if variable == "gmv" && name == "gmv" && len(qs[name].X) > 0 {
			history = ObservedGMV(qs[name].X[0])
			if len(history.X) > 0 {
				sub += "; grey: observed, the six members e-Conomy SEA covers"
			}
		}
		k := len(qs[name].X) - 1
		title := "Uncertainty: " + label(variable) + regionWord(exp, name)
		if k > 0 {
			subject := label(variable) + regionWord(exp, name)
			if regionWord(exp, name) == ", region" {
				subject = "Regional " + lowerFirst(label(variable))
			}
			title = fmt.Sprintf("%s in %s: %s to %s in 9 runs of 10", subject, chart.Year(qs[name].X[k]),
				unit.Format(qs[name].P05[k]), unit.Format(qs[name].P95[k]))
		}
		c, err := chart.Fan(chart.Meta{
			Title:    title,
			Subtitle: sub, Source: f.source(), XLabel: "Year", YLabel: label(variable), Unit: unit,
		}, *qs[name], history)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, namedChart{"fan-" + name, c})
	}
	return out, nil
}

// ObservedGMV is the published digital GMV of the six members e-Conomy
// SEA covers (ID MY PH SG TH VN), US$ a year, in the years up to until:
// the reports' SEA-6 totals to 2018, the sum of their member figures
// (latest vintage, scenarios/observed) from 2019. A projection of the ten
// members sits a few per cent above it at the base year (Brunei,
// Cambodia, Lao PDR and Myanmar, which the reports do not cover), so its
// label says SEA-6.
func ObservedGMV(until float64) chart.Series {
	d, err := observed.Load(observed.History)
	if err != nil {
		return chart.Series{}
	}
	sea6 := []string{"ID", "MY", "PH", "SG", "TH", "VN"}
	total := map[int]float64{}
	parts := map[int]int{}
	for _, o := range d.Obs {
		if o.Variable != "gmv" || float64(o.Year) > until+1e-6 {
			continue
		}
		switch {
		case o.Region == "SEA6" && o.Segment == "total":
			total[o.Year] = o.Value
			parts[o.Year] = -1 // a published total wins over sums
		case slices.Contains(sea6, o.Region) && o.Segment != "total" && parts[o.Year] >= 0:
			total[o.Year] += o.Value
			parts[o.Year]++
		}
	}
	s := chart.Series{Name: "observed", Label: "Observed"}
	for _, y := range slices.Sorted(maps.Keys(total)) {
		// A year summed from members needs all six in all four segments.
		if parts[y] >= 0 && parts[y] != 24 {
			continue
		}
		s.X, s.Y = append(s.X, float64(y)), append(s.Y, total[y])
	}
	return s
}

func (f *folder) experimentFile() (*experiments.File, error) {
	if f.sweep == nil {
		return nil, errNotHere
	}
	var e experiments.File
	return &e, json.Unmarshal(f.sweep.Experiment, &e)
}

// heatmaps draws, for a sweep over two levers, each outcome (mean over
// replicates and any uncertainties) as a heat map. A scenarios lever is
// placed by its scenarios' final coordination level.
func (f *folder) heatmaps() ([]namedChart, error) {
	exp, err := f.experimentFile()
	if err != nil {
		return nil, err
	}
	if len(exp.Levers) != 2 {
		return nil, fmt.Errorf("%w: a sweep over exactly two levers", errNotHere)
	}
	runs, err := table.ReadRunsFile(filepath.Join(f.dir, "runs.parquet"))
	if err != nil {
		return nil, err
	}
	type axis struct {
		label  string
		col    int
		levels []float64
		place  func(v float64) float64 // lever value -> axis position
		names  map[float64]string      // level -> scenario name, for a scenarios lever
	}
	if lv := exp.Levers[0]; len(lv.Scenarios) > 0 {
		// The scenario column holds names; read them as the lever's indices.
		if err := runs.Codes("scenario", lv.Scenarios); err != nil {
			return nil, err
		}
	}
	var axes [2]axis
	scenarioNote := ""
	for a, lv := range exp.Levers {
		if len(lv.Scenarios) > 0 {
			levels := make([]float64, len(lv.Scenarios))
			names := map[float64]string{}
			for i, name := range lv.Scenarios {
				sc, err := scenarios.Load(name, nil)
				if err != nil {
					return nil, err
				}
				levels[i] = finalCoordination(sc.Params)
				if prev, ok := names[levels[i]]; ok {
					names[levels[i]] = prev + " / " + chart.DisplayName(name)
				} else {
					names[levels[i]] = chart.DisplayName(name)
				}
			}
			scenarioNote = "policies ordered by the coordination level they reach"
			axes[a] = axis{label: "Policy", col: colIndex(runs.Columns, "scenario"),
				levels: levels, place: func(v float64) float64 { return levels[int(v)] }, names: names}
			continue
		}
		axes[a] = axis{label: scenarios.Label(lv.Path), col: colIndex(runs.Columns, lv.Path),
			levels: lv.Values, place: func(v float64) float64 { return v }}
	}
	for _, ax := range axes {
		if ax.col < 0 {
			return nil, fmt.Errorf("runs.parquet has no column for lever %q", ax.label)
		}
	}
	var out []namedChart
	for _, o := range exp.Outcomes {
		oc := colIndex(runs.Columns, o.Name)
		g := chart.Grid{X: sortedUnique(axes[1].levels), Y: sortedUnique(axes[0].levels)}
		for k, ax := range axes {
			if ax.names == nil {
				continue
			}
			lv := g.Y
			if k == 1 {
				lv = g.X
			}
			var names []string
			for _, v := range lv {
				names = append(names, ax.names[v])
			}
			if k == 0 {
				g.YNames = names
			} else {
				g.XNames = names
			}
		}
		sum := make([][]float64, len(g.Y))
		n := make([][]int, len(g.Y))
		for i := range sum {
			sum[i] = make([]float64, len(g.X))
			n[i] = make([]int, len(g.X))
		}
		for _, r := range runs.Rows {
			i := indexOf(g.Y, axes[0].place(r.Values[axes[0].col]))
			j := indexOf(g.X, axes[1].place(r.Values[axes[1].col]))
			sum[i][j] += r.Values[oc]
			n[i][j]++
		}
		g.Z = make([][]float64, len(g.Y))
		for i := range g.Z {
			g.Z[i] = make([]float64, len(g.X))
			for j := range g.Z[i] {
				g.Z[i][j] = sum[i][j] / float64(n[i][j])
			}
		}
		unit := f.outcomeUnit(o.Name)
		what := outcomeName(exp, o.Name)
		valueLabel := what
		if o.Cumulative && o.Against != "" {
			valueLabel = "Dividend (US$)"
		}
		sub := "Experiment " + exp.Name + ", " + what + ", mean over runs"
		if scenarioNote != "" {
			sub += "; " + scenarioNote
		}
		title := "Policy levers: " + what
		lowBest := lowerIsBetter(exp, o.Name)
		bi, bj := 0, 0
		for i := range g.Z {
			for j := range g.Z[i] {
				if (!lowBest && g.Z[i][j] > g.Z[bi][bj]) || (lowBest && g.Z[i][j] < g.Z[bi][bj]) {
					bi, bj = i, j
				}
			}
		}
		most := "highest"
		if lowBest {
			most = "lowest"
		}
		level := func(names []string, vs []float64, k int) string {
			if names != nil {
				return names[k]
			}
			return strconv.FormatFloat(vs[k], 'g', 4, 64)
		}
		if len(g.Z) > 0 && len(g.Z[0]) > 0 {
			title = fmt.Sprintf("%s is %s at %s %s and %s %s", upperFirst(what), most, lowerFirst(short(axes[0].label)), level(g.YNames, g.Y, bi), lowerFirst(short(axes[1].label)), level(g.XNames, g.X, bj))
			if axes[0].names != nil {
				title = fmt.Sprintf("%s is %s under %s with %s %s", upperFirst(what), most, level(g.YNames, g.Y, bi), lowerFirst(short(axes[1].label)), level(g.XNames, g.X, bj))
			}
		}
		c, err := chart.HeatMap(chart.Meta{
			Title:    title,
			Subtitle: sub,
			Source:   f.source(), XLabel: axes[1].label, YLabel: axes[0].label, ValueLabel: valueLabel, Unit: unit,
		}, g)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.Name, err)
		}
		out = append(out, namedChart{"heatmap-" + o.Name, c})
	}
	return out, nil
}

// finalCoordination is the mean over pillars of the last level of each
// coordination schedule.
func finalCoordination(p *sim.Params) float64 {
	sum := 0.0
	for _, s := range p.Policy.Coordination {
		sum += s[len(s)-1].Level
	}
	return sum / float64(len(p.Policy.Coordination))
}

func colIndex(cols []string, name string) int {
	for i, c := range cols {
		if c == name {
			return i
		}
	}
	return -1
}

func sortedUnique(v []float64) []float64 {
	out := append([]float64(nil), v...)
	sort.Float64s(out)
	k := 0
	for i, x := range out {
		if i == 0 || x != out[k-1] {
			out[k] = x
			k++
		}
	}
	return out[:k]
}

func indexOf(v []float64, x float64) int {
	for i, y := range v {
		if y == x {
			return i
		}
	}
	return -1
}

// tornados draws one tornado chart per outcome of sensitivity.csv, from
// Sobol' indices when there are some, else Morris mu* or regression
// coefficients.
func (f *folder) tornados() ([]namedChart, error) {
	exp, _ := f.experimentFile()
	rows, err := readCSVFile(filepath.Join(f.dir, "sensitivity.csv"))
	if err != nil {
		return nil, err
	}
	type est = chart.Estimate
	per := map[string]map[string]*chart.Sensitivity{}
	method := map[string]string{}
	var outcomes []string
	rank := map[string]int{"sobol": 3, "morris": 2, "regression": 1}
	for _, r := range rows[1:] {
		if rank[r[2]] > rank[method[r[0]]] {
			method[r[0]] = r[2]
		}
	}
	nan := math.NaN()
	for _, r := range rows[1:] {
		outcome, param, m, measure := r[0], r[1], r[2], r[3]
		if m != method[outcome] || param == "" {
			continue
		}
		v, _ := strconv.ParseFloat(r[4], 64)
		lo, _ := strconv.ParseFloat(r[5], 64)
		hi, _ := strconv.ParseFloat(r[6], 64)
		if per[outcome] == nil {
			per[outcome] = map[string]*chart.Sensitivity{}
			outcomes = append(outcomes, outcome)
		}
		s := per[outcome][param]
		if s == nil {
			s = &chart.Sensitivity{Name: scenarios.Label(param), First: est{Value: nan, Lo: nan, Hi: nan}, Total: est{Value: nan, Lo: nan, Hi: nan}}
			per[outcome][param] = s
		}
		switch measure {
		case "S1":
			s.First = est{Value: v, Lo: lo, Hi: hi}
		case "ST":
			s.Total = est{Value: v, Lo: lo, Hi: hi}
		case "mu_star":
			s.Total = est{Value: v, Lo: v, Hi: v}
		case "src":
			a := math.Abs(v)
			s.Total = est{Value: a, Lo: a, Hi: a}
		}
	}
	var out []namedChart
	for _, o := range outcomes {
		var params []chart.Sensitivity
		for _, s := range per[o] {
			params = append(params, *s)
		}
		sort.Slice(params, func(a, b int) bool { return params[a].Name < params[b].Name })
		sub := map[string]string{
			"sobol":      "Sobol' indices: total effect (upper bar) and first order, with 95% bootstrap intervals",
			"morris":     "Morris screening: mean absolute elementary effect mu* (unit-cube scale)",
			"regression": "Absolute standardised regression coefficients",
		}[method[o]]
		if len(params) < 2 {
			continue // a ranking of one parameter says nothing
		}
		// Sobol' indices and SRC are fractions; Morris effects are in the
		// outcome's own unit.
		unit, xlabel := chart.Plain, "Sensitivity index"
		if method[o] == "morris" {
			unit, xlabel = f.outcomeUnit(o), "Mean absolute effect of moving the parameter across its range"
		}
		what := outcomeName(exp, o)
		top := params[0]
		for _, p := range params {
			if p.Total.Value > top.Total.Value {
				top = p
			}
		}
		c, err := chart.Tornado(chart.Meta{
			Title:    fmt.Sprintf("%s drives %s most", short(top.Name), lowerFirst(what)),
			Subtitle: sub, Source: f.source(), XLabel: xlabel, Unit: unit,
			ValueLabel: map[string]string{"morris": "mu*", "regression": "|SRC|"}[method[o]],
		}, params)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o, err)
		}
		out = append(out, namedChart{"tornado-" + o, c})
	}
	return out, nil
}

// regionWord says whose series a fan shows: ", region" or ", <member>".
func regionWord(exp *experiments.File, name string) string {
	if exp != nil {
		for _, s := range exp.Series {
			if s.Name == name && s.Member != "" {
				return ", " + chart.DisplayName(s.Member)
			}
		}
	}
	return ", region"
}

// outcomeUnit is the unit of an experiment outcome: US$ for GMV and
// dividends, else that of its variable.
func (f *folder) outcomeUnit(name string) chart.Unit {
	exp, err := f.experimentFile()
	if err != nil {
		return chart.Plain
	}
	for _, o := range exp.Outcomes {
		if o.Name == name {
			if o.Cumulative {
				return chart.USD
			}
			u, _ := unitOf(o.Variable)
			return u
		}
	}
	return chart.Plain
}

func readCSVFile(path string) ([][]string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	r := csv.NewReader(fh)
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: no rows", path)
	}
	return rows, nil
}

// DrawAll draws, from the tables just written to dir, every chart that
// fits them, as PNG for slides: the same code as digisim plot, so a chart
// redrawn later is the same chart. No chart fitting is not an error (a
// one-parameter sweep has nothing to rank).
func DrawAll(dir string) error { return DrawAllAs(dir, chart.PNG, chart.Slide) }

// DrawAllAs is DrawAll in a given format and size (--charts with
// --format and --size).
func DrawAllAs(dir string, f chart.Format, s chart.Size) error {
	_, err := Draw(dir, Options{Format: f, Size: s})
	if errors.Is(err, ErrNoChart) {
		return nil
	}
	return err
}

// outcomeName is the reader's name of an experiment outcome: "the
// dividend over no coordination, 2018-2035", "Gini of GMV per head in
// 2035"; the outcome's own name when the experiment is unknown.
func outcomeName(exp *experiments.File, name string) string {
	if exp != nil {
		for _, o := range exp.Outcomes {
			if o.Name != name {
				continue
			}
			who := ""
			if o.Member != "" {
				who = ", " + chart.DisplayName(o.Member)
			}
			switch {
			case o.Cumulative && o.Against != "":
				return "the dividend over " + strings.ToLower(chart.DisplayName(o.Against)) + who
			case o.Cumulative:
				return "cumulative digital GMV" + who
			default:
				return label(o.Variable) + who + " in " + chart.Year(o.Year)
			}
		}
	}
	return strings.ReplaceAll(name, "_", " ")
}

// unitSuffix is ", <unit>" for a subtitle, or nothing for a share or an
// index, whose name says it.
func unitSuffix(unitText string) string {
	if unitText == "share" || unitText == "index" {
		return ""
	}
	return ", " + unitText
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
