package manifest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKeepInput: the copy holds the source's bytes under the SHA-256 that
// sha256sum gives for them, survives a write and read of the manifest,
// and an edited copy is refused by name; a manifest with no inputs has
// no inputs key, so that folders without one keep their bytes.
func TestKeepInput(t *testing.T) {
	dir, src := t.TempDir(), filepath.Join(t.TempDir(), "history.csv")
	if err := os.WriteFile(src, []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := KeepInput(dir, "observed.csv", src)
	if err != nil {
		t.Fatal(err)
	}
	// printf abc | sha256sum
	const abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	if in != (Input{File: "observed.csv", Source: src, SHA256: abc}) {
		t.Errorf("KeepInput = %+v", in)
	}
	m := &Manifest{Format: Format, Scenario: "s"}
	var plain strings.Builder
	if err := Encode(&plain, m); err != nil || strings.Contains(plain.String(), "inputs") {
		t.Errorf("a manifest without inputs: %v\n%s", err, plain.String())
	}
	m.Inputs = []Input{in}
	if err := Write(filepath.Join(dir, "manifest.json"), m); err != nil {
		t.Fatal(err)
	}
	got, err := Read(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	kept, ok := got.Input(src)
	if !ok || kept != in {
		t.Fatalf("Input(%s) = %+v, %v after a round trip", src, kept, ok)
	}
	if _, ok := got.Input("other.csv"); ok {
		t.Errorf("Input of a file never kept is found")
	}
	if b, err := ReadInput(dir, kept); err != nil || string(b) != "abc" {
		t.Errorf("ReadInput = %q, %v", b, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "observed.csv"), []byte("abd"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadInput(dir, kept); err == nil || !strings.Contains(err.Error(), "observed.csv") || !strings.Contains(err.Error(), "changed since") {
		t.Errorf("ReadInput of an edited copy: %v", err)
	}
	if _, err := KeepInput(dir, "x.csv", filepath.Join(dir, "absent.csv")); err == nil {
		t.Errorf("KeepInput of a missing file: no error")
	}
}
