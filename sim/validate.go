package sim

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// FieldError is one problem with one value of Params. Path names the value
// in the vocabulary of scenario files (members.KH.capacity.payments,
// time.horizon, events[0].end: ids for members, segments and pillars,
// indices for events), so that a loader can point at the line that set it.
type FieldError struct {
	Path   []string
	Value  any    // the offending float64, or nil when no single value is at fault
	Reason string // what is wrong and, where it helps, the fix
}

func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("sim: ")
	for i, p := range e.Path {
		if _, err := strconv.Atoi(p); err == nil && i > 0 {
			b.WriteString("[" + p + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	b.WriteString(": ")
	if x, ok := e.Value.(float64); ok {
		b.WriteString(fmtFloat(x) + " ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// Validate reports every problem with p that would make a run impossible
// or its equations undefined: slices of the wrong length, values outside
// the model's domain, and the rules that involve more than one value (a
// horizon after the base year, steps that divide it, an online share below
// its ceiling, some positive pillar weight, events that end after they
// start). It returns nil or the *FieldError of each problem, joined. It is
// the one validation of Params: Run calls it, and the scenario loader maps
// its errors to file positions.
func (p *Params) Validate() error {
	var errs []error
	fail := func(v any, reason string, path ...string) {
		errs = append(errs, &FieldError{Path: path, Value: v, Reason: reason})
	}
	N, S, K := len(p.Members), len(p.Segments), len(p.Pillars)
	if N == 0 {
		fail(nil, "none: a run needs at least one member", "members")
	}
	if S == 0 {
		fail(nil, "none: a run needs at least one segment", "segments")
	}
	if K == 0 {
		fail(nil, "none: a run needs at least one pillar", "pillars")
	}
	// Paths are built only for a problem: Run validates every time.
	const mustBePositive = "must be > 0"
	perPillar := func(n int) string { return fmt.Sprintf("has %d values, want one per pillar (%d)", n, K) }
	perSegment := func(n int) string { return fmt.Sprintf("has %d values, want one per segment (%d)", n, S) }
	for _, mb := range p.Members {
		if !(mb.Population > 0) {
			fail(mb.Population, mustBePositive, "members", mb.ID, "population")
		}
		if !(mb.OnlineShareMax > 0 && mb.OnlineShareMax <= 1) {
			fail(mb.OnlineShareMax, "is outside (0, 1]", "members", mb.ID, "online_share_max")
		} else if mb.OnlineShare > mb.OnlineShareMax {
			fail(mb.OnlineShare, "is above online_share_max "+fmtFloat(mb.OnlineShareMax), "members", mb.ID, "online_share")
		}
		if !(mb.IncomePerHeadUSD > 0) {
			fail(mb.IncomePerHeadUSD, mustBePositive, "members", mb.ID, "income_per_head_usd")
		}
		if len(mb.Capacity) != K {
			fail(nil, perPillar(len(mb.Capacity)), "members", mb.ID, "capacity")
		} else {
			for k, c := range mb.Capacity {
				if !(c > 0 && c <= 1) {
					fail(c, "is outside (0, 1]", "members", mb.ID, "capacity", p.Pillars[k])
				}
			}
		}
		if len(mb.Investment) != K {
			fail(nil, perPillar(len(mb.Investment)), "members", mb.ID, "investment")
		}
		if len(mb.Users) != S {
			fail(nil, perSegment(len(mb.Users)), "members", mb.ID, "users")
		}
		if len(mb.GMVUSD) != S {
			fail(nil, perSegment(len(mb.GMVUSD)), "members", mb.ID, "gmv_usd")
		}
		if mb.Tenure != nil {
			if len(mb.Tenure) != S {
				fail(nil, perSegment(len(mb.Tenure)), "members", mb.ID, "tenure_years")
			}
			for s, h := range mb.Tenure {
				if !(h >= 0 && h <= 50) && s < S {
					fail(h, "is outside [0, 50] years", "members", mb.ID, "tenure_years", p.Segments[s].ID)
				}
			}
		}
		if !(math.Abs(mb.SpendDrift) <= 0.5) {
			fail(mb.SpendDrift, "is outside [-0.5, 0.5] per year", "members", mb.ID, "spend_drift")
		}
		if p.Model != V2 && (mb.SpendDrift != 0 || mb.Tenure != nil) {
			fail(nil, "spend_drift and tenure_years are model v2 inputs: set the model to v2 to use them", "members", mb.ID)
		}
	}
	if cu := p.Policy.CatchUp; cu != nil {
		if len(cu) != K {
			fail(nil, perPillar(len(cu)), "policy", "catch_up")
		} else {
			for k, v := range cu {
				if !(v >= 0 && v <= 100) {
					fail(v, "is outside [0, 100] (a multiple of policy.spillover)", "policy", "catch_up", p.Pillars[k])
				}
			}
		}
	}
	if a := p.Policy.BaselineAccess; !(a >= 0 && a <= 1) {
		fail(a, "is outside [0, 1]", "policy", "baseline_access")
	}
	for _, sg := range p.Segments {
		if !(sg.Deepening >= 0 && sg.Deepening <= 5) {
			fail(sg.Deepening, "is outside [0, 5] per year of tenure", "segments", sg.ID, "deepening")
		} else if sg.Deepening != 0 && p.Model != V2 {
			fail(sg.Deepening, "is a model v2 input: set the model to v2 to use it", "segments", sg.ID, "deepening")
		}
		if len(sg.Weights) != K {
			fail(nil, perPillar(len(sg.Weights)), "segments", sg.ID, "weights")
		} else if K > 0 {
			sum := 0.0
			for _, w := range sg.Weights {
				sum += w
			}
			if !(sum > 0) {
				fail(nil, "are all zero or missing: give at least one pillar a positive weight", "segments", sg.ID, "weights")
			}
		}
	}
	if len(p.Policy.Coordination) != K {
		fail(nil, fmt.Sprintf("has %d schedules, want one per pillar (%d)", len(p.Policy.Coordination), K), "policy", "coordination")
	} else {
		for k, sched := range p.Policy.Coordination {
			if len(sched) == 0 {
				fail(nil, "is empty: give at least one [year, level] point", "policy", "coordination", p.Pillars[k])
			}
		}
	}
	if !(p.Policy.LagYears > 0) {
		fail(p.Policy.LagYears, mustBePositive, "policy", "lag_years")
	}
	if p.Model != V1 && p.Model != V2 {
		fail(nil, fmt.Sprintf("is %d: want V1 or V2", int(p.Model)), "model")
	}
	for j, ev := range p.Events {
		for _, i := range ev.Members {
			if i < 0 || i >= N {
				fail(nil, fmt.Sprintf("member index %d is out of range [0, %d)", i, N), "events", strconv.Itoa(j), "members")
			}
		}
		for _, s := range ev.Segments {
			if s < 0 || s >= S {
				fail(nil, fmt.Sprintf("segment index %d is out of range [0, %d)", s, S), "events", strconv.Itoa(j), "segments")
			}
		}
		if !(ev.End > ev.Start) {
			fail(ev.End, "is not after start "+fmtFloat(ev.Start), "events", strconv.Itoa(j), "end")
		}
		if t0 := p.Time.Start; ev.Spend == 0 && ev.Start <= t0 && (t0 < ev.End || ev.Fade > 0) {
			fail(ev.Spend, "multiplies spend by 0 in the base year, where spend per user is calibrated by dividing by it (MODEL.md, equation 13): use a small positive multiplier, or start the event after the base year", "events", strconv.Itoa(j), "spend")
		}
		if !(ev.Fade >= 0 && ev.Fade < 1) {
			fail(ev.Fade, "is outside [0, 1)", "events", strconv.Itoa(j), "fade")
		} else if ev.Fade != 0 && p.Model != V2 {
			fail(ev.Fade, "is a model v2 input: set the model to v2 to use it", "events", strconv.Itoa(j), "fade")
		}
	}
	tm := p.Time
	if !(tm.Step > 0) {
		fail(tm.Step, mustBePositive, "time", "dt")
	}
	if !(tm.OutputStep > 0) {
		fail(tm.OutputStep, mustBePositive, "time", "output_step")
	}
	if !(tm.End > tm.Start) {
		fail(tm.End, "is not after time.base_year "+fmtFloat(tm.Start), "time", "horizon")
	} else if tm.Step > 0 && !multiple(tm.End-tm.Start, tm.Step) {
		fail(tm.End, fmt.Sprintf("is not a whole number of steps dt = %s after base_year %s", fmtFloat(tm.Step), fmtFloat(tm.Start)), "time", "horizon")
	}
	if tm.Step > 0 && tm.OutputStep > 0 && !multiple(tm.OutputStep, tm.Step) {
		fail(tm.OutputStep, fmt.Sprintf("is not a multiple of time.dt (%s)", fmtFloat(tm.Step)), "time", "output_step")
	}
	if err := p.CheckSteps(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// MaxSteps is the default Params.StepLimit: ten million integration steps.
const MaxSteps = 10_000_000

// NoStepLimit, as Params.StepLimit, lets a run take any number of steps.
const NoStepLimit = -1

// CheckSteps refuses a time axis of more integration steps than
// p.StepLimit allows (Validate calls it; a caller that raises the limit
// after loading calls it again).
func (p *Params) CheckSteps() error {
	limit := p.StepLimit
	if limit == 0 {
		limit = MaxSteps
	}
	tm := p.Time
	if n := (tm.End - tm.Start) / tm.Step; tm.Step > 0 && tm.End > tm.Start && limit > 0 && n > float64(limit) {
		return &FieldError{Path: []string{"time", "dt"}, Value: tm.Step,
			Reason: fmt.Sprintf("gives %.3g steps from base_year %s to horizon %s, more than the %d allowed (a mistyped dt means hours of silent work); "+
				"use a larger time.dt (1/48 is the usual), or --max-steps N to allow it", n, fmtFloat(tm.Start), fmtFloat(tm.End), limit)}
	}
	return nil
}

// Steps returns n = x/step rounded, and whether x is n >= 1 steps to
// within a relative 1e-9 (steps such as 1/12 are not exact in binary).
func Steps(x, step float64) (int, bool) {
	n := math.Round(x / step)
	return int(n), n >= 1 && math.Abs(float64(n*step)-x) <= 1e-9*math.Max(1, math.Abs(x))
}

func multiple(x, step float64) bool {
	_, ok := Steps(x, step)
	return ok
}
