// Package series names the outputs of a run: it turns a sim.Result into
// tidy records (time, member, segment, pillar, variable, value) and looks
// single values up by name, so that tables, comparisons, experiment outcomes
// and charts share one vocabulary of output variables.
package series

import (
	"fmt"
	"sort"
	"strings"

	"github.com/digisim/digisim/sim"
)

// Level says which indices a variable has.
type Level int

const (
	MemberSegment Level = iota // per member and segment
	MemberPillar               // per member and pillar
	Member                     // per member
	RegionSegment              // per segment for the region, plus the all-segment total
	Region                     // one regional value
)

// Variable is one named output.
type Variable struct {
	Name  string
	Unit  string
	Level Level
	Doc   string
	// value reads the variable at flat index idx of a snapshot; for
	// RegionSegment, idx == -1 is the total over segments.
	value func(sn *sim.Snapshot, idx int) float64
}

func slice(f func(sn *sim.Snapshot) []float64) func(*sim.Snapshot, int) float64 {
	return func(sn *sim.Snapshot, idx int) float64 { return f(sn)[idx] }
}

// Variables lists every output variable in table order. Member-level rows
// come first, then region rows (with an empty member field).
var Variables = []Variable{
	{"users", "persons", MemberSegment, "users U", slice(func(s *sim.Snapshot) []float64 { return s.Users })},
	{"spend_per_user", "USD/user/year", MemberSegment, "spend per user A", slice(func(s *sim.Snapshot) []float64 { return s.Spend })},
	{"gmv", "USD/year", MemberSegment, "GMV by buyer's country G", slice(func(s *sim.Snapshot) []float64 { return s.GMV })},
	{"gmv_seller", "USD/year", MemberSegment, "GMV by seller's country V", slice(func(s *sim.Snapshot) []float64 { return s.GMVSeller })},
	{"cross_border_share", "share", MemberSegment, "share of demand bought abroad x", slice(func(s *sim.Snapshot) []float64 { return s.CrossBorder })},
	{"potential_users", "persons", MemberSegment, "potential users M", slice(func(s *sim.Snapshot) []float64 { return s.Potential })},
	{"readiness", "index 0-1", MemberSegment, "readiness R", slice(func(s *sim.Snapshot) []float64 { return s.Readiness })},
	{"transactions_per_day", "per day", MemberSegment, "transactions per day T", slice(func(s *sim.Snapshot) []float64 { return s.Transactions })},
	{"capacity", "index 0-1", MemberPillar, "capacity c", slice(func(s *sim.Snapshot) []float64 { return s.Capacity })},
	{"capacity_mean", "index 0-1", Member, "mean capacity cbar", slice(func(s *sim.Snapshot) []float64 { return s.CapacityMean })},
	{"coordination_mean", "index 0-1", Member, "mean effective coordination e", slice(func(s *sim.Snapshot) []float64 { return s.CoordinationMean })},
	{"online_share", "share", Member, "share of population online n", slice(func(s *sim.Snapshot) []float64 { return s.OnlineShare })},
	{"population", "persons", Member, "population P", slice(func(s *sim.Snapshot) []float64 { return s.Population })},
	{"income_per_head", "USD/person/year", Member, "income per head y", slice(func(s *sim.Snapshot) []float64 { return s.IncomePerHead })},
	{"gmv_per_head", "USD/person/year", Member, "GMV per head g", slice(func(s *sim.Snapshot) []float64 { return s.GMVPerHead })},
	{"gmv", "USD/year", RegionSegment, "regional GMV (empty segment: all)", regionSegment(func(s *sim.Snapshot) ([]float64, float64) { return s.Region.GMV, s.Region.GMVTotal })},
	{"users", "persons", RegionSegment, "regional users (empty segment: all)", regionSegment(func(s *sim.Snapshot) ([]float64, float64) { return s.Region.Users, s.Region.UsersTotal })},
	{"transactions_per_day", "per day", RegionSegment, "regional transactions per day", regionSegment(regionTransactions)},
	{"gmv_per_head", "USD/person/year", Region, "regional GMV per head", func(s *sim.Snapshot, _ int) float64 { return s.Region.GMVPerHead }},
	{"gini_gmv_per_head", "index 0-1", Region, "population-weighted Gini of GMV per head", func(s *sim.Snapshot, _ int) float64 { return s.Region.Gini }},
	{"cv_gmv_per_head", "ratio", Region, "coefficient of variation of GMV per head", func(s *sim.Snapshot, _ int) float64 { return s.Region.CV }},
	{"capacity_gap", "index 0-1", Region, "max - min mean capacity", func(s *sim.Snapshot, _ int) float64 { return s.Region.CapacityGap }},
	{"cross_border_share", "share", Region, "share of regional GMV bought across borders", func(s *sim.Snapshot, _ int) float64 { return s.Region.CrossBorderShare }},
}

func regionSegment(f func(sn *sim.Snapshot) ([]float64, float64)) func(*sim.Snapshot, int) float64 {
	return func(sn *sim.Snapshot, idx int) float64 {
		per, total := f(sn)
		if idx < 0 {
			return total
		}
		return per[idx]
	}
}

func regionTransactions(sn *sim.Snapshot) ([]float64, float64) {
	S := len(sn.Region.GMV)
	per := make([]float64, S)
	total := 0.0
	for k, v := range sn.Transactions {
		per[k%S] += v
		total += v
	}
	return per, total
}

// Record is one row of the tidy table. Empty Member, Segment or Pillar
// means not applicable; a region row has an empty Member, and a
// region-by-segment variable's total has an empty Segment.
type Record struct {
	Time     float64
	Member   string
	Segment  string
	Pillar   string
	Variable string
	Value    float64
}

// Each calls fn for every record of r, in a fixed order: by time, then by
// variable in the order of Variables, then by member, segment and pillar.
func Each(r *sim.Result, fn func(Record)) {
	N, S, K := len(r.Members), len(r.Segments), len(r.Pillars)
	for k := range r.Steps {
		sn := &r.Steps[k]
		for _, v := range Variables {
			rec := Record{Time: sn.Time, Variable: v.Name}
			switch v.Level {
			case MemberSegment:
				for i := range N {
					for s := range S {
						rec.Member, rec.Segment, rec.Value = r.Members[i], r.Segments[s], v.value(sn, i*S+s)
						fn(rec)
					}
				}
			case MemberPillar:
				for i := range N {
					for p := range K {
						rec.Member, rec.Pillar, rec.Value = r.Members[i], r.Pillars[p], v.value(sn, i*K+p)
						fn(rec)
					}
				}
			case Member:
				for i := range N {
					rec.Member, rec.Value = r.Members[i], v.value(sn, i)
					fn(rec)
				}
			case RegionSegment:
				for s := range S {
					rec.Segment, rec.Value = r.Segments[s], v.value(sn, s)
					fn(rec)
				}
				rec.Segment, rec.Value = "", v.value(sn, -1)
				fn(rec)
			case Region:
				rec.Value = v.value(sn, 0)
				fn(rec)
			}
		}
	}
}

// Selector names one value of a run, as experiment outcomes and charts ask
// for it. Member "" selects the region; Segment "" a region total.
type Selector struct {
	Variable string
	Member   string
	Segment  string
	Pillar   string
}

func (q Selector) String() string {
	parts := []string{q.Variable}
	for _, s := range []string{q.Member, q.Segment, q.Pillar} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ".")
}

// Lookup is a compiled Selector: it reads its value from any snapshot of a
// result with the same members, segments and pillars.
type Lookup struct {
	v   *Variable
	idx int
}

// Compile resolves q against the index sets of r, or says what is wrong
// and what would be valid.
func Compile(r *sim.Result, q Selector) (Lookup, error) {
	find := func(kind, id string, ids []string) (int, error) {
		for i, x := range ids {
			if x == id {
				return i, nil
			}
		}
		return 0, fmt.Errorf("series: %s: unknown %s %q (known: %s)", q, kind, id, strings.Join(ids, ", "))
	}
	for vi := range Variables {
		v := &Variables[vi]
		if v.Name != q.Variable {
			continue
		}
		regional := v.Level == Region || v.Level == RegionSegment
		if regional != (q.Member == "") {
			continue // e.g. "gmv" exists at both levels
		}
		S, K := len(r.Segments), len(r.Pillars)
		switch v.Level {
		case MemberSegment:
			i, err := find("member", q.Member, r.Members)
			if err != nil {
				return Lookup{}, err
			}
			s, err := find("segment", q.Segment, r.Segments)
			if err != nil {
				return Lookup{}, err
			}
			return Lookup{v, i*S + s}, nil
		case MemberPillar:
			i, err := find("member", q.Member, r.Members)
			if err != nil {
				return Lookup{}, err
			}
			p, err := find("pillar", q.Pillar, r.Pillars)
			if err != nil {
				return Lookup{}, err
			}
			return Lookup{v, i*K + p}, nil
		case Member:
			i, err := find("member", q.Member, r.Members)
			return Lookup{v, i}, err
		case RegionSegment:
			if q.Segment == "" {
				return Lookup{v, -1}, nil
			}
			s, err := find("segment", q.Segment, r.Segments)
			return Lookup{v, s}, err
		case Region:
			return Lookup{v, 0}, nil
		}
	}
	return Lookup{}, fmt.Errorf("series: unknown variable %q at %s level (known: %s)",
		q.Variable, map[bool]string{true: "region", false: "member"}[q.Member == ""], strings.Join(Names(), ", "))
}

// At returns the value in snapshot sn.
func (l Lookup) At(sn *sim.Snapshot) float64 { return l.v.value(sn, l.idx) }

// AtTime returns the value at output time t, or an error when t is not an
// output time of r (see sim.Result.StepAt).
func (l Lookup) AtTime(r *sim.Result, t float64) (float64, error) {
	if k, ok := r.StepAt(t); ok {
		return l.At(&r.Steps[k]), nil
	}
	return 0, fmt.Errorf("series: %v is not an output time (%v to %v)", t, r.Steps[0].Time, r.Steps[len(r.Steps)-1].Time)
}

// Names returns the distinct variable names, sorted.
func Names() []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range Variables {
		if !seen[v.Name] {
			seen[v.Name] = true
			out = append(out, v.Name)
		}
	}
	sort.Strings(out)
	return out
}
