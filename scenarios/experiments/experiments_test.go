package experiments

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios"
)

func TestShippedExperimentsResolve(t *testing.T) {
	list := List()
	if len(list) < 3 {
		t.Fatalf("List() = %v, want the three shipped experiments", list)
	}
	for _, in := range list {
		e, err := Load(in.Name)
		if err != nil {
			t.Fatalf("%s: %v", in.Name, err)
		}
		if in.Description == "" || e.Run.Runs() < 1 || len(e.Hash) != 64 {
			t.Errorf("%s: description %q, %d runs, hash %q", in.Name, in.Description, e.Run.Runs(), e.Hash)
		}
	}
	// The Saltelli scheme: N (d + 2) design points.
	e, _ := Load("coordination-sobol")
	if got, want := e.Run.Points, e.File.Runs*(len(e.File.Uncertainties)+2); got != want {
		t.Errorf("coordination-sobol has %d design points, want N(d+2) = %d", got, want)
	}
	// The grid crosses 3 scenarios with 7 business-engagement levels.
	e, _ = Load("levers-grid")
	if e.Run.Points != 21 || e.Policies != 21 || e.Futures != 1 {
		t.Errorf("levers-grid: %d points, %d policies, %d futures; want 21, 21, 1", e.Run.Points, e.Policies, e.Futures)
	}
}

// TestDesignValues: a design point's values are the distribution's
// quantiles of the unit-cube point, in parameter order, with the levers
// after the uncertainties.
func TestDesignValues(t *testing.T) {
	src := `scenario = "agreement"
design = "grid"
levels = 2
[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.0
max = 0.4
[[levers]]
path = "policy.business_engagement"
values = [0.3, 0.9]
[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030
`
	e, err := Parse("t.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if e.Run.Points != 4 {
		t.Fatalf("%d points, want 2 levels x 2 lever values", e.Run.Points)
	}
	v := make([]float64, 2)
	// Grid levels are strata midpoints: 0.25 and 0.75 of [0, 0.4].
	want := [][]float64{{0.1, 0.3}, {0.1, 0.9}, {0.3, 0.3}, {0.3, 0.9}}
	for d, w := range want {
		e.Run.Point(d, v)
		if math.Abs(v[0]-w[0]) > 1e-12 || v[1] != w[1] {
			t.Errorf("point %d = %v, want %v", d, v, w)
		}
	}
}

func TestBadExperiments(t *testing.T) {
	head := "scenario = \"agreement\"\ndesign = \"montecarlo\"\nruns = 10\n"
	unc := "[[uncertainties]]\npath = \"policy.spillover\"\ndistribution = \"uniform\"\nmin = 0.1\nmax = 0.3\n"
	out := "[[outcomes]]\nname = \"g\"\nvariable = \"gmv\"\nyear = 2030\n"
	cases := []struct {
		name, src string
		want      string
	}{
		{"unknown key", head + "replicats = 2\n" + unc + out, `replicats: unknown key; did you mean "replicates"?`},
		{"unknown path", head + strings.Replace(unc, "policy.spillover", "policy.spilover", 1) + out, `did you mean "spillover"?`},
		{"distribution out of range", head + strings.Replace(unc, "min = 0.1\nmax = 0.3", "min = 0.5\nmax = 0.3", 1) + out, "uncertainties[0]"},
		{"normal sd negative", head + "[[uncertainties]]\npath = \"policy.spillover\"\ndistribution = \"normal\"\nmean = 0.2\nsd = -1.0\n" + out, "sd"},
		{"bounds inverted", head + "[[uncertainties]]\npath = \"policy.spillover\"\ndistribution = \"normal\"\nmean = 0.2\nsd = 0.1\nlo = 0.5\nhi = 0.1\n" + out, "uncertainties[0]"},
		{"unknown distribution", head + strings.Replace(unc, "uniform", "unifrom", 1) + out, "unifrom"},
		{"sobol with one uncertainty", strings.Replace(head, "montecarlo", "sobol", 1) + unc + out, "sobol needs at least 2 uncertainties, have 1"},
		{"sobol runs not a power of two", strings.Replace(head, "montecarlo", "sobol", 1) + unc + strings.Replace(unc, "spillover", "lag_years", 1) + out, "runs: 10: a sobol design needs a power of two"},
		{"zero runs", strings.Replace(head, "runs = 10", "runs = 0", 1) + unc + out, "runs: 0: want at least 1"},
		{"unknown design", strings.Replace(head, "montecarlo", "latin", 1) + unc + out, `design: "latin": want one of montecarlo, grid, lhs, sobol, morris`},
		{"missing scenario", "design = \"montecarlo\"\nruns = 2\n" + unc + out, "scenario: missing"},
		{"unknown scenario", strings.Replace(head, "agreement", "agreemnt", 1) + unc + out, `did you mean "agreement"?`},
		{"unknown counterfactual", head + unc + out + "[[outcomes]]\nname = \"d\"\ncumulative = true\nagainst = \"nope\"\n", "outcomes[1].against"},
		{"nothing recorded", head + unc, "nothing to record"},
		{"unbounded distribution with morris", "scenario = \"agreement\"\ndesign = \"morris\"\nruns = 2\n[[uncertainties]]\npath = \"policy.spillover\"\ndistribution = \"normal\"\nmean = 0.2\nsd = 0.1\n" + out, "use a bounded distribution"},
		{"shocks not stationary", head + "[shocks]\nphi = 1.2\nsd = 0.01\n" + unc + out, "shocks.phi: 1.2"},
		{"levers with sobol", strings.Replace(head, "montecarlo\"\nruns = 10", "sobol\"\nruns = 8", 1) + unc + strings.Replace(unc, "spillover", "lag_years", 1) +
			"[[levers]]\npath = \"policy.business_engagement\"\nvalues = [0.2, 0.4]\n" + out, "sobol designs analyse uncertainties only"},
		{"lever without values", head + unc + "[[levers]]\npath = \"policy.business_engagement\"\n" + out, "levers[0].values: missing"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("bad.toml", []byte(c.src))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to contain %q", err, c.want)
			}
			if !strings.HasPrefix(err.Error(), "bad.toml") {
				t.Errorf("error does not name the file: %v", err)
			}
			// The error type of scenario files, with the key's position.
			var e *scenarios.Error
			if !errors.As(err, &e) || e.File != "bad.toml" {
				t.Errorf("error %#v, want a *scenarios.Error naming the file", e)
			}
			if c.name == "zero runs" && (e == nil || e.Key != "runs" || e.Line != 3 || e.Col != 1) {
				t.Errorf("error %#v, want key runs at line 3, column 1", e)
			}
		})
	}
}
