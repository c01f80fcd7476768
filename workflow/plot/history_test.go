package plot

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/scenarios/observed"
)

// TestRegionGMV: a year of a user's history counts only when it covers
// exactly the region's members, by a group's total, members' totals or
// every segment of a member; the sums are computed by hand.
func TestRegionGMV(t *testing.T) {
	csv := `# group MS = AR BR
# group MSX = AR BR CL
region_or_member,variable,segment,year,value,unit
MS,gmv,total,2020,100,USD
AR,gmv,total,2020,1,USD
MSX,gmv,total,2021,500,USD
AR,gmv,total,2021,30,USD
BR,gmv,a,2021,40,USD
BR,gmv,b,2021,5,USD
AR,gmv,total,2022,31,USD
BR,gmv,a,2022,41,USD
CL,gmv,total,2022,9,USD
AR,gmv,total,2023,32,USD
BR,gmv,a,2023,42,USD
BR,gmv,b,2023,6,USD
CL,gmv,total,2023,9,USD
AR,gmv,total,2024,33,USD
BR,gmv,total,2024,50,USD
`
	d, err := observed.Read(strings.NewReader(csv), "h.csv")
	if err != nil {
		t.Fatal(err)
	}
	got := RegionGMV(d, []string{"AR", "BR"}, []string{"a", "b"}, 2023)
	// 2020: the group's total (its members are the region's); 2021: AR's
	// total and BR's two segments (MSX has CL too); 2022: BR lacks b;
	// 2023: 32 + 42 + 6, CL left out; 2024: after until.
	if want := []float64{2020, 2021, 2023}; !slices.Equal(got.X, want) {
		t.Fatalf("years %v, want %v", got.X, want)
	}
	if want := []float64{100, 75, 80}; !slices.Equal(got.Y, want) {
		t.Errorf("values %v, want %v", got.Y, want)
	}
}

// TestHistoryOfOwnRegion: a region's own history file is drawn when it
// reaches the base year and covers its members; not when it stops short,
// nor when it lacks a member; a shipped scenario gets SEA-6's; a region
// naming no history gets none; a file that is not history is an error.
func TestHistoryOfOwnRegion(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "history.csv")
	write := func(s string) {
		if err := os.WriteFile(file, []byte("region_or_member,variable,segment,year,value,unit\n"+s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	man := func(region string) *manifest.Manifest {
		return &manifest.Manifest{
			Parameters: []byte(`{"members": {"AR": {}, "BR": {}}, "segments": {"a": {}}}`),
			Extra:      map[string]any{"region": map[string]any{"observed": region, "title": "x"}},
		}
	}
	write("AR,gmv,total,2023,1e9,USD\nBR,gmv,total,2023,2e9,USD\nAR,gmv,a,2024,1.5e9,USD\nBR,gmv,total,2024,2.5e9,USD\n")
	h, what, sea6, err := History(dir, man(file), 2024, io.Discard)
	if err != nil || sea6 || what != "history.csv" || !slices.Equal(h.X, []float64{2023, 2024}) || !slices.Equal(h.Y, []float64{3e9, 4e9}) {
		t.Errorf("own history: %v %v %q %v %v", h.X, h.Y, what, sea6, err)
	}
	if h, _, _, _ := History(dir, man(file), 2025, io.Discard); len(h.X) != 0 {
		t.Errorf("a history that stops a year before the base year is drawn: %v", h.X)
	}
	write("AR,gmv,total,2023,1e9,USD\nAR,gmv,total,2024,1e9,USD\n")
	if h, _, _, _ := History(dir, man(file), 2024, io.Discard); len(h.X) != 0 {
		t.Errorf("a history without BR is drawn: %v", h.X)
	}
	if h, _, _, err := History(dir, man(""), 2024, io.Discard); len(h.X) != 0 || err != nil {
		t.Errorf("no history named: %v, %v", h.X, err)
	}
	shipped := man("history_2015_2022")
	shipped.Extra["region"].(map[string]any)["shipped"] = true
	if _, _, sea6, _ := History(dir, shipped, 2018, io.Discard); !sea6 {
		t.Errorf("a shipped scenario does not get SEA-6's history")
	}
	write("AR,gmv,total,2023,lots,USD\n")
	if _, _, _, err := History(dir, man(file), 2024, io.Discard); err == nil || !strings.Contains(err.Error(), "history.csv") {
		t.Errorf("a bad history file: %v, want an error naming it", err)
	}
}

// TestHistoryFromTheFolder: a folder draws the copy of its history that
// the run kept, from any working folder, after the original is gone; a
// history that is nowhere is left out with a warning naming it and the
// fix, never silently; a copy edited since the run is an error.
func TestHistoryFromTheFolder(t *testing.T) {
	ran, out, elsewhere := t.TempDir(), t.TempDir(), t.TempDir()
	const text = "region_or_member,variable,segment,year,value,unit\nAR,gmv,total,2023,1e9,USD\nBR,gmv,total,2023,2e9,USD\nAR,gmv,total,2024,1.5e9,USD\nBR,gmv,total,2024,2.5e9,USD\n"
	if err := os.WriteFile(filepath.Join(ran, "history.csv"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	// The run names the history relative to the folder it runs in.
	t.Chdir(ran)
	in, err := manifest.KeepInput(out, "observed.csv", "history.csv")
	if err != nil {
		t.Fatal(err)
	}
	man := &manifest.Manifest{
		Parameters: []byte(`{"members": {"AR": {}, "BR": {}}, "segments": {"a": {}}}`),
		Extra:      map[string]any{"region": map[string]any{"observed": "history.csv", "title": "x"}},
		Inputs:     []manifest.Input{in},
	}
	t.Chdir(elsewhere)
	if err := os.Remove(filepath.Join(ran, "history.csv")); err != nil {
		t.Fatal(err)
	}
	var warned strings.Builder
	h, what, _, err := History(out, man, 2024, &warned)
	if err != nil || what != "history.csv" || !slices.Equal(h.X, []float64{2023, 2024}) || !slices.Equal(h.Y, []float64{3e9, 4e9}) || warned.Len() > 0 {
		t.Errorf("the folder's copy, from another folder: %v %v %q %v; warned %q", h.X, h.Y, what, err, warned.String())
	}

	// The copy gone too: the history is left out, with a warning.
	if err := os.Remove(filepath.Join(out, "observed.csv")); err != nil {
		t.Fatal(err)
	}
	h, _, _, err = History(out, man, 2024, &warned)
	if w := warned.String(); len(h.X) != 0 || err != nil || !strings.Contains(w, filepath.Join(out, "observed.csv")) || !strings.Contains(w, "leave the history out") || !strings.Contains(w, "restore") {
		t.Errorf("no copy, no original: %v, %v; warned %q", h.X, err, w)
	}

	// A folder written before copies were kept names its history only
	// by the path the run read.
	warned.Reset()
	old := *man
	old.Inputs = nil
	h, _, _, err = History(out, &old, 2024, &warned)
	if w := warned.String(); len(h.X) != 0 || err != nil || !strings.Contains(w, "history.csv") || !strings.Contains(w, filepath.Join(out, "manifest.json")) || !strings.Contains(w, "run again") {
		t.Errorf("an older folder whose history is not there: %v, %v; warned %q", h.X, err, w)
	}

	// A copy edited since the run.
	if err := os.WriteFile(filepath.Join(out, "observed.csv"), []byte(strings.Replace(text, "1e9", "9e9", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := History(out, man, 2024, io.Discard); err == nil || !strings.Contains(err.Error(), "changed since") {
		t.Errorf("an edited copy: %v, want an error", err)
	}
}
