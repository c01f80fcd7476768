package experiments

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestRefusedBeforeTheFirstRun: every mistake that a sweep used to meet
// only after its runs (or that gave wrong numbers) is refused when the
// file is resolved, with its key and line.
func TestRefusedBeforeTheFirstRun(t *testing.T) {
	cases := []struct{ file, want string }{
		{"h2-uncertainty-path-twice", "uncertainties[1].path: policy.spillover is set twice (also uncertainties[0]"},
		{"h2-lever-on-uncertain-path", "levers[0].path: policy.spillover is both a lever and an uncertainty"},
		{"h2-lever-values-duplicate", "levers[0].values[2]: 0.4 is listed twice (also values[0])"},
		{"h2-lever-scenarios-duplicate", `levers[0].scenarios[2]: "agreement" is listed twice`},
		{"h2-lever-scenarios-mixed-base-years", `levers[0].scenarios[1]: "no-coordination-2022" has another time axis (2022 to 2035`},
		{"h2-against-other-time-axis", `outcomes[0].against: "no-coordination-2022" has another time axis`},
		{"h2-against-itself", `outcomes[0].against: "agreement" is the experiment's own scenario`},
		{"h2-outcome-name-at", `outcomes[0].name: "gmv@2030" holds '@'`},
		{"h2-outcome-name-newline", `outcomes[0].name: "gmv\n2030" holds the control character U+000A`},
		{"h2-shocks-sd-10", "shocks.sd: 10 with phi = 0"},
	}
	for _, c := range cases {
		_, err := Load(filepath.Join("..", "..", "testdata", "bad", "experiments", c.file+".toml"))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.file+".toml:") {
			t.Errorf("%s: %v\nwant %q with the file and line", c.file, err, c.want)
		}
	}
}

// TestPathsOverlapByExpansion: a wildcard and one of the keys it stands
// for are the same parameter.
func TestPathsOverlapByExpansion(t *testing.T) {
	src := `scenario = "agreement"
design = "montecarlo"
runs = 2
[[uncertainties]]
path = "members.*.investment.payments"
distribution = "uniform"
min = 0.01
max = 0.02
[[levers]]
path = "members.VN.investment.payments"
values = [0.01, 0.02]
[[outcomes]]
name = "g"
variable = "gmv"
year = 2030
`
	_, err := Parse("x.toml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "levers[0].path: members.VN.investment.payments is both a lever and an uncertainty") {
		t.Errorf("%v", err)
	}
}

// TestShockBound: the bound is on the stationary standard deviation.
func TestShockBound(t *testing.T) {
	for _, c := range []struct {
		sd, phi string
		ok      bool
	}{{"0.015", "0.5", true}, {"0.1", "0", true}, {"0.1", "0.5", false}, {"0.05", "0.9", false}, {"0.04", "0.9", true}} {
		src := "scenario = \"agreement\"\ndesign = \"montecarlo\"\nruns = 2\n[shocks]\nsd = " + c.sd + "\nphi = " + c.phi +
			"\n[[outcomes]]\nname = \"g\"\nvariable = \"gmv\"\nyear = 2030\n"
		_, err := Parse("x.toml", []byte(src))
		if (err == nil) != c.ok {
			t.Errorf("sd %s, phi %s: %v, want ok %v", c.sd, c.phi, err, c.ok)
		}
	}
}
