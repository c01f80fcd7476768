package runtables

import (
	"fmt"
	"path/filepath"

	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/series"
)

// writeSeries writes every output of a run as the tidy series.csv.
func writeSeries(path, scenario string, res *sim.Result) error {
	return table.WriteTidyFile(path, func(w *table.TidyWriter) error {
		var err error
		series.Each(res, func(r series.Record) {
			if err == nil {
				err = w.Write(table.Row{Scenario: scenario, Time: r.Time, Member: r.Member,
					Segment: r.Segment, Pillar: r.Pillar, Variable: r.Variable, Value: r.Value})
			}
		})
		return err
	})
}

// writeSummary writes summary.csv: one row per output time with the
// regional headline figures.
func writeSummary(path string, res *sim.Result) error {
	header := []string{"time", "gmv_total"}
	for _, s := range res.Segments {
		header = append(header, "gmv_"+s)
	}
	header = append(header, "users_total")
	for _, s := range res.Segments {
		header = append(header, "users_"+s)
	}
	header = append(header, "gmv_per_head", "gini_gmv_per_head", "cv_gmv_per_head", "capacity_gap", "cross_border_share")
	return table.WriteWideFile(path, header, func(w *table.WideWriter) error {
		for k := range res.Steps {
			sn := &res.Steps[k]
			r := &sn.Region
			cells := []table.Cell{table.Float(sn.Time), table.Float(r.GMVTotal)}
			for _, v := range r.GMV {
				cells = append(cells, table.Float(v))
			}
			cells = append(cells, table.Float(r.UsersTotal))
			for _, v := range r.Users {
				cells = append(cells, table.Float(v))
			}
			cells = append(cells, table.Float(r.GMVPerHead), table.Float(r.Gini), table.Float(r.CV),
				table.Float(r.CapacityGap), table.Float(r.CrossBorderShare))
			if err := w.Write(cells...); err != nil {
				return err
			}
		}
		return nil
	})
}

// MaxCrossBorderRows bounds cross_border.csv, the one table of a run that
// grows with members x members: ten million rows, about 600 MB (a region
// of 200 members with 30 output times needs 1.2 million).
const MaxCrossBorderRows = 10_000_000

// CheckSize refuses, before the run, a scenario whose tables would be
// larger than the bounds: 3,000 members made a 1.1 MB scenario into a
// 2.5 GB cross_border.csv.
func CheckSize(name string, p *sim.Params) error {
	n, t := int64(len(p.Members)), int64(len(p.Time.OutputTimes()))
	if rows := n * (n - 1) * t; rows > MaxCrossBorderRows {
		return fmt.Errorf("%s: cross_border.csv would hold %d rows (%d members: %d buyer-seller pairs x %d output times), "+
			"more than the %d a table may hold (about 600 MB); write fewer output times (a larger time.output_step) or model fewer members",
			name, rows, n, n*(n-1), t, int64(MaxCrossBorderRows))
	}
	return nil
}

// writeCrossBorder writes cross_border.csv: purchases by buyer from seller,
// all segments, USD per year, at every output time.
func writeCrossBorder(path string, res *sim.Result) error {
	N := len(res.Members)
	return table.WriteWideFile(path, []string{"time", "buyer", "seller", "purchases_usd"}, func(w *table.WideWriter) error {
		for k := range res.Steps {
			sn := &res.Steps[k]
			for i, buyer := range res.Members {
				for j, seller := range res.Members {
					if i == j {
						continue
					}
					if err := w.Write(table.Float(sn.Time), table.Text(buyer), table.Text(seller), table.Float(sn.Purchases[i*N+j])); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// WriteRun writes a run's tables into dir. The manifest is written
// last, so a folder with a manifest holds complete tables.
func WriteRun(dir, scenario string, res *sim.Result) error {
	if err := writeSeries(filepath.Join(dir, "series.csv"), scenario, res); err != nil {
		return err
	}
	if err := writeSummary(filepath.Join(dir, "summary.csv"), res); err != nil {
		return err
	}
	if err := writeCrossBorder(filepath.Join(dir, "cross_border.csv"), res); err != nil {
		return err
	}
	return writeRunHeadline(headlinePath(dir), res)
}
