package main

import (
	"context"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/digisim/digisim/internal/atomicfile"
	"github.com/digisim/digisim/sim/calibrate"
)

func init() {
	register("backtest", "fit on observations up to a year and report the out-of-sample error after it", cmdBacktest)
}

func cmdBacktest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o calibrateOptions
	var fits, bounds multiFlag
	var until int
	fs := newFlags("backtest", "SCENARIO --fit PATH[,PATH...] --train-until YEAR [--data FILE] [--bounds PATH=lo:hi]... [--out DIR]", stderr)
	calibrationFlags(fs, &o, &fits, &bounds)
	fs.IntVar(&until, "train-until", 0, "last year of the observations to fit on; later ones are the test set")
	fs.StringVar(&o.out, "out", "", "output folder (default out/<scenario>-backtest)")
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	o.scenario = pos[0]
	if until == 0 {
		return usagef("backtest: --train-until YEAR is required")
	}
	if err := o.parseFitAndBounds(fits, bounds); err != nil {
		return err
	}
	return backtestScenario(ctx, o, until, stdout)
}

func backtestScenario(ctx context.Context, o calibrateOptions, until int, stdout io.Writer) error {
	sc, data, bound, pr, err := o.problem()
	if err != nil {
		return err
	}
	first, last := data.Years()
	if until < first || until >= last {
		return usagef("backtest: --train-until %d: the data run %d-%d; train until a year from %d to %d", until, first, last, first, last-1)
	}
	bt, err := calibrate.Backtest(ctx, pr, float64(until))
	if err != nil {
		return err
	}
	if o.out == "" {
		o.out = filepath.Join("out", sc.Name+"-backtest")
	}
	if !o.quiet {
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
	fitPath := filepath.Join(o.out, "backtest.csv")
	if err := writePointsCSV(fitPath, bound, bt.Points); err != nil {
		return err
	}
	estPath := filepath.Join(o.out, "estimates.csv")
	if err := writeEstimatesCSV(estPath, bt.Fit.Estimates); err != nil {
		return err
	}
	chartPath := filepath.Join(o.out, "backtest."+o.chart)
	title := fmt.Sprintf("%s: fitted to %d (dashed line), observed (points) and model (lines)", sc.Name, until)
	if err := drawFitChart(chartPath, title, bt.Points, float64(until)); err != nil {
		return err
	}
	if !o.quiet {
		fmt.Fprintf(stdout, "\nWritten: %s\n", strings.Join([]string{fitPath, estPath, chartPath}, ", "))
	}
	return ctx.Err()
}

func printSeriesFit(w io.Writer, label string, ss []calibrate.SeriesFit) {
	for _, s := range ss {
		fmt.Fprintf(w, "  %-14s %-40s n=%d  %.4f  %5.1f%%\n", label, s.Series, s.N, s.RMSELog, s.MaxAbsErrPct)
	}
}

// drawFitChart draws one small panel per series: observed values as
// points, fitted values as a line, and, if split is not NaN, a dashed line
// after the last training year. It writes an SVG, or a PNG if path ends
// in .png.
func drawFitChart(path, title string, pts []calibrate.Point, split float64) error {
	var order []string
	bySeries := map[string][]calibrate.Point{}
	tMin, tMax := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		if _, ok := bySeries[p.Series]; !ok {
			order = append(order, p.Series)
		}
		bySeries[p.Series] = append(bySeries[p.Series], p)
		tMin, tMax = math.Min(tMin, p.Time), math.Max(tMax, p.Time)
	}
	if len(order) == 0 {
		return fmt.Errorf("chart %s: no points to draw", path)
	}
	const cols = 4
	rows := (len(order) + cols - 1) / cols
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
	}
	for k, name := range order {
		ps := bySeries[name]
		sort.Slice(ps, func(a, b int) bool { return ps[a].Time < ps[b].Time })
		p := plot.New()
		p.Title.Text = name
		p.Title.TextStyle.Font.Size = vg.Points(9)
		p.X.Tick.Label.Font.Size = vg.Points(7)
		p.Y.Tick.Label.Font.Size = vg.Points(7)
		obs, fit := make(plotter.XYs, 0, len(ps)), make(plotter.XYs, 0, len(ps))
		yMax := 0.0
		for _, q := range ps {
			// Plotters refuse NaN and Inf: leave such a value out.
			if finite(q.Observed) {
				obs = append(obs, plotter.XY{X: q.Time, Y: q.Observed})
				yMax = math.Max(yMax, q.Observed)
			}
			if finite(q.Fitted) {
				fit = append(fit, plotter.XY{X: q.Time, Y: q.Fitted})
				yMax = math.Max(yMax, q.Fitted)
			}
		}
		if len(fit) > 0 {
			l, err := plotter.NewLine(fit)
			if err != nil {
				return fmt.Errorf("chart %s: %w", path, err)
			}
			l.Color = color.RGBA{R: 31, G: 119, B: 180, A: 255}
			l.Width = vg.Points(1.5)
			p.Add(l)
			if len(fit) == 1 { // a line of one point is invisible
				s, _ := plotter.NewScatter(fit)
				s.Color, s.Shape = l.Color, draw.PlusGlyph{}
				p.Add(s)
			}
		}
		if len(obs) > 0 {
			s, err := plotter.NewScatter(obs)
			if err != nil {
				return fmt.Errorf("chart %s: %w", path, err)
			}
			s.Color = color.RGBA{R: 214, G: 39, B: 40, A: 255}
			s.Radius = vg.Points(2.5)
			s.Shape = draw.CircleGlyph{}
			p.Add(s)
		}
		if !math.IsNaN(split) {
			v, _ := plotter.NewLine(plotter.XYs{{X: split + 0.5, Y: 0}, {X: split + 0.5, Y: yMax * 1.15}})
			v.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
			v.Color = color.Gray{Y: 120}
			p.Add(v)
		}
		// Fixed ranges: a series of one year or one value would otherwise
		// be widened to +-1 around it.
		p.X.Min, p.X.Max = tMin-0.5, tMax+0.5
		p.Y.Min, p.Y.Max = 0, math.Max(yMax*1.15, 1)
		p.X.Tick.Marker = yearTicks{}
		p.Y.Tick.Marker = siTicks{}
		plots[k/cols][k%cols] = p
	}
	w, h := vg.Length(cols)*3.2*vg.Inch, vg.Length(rows)*2.4*vg.Inch+0.4*vg.Inch
	var img interface {
		vg.CanvasSizer
		io.WriterTo
	}
	if strings.HasSuffix(path, ".png") {
		img = vgimg.PngCanvas{Canvas: vgimg.New(w, h)}
	} else {
		img = vgsvg.New(w, h)
	}
	dc := draw.New(img)
	// Title on top.
	sty := draw.TextStyle{Color: color.Black, Font: plot.DefaultFont, Handler: plot.DefaultTextHandler, XAlign: draw.XCenter, YAlign: draw.YTop}
	sty.Font.Size = vg.Points(11)
	dc.FillText(sty, vg.Point{X: w / 2, Y: h - vg.Points(4)}, title)
	body := draw.Crop(dc, 0, 0, 0, -0.4*vg.Inch)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(8), PadY: vg.Points(8), PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(4)}
	canvases := plot.Align(plots, tiles, body)
	for r := range plots {
		for c := range plots[r] {
			if plots[r][c] != nil {
				plots[r][c].Draw(canvases[r][c])
			}
		}
	}
	return atomicfile.Write(path, func(wr io.Writer) error {
		_, err := img.WriteTo(wr)
		return err
	})
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// yearTicks labels whole years.
type yearTicks struct{}

func (yearTicks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	for y := math.Ceil(min); y <= max; y++ {
		out = append(out, plot.Tick{Value: y, Label: fmt.Sprintf("%.0f", y)})
	}
	return out
}

// siTicks labels values with a suffix: 8 bn, 350 M, 6 k.
type siTicks struct{}

func (siTicks) Ticks(min, max float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ts {
		if ts[i].Label == "" {
			continue
		}
		v := ts[i].Value
		switch a := math.Abs(v); {
		case a >= 1e9:
			ts[i].Label = strconv.FormatFloat(v/1e9, 'g', 4, 64) + " bn"
		case a >= 1e6:
			ts[i].Label = strconv.FormatFloat(v/1e6, 'g', 4, 64) + " M"
		case a >= 1e3:
			ts[i].Label = strconv.FormatFloat(v/1e3, 'g', 4, 64) + " k"
		default:
			ts[i].Label = strconv.FormatFloat(v, 'g', 4, 64)
		}
	}
	return ts
}
