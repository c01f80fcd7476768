// This file reads what charts need to know of a folder's region: its
// members' names and colours.

package plot

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/workflow/runtables"
)

// name is the reader's name of a member, segment or scenario id: a user's
// own region's members as their scenario names them ("Argentina", not
// "AR"), else chart.DisplayName's.
func (f *folder) name(id string) string { return f.region().Name(id) }

// regionTitle names the region in a subtitle: a user's own region by its
// title (its name, or its members'), the shipped scenarios' as "Region".
func (f *folder) regionTitle() string {
	if info, ok := runtables.ReadRegionInfo(f.manifest); ok && f.region() != nil && info.Title != "" {
		return info.Title
	}
	return "Region"
}

// region is Region of the folder's manifest, read once.
func (f *folder) region() *chart.Region {
	if !f.regionDone {
		f.regionOf, f.regionDone = Region(f.manifest), true
	}
	return f.regionOf
}

// Region is what charts need to know of the region of an output folder
// whose manifest is m: its members, their names (those the chart tables
// do not know) and the colours of its [region] table. It is nil when every
// member is one the chart tables name and colour (ASEAN's), no colour is
// set and every scenario is a shipped one, so that the shipped scenarios'
// charts keep their bytes; a user's own scenarios of ASEAN members get a
// Region, so that their colours are none of the members'.
func Region(m *manifest.Manifest) *chart.Region {
	if m == nil {
		return nil
	}
	shipped := map[string]bool{}
	for _, in := range scenarios.List() {
		shipped[in.Name] = true
	}
	own := false
	for _, name := range strings.Split(m.Scenario, " vs ") {
		own = own || name != "" && !shipped[name]
	}
	type params struct {
		Members map[string]struct {
			Name string `json:"name"`
		} `json:"members"`
	}
	var all []params
	var one params
	if json.Unmarshal(m.Parameters, &one) == nil && len(one.Members) > 0 {
		all = append(all, one)
	} else {
		var many map[string]params
		if json.Unmarshal(m.Parameters, &many) == nil {
			for _, k := range slices.Sorted(maps.Keys(many)) {
				all = append(all, many[k])
			}
		}
	}
	r := &chart.Region{Names: map[string]string{}}
	for _, p := range all {
		for _, id := range slices.Sorted(maps.Keys(p.Members)) {
			if !slices.Contains(r.Members, id) {
				r.Members = append(r.Members, id)
			}
			if chart.DisplayName(id) == id {
				own = true
				if n := p.Members[id].Name; n != "" {
					r.Names[id] = n
				}
			}
		}
	}
	if info, ok := runtables.ReadRegionInfo(m); ok && len(info.Colours) > 0 {
		r.Colours, own = info.Colours, true
	}
	if !own {
		return nil
	}
	return r
}
