package calibrate

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/digisim/digisim/sim"
)

// Rolling runs a rolling-origin backtest: for every origin T it fits the
// problem that problem(T) returns on the observations at or before T and
// scores the fitted model on those after it. problem(T) must return every
// observation (Backtest holds out those after T) and a base scenario that
// knows only what was known at T (see KnownAt).
func Rolling(ctx context.Context, origins []float64, problem func(T float64) (Problem, error)) ([]*BacktestResult, error) {
	var out []*BacktestResult
	for _, T := range origins {
		pr, err := problem(T)
		if err != nil {
			return nil, fmt.Errorf("origin %v: %w", T, err)
		}
		bt, err := Backtest(ctx, pr, T)
		if err != nil {
			return nil, fmt.Errorf("origin %v: %w", T, err)
		}
		out = append(out, bt)
	}
	return out, nil
}

// KnownAt returns a copy of p without the events that start after T: a
// forecast made at T cannot know of a shock that had not begun. Events that
// began by T stay, with their fade (so a shock under way at T is projected
// to fade as the scenario says).
func KnownAt(p *sim.Params, T float64) *sim.Params {
	q := p.Clone()
	q.Events = q.Events[:0]
	for _, ev := range p.Events {
		if ev.Start <= T+1e-9 {
			q.Events = append(q.Events, ev)
		}
	}
	return q
}

// Skill is the out-of-sample error of one aggregate of GMV observations in
// one year: a member (its segments summed), a segment (its members summed)
// or the whole (everything summed).
type Skill struct {
	Origin   float64
	Kind     string // "member", "segment" or "total"
	Name     string // the member or segment id, "total"
	Year     float64
	Ahead    float64 // Year - Origin
	Observed float64
	Forecast float64
	ErrPct   float64 // 100 (Forecast/Observed - 1)
}

// Skills aggregates the held-out gmv points of a backtest (those whose
// Variable is "gmv" and whose Region and Segment are set: one member and
// one segment each) by member, by segment and in total, year by year. Only
// member-and-segment points count, so that no figure is counted twice.
func Skills(bt *BacktestResult) []Skill {
	type key struct {
		kind, name string
		year       float64
	}
	obs, fc := map[key]float64{}, map[key]float64{}
	var keys []key
	add := func(k key, o, f float64) {
		if _, ok := obs[k]; !ok {
			keys = append(keys, k)
		}
		obs[k] += o
		fc[k] += f
	}
	for _, pt := range bt.Points {
		if !pt.Held || pt.Variable != "gmv" || pt.Region == "" || pt.Segment == "" || pt.Segment == "total" {
			continue
		}
		add(key{"member", pt.Region, pt.Time}, pt.Observed, pt.Fitted)
		add(key{"segment", pt.Segment, pt.Time}, pt.Observed, pt.Fitted)
		add(key{"total", "total", pt.Time}, pt.Observed, pt.Fitted)
	}
	rank := map[string]int{"total": 0, "member": 1, "segment": 2}
	sort.SliceStable(keys, func(a, b int) bool {
		ka, kb := keys[a], keys[b]
		if ka.kind != kb.kind {
			return rank[ka.kind] < rank[kb.kind]
		}
		if ka.name != kb.name {
			return ka.name < kb.name
		}
		return ka.year < kb.year
	})
	out := make([]Skill, len(keys))
	for j, k := range keys {
		out[j] = Skill{Origin: bt.TrainUntil, Kind: k.kind, Name: k.name, Year: k.year, Ahead: k.year - bt.TrainUntil,
			Observed: obs[k], Forecast: fc[k], ErrPct: 100 * (fc[k]/obs[k] - 1)}
	}
	return out
}

// MAPE is the mean absolute ErrPct of the skills of one kind ("member",
// "segment" or "total"); NaN when there are none.
func MAPE(sk []Skill, kind string) float64 {
	sum, n := 0.0, 0
	for _, s := range sk {
		if s.Kind == kind {
			sum += math.Abs(s.ErrPct)
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}
