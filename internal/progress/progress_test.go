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

// TestBarOfNoRuns: a bar over 0 runs (an empty shard) or
// with more done than total draws a bar of the full width, no panic.
func TestBarOfNoRuns(t *testing.T) {
	for _, c := range []struct{ total, done int }{{0, 0}, {0, 3}, {2, 5}} {
		var w bytes.Buffer
		p := &Bar{w: &w, tty: true, total: c.total, done: c.done}
		p.Finish()
		if got := strings.Count(w.String(), "#") + strings.Count(w.String(), "."); got < 30 {
			t.Errorf("total %d done %d: bar %q, want 30 cells", c.total, c.done, w.String())
		}
	}
}
