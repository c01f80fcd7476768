package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// TestSweepRoundTrip: a sweep record written into a manifest reads back
// equal, through Encode and Decode (numbers as json.Number).
func TestSweepRoundTrip(t *testing.T) {
	m, err := New("agreement", json.RawMessage(`{"a":1}`), []string{"digisim", "sweep", "x"})
	if err != nil {
		t.Fatal(err)
	}
	want := &Sweep{Experiment: json.RawMessage(`{"name":"x","seed":18446744073709551557}`), ExperimentSource: "x.toml",
		ExperimentPath: "/home/u/x.toml", ExperimentSHA256: "abc", Runs: 24, DesignPoints: 12, Futures: 12, Policies: 1, Columns: []string{"run", "p"},
		MergedParts: []string{"parts/part-0000-of-0002.csv"}}
	m.SetSweep(want)
	var buf bytes.Buffer
	if err := Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	back, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got, err := back.Sweep()
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	json.Compact(&a, got.Experiment)
	json.Compact(&b, want.Experiment)
	got.Experiment, want.Experiment = nil, nil
	if !reflect.DeepEqual(got, want) || a.String() != b.String() {
		t.Errorf("read back %+v %s, want %+v %s", got, a.String(), want, b.String())
	}
	if got.From() != "/home/u/x.toml" {
		t.Errorf("From() = %q, want the absolute path", got.From())
	}
	// A shipped experiment records no path: its manifest keeps the keys
	// it had, and the experiment is read from its source.
	shipped := &Sweep{Experiment: json.RawMessage(`{}`), ExperimentSource: "shipped/agreement-montecarlo.toml"}
	m.Extra = nil
	m.SetSweep(shipped)
	if _, has := m.Extra["experiment_path"]; has || shipped.From() != "shipped/agreement-montecarlo.toml" {
		t.Errorf("a shipped experiment: extra %v, From %q", m.Extra, shipped.From())
	}
	plain, _ := New("agreement", nil, nil)
	if _, err := plain.Sweep(); !errors.Is(err, ErrNoSweep) {
		t.Errorf("a run's manifest: %v, want ErrNoSweep", err)
	}
}
