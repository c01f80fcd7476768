package runtables

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/scenarios"
)

// WriteManifest records the provenance of an output folder: the scenarios'
// resolved parameters and their hash, versions, time and command line. It
// is written last, so that a folder with a manifest holds complete tables.
func WriteManifest(dir string, args []string, scens []*scenarios.Scenario, extra map[string]any) error {
	name := scens[0].Name
	params := map[string]json.RawMessage{}
	var resolved json.RawMessage
	for _, sc := range scens {
		b, err := scenarios.Resolved(sc.Params)
		if err != nil {
			return err
		}
		params[sc.Name] = b
		resolved = b
	}
	var m *manifest.Manifest
	var err error
	if len(scens) == 1 {
		m, err = manifest.New(name, resolved, args)
	} else {
		name = scens[0].Name + " vs " + scens[1].Name
		m, err = manifest.New(name, params, args)
	}
	if err != nil {
		return err
	}
	if extra == nil {
		extra = map[string]any{}
	}
	var sources []string
	labels := map[string]string{}
	for _, sc := range scens {
		if sc.Label != "" {
			labels[sc.Name] = sc.Label
		}
		sources = append(sources, sc.Sources...)
		if len(sc.Overrides) > 0 {
			extra["overrides"] = sc.Overrides
		}
	}
	extra["sources"] = sources
	extra["region"] = NewRegionInfo(scens[0])
	if len(labels) > 0 {
		// The scenarios' short names, for the sentences of a brief.
		extra["labels"] = labels
	}
	m.Extra = extra
	if m.Inputs, err = KeepObserved(dir, scens[0]); err != nil {
		return err
	}
	return manifest.Write(filepath.Join(dir, "manifest.json"), m)
}

// ObservedCopy is the name of the copy of a region's observed history
// that an output folder keeps.
const ObservedCopy = "observed.csv"

// KeepObserved copies the observed history that sc's [region] table names
// (a CSV file) into dir, so that charts and briefs of the folder draw it
// from whatever folder they run, and returns its record for the manifest;
// nil when the region names none, or a shipped data set.
func KeepObserved(dir string, sc *scenarios.Scenario) ([]manifest.Input, error) {
	if !strings.HasSuffix(sc.Region.Observed, ".csv") {
		return nil, nil
	}
	in, err := manifest.KeepInput(dir, ObservedCopy, sc.Region.Observed)
	if err != nil {
		return nil, fmt.Errorf("keeping a copy of the observed history [region].observed names: %w", err)
	}
	return []manifest.Input{in}, nil
}

// RegionInfo is what an output folder's manifest says about its region
// (under extra.region), for charts, briefs and exports: the scenario's
// [region] table and the title it implies.
type RegionInfo struct {
	scenarios.Region
	// Title is the region's name, or its members' names joined.
	Title string `json:"title"`
	// Shipped is set when the scenario is built on a shipped one, whose
	// data sources the charts name by base year where Source is empty.
	Shipped bool `json:"shipped,omitempty"`
}

// NewRegionInfo is the RegionInfo of a loaded scenario.
func NewRegionInfo(sc *scenarios.Scenario) RegionInfo {
	shipped := len(sc.Sources) > 0 && strings.HasPrefix(sc.Sources[0], "shipped/")
	return RegionInfo{Region: sc.Region, Title: sc.Title(), Shipped: shipped}
}

// ReadRegionInfo returns the region recorded in m; ok is false for a
// manifest written before regions were recorded.
func ReadRegionInfo(m *manifest.Manifest) (RegionInfo, bool) {
	if m == nil {
		return RegionInfo{}, false
	}
	v, has := m.Extra["region"]
	if !has {
		return RegionInfo{}, false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return RegionInfo{}, false
	}
	var r RegionInfo
	if err := json.Unmarshal(b, &r); err != nil {
		return RegionInfo{}, false
	}
	return r, true
}
