package analyze

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/sim/robust"
	"github.com/digisim/digisim/workflow/plot"
)

// Robust is the robustness of the policy options of one outcome across
// the futures of a sweep.
type Robust struct {
	Outcome   string
	Goal      robust.Goal
	Threshold *robust.Threshold
	Futures   int
	Criterion robust.Criterion
	Options   []robust.Option // in design order
	Best      int             // the most robust option by Criterion
}

// robustPercentiles are the percentiles of robustness.csv.
var robustPercentiles = []float64{0.05, 0.5, 0.95}

// HasRobustness reports whether the sweep's experiment crosses policy
// options with futures, so that robustness across futures means something.
func (f *Folder) HasRobustness() bool { return f.Exp.Policies > 1 && f.Exp.Futures > 1 }

// Robustness compares the policy options of every outcome across the
// futures: mean, percentiles, satisficing (where the outcome has a
// threshold) and regret, from the outcomes averaged over replicates. The
// most robust option is by criterion c, or by satisficing for an outcome
// with a threshold when c is MaxSatisficing; an outcome without a threshold
// falls back to minimax regret. thresholds, by outcome name, replace the
// experiment's threshold keys (or add one).
func Robustness(f *Folder, c robust.Criterion, thresholds map[string]float64) ([]Robust, error) {
	for name := range thresholds {
		if _, err := f.Outcome(name); err != nil {
			return nil, fmt.Errorf("analyze: --threshold: %w", err)
		}
	}
	if !f.HasRobustness() {
		return nil, fmt.Errorf("analyze: robustness needs policies crossed with futures; %s has %d policy options and %d futures",
			f.Dir, f.Exp.Policies, f.Exp.Futures)
	}
	_, y, err := designMeans(f.Exp, f.Runs)
	if err != nil {
		return nil, err
	}
	names := f.Options()
	var out []Robust
	for o, oc := range f.Exp.File.Outcomes {
		t := robust.Table{Options: names, Values: make([][]float64, f.Exp.Policies)}
		for p := range t.Values {
			t.Values[p] = make([]float64, f.Exp.Futures)
			for fu := range f.Exp.Futures {
				t.Values[p][fu] = y[fu*f.Exp.Policies+p][o]
			}
		}
		r := Robust{Outcome: oc.Name, Futures: f.Exp.Futures, Criterion: c}
		if oc.Goal == "minimize" {
			r.Goal = robust.Minimize
		}
		spec := robust.Spec{Goal: r.Goal, Percentiles: robustPercentiles}
		th := oc.Threshold
		if v, ok := thresholds[oc.Name]; ok {
			th = &v
		}
		if th != nil {
			r.Threshold = &robust.Threshold{Value: *th, AtLeast: r.Goal == robust.Maximize}
			spec.Threshold = r.Threshold
		}
		if r.Criterion == robust.MaxSatisficing && r.Threshold == nil {
			r.Criterion = robust.MinimaxRegret
		}
		if r.Options, err = robust.Analyze(t, spec); err != nil {
			return nil, fmt.Errorf("analyze: robustness of %s: %w", oc.Name, err)
		}
		if r.Best, err = robust.MostRobust(r.Options, r.Goal, r.Criterion); err != nil {
			return nil, fmt.Errorf("analyze: robustness of %s: %w", oc.Name, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// WriteRobustness writes robustness.csv: one row per outcome and option.
func WriteRobustness(path string, rs []Robust) error {
	header := []string{"outcome", "goal", "option", "futures", "mean", "min", "p5", "p50", "p95", "max",
		"threshold", "satisficing", "mean_regret", "max_regret", "regret_p95", "best_in", "most_robust", "criterion"}
	return table.WriteWideFile(path, header, func(w *table.WideWriter) error {
		for _, r := range rs {
			th := math.NaN()
			if r.Threshold != nil {
				th = r.Threshold.Value
			}
			for i, o := range r.Options {
				best := "no"
				if i == r.Best {
					best = "yes"
				}
				if err := w.Write(table.Text(r.Outcome), table.Text(r.Goal.String()), table.Text(o.Name), table.Float(float64(r.Futures)),
					table.Float(o.Mean), table.Float(o.Min), table.Float(o.Percentiles[0]), table.Float(o.Percentiles[1]), table.Float(o.Percentiles[2]),
					table.Float(o.Max), table.Float(th), table.Float(o.Satisficing), table.Float(o.MeanRegret), table.Float(o.MaxRegret),
					table.Float(o.RegretPercentiles[2]), table.Float(float64(o.Best)), table.Text(best), table.Text(r.Criterion.String())); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// PrintRobustness prints, per outcome, the options with their mean,
// 5th-95th percentiles, satisficing share and regret, and names the most
// robust with its criterion.
func PrintRobustness(w io.Writer, rs []Robust, unit func(string) chart.Unit) {
	for _, r := range rs {
		u := valueFormat(unit(r.Outcome))
		fmt.Fprintf(w, "\n%s across %d futures (%s is better):\n", r.Outcome, r.Futures, map[robust.Goal]string{robust.Maximize: "more", robust.Minimize: "less"}[r.Goal])
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		sat := ""
		if r.Threshold != nil {
			sat = "\tsatisficing"
		}
		fmt.Fprintf(tw, "  option\tmean\tp5 to p95%s\tmax regret\tbest in\n", sat)
		for _, o := range r.Options {
			s := ""
			if r.Threshold != nil {
				s = "\t" + chart.Share(o.Satisficing)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s to %s%s\t%s\t%d\n", o.Name, u.Format(o.Mean), u.Format(o.Percentiles[0]), u.Format(o.Percentiles[2]),
				s, u.Format(o.MaxRegret), o.Best)
		}
		tw.Flush()
		fmt.Fprintf(w, "  most robust: %s (%s)\n", r.Options[r.Best].Name, Explain(r, chart.Unit(u)))
	}
}

// Explain says why the most robust option is: the criterion and its value.
func Explain(r Robust, unit chart.Unit) string { return explain(r, unit, r.Outcome) }

// explain is Explain naming the outcome what: its name in a terminal, its
// reader's name (plot.OutcomeName) on a chart.
func explain(r Robust, unit chart.Unit, what string) string {
	u := valueFormat(unit)
	b := r.Options[r.Best]
	switch r.Criterion {
	case robust.MaxSatisficing:
		cmpWord := "at least"
		if !r.Threshold.AtLeast {
			cmpWord = "at most"
		}
		return fmt.Sprintf("largest share of futures with %s %s %s: %s", what, cmpWord, u.Format(r.Threshold.Value), chart.Share(b.Satisficing))
	case robust.BestMean:
		return fmt.Sprintf("best mean: %s", u.Format(b.Mean))
	case robust.Maximin:
		if r.Goal == robust.Minimize {
			return fmt.Sprintf("best worst case: at most %s", u.Format(b.Max))
		}
		return fmt.Sprintf("best worst case: at least %s", u.Format(b.Min))
	default:
		return fmt.Sprintf("minimax regret: at most %s short of the best option in any future", u.Format(b.MaxRegret))
	}
}

// valueFormat formats values of a unit for reports: the chart's style,
// except that plain numbers (a Gini of 0.187) keep three significant
// digits, where differences between options show.
type valueFormat chart.Unit

func (u valueFormat) Format(v float64) string {
	if chart.Unit(u) == chart.Plain {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return chart.Unit(u).Format(v)
}

// RobustnessCharts draws one chart per outcome, robustness-<outcome> in
// format fm at size sz, into dir/charts, and returns the files written.
func RobustnessCharts(f *Folder, rs []Robust, unit func(string) chart.Unit, fm chart.Format, sz chart.Size) ([]string, error) {
	var written []string
	source := "Source: digisim " + manifest.Version() + ", experiment " + cmp.Or(f.Exp.File.Name, filepath.Base(f.Dir))
	// A user's own region names its options (its scenarios) as its other
	// charts do; the shipped scenarios' by their display names, as the
	// title does ("binding" is "Binding").
	m, _ := manifest.Read(filepath.Join(f.Dir, "manifest.json"))
	region := plot.Region(m)
	name := region.Name // a nil Region names ids by chart.DisplayName
	for _, r := range rs {
		u := unit(r.Outcome)
		// Most robust first, then by the criterion's own ranking order
		// (mean regret is a fair neutral order for the rest).
		order := make([]int, len(r.Options))
		for i := range order {
			order[i] = i
		}
		key := func(i int) float64 {
			if i == r.Best {
				return math.Inf(-1)
			}
			return r.Options[i].MaxRegret
		}
		for i := 1; i < len(order); i++ {
			for j := i; j > 0 && key(order[j]) < key(order[j-1]); j-- {
				order[j], order[j-1] = order[j-1], order[j]
			}
		}
		var opts []chart.RobustOption
		for _, i := range order {
			o := r.Options[i]
			opts = append(opts, chart.RobustOption{Name: name(o.Name), Mean: o.Mean, Lo: math.Min(o.Percentiles[0], o.Mean),
				Hi: math.Max(o.Percentiles[2], o.Mean), Regret: o.MaxRegret})
		}
		title := name(r.Options[r.Best].Name)
		what := plot.LowerFirst(plot.OutcomeName(&f.Exp.File, r.Outcome, region))
		c, err := chart.Robustness(chart.Meta{Region: region,
			Title:    fmt.Sprintf("%s is the most robust option for %s", title, what),
			Subtitle: fmt.Sprintf("%d futures; criterion: %s", r.Futures, explain(r, u, what)),
			Source:   source, Unit: u, ValueLabel: "Largest shortfall from the best option in a future",
		}, opts, 0)
		if err != nil {
			return written, fmt.Errorf("analyze: robustness chart of %s: %w", r.Outcome, err)
		}
		p := filepath.Join(f.Dir, "charts", "robustness-"+r.Outcome+"."+fm.String())
		if err := c.Save(p, fm, sz); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	return written, nil
}

// OutcomeUnit is the unit of an experiment outcome: US$ for GMV and
// dividends, a fraction for shares and Gini coefficients, else plain (a
// ratio to a counterfactual among them).
func (f *Folder) OutcomeUnit(name string) chart.Unit {
	for _, o := range f.Exp.File.Outcomes {
		if o.Name != name {
			continue
		}
		switch {
		case o.Ratio:
			return chart.Plain
		case o.Cumulative || o.Against != "" || strings.Contains(o.Variable, "gmv") && !strings.Contains(o.Variable, "gini"):
			return chart.USD
		}
	}
	return chart.Plain
}
