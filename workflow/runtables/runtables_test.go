package runtables

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim/series"
	"github.com/digisim/digisim/sim/simtest"
	"github.com/digisim/digisim/workflow/pair"
)

// TestDividend: the dividend pairs every output of the two runs in order,
// and its cumulative rows are sim's CumulativeGMV; a run against itself
// has a dividend of zero everywhere.
func TestDividend(t *testing.T) {
	p := simtest.ThreeMembers()
	b := p.Clone()
	b.Policy.BusinessEngagement = 0
	pr, br := simtest.MustRun(t, p), simtest.MustRun(t, b)
	if err := pair.Comparable("p", "b", pr, br); err != nil {
		t.Fatal(err)
	}
	d := NewDividend(pr, br, math.Inf(-1))
	n := 0
	series.Each(pr, func(series.Record) { n++ })
	if want := n + len(pr.Members) + 1; len(d.Rows) != want {
		t.Fatalf("%d rows, want %d (records + members + region)", len(d.Rows), want)
	}
	pt, pm := pr.CumulativeGMV()
	bt, bm := br.CumulativeGMV()
	for i, m := range pr.Members {
		r := d.Rows[n+i]
		if r.Member != m || r.Variable != "cumulative_gmv" || r.Policy != pm[i] || r.Base != bm[i] {
			t.Errorf("cumulative row of %s: %+v, want policy %v base %v", m, r, pm[i], bm[i])
		}
	}
	if last := d.Rows[len(d.Rows)-1]; last.Member != "" || last.Policy != pt || last.Base != bt || last.Time != d.To {
		t.Errorf("region row %+v, want policy %v base %v at %v", last, pt, bt, d.To)
	}
	// The sums are of annual GMV: the regional gmv rows of the years summed.
	var sp, sb float64
	for _, r := range d.Rows {
		if r.Variable == "gmv" && r.Member == "" && r.Segment == "" && r.Time >= d.From {
			sp, sb = sp+r.Policy, sb+r.Base
		}
	}
	if d.From != pr.Steps[1].Time || math.Abs(sp-pt) > 1e-9*pt || math.Abs(sb-bt) > 1e-9*bt {
		t.Errorf("cumulative GMV from %v: %v and %v, sums of the yearly rows from the first year after the base %v and %v", d.From, pt, bt, sp, sb)
	}
	later := NewDividend(pr, br, pr.Steps[4].Time-0.5)
	if later.From != pr.Steps[4].Time {
		t.Errorf("parting at %v: the sum starts at %v, want the next output %v", pr.Steps[4].Time-0.5, later.From, pr.Steps[4].Time)
	}
	if pt == bt {
		t.Error("business engagement 0 changed nothing: the test compares two equal runs")
	}
	for _, r := range NewDividend(pr, pr, math.Inf(-1)).Rows {
		if r.Policy-r.Base != 0 && !math.IsNaN(r.Policy) {
			t.Fatalf("a run against itself: dividend %v in %+v", r.Policy-r.Base, r)
		}
	}
}

// TestWriteRun: the three tables, with their headers and one row per
// output time in summary.csv.
func TestWriteRun(t *testing.T) {
	p := simtest.ThreeMembers()
	res := simtest.MustRun(t, p)
	dir := t.TempDir()
	if err := WriteRun(dir, "three", res); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"series.csv":       "scenario,time,member,segment,pillar,variable,value",
		"summary.csv":      "time,gmv_total,",
		"cross_border.csv": "time,buyer,seller,purchases_usd",
	}
	for f, head := range want {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), head) {
			t.Errorf("%s starts %q, want %q", f, strings.SplitN(string(b), "\n", 2)[0], head)
		}
		if f == "summary.csv" {
			if got := strings.Count(string(b), "\n"); got != len(res.Steps)+1 {
				t.Errorf("summary.csv has %d lines, want %d", got, len(res.Steps)+1)
			}
		}
	}
}

// readCSV reads a CSV file's rows, header first.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	rows, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestHeadlineFiles: headline.csv of a run holds summary.csv's regional
// GMV at the first and last time and sim's cumulative GMV; that of a
// comparison holds dividend.csv's cumulative rows, member by member and
// for the region, with the dividend's share of the base.
func TestHeadlineFiles(t *testing.T) {
	p := simtest.ThreeMembers()
	b := p.Clone()
	b.Policy.BusinessEngagement = 0
	pr, br := simtest.MustRun(t, p), simtest.MustRun(t, b)
	dir := t.TempDir()
	if err := WriteRun(dir, "three", pr); err != nil {
		t.Fatal(err)
	}
	summary := readCSV(t, filepath.Join(dir, "summary.csv"))
	head := readCSV(t, filepath.Join(dir, HeadlineFile))
	if strings.Join(head[0], ",") != "figure,unit,time,value" {
		t.Fatalf("headline.csv header %v", head[0])
	}
	got := map[string]string{}
	for _, r := range head[1:] {
		got[r[0]+"@"+r[2]] = r[3]
	}
	first, last := summary[1], summary[len(summary)-1]
	for _, r := range [][]string{first, last} {
		if got["gmv_total@"+r[0]] != r[1] {
			t.Errorf("gmv_total at %s: headline %q, summary.csv %q", r[0], got["gmv_total@"+r[0]], r[1])
		}
	}
	total, _ := pr.CumulativeGMV()
	if v, _ := strconv.ParseFloat(got["cumulative_gmv@"+last[0]], 64); v != total {
		t.Errorf("cumulative_gmv %v, want %v", v, total)
	}

	cdir := t.TempDir()
	sc := &scenarios.Scenario{Name: "p", Params: p}
	sb := &scenarios.Scenario{Name: "b", Params: b}
	if _, err := WriteComparison(cdir, []string{"compare"}, sc, sb, pr, br); err != nil {
		t.Fatal(err)
	}
	div := map[string][]string{}
	for _, r := range readCSV(t, filepath.Join(cdir, "dividend.csv"))[1:] {
		if r[4] == "cumulative_gmv" {
			div[r[1]] = r
		}
	}
	ch := readCSV(t, filepath.Join(cdir, HeadlineFile))
	if strings.Join(ch[0], ",") != "member,from,to,policy,base,dividend,dividend_share" {
		t.Fatalf("headline.csv header %v", ch[0])
	}
	if len(ch)-1 != len(pr.Members)+1 || ch[len(ch)-1][0] != "" {
		t.Fatalf("headline.csv has %d rows, want one per member and the region last", len(ch)-1)
	}
	for _, r := range ch[1:] {
		d := div[r[0]]
		if d == nil || r[3] != d[5] || r[4] != d[6] || r[5] != d[7] {
			t.Errorf("member %q: headline %v, dividend.csv %v", r[0], r, d)
		}
		p, _ := strconv.ParseFloat(r[5], 64)
		q, _ := strconv.ParseFloat(r[4], 64)
		if s, _ := strconv.ParseFloat(r[6], 64); s != p/q {
			t.Errorf("member %q: share %v, want %v", r[0], s, p/q)
		}
	}
}

// TestDifferences: schedules that agree up to a point part there (they are
// linear between points, constant outside), others differ from the start;
// siblings with the same values group; equal trees have no difference.
func TestDifferences(t *testing.T) {
	pol := `{"policy": {"beta": 0.4, "coordination": {"a": [[2018, 0.2], [2022, 0.5], [2026, 0.5], [2030, 1]],
		"b": [[2018, 0.2], [2022, 0.5], [2026, 0.5], [2030, 1]]}}, "time": {"horizon": 2035}}`
	bas := `{"policy": {"beta": 0.4, "coordination": {"a": [[2018, 0.2], [2022, 0.5]], "b": [[2018, 0.2], [2022, 0.5]]}}, "time": {"horizon": 2035}}`
	ds, err := Differences([]byte(pol), []byte(bas))
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Path != "policy.coordination.*" || ds[0].Count != 2 || ds[0].From != 2026 || !ds[0].IsPolicy() {
		t.Fatalf("differences %+v, want policy.coordination.* (2) from 2026", ds)
	}
	if Diverge(ds) != 2026 {
		t.Errorf("diverge %v, want 2026", Diverge(ds))
	}
	other := `{"policy": {"beta": 0.5, "coordination": {"a": [[2022, 0]], "b": [[2018, 0.2], [2022, 0.5]]}}, "time": {"horizon": 2030}}`
	ds, err = Differences([]byte(other), []byte(bas))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"policy.beta", "policy.coordination.a", "time.horizon"}
	if len(ds) != len(want) {
		t.Fatalf("differences %+v, want %v", ds, want)
	}
	for i, d := range ds {
		if d.Path != want[i] || !math.IsInf(d.From, -1) {
			t.Errorf("difference %d: %+v, want %s from the start", i, d, want[i])
		}
	}
	if ds[2].IsPolicy() || ds[2].Policy != "2030" || ds[2].Base != "2035" {
		t.Errorf("time.horizon: %+v", ds[2])
	}
	if ds, _ := Differences([]byte(bas), []byte(bas)); len(ds) != 0 || !math.IsInf(Diverge(ds), -1) {
		t.Errorf("a scenario against itself: %+v", ds)
	}
}
