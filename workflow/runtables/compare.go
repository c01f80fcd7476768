package runtables

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"

	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/series"
)

// Comparable refuses runs whose outputs cannot be subtracted.
func Comparable(pname, bname string, p, b *sim.Result) error {
	check := func(what string, x, y []string) error {
		if !slices.Equal(x, y) {
			return fmt.Errorf("compare: %s and %s have different %s (%v vs %v); a dividend needs the same %s in both", pname, bname, what, x, y, what)
		}
		return nil
	}
	for _, c := range []struct {
		what string
		x, y []string
	}{{"members", p.Members, b.Members}, {"segments", p.Segments, b.Segments}, {"pillars", p.Pillars, b.Pillars}} {
		if err := check(c.what, c.x, c.y); err != nil {
			return err
		}
	}
	same := len(p.Steps) == len(b.Steps)
	for k := 0; same && k < len(p.Steps); k++ {
		same = math.Abs(p.Steps[k].Time-b.Steps[k].Time) < 1e-9
	}
	if !same {
		return fmt.Errorf("compare: %s and %s have different time axes (%v-%v, %d outputs vs %v-%v, %d outputs); set the same time.base_year, time.horizon and time.output_step",
			pname, bname, p.Steps[0].Time, p.Steps[len(p.Steps)-1].Time, len(p.Steps), b.Steps[0].Time, b.Steps[len(b.Steps)-1].Time, len(b.Steps))
	}
	return nil
}

// WriteComparison writes both runs' series (one table, two scenarios),
// dividend.csv and the manifest, and returns the dividend.
func WriteComparison(dir string, args []string, pol, bas *scenarios.Scenario, pr, br *sim.Result) (Dividend, error) {
	err := table.WriteTidyFile(filepath.Join(dir, "series.csv"), func(w *table.TidyWriter) error {
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
	d := NewDividend(pr, br)
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
	return d, WriteManifest(dir, args, []*scenarios.Scenario{pol, bas}, nil)
}

// Dividend is the coordination dividend of a policy run over its
// counterfactual: every output of both runs side by side, then cumulative
// GMV over the horizon per member and for the region. It is the one place
// the dividend of digisim compare is computed (an experiment's outcome
// with Against computes the same difference run by run).
type Dividend struct {
	Rows []DividendRow
	// PolicyMembers and BaseMembers are cumulative GMV per member (USD).
	PolicyMembers, BaseMembers []float64
	From, To                   float64 // first and last output time
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
// br, which must be Comparable.
func NewDividend(pr, br *sim.Result) Dividend {
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
	pt, pm := pr.CumulativeGMV()
	bt, bm := br.CumulativeGMV()
	d.PolicyMembers, d.BaseMembers = pm, bm
	d.From, d.To = pr.Steps[0].Time, pr.Steps[len(pr.Steps)-1].Time
	for i, m := range pr.Members {
		d.Rows = append(d.Rows, DividendRow{Time: d.To, Member: m, Variable: "cumulative_gmv", Policy: pm[i], Base: bm[i]})
	}
	d.Rows = append(d.Rows, DividendRow{Time: d.To, Variable: "cumulative_gmv", Policy: pt, Base: bt})
	return d
}
