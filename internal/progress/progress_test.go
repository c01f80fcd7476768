package progress

import (
	"bytes"
	"strings"
	"testing"
)

// TestFinishOnALog: on a writer that is no terminal, the final report is
// one plain line with the count, and no bar or escape codes.
func TestFinishOnALog(t *testing.T) {
	var w bytes.Buffer
	p := New(&w, 5, 2)
	p.Add(1)
	p.Finish()
	lines := strings.Split(strings.TrimSuffix(w.String(), "\n"), "\n")
	last := lines[len(lines)-1] // Add may have reported too on a slow machine
	if !strings.HasPrefix(last, "3/5 runs in ") || strings.ContainsAny(w.String(), "\r\x1b[#") {
		t.Errorf("final report %q, want a plain line starting \"3/5 runs in \"", w.String())
	}
}
