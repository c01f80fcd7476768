package fit

import (
	"slices"

	"github.com/digisim/digisim/scenarios/observed"
)

// agg names an aggregate of GMV: the SEA-6 total (both empty), a member's
// total (Segment empty) or a segment's SEA-6 sum (Member empty).
type agg struct{ Member, Segment string }

// kind is "total", "member" or "segment".
func (a agg) kind() string {
	switch {
	case a.Member == "" && a.Segment == "":
		return "total"
	case a.Segment == "":
		return "member"
	}
	return "segment"
}

// aggKinds are the kinds of aggregate in the order tables list them.
var aggKinds = []string{"total", "member", "segment"}

// published holds the observed GMV aggregates by year, from the rows of
// one member and one segment (the latest vintage of each), summed where
// every member and segment of the aggregate is published that year; where
// they are not, from a row of the aggregate itself (an SEA-6 segment or
// total, a member's total), as the reports published it then.
type published struct {
	members, segments []string // the ids with member x segment rows, sorted
	aggs              []agg    // total, members, segments
	value             map[agg]map[int]float64
}

// newPublished reads the aggregates from data (all its years).
func newPublished(d *observed.Data) *published {
	type cell struct {
		member, segment string
		year            int
	}
	best := map[cell]*observed.Observation{}
	take := func(k cell, o *observed.Observation) {
		if b, ok := best[k]; !ok || o.Vintage >= b.Vintage {
			best[k] = o
		}
	}
	isMS := func(o *observed.Observation) bool {
		return o.Variable == "gmv" && len(o.Members) == 1 && o.Members[0] == o.Region && o.Segment != "total" && o.Segment != ""
	}
	pb := &published{value: map[agg]map[int]float64{}}
	for j := range d.Obs {
		o := &d.Obs[j]
		if isMS(o) {
			if !slices.Contains(pb.members, o.Region) {
				pb.members = append(pb.members, o.Region)
			}
			if !slices.Contains(pb.segments, o.Segment) {
				pb.segments = append(pb.segments, o.Segment)
			}
		}
	}
	slices.Sort(pb.members)
	slices.Sort(pb.segments)
	whole := func(ms []string) bool { // the SEA-6 members exactly
		a, b := slices.Clone(ms), pb.members
		slices.Sort(a)
		return slices.Equal(a, b)
	}
	direct := map[agg]map[int]float64{} // rows of the aggregate itself
	for j := range d.Obs {
		o := &d.Obs[j]
		switch {
		case o.Variable != "gmv":
		case isMS(o):
			take(cell{o.Region, o.Segment, o.Year}, o)
		case len(pb.members) > 0 && whole(o.Members) || len(o.Members) == 1 && o.Members[0] == o.Region && o.Segment == "total":
			a := agg{Segment: o.Segment}
			if o.Segment == "total" {
				a.Segment = ""
			}
			if len(o.Members) == 1 && !whole(o.Members) {
				a.Member = o.Region
			}
			if direct[a] == nil {
				direct[a] = map[int]float64{}
			}
			direct[a][o.Year] = o.Value
		}
	}
	pb.aggs = []agg{{}}
	for _, m := range pb.members {
		pb.aggs = append(pb.aggs, agg{Member: m})
	}
	for _, s := range pb.segments {
		pb.aggs = append(pb.aggs, agg{Segment: s})
	}
	years := map[int]bool{}
	for k := range best {
		years[k.year] = true
	}
	for _, a := range pb.aggs {
		pb.value[a] = map[int]float64{}
		for y, v := range direct[a] {
			pb.value[a][y] = v
		}
		for y := range years {
			sum, ok := 0.0, true
			for _, m := range pb.members {
				for _, s := range pb.segments {
					if a.Member != "" && a.Member != m || a.Segment != "" && a.Segment != s {
						continue
					}
					o, has := best[cell{m, s, y}]
					if !has {
						ok = false
					} else {
						sum += o.Value
					}
				}
			}
			if ok {
				pb.value[a][y] = sum
			}
		}
	}
	return pb
}

// at returns the published value of a in year y.
func (pb *published) at(a agg, y int) (float64, bool) {
	v, ok := pb.value[a][y]
	return v, ok
}
