package fit

import (
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/observed"
)

func TestKeysOf(t *testing.T) {
	sc, err := scenarios.Load("asean-2015", nil)
	if err != nil {
		t.Fatal(err)
	}
	// 10 members x 11 pillars (asean-2018's index sets).
	if got := keysOf(sc.Params, "members.*.investment.*"); len(got) != 110 || got[0] != "members.BN.investment.competition" {
		t.Errorf("got %d paths, first %q", len(got), got[0])
	}
	if got := keysOf(sc.Params, "segments.ecommerce.imitation"); len(got) != 1 || got[0] != "segments.ecommerce.imitation" {
		t.Errorf("got %q", got)
	}
}

func TestParseFitAndBounds(t *testing.T) {
	var o Options
	o.Chart = "svg"
	err := o.ParseFitAndBounds([]string{"a.b, c.d", "e.f"}, []string{"c.d=0.5:2"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(o.Fit, " ") != "a.b c.d e.f" || o.Bounds["c.d"] != [2]float64{0.5, 2} {
		t.Errorf("fit %q bounds %v", o.Fit, o.Bounds)
	}
	cases := []struct {
		fits, bounds []string
		chart, want  string
	}{
		{[]string{"a.b,a.b"}, nil, "svg", "listed twice"},
		{nil, nil, "svg", "name at least one parameter"},
		{[]string{"a.b"}, nil, "gif", `--chart "gif"`},
		{[]string{"a.b"}, []string{"a.b=2:1"}, "svg", "lo < hi"},
		{[]string{"a.b"}, []string{"a.b"}, "svg", "want PATH=lo:hi"},
		{[]string{"a.b"}, []string{"a.c=0:1"}, "svg", "not among the --fit parameters"},
	}
	for _, c := range cases {
		o := Options{Chart: c.chart}
		err := o.ParseFitAndBounds(c.fits, c.bounds)
		var u *usage.Error
		if !errors.As(err, &u) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("fits %q bounds %q: %v, want a usage error with %q", c.fits, c.bounds, err, c.want)
		}
	}
}

func TestFormatting(t *testing.T) {
	if got := roundSig(0.123456789, 6); got != 0.123457 {
		t.Errorf("roundSig = %v, want 0.123457", got)
	}
	if got := roundSig(math.NaN(), 6); !math.IsNaN(got) {
		t.Errorf("roundSig(NaN) = %v", got)
	}
	for v, want := range map[float64]string{math.NaN(): "n/a", math.Inf(1): "inf", 0.000123456: "0.0001235"} {
		if got := fmtNum(v); got != want {
			t.Errorf("fmtNum(%v) = %q, want %q", v, got, want)
		}
	}
	if got := paramCount(1) + ", " + paramCount(3); got != "1 parameter, 3 parameters" {
		t.Errorf("paramCount: %q", got)
	}
}

// TestExtendsRef: a shipped name stays a name; a file is referred to
// relative to the folder the calibrated file is written to.
func TestExtendsRef(t *testing.T) {
	if got := extendsRef("asean-2015", "out/x"); got != "asean-2015" {
		t.Errorf("shipped: %q", got)
	}
	dir := t.TempDir()
	got := extendsRef(filepath.Join(dir, "in", "my.toml"), filepath.Join(dir, "out"))
	if got != "../in/my.toml" {
		t.Errorf("file: %q, want ../in/my.toml", got)
	}
}

func TestFitPanelName(t *testing.T) {
	cases := []struct {
		o    observed.Observation
		name string
		unit chart.Unit
	}{
		{observed.Observation{Region: "SEA6", Variable: "gmv", Segment: "total", Unit: "USD"}, "SEA-6 GMV\nTotal", chart.USD},
		{observed.Observation{Region: "SEA6", Variable: "users", Segment: "", Unit: "persons"}, "SEA-6 users", chart.Persons},
	}
	for _, c := range cases {
		name, unit := fitPanelName(&c.o)
		if name != c.name || unit != c.unit {
			t.Errorf("%+v: %q %v, want %q %v", c.o, name, unit, c.name, c.unit)
		}
	}
}
