package suggest

import "testing"

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"flaw", "lawn", 2}, {"same", "same", 0}} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	known := []string{"run", "compare", "scenarios", "validate"}
	if got := DidYouMean("comapre", known); got != `; did you mean "compare"?` {
		t.Errorf("got %q", got)
	}
	if got := DidYouMean("xyzzy", known); got != "" {
		t.Errorf("far word got a suggestion: %q", got)
	}
	if got := DidYouMean("x", nil); got != "" {
		t.Errorf("no candidates: %q", got)
	}
}

func TestRanked(t *testing.T) {
	got := Ranked("Paymnts", []string{"logistics", "payments", "competition", "ict"}, 2)
	if len(got) != 2 || got[0] != "payments" {
		t.Errorf("Ranked = %v, want payments first", got)
	}
	if got := Ranked("x", nil, 3); len(got) != 0 {
		t.Errorf("no candidates: %v", got)
	}
	if got := DidYouMean("BRUNEI", []string{"brunei"}); got != `; did you mean "brunei"?` {
		t.Errorf("case is not ignored: %q", got)
	}
}
