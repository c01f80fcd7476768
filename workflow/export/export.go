package export

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/iamc"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/sim/series"
	"github.com/digisim/digisim/workflow/analyze"
)

// Options say which folder to export, how and where.
type Options struct {
	Dir    string
	Format string // "iamc" (the only one so far)
	Out    string // file to write; "" means DIR/results-iamc.csv
	Model  string // the Model column; "" means "digisim <version>"
}

// Region is the IAMC region of values for the whole of ASEAN.
const Region = "ASEAN"

// Run exports the folder o.Dir and returns the file written and the
// number of series in it. A sweep's folder gives one IAMC scenario per run,
// "<experiment>/run <n>" (with the policy option after the experiment when
// there are levers), its outcomes at their years and its series at every
// year; a run or comparison folder gives series.csv, one IAMC scenario per
// digisim scenario.
func Run(o Options) (string, int, error) {
	if f := cmp.Or(o.Format, "iamc"); f != "iamc" {
		return "", 0, usage.Errorf("export: --format %q: the formats are: iamc", o.Format)
	}
	if st, err := os.Stat(o.Dir); err != nil || !st.IsDir() {
		return "", 0, fmt.Errorf("export: %s is not a folder; give the output folder of digisim run, compare or sweep", o.Dir)
	}
	model := cmp.Or(o.Model, "digisim "+manifest.Version())
	var t *iamc.Table
	var err error
	switch {
	case exists(filepath.Join(o.Dir, "runs.parquet")):
		t, err = fromSweep(o.Dir, model)
	case exists(filepath.Join(o.Dir, "series.csv")):
		t, err = fromTidy(o.Dir, model)
	default:
		return "", 0, fmt.Errorf("export: %s holds neither runs.parquet (a sweep) nor series.csv (a run or comparison): nothing to export", o.Dir)
	}
	if err != nil {
		return "", 0, err
	}
	out := cmp.Or(o.Out, filepath.Join(o.Dir, "results-iamc.csv"))
	if err := iamc.WriteFile(out, t); err != nil {
		return "", 0, fmt.Errorf("export: %w", err)
	}
	return out, len(t.Rows), nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// unitOf is the IAMC unit of a variable: the vocabulary's unit.
func unitOf(variable string) string {
	if o, ok := series.Describe(variable); ok && o.Unit != "" {
		return o.Unit
	}
	return "1"
}

// regionOf is the IAMC region of a member ("" is the whole region).
func regionOf(member string) string { return cmp.Or(member, Region) }

// name joins a variable with its segment and pillar, IAMC style:
// "gmv|ecommerce".
func name(variable string, parts ...string) string {
	v := variable
	for _, p := range parts {
		if p != "" {
			v += "|" + p
		}
	}
	return v
}

// fromSweep turns a sweep's run table into IAMC records.
func fromSweep(dir, model string) (*iamc.Table, error) {
	f, err := analyze.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	e := f.Exp
	times := e.Run.Times()
	P, O, T := len(e.Run.Params), len(e.Run.Outcomes), len(times)
	expName := cmp.Or(e.File.Name, filepath.Base(dir))
	var recs []iamc.Record
	for _, r := range f.Runs.Rows {
		sc := expName
		if opt := f.Option(r.Values[:P]); opt != "" {
			sc += "/" + opt
		}
		sc += fmt.Sprintf("/run %d", r.Run)
		for i, oc := range e.File.Outcomes {
			year := oc.Year
			if oc.Cumulative && year == 0 {
				year = times[T-1] // cumulative to the horizon
			}
			unit := unitOf(cmp.Or(oc.Variable, "gmv"))
			if oc.Cumulative {
				unit = "USD" // GMV summed over the years of the horizon
			}
			v := "Outcome|" + oc.Name
			if year != math.Trunc(year) {
				return nil, fmt.Errorf("export: outcome %s is at %v: IAMC years are whole years", oc.Name, year)
			}
			recs = append(recs, iamc.Record{Key: iamc.Key{Model: model, Scenario: sc, Region: regionOf(oc.Member), Variable: v, Unit: unit},
				Year: int(year), Value: r.Values[P+i]})
		}
		for s, se := range e.File.Series {
			k := iamc.Key{Model: model, Scenario: sc, Region: regionOf(se.Member),
				Variable: se.Name, Unit: unitOf(se.Variable)}
			for ti, tm := range times {
				if tm != math.Trunc(tm) {
					continue // IAMC years are whole years
				}
				recs = append(recs, iamc.Record{Key: k, Year: int(tm), Value: r.Values[P+O+s*T+ti]})
			}
		}
	}
	if len(recs) == 0 {
		return nil, errors.New("export: the sweep records no outcome or series")
	}
	t, err := iamc.FromRecords(recs)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return t, nil
}

// fromTidy turns the series.csv of a run or comparison into IAMC records.
func fromTidy(dir, model string) (*iamc.Table, error) {
	rows, err := table.ReadTidyFile(filepath.Join(dir, "series.csv"))
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	recs := make([]iamc.Record, 0, len(rows))
	for _, r := range rows {
		if r.Time != math.Trunc(r.Time) {
			continue
		}
		recs = append(recs, iamc.Record{Key: iamc.Key{Model: model, Scenario: r.Scenario, Region: regionOf(r.Member),
			Variable: name(r.Variable, r.Segment, r.Pillar), Unit: unitOf(r.Variable)}, Year: int(r.Time), Value: r.Value})
	}
	t, err := iamc.FromRecords(recs)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return t, nil
}
