package scenarios

import "testing"

// TestErrorText: the one error type prints the scenario form and, with
// Cell, the data-file form; a line without a known column prints alone.
func TestErrorText(t *testing.T) {
	for _, c := range []struct {
		e    Error
		want string
	}{
		{Error{File: "asean.toml", Line: 41, Col: 9, Key: "members.KH.capacity.payments", Value: "1.4", Reason: "is outside (0, 1]"},
			"asean.toml:41:9: members.KH.capacity.payments: 1.4 is outside (0, 1]"},
		{Error{File: "--set", Key: "policy.busines_engagement", Reason: `no key "busines_engagement"`},
			`--set: policy.busines_engagement: no key "busines_engagement"`},
		{Error{File: "x.toml", Line: 3, Col: 1, Key: "runs", Reason: "0: want at least 1"},
			"x.toml:3:1: runs: 0: want at least 1"},
		{Error{Key: "segments.shop.weights", Reason: "are all zero or missing"},
			"segments.shop.weights: are all zero or missing"},
		{Error{File: "d.csv", Line: 2, Col: 16, Key: "year", Value: "2015.5", Reason: "want a whole calendar year", Cell: true},
			`d.csv:2:16: year "2015.5": want a whole calendar year`},
		{Error{File: "d.csv", Line: 2, Key: "row", Value: "a,b", Reason: "has 2 fields, want 6", Cell: true},
			`d.csv:2: row "a,b": has 2 fields, want 6`},
		{Error{File: "d.csv", Reason: "no observations after the header", Cell: true},
			"d.csv: no observations after the header"},
	} {
		if got := c.e.Error(); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}
