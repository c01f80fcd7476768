package experiments

import (
	"strings"
	"testing"
)

const sobolBase = `scenario = "agreement"
design = "sobol"
runs = 8
seed = 3
[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.0
max = 0.5
[[uncertainties]]
path = "policy.lag_years"
distribution = "uniform"
min = 1.0
max = 5.0
[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030
`

// TestScramble: scramble = true gives other Sobol' points than the plain
// design (and another hash, so a sweep cannot be resumed across the
// change); it is refused for designs other than sobol. Outcome goals and
// thresholds are checked.
func TestScramble(t *testing.T) {
	plain, err := Parse("plain.toml", []byte(sobolBase))
	if err != nil {
		t.Fatal(err)
	}
	scr, err := Parse("scrambled.toml", []byte(strings.Replace(sobolBase, "seed = 3", "seed = 3\nscramble = true", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if !scr.File.Scramble || scr.Hash == plain.Hash {
		t.Errorf("scramble %v, hashes %.8s %.8s: want scrambled and a different hash", scr.File.Scramble, scr.Hash, plain.Hash)
	}
	if len(scr.Unit) != len(plain.Unit) || scr.Unit[0][0] == plain.Unit[0][0] {
		t.Errorf("scrambled design %d points, first %v; plain %d, first %v: want as many, other points", len(scr.Unit), scr.Unit[0], len(plain.Unit), plain.Unit[0])
	}
	for _, tc := range []struct{ src, want string }{
		{strings.Replace(sobolBase, `design = "sobol"`, "design = \"lhs\"\nscramble = true", 1), "scrambling applies to sobol designs only"},
		{sobolBase + "goal = \"up\"\n", `outcomes[0].goal: "up": want "maximize"`},
		{sobolBase + "threshold = nan\n", "outcomes[0].threshold: NaN: want a finite number"},
	} {
		if _, err := Parse("bad.toml", []byte(tc.src)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
}
