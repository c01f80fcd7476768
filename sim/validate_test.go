package sim_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	. "github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/simtest"
)

// TestValidate: each broken value of a valid Params is reported as one
// *FieldError naming its path in the scenario-file vocabulary, its value
// and the rule, and Run refuses it with the same error.
func TestValidate(t *testing.T) {
	if err := simtest.ThreeMembers().Validate(); err != nil {
		t.Fatalf("ThreeMembers: %v", err)
	}
	cases := []struct {
		name   string
		change func(p *Params)
		path   string
		value  any
		reason string
	}{
		{"no members", func(p *Params) { p.Members = nil }, "members", nil, "at least one member"},
		{"capacity length", func(p *Params) { p.Members[1].Capacity = []float64{0.5} }, "members.BB.capacity", nil, "has 1 values, want one per pillar (3)"},
		{"capacity value", func(p *Params) { p.Members[0].Capacity[1] = 1.4 }, "members.AA.capacity.payments", 1.4, "is outside (0, 1]"},
		{"users length", func(p *Params) { p.Members[2].Users = nil }, "members.CC.users", nil, "want one per segment (2)"},
		{"population", func(p *Params) { p.Members[0].Population = 0 }, "members.AA.population", 0.0, "must be > 0"},
		{"online share above ceiling", func(p *Params) { p.Members[0].OnlineShare = 0.99 }, "members.AA.online_share", 0.99, "is above online_share_max 0.95"},
		{"weights zero", func(p *Params) { p.Segments[1].Weights = []float64{0, 0, 0} }, "segments.ride.weights", nil, "are all zero or missing"},
		{"schedules", func(p *Params) { p.Policy.Coordination = p.Policy.Coordination[:2] }, "policy.coordination", nil, "has 2 schedules, want one per pillar (3)"},
		{"empty schedule", func(p *Params) { p.Policy.Coordination[2] = nil }, "policy.coordination.logistics", nil, "is empty"},
		{"lag", func(p *Params) { p.Policy.LagYears = 0 }, "policy.lag_years", 0.0, "must be > 0"},
		{"event scope", func(p *Params) { p.Events = []Event{{Start: 2020, End: 2021, Members: []int{3}}} }, "events[0].members", nil, "member index 3 is out of range [0, 3)"},
		{"event end", func(p *Params) { p.Events = []Event{{Start: 2020, End: 2020}} }, "events[0].end", 2020.0, "is not after start 2020"},
		{"horizon", func(p *Params) { p.Time.End = 2010 }, "time.horizon", 2010.0, "is not after time.base_year 2018"},
		{"horizon steps", func(p *Params) { p.Time.End = 2030.01 }, "time.horizon", 2030.01, "is not a whole number of steps"},
		{"output step", func(p *Params) { p.Time.OutputStep = 0.3 }, "time.output_step", 0.3, "is not a multiple of time.dt (0.08333333333333333)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := simtest.ThreeMembers()
			c.change(p)
			err := p.Validate()
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate = %v, want a *FieldError", err)
			}
			if got := strings.Join(fe.Path, "."); strings.ReplaceAll(c.path, "[0]", ".0") != got {
				t.Errorf("path %q, want %q", got, c.path)
			}
			if fe.Value != c.value {
				t.Errorf("value %#v, want %#v", fe.Value, c.value)
			}
			if !strings.Contains(fe.Reason, c.reason) {
				t.Errorf("reason %q, want it to contain %q", fe.Reason, c.reason)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "sim: "+c.path+": ") {
				t.Errorf("message %q, want it to start with sim: %s: ", msg, c.path)
			}
			if _, runErr := Run(p); runErr == nil || runErr.Error() != err.Error() {
				t.Errorf("Run = %v, want the Validate error", runErr)
			}
		})
	}
}

// TestValidateCollects: every problem is reported, not only the first.
func TestValidateCollects(t *testing.T) {
	p := simtest.ThreeMembers()
	p.Policy.LagYears = 0
	p.Time.End = 2010
	p.Members[1].Capacity[0] = 0
	var paths []string
	for _, e := range err2list(p.Validate()) {
		var fe *FieldError
		if errors.As(e, &fe) {
			paths = append(paths, strings.Join(fe.Path, "."))
		}
	}
	want := []string{"members.BB.capacity.ict", "policy.lag_years", "time.horizon"}
	if !slices.Equal(paths, want) {
		t.Errorf("problems at %q, want %q", paths, want)
	}
}

func err2list(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// TestStepLimit: a run's own StepLimit bounds its integration steps, (horizon
// - base year) / dt: 0 means MaxSteps, NoStepLimit none; the limit is the
// run's, not a setting shared with other runs.
func TestStepLimit(t *testing.T) {
	p := simtest.ThreeMembers()              // 2018 to 2030
	p.Time.Step, p.Time.OutputStep = 1e-6, 1 // 1.2e7 steps
	if err := p.CheckSteps(); err == nil || !strings.Contains(err.Error(), "sim: time.dt: ") || !strings.Contains(err.Error(), "more than the 10000000 allowed") {
		t.Errorf("1.2e7 steps under the default bound: %v, want a time.dt error naming 10000000", err)
	}
	q := p.Clone()
	q.StepLimit = NoStepLimit
	if err := q.CheckSteps(); err != nil {
		t.Errorf("NoStepLimit: %v", err)
	}
	if err := p.CheckSteps(); err == nil {
		t.Error("raising a clone's limit raised the original's")
	}
	q.StepLimit = 20_000_000
	if err := q.CheckSteps(); err != nil {
		t.Errorf("limit 2e7: %v", err)
	}
	r := simtest.ThreeMembers()
	r.StepLimit = 12*12 - 1 // one step fewer than the 12 years at dt = 1/12
	if _, err := Run(r); err == nil || !strings.Contains(err.Error(), "more than the 143 allowed") {
		t.Errorf("Run with limit 143 of 144 steps: %v, want refused", err)
	}
	r.StepLimit = 12 * 12
	if _, err := Run(r); err != nil {
		t.Errorf("Run with limit 144 of 144 steps: %v", err)
	}
}
