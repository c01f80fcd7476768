package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"

	"github.com/digisim/digisim/output/report"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/series"
)

func init() {
	register("compare", "the coordination dividend of a policy over its counterfactual (dividend.csv)", cmdCompare)
}

type compareOptions struct {
	policy, base string
	out          string
	sets         multiFlag
	charts       bool
	args         []string
}

func cmdCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := compareOptions{args: append([]string{"compare"}, args...)}
	fs := newFlags("compare", "POLICY BASE [--out DIR] [--set key=value]... [--charts]", stderr)
	fs.StringVar(&o.out, "out", "", "output folder (default out/<policy>-vs-<base>)")
	fs.Var(&o.sets, "set", "override a parameter in both scenarios, e.g. --set segments.ecommerce.imitation=0.5 (repeatable)")
	fs.BoolVar(&o.charts, "charts", false, "also draw the comparison charts into <out>/charts")
	pos, err := parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	o.policy, o.base = pos[0], pos[1]
	return compare(ctx, o, stdout)
}

func compare(ctx context.Context, o compareOptions, stdout io.Writer) error {
	pol, err := scenarios.Load(o.policy, o.sets)
	if err != nil {
		return err
	}
	bas, err := scenarios.Load(o.base, o.sets)
	if err != nil {
		return err
	}
	pr, err := sim.Run(pol.Params)
	if err != nil {
		return fmt.Errorf("run %s: %w", pol.Name, err)
	}
	br, err := sim.Run(bas.Params)
	if err != nil {
		return fmt.Errorf("run %s: %w", bas.Name, err)
	}
	if err := comparable(pol.Name, bas.Name, pr, br); err != nil {
		return err
	}
	if o.out == "" {
		o.out = filepath.Join("out", pol.Name+"-vs-"+bas.Name)
	}
	if err := writeComparison(o.out, o.args, pol, bas, pr, br); err != nil {
		return err
	}
	if o.charts {
		if err := drawCharts(o.out); err != nil {
			return err
		}
	}
	_, pm := pr.CumulativeGMV()
	_, bm := br.CumulativeGMV()
	if err := report.Dividend(stdout, pol.Name, bas.Name, pr.Members, pm, bm, pr.Steps[0].Time, pr.Steps[len(pr.Steps)-1].Time); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nTables written to %s\n", o.out)
	return ctx.Err()
}

// comparable refuses runs whose outputs cannot be subtracted.
func comparable(pname, bname string, p, b *sim.Result) error {
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

// writeComparison writes both runs' series (one table, two scenarios),
// dividend.csv and the manifest.
func writeComparison(dir string, args []string, pol, bas *scenarios.Scenario, pr, br *sim.Result) error {
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
		return err
	}
	header := []string{"time", "member", "segment", "pillar", "variable", "policy", "base", "dividend"}
	err = table.WriteWideFile(filepath.Join(dir, "dividend.csv"), header, func(w *table.WideWriter) error {
		var base []series.Record
		series.Each(br, func(r series.Record) { base = append(base, r) })
		k := 0
		var err error
		series.Each(pr, func(r series.Record) {
			b := base[k]
			k++
			if err == nil {
				err = w.Write(table.Float(r.Time), table.Text(r.Member), table.Text(r.Segment), table.Text(r.Pillar),
					table.Text(r.Variable), table.Float(r.Value), table.Float(b.Value), table.Float(r.Value-b.Value))
			}
		})
		if err != nil {
			return err
		}
		pt, pm := pr.CumulativeGMV()
		bt, bm := br.CumulativeGMV()
		end := table.Float(pr.Steps[len(pr.Steps)-1].Time)
		for i, m := range pr.Members {
			if err := w.Write(end, table.Text(m), table.Text(""), table.Text(""), table.Text("cumulative_gmv"),
				table.Float(pm[i]), table.Float(bm[i]), table.Float(pm[i]-bm[i])); err != nil {
				return err
			}
		}
		return w.Write(end, table.Text(""), table.Text(""), table.Text(""), table.Text("cumulative_gmv"),
			table.Float(pt), table.Float(bt), table.Float(pt-bt))
	})
	if err != nil {
		return err
	}
	return writeManifest(dir, args, []*scenarios.Scenario{pol, bas}, nil)
}
