package discovery

import "testing"

// TestParametersInWords: chart titles say "1 parameter", not "1 parameters".
func TestParametersInWords(t *testing.T) {
	for n, want := range map[int]string{1: "1 parameter", 2: "2 parameters", 9: "9 parameters"} {
		if got := parameters(n); got != want {
			t.Errorf("parameters(%d) = %q, want %q", n, got, want)
		}
	}
}
