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
