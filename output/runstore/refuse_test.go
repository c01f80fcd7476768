package runstore

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResumeRefusesWhatNoRunWrites: a partial table holding a non-finite
// value, a byte-order mark or Windows line ends was edited; --resume
// refuses it, naming what is wrong, instead of carrying it into runs.csv.
func TestResumeRefusesWhatNoRunWrites(t *testing.T) {
	var good bytes.Buffer
	good.WriteString(headerLine(layout))
	for r := range 3 {
		good.Write(appendRow(nil, row(r)))
	}
	g := good.String()
	cases := map[string]struct{ data, want string }{
		"NaN":  {strings.Replace(g, "1.000000001e+09", "NaN", 1), `column gmv_2030: "NaN" is not a finite number`},
		"-Inf": {strings.Replace(g, "1.000000002e+09", "-Inf", 1), `column gmv_2030: "-Inf" is not a finite number`},
		"BOM":  {"\xef\xbb\xbf" + g, "starts with a byte-order mark"},
		"CRLF": {strings.ReplaceAll(g, "\n", "\r\n"), `has Windows line ends`},
	}
	for name, c := range cases {
		path := filepath.Join(t.TempDir(), "runs.csv.partial")
		if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, err := Resume(path, layout, 0); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "start afresh") {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
	path := filepath.Join(t.TempDir(), "runs.csv.partial")
	os.WriteFile(path, []byte(g), 0o644)
	if _, n, err := Resume(path, layout, 0); err != nil || n != 3 {
		t.Errorf("the unedited table: %d rows, %v", n, err)
	}
}

// TestWriterRefusesARaggedRow: a row of other widths than the layout's
// is not written.
func TestWriterRefusesARaggedRow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.csv.partial")
	w, err := Create(path, layout, 0)
	if err != nil {
		t.Fatal(err)
	}
	r := row(0)
	r.Series[0] = r.Series[0][:1]
	if err := w.Write(r); err == nil || !strings.Contains(err.Error(), "does not fit the table's columns") {
		t.Errorf("a series of 1 time for 2: %v", err)
	}
	if err := w.Write(row(0)); err != nil {
		t.Errorf("the right row after: %v", err)
	}
	w.Close()
}
