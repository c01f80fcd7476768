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
