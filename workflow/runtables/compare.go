package runtables

import (
	"path/filepath"

	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/series"
)

// WriteComparison writes both runs' series (one table, two scenarios),
// differences.csv (what the two scenarios differ in), dividend.csv and the
// manifest, and returns the dividend. Cumulative GMV is summed from the
// year the two scenarios part (Diverge), or from the first year after the
// base year when they differ from the start.
func WriteComparison(dir string, args []string, pol, bas *scenarios.Scenario, pr, br *sim.Result) (Dividend, error) {
	pj, err := scenarios.Resolved(pol.Params)
	if err != nil {
		return Dividend{}, err
	}
	bj, err := scenarios.Resolved(bas.Params)
	if err != nil {
		return Dividend{}, err
	}
	diffs, err := Differences(pj, bj)
	if err != nil {
		return Dividend{}, err
	}
	if err := writeDifferences(dir, diffs); err != nil {
		return Dividend{}, err
	}
	err = table.WriteTidyFile(filepath.Join(dir, "series.csv"), func(w *table.TidyWriter) error {
		var err error
		for _, run := range []struct {
			name string
			res  *sim.Result
		}{{pol.Name, pr}, {bas.Name, br}} {
			series.Each(run.res, func(r series.Record) {
				if err == nil {
					err = w.Write(table.Row{Scenario: run.name, Time: r.Time, Member: r.Member,
						Segment: r.Segment, Pillar: r.Pillar, Variable: r.Variable, Value: r.Value})
				}
			})
		}
		return err
	})
	if err != nil {
		return Dividend{}, err
	}
	d := NewDividend(pr, br, Diverge(diffs))
	d.Differences = diffs
	if err := writeComparisonHeadline(headlinePath(dir), pr.Members, d); err != nil {
		return Dividend{}, err
	}
	header := []string{"time", "member", "segment", "pillar", "variable", "policy", "base", "dividend"}
	err = table.WriteWideFile(filepath.Join(dir, "dividend.csv"), header, func(w *table.WideWriter) error {
		for _, r := range d.Rows {
			if err := w.Write(table.Float(r.Time), table.Text(r.Member), table.Text(r.Segment), table.Text(r.Pillar),
				table.Text(r.Variable), table.Float(r.Policy), table.Float(r.Base), table.Float(r.Policy-r.Base)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Dividend{}, err
	}
	extra := map[string]any{"differences": differencesJSON(diffs), "cumulative": map[string]any{
		"from": d.From, "to": d.To, "measure": CumulativeMeasure}}
	return d, WriteManifest(dir, args, []*scenarios.Scenario{pol, bas}, extra)
}

// CumulativeMeasure says what a cumulative GMV figure is (MODEL.md,
// sim.Result.CumulativeGMV), for tables, manifests and briefs.
const CumulativeMeasure = "sum of annual GMV, nominal USD, undiscounted"

// Dividend is the coordination dividend of a policy run over its
// counterfactual: every output of both runs side by side, then cumulative
// GMV (the sum of annual GMV from From to To) per member and for the
// region. It is the one place
// the dividend of digisim compare is computed (an experiment's outcome
// with Against computes the same difference run by run).
type Dividend struct {
	Rows []DividendRow
	// PolicyMembers and BaseMembers are cumulative GMV per member (USD).
	PolicyMembers, BaseMembers []float64
	From, To                   float64 // first and last year summed
	// Differences are the resolved parameters the two scenarios differ in.
	Differences []Difference
}

// DividendRow is one row of dividend.csv; the dividend is Policy - Base.
// Cumulative GMV rows have Variable "cumulative_gmv", the last output time
// and an empty Member for the region.
type DividendRow struct {
	Time                              float64
	Member, Segment, Pillar, Variable string
	Policy, Base                      float64
}

// NewDividend pairs the outputs of a policy run pr and its counterfactual
// br, which must be Comparable, and sums their GMV from the year the two
// part (diverge; -Inf: from the first year after the base year).
func NewDividend(pr, br *sim.Result, diverge float64) Dividend {
	var d Dividend
	var base []series.Record
	series.Each(br, func(r series.Record) { base = append(base, r) })
	k := 0
	series.Each(pr, func(r series.Record) {
		b := base[k]
		k++
		d.Rows = append(d.Rows, DividendRow{Time: r.Time, Member: r.Member, Segment: r.Segment, Pillar: r.Pillar,
			Variable: r.Variable, Policy: r.Value, Base: b.Value})
	})
	d.From, d.To = SumFrom(pr, diverge), pr.Steps[len(pr.Steps)-1].Time
	pt, pm := pr.GMVFrom(d.From)
	bt, bm := br.GMVFrom(d.From)
	d.PolicyMembers, d.BaseMembers = pm, bm
	for i, m := range pr.Members {
		d.Rows = append(d.Rows, DividendRow{Time: d.To, Member: m, Variable: "cumulative_gmv", Policy: pm[i], Base: bm[i]})
	}
	d.Rows = append(d.Rows, DividendRow{Time: d.To, Variable: "cumulative_gmv", Policy: pt, Base: bt})
	return d
}

// SumFrom returns the first year of a dividend's sum: the first output
// time at or after the year the two scenarios part, but not before the
// first output after the base year (the base year is observed, the same
// in both); the horizon when they part after it.
func SumFrom(res *sim.Result, diverge float64) float64 {
	for k := 1; k < len(res.Steps); k++ {
		if t := res.Steps[k].Time; t >= diverge-1e-6 {
			return t
		}
	}
	return res.Steps[len(res.Steps)-1].Time
}

func differencesJSON(ds []Difference) []map[string]any {
	out := make([]map[string]any, len(ds))
	for i, d := range ds {
		out[i] = map[string]any{"path": d.Path, "count": d.Count, "policy": d.Policy, "base": d.Base, "from": FromText(d.From)}
	}
	return out
}
