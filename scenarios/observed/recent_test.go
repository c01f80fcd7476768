package observed_test

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/observed"
	"github.com/digisim/digisim/sim"
)

// sourceRow is one row of the project's shared/data/history_2019_2022.csv,
// copied verbatim to testdata: the oracle of the shipped files.
type sourceRow struct {
	iso2, variable, sector, year, unit, vintage, sources, confidence, note string
	value                                                                  float64 // as written, in billions or millions
}

func (r sourceRow) latest() bool { return strings.Contains(r.note, "latest vintage") }

func readSource(t *testing.T) []sourceRow {
	return readSourceFile(t, "testdata/source_history_2019_2022.csv")
}

func readSourceFile(t *testing.T, file string) []sourceRow {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := "iso2,member,variable,sector,year,value,unit,report_vintage,source_keys,confidence,note"
	if got := strings.Join(recs[0], ","); got != want {
		t.Fatalf("source header %s, want %s", got, want)
	}
	var out []sourceRow
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[5], 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, sourceRow{iso2: r[0], variable: r[2], sector: r[3], year: r[4], value: v,
			unit: r[6], vintage: r[7], sources: r[8], confidence: r[9], note: r[10]})
	}
	return out
}

// baseUnits converts a source value to the shipped file's unit.
func baseUnits(t *testing.T, r sourceRow) float64 {
	switch r.unit {
	case "USD bn":
		return r.value * 1e9
	case "million":
		return r.value * 1e6
	}
	t.Fatalf("source unit %q", r.unit)
	return 0
}

// key is region variable segment year, with the source's internet users
// (variable users, sector internet_users) named as the shipped files do.
func (r sourceRow) key() string {
	v, s := r.variable, r.sector
	if v == "users" && s == "internet_users" {
		v, s = "internet_users", "total"
	}
	return r.iso2 + " " + v + " " + s + " " + r.year
}

func obsKey(o observed.Observation) string { return o.Series() + " " + strconv.Itoa(o.Year) }

// sameValue: a source value times 1e9 or 1e6 against the shipped
// "<value>e9": both round the same decimal, 1e-15 relative.
func sameValue(a, b float64) bool { return math.Abs(a-b) <= 1e-15*math.Abs(b) }

// matchRows checks that the shipped data holds exactly the source rows
// selected (value, vintage, source keys and confidence).
func matchRows(t *testing.T, d *observed.Data, src []sourceRow, keep func(sourceRow) bool) {
	t.Helper()
	got := map[string]observed.Observation{}
	for _, o := range d.Obs {
		got[obsKey(o)] = o
	}
	n := 0
	for _, r := range src {
		if !keep(r) {
			continue
		}
		n++
		o, ok := got[r.key()]
		if !ok {
			t.Errorf("%s: source row missing", r.key())
			continue
		}
		if !sameValue(baseUnits(t, r), o.Value) || strconv.Itoa(o.Vintage) != r.vintage || o.Source != r.sources || o.Confidence != r.confidence {
			t.Errorf("%s: shipped %v %d %q %q, source %v %s %q %q", r.key(), o.Value, o.Vintage, o.Source, o.Confidence,
				r.value, r.vintage, r.sources, r.confidence)
		}
	}
	if n != len(d.Obs) {
		t.Errorf("%s has %d rows, the source %d of that kind", d.File, len(d.Obs), n)
	}
}

var sea6 = []string{"ID", "MY", "PH", "SG", "TH", "VN"}
var segs = []string{"ecommerce", "transport_food", "online_travel", "online_media"}

// TestRecent: history_2019_2022 holds the source's latest-vintage member x
// segment GMV (6 members x 4 segments x 4 years = 96 rows; the members'
// totals left out) and the SEA-6 internet users (4 rows): 100 rows, 25 a
// year, 16 a member; every row with its vintage, source and confidence.
func TestRecent(t *testing.T) {
	src := readSource(t)
	d, err := observed.Load(observed.Recent)
	if err != nil {
		t.Fatal(err)
	}
	matchRows(t, d, src, func(r sourceRow) bool {
		return (r.latest() && r.sector != "total") || (r.variable == "users" && r.sector == "internet_users")
	})
	if len(d.Obs) != 100 {
		t.Errorf("%d rows, want 100", len(d.Obs))
	}
	perYear, perMember := map[int]int{}, map[string]int{}
	// The vintage of each year's member figures (the README's table).
	latest := map[int]int{2019: 2022, 2020: 2021, 2021: 2023, 2022: 2024}
	for _, o := range d.Obs {
		perYear[o.Year]++
		perMember[o.Region]++
		switch {
		case o.Variable == "internet_users":
			if o.Region != "SEA6" || o.Vintage != o.Year {
				t.Errorf("%s: vintage %d, want the same-year edition", obsKey(o), o.Vintage)
			}
		case o.Vintage != latest[o.Year] || o.Confidence != "T" || o.Source != "S33":
			t.Errorf("%s: vintage %d %s %s, want %d S33 T", obsKey(o), o.Vintage, o.Source, o.Confidence, latest[o.Year])
		}
	}
	for y := 2019; y <= 2022; y++ {
		if perYear[y] != 25 {
			t.Errorf("%d: %d rows, want 25 (24 member x segment, 1 internet users)", y, perYear[y])
		}
	}
	for _, m := range sea6 {
		if perMember[m] != 16 {
			t.Errorf("%s: %d rows, want 16", m, perMember[m])
		}
	}
	if perMember["SEA6"] != 4 {
		t.Errorf("SEA6: %d rows, want 4", perMember["SEA6"])
	}
}

// TestRecentSums: the shipped member rows, summed per segment and year,
// equal the SEA-6 sums of the source's latest vintage, computed here from
// the source; and these agree with the restatements the source's notes
// quote (e-commerce 43 in 2019, 72.9 in 2020, 113 in 2021) and with the
// members' totals left out to rounding (at most 1e9 a member-year: four
// segments and the total rounded to 1e9, some to 0.1e9).
func TestRecentSums(t *testing.T) {
	src := readSource(t)
	d, err := observed.Load(observed.History)
	if err != nil {
		t.Fatal(err)
	}
	shipped, want := map[string]float64{}, map[string]float64{}
	memberSegs, memberTotal := map[string]float64{}, map[string]float64{}
	for _, o := range d.Obs {
		if o.Region != "SEA6" && o.Variable == "gmv" && o.Year >= 2019 {
			shipped[o.Segment+" "+strconv.Itoa(o.Year)] += o.Value
		}
	}
	for _, r := range src {
		if !r.latest() {
			continue
		}
		if r.sector == "total" {
			memberTotal[r.iso2+" "+r.year] = r.value
			continue
		}
		want[r.sector+" "+r.year] += r.value
		memberSegs[r.iso2+" "+r.year] += r.value
	}
	if len(want) != 16 || len(shipped) != 16 {
		t.Fatalf("%d segment-years in the source, %d shipped; want 16", len(want), len(shipped))
	}
	for k, w := range want {
		// Sums of six terms in another order and unit: 1e-14.
		if got := shipped[k]; math.Abs(got-w*1e9) > 1e-14*w*1e9 {
			t.Errorf("SEA-6 %s: shipped members sum to %v, the source's latest vintage to %v bn", k, got, w)
		}
	}
	for k, note := range map[string]float64{"ecommerce 2019": 43, "ecommerce 2020": 72.9, "ecommerce 2021": 113} {
		if math.Abs(want[k]-note) > 1e-9 {
			t.Errorf("SEA-6 %s: latest vintage sums to %v, the note says %v", k, want[k], note)
		}
	}
	if len(memberTotal) != 24 {
		t.Fatalf("%d member totals in the source, want 24", len(memberTotal))
	}
	for k, tot := range memberTotal {
		if diff := math.Abs(tot - memberSegs[k]); diff > 1+1e-9 {
			t.Errorf("%s: total %v, segments sum to %v", k, tot, memberSegs[k])
		}
	}
}

// TestHeadlines: headlines_2019_2022 holds the source's other GMV rows (13
// SEA-6 headlines, 25 member figures as first announced: 38), each with its
// vintage, which is earlier than the shipped history's vintage of that
// year; and every quantity in it is given by the history's member x
// segment rows (or their sums), so it adds no quantity a fit lacks.
func TestHeadlines(t *testing.T) {
	src := readSource(t)
	d, err := observed.Load(observed.Headlines)
	if err != nil {
		t.Fatal(err)
	}
	matchRows(t, d, src, func(r sourceRow) bool { return !r.latest() && r.variable == "gmv" })
	if len(d.Obs) != 38 {
		t.Errorf("%d rows, want 38", len(d.Obs))
	}
	nSEA6 := 0
	recent, err := observed.Load(observed.Recent)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]observed.Observation{}
	for _, o := range recent.Obs {
		have[obsKey(o)] = o
	}
	for _, o := range d.Obs {
		members := o.Members
		if o.Region == "SEA6" {
			nSEA6++
		}
		ss := []string{o.Segment}
		if o.Segment == "total" {
			ss = segs
		}
		for _, m := range members {
			for _, s := range ss {
				k := fmt.Sprintf("%s gmv %s %d", m, s, o.Year)
				h, ok := have[k]
				if !ok {
					t.Errorf("%s: the history lacks %s", obsKey(o), k)
					continue
				}
				if h.Vintage < o.Vintage {
					t.Errorf("%s: vintage %d, later than the history's %d", obsKey(o), o.Vintage, h.Vintage)
				}
			}
		}
	}
	if nSEA6 != 13 {
		t.Errorf("%d SEA-6 rows, want 13", nSEA6)
	}
}

// TestHistory: history_2015_2022 is the 2015-2018 history unchanged (the
// same observations, in order) followed by the 2019-2022 one: 28 + 100 =
// 128 rows; rows a year 13 (2015), 6 (2017), 9 (2018), 25 (2019-2022).
func TestHistory(t *testing.T) {
	d, err := observed.Load(observed.History)
	if err != nil {
		t.Fatal(err)
	}
	early, err := observed.Load(observed.Shipped)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Obs) != 128 {
		t.Fatalf("%d rows, want 128", len(d.Obs))
	}
	if !reflect.DeepEqual(d.Obs[:28], early.Obs) {
		t.Error("the first 28 rows differ from history_2015_2018")
	}
	for _, o := range early.Obs {
		if o.Vintage != 0 || o.Source != "" || o.Confidence != "" || o.File != observed.Shipped+".csv" {
			t.Errorf("%s: %d %q %q in %s, want the six columns of %s.csv", obsKey(o), o.Vintage, o.Source, o.Confidence, o.File, observed.Shipped)
		}
	}
	for _, o := range d.Obs[28:] {
		if o.File != observed.Recent+".csv" {
			t.Errorf("%s in %s", obsKey(o), o.File)
		}
	}
	perYear := map[int]int{}
	for _, o := range d.Obs {
		perYear[o.Year]++
	}
	if want := map[int]int{2015: 13, 2017: 6, 2018: 9, 2019: 25, 2020: 25, 2021: 25, 2022: 25}; !reflect.DeepEqual(perYear, want) {
		t.Errorf("rows a year %v, want %v", perYear, want)
	}
	if first, last := d.Years(); first != 2015 || last != 2022 {
		t.Errorf("years %d-%d", first, last)
	}
	// The headlines share the history's years: joining them is refused.
	recent, err := observed.Load(observed.Recent)
	if err != nil {
		t.Fatal(err)
	}
	head, err := observed.Load(observed.Headlines)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := observed.Concat("both", recent, head); err == nil || !strings.Contains(err.Error(), "must cover distinct years") {
		t.Errorf("joining the headlines to the history: got %v", err)
	}
}

// runTo runs a shipped scenario to year.
func runTo(t *testing.T, name string, year int) *sim.Result {
	t.Helper()
	sc, err := scenarios.Load(name, []string{"time.horizon=" + strconv.Itoa(year)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(sc.Params)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestShippedDataBind: every shipped observation binds to a model output
// of a shipped scenario run to 2022 (its members or group, its segment,
// its year on the time axis, a positive model value): the history
// 2015-2022 to asean-2015, the 2019-2022 files to asean-2018.
func TestShippedDataBind(t *testing.T) {
	cases := []struct{ data, scenario string }{
		{observed.History, "asean-2015"},
		{observed.Recent, "asean-2018"},
		{observed.Headlines, "asean-2018"},
		{observed.History2025, "asean-2015"},
		{observed.Headlines2023, "covid-2018"},
	}
	for _, c := range cases {
		t.Run(c.data, func(t *testing.T) {
			d, err := observed.Load(c.data)
			if err != nil {
				t.Fatal(err)
			}
			_, last := d.Years()
			res := runTo(t, c.scenario, max(last, 2022))
			bound, err := d.Bind(res)
			if err != nil {
				t.Fatal(err)
			}
			if len(bound) != len(d.Obs) {
				t.Fatalf("%d of %d rows bound", len(bound), len(d.Obs))
			}
			for i, b := range bound {
				o := &d.Obs[i]
				if b.Obs != o || b.Series != o.Series() || b.Time != float64(o.Year) {
					t.Errorf("row %d: bound %s %v to %s %d", i, b.Series, b.Time, o.Series(), o.Year)
				}
			}
		})
	}
}
