package fit

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/digisim/digisim/internal/atomicfile"
	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/observed"
	"github.com/digisim/digisim/scenarios/recipes"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/calibrate"
)

// setup is a recipe with its scenario and data loaded and bound.
type setup struct {
	r     *recipes.Recipe
	sc    *scenarios.Scenario
	prior *sim.Params    // the prior means' scenario
	data  *observed.Data // the fitted years
	all   *observed.Data // every year of the file: what was published by an origin
	bound []observed.Bound
	obs   []calibrate.Observation
}

// loadRecipe loads o.Recipe, its scenario (with o.Sets) and its data (o.Data
// if given), keeps the observations from the recipe's first year on and
// binds them to the scenario.
func loadRecipe(o Options) (*setup, error) {
	r, err := recipes.Load(o.Recipe)
	if err != nil {
		return nil, err
	}
	scName, dataName := r.Scenario, r.Data
	if o.Scenario != "" {
		scName = o.Scenario
	}
	if o.Data != "" {
		dataName = o.Data
	}
	sc, err := scenarios.Load(scName, o.Sets)
	if err != nil {
		return nil, err
	}
	prior := sc.Params
	if r.PriorsFrom != "" {
		ps, err := scenarios.Load(r.PriorsFrom, nil)
		if err != nil {
			return nil, err
		}
		prior = ps.Params
	}
	all, err := observed.Load(dataName)
	if err != nil {
		return nil, err
	}
	data := &observed.Data{File: all.File, Groups: all.Groups}
	for _, ob := range all.Obs {
		if ob.Year >= r.From {
			data.Obs = append(data.Obs, ob)
		}
	}
	if len(data.Obs) == 0 {
		return nil, r.Errorf("from", r.From, "leaves no observation of %s (its years: %s)", all.File, yearsText(all))
	}
	res, err := sim.Run(sc.Params)
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", sc.Name, err)
	}
	bound, err := data.Bind(res)
	if err != nil {
		return nil, fmt.Errorf("data do not fit scenario %s:\n%w", sc.Name, err)
	}
	s := &setup{r: r, sc: sc, prior: prior, data: data, all: all, bound: bound}
	for _, b := range bound {
		ob := calibrate.Observation{Series: b.Series, Time: b.Time, Value: b.Obs.Value, Model: b.Model,
			Region: b.Obs.Region, Variable: b.Obs.Variable, Segment: b.Obs.Segment}
		if len(b.Obs.Members) == 1 && b.Obs.Members[0] == b.Obs.Region {
			ob.Region = b.Obs.Region // a member's own row
			if r.FreeMemberLevels && b.Obs.Segment != "total" {
				ob.Level = b.Series
			}
		} else {
			ob.Region = "" // a group: scored only through its members' rows
		}
		s.obs = append(s.obs, ob)
	}
	return s, nil
}

func yearsText(d *observed.Data) string {
	first, last := d.Years()
	return fmt.Sprintf("%d-%d", first, last)
}

// problem is the recipe's calibration problem as known at origin T: the
// scenario without the events that start after T (calibrate.KnownAt) and
// without their parameters; every observation (calibrate.Backtest holds
// out those after T). T = +Inf is the full calibration. Every fitted
// parameter with a prior starts at its prior mean, so that neither a fit
// nor a backtest starts from values fitted to later data.
func (s *setup) problem(T float64, o Options) (calibrate.Problem, error) {
	base := s.sc.Params.Clone()
	if !math.IsInf(T, 1) {
		base = calibrate.KnownAt(base, T)
	}
	pr := calibrate.Problem{Base: base, Obs: s.obs, Starts: o.Starts, Workers: o.Workers}
	for j, p := range s.r.Parameters {
		at := fmt.Sprintf("parameters[%d]", j)
		prm, err := scenarios.Path(base, p.Path)
		if err != nil {
			return pr, s.r.Errorf(at+".path", p.Path, "%v", errReason(err))
		}
		if len(prm.Expansions) == 0 {
			if math.IsInf(T, 1) || !strings.HasPrefix(p.Path, "events") {
				return pr, s.r.Errorf(at+".path", p.Path, "names no number of scenario %s (a wildcard over no ids?)", s.sc.Name)
			}
			continue // the events it names had not begun by T
		}
		keys := []string{p.Path}
		if p.Each {
			keys = prm.Expansions
		}
		for _, key := range keys {
			one, err := scenarios.Path(base, key)
			if err != nil {
				return pr, s.r.Errorf(at+".path", key, "%v", errReason(err))
			}
			if why := outsideRange(one, p.Bounds); why != "" {
				return pr, s.r.Errorf(at+".bounds", p.Bounds, "%s", why)
			}
			cp := calibrate.Param{Name: key, Set: one.Set, Get: one.Get, Lo: p.Bounds[0], Hi: p.Bounds[1]}
			if p.PriorSD > 0 {
				cp.Prior.SD = p.PriorSD
				switch {
				case p.PriorMean != nil:
					cp.Prior.Mean = *p.PriorMean
				default:
					from, err := scenarios.Path(s.prior, key)
					if err != nil {
						return pr, s.r.Errorf(at+".prior_mean", nil, "missing, and %s in priors_from %q: %v", key, s.r.PriorsFrom, errReason(err))
					}
					cp.Prior.Mean = from.Get(s.prior)
				}
				one.Set(base, cp.Prior.Mean)
			}
			pr.Params = append(pr.Params, cp)
		}
	}
	return pr, nil
}

func errReason(err error) string {
	if e, ok := err.(*scenarios.Error); ok {
		return e.Reason
	}
	return err.Error()
}

// CalibrateRecipe fits the recipe o.Recipe on all its data, prints the
// report (unless o.Quiet) and writes what Calibrate writes.
func CalibrateRecipe(ctx context.Context, o Options, stdout io.Writer) error {
	s, err := loadRecipe(o)
	if err != nil {
		return err
	}
	pr, err := s.problem(math.Inf(1), o)
	if err != nil {
		return err
	}
	res, err := calibrate.Fit(ctx, pr)
	if err != nil {
		return err
	}
	if o.Out == "" {
		o.Out = filepath.Join("out", s.sc.Name+"-calibrated")
	}
	if o.Scenario == "" {
		o.Scenario = s.r.Scenario
	}
	for _, p := range pr.Params {
		o.Fit = append(o.Fit, p.Name)
	}
	if !o.Quiet {
		printCalibration(stdout, s.sc.Name+" (recipe "+s.r.Name+")", s.data, res)
	}
	files, err := writeCalibration(o, s.sc, s.data, s.bound, res)
	if err != nil {
		return err
	}
	if !o.Quiet {
		fmt.Fprintf(stdout, "\nWritten: %s\n", strings.Join(files, ", "))
	}
	return ctx.Err()
}

// BacktestRecipe runs the recipe's rolling-origin backtest (o.Origins, or
// the recipe's): for each origin T, fit on the observations up to T with
// what was known at T (the recipe's choices made on the years up to T;
// forecast.go), and score the later ones by member, by segment and in
// total, against naive forecasts and the reports' projections. It prints
// the tables (unless o.Quiet) and writes backtest-summary.csv,
// backtest.csv (every held-out aggregate), backtest-points.csv,
// forecasts.csv (every forecast with its 80% interval), scores.csv (by
// years ahead) and one chart per segment and for the total.
func BacktestRecipe(ctx context.Context, o Options, stdout io.Writer) error {
	s, err := loadRecipe(o)
	if err != nil {
		return err
	}
	origins := o.Origins
	if len(origins) == 0 {
		origins = s.r.Origins
	}
	if len(origins) == 0 {
		return usage.Errorf("backtest: recipe %s names no origins; give --origins FIRST:LAST", s.r.Name)
	}
	first, last := s.data.Years()
	var ts []float64
	for _, T := range origins {
		if T < first || T >= last {
			return usage.Errorf("backtest: origin %d: the data run %d-%d; give origins from %d to %d", T, first, last, first, last-1)
		}
		ts = append(ts, float64(T))
	}
	fc, err := newForecaster(ctx, s, o)
	if err != nil {
		return err
	}
	var bts []*calibrate.BacktestResult
	var ofs []*originFit
	for _, T := range ts {
		of, err := fc.at(int(T))
		if err == nil {
			err = fc.intervals(of)
		}
		if err != nil {
			return fmt.Errorf("origin %v: %w", T, err)
		}
		ofs = append(ofs, of)
		bts = append(bts, of.bt)
	}
	reports, err := reportProjections(fc.pb)
	if err != nil {
		return err
	}
	rows := fc.forecastRows(ofs, reports)
	scores := scoreRows(rows)
	if o.Out == "" {
		o.Out = filepath.Join("out", s.sc.Name+"-backtest")
	}
	var all []calibrate.Skill
	for _, bt := range bts {
		all = append(all, calibrate.Skills(bt)...)
	}
	if !o.Quiet {
		fmt.Fprintf(stdout, "Rolling-origin backtest of %s (recipe %s) on %s: fit on %d..T, score T+1..%d\n\n", s.sc.Name, s.r.Name, s.data.File, first, last)
		printSkillTable(stdout, bts)
		printChoices(stdout, s, ofs)
		fmt.Fprintf(stdout, "\nAgainst naive forecasts made at the same origins (the same forecasts: those where both years before the origin were published), by years ahead:\n\n")
		printScores(stdout, scores, rows)
	}
	files := []string{filepath.Join(o.Out, "backtest-summary.csv"), filepath.Join(o.Out, "backtest.csv"), filepath.Join(o.Out, "backtest-points.csv"),
		filepath.Join(o.Out, "forecasts.csv"), filepath.Join(o.Out, "scores.csv")}
	if err := writeForecastsCSV(files[3], rows); err != nil {
		return err
	}
	if err := writeScoresCSV(files[4], scores); err != nil {
		return err
	}
	if err := writeSummaryCSV(files[0], bts); err != nil {
		return err
	}
	if err := writeSkillsCSV(files[1], all); err != nil {
		return err
	}
	if err := writeBacktestPoints(files[2], bts); err != nil {
		return err
	}
	charts, err := saveBacktestCharts(o, s, bts)
	if err != nil {
		return err
	}
	files = append(files, charts...)
	if !o.Quiet {
		fmt.Fprintf(stdout, "\nWritten: %s\n", strings.Join(files, ", "))
	}
	return ctx.Err()
}

// printChoices prints the recipe's choices made at each origin.
func printChoices(w io.Writer, s *setup, ofs []*originFit) {
	if len(s.r.Choices) == 0 {
		return
	}
	fmt.Fprintln(w, "\nChoices made at each origin on the years up to it:")
	for _, of := range ofs {
		if of.Choice == nil {
			fmt.Fprintf(w, "  %d: none apply (no event they set is known)\n", of.T)
			continue
		}
		var parts []string
		for j, c := range s.r.Choices {
			name := c.Path
			if len(c.Segments) > 0 {
				name += " (" + strings.Join(c.Segments, ", ") + ")"
			}
			if len(c.PriorMeanOf) > 0 {
				name = "prior mean of " + strings.Join(c.PriorMeanOf, ", ")
			}
			if len(c.PriorSDOf) > 0 {
				name = "prior sd of " + strings.Join(c.PriorSDOf, ", ")
			}
			parts = append(parts, fmt.Sprintf("%s = %g", name, of.Choice[j]))
		}
		fmt.Fprintf(w, "  %d: %s, by %s\n", of.T, strings.Join(parts, "; "), of.ChosenBy)
	}
}

// printSkillTable prints the mean absolute percentage errors per origin.
func printSkillTable(w io.Writer, bts []*calibrate.BacktestResult) {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "origin T\tscored\ttotal MAPE %\tmember MAPE %\tsegment MAPE %\tparameters\t")
	for _, bt := range bts {
		sk := calibrate.Skills(bt)
		fmt.Fprintf(tw, "%g\t%s\t%.1f\t%.1f\t%.1f\t%d\t\n", bt.TrainUntil, scoredYears(sk), calibrate.MAPE(sk, "total"),
			calibrate.MAPE(sk, "member"), calibrate.MAPE(sk, "segment"), len(bt.Fit.Estimates))
	}
	tw.Flush()
	fmt.Fprintln(w, "\nMAPE: mean absolute percentage error of GMV over the scored years, for the SEA-6 total, per member (segments summed) and per segment (members summed).")
}

func scoredYears(sk []calibrate.Skill) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range sk {
		lo, hi = math.Min(lo, s.Year), math.Max(hi, s.Year)
	}
	if lo == hi {
		return strconv.FormatFloat(lo, 'f', 0, 64)
	}
	return fmt.Sprintf("%g-%g", lo, hi)
}

func writeSummaryCSV(path string, bts []*calibrate.BacktestResult) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"origin", "scored_years", "total_mape_pct", "member_mape_pct", "segment_mape_pct", "train_rmse_log", "test_rmse_log", "parameters"})
		for _, bt := range bts {
			sk := calibrate.Skills(bt)
			cw.Write([]string{ff(bt.TrainUntil), scoredYears(sk), ff(calibrate.MAPE(sk, "total")), ff(calibrate.MAPE(sk, "member")),
				ff(calibrate.MAPE(sk, "segment")), ff(bt.TrainRMSE), ff(bt.TestRMSE), strconv.Itoa(len(bt.Fit.Estimates))})
		}
		cw.Flush()
		return cw.Error()
	})
}

func writeSkillsCSV(path string, sk []calibrate.Skill) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"origin", "kind", "name", "year", "years_ahead", "observed_usd", "forecast_usd", "error_pct"})
		for _, s := range sk {
			cw.Write([]string{ff(s.Origin), s.Kind, s.Name, ff(s.Year), ff(s.Ahead), ff(s.Observed), ff(s.Forecast), ff(s.ErrPct)})
		}
		cw.Flush()
		return cw.Error()
	})
}

func writeBacktestPoints(path string, bts []*calibrate.BacktestResult) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"origin", "series", "year", "observed", "forecast", "error_pct", "held_out", "anchored"})
		for _, bt := range bts {
			for _, p := range bt.Points {
				cw.Write([]string{ff(bt.TrainUntil), p.Series, ff(p.Time), ff(p.Observed), ff(p.Fitted), ff(p.ErrPct),
					strconv.FormatBool(p.Held), strconv.FormatBool(p.Anchored)})
			}
		}
		cw.Flush()
		return cw.Error()
	})
}

// saveBacktestCharts draws, for the SEA-6 total and for each segment, the
// published figures and the forecast made at each origin (each starting
// from its origin's published value): the "hedgehog" of a rolling-origin
// backtest.
func saveBacktestCharts(o Options, s *setup, bts []*calibrate.BacktestResult) ([]string, error) {
	type key struct{ kind, name string }
	var order []key
	seen := map[key]bool{}
	for _, bt := range bts {
		for _, sk := range calibrate.Skills(bt) {
			if k := (key{sk.Kind, sk.Name}); sk.Kind != "member" && !seen[k] {
				seen[k] = true
				order = append(order, k)
			}
		}
	}
	var files []string
	for _, k := range order {
		observedAt := map[float64]float64{}
		var lines []chart.Series
		for _, bt := range bts {
			sk := calibrate.Skills(bt)
			fc := chart.Series{Name: fmt.Sprintf("forecast from %g", bt.TrainUntil)}
			if v, ok := aggregateAt(bt, k.kind, k.name, bt.TrainUntil); ok {
				fc.X, fc.Y = append(fc.X, bt.TrainUntil), append(fc.Y, v)
				observedAt[bt.TrainUntil] = v
			}
			for _, x := range sk {
				if x.Kind == k.kind && x.Name == k.name {
					fc.X, fc.Y = append(fc.X, x.Year), append(fc.Y, x.Forecast)
					observedAt[x.Year] = x.Observed
				}
			}
			if len(fc.X) > 1 {
				lines = append(lines, fc)
			}
		}
		obs := chart.Series{Name: "published"}
		for t := 1900.0; t < 2200; t++ {
			if v, ok := observedAt[t]; ok {
				obs.X, obs.Y = append(obs.X, t), append(obs.Y, v)
			}
		}
		lines = append([]chart.Series{obs}, lines...)
		label := "SEA-6 digital GMV"
		file := "backtest-total." + o.Chart
		if k.kind == "segment" {
			label = "SEA-6 " + chart.DisplayName(k.name) + " GMV"
			file = "backtest-" + k.name + "." + o.Chart
		}
		sk := []calibrate.Skill{}
		for _, bt := range bts {
			for _, x := range calibrate.Skills(bt) {
				if x.Kind == k.kind && x.Name == k.name {
					sk = append(sk, x)
				}
			}
		}
		meta := chart.Meta{
			Title:    fmt.Sprintf("%s: forecasts from each year against the published figures", label),
			Subtitle: fmt.Sprintf("Model %s, recipe %s; each forecast starts from its origin's published value; mean absolute error %.1f%%", s.sc.Params.Model, s.r.Name, meanAbs(sk)),
			Source:   fitSource(s.data),
			YLabel:   "GMV (US$ a year)",
			Unit:     chart.USD,
		}
		c, err := chart.Lines(meta, lines)
		if err != nil {
			return nil, err
		}
		f, err := chart.ParseFormat(o.Chart)
		if err != nil {
			return nil, err
		}
		path := filepath.Join(o.Out, file)
		if err := c.Save(path, f, chart.Page); err != nil {
			return nil, err
		}
		files = append(files, path)
	}
	return files, nil
}

// aggregateAt sums the observed training values of one aggregate at year t
// (the published value a forecast from t starts from).
func aggregateAt(bt *calibrate.BacktestResult, kind, name string, t float64) (float64, bool) {
	sum, n := 0.0, 0
	for _, p := range bt.Points {
		if p.Held || p.Time != t || p.Variable != "gmv" || p.Region == "" || p.Segment == "" || p.Segment == "total" {
			continue
		}
		if kind == "segment" && p.Segment != name || kind == "member" && p.Region != name {
			continue
		}
		sum += p.Observed
		n++
	}
	return sum, n > 0
}

func meanAbs(sk []calibrate.Skill) float64 {
	s := 0.0
	for _, x := range sk {
		s += math.Abs(x.ErrPct)
	}
	return s / float64(max(len(sk), 1))
}

// ParseOrigins reads the --origins of a rolling backtest: FIRST:LAST or a
// comma list of years in increasing order ("" is none: the recipe's).
func ParseOrigins(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	bad := func() ([]int, error) {
		return nil, usage.Errorf("backtest: --origins %q: want FIRST:LAST (e.g. 2018:2021) or years separated by commas", s)
	}
	if a, b, ok := strings.Cut(s, ":"); ok {
		lo, err1 := strconv.Atoi(strings.TrimSpace(a))
		hi, err2 := strconv.Atoi(strings.TrimSpace(b))
		if err1 != nil || err2 != nil || lo > hi {
			return bad()
		}
		var out []int
		for y := lo; y <= hi; y++ {
			out = append(out, y)
		}
		return out, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		y, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || len(out) > 0 && y <= out[len(out)-1] {
			return bad()
		}
		out = append(out, y)
	}
	return out, nil
}
