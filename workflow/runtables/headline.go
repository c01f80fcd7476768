package runtables

import (
	"path/filepath"

	"github.com/digisim/digisim/output/report"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/sim"
)

// HeadlineFile is the file of headline figures that run and compare write
// next to their tables: what they print on the terminal, kept when the
// terminal is not (--quiet, a batch job).
const HeadlineFile = "headline.csv"

// writeRunHeadline writes headline.csv of a run: the regional figures of
// the run summary at its key times (report.KeySteps), one row per figure
// and time, and cumulative GMV over the horizon at the last time.
// Columns: figure, unit, time, value.
func writeRunHeadline(path string, res *sim.Result) error {
	header := []string{"figure", "unit", "time", "value"}
	return table.WriteWideFile(path, header, func(w *table.WideWriter) error {
		row := func(figure, unit string, t, v float64) error {
			return w.Write(table.Text(figure), table.Text(unit), table.Float(t), table.Float(v))
		}
		for _, sn := range report.KeySteps(res) {
			r := &sn.Region
			for s, seg := range res.Segments {
				if err := row("gmv_"+seg, "USD/year", sn.Time, r.GMV[s]); err != nil {
					return err
				}
			}
			for _, f := range []struct {
				name, unit string
				v          float64
			}{
				{"gmv_total", "USD/year", r.GMVTotal},
				{"users_all_segments", "users (a person in two segments counts twice)", r.UsersTotal},
				{"gmv_per_head", "USD/person/year", r.GMVPerHead},
				{"gini_gmv_per_head", "index", r.Gini},
				{"cv_gmv_per_head", "index", r.CV},
				{"capacity_gap", "index", r.CapacityGap},
				{"cross_border_share", "share", r.CrossBorderShare},
			} {
				if err := row(f.name, f.unit, sn.Time, f.v); err != nil {
					return err
				}
			}
		}
		total, _ := res.CumulativeGMV()
		return row("cumulative_gmv", "USD", res.Steps[len(res.Steps)-1].Time, total)
	})
}

// writeComparisonHeadline writes headline.csv of a comparison: the
// cumulative GMV of each member and the region ("" member, last row) over
// the horizon under the policy and the counterfactual, the dividend and
// the dividend as a share of the counterfactual's GMV, as the terminal
// report shows them. Columns: member, from, to, policy, base, dividend,
// dividend_share.
func writeComparisonHeadline(path string, members []string, d Dividend) error {
	header := []string{"member", "from", "to", "policy", "base", "dividend", "dividend_share"}
	return table.WriteWideFile(path, header, func(w *table.WideWriter) error {
		row := func(m string, p, b float64) error {
			return w.Write(table.Text(m), table.Float(d.From), table.Float(d.To), table.Float(p), table.Float(b), table.Float(p-b), table.Float((p-b)/b))
		}
		var pt, bt float64
		for i, m := range members {
			if err := row(m, d.PolicyMembers[i], d.BaseMembers[i]); err != nil {
				return err
			}
			pt += d.PolicyMembers[i]
			bt += d.BaseMembers[i]
		}
		for _, r := range d.Rows {
			if r.Variable == "cumulative_gmv" && r.Member == "" {
				pt, bt = r.Policy, r.Base
			}
		}
		return row("", pt, bt)
	})
}

func headlinePath(dir string) string { return filepath.Join(dir, HeadlineFile) }
