package observed

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/digisim/digisim/internal/suggest"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/series"
)

// Bound is an observation bound to the model output that produces it.
type Bound struct {
	Obs    *Observation
	Series string  // e.g. "SEA6 gmv ecommerce"
	Time   float64 // model time of the year
	// Model reads the quantity from a snapshot of a run with the same
	// members and segments as the one bound against.
	Model func(sn *sim.Snapshot) float64
}

// Bind checks every observation against a run of the scenario (its
// members, segments and output times) and returns each with the reader of
// its model value. It reports every problem, naming file, line and value.
func (d *Data) Bind(res *sim.Result) ([]Bound, error) {
	S := len(res.Segments)
	index := func(ids []string) map[string]int {
		m := map[string]int{}
		for i, id := range ids {
			m[id] = i
		}
		return m
	}
	members, segments := index(res.Members), index(res.Segments)
	t0, t1 := res.Steps[0].Time, res.Steps[len(res.Steps)-1].Time
	var errs []error
	var out []Bound
	for k := range d.Obs {
		o := &d.Obs[k]
		bad := func(field, value, msg string) {
			errs = append(errs, &Error{Cell: true, File: d.fileOf(o), Line: o.Line, Key: field, Value: value, Reason: msg})
		}
		var idx []int
		ok := true
		for _, m := range o.Members {
			i, found := members[m]
			if !found {
				what := "unknown member"
				if o.Region != m {
					what = "group " + o.Region + " has a member the scenario lacks:"
				}
				bad("region_or_member", o.Region, fmt.Sprintf("%s %s; the scenario's members are %s%s", what, m,
					strings.Join(res.Members, " "), suggest.DidYouMean(m, res.Members)))
				ok = false
				continue
			}
			idx = append(idx, i)
		}
		s := -1
		if o.Segment != "total" {
			var found bool
			if s, found = segments[o.Segment]; !found {
				bad("segment", o.Segment, fmt.Sprintf("unknown segment; the scenario's segments are %s, or total%s",
					strings.Join(res.Segments, " "), suggest.DidYouMean(o.Segment, res.Segments)))
				ok = false
			}
		}
		step := -1
		for j := range res.Steps {
			if math.Abs(res.Steps[j].Time-float64(o.Year)) < 1e-6 {
				step = j
			}
		}
		if step < 0 {
			bad("year", fmt.Sprint(o.Year), fmt.Sprintf("is outside the scenario's time axis (output times %v to %v); use a scenario whose base year is %d or earlier (asean-2015 starts in 2015), or drop the row",
				t0, t1, o.Year))
			ok = false
		}
		if !ok {
			continue
		}
		var fn func(sn *sim.Snapshot) float64
		switch o.Variable {
		case "gmv", "users", "trips_per_day":
			fn = sumMS(idx, s, S, series.Find(modelOutput[o.Variable], series.MemberSegment))
		case "internet_users":
			share, pop := series.Find("online_share", series.Member), series.Find("population", series.Member)
			fn = func(sn *sim.Snapshot) float64 {
				t := 0.0
				for _, i := range idx {
					t += share.At(sn, i) * pop.At(sn, i)
				}
				return t
			}
		default:
			bad("variable", o.Variable, "unknown variable; known: "+variableNames())
			continue
		}
		if v := fn(&res.Steps[step]); !(v > 0) {
			hint := "the scenario seeds it as zero"
			if o.Variable == "trips_per_day" {
				hint = fmt.Sprintf("set segments.%s.transactions_per_user_day", o.Segment)
			}
			bad("value", fmt.Sprint(o.Value), fmt.Sprintf("the model gives %v for %s in %d, which a fit on log values cannot compare: %s", v, o.Series(), o.Year, hint))
			continue
		}
		out = append(out, Bound{Obs: o, Series: o.Series(), Time: float64(o.Year), Model: fn})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// modelOutput names the output of sim/series an observed variable is
// compared with, where it is one member-by-segment output summed.
var modelOutput = map[string]string{"gmv": "gmv", "users": "users", "trips_per_day": "transactions_per_day"}

// sumMS sums a member-by-segment output over members idx, for segment s
// or, when s < 0, over every segment.
func sumMS(idx []int, s, S int, v *series.Variable) func(*sim.Snapshot) float64 {
	return func(sn *sim.Snapshot) float64 {
		t := 0.0
		for _, i := range idx {
			if s >= 0 {
				t += v.At(sn, i*S+s)
				continue
			}
			for q := range S {
				t += v.At(sn, i*S+q)
			}
		}
		return t
	}
}
