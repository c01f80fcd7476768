package robust

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Goal says which way an outcome is better.
type Goal int

const (
	Maximize Goal = iota // more is better (GMV, a dividend)
	Minimize             // less is better (a Gini, a cost)
)

func (g Goal) String() string {
	switch g {
	case Maximize:
		return "maximize"
	case Minimize:
		return "minimize"
	}
	return fmt.Sprintf("Goal(%d)", int(g))
}

// Table holds one outcome of every option in every future: Values[o][f] is
// option o's outcome in future f. Every option must have every future, in
// the same order.
type Table struct {
	Options []string
	Values  [][]float64
}

// Check reports a table that cannot be analysed: no option, no future,
// options of different lengths, a name count that does not match, or a
// value that is NaN or infinite.
func (t Table) Check() error {
	if len(t.Values) == 0 {
		return errors.New("robust: no options")
	}
	if len(t.Options) != len(t.Values) {
		return fmt.Errorf("robust: %d option names for %d options", len(t.Options), len(t.Values))
	}
	nf := len(t.Values[0])
	if nf == 0 {
		return fmt.Errorf("robust: option %q has no futures", t.Options[0])
	}
	var errs []error
	for o, row := range t.Values {
		if len(row) != nf {
			errs = append(errs, fmt.Errorf("robust: option %q has %d futures, option %q has %d: every option must be run in every future", t.Options[o], len(row), t.Options[0], nf))
			continue
		}
		for f, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				errs = append(errs, fmt.Errorf("robust: option %q, future %d: value is %v", t.Options[o], f, v))
				break
			}
		}
	}
	return errors.Join(errs...)
}

// Regret returns regret[o][f]: how much worse option o does in future f
// than the best option in that future (best minus value when maximising,
// value minus best when minimising), so regret is >= 0 and exactly 0 for
// the best option of each future.
func Regret(t Table, goal Goal) ([][]float64, error) {
	if err := t.Check(); err != nil {
		return nil, err
	}
	if goal != Maximize && goal != Minimize {
		return nil, fmt.Errorf("robust: unknown goal %d", goal)
	}
	nf := len(t.Values[0])
	out := make([][]float64, len(t.Values))
	for o := range out {
		out[o] = make([]float64, nf)
	}
	for f := 0; f < nf; f++ {
		best := t.Values[0][f]
		for _, row := range t.Values[1:] {
			if (goal == Maximize && row[f] > best) || (goal == Minimize && row[f] < best) {
				best = row[f]
			}
		}
		for o, row := range t.Values {
			if goal == Maximize {
				out[o][f] = best - row[f]
			} else {
				out[o][f] = row[f] - best
			}
		}
	}
	return out, nil
}

// Threshold is a satisficing criterion: an outcome meets it when it is at
// least Value (AtLeast) or at most Value (!AtLeast).
type Threshold struct {
	Value   float64
	AtLeast bool
}

// Meets reports whether v meets the threshold.
func (th Threshold) Meets(v float64) bool {
	if th.AtLeast {
		return v >= th.Value
	}
	return v <= th.Value
}

// Spec says what to compute.
type Spec struct {
	Goal Goal
	// Percentiles, each in [0, 1], of the outcome and of the regret
	// (linear interpolation between order statistics, type 7 as NumPy's
	// default). Nil means 0.05, 0.5, 0.95.
	Percentiles []float64
	// Threshold, if not nil, gives each option's satisficing share.
	Threshold *Threshold
}

// Option is the robustness of one option over the futures.
type Option struct {
	Name                  string
	Mean, Min, Max        float64
	Percentiles           []float64 // of the outcome, at Spec.Percentiles
	Satisficing           float64   // share of futures meeting the threshold; NaN without one
	MeanRegret, MaxRegret float64
	RegretPercentiles     []float64 // of the regret, at Spec.Percentiles
	Best                  int       // futures in which the option is the best (regret 0)
}

// Analyze returns the robustness of each option of t, in t's order.
func Analyze(t Table, s Spec) ([]Option, error) {
	ps := s.Percentiles
	if ps == nil {
		ps = []float64{0.05, 0.5, 0.95}
	}
	for _, p := range ps {
		if !(p >= 0 && p <= 1) {
			return nil, fmt.Errorf("robust: percentile %v outside [0, 1] (0.05 is the 5th)", p)
		}
	}
	if s.Threshold != nil && (math.IsNaN(s.Threshold.Value) || math.IsInf(s.Threshold.Value, 0)) {
		return nil, fmt.Errorf("robust: threshold is %v, want a finite value", s.Threshold.Value)
	}
	reg, err := Regret(t, s.Goal)
	if err != nil {
		return nil, err
	}
	out := make([]Option, len(t.Values))
	for o, row := range t.Values {
		op := Option{Name: t.Options[o], Satisficing: math.NaN()}
		v := slices.Clone(row)
		slices.Sort(v)
		op.Min, op.Max, op.Mean = v[0], v[len(v)-1], mean(v)
		op.Percentiles = quantiles(v, ps)
		if s.Threshold != nil {
			meet := 0
			for _, x := range row {
				if s.Threshold.Meets(x) {
					meet++
				}
			}
			op.Satisficing = float64(meet) / float64(len(row))
		}
		r := slices.Clone(reg[o])
		for _, x := range r {
			if x == 0 {
				op.Best++
			}
		}
		slices.Sort(r)
		op.MeanRegret, op.MaxRegret = mean(r), r[len(r)-1]
		op.RegretPercentiles = quantiles(r, ps)
		out[o] = op
	}
	return out, nil
}

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// quantiles returns the type-7 quantiles of sorted v at ps.
func quantiles(v, ps []float64) []float64 {
	out := make([]float64, len(ps))
	for i, p := range ps {
		h := float64(p * float64(len(v)-1))
		lo := int(math.Floor(h))
		if lo >= len(v)-1 {
			out[i] = v[len(v)-1]
			continue
		}
		out[i] = v[lo] + float64((h-float64(lo))*(v[lo+1]-v[lo]))
	}
	return out
}

// Criterion names a rule for the most robust option.
type Criterion int

const (
	MinimaxRegret  Criterion = iota // smallest maximum regret (Savage)
	MaxSatisficing                  // largest share of futures meeting the threshold
	BestMean                        // best mean outcome (expected value over equally likely futures)
	Maximin                         // best worst case (Wald): highest minimum when maximising, lowest maximum when minimising
)

func (c Criterion) String() string {
	switch c {
	case MinimaxRegret:
		return "minimax regret"
	case MaxSatisficing:
		return "most futures meeting the threshold"
	case BestMean:
		return "best mean"
	case Maximin:
		return "best worst case"
	}
	return fmt.Sprintf("Criterion(%d)", int(c))
}

// ParseCriterion reads a criterion's name as a user would type it:
// "minimax-regret", "satisficing", "mean" or "maximin".
func ParseCriterion(s string) (Criterion, error) {
	switch s {
	case "minimax-regret", "regret":
		return MinimaxRegret, nil
	case "satisficing":
		return MaxSatisficing, nil
	case "mean":
		return BestMean, nil
	case "maximin", "worst-case":
		return Maximin, nil
	}
	return 0, fmt.Errorf("robust: unknown criterion %q: want minimax-regret, satisficing, mean or maximin", s)
}

// MostRobust returns the index of the most robust of opts (from Analyze
// with goal) by criterion c; ties go to the option with the lower mean
// regret, then to the earlier option. MaxSatisficing needs the options to
// have been analysed with a threshold.
func MostRobust(opts []Option, goal Goal, c Criterion) (int, error) {
	if len(opts) == 0 {
		return 0, errors.New("robust: no options")
	}
	// score: lower is better.
	var score func(o Option) float64
	switch c {
	case MinimaxRegret:
		score = func(o Option) float64 { return o.MaxRegret }
	case MaxSatisficing:
		if math.IsNaN(opts[0].Satisficing) {
			return 0, errors.New("robust: the satisficing criterion needs a threshold: give one to Analyze")
		}
		score = func(o Option) float64 { return -o.Satisficing }
	case BestMean:
		score = func(o Option) float64 {
			if goal == Minimize {
				return o.Mean
			}
			return -o.Mean
		}
	case Maximin:
		score = func(o Option) float64 {
			if goal == Minimize {
				return o.Max
			}
			return -o.Min
		}
	default:
		return 0, fmt.Errorf("robust: unknown criterion %d", c)
	}
	best := 0
	for i, o := range opts[1:] {
		i++
		sb, so := score(opts[best]), score(o)
		if so < sb || (so == sb && o.MeanRegret < opts[best].MeanRegret) {
			best = i
		}
	}
	return best, nil
}

// Pivot builds a Table from one record per run: option[i] names run i's
// option (its lever values, say "policy=binding"), future[i] its future
// (say the design point of the uncertainties) and value[i] its outcome.
// Options and futures are kept in order of first appearance. Every option
// must appear exactly once in every future.
func Pivot(option, future []string, value []float64) (Table, []string, error) {
	if len(option) != len(value) || len(future) != len(value) {
		return Table{}, nil, fmt.Errorf("robust: pivot: %d options, %d futures, %d values: want one of each per run", len(option), len(future), len(value))
	}
	oi, fi := map[string]int{}, map[string]int{}
	var t Table
	var futures []string
	for i := range value {
		if _, ok := oi[option[i]]; !ok {
			oi[option[i]] = len(t.Options)
			t.Options = append(t.Options, option[i])
		}
		if _, ok := fi[future[i]]; !ok {
			fi[future[i]] = len(futures)
			futures = append(futures, future[i])
		}
	}
	t.Values = make([][]float64, len(t.Options))
	seen := make([][]bool, len(t.Options))
	for o := range t.Values {
		t.Values[o] = make([]float64, len(futures))
		seen[o] = make([]bool, len(futures))
	}
	var errs []error
	for i, v := range value {
		o, f := oi[option[i]], fi[future[i]]
		if seen[o][f] {
			errs = append(errs, fmt.Errorf("robust: pivot: run %d repeats option %q in future %q", i, option[i], future[i]))
			continue
		}
		seen[o][f] = true
		t.Values[o][f] = v
	}
	for o := range seen {
		for f, ok := range seen[o] {
			if !ok {
				errs = append(errs, fmt.Errorf("robust: pivot: option %q has no run in future %q", t.Options[o], futures[f]))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Table{}, nil, err
	}
	return t, futures, t.Check()
}
