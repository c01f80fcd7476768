package observed_test

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios/observed"
)

// The oracle of the 2023-2025 files: the project's
// shared/data/history_2023_2025.csv, copied verbatim to testdata.
func readLatestSource(t *testing.T) []sourceRow {
	return readSourceFile(t, "testdata/source_history_2023_2025.csv")
}

// TestLatest: history_2023_2025 holds the source's latest-vintage member x
// segment GMV, 6 members x 4 segments x 3 years = 72 rows (the members'
// totals left out), each from the 2025 edition (S33, T), with its value,
// vintage, source and confidence.
func TestLatest(t *testing.T) {
	src := readLatestSource(t)
	d, err := observed.Load(observed.Latest)
	if err != nil {
		t.Fatal(err)
	}
	matchRows(t, d, src, func(r sourceRow) bool { return r.latest() && r.variable == "gmv" && r.sector != "total" })
	if len(d.Obs) != 72 {
		t.Errorf("%d rows, want 72", len(d.Obs))
	}
	n := map[string]int{}
	for _, o := range d.Obs {
		n[fmt.Sprintf("%s %d", o.Region, o.Year)]++
		if o.Vintage != 2025 || o.Source != "S33" || o.Confidence != "T" || o.Variable != "gmv" {
			t.Errorf("%s: %d %s %s, want the 2025 edition, S33, T", obsKey(o), o.Vintage, o.Source, o.Confidence)
		}
	}
	for _, m := range sea6 {
		for y := 2023; y <= 2025; y++ {
			if k := fmt.Sprintf("%s %d", m, y); n[k] != 4 {
				t.Errorf("%s: %d segments, want 4", k, n[k])
			}
		}
	}
}

// TestLatestSums: the shipped member rows summed per segment and year are
// the SEA-6 sums of the source's member rows, computed here; they agree
// with the 2025 edition's SEA-6 figures that the source gives (e-commerce
// 138 in 2023 as restated, 182 in 2025; total 225 restated for 2023, 261
// for 2024, 298 for 2025) within the rounding of the members' charts (each
// member-segment rounded to 1e9: at most 3e9 on a total of 24 cells, 1e9
// on a segment); and every member's total (left out) is its segments' sum
// within 1e9.
func TestLatestSums(t *testing.T) {
	src := readLatestSource(t)
	d, err := observed.Load(observed.Latest)
	if err != nil {
		t.Fatal(err)
	}
	shipped := map[string]float64{}
	for _, o := range d.Obs {
		shipped[o.Segment+" "+strconv.Itoa(o.Year)] += o.Value
		shipped["total "+strconv.Itoa(o.Year)] += o.Value
	}
	want, memberSegs, memberTotal := map[string]float64{}, map[string]float64{}, map[string]float64{}
	for _, r := range src {
		if !r.latest() || r.variable != "gmv" {
			continue
		}
		if r.sector == "total" {
			memberTotal[r.iso2+" "+r.year] = r.value
			continue
		}
		want[r.sector+" "+r.year] += r.value
		want["total "+r.year] += r.value
		memberSegs[r.iso2+" "+r.year] += r.value
	}
	if len(want) != 15 || len(shipped) != 15 {
		t.Fatalf("%d aggregates in the source, %d shipped; want 15", len(want), len(shipped))
	}
	for k, w := range want {
		if got := shipped[k]; math.Abs(got-w*1e9) > 1e-14*w*1e9 {
			t.Errorf("SEA-6 %s: shipped members sum to %v, the source's to %v bn", k, got, w)
		}
	}
	restated := map[string]struct{ v, tol float64 }{ // the 2025 edition (source notes)
		"ecommerce 2023": {138, 1}, "ecommerce 2025": {182, 1},
		"total 2023": {225, 3}, "total 2024": {261, 3}, "total 2025": {298, 3},
	}
	for k, r := range restated {
		if math.Abs(want[k]-r.v) > r.tol+1e-9 {
			t.Errorf("SEA-6 %s: members sum to %v, the 2025 edition says %v", k, want[k], r.v)
		}
	}
	if len(memberTotal) != 18 {
		t.Fatalf("%d member totals, want 18", len(memberTotal))
	}
	for k, tot := range memberTotal {
		if math.Abs(tot-memberSegs[k]) > 1+1e-9 {
			t.Errorf("%s: total %v, segments sum to %v", k, tot, memberSegs[k])
		}
	}
}

// TestHeadlines2023: headlines_2023_2025 holds the source's six SEA-6
// headlines, each from its own year's edition, and every one is a sum the
// history gives in a later or the same vintage: it adds no quantity.
func TestHeadlines2023(t *testing.T) {
	src := readLatestSource(t)
	d, err := observed.Load(observed.Headlines2023)
	if err != nil {
		t.Fatal(err)
	}
	matchRows(t, d, src, func(r sourceRow) bool { return r.iso2 == "SEA6" && r.variable == "gmv" })
	if len(d.Obs) != 6 {
		t.Errorf("%d rows, want 6", len(d.Obs))
	}
	latest, err := observed.Load(observed.Latest)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range d.Obs {
		if o.Vintage != o.Year {
			t.Errorf("%s: vintage %d, want the same year's edition", obsKey(o), o.Vintage)
		}
		n := 0
		for _, h := range latest.Obs {
			if h.Year == o.Year && (o.Segment == "total" || h.Segment == o.Segment) {
				n++
				if h.Vintage < o.Vintage {
					t.Errorf("%s: the history's %s is an earlier vintage", obsKey(o), obsKey(h))
				}
			}
		}
		if want := map[bool]int{true: 24, false: 6}[o.Segment == "total"]; n != want {
			t.Errorf("%s: the history has %d rows of it, want %d", obsKey(o), n, want)
		}
	}
}

// TestHistory2025: history_2015_2025 is history_2015_2022 unchanged (same
// observations, in order) followed by the 2023-2025 rows: 128 + 72 = 200.
func TestHistory2025(t *testing.T) {
	d, err := observed.Load(observed.History2025)
	if err != nil {
		t.Fatal(err)
	}
	old, err := observed.Load(observed.History)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Obs) != 200 {
		t.Fatalf("%d rows, want 200", len(d.Obs))
	}
	if !reflect.DeepEqual(d.Obs[:128], old.Obs) {
		t.Error("the first 128 rows differ from history_2015_2022")
	}
	for _, o := range d.Obs[128:] {
		if o.File != observed.Latest+".csv" || o.Year < 2023 {
			t.Errorf("%s in %s", obsKey(o), o.File)
		}
	}
	if first, last := d.Years(); first != 2015 || last != 2025 {
		t.Errorf("years %d-%d", first, last)
	}
	if got := len(d.Until(2022).Obs); got != 128 {
		t.Errorf("Until(2022): %d rows, want the 128 of history_2015_2022", got)
	}
	if got := len(d.Until(2023).Obs); got != 152 {
		t.Errorf("Until(2023): %d rows, want 128 + 24", got)
	}
}

// TestProjections: the shipped projections are every gmv_projection row of
// the source (38: 14 SEA-6, 24 members; 2016-2023 editions), in USD, each
// with its edition before the year it projects.
func TestProjections(t *testing.T) {
	src := readLatestSource(t)
	ps, err := observed.Projections()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]observed.Projection{}
	for _, p := range ps {
		got[fmt.Sprintf("%s %s %d %d", p.Region, p.Segment, p.Year, p.Vintage)] = p
		if p.Vintage >= p.Year {
			t.Errorf("%v: edition not before the year", p)
		}
	}
	n := 0
	for _, r := range src {
		if r.variable != "gmv_projection" {
			continue
		}
		n++
		k := fmt.Sprintf("%s %s %s %s", r.iso2, r.sector, r.year, r.vintage)
		p, ok := got[k]
		if !ok {
			t.Errorf("%s: missing", k)
			continue
		}
		if !sameValue(r.value*1e9, p.Value) || p.Source != r.sources || p.Confidence != r.confidence {
			t.Errorf("%s: shipped %v %q %q, source %v bn %q %q", k, p.Value, p.Source, p.Confidence, r.value, r.sources, r.confidence)
		}
	}
	if n != 38 || len(ps) != n {
		t.Errorf("%d projections shipped, %d in the source, want 38", len(ps), n)
	}
	// The SEA-6 2025 projections of the 2018-2021 editions: the issue's
	// benchmark (240, 300, 309, 363 bn against 298).
	for v, want := range map[int]float64{2018: 240e9, 2019: 300e9, 2020: 309e9, 2021: 363e9} {
		p := got[fmt.Sprintf("SEA6 total 2025 %d", v)]
		if p.Value != want || !reflect.DeepEqual(p.Members, []string{"ID", "MY", "PH", "SG", "TH", "VN"}) {
			t.Errorf("SEA-6 2025 from the %d edition: %v over %v, want %v", v, p.Value, p.Members, want)
		}
	}
}

// TestProjectionsAreNotData: no projection can enter a fit. The data
// reader refuses the projections file, and no shipped data set holds an
// observation dated before its year or one with a projection's region,
// segment, year and edition.
func TestProjectionsAreNotData(t *testing.T) {
	if _, err := observed.Read(strings.NewReader(string(mustRead(t, "projections.csv"))), "projections.csv"); err == nil {
		t.Error("the projections file reads as data")
	}
	ps, err := observed.Projections()
	if err != nil {
		t.Fatal(err)
	}
	proj := map[string]bool{}
	for _, p := range ps {
		proj[fmt.Sprintf("%s gmv %s %d %d", p.Region, p.Segment, p.Year, p.Vintage)] = true
	}
	for _, name := range observed.ShippedNames {
		d, err := observed.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range d.Obs {
			if o.Vintage != 0 && o.Vintage < o.Year {
				t.Errorf("%s: %s from the %d edition is a projection", name, obsKey(o), o.Vintage)
			}
			if proj[fmt.Sprintf("%s %d", obsKey(o), o.Vintage)] {
				t.Errorf("%s: %s is a projection", name, obsKey(o))
			}
		}
	}
}

// TestIndicators: the shipped indicators are every capacity row of the
// source (WDI 2024: population 10, GDP 10, internet 9; LPI 2023: 8), in
// base units (GDP x 1e9, internet share = percent / 100).
func TestIndicators(t *testing.T) {
	src := readLatestSource(t)
	in, err := observed.ShippedIndicators()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{"population": "population", "gdp_current": "gdp", "internet_users_pct": "internet_share", "lpi_rank": "lpi_rank"}
	scale := map[string]float64{"population": 1, "gdp_current": 1e9, "internet_users_pct": 1e-2, "lpi_rank": 1}
	n := 0
	for _, r := range src {
		if r.variable != "capacity" {
			continue
		}
		n++
		y, _ := strconv.Atoi(r.year)
		v, ok := in.Get(r.iso2, names[r.sector], y)
		if !ok {
			t.Errorf("%s %s %s: missing", r.iso2, r.sector, r.year)
			continue
		}
		if math.Abs(v-r.value*scale[r.sector]) > 1e-15*v {
			t.Errorf("%s %s %s: shipped %v, source %v", r.iso2, r.sector, r.year, v, r.value)
		}
	}
	if n != 37 || len(in) != n {
		t.Errorf("%d indicators shipped, %d in the source, want 37", len(in), n)
	}
	if _, ok := in.Get("MM", "internet_share", 2024); ok {
		t.Error("Myanmar's 2024 internet share is not in the source")
	}
}

// TestReadBenchmarkErrors: the projections and indicators readers name the
// line, column, field and value of each problem, with the fix.
func TestReadBenchmarkErrors(t *testing.T) {
	head := strings.Join(observed.ProjectionHeader, ",") + "\n"
	for _, c := range []struct{ in, want string }{
		{head + "SEA6,total,2025,240e9,USD,2025,S01,V\n", `:2:27: vintage "2025": is not before the year 2025`},
		{head + "SEA6,total,2025,240,USD bn,2018,S01,V\n", `unit "USD bn": projections are GMV in base units`},
		{head + "SEA6,total,2025,-1,USD,2018,S01,V\n", `value "-1": want a finite number > 0`},
		{head + "SEA6,total,2025,240e9,USD,2018,,V\n", `source "": is empty`},
		{head + "SEA6,total,2025,240e9,USD,2018,S01,U\n", `confidence "U": means the figure not found`},
		{head + "SEA6,total,2025,240e9,USD,2018,S01,V\nSEA6,total,2025,241e9,USD,2018,S04,V\n", "appears twice (first on line 2)"},
		{"region_or_member,segment,year,value\n", "the first row must be exactly " + strings.TrimSpace(head)},
	} {
		_, err := observed.ReadProjections(strings.NewReader(c.in), "p.csv")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.in, err, c.want)
		}
	}
	ihead := strings.Join(observed.IndicatorHeader, ",") + "\n"
	for _, c := range []struct{ in, want string }{
		{ihead + "ID,internet_share,2024,72.78,share,S34,V(WDI)\n", "a share is at most 1"},
		{ihead + "ID,gdp,2024,1396.3,USD bn,S34,V(WDI)\n", `gdp is written in base units: the unit must be "USD"`},
		{ihead + "ID,lpi_rank,2023,61,rank,S48,V\n", `a rank's unit is "rank of N"`},
		{ihead + "ID,populaton,2024,1,persons,S34,V(WDI)\n", "unknown indicator"},
		{ihead + "ID,population,24,1,persons,S34,V(WDI)\n", "want a whole calendar year"},
	} {
		_, err := observed.ReadIndicators(strings.NewReader(c.in), "i.csv")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.in, err, c.want)
		}
	}
}

func mustRead(t *testing.T, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
