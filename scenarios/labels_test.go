package scenarios

import (
	"strings"
	"testing"
)

// Every numeric parameter of the shipped scenarios has a reader's name,
// so no chart or brief shows a raw path; wildcards and ids are named.
func TestLabels(t *testing.T) {
	for _, name := range []string{"agreement", "asean-2015", "covid-2018"} {
		sc, err := Load(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range NumericPaths(sc.Params) {
			if l := Label(p); l == p || strings.Contains(l, ".") && !strings.Contains(l, " ") {
				t.Errorf("%s: Label(%q) = %q, a path", name, p, l)
			}
		}
	}
	for path, want := range map[string]string{
		"members.*.investment.*":         "Own capacity investment (per year), all members and pillars",
		"members.ID.investment.payments": "Own capacity investment (per year), ID, payments",
		"segments.*.imitation":           "Imitation rate of adoption (q), all segments",
		"policy.lag_years":               "Implementation lag (years)",
		"no.such.key":                    "no.such.key",
	} {
		if got := Label(path); got != want {
			t.Errorf("Label(%q) = %q, want %q", path, got, want)
		}
	}
}
