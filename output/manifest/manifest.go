package manifest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/digisim/digisim/internal/atomicfile"
)

// Format is the manifest format this package writes. Read refuses a
// manifest with a newer format rather than misread it.
const Format = 1

// Manifest is the provenance of one output folder.
type Manifest struct {
	Format int `json:"format"`

	// Scenario is the scenario's name, ScenarioSHA256 the hex SHA-256 of
	// its resolved parameters (see Hash), and Parameters those
	// parameters as JSON.
	Scenario       string          `json:"scenario"`
	ScenarioSHA256 string          `json:"scenario_sha256"`
	Parameters     json.RawMessage `json:"parameters,omitempty"`

	// Digisim is the digisim version (see Version), Go the Go toolchain's
	// (runtime.Version), and Modules the build's dependencies, sorted by
	// path.
	Digisim string   `json:"digisim_version"`
	Go      string   `json:"go_version"`
	Modules []Module `json:"modules,omitempty"`

	// Created is when the run started, in UTC, to the second; it is
	// written in RFC 3339 form.
	Created time.Time `json:"created"`

	// Args is the command line, program name first.
	Args []string `json:"args,omitempty"`

	// Inputs are the files the folder holds copies of (an observed
	// history), so that commands reading the folder later need nothing
	// outside it, whatever folder they run from.
	Inputs []Input `json:"inputs,omitempty"`

	// Extra holds experiment data (design, seed, parts, ...) under
	// lower_snake_case keys. Read decodes numbers as json.Number, so
	// integers such as seeds keep every digit.
	Extra map[string]any `json:"extra,omitempty"`
}

// Module is one dependency of the build.
type Module struct {
	Path    string `json:"path"`
	Version string `json:"version"`
	Sum     string `json:"sum,omitempty"`
	// Replace is "path@version" (or a directory) when the module was
	// replaced; Version is then the replacement's.
	Replace string `json:"replace,omitempty"`
}

// New returns a manifest for the named scenario with its resolved
// parameters, created now, for the command line args. params is encoded
// with encoding/json (a json.RawMessage or []byte of JSON is used as is,
// after a validity check), and ScenarioSHA256 is the Hash of that
// encoding. Callers that hash something else, such as the scenario file,
// set ScenarioSHA256 afterwards.
func New(scenario string, params any, args []string) (*Manifest, error) {
	var raw []byte
	switch p := params.(type) {
	case nil:
	case json.RawMessage:
		raw = p
	case []byte:
		raw = p
	default:
		b, err := json.Marshal(params)
		if err != nil {
			return nil, fmt.Errorf("manifest: encoding the parameters of %s: %w", scenario, err)
		}
		raw = b
	}
	if raw != nil {
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			return nil, fmt.Errorf("manifest: parameters of %s are not valid JSON: %w", scenario, err)
		}
		raw = buf.Bytes()
	}
	m := &Manifest{
		Format:     Format,
		Scenario:   scenario,
		Parameters: raw,
		Digisim:    Version(),
		Go:         runtime.Version(),
		Modules:    Modules(),
		Created:    time.Now().UTC().Truncate(time.Second),
		Args:       slices.Clone(args),
	}
	if raw != nil {
		m.ScenarioSHA256 = Hash(raw)
	}
	return m, nil
}

// Hash returns the lower-case hex SHA-256 of b.
func Hash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// NoVersion is what Version says of a build that records neither a module
// version nor a VCS revision (go build -buildvcs=false, or a source tree
// outside git): plainly a build from source, not a release.
const NoVersion = "source build (no version)"

// Version returns the digisim version from the build information, the one
// string the version command, manifests, chart source lines and briefs
// print: the main module's version when it is a real one (a tag such as
// v1.2.0, or a pseudo-version, when built with go install module@version);
// else the first 12 digits of the VCS revision the build recorded, with
// "+dirty" when the work tree had changes; else NoVersion.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return NoVersion
	}
	return version(bi)
}

func version(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev string
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return NoVersion
	}
	v := rev[:min(len(rev), 12)]
	if dirty {
		v += "+dirty"
	}
	return v
}

// Modules returns the build's dependencies, sorted by path, or nil when
// the binary carries no build information.
func Modules() []Module {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return nil
	}
	return modules(bi)
}

func modules(bi *debug.BuildInfo) []Module {
	var out []Module
	for _, d := range bi.Deps {
		m := Module{Path: d.Path, Version: d.Version, Sum: d.Sum}
		if r := d.Replace; r != nil {
			m.Version, m.Sum = r.Version, r.Sum
			m.Replace = r.Path
			if r.Version != "" {
				m.Replace += "@" + r.Version
			}
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Module) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// Encode writes m to w as indented JSON, with Created in UTC to the
// second and HTML characters left as they are.
func Encode(w io.Writer, m *Manifest) error {
	c := *m
	c.Created = c.Created.UTC().Truncate(time.Second)
	if c.Format == 0 {
		c.Format = Format
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&c); err != nil {
		return fmt.Errorf("manifest: encoding %s: %w", m.Scenario, err)
	}
	return nil
}

// Write writes m to path atomically as indented JSON, creating parent
// directories. An existing manifest is replaced only if the whole new one
// was written.
func Write(path string, m *Manifest) error {
	var buf bytes.Buffer
	if err := Encode(&buf, m); err != nil { // before touching the file system
		return &fs.PathError{Op: "write", Path: path, Err: err}
	}
	return atomicfile.WriteFile(path, buf.Bytes())
}

// Decode reads one manifest from r. Numbers in Extra decode as
// json.Number; Parameters come back compact, as New makes them. A manifest of a newer Format, or anything after the
// object, is an error.
func Decode(r io.Reader) (*Manifest, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, jsonError(data, err)
	}
	if rest := bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		return nil, fmt.Errorf("%s: text after the manifest object", position(data, int64(len(data)-len(rest))))
	}
	switch {
	case m.Format < 1:
		return nil, errors.New("no format field; not a digisim manifest")
	case m.Format > Format:
		return nil, fmt.Errorf("format %d is newer than this digisim reads (%d); upgrade digisim", m.Format, Format)
	}
	if m.Parameters != nil {
		// Written indented; compact again so that Hash(m.Parameters) is
		// the hash New computed.
		var buf bytes.Buffer
		json.Compact(&buf, m.Parameters) // valid: the decoder checked it
		m.Parameters = buf.Bytes()
	}
	return &m, nil
}

// Read reads the manifest at path. Errors name the path and, for bad
// JSON, the line and column.
func Read(path string) (*Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := Decode(f)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	return m, nil
}

// jsonError adds the line and column of a syntax or type error.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("%s: %w", position(data, se.Offset-1), err) // Offset is past the bad byte
	case errors.As(err, &te):
		return fmt.Errorf("%s: %w", position(data, te.Offset), err)
	case errors.Is(err, io.EOF):
		return errors.New("empty file; want a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: unexpected end of file", position(data, int64(len(data))))
	}
	return err
}

// position returns "line L, column C" (1-based, columns in bytes) of
// byte offset off in data.
func position(data []byte, off int64) string {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}
