package runtables

import (
	"encoding/json"
	"path/filepath"

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
	if len(labels) > 0 {
		// The scenarios' short names, for the sentences of a brief.
		extra["labels"] = labels
	}
	m.Extra = extra
	return manifest.Write(filepath.Join(dir, "manifest.json"), m)
}
