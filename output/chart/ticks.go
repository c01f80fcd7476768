package chart

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/plot"
)

// yearTicks labels integer years only, with a step of 1, 2, 5, 10, 20, 25
// or 50 years chosen so that at most max labels appear; single years in
// between get minor ticks when the step is small. The first and last years
// are always labelled, so that every time axis says where it starts and
// ends (the horizon a reader looks for); max 0 labels the last year alone,
// for a panel too narrow for two labels.
type yearTicks struct{ max int }

func (t yearTicks) Ticks(lo, hi float64) []plot.Tick {
	n := max(t.max, 1)
	first, last := math.Ceil(lo-1e-9), math.Floor(hi+1e-9)
	span := last - first
	step := 1.0
	for _, s := range []float64{1, 2, 5, 10, 20, 25, 50, 100} {
		step = s
		if math.Floor(span/s)+1 <= float64(n) {
			break
		}
	}
	var ticks []plot.Tick
	start := math.Ceil(first/step) * step
	for y := first; y <= last; y++ {
		if math.Mod(y-start, step) == 0 && y >= start {
			ticks = append(ticks, plot.Tick{Value: y, Label: Year(y)})
		} else if step <= 5 {
			ticks = append(ticks, plot.Tick{Value: y})
		}
	}
	if t.max <= 0 {
		for i := range ticks {
			ticks[i].Label = ""
		}
		return labelEnds(ticks, last, last, step)
	}
	return labelMiddle(labelEnds(ticks, first, last, step), first, last, n)
}

// labelEnds labels the first and last years of a time axis, dropping a
// label between them that would sit closer to either than a step (labels
// never come closer than the axis' step, except the two ends of an axis
// shorter than a step).
func labelEnds(ticks []plot.Tick, first, last, step float64) []plot.Tick {
	for _, end := range []float64{last, first} {
		if k := slices.IndexFunc(ticks, func(t plot.Tick) bool { return t.Value == end }); k >= 0 && ticks[k].Label != "" {
			continue
		}
		for j := range ticks {
			if v := ticks[j].Value; ticks[j].Label != "" && v != first && v != last && math.Abs(v-end) < step {
				ticks[j].Label = ""
			}
		}
		if k := slices.IndexFunc(ticks, func(t plot.Tick) bool { return t.Value == end }); k >= 0 {
			ticks[k].Label = Year(end)
		} else {
			ticks = append(ticks, plot.Tick{Value: end, Label: Year(end)})
		}
	}
	slices.SortStableFunc(ticks, func(a, b plot.Tick) int { return cmp.Compare(a.Value, b.Value) })
	return ticks
}

// labelMiddle labels a year near the middle of an axis whose ends are its
// only labels when max allows three (a multiple of five years if one lies
// within two years of the middle), so that a narrow panel reads as a span
// of time, not two dates. The caller checks that the labels do not touch.
func labelMiddle(ticks []plot.Tick, first, last float64, n int) []plot.Tick {
	labels := 0
	for _, t := range ticks {
		if t.Label != "" {
			labels++
		}
	}
	if labels != 2 || n < 3 || last-first < 4 {
		return ticks
	}
	mid := (first + last) / 2
	y := math.Round(mid/5) * 5
	if math.Abs(y-mid) > 2 {
		y = math.Round(mid)
	}
	if k := slices.IndexFunc(ticks, func(t plot.Tick) bool { return t.Value == y }); k >= 0 {
		ticks[k].Label = Year(y)
		return ticks
	}
	ticks = append(ticks, plot.Tick{Value: y, Label: Year(y)})
	slices.SortStableFunc(ticks, func(a, b plot.Tick) int { return cmp.Compare(a.Value, b.Value) })
	return ticks
}

// valueTicks places about target "nice" major ticks (steps of 1, 2, 2.5 or
// 5 times a power of ten) and labels them in the unit with a common suffix.
type valueTicks struct {
	unit   Unit
	target int
	step   float64 // if > 0, the step to use (the one the axis range was rounded to)
}

func (t valueTicks) Ticks(lo, hi float64) []plot.Tick {
	step := t.step
	if !(step > 0) || (hi-lo)/step > 20 {
		step = niceStep(lo, hi, t.target)
	}
	var vals []float64
	for k := math.Ceil(lo/step - 1e-9); k*step <= hi+step*1e-9; k++ {
		v := k * step
		if v == 0 {
			v = 0 // no "-0"
		}
		vals = append(vals, v)
	}
	labels := t.unit.tickLabels(vals)
	ticks := make([]plot.Tick, len(vals))
	for i, v := range vals {
		ticks[i] = plot.Tick{Value: v, Label: labels[i]}
	}
	return ticks
}

// niceStep returns the smallest step of 1, 2, 2.5 or 5 times a power of
// ten that cuts [lo, hi] into at most target intervals.
func niceStep(lo, hi float64, target int) float64 {
	if target < 2 {
		target = 2
	}
	span := hi - lo
	if !(span > 0) || math.IsInf(span, 0) {
		return 1
	}
	raw := span / float64(target)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// niceBounds widens [lo, hi] outward to whole steps, so the axis ends on
// labelled ticks, and returns the step for the axis' valueTicks (computing
// it again from the widened range could give a coarser step whose ticks
// miss the ends).
func niceBounds(lo, hi float64, target int) (float64, float64, float64) {
	step := niceStep(lo, hi, target)
	return math.Floor(lo/step+1e-9) * step, math.Ceil(hi/step-1e-9) * step, step
}

// logTicks labels powers of ten (and 2 and 5 times them when the range
// spans fewer than three decades) in the unit.
type logTicks struct{ unit Unit }

func (t logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) {
		return nil
	}
	e0, e1 := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
	mults := []float64{1}
	if e1-e0 < 3 {
		mults = []float64{1, 2, 5}
	}
	var ticks []plot.Tick
	for e := e0; e <= e1; e++ {
		for _, m := range mults {
			v := m * math.Pow(10, e)
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			ticks = append(ticks, plot.Tick{Value: v, Label: t.unit.tickLabels([]float64{v})[0]})
		}
	}
	return ticks
}

// categoryTicks labels the integer positions 0..n-1 with names.
func categoryTicks(names []string) plot.ConstantTicks {
	ts := make(plot.ConstantTicks, len(names))
	for i, n := range names {
		ts[i] = plot.Tick{Value: float64(i), Label: n}
	}
	return ts
}

// noLabels keeps a ticker's tick marks but drops their labels.
type noLabels struct{ plot.Ticker }

func (n noLabels) Ticks(lo, hi float64) []plot.Tick {
	ts := n.Ticker.Ticks(lo, hi)
	for i := range ts {
		ts[i].Label = ""
	}
	return ts
}

// valueRange returns the axis range for values in [lo, hi]: zero included
// when fromZero, a flat or nearly flat range widened (plot would widen it
// to +-1, which for $23B prints the same label on every tick), then
// widened outward to whole tick steps; it returns the range and the step.
func valueRange(lo, hi float64, fromZero bool, target int) (float64, float64, float64) {
	if fromZero {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	mag := math.Max(math.Abs(lo), math.Abs(hi))
	if hi-lo < 1e-3*mag || hi == lo {
		switch {
		case mag == 0:
			lo, hi = 0, 1
		case lo >= 0 && hi > 0:
			lo, hi = math.Max(0, lo-0.1*mag), hi+0.1*mag
		default:
			lo, hi = lo-0.1*mag, hi+0.1*mag
		}
	}
	return niceBounds(lo, hi, target)
}
