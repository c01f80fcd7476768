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
	names := map[string]string{}
	var ids []string
	for _, p := range all {
		for _, id := range slices.Sorted(maps.Keys(p.Members)) {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
			if n := p.Members[id].Name; n != "" {
				names[id] = n
			}
		}
	}
	var colours map[string]string
	if info, ok := runtables.ReadRegionInfo(m); ok {
		colours = info.Colours
	}
	return region(strings.Split(m.Scenario, " vs "), ids, names, colours)
}

// ScenarioRegion is Region for charts drawn from a loaded scenario
// rather than an output folder (a calibration's).
func ScenarioRegion(sc *scenarios.Scenario) *chart.Region {
	var ids []string
	names := map[string]string{}
	for _, mb := range sc.Params.Members {
		ids = append(ids, mb.ID)
		names[mb.ID] = mb.Name
	}
	slices.Sort(ids)
	return region([]string{sc.Name}, ids, names, sc.Region.Colours)
}

// region is Region of the scenarios named, of the members ids (in order)
// with their names, and the colours of their [region] table.
func region(scenarioNames, ids []string, names, colours map[string]string) *chart.Region {
	shipped := map[string]bool{}
	for _, in := range scenarios.List() {
		shipped[in.Name] = true
	}
	own := false
	for _, name := range scenarioNames {
		own = own || name != "" && !shipped[name]
	}
	r := &chart.Region{Members: ids, Names: map[string]string{}}
	for _, id := range ids {
		if chart.DisplayName(id) == id {
			own = true
			if n := names[id]; n != "" {
				r.Names[id] = n
			}
		}
	}
	if len(colours) > 0 {
		r.Colours, own = colours, true
	}
	if !own {
		return nil
	}
	return r
}
