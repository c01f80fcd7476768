package recipes_test

import (
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios/recipes"
)

func TestShippedRecipes(t *testing.T) {
	list := recipes.List()
	if len(list) == 0 {
		t.Fatal("no shipped recipe")
	}
	for _, in := range list {
		r, err := recipes.Load(in.Name)
		if err != nil {
			t.Fatalf("%s: %v", in.Name, err)
		}
		if r.Scenario == "" || len(r.Parameters) == 0 || in.Description == "" {
			t.Errorf("%s: %+v", in.Name, r)
		}
	}
	for name, last := range map[string]int{"history": 2024, "history-2022": 2021} {
		h, err := recipes.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := h.Origins; len(got) != last-2017 || got[0] != 2018 || got[len(got)-1] != last {
			t.Errorf("%s origins %v, want 2018-%d", name, got, last)
		}
	}
}

func TestRecipeErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"unknown key", "scenario = \"a\"\n[[parameters]]\npath = \"x\"\nbounds = [0, 1]\nprior_sdd = 3\n", `x.toml:5:1: parameters[0].prior_sdd: unknown key; did you mean "prior_sd"?`},
		{"no scenario", "[[parameters]]\npath = \"x\"\nbounds = [0, 1]\n", "scenario: missing"},
		{"no parameters", "scenario = \"a\"\n", "parameters: missing"},
		{"bad bounds", "scenario = \"a\"\n[[parameters]]\npath = \"x\"\nbounds = [1, 0]\n", "x.toml:4:1: parameters[0].bounds: [1 0] want [lo, hi] with finite lo < hi"},
		{"negative sd", "scenario = \"a\"\n[[parameters]]\npath = \"x\"\nbounds = [0, 1]\nprior_sd = -1\n", "parameters[0].prior_sd: -1 want a finite number >= 0"},
		{"mean without sd", "scenario = \"a\"\n[[parameters]]\npath = \"x\"\nbounds = [0, 1]\nprior_mean = 1\n", "has no effect without prior_sd"},
		{"origins order", "scenario = \"a\"\norigins = [2020, 2019]\n[[parameters]]\npath = \"x\"\nbounds = [0, 1]\n", "origins: [2020 2019] want years in increasing order"},
		{"syntax", "scenario = \n", "x.toml"},
		{"choose key", "scenario = \"a\"\n[[parameters]]\npath = \"x\"\nbounds = [0, 1]\n[[choose]]\npath = \"events[*].fade\"\nvalue = [1]\n", `x.toml:7:1: choose[0].value: unknown key; did you mean "values"?`},
		{"choose one value", "scenario = \"a\"\n[[parameters]]\npath = \"x\"\nbounds = [0, 1]\n[[choose]]\npath = \"events[*].fade\"\nvalues = [0.5]\ndefault = 0.5\n", "x.toml:7:1: choose[0].values: [0.5] want at least two values"},
		{"choose no default", "scenario = \"a\"\n[[parameters]]\npath = \"x\"\nbounds = [0, 1]\n[[choose]]\npath = \"events[*].fade\"\nvalues = [0.5, 0.9]\n", "choose[0].default: missing"},
		{"choose prior of", "scenario = \"a\"\n[[parameters]]\npath = \"x\"\nbounds = [0, 1]\n[[choose]]\nprior_mean_of = [\"x\"]\nvalues = [0.5, 0.9]\ndefault = 0.5\n", "x.toml:6:18: choose[0].prior_mean_of[0]: x is not the path of a [[parameters]] entry with prior_sd > 0"},
		{"choose prior sd of", "scenario = \"a\"\n[[parameters]]\npath = \"x\"\nbounds = [0, 1]\nprior_sd = 1\n[[choose]]\nprior_sd_of = [\"x\"]\nvalues = [0, 0.9]\ndefault = 0.9\n", "choose[0].values[0]: 0 a prior's standard deviation: want > 0"},
		{"choose two kinds", "scenario = \"a\"\n[[parameters]]\npath = \"x\"\nbounds = [0, 1]\nprior_sd = 1\n[[choose]]\nprior_sd_of = [\"x\"]\nprior_mean_of = [\"x\"]\nvalues = [0.3, 0.9]\ndefault = 0.9\n", "give one of path"},
		{"choose segments", "scenario = \"a\"\n[[parameters]]\npath = \"x\"\nbounds = [0, 1]\n[[choose]]\npath = \"segments.*.imitation\"\nsegments = [\"a\"]\nvalues = [0.5, 0.9]\ndefault = 0.5\n", "choose[0].segments: [a] selects events by segment"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := recipes.Parse("x.toml", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
	if _, err := recipes.Load("histroy"); err == nil || !strings.Contains(err.Error(), `did you mean "history"`) {
		t.Errorf("misspelt name: %v", err)
	}
}
