package plot

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/digisim/digisim/internal/suggest"
	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/sim/series"
	"github.com/digisim/digisim/workflow/runtables"
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
	// Warn receives warnings, such as an observed history the folder
	// names and that is nowhere (default os.Stderr).
	Warn io.Writer
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
	warn     io.Writer       // Options.Warn

	regionOf   *chart.Region // region's answer, read once
	regionDone bool
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
	if st, err := os.Stat(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("plot: %w", err)
	} else if err != nil || !st.IsDir() {
		return nil, fmt.Errorf("plot: %s is not an output folder of digisim run, compare, sweep or analyze", dir)
	}
	f := &folder{dir: dir, warn: WarnOnce(o.Warn)}
	if !f.has("manifest.json") && (f.has("runs.csv.partial") || f.has("runs.csv.state.json")) {
		return nil, fmt.Errorf("plot: %s holds an interrupted sweep (runs.csv.partial): finish it with digisim sweep EXPERIMENT --out %s --resume, then plot", dir, dir)
	}
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
	if o.Chart != "" && !slices.Contains(Names, o.Chart) {
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
				return nil, fmt.Errorf("plot: chart %s needs %w", name, err)
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
	return s + "; " + DataSourceOf(f.manifest, f.baseYear())
}

// display is how a chart names a scenario: its label (the scenario file's
// label key, recorded in manifest.json), else its display name, lower case.
func (f *folder) display(id string) string {
	if f.manifest != nil {
		if l, ok := f.manifest.Extra["labels"].(map[string]any); ok {
			if s, ok := l[id].(string); ok && s != "" {
				return s
			}
		}
	}
	return LowerFirst(chart.DisplayName(id))
}

// baseYear is the base year of the folder's scenario: time.base_year of
// the manifest's resolved parameters (a sweep's folder has no series),
// else the first time of series.csv, else 0 (unknown).
func (f *folder) baseYear() float64 {
	if f.manifest != nil {
		var one struct {
			Time struct {
				BaseYear float64 `json:"base_year"`
			} `json:"time"`
		}
		if json.Unmarshal(f.manifest.Parameters, &one) == nil && one.Time.BaseYear > 0 {
			return one.Time.BaseYear
		}
		var many map[string]struct {
			Time struct {
				BaseYear float64 `json:"base_year"`
			} `json:"time"`
		}
		if json.Unmarshal(f.manifest.Parameters, &many) == nil {
			for _, p := range many {
				if p.Time.BaseYear > 0 {
					return p.Time.BaseYear
				}
			}
		}
	}
	if len(f.series) > 0 {
		return f.series[0].Time
	}
	return 0
}

// DataSourceOf names the base-year data of the folder whose manifest is m:
// its region's source line; for scenarios built on the shipped ones (and
// folders written before regions were recorded) DataSource's; otherwise
// the scenario files, which are all a user's region has to cite.
func DataSourceOf(m *manifest.Manifest, baseYear float64) string {
	info, ok := runtables.ReadRegionInfo(m)
	switch {
	case ok && info.Source != "":
		return "base-year data " + info.Source
	case !ok || info.Shipped:
		return DataSource(baseYear)
	}
	return "base-year data as the scenario files state"
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

// LowerFirst lowers the first letter of a label unless it starts an
// acronym ("GMV", "CV") or a name ("Gini").
func LowerFirst(s string) string {
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
