package export

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/iamc"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/workflow/analyze"
	"github.com/digisim/digisim/workflow/runtables"
)

// Options say which folder to export, how and where.
type Options struct {
	Dir    string
	Format string // "iamc" (the only one so far)
	// Out is the file to write: a name ending in .xlsx gives a workbook
	// with the sheets data and meta, one ending in .csv a CSV file with
	// the meta beside it (see MetaPath). "" means DIR/results-iamc.csv.
	Out   string
	Model string // the Model column; "" means "digisim <version>"
	// Region names the aggregate of the members; "" takes the scenario's
	// own name for it, else ASEAN for a scenario of ASEAN members.
	Region string
}

// Result is what Run wrote.
type Result struct {
	Path     string // the data (or the workbook)
	MetaPath string // the meta CSV; "" when it is the workbook's meta sheet
	Series   int
	// Left lists what could not be exported, with the reason.
	Left []string
}

// MetaPath is the meta CSV written beside a data CSV: "x.csv" gives
// "x-meta.csv".
func MetaPath(out string) string {
	return strings.TrimSuffix(out, filepath.Ext(out)) + "-meta.csv"
}

// Run exports the folder o.Dir for pyam. A sweep's folder gives one IAMC
// scenario per run, "<experiment>/run <n>" (with the policy option after
// the experiment when there are levers), its outcomes at their years and
// its series at every year, and a meta row per run with its place in the
// design and the values of its uncertain parameters and levers; a run or
// comparison folder gives series.csv, one IAMC scenario per digisim
// scenario. Units are those of units; regions and segments are named.
func Run(o Options) (*Result, error) {
	if f := cmp.Or(o.Format, "iamc"); f != "iamc" {
		return nil, usage.Errorf("export: --format %q: the formats are: iamc", o.Format)
	}
	if ext := strings.ToLower(filepath.Ext(o.Out)); o.Out != "" && ext != ".csv" && ext != ".xlsx" {
		return nil, usage.Errorf("export: --out %s: end the name in .csv (CSV, with the meta beside it) or .xlsx (a workbook); pyam reads those", o.Out)
	}
	if st, err := os.Stat(o.Dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("export: %w", err)
	} else if err != nil || !st.IsDir() {
		return nil, fmt.Errorf("export: %s is not a folder; give the output folder of digisim run, compare or sweep", o.Dir)
	}
	model := cmp.Or(o.Model, "digisim "+manifest.Version())
	var ex *exported
	var err error
	switch {
	case exists(filepath.Join(o.Dir, "runs.parquet")):
		ex, err = fromSweep(o.Dir, model, cmp.Or(o.Region, recordedRegion(o.Dir)))
	case exists(filepath.Join(o.Dir, "series.csv")):
		ex, err = fromTidy(o.Dir, model, cmp.Or(o.Region, recordedRegion(o.Dir)))
	default:
		return nil, fmt.Errorf("export: %s holds neither runs.parquet (a sweep) nor series.csv (a run or comparison): nothing to export", o.Dir)
	}
	if err != nil {
		return nil, err
	}
	t, err := iamc.FromRecords(ex.recs)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	res := &Result{Path: cmp.Or(o.Out, filepath.Join(o.Dir, "results-iamc.csv")), Series: len(t.Rows), Left: ex.left}
	if strings.EqualFold(filepath.Ext(res.Path), ".xlsx") {
		if err := iamc.WriteXLSXFile(res.Path, t, ex.meta); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		return res, nil
	}
	if err := iamc.WriteFile(res.Path, t); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	res.MetaPath = MetaPath(res.Path)
	if err := iamc.WriteMetaFile(res.MetaPath, ex.meta); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return res, nil
}

// recordedRegion is the name of the whole region that the folder's manifest
// records (the scenario's [region] table or its members, runtables.RegionInfo),
// or "" when the manifest records none (folders of shipped scenarios written
// before regions were recorded; loadNames then decides).
func recordedRegion(dir string) string {
	m, err := manifest.Read(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return ""
	}
	if info, ok := runtables.ReadRegionInfo(m); ok {
		return info.Title
	}
	return ""
}

// exported is a folder's records, meta and what was left out.
type exported struct {
	recs []iamc.Record
	meta *iamc.Meta
	left []string
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// fromSweep turns a sweep's run table into IAMC records and meta.
func fromSweep(dir, model, region string) (*exported, error) {
	f, err := analyze.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	e := f.Exp
	var seen []string
	for _, oc := range e.File.Outcomes {
		seen = append(seen, oc.Member)
	}
	for _, se := range e.File.Series {
		seen = append(seen, se.Member)
	}
	n, err := loadNames(dir, region, nonEmpty(seen))
	if err != nil {
		return nil, err
	}
	times := e.Run.Times()
	P, O, T := len(e.Run.Params), len(e.Run.Outcomes), len(times)
	expName := cmp.Or(e.File.Name, filepath.Base(dir))
	// A scenario lever's column is "scenario" in runs.csv; in the meta that
	// name is pyam's index, so it is "scenario_lever" there.
	params := slices.Clone(f.Params())
	if f.ScenarioLever() {
		params[0] = "scenario_lever"
	}
	ex := &exported{meta: &iamc.Meta{Columns: append([]string{"run", "design_point", "replicate"}, params...)}}
	type column struct {
		key  iamc.Key
		u    unit
		year int // an outcome's year; 0 for a series
	}
	var outcomes []column
	for _, oc := range e.File.Outcomes {
		variable := cmp.Or(oc.Variable, "gmv")
		if oc.Cumulative {
			ex.left = append(ex.left, fmt.Sprintf("outcome %s: GMV summed over the years in the current dollars of each year has no single year's dollars; export a gmv series and sum it in constant dollars", oc.Name))
			outcomes = append(outcomes, column{})
			continue
		}
		if oc.Year != math.Trunc(oc.Year) {
			return nil, fmt.Errorf("export: outcome %s is at %v: IAMC years are whole years", oc.Name, oc.Year)
		}
		u, err := unitOf(variable)
		if err != nil {
			return nil, err
		}
		outcomes = append(outcomes, column{iamc.Key{Model: model, Region: n.regionOf(oc.Member), Variable: "Outcome|" + oc.Name, Unit: u.name}, u, int(oc.Year)})
	}
	var series []column
	for _, se := range e.File.Series {
		u, err := unitOf(se.Variable)
		if err != nil {
			return nil, err
		}
		series = append(series, column{iamc.Key{Model: model, Region: n.regionOf(se.Member), Variable: n.variable(se.Variable, se.Segment, se.Pillar), Unit: u.name}, u, 0})
	}
	for _, r := range f.Runs.Rows {
		sc := expName
		if opt := f.Option(r.Values[:P]); opt != "" {
			sc += "/" + opt
		}
		sc += fmt.Sprintf("/run %d", r.Run)
		row := iamc.MetaRow{Model: model, Scenario: sc, Values: []any{r.Run, r.DesignPoint, r.Replicate}}
		for j := range P {
			if j == 0 && f.ScenarioLever() {
				row.Values = append(row.Values, f.Value(0, r.Values[0]))
			} else {
				row.Values = append(row.Values, r.Values[j])
			}
		}
		ex.meta.Rows = append(ex.meta.Rows, row)
		for i, c := range outcomes {
			if c.key.Variable == "" {
				continue
			}
			k := c.key
			k.Scenario = sc
			v, err := c.u.value(r.Values[P+i], c.year)
			if err != nil {
				return nil, fmt.Errorf("export: outcome %s: %w", e.File.Outcomes[i].Name, err)
			}
			ex.recs = append(ex.recs, iamc.Record{Key: k, Year: c.year, Value: v})
		}
		for s, c := range series {
			k := c.key
			k.Scenario = sc
			for ti, tm := range times {
				if tm != math.Trunc(tm) {
					continue // IAMC years are whole years
				}
				v, err := c.u.value(r.Values[P+O+s*T+ti], int(tm))
				if err != nil {
					return nil, fmt.Errorf("export: series %s: %w", e.File.Series[s].Name, err)
				}
				ex.recs = append(ex.recs, iamc.Record{Key: k, Year: int(tm), Value: v})
			}
		}
	}
	if len(ex.recs) == 0 {
		return nil, errors.New("export: the sweep records no outcome or series that can be exported")
	}
	return ex, nil
}

// fromTidy turns the series.csv of a run or comparison into IAMC records;
// the meta names each scenario.
func fromTidy(dir, model, region string) (*exported, error) {
	rows, err := table.ReadTidyFile(filepath.Join(dir, "series.csv"))
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	var seen []string
	for _, r := range rows {
		seen = append(seen, r.Member)
	}
	n, err := loadNames(dir, region, nonEmpty(seen))
	if err != nil {
		return nil, err
	}
	ex := &exported{meta: &iamc.Meta{}, recs: make([]iamc.Record, 0, len(rows))}
	scenario := map[string]bool{}
	for _, r := range rows {
		if r.Time != math.Trunc(r.Time) {
			continue
		}
		u, err := unitOf(r.Variable)
		if err != nil {
			return nil, err
		}
		v, err := u.value(r.Value, int(r.Time))
		if err != nil {
			return nil, fmt.Errorf("export: %s: %w", r.Variable, err)
		}
		ex.recs = append(ex.recs, iamc.Record{Key: iamc.Key{Model: model, Scenario: r.Scenario, Region: n.regionOf(r.Member),
			Variable: n.variable(r.Variable, r.Segment, r.Pillar), Unit: u.name}, Year: int(r.Time), Value: v})
		if !scenario[r.Scenario] {
			scenario[r.Scenario] = true
			ex.meta.Rows = append(ex.meta.Rows, iamc.MetaRow{Model: model, Scenario: r.Scenario})
		}
	}
	return ex, nil
}

// nonEmpty returns the distinct non-empty strings of s, in order.
func nonEmpty(s []string) []string {
	var out []string
	for _, x := range s {
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
