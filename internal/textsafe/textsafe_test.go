package textsafe

import (
	"strings"
	"testing"
)

func TestProblem(t *testing.T) {
	for _, s := range []string{"a\x1bb", "bell\a", "csi\u009b", "rtl\u202efdp.exe", "del\x7f", "lrm\u200e", "iso\u2066", "bad\xff", "nl\nx"} {
		if Problem(s) == "" {
			t.Errorf("%q: no problem found", s)
		}
		if e := Escape(s); strings.ContainsFunc(e, Unsafe) || strings.ContainsAny(e, "\x1b\a\n") {
			t.Errorf("Escape(%q) = %q still holds an unsafe character", s, e)
		}
	}
	for _, s := range []string{"agreement", "Việt Nam", "日本", "a-b_c 2", "Ελλάδα", "عربي"} {
		if p := Problem(s); p != "" {
			t.Errorf("%q: %s", s, p)
		}
		if Escape(s) != s {
			t.Errorf("Escape(%q) = %q, want it unchanged", s, Escape(s))
		}
	}
	if got := Problem("ab\u202ec"); got != "holds the control character U+202E (right-to-left override) at byte 2" {
		t.Errorf("Problem: %s", got)
	}
	if got := Escape("a\x1b[31mb\u202e"); got != `a\x1b[31mb\u202e` {
		t.Errorf("Escape: %s", got)
	}
	if got := Terminal("one\x07\n\ttwo\u009b"); got != "one\\x07\n\ttwo\\x9b" {
		t.Errorf("Terminal: %q", got)
	}
}

func TestQuote(t *testing.T) {
	long := strings.Repeat("é", 50_000_000/2)
	q := Quote(long)
	if len(q) > MaxQuote+40 || !strings.HasSuffix(q, "... (50000000 bytes)") || strings.Contains(q, `\x`) {
		t.Errorf("Quote of a 50 MB value: %d bytes: %.100s", len(q), q)
	}
	if Quote("ab") != `"ab"` {
		t.Errorf("Quote(ab) = %s", Quote("ab"))
	}
}
