package sim

import (
	"fmt"
	"math"

	"github.com/digisim/digisim/sim/internal/lanes"
)

// NonFiniteError reports an output that is NaN or infinite: the run
// overflowed (magnitudes too large for the model's products), and its
// tables would be meaningless. Like StabilityError it stops the run; it
// names the first output found, its member, segment (or pillar, or
// seller) and time.
type NonFiniteError struct {
	Time     float64
	Variable string // the output's name, as in the tidy tables
	Member   string // "" for a regional output
	Segment  string // a segment, pillar or ("from " + seller); "" when none
	Value    float64
}

func (e *NonFiniteError) Error() string {
	where := ""
	if e.Member != "" {
		where = " of " + e.Member
	}
	if e.Segment != "" {
		where += " in " + e.Segment
	}
	fix := "check the magnitudes of the scenario (members.*.population, income_per_head_usd, gmv_usd, users) and its rates"
	if e.Member != "" {
		fix = fmt.Sprintf("check the magnitudes of members.%s (population, income_per_head_usd, gmv_usd, users) and its rates", e.Member)
	}
	return fmt.Sprintf("sim: output %s%s is not finite (%v) at %.2f: the run overflowed; %s", e.Variable, where, e.Value, e.Time, fix)
}

// checkFinite returns a *NonFiniteError for the first output of sn that
// is not finite, or nil. vals holds every slice of sn (the block that
// buyers returns).
func checkFinite(res *Result, sn *Snapshot, vals []float64) error {
	if allFinite(vals, &sn.Region) {
		return nil
	}
	N, S, K := len(res.Members), len(res.Segments), len(res.Pillars)
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
	fail := func(name, member, seg string, v float64) error {
		return &NonFiniteError{Time: sn.Time, Variable: name, Member: member, Segment: seg, Value: v}
	}
	bySegment := []struct {
		name string
		v    []float64
	}{{"users", sn.Users}, {"spend_per_user", sn.Spend}, {"gmv", sn.GMV}, {"gmv_seller", sn.GMVSeller},
		{"cross_border_share", sn.CrossBorder}, {"potential_users", sn.Potential}, {"readiness", sn.Readiness},
		{"transactions", sn.Transactions}}
	byMember := []struct {
		name string
		v    []float64
	}{{"capacity_mean", sn.CapacityMean}, {"coordination_mean", sn.CoordinationMean}, {"online_share", sn.OnlineShare},
		{"population", sn.Population}, {"income_per_head", sn.IncomePerHead}, {"gmv_per_head", sn.GMVPerHead}}
	for i := range N {
		for _, o := range bySegment {
			for s := range S {
				if k := i*S + s; k < len(o.v) && bad(o.v[k]) {
					return fail(o.name, res.Members[i], res.Segments[s], o.v[k])
				}
			}
		}
		for k := range K {
			if j := i*K + k; j < len(sn.Capacity) && bad(sn.Capacity[j]) {
				return fail("capacity", res.Members[i], res.Pillars[k], sn.Capacity[j])
			}
		}
		for _, o := range byMember {
			if i < len(o.v) && bad(o.v[i]) {
				return fail(o.name, res.Members[i], "", o.v[i])
			}
		}
		for j := range N {
			if k := i*N + j; k < len(sn.Purchases) && bad(sn.Purchases[k]) {
				return fail("purchases", res.Members[i], "from "+res.Members[j], sn.Purchases[k])
			}
		}
	}
	r := &sn.Region
	for s := range S {
		if s < len(r.GMV) && bad(r.GMV[s]) {
			return fail("gmv", "", res.Segments[s], r.GMV[s])
		}
		if s < len(r.Users) && bad(r.Users[s]) {
			return fail("users", "", res.Segments[s], r.Users[s])
		}
	}
	for _, o := range []struct {
		name string
		v    float64
	}{{"gmv_total", r.GMVTotal}, {"users_total", r.UsersTotal}, {"gmv_per_head", r.GMVPerHead}, {"gini_gmv_per_head", r.Gini},
		{"cv_gmv_per_head", r.CV}, {"capacity_gap", r.CapacityGap}, {"cross_border_share", r.CrossBorderShare}} {
		if bad(o.v) {
			return fail(o.name, "", "", o.v)
		}
	}
	return nil
}

// allFinite reports whether every value of vals and every scalar of r is
// finite: checkFinite's common case, one vector pass over a snapshot's
// slices (a pass for each, of a few values and a scalar tail, costs some
// five times as much) instead of a test per value.
func allFinite(vals []float64, r *Region) bool {
	inf := math.Inf(1)
	if lo, hi, ok := lanes.Bounds(vals); !ok || lo == -inf || hi == inf {
		return false
	}
	sum := r.GMVTotal + r.UsersTotal + r.GMVPerHead + r.Gini + r.CV + r.CapacityGap + r.CrossBorderShare
	return !math.IsNaN(sum * 0) // x*0 is NaN for NaN and infinite x only
}
