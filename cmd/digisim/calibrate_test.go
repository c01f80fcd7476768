package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios"
)

func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, &out, &errb)
	return out.String() + errb.String(), err
}

// TestCalibrateErrors: bad calls and bad data get clear errors; usage
// mistakes are usage errors (exit status 2).
func TestCalibrateErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	head := "region_or_member,variable,segment,year,value,unit\n"
	unknownMember := write("member.csv", head+"XX,gmv,total,2016,1e9,USD\n")
	unknownVar := write("var.csv", head+"SEA6,gdp,total,2016,1e9,USD\n")
	negative := write("neg.csv", head+"SEA6,gmv,total,2016,-1e9,USD\n")
	dup := write("dup.csv", head+"ID,gmv,total,2016,1e9,USD\nID,gmv,total,2016,2e9,USD\n")
	cases := []struct {
		name  string
		args  []string
		usage bool
		want  []string
	}{
		{"no fit", []string{"calibrate", "asean-2015"}, true, []string{"--fit: name at least one parameter"}},
		{"no scenario", []string{"calibrate", "--fit", "segments.ecommerce.imitation"}, true, []string{"name the SCENARIO to fit, or give --recipe"}},
		{"recipe and fit", []string{"calibrate", "--recipe", "history", "--fit", "segments.ecommerce.imitation"}, true, []string{"--recipe lists its parameters"}},
		{"unknown recipe", []string{"calibrate", "--recipe", "histroy"}, false, []string{`did you mean "history"`}},
		{"origins with fit", []string{"backtest", "asean-2015", "--fit", "segments.ecommerce.imitation", "--origins", "2016:2017"}, true, []string{"--origins is for a recipe backtest"}},
		{"bad origins", []string{"backtest", "--origins", "2021:2019"}, true, []string{"want FIRST:LAST"}},
		{"origin outside data", []string{"backtest", "--origins", "2025"}, true, []string{"origin 2025: the data run 2018-2025"}},
		{"unknown path", []string{"calibrate", "asean-2015", "--fit", "segments.ecommerce.imitaton"}, true,
			[]string{"--fit segments.ecommerce.imitaton", `did you mean "imitation"`}},
		{"unknown segment", []string{"calibrate", "asean-2015", "--fit", "segments.shops.imitation"}, true, []string{`no segment "shops"`}},
		{"not a number", []string{"calibrate", "asean-2015", "--fit", "segments.ecommerce"}, true, []string{"--fit segments.ecommerce"}},
		{"no default bounds", []string{"calibrate", "asean-2015", "--fit", "members.ID.latitude"}, true, []string{`no default bounds for "latitude"`, "--bounds members.ID.latitude=lo:hi"}},
		{"bad bounds", []string{"calibrate", "asean-2015", "--fit", "segments.ecommerce.imitation", "--bounds", "segments.ecommerce.imitation=2:1"}, true, []string{"lo < hi"}},
		{"bounds not fitted", []string{"calibrate", "asean-2015", "--fit", "segments.ecommerce.imitation", "--bounds", "segments.ecommerce.ceiling=0:1"}, true, []string{"is not among the --fit parameters"}},
		{"twice", []string{"calibrate", "asean-2015", "--fit", "segments.ecommerce.imitation", "--fit", "segments.ecommerce.imitation"}, true, []string{"listed twice"}},
		{"year before base", []string{"calibrate", "asean-2018", "--fit", "segments.ecommerce.imitation"}, false,
			[]string{`history_2015_2018.csv:14: year "2015": is outside the scenario's time axis (output times 2018 to 2035)`, "asean-2015"}},
		{"unknown member", []string{"calibrate", "asean-2015", "--fit", "segments.ecommerce.imitation", "--data", unknownMember}, false,
			[]string{"member.csv:2: region_or_member \"XX\": unknown member XX"}},
		{"unknown variable", []string{"calibrate", "asean-2015", "--fit", "segments.ecommerce.imitation", "--data", unknownVar}, false,
			[]string{"var.csv:2:6: variable \"gdp\": unknown variable"}},
		{"negative", []string{"calibrate", "asean-2015", "--fit", "segments.ecommerce.imitation", "--data", negative}, false,
			[]string{"neg.csv:2:", "is negative"}},
		{"duplicate", []string{"calibrate", "asean-2015", "--fit", "segments.ecommerce.imitation", "--data", dup}, false,
			[]string{"dup.csv:3:1", "appears twice (first on line 2)"}},
		{"missing data file", []string{"calibrate", "asean-2015", "--fit", "segments.ecommerce.imitation", "--data", filepath.Join(dir, "none.csv")}, false,
			[]string{"none.csv"}},
		{"chart format", []string{"calibrate", "asean-2015", "--fit", "segments.ecommerce.imitation", "--chart", "pdf"}, true, []string{"want svg or png"}},
		{"train-until missing", []string{"backtest", "asean-2015", "--fit", "segments.ecommerce.imitation"}, true, []string{"--train-until YEAR is required"}},
		{"train-until last", []string{"backtest", "asean-2015", "--fit", "segments.ecommerce.imitation", "--train-until", "2018"}, true,
			[]string{"the data run 2015-2018; train until a year from 2015 to 2017"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := runCLI(t, append(c.args, "--out", t.TempDir())...)
			if err == nil {
				t.Fatal("no error")
			}
			var u *usageError
			if errors.As(err, &u) != c.usage {
				t.Errorf("usage error %v, want %v: %v", !c.usage, c.usage, err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

// TestCalibrateScenarioFile: a scenario given by path is extended by a
// path relative to the output folder, and the calibrated file loads.
func TestCalibrateScenarioFile(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "my.toml")
	if err := os.WriteFile(in, []byte("name = \"my\"\nextends = \"asean-2015\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "res")
	if msg, err := runCLI(t, "calibrate", in, "--fit", "segments.online_travel.imitation", "--starts", "1", "--quiet", "--out", out); err != nil {
		t.Fatalf("%v\n%s", err, msg)
	}
	path := filepath.Join(out, "my-calibrated.toml")
	src, _ := os.ReadFile(path)
	if !strings.Contains(string(src), `extends = "../my.toml"`) {
		t.Errorf("extends:\n%s", src)
	}
	if _, err := scenarios.Load(path, nil); err != nil {
		t.Error(err)
	}
}
