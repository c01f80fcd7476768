package plot

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/simtest"
	"github.com/digisim/digisim/workflow/runtables"
)

// runFolder writes the tables of a small run into a temporary folder.
func runFolder(t *testing.T) string {
	t.Helper()
	res, err := sim.Run(simtest.ThreeMembers())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := runtables.WriteRun(dir, "three", res); err != nil {
		t.Fatal(err)
	}
	m, err := manifest.New("three", map[string]any{}, []string{"run"})
	if err != nil {
		t.Fatal(err)
	}
	if err := manifest.Write(filepath.Join(dir, "manifest.json"), m); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestIncompleteFolderRefused: tables without the manifest (written last)
// are an interrupted run's: plot refuses them and draws nothing; an
// unknown --var or a --year outside the output times is refused before
// any chart is drawn.
func TestIncompleteFolderRefused(t *testing.T) {
	dir := runFolder(t)
	out := filepath.Join(t.TempDir(), "charts")
	var u *usage.Error
	if _, err := Draw(dir, Options{Variable: "gmvv", Out: out, Format: chart.SVG}); !errors.As(err, &u) || !strings.Contains(err.Error(), `did you mean "gmv"`) {
		t.Errorf("--var gmvv: %v, want a usage error suggesting gmv", err)
	}
	if _, err := Draw(dir, Options{Year: 1900, Out: out, Format: chart.SVG}); !errors.As(err, &u) || !strings.Contains(err.Error(), "1900") {
		t.Errorf("--year 1900: %v, want a usage error naming 1900", err)
	}
	if err := os.Remove(filepath.Join(dir, "manifest.json")); err != nil {
		t.Fatal(err)
	}
	if _, err := Draw(dir, Options{Out: out, Format: chart.SVG}); err == nil || !strings.Contains(err.Error(), "incomplete") {
		t.Errorf("no manifest: %v, want a refusal", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("charts drawn for a refused folder: %v", err)
	}
}

// TestDrawRunFolder: a run's folder gets the charts of one run, and not
// those of a comparison or a sweep.
func TestDrawRunFolder(t *testing.T) {
	dir := runFolder(t)
	written, err := Draw(dir, Options{Format: chart.SVG, Size: chart.Page})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, w := range written {
		names = append(names, strings.TrimSuffix(filepath.Base(w), ".svg"))
	}
	want := []string{"gmv-by-segment", "members", "convergence", "capacity", "cross-border"}
	if !slices.Equal(names, want) {
		t.Errorf("charts %q, want %q", names, want)
	}
}

func TestDrawErrors(t *testing.T) {
	dir := runFolder(t)
	_, err := Draw(dir, Options{Chart: "pie", Format: chart.SVG})
	var u *usage.Error
	if !errors.As(err, &u) || !strings.Contains(err.Error(), `unknown chart "pie"`) {
		t.Errorf("unknown chart: %v, want a usage error", err)
	}
	if _, err := Draw(dir, Options{Chart: "fan", Format: chart.SVG}); err == nil || !strings.Contains(err.Error(), "bands.csv") {
		t.Errorf("fan of a run: %v, want it to name bands.csv", err)
	}
	if _, err := Draw(t.TempDir(), Options{Format: chart.SVG}); !errors.Is(err, ErrNoChart) {
		t.Errorf("empty folder: %v, want ErrNoChart", err)
	}
	if err := DrawAll(t.TempDir()); err != nil {
		t.Errorf("DrawAll of a folder no chart fits: %v, want nil", err)
	}
	if _, err := Draw(filepath.Join(dir, "nothing"), Options{}); err == nil {
		t.Error("a missing folder drew charts")
	}
	if _, err := Draw(dir, Options{Chart: "members", Variable: "spend_per_user", Format: chart.SVG}); err == nil || !strings.Contains(err.Error(), "cannot be summed") {
		t.Errorf("members of a non-additive per-segment variable: %v", err)
	}
	if _, err := Draw(dir, Options{Chart: "capacity", Year: 1999, Format: chart.SVG}); err == nil || !strings.Contains(err.Error(), "not an output time") {
		t.Errorf("capacity in a year without output: %v", err)
	}
}

func TestHelpers(t *testing.T) {
	rows := []table.Row{
		{Member: "A", Segment: "x", Time: 1, Value: 1, Variable: "gmv"},
		{Member: "A", Segment: "y", Time: 1, Value: 2, Variable: "gmv"},
		{Member: "B", Segment: "x", Time: 1, Value: 4, Variable: "gmv"},
	}
	sum := sumSegments(rows)
	if len(sum) != 2 || sum[0].Value != 3 || sum[1].Value != 4 {
		t.Errorf("sumSegments = %+v, want A 3, B 4", sum)
	}
	if y, err := atYear(0, []float64{2018, 2019}); err != nil || y != 2019 {
		t.Errorf("atYear(0) = %v, %v; want the last time", y, err)
	}
	for v, want := range map[string]chart.Unit{"gmv_per_head": chart.USD, "users": chart.Persons, "online_share": chart.Fraction, "readiness": chart.Plain} {
		if got, _ := unitOf(v); got != want {
			t.Errorf("unitOf(%s) = %v, want %v", v, got, want)
		}
	}
}

// TestObservedGMV: the published SEA-6 totals to 2018 (history_2015_2018.csv:
// 32e9 in 2015, 72e9 in 2018) joined to the sums of the member figures
// from 2019 (history_2019_2022.csv, 24 rows a year: 102.6e9 in 2019, 195e9
// in 2022, summed by hand from the file), cut at the year asked.
func TestObservedGMV(t *testing.T) {
	s := ObservedGMV(2022)
	want := map[float64]float64{2015: 32e9, 2018: 72e9, 2019: 102.6e9, 2022: 195e9}
	got := map[float64]float64{}
	for i, x := range s.X {
		got[x] = s.Y[i]
		if i > 0 && x <= s.X[i-1] {
			t.Errorf("years out of order: %v", s.X)
		}
	}
	for y, v := range want {
		if math.Abs(got[y]-v) > 1e-6*v {
			t.Errorf("%v: %v, want %v", y, got[y], v)
		}
	}
	if last := s.X[len(s.X)-1]; last != 2022 {
		t.Errorf("last year %v, want 2022", last)
	}
	if s := ObservedGMV(2018); s.X[len(s.X)-1] != 2018 {
		t.Errorf("until 2018: ends in %v", s.X[len(s.X)-1])
	}
}
