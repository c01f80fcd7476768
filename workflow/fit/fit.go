package fit

import (
	"context"
	"encoding/csv"
	"fmt"
	"github.com/digisim/digisim/workflow/plot"
	"io"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/digisim/digisim/internal/atomicfile"
	"github.com/digisim/digisim/internal/suggest"
	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/observed"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/calibrate"
)

// Options are what calibrate and backtest are asked to do.
type Options struct {
	Scenario string   // name or file
	Data     string   // observed data file ("" for the shipped data)
	Fit      []string // dotted paths of the fitted parameters
	Bounds   map[string][2]float64
	Sets     []string // overrides applied before fitting
	Out      string   // output folder
	Starts   int
	Workers  int
	Quiet    bool   // no report on stdout
	Chart    string // svg or png
	// Recipe, when set, names a calibration recipe (scenarios/recipes)
	// that gives the scenario, data, parameters, priors and free levels;
	// Origins, when set, replace its backtest origins.
	Recipe  string
	Origins []int
}

// ParseFitAndBounds splits --fit lists into o.Fit, parses --bounds
// PATH=lo:hi into o.Bounds and checks o.Chart.
func (o *Options) ParseFitAndBounds(fits, bounds []string) error {
	seen := map[string]bool{}
	for _, f := range fits {
		for _, p := range strings.Split(f, ",") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			if seen[p] {
				return usage.Errorf("--fit: %s is listed twice; list it once", p)
			}
			seen[p] = true
			o.Fit = append(o.Fit, p)
		}
	}
	if o.Chart != "svg" && o.Chart != "png" {
		return usage.Errorf("--chart %q: want svg or png", o.Chart)
	}
	if len(o.Fit) == 0 {
		return usage.Errorf("--fit: name at least one parameter to fit, e.g. --fit segments.ecommerce.imitation")
	}
	o.Bounds = map[string][2]float64{}
	for _, b := range bounds {
		path, rng, ok := strings.Cut(b, "=")
		lo, hi, ok2 := strings.Cut(rng, ":")
		if !ok || !ok2 {
			return usage.Errorf("--bounds %q: want PATH=lo:hi, e.g. --bounds segments.ecommerce.imitation=0.05:2", b)
		}
		l, err1 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
		h, err2 := strconv.ParseFloat(strings.TrimSpace(hi), 64)
		if err1 != nil || err2 != nil || !(l < h) || math.IsInf(l, 0) || math.IsInf(h, 0) {
			return usage.Errorf("--bounds %q: lo and hi must be finite numbers with lo < hi", b)
		}
		path = strings.TrimSpace(path)
		if !seen[path] {
			return usage.Errorf("--bounds %q: %s is not among the --fit parameters (%s)%s", b, path, strings.Join(o.Fit, ", "), suggest.DidYouMean(path, o.Fit))
		}
		o.Bounds[path] = [2]float64{l, h}
	}
	return nil
}

// boundsFor returns the bounds of a fitted parameter: --bounds, or the
// plausible range the scenario schema gives it.
func (o *Options) boundsFor(prm *scenarios.Param) ([2]float64, error) {
	if b, ok := o.Bounds[prm.Path]; ok {
		if why := outsideRange(prm, b); why != "" {
			return b, usage.Errorf("--bounds %s=%v:%v: %s", prm.Path, b[0], b[1], why)
		}
		return b, nil
	}
	if prm.FitLo < prm.FitHi {
		return [2]float64{prm.FitLo, prm.FitHi}, nil
	}
	keys := strings.Split(prm.Path, ".")
	last := keys[len(keys)-1]
	return [2]float64{}, usage.Errorf("--fit %s: no default bounds for %q; give --bounds %s=lo:hi", prm.Path, last, prm.Path)
}

// outsideRange says how bounds b leave the parameter's range (the
// schema's, which validate checks), or "": a fit there would write a
// scenario that does not load.
func outsideRange(prm *scenarios.Param, b [2]float64) string {
	in := func(v float64) bool {
		return v >= prm.Lo && v <= prm.Hi && !(prm.LoOpen && v == prm.Lo) && !(prm.HiOpen && v == prm.Hi)
	}
	if in(b[0]) && in(b[1]) {
		return ""
	}
	l, r := "[", "]"
	if prm.LoOpen {
		l = "("
	}
	if prm.HiOpen {
		r = ")"
	}
	return fmt.Sprintf("outside the parameter's range %s%v, %v%s (MODEL.md): a fit there would write a scenario that validate refuses; bound it inside the range",
		l, prm.Lo, prm.Hi, r)
}

// problem loads the scenario and data and builds the calibration problem.
func (o *Options) problem() (*scenarios.Scenario, *observed.Data, []observed.Bound, calibrate.Problem, error) {
	var pr calibrate.Problem
	sc, err := scenarios.Load(o.Scenario, o.Sets)
	if err != nil {
		return nil, nil, nil, pr, err
	}
	data, err := observed.Load(o.Data)
	if err != nil {
		return nil, nil, nil, pr, err
	}
	res, err := sim.Run(sc.Params)
	if err != nil {
		return nil, nil, nil, pr, fmt.Errorf("run %s: %w", sc.Name, err)
	}
	bound, err := data.Bind(res)
	if err != nil {
		return nil, nil, nil, pr, fmt.Errorf("data do not fit scenario %s:\n%w", sc.Name, err)
	}
	pr = calibrate.Problem{Base: sc.Params, Starts: o.Starts, Workers: o.Workers}
	for _, b := range bound {
		pr.Obs = append(pr.Obs, calibrate.Observation{Series: b.Series, Time: b.Time, Value: b.Obs.Value, Model: b.Model})
	}
	for _, path := range o.Fit {
		prm, err := scenarios.Path(sc.Params, path)
		if err != nil {
			return nil, nil, nil, pr, usage.Errorf("--fit %s: %w", path, err)
		}
		if len(prm.Expansions) == 0 {
			return nil, nil, nil, pr, usage.Errorf("--fit %s: the path names no number of this scenario (a wildcard over no ids?)", path)
		}
		b, err := o.boundsFor(prm)
		if err != nil {
			return nil, nil, nil, pr, err
		}
		pr.Params = append(pr.Params, calibrate.Param{Name: path, Set: prm.Set, Get: prm.Get, Lo: b[0], Hi: b[1]})
	}
	return sc, data, bound, pr, nil
}

// Calibrate fits o.Fit of the scenario to the observed data, prints the
// report on stdout (unless o.Quiet) and writes fit.csv, estimates.csv, the
// calibrated scenario and the chart of the fit into o.Out.
func Calibrate(ctx context.Context, o Options, stdout io.Writer) error {
	sc, data, bound, pr, err := o.problem()
	if err != nil {
		return err
	}
	res, err := calibrate.Fit(ctx, pr)
	if err != nil {
		return err
	}
	if o.Out == "" {
		o.Out = filepath.Join("out", sc.Name+"-calibrated")
	}
	if !o.Quiet {
		printCalibration(stdout, sc.Name, data, res)
	}
	files, err := writeCalibration(o, sc, data, bound, res)
	if err != nil {
		return err
	}
	if !o.Quiet {
		fmt.Fprintf(stdout, "\nWritten: %s\n", strings.Join(files, ", "))
	}
	return ctx.Err()
}

// printCalibration prints the report: estimates, warnings, the fit per
// observation and the summary.
func printCalibration(w io.Writer, name string, data *observed.Data, res *calibrate.Result) {
	fmt.Fprintf(w, "Calibration of %s to %s: %d observations, %d parameters, %d model runs in %.2fs\n\n",
		name, data.File, len(res.Points), len(res.Estimates), res.Evals, res.Elapsed.Seconds())
	printEstimates(w, res)
	fmt.Fprintln(w)
	printPoints(w, res.Points)
	fmt.Fprintf(w, "\nRMSE of log values: %.4f (a typical error of %.1f%%); s = %s on %d degrees of freedom; condition number %.3g\n",
		res.RMSELog, 100*(math.Exp(res.RMSELog)-1), fmtNum(res.Sigma), res.DOF, res.Condition)
	printWarnings(w, res.Warnings)
}

func printEstimates(w io.Writer, res *calibrate.Result) {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "parameter\testimate\tSE\t95% interval\tbase\tbounds\t")
	for _, e := range res.Estimates {
		flag := ""
		switch {
		case !e.Identified:
			flag = "  not identified"
		case e.OnBound:
			flag = "  on bound"
		}
		fmt.Fprintf(tw, "%s\t%.5g\t%s\t[%.4g, %.4g]\t%s\t[%g, %g]\t%s\n", e.Name, e.Value, fmtNum(e.SE), e.Lo95, e.Hi95, fmtNum(e.Base), e.Lo, e.Hi, flag)
	}
	tw.Flush()
}

func printPoints(w io.Writer, pts []calibrate.Point) {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "series\tyear\tobserved\tfitted\terror %\t\t")
	for _, p := range pts {
		held := ""
		if p.Held {
			held = "out of sample"
		}
		fmt.Fprintf(tw, "%s\t%g\t%.4g\t%.4g\t%+.1f\t%s\t\n", p.Series, p.Time, p.Observed, p.Fitted, p.ErrPct, held)
	}
	tw.Flush()
}

func printWarnings(w io.Writer, ws []string) {
	if len(ws) == 0 {
		return
	}
	fmt.Fprintln(w, "\nWarnings:")
	for _, s := range ws {
		fmt.Fprintln(w, "  -", s)
	}
}

func fmtNum(v float64) string {
	switch {
	case math.IsNaN(v):
		return "n/a"
	case math.IsInf(v, 0):
		return "inf"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// writeCalibration writes the fit table, the estimates, the calibrated
// scenario and the chart, and returns the paths written.
func writeCalibration(o Options, sc *scenarios.Scenario, data *observed.Data, bound []observed.Bound, res *calibrate.Result) ([]string, error) {
	var files []string
	fitPath := filepath.Join(o.Out, "fit.csv")
	if err := writePointsCSV(fitPath, bound, res.Points); err != nil {
		return nil, err
	}
	estPath := filepath.Join(o.Out, "estimates.csv")
	if err := writeEstimatesCSV(estPath, res.Estimates); err != nil {
		return nil, err
	}
	covPath := filepath.Join(o.Out, "covariance.csv")
	if err := writeCovarianceCSV(covPath, res); err != nil {
		return nil, err
	}
	tomlPath := filepath.Join(o.Out, sc.Name+"-calibrated.toml")
	if err := atomicfile.Write(tomlPath, func(w io.Writer) error {
		return writeCalibratedTOML(w, o, sc, data, res)
	}); err != nil {
		return nil, err
	}
	chartPath := filepath.Join(o.Out, "fit."+o.Chart)
	meta := chart.Meta{
		Title: fmt.Sprintf("Calibration of %s: observed and fitted", sc.Name),
		Subtitle: fmt.Sprintf("%s fitted; RMSE of logs %.3f (a typical error of %.1f%%); data %s",
			paramCount(len(res.Estimates)), res.RMSELog, 100*(math.Exp(res.RMSELog)-1), filepath.Base(data.File)),
		Source: fitSource(data), Region: plot.ScenarioRegion(sc),
	}
	if err := saveFitChart(chartPath, meta, bound, res.Points, 0); err != nil {
		return nil, err
	}
	files = append(files, fitPath, estPath, covPath, tomlPath, chartPath)
	return files, nil
}

// saveFitChart draws the observed against the fitted values, one panel per
// observed series in the order of the data file, and saves the chart at
// path in the format of its extension (--chart). trainUntil, if not 0, is
// a backtest's last training year; the years after it are shaded. Up to
// six panels fit a page; more go on a slide, five to a row.
func saveFitChart(path string, meta chart.Meta, bound []observed.Bound, pts []calibrate.Point, trainUntil float64) error {
	var panels []chart.FitPanel
	at := map[string]int{}
	if agg, ok := aggregatePanels(bound, pts, meta.Region); ok {
		return saveFitPanels(path, meta, agg, trainUntil)
	}
	for j, p := range pts {
		k, ok := at[p.Series]
		if !ok {
			k = len(panels)
			at[p.Series] = k
			name, unit := fitPanelName(bound[j].Obs, meta.Region)
			panels = append(panels, chart.FitPanel{Name: name, Unit: unit})
		}
		// Plotting needs finite values; a model value that is not one
		// (a failed run) is left out, and so is its point's line segment.
		if finite(p.Observed) {
			addPoint(&panels[k].Observed, p.Time, p.Observed)
		}
		if finite(p.Fitted) {
			addPoint(&panels[k].Fitted, p.Time, p.Fitted)
		}
	}
	return saveFitPanels(path, meta, panels, trainUntil)
}

// saveFitPanels draws and saves the panels of a fit chart.
func saveFitPanels(path string, meta chart.Meta, panels []chart.FitPanel, trainUntil float64) error {
	size, opt := chart.Page, chart.FitOptions{TrainUntil: trainUntil}
	if len(panels) > 6 {
		size = chart.Slide
		if len(panels) > 10 {
			opt.Columns = 5
		}
	}
	c, err := chart.Fit(meta, panels, opt)
	if err != nil {
		return err
	}
	f, err := chart.ParseFormat(filepath.Ext(path))
	if err != nil {
		return err
	}
	return c.Save(path, f, size)
}

// maxFitPanels is the most panels a fit chart shows one per series; with
// more (a fit to every member and segment), aggregatePanels sums them.
const maxFitPanels = 12

// aggregatePanels, when there are more series than maxFitPanels, sums the
// GMV rows of single members and segments into one panel per segment
// (the members summed: SEA-6's for the shipped data, else the members')
// and one per member (the segments summed), and keeps the other series
// that have at least two points; ok is false when there are few enough
// series to show each. region names a user's own members (nil: ASEAN's).
func aggregatePanels(bound []observed.Bound, pts []calibrate.Point, region *chart.Region) ([]chart.FitPanel, bool) {
	series := map[string]bool{}
	for _, p := range pts {
		series[p.Series] = true
	}
	if len(series) <= maxFitPanels {
		return nil, false
	}
	var order []string
	sums := map[string]map[float64][2]float64{}
	add := func(name string, t, o, f float64) {
		if sums[name] == nil {
			sums[name] = map[float64][2]float64{}
			order = append(order, name)
		}
		v := sums[name][t]
		sums[name][t] = [2]float64{v[0] + o, v[1] + f}
	}
	summed := "SEA-6 GMV\n"
	if region != nil {
		summed = "Members' GMV\n"
	}
	units := map[string]chart.Unit{}
	count := map[string]int{}
	for _, p := range pts {
		count[p.Series]++
	}
	for j, p := range pts {
		o := bound[j].Obs
		switch {
		case o.Variable == "gmv" && len(o.Members) == 1 && o.Segment != "total":
			seg, mem := summed+chart.DisplayName(o.Segment), region.Name(o.Region)+" GMV\nAll segments"
			add(seg, p.Time, p.Observed, p.Fitted)
			add(mem, p.Time, p.Observed, p.Fitted)
			units[seg], units[mem] = chart.USD, chart.USD
		case count[p.Series] >= 2:
			name, unit := fitPanelName(o, region)
			add(name, p.Time, p.Observed, p.Fitted)
			units[name] = unit
		}
	}
	// Segments first, then members, then the rest, each in order of first appearance.
	rank := func(n string) int {
		switch {
		case strings.HasPrefix(n, summed):
			return 0
		case strings.HasSuffix(n, "\nAll segments"):
			return 1
		}
		return 2
	}
	slices.SortStableFunc(order, func(a, b string) int { return rank(a) - rank(b) })
	var panels []chart.FitPanel
	for _, n := range order {
		fp := chart.FitPanel{Name: n, Unit: units[n]}
		var ts []float64
		for t := range sums[n] {
			ts = append(ts, t)
		}
		slices.Sort(ts)
		for _, t := range ts {
			v := sums[n][t]
			if finite(v[0]) {
				addPoint(&fp.Observed, t, v[0])
			}
			if finite(v[1]) {
				addPoint(&fp.Fitted, t, v[1])
			}
		}
		panels = append(panels, fp)
	}
	return panels, len(panels) > 0
}

// addPoint inserts (t, v) into s keeping X increasing (points of a series
// normally come in year order already).
func addPoint(s *chart.Series, t, v float64) {
	i, _ := slices.BinarySearch(s.X, t)
	s.X = slices.Insert(s.X, i, t)
	s.Y = slices.Insert(s.Y, i, v)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// fitPanelName titles the panel of an observed series in two lines,
// "SEA-6 GMV" over "E-commerce", and picks the unit of its values; a
// user's own members by the names their scenario gives them (r; nil for
// ASEAN's). Counts of trips per day read as counts of persons do ("8.0M").
func fitPanelName(o *observed.Observation, r *chart.Region) (string, chart.Unit) {
	region := o.Region
	switch region {
	case "SEA6":
		region = "SEA-6"
	default:
		region = r.Name(region)
	}
	variable := strings.ReplaceAll(o.Variable, "_", " ")
	if o.Variable == "gmv" {
		variable = "GMV"
	}
	name := region + " " + variable
	switch {
	case o.Segment == "total" && o.Variable == "gmv":
		name += "\nTotal"
	case o.Segment != "total" && o.Segment != "":
		name += "\n" + chart.DisplayName(o.Segment)
	}
	unit := chart.Plain
	switch o.Unit {
	case "USD":
		unit = chart.USD
	case "persons", "trips/day":
		unit = chart.Persons
	}
	return name, unit
}

// fitSource is the source line of calibration and backtest charts.
func fitSource(d *observed.Data) string {
	data := filepath.Base(d.File)
	if data == observed.Shipped+".csv" {
		data = "e-Conomy SEA 2016-2018 editions (Google, Temasek)"
	}
	return "Source: digisim " + manifest.Version() + "; data " + data
}

// paramCount is "1 parameter" or "n parameters".
func paramCount(n int) string {
	if n == 1 {
		return "1 parameter"
	}
	return strconv.Itoa(n) + " parameters"
}

// writePointsCSV writes one row per observation: where it comes from, the
// observed and fitted values, the error, and whether it was held out.
func writePointsCSV(path string, bound []observed.Bound, pts []calibrate.Point) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"region_or_member", "variable", "segment", "year", "observed", "fitted", "error_pct", "log_error", "held_out"})
		for j, p := range pts {
			o := bound[j].Obs
			cw.Write([]string{o.Region, o.Variable, o.Segment, strconv.Itoa(o.Year), ff(p.Observed), ff(p.Fitted), ff(p.ErrPct), ff(p.LogErr), strconv.FormatBool(p.Held)})
		}
		cw.Flush()
		return cw.Error()
	})
}

func writeEstimatesCSV(path string, es []calibrate.Estimate) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"parameter", "estimate", "se", "lo95", "hi95", "base", "lo", "hi", "on_bound", "identified", "note"})
		for _, e := range es {
			cw.Write([]string{e.Name, ff(e.Value), ff(e.SE), ff(e.Lo95), ff(e.Hi95), ff(e.Base), ff(e.Lo), ff(e.Hi),
				strconv.FormatBool(e.OnBound), strconv.FormatBool(e.Identified), e.Note})
		}
		cw.Flush()
		return cw.Error()
	})
}

// writeCovarianceCSV writes the estimates with their bounds and their
// covariance (calibrate.Result.Cov): one row per parameter, then one
// column per parameter in the same order. It is what an experiment's
// [joint] table reads to draw the parameters together (docs/experiments.md);
// a parameter that is not identified has empty covariance cells.
func writeCovarianceCSV(path string, res *calibrate.Result) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		head := []string{"parameter", "estimate", "lo", "hi"}
		for _, e := range res.Estimates {
			head = append(head, e.Name)
		}
		cw.Write(head)
		for i, e := range res.Estimates {
			row := []string{e.Name, ff(e.Value), ff(e.Lo), ff(e.Hi)}
			for j := range res.Estimates {
				c := ""
				if res.Cov != nil && !math.IsNaN(res.Cov[i][j]) {
					c = ff(res.Cov[i][j])
				}
				row = append(row, c)
			}
			cw.Write(row)
		}
		cw.Flush()
		return cw.Error()
	})
}

// ff formats a float as the shortest decimal that reads back to it.
func ff(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// writeCalibratedTOML writes a scenario that extends the input and sets the
// fitted values, with a comment saying how and against what they were
// fitted. A path with "*" is written out for every id it stands for, since
// scenario files name ids.
func writeCalibratedTOML(w io.Writer, o Options, sc *scenarios.Scenario, data *observed.Data, res *calibrate.Result) error {
	first, last := data.Years()
	var c []string
	add := func(format string, args ...any) { c = append(c, fmt.Sprintf(format, args...)) }
	add("%s-calibrated: %s with %d parameters fitted by \"digisim calibrate\".", sc.Name, sc.Name, len(res.Estimates))
	add("")
	add("Fitted to %s: %d observations, %d-%d, by weighted least squares on", data.File, len(res.Points), first, last)
	overrides := ""
	if len(o.Sets) > 0 {
		overrides = fmt.Sprintf(" Overrides applied before fitting: %s.", strings.Join(o.Sets, " "))
	}
	add("log values (Gauss-Newton, %d starting points, bounds by a logistic\ntransform).%s", len(res.Starts), overrides)
	add("RMSE of log values %.4f (typical error %.1f%%); s = %s on %d degrees of\nfreedom. Standard errors are approximate (Gauss-Newton, s^2 (J^T J)^-1).",
		res.RMSELog, 100*(math.Exp(res.RMSELog)-1), fmtNum(res.Sigma), res.DOF)
	add("Fit per series (RMSE of log values, largest error):")
	for _, s := range res.Series {
		add("  %-40s %.4f  %5.1f%%", s.Series, s.RMSELog, s.MaxAbsErrPct)
	}
	for _, wn := range res.Warnings {
		add("WARNING: %s", wn)
	}
	x := scenarios.Extension{
		Comment:     c,
		Name:        sc.Name + "-calibrated",
		Description: fmt.Sprintf("%s with %s fitted to %s (%d-%d)", sc.Name, strings.Join(o.Fit, ", "), filepath.Base(data.File), first, last),
		Extends:     extendsRef(o.Scenario, o.Out),
	}
	for _, e := range res.Estimates {
		note := fmt.Sprintf("%s: estimate %.6g, SE %s, 95%% [%.4g, %.4g], bounds [%g, %g], was %s", e.Name, e.Value, fmtNum(e.SE), e.Lo95, e.Hi95, e.Lo, e.Hi, fmtNum(e.Base))
		if !e.Identified {
			note += "; NOT IDENTIFIED: " + e.Note
		}
		if e.OnBound {
			note += "; ON A BOUND"
		}
		x.Values = append(x.Values, scenarios.ExtensionValue{Comment: note, Keys: keysOf(sc.Params, e.Name), Value: roundSig(e.Value, 6)})
	}
	return scenarios.WriteExtension(w, x)
}

// roundSig rounds v to n significant digits, so that the scenario file
// holds a readable number (6 digits are far below any SE here).
func roundSig(v float64, n int) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', n, 64), 64)
	return f
}

// extendsRef is how the calibrated file, written into outDir, refers to
// the scenario it extends: by name if shipped, else by a path relative to
// outDir (extends paths are taken from the extending file's directory).
func extendsRef(scenario, outDir string) string {
	if !strings.HasSuffix(scenario, ".toml") && !strings.ContainsAny(scenario, `/\`) {
		return scenario
	}
	abs, err1 := filepath.Abs(scenario)
	out, err2 := filepath.Abs(outDir)
	if err1 != nil || err2 != nil {
		return scenario
	}
	if rel, err := filepath.Rel(out, abs); err == nil {
		return filepath.ToSlash(rel)
	}
	return abs
}

// keysOf writes out a "*" in a fitted path for every id it stands for,
// sorted, since scenario files name ids.
func keysOf(p *sim.Params, path string) []string {
	prm, err := scenarios.Path(p, path)
	if err != nil {
		return []string{path} // not reached: the path was fitted
	}
	keys := append([]string(nil), prm.Expansions...)
	sort.Strings(keys)
	return keys
}

// Backtest fits o.Fit to the observations up to the year until, reports
// the error on the later ones, and writes backtest.csv, estimates.csv and
// the chart into o.Out.
func Backtest(ctx context.Context, o Options, until int, stdout io.Writer) error {
	sc, data, bound, pr, err := o.problem()
	if err != nil {
		return err
	}
	first, last := data.Years()
	if until < first || until >= last {
		return usage.Errorf("backtest: --train-until %d: the data run %d-%d; train until a year from %d to %d", until, first, last, first, last-1)
	}
	bt, err := calibrate.Backtest(ctx, pr, float64(until))
	if err != nil {
		return err
	}
	if o.Out == "" {
		o.Out = filepath.Join("out", sc.Name+"-backtest")
	}
	if !o.Quiet {
		fmt.Fprintf(stdout, "Backtest of %s on %s: fitted on %d-%d, tested on %d-%d\n\n", sc.Name, data.File, first, until, until+1, last)
		printEstimates(stdout, bt.Fit)
		fmt.Fprintln(stdout)
		printPoints(stdout, bt.Points)
		fmt.Fprintln(stdout, "\nError per series (RMSE of log values; largest error):")
		printSeriesFit(stdout, "in sample", bt.Train)
		printSeriesFit(stdout, "out of sample", bt.Test)
		fmt.Fprintf(stdout, "\nRMSE of log values: in sample %.4f (%.1f%%), out of sample %.4f (%.1f%%)\n",
			bt.TrainRMSE, 100*(math.Exp(bt.TrainRMSE)-1), bt.TestRMSE, 100*(math.Exp(bt.TestRMSE)-1))
		printWarnings(stdout, bt.Fit.Warnings)
	}
	fitPath := filepath.Join(o.Out, "backtest.csv")
	if err := writePointsCSV(fitPath, bound, bt.Points); err != nil {
		return err
	}
	estPath := filepath.Join(o.Out, "estimates.csv")
	if err := writeEstimatesCSV(estPath, bt.Fit.Estimates); err != nil {
		return err
	}
	chartPath := filepath.Join(o.Out, "backtest."+o.Chart)
	tested := strconv.Itoa(last)
	if until+1 < last {
		tested = fmt.Sprintf("%d-%d", until+1, last)
	}
	meta := chart.Meta{
		Title: fmt.Sprintf("Backtest of %s: fitted to %d-%d, tested on %s", sc.Name, first, until, tested),
		Subtitle: fmt.Sprintf("%s fitted to %d-%d; RMSE of logs %.3f in sample, %.3f out of sample (shaded); data %s",
			paramCount(len(bt.Fit.Estimates)), first, until, bt.TrainRMSE, bt.TestRMSE, filepath.Base(data.File)),
		Source: fitSource(data), Region: plot.ScenarioRegion(sc),
	}
	if err := saveFitChart(chartPath, meta, bound, bt.Points, float64(until)); err != nil {
		return err
	}
	if !o.Quiet {
		fmt.Fprintf(stdout, "\nWritten: %s\n", strings.Join([]string{fitPath, estPath, chartPath}, ", "))
	}
	return ctx.Err()
}

func printSeriesFit(w io.Writer, label string, ss []calibrate.SeriesFit) {
	for _, s := range ss {
		fmt.Fprintf(w, "  %-14s %-40s n=%d  %.4f  %5.1f%%\n", label, s.Series, s.N, s.RMSELog, s.MaxAbsErrPct)
	}
}
