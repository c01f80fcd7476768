package analyze

import (
	"cmp"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/sim/sample"
	"github.com/digisim/digisim/sim/sensitivity"
	"github.com/digisim/digisim/workflow/plot"
)

// TimeIndex is one row of sensitivity-over-time.csv: the Sobol' indices
// of one parameter for one series outcome at one time.
type TimeIndex struct {
	Series, Parameter string
	sensitivity.TimeIndex
}

// Scrambled reports whether the sweep's design is a scrambled Sobol' one.
func (f *Folder) Scrambled() bool { return f.Exp.File.Design == "sobol" && f.Exp.File.Scramble }

// Design describes the sweep's design for a report: "sobol (Owen-scrambled,
// seed 7), N = 256" or "lhs, 150 futures x 4 policy options".
func (f *Folder) Design() string {
	fl := f.Exp.File
	switch fl.Design {
	case "sobol":
		s := "unscrambled"
		if fl.Scramble {
			s = fmt.Sprintf("Owen-scrambled, seed %d", fl.Seed)
		}
		return fmt.Sprintf("sobol (Saltelli scheme, %s), base sample N = %d, %d runs", s, fl.Runs, f.Exp.Run.Runs())
	default:
		s := fmt.Sprintf("%s, %d futures", fl.Design, f.Exp.Futures)
		if f.Exp.Policies > 1 {
			s += fmt.Sprintf(" x %d policy options", f.Exp.Policies)
		}
		return s + fmt.Sprintf(", %d runs", f.Exp.Run.Runs())
	}
}

// OverTime returns the Sobol' indices of every series of a Sobol' sweep at
// every output time after the first (the base year, where nothing varies),
// with bootstrap bands of resamples resamples. It returns nil for any
// other design or a sweep without series.
func OverTime(f *Folder, resamples int) ([]TimeIndex, error) {
	e := f.Exp
	if e.File.Design != "sobol" || len(e.Run.Series) == 0 {
		return nil, nil
	}
	times := e.Run.Times()
	P, O, T := len(e.Run.Params), len(e.Run.Outcomes), len(times)
	reps := e.Run.Replicates
	var out []TimeIndex
	for s, se := range e.Run.Series {
		// Times at which the series varies across the design.
		var keep []int
		for k := range T {
			c := P + O + s*T + k
			first := f.Runs.Rows[0].Values[c]
			for _, r := range f.Runs.Rows {
				if r.Values[c] != first {
					keep = append(keep, k)
					break
				}
			}
		}
		if len(keep) == 0 {
			continue
		}
		ts := make([]float64, len(keep))
		for i, k := range keep {
			ts[i] = times[k]
		}
		y := make([][]float64, e.Run.Points)
		for d := range y {
			y[d] = make([]float64, len(keep))
			for i, k := range keep {
				c := P + O + s*T + k
				for q := range reps {
					y[d][i] += f.Runs.Rows[d*reps+q].Values[c] / float64(reps)
				}
			}
		}
		res, err := sensitivity.Sobol{D: e.Uncertain, Resamples: resamples, Level: 0.95,
			Rand: sample.Stream(e.File.Seed, 0, "analyze/over-time/"+se.Name)}.OverTime(ts, y)
		if err != nil {
			return nil, fmt.Errorf("analyze: indices over time of %s: %w", se.Name, err)
		}
		for _, r := range res {
			out = append(out, TimeIndex{Series: se.Name, Parameter: f.Params()[r.Param], TimeIndex: r})
		}
	}
	return out, nil
}

// WriteOverTime writes sensitivity-over-time.csv.
func WriteOverTime(path string, rows []TimeIndex) error {
	header := []string{"series", "parameter", "time", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"}
	return table.WriteWideFile(path, header, func(w *table.WideWriter) error {
		for _, r := range rows {
			if err := w.Write(table.Text(r.Series), table.Text(r.Parameter), table.Float(r.Time), table.Float(r.S1), table.Float(r.S1CI.Lo),
				table.Float(r.S1CI.Hi), table.Float(r.ST), table.Float(r.STCI.Lo), table.Float(r.STCI.Hi)); err != nil {
				return err
			}
		}
		return nil
	})
}

// OverTimeCharts draws one chart per series, indices-over-time-<series>
// in format fm at size sz, with a panel per parameter, into dir/charts.
// Titles and labels are the reader's: the parameters' labels from the
// scenario vocabulary (plot.PanelName, as the tornadoes name them), the
// series' variable label (sim/series), and a title that states the finding.
func OverTimeCharts(f *Folder, rows []TimeIndex, fm chart.Format, sz chart.Size) ([]string, error) {
	var order []string
	paths := map[string]map[string]*chart.IndexPath{}
	var params = map[string][]string{}
	// A user's own region's members are named as its scenario names them.
	m, _ := manifest.Read(filepath.Join(f.Dir, "manifest.json"))
	region := plot.Region(m)
	for _, r := range rows {
		if paths[r.Series] == nil {
			paths[r.Series] = map[string]*chart.IndexPath{}
			order = append(order, r.Series)
		}
		if math.IsNaN(r.S1) || math.IsNaN(r.ST) {
			continue
		}
		p := paths[r.Series][r.Parameter]
		if p == nil {
			p = &chart.IndexPath{Name: plot.PanelName(r.Parameter, region)}
			paths[r.Series][r.Parameter] = p
			params[r.Series] = append(params[r.Series], r.Parameter)
		}
		lo1, hi1, loT, hiT := r.S1CI.Lo, r.S1CI.Hi, r.STCI.Lo, r.STCI.Hi
		if math.IsNaN(lo1) {
			lo1, hi1, loT, hiT = r.S1, r.S1, r.ST, r.ST
		}
		p.X = append(p.X, r.Time)
		p.S1, p.S1Lo, p.S1Hi = append(p.S1, r.S1), append(p.S1Lo, math.Min(lo1, r.S1)), append(p.S1Hi, math.Max(hi1, r.S1))
		p.ST, p.STLo, p.STHi = append(p.ST, r.ST), append(p.STLo, math.Min(loT, r.ST)), append(p.STHi, math.Max(hiT, r.ST))
	}
	source := "Source: digisim " + manifest.Version() + ", experiment " + cmp.Or(f.Exp.File.Name, filepath.Base(f.Dir)) + "; design " + f.Design()
	var written []string
	for _, s := range order {
		var ps []chart.IndexPath
		for _, name := range params[s] {
			if p := paths[s][name]; len(p.X) >= 2 {
				ps = append(ps, *p)
			}
		}
		if len(ps) == 0 {
			continue
		}
		what := seriesLabel(f, s, region)
		c, err := chart.IndicesOverTime(chart.Meta{
			Title: overTimeTitle(ps, plot.LowerFirst(what)),
			Subtitle: "Share of the variance of " + plot.LowerFirst(what) + " that each assumption explains, by year: " +
				"total effect and first order (Sobol' indices), with 95% bootstrap bands",
			Source: source, XLabel: "Year", YLabel: "Share of variance explained",
		}, ps)
		if err != nil {
			return written, fmt.Errorf("analyze: indices over time of %s: %w", s, err)
		}
		p := filepath.Join(f.Dir, "charts", "indices-over-time-"+s+"."+fm.String())
		if err := c.Save(p, fm, sz); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	return written, nil
}

// seriesLabel is the reader's name of a series of the sweep, to stand in
// a sentence (plot.SeriesName: "Digital GMV", "Users (E-commerce) in
// Indonesia", "E-commerce GMV in Indonesia"); the series' name in words if
// the sweep has none of that name.
func seriesLabel(f *Folder, name string, r *chart.Region) string {
	for _, se := range f.Exp.Run.Series {
		if se.Name == name {
			return plot.SeriesName(se.Of.Variable, se.Of.Segment, se.Of.Pillar, se.Of.Member, r)
		}
	}
	return strings.ReplaceAll(name, "_", " ")
}

// overTimeTitle states which parameter has the largest total effect on
// the series: in every year, or by the last year when the lead changes.
func overTimeTitle(ps []chart.IndexPath, what string) string {
	leader := func(at func(p chart.IndexPath) (float64, bool)) int {
		best, bv := -1, math.Inf(-1)
		for i, p := range ps {
			if v, ok := at(p); ok && v > bv {
				best, bv = i, v
			}
		}
		return best
	}
	// The x values of the panels are years; take the union in order.
	var years []float64
	for _, p := range ps {
		for _, x := range p.X {
			if !slices.Contains(years, x) {
				years = append(years, x)
			}
		}
	}
	slices.Sort(years)
	lead := make([]int, len(years))
	for k, y := range years {
		lead[k] = leader(func(p chart.IndexPath) (float64, bool) {
			i := slices.Index(p.X, y)
			if i < 0 {
				return 0, false
			}
			return p.ST[i], true
		})
	}
	last := lead[len(lead)-1]
	name := ps[last].Name
	for _, l := range lead {
		if l != last {
			return fmt.Sprintf("%s drives %s most by %s", name, what, chart.Year(years[len(years)-1]))
		}
	}
	return fmt.Sprintf("%s drives %s most in every year", name, what)
}
