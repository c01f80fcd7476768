// This file finds the observed history a chart draws beside a projection.

package plot

import (
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/scenarios/observed"
	"github.com/digisim/digisim/workflow/runtables"
)

// History is the observed regional GMV that charts of the folder whose
// manifest is m draw beside a projection that starts in baseYear, and
// what it covers, for a subtitle. The shipped scenarios get e-Conomy
// SEA's SEA-6 figures (ObservedGMV; sea6 is true). A user's own region
// gets the history its [region] table names (a CSV of scenarios/observed's
// format) when that covers exactly the region's members in every year it
// draws and reaches the base year, where it joins the projection;
// otherwise, or when the region names none, the series is empty. A history
// file that is named but cannot be read is an error, naming the file.
func History(m *manifest.Manifest, baseYear float64) (h chart.Series, what string, sea6 bool, err error) {
	info, ok := runtables.ReadRegionInfo(m)
	switch {
	case !ok || info.Observed != "" && info.Shipped && !strings.HasSuffix(info.Observed, ".csv"):
		return ObservedGMV(baseYear), "the six members e-Conomy SEA covers", true, nil
	case info.Observed == "":
		return chart.Series{}, "", false, nil
	}
	d, err := observed.Load(info.Observed)
	if errors.Is(err, fs.ErrNotExist) {
		// A folder read where the scenario's history is not (another
		// machine): its charts, without the history.
		return chart.Series{}, "", false, nil
	}
	if err != nil {
		return chart.Series{}, "", false, err
	}
	members, segments := regionShape(m)
	h = RegionGMV(d, members, segments, baseYear)
	if len(h.X) < 2 || h.X[len(h.X)-1] != baseYear {
		return chart.Series{}, "", false, nil
	}
	return h, filepath.Base(info.Observed), false, nil
}

// RegionGMV is the digital GMV of a region of members and segments, US$ a
// year, in the years up to until that d covers for exactly these members:
// a group's total whose members are the region's, else each member's own
// total or the sum of its segments (all of them).
func RegionGMV(d *observed.Data, members, segments []string, until float64) chart.Series {
	type key struct {
		region, segment string
		year            int
	}
	val := map[key]float64{}
	years := map[int]bool{}
	group := map[int]float64{}
	for _, o := range d.Obs {
		if o.Variable != "gmv" || float64(o.Year) > until+1e-6 {
			continue
		}
		years[o.Year] = true
		if o.Segment == "total" && len(o.Members) > 1 && sameMembers(o.Members, members) {
			group[o.Year] = o.Value
		}
		if len(o.Members) == 1 {
			val[key{o.Region, o.Segment, o.Year}] = o.Value
		}
	}
	s := chart.Series{Name: "observed", Label: "Observed"}
	for _, y := range slices.Sorted(maps.Keys(years)) {
		total, ok := group[y]
		if !ok {
			ok = true
			for _, id := range members {
				v, has := val[key{id, "total", y}]
				if !has {
					for _, seg := range segments {
						x, hasSeg := val[key{id, seg, y}]
						has = hasSeg
						if !has {
							break
						}
						v += x
					}
				}
				if !has {
					ok = false
					break
				}
				total += v
			}
		}
		if ok {
			s.X, s.Y = append(s.X, float64(y)), append(s.Y, total)
		}
	}
	return s
}

func sameMembers(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// regionShape returns the member and segment ids of the manifest's
// resolved parameters (one scenario's, or the first of a comparison's).
func regionShape(m *manifest.Manifest) (members, segments []string) {
	type params struct {
		Members  map[string]json.RawMessage `json:"members"`
		Segments map[string]json.RawMessage `json:"segments"`
	}
	var one params
	if json.Unmarshal(m.Parameters, &one) != nil || len(one.Members) == 0 {
		var many map[string]params
		if json.Unmarshal(m.Parameters, &many) == nil && len(many) > 0 {
			one = many[slices.Sorted(maps.Keys(many))[0]]
		}
	}
	return slices.Sorted(maps.Keys(one.Members)), slices.Sorted(maps.Keys(one.Segments))
}
