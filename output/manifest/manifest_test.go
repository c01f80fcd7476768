package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

type params struct {
	Start   float64            `json:"start"`
	Members []string           `json:"members"`
	Policy  map[string]float64 `json:"policy"`
}

func TestNewWriteRead(t *testing.T) {
	p := params{Start: 2024, Members: []string{"KH", "VN"}, Policy: map[string]float64{"z": 1, "business_engagement": 0.5}}
	m, err := New("asean_base", p, []string{"digisim", "run", "asean_base"})
	if err != nil {
		t.Fatal(err)
	}
	// The hash is of the compact encoding/json bytes, whose map keys are
	// sorted: computed independently here.
	want := `{"start":2024,"members":["KH","VN"],"policy":{"business_engagement":0.5,"z":1}}`
	if string(m.Parameters) != want {
		t.Fatalf("Parameters = %s, want %s", m.Parameters, want)
	}
	if m.ScenarioSHA256 != Hash([]byte(want)) || len(m.ScenarioSHA256) != 64 {
		t.Errorf("ScenarioSHA256 = %q", m.ScenarioSHA256)
	}
	if m.Go != runtime.Version() || m.Digisim == "" || m.Format != Format {
		t.Errorf("versions: go %q digisim %q format %d", m.Go, m.Digisim, m.Format)
	}
	if m.Created.Location() != time.UTC || m.Created.Nanosecond() != 0 {
		t.Errorf("Created = %v, want UTC to the second", m.Created)
	}
	m.Extra = map[string]any{
		"seed":   uint64(18446744073709551557), // above 2^53: must keep every digit
		"design": map[string]any{"kind": "lhs", "points": 64},
		"parts":  []string{"part-000.csv", "part-001.csv"},
	}

	path := filepath.Join(t.TempDir(), "out", "manifest.json")
	if err := Write(path, m); err != nil {
		t.Fatal(err)
	}
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Scenario != m.Scenario || got.ScenarioSHA256 != m.ScenarioSHA256 || !got.Created.Equal(m.Created) ||
		got.Digisim != m.Digisim || got.Go != m.Go || len(got.Modules) != len(m.Modules) ||
		strings.Join(got.Args, " ") != "digisim run asean_base" {
		t.Errorf("read back %+v, want %+v", got, m)
	}
	if string(got.Parameters) != want || Hash(got.Parameters) != got.ScenarioSHA256 {
		t.Errorf("Parameters read back = %s, want %s with the same hash", got.Parameters, want)
	}
	var back params
	if err := json.Unmarshal(got.Parameters, &back); err != nil || back.Policy["business_engagement"] != 0.5 {
		t.Errorf("parameters do not decode: %v %+v", err, back)
	}
	if s := got.Extra["seed"]; s != json.Number("18446744073709551557") {
		t.Errorf("seed = %#v, want json.Number 18446744073709551557", s)
	}

	text, _ := os.ReadFile(path)
	for _, frag := range []string{
		"\n  \"scenario\": \"asean_base\",\n",
		"\n  \"created\": \"" + m.Created.Format(time.RFC3339) + "\",\n",
		"\n  \"parameters\": {\n    \"start\": 2024,\n",
	} {
		if !bytes.Contains(text, []byte(frag)) {
			t.Errorf("manifest.json lacks %q:\n%s", frag, text)
		}
	}
	if !strings.HasSuffix(m.Created.Format(time.RFC3339), "Z") {
		t.Errorf("created %s is not UTC", m.Created.Format(time.RFC3339))
	}
}

func TestNewParams(t *testing.T) {
	tests := []struct {
		name    string
		params  any
		want    string // Parameters; "" for none
		wantErr string
	}{
		{"nil", nil, "", ""},
		{"raw message is compacted", json.RawMessage("{ \"a\" : 1 }"), `{"a":1}`, ""},
		{"bytes", []byte(`[1, 2]`), `[1,2]`, ""},
		{"invalid raw", json.RawMessage("{"), "", "manifest: parameters of s are not valid JSON"},
		{"unencodable", map[string]any{"f": func() {}}, "", "manifest: encoding the parameters of s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := New("s", tt.params, nil)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(m.Parameters) != tt.want {
				t.Errorf("Parameters = %s, want %s", m.Parameters, tt.want)
			}
			if (tt.want == "") != (m.ScenarioSHA256 == "") {
				t.Errorf("ScenarioSHA256 = %q with parameters %q", m.ScenarioSHA256, tt.want)
			}
		})
	}
}

func TestHash(t *testing.T) {
	// SHA-256("abc") from FIPS 180-2, appendix B.1.
	if got, want := Hash([]byte("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Errorf("Hash(abc) = %s, want %s", got, want)
	}
}

func TestEncodeDeterministic(t *testing.T) {
	m := &Manifest{
		Scenario: "s", Created: time.Date(2026, 1, 2, 3, 4, 5, 999, time.FixedZone("X", 3600)),
		Extra: map[string]any{"b": 1, "a": "<&>"},
	}
	var a, b bytes.Buffer
	if err := Encode(&a, m); err != nil {
		t.Fatal(err)
	}
	Encode(&b, m)
	if a.String() != b.String() {
		t.Fatal("two encodings differ")
	}
	want := `{
  "format": 1,
  "scenario": "s",
  "scenario_sha256": "",
  "digisim_version": "",
  "go_version": "",
  "created": "2026-01-02T02:04:05Z",
  "extra": {
    "a": "<&>",
    "b": 1
  }
}
`
	if a.String() != want {
		t.Errorf("got\n%s\nwant\n%s", a.String(), want)
	}
	if m.Created.Nanosecond() != 999 {
		t.Error("Encode changed its argument")
	}
}

func TestWriteFailureKeepsOld(t *testing.T) {
	path := filepath.Join(t.TempDir(), "manifest.json")
	os.WriteFile(path, []byte("old"), 0o644)
	err := Write(path, &Manifest{Extra: map[string]any{"f": func() {}}})
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != path {
		t.Fatalf("error = %v, want *fs.PathError naming %s", err, path)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("file = %q, want old", b)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string
	}{
		{"empty", "", "empty file; want a JSON object"},
		{"syntax", "{\n  \"format\": 1,\n  \"scenario\": x\n}", "line 3, column 15: invalid character 'x'"},
		{"truncated", "{\n  \"format\": 1,", "line 2, column 15: unexpected end of file"},
		{"type", "{\n  \"format\": \"one\"\n}", "line 2, column 18: json: cannot unmarshal string"},
		{"no format", `{"scenario": "s"}`, "no format field; not a digisim manifest"},
		{"newer format", `{"format": 2}`, "format 2 is newer than this digisim reads (1); upgrade digisim"},
		{"trailing", "{\"format\": 1}\n{}", "line 2, column 1: text after the manifest object"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "manifest.json")
			os.WriteFile(path, []byte(tt.text), 0o644)
			_, err := Read(path)
			var pe *fs.PathError
			if !errors.As(err, &pe) || pe.Path != path || pe.Op != "read" {
				t.Fatalf("error = %v, want *fs.PathError reading %s", err, path)
			}
			if !strings.HasPrefix(pe.Err.Error(), tt.want) {
				t.Errorf("error = %q, want prefix %q", pe.Err, tt.want)
			}
		})
	}
	if _, err := Read(filepath.Join(dir, "missing.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: error = %v", err)
	}
}

func TestVersion(t *testing.T) {
	setting := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	tests := []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"tagged", debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "v1.2.0"},
		{"pseudo-version", debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261126181957-ce518e383f12"}}, "v0.0.0-20261126181957-ce518e383f12"},
		{"devel", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "source build (no version)"},
		{"empty", debug.BuildInfo{}, "source build (no version)"},
		{"devel with revision", debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: setting("vcs.revision", "ce518e383f12849577243d5645298b81830100f1", "vcs.modified", "false")}, "ce518e383f12"},
		{"dirty", debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: setting("vcs.modified", "true", "vcs.revision", "ce518e383f12849577243d5645298b81830100f1")}, "ce518e383f12+dirty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := version(&tt.bi); got != tt.want {
				t.Errorf("version = %q, want %q", got, tt.want)
			}
		})
	}
	if Version() == "" {
		t.Error("Version() is empty")
	}
}

func TestModules(t *testing.T) {
	bi := &debug.BuildInfo{Deps: []*debug.Module{
		{Path: "gonum.org/v1/gonum", Version: "v0.17.0", Sum: "h1:a"},
		{Path: "github.com/parquet-go/parquet-go", Version: "v0.32.0", Sum: "h1:b"},
		{Path: "example.com/x", Version: "v1.0.0", Replace: &debug.Module{Path: "../x"}},
		{Path: "example.com/y", Version: "v1.0.0", Replace: &debug.Module{Path: "example.com/fork", Version: "v1.0.1", Sum: "h1:c"}},
	}}
	got := modules(bi)
	want := []Module{
		{Path: "example.com/x", Replace: "../x"},
		{Path: "example.com/y", Version: "v1.0.1", Sum: "h1:c", Replace: "example.com/fork@v1.0.1"},
		{Path: "github.com/parquet-go/parquet-go", Version: "v0.32.0", Sum: "h1:b"},
		{Path: "gonum.org/v1/gonum", Version: "v0.17.0", Sum: "h1:a"},
	}
	if len(got) != len(want) {
		t.Fatalf("modules = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("module %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
