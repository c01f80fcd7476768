package studio_test

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/digisim/digisim/workflow/studio"
)

// TestExport: the exported page carries the engine it was given (base64 of
// its gzip, read back here), inlines the style sheet and scripts, names
// nothing to load from elsewhere, and refuses what it cannot carry.
func TestExport(t *testing.T) {
	wasm := bytes.Repeat([]byte("\x00asm engine bytes "), 1000)
	var b strings.Builder
	if err := studio.Export(&b, wasm, []byte("class Go {}"), "binding"); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	m := regexp.MustCompile(`<script id="engine" type="application/octet-stream">([^<]*)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no engine in the page")
	}
	gz, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(got, wasm) {
		t.Errorf("the engine read back differs (%d bytes, want %d; %v)", len(got), len(wasm), err)
	}
	for _, want := range []string{"class Go {}", `var digisimScenario = "binding"`, "#headline {", "function chart("} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if refs := regexp.MustCompile(`(?:src|href)="([^"]*)"`).FindAllStringSubmatch(page, -1); len(refs) != 1 || refs[0][1] != "data:," {
		t.Errorf("the page refers to other files: %v", refs)
	}
	if err := studio.Export(io.Discard, wasm, []byte("x"), "mine.toml"); err == nil || !strings.Contains(err.Error(), "only the shipped ones") {
		t.Errorf("a folder file: %v", err)
	}
	if err := studio.Export(io.Discard, wasm, []byte("a = '</script>'"), "binding"); err == nil {
		t.Error("a script holding </script was inlined")
	}
}
