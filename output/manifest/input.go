package manifest

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/digisim/digisim/internal/atomicfile"
)

// Input is a file that a run read and its output folder keeps a copy of.
type Input struct {
	// File is the copy's name in the folder.
	File string `json:"file"`
	// Source is the path the run read it from, as the run named it.
	Source string `json:"source"`
	// SHA256 is the hex SHA-256 of its bytes (see Hash).
	SHA256 string `json:"sha256"`
}

// KeepInput copies the file at source into dir as name, atomically, and
// returns its record for Manifest.Inputs.
func KeepInput(dir, name, source string) (Input, error) {
	b, err := os.ReadFile(source)
	if err != nil {
		return Input{}, err
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, name), b); err != nil {
		return Input{}, err
	}
	return Input{File: name, Source: source, SHA256: Hash(b)}, nil
}

// Input returns the record of the copy of source, if m lists one.
func (m *Manifest) Input(source string) (Input, bool) {
	for _, in := range m.Inputs {
		if in.Source == source {
			return in, true
		}
	}
	return Input{}, false
}

// ReadInput reads the copy in of the folder dir. A copy whose bytes are
// not those the run read (edited since) is an error naming it.
func ReadInput(dir string, in Input) ([]byte, error) {
	path := filepath.Join(dir, in.File)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if got := Hash(b); got != in.SHA256 {
		return nil, fmt.Errorf("%s is not the copy of %s the run read (sha256 %.12s, the manifest says %.12s): it changed since; restore it or run again", path, in.Source, got, in.SHA256)
	}
	return b, nil
}
