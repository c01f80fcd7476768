package manifest

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Sweep is what the manifest of a sweep (or merge) records of it, under
// these keys of Extra: the typed form of those keys, so that writer and
// readers cannot disagree on a name or a type.
type Sweep struct {
	// Experiment is the experiment file as resolved (JSON of
	// experiments.File), ExperimentSource where it was read from, and
	// ExperimentSHA256 the hash of its resolved runs.
	Experiment       json.RawMessage `json:"experiment"`
	ExperimentSource string          `json:"experiment_source"`
	ExperimentSHA256 string          `json:"experiment_sha256"`
	// ExperimentPath is the experiment file's absolute path ("" for a
	// shipped experiment): ExperimentSource may be relative to the
	// folder the sweep ran in, and a command that reads the sweep's
	// folder may run elsewhere.
	ExperimentPath string   `json:"experiment_path,omitempty"`
	Runs           int      `json:"runs"`
	DesignPoints   int      `json:"design_points"`
	Futures        int      `json:"futures"`
	Policies       int      `json:"policies"`
	Columns        []string `json:"columns"`
	// MergedParts are the parts a merge read; nil for a one-machine sweep.
	MergedParts []string `json:"merged_parts,omitempty"`
}

// ErrNoSweep says a manifest records no sweep.
var ErrNoSweep = errors.New("records no experiment")

// SetSweep records s in m.Extra.
func (m *Manifest) SetSweep(s *Sweep) {
	if m.Extra == nil {
		m.Extra = map[string]any{}
	}
	m.Extra["experiment"] = s.Experiment
	m.Extra["experiment_source"] = s.ExperimentSource
	m.Extra["experiment_sha256"] = s.ExperimentSHA256
	if s.ExperimentPath != "" {
		m.Extra["experiment_path"] = s.ExperimentPath
	}
	m.Extra["runs"] = s.Runs
	m.Extra["design_points"] = s.DesignPoints
	m.Extra["futures"] = s.Futures
	m.Extra["policies"] = s.Policies
	m.Extra["columns"] = s.Columns
	if s.MergedParts != nil {
		m.Extra["merged_parts"] = s.MergedParts
	}
}

// Sweep returns the sweep m records, or ErrNoSweep.
func (m *Manifest) Sweep() (*Sweep, error) {
	if m.Extra == nil || m.Extra["experiment"] == nil {
		return nil, ErrNoSweep
	}
	keys := map[string]any{}
	for _, k := range []string{"experiment", "experiment_source", "experiment_sha256", "experiment_path", "runs", "design_points", "futures", "policies", "columns", "merged_parts"} {
		if v, ok := m.Extra[k]; ok {
			keys[k] = v
		}
	}
	b, err := json.Marshal(keys)
	if err != nil {
		return nil, err
	}
	var s Sweep
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("sweep record: %w", err)
	}
	return &s, nil
}

// From is where the experiment's file is read from again: its absolute
// path when recorded, else its source as the sweep named it (shipped, or
// written before absolute paths were recorded).
func (s *Sweep) From() string {
	if s.ExperimentPath != "" {
		return s.ExperimentPath
	}
	return s.ExperimentSource
}
