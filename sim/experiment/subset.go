package experiment

import (
	"fmt"
	"slices"
	"strings"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/series"
)

// additiveUnits are the units of the variables whose member values add up
// to a total: counts and flows. Shares, indices and per-head values do not.
var additiveUnits = map[string]bool{"persons": true, "USD/year": true, "per day": true}

// subset is an outcome compiled over a group of members (Outcome.Members):
// the member indices, for a cumulative outcome, and otherwise the lookups
// of every member (and, when no segment is named, every segment) whose
// values it sums.
type subset struct {
	members []int
	lookups []series.Lookup
}

// compileSubset resolves o.Members against a run of the base scenario.
func compileSubset(base *sim.Result, o Outcome) (subset, error) {
	var s subset
	if o.Of.Member != "" {
		return s, fmt.Errorf("member %q and members %v: name one member or a group, not both", o.Of.Member, o.Members)
	}
	if !o.Cumulative && !additive(o.Of.Variable) {
		return s, fmt.Errorf("members: %q does not add up over members (a share, index or per-head value); members sums counts and flows: %s",
			o.Of.Variable, strings.Join(additiveNames(), ", "))
	}
	segments := []string{o.Of.Segment}
	if o.Of.Segment == "" && o.Of.Pillar == "" && !o.Cumulative && memberSegment(o.Of.Variable) {
		segments = base.Segments // a member's total over segments
	}
	for j, m := range o.Members {
		if slices.Contains(o.Members[:j], m) {
			return s, fmt.Errorf("members: %q is listed twice", m)
		}
		i := slices.Index(base.Members, m)
		if i < 0 {
			return s, fmt.Errorf("members: unknown member %q (known: %s)", m, strings.Join(base.Members, ", "))
		}
		s.members = append(s.members, i)
		if o.Cumulative {
			continue
		}
		for _, seg := range segments {
			l, err := series.Compile(base, series.Selector{Variable: o.Of.Variable, Member: m, Segment: seg, Pillar: o.Of.Pillar})
			if err != nil {
				return s, err
			}
			s.lookups = append(s.lookups, l)
		}
	}
	return s, nil
}

// at sums the subset's values in snapshot sn.
func (s subset) at(sn *sim.Snapshot) float64 {
	v := 0.0
	for _, l := range s.lookups {
		v += l.At(sn)
	}
	return v
}

// cumulative sums the members' cumulative GMV.
func (s subset) cumulative(per []float64) float64 {
	v := 0.0
	for _, i := range s.members {
		v += per[i]
	}
	return v
}

func additive(name string) bool {
	for _, v := range series.Variables {
		if v.Name == name && perMember(v.Level) {
			return additiveUnits[v.Unit]
		}
	}
	return false
}

func memberSegment(name string) bool {
	for _, v := range series.Variables {
		if v.Name == name && v.Level == series.MemberSegment {
			return true
		}
	}
	return false
}

func additiveNames() []string {
	var names []string
	for _, v := range series.Variables {
		if perMember(v.Level) && additiveUnits[v.Unit] && !slices.Contains(names, v.Name) {
			names = append(names, v.Name)
		}
	}
	return names
}

func perMember(l series.Level) bool {
	return l == series.MemberSegment || l == series.MemberPillar || l == series.Member
}
