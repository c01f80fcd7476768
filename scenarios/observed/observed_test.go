package observed_test

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/observed"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/series"
	"github.com/digisim/digisim/sim/simtest"
)

// TestShipped: the embedded history reads strictly and holds the figures
// of shared/data/history_2015_2018.csv in base units (28 rows there, the
// values below copied from it and multiplied by 1e9 or 1e6).
func TestShipped(t *testing.T) {
	d, err := observed.Load("")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Obs) != 28 {
		t.Errorf("got %d observations, want the 28 rows of the source", len(d.Obs))
	}
	want := map[string]float64{
		"SEA6 gmv total 2015":                    32e9,
		"SEA6 gmv ecommerce 2018":                23e9,
		"SEA6 users ecommerce 2018":              120e6,
		"SEA6 trips_per_day transport_food 2017": 6e6,
		"SEA6 internet_users total 2018":         350e6,
		"TH gmv ecommerce 2015":                  0.9e9,
	}
	for _, o := range d.Obs {
		key := o.Series() + " " + itoa(o.Year)
		if v, ok := want[key]; ok {
			if o.Value != v {
				t.Errorf("%s = %v, want %v", key, o.Value, v)
			}
			delete(want, key)
		}
	}
	for k := range want {
		t.Errorf("%s missing", k)
	}
	if first, last := d.Years(); first != 2015 || last != 2018 {
		t.Errorf("years %d-%d, want 2015-2018", first, last)
	}
	if got := strings.Join(d.Groups["SEA6"], " "); got != "ID MY PH SG TH VN" {
		t.Errorf("SEA6 = %s", got)
	}
}

func itoa(y int) string { return strconv.Itoa(y) }

const head = "region_or_member,variable,segment,year,value,unit\n"

// TestReadErrors: every bad file gets an error naming the file, line,
// column where known, the field, the value and the fix.
func TestReadErrors(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string // substrings of the error
	}{
		{"empty", "", []string{"d.csv: empty file", "region_or_member,variable"}},
		{"header", "region,variable,segment,year,value,unit\nSEA6,gmv,total,2015,1,USD\n",
			[]string{"d.csv:1: header", "must be exactly region_or_member"}},
		{"unknown variable", head + "SEA6,gvm,total,2015,1,USD\n",
			[]string{`d.csv:2:6: variable "gvm": unknown variable`, `did you mean "gmv"?`}},
		{"negative", head + "SEA6,gmv,total,2015,-3e9,USD\n",
			[]string{`d.csv:2:21: value "-3e9": is negative`}},
		{"zero", head + "SEA6,gmv,total,2015,0,USD\n", []string{`value "0": is zero`, "drop the row"}},
		{"not a number", head + "SEA6,gmv,total,2015,lots,USD\n", []string{`value "lots": want a finite number`}},
		{"NaN", head + "SEA6,gmv,total,2015,NaN,USD\n", []string{`value "NaN": want a finite number`}},
		{"year", head + "SEA6,gmv,total,2015.5,1,USD\n", []string{`d.csv:2:16: year "2015.5": want a whole calendar year`}},
		{"unit", head + "SEA6,gmv,total,2015,32,USD bn\n",
			[]string{`unit "USD bn": gmv is written in base units: the unit must be "USD" (multiply billions by 1e9)`}},
		{"duplicate", head + "SEA6,gmv,total,2015,1,USD\nSEA6,gmv,total,2015,2,USD\n",
			[]string{"d.csv:3:1", "appears twice (first on line 2)"}},
		{"users total", head + "SEA6,users,total,2015,1,persons\n", []string{`segment "total": users has no total`}},
		{"internet per segment", head + "SEA6,internet_users,ecommerce,2015,1,persons\n", []string{"write total"}},
		{"fields", head + "SEA6,gmv,total,2015,1\n", []string{"d.csv:2: row", "has 5 fields, want 6"}},
		{"bad group", "# group X1 ID MY\n" + head + "X1,gmv,total,2015,1,USD\n", []string{`d.csv:1: group`, `# group NAME = MEMBER`}},
		{"group redefined", "# group SEA6 = ID MY\n" + head + "SEA6,gmv,total,2015,1,USD\n", []string{"is built in as ID MY PH SG TH VN"}},
		{"several", head + "SEA6,gmv,total,2015,-1,USD\nSEA6,gmv,total,2016,1,EUR\n",
			[]string{"d.csv:2:", "d.csv:3:", "is negative", `unit "EUR"`}},
		{"quoting", head + "SEA6,\"gmv,total,2015,1,USD\n", []string{"d.csv:2", "check quoting"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := observed.Read(strings.NewReader(c.in), "d.csv")
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
			// The error type of scenario and experiment files.
			var e *scenarios.Error
			if !errors.As(err, &e) || e.File != "d.csv" || e.Line == 0 && c.name != "empty" {
				t.Errorf("error %#v, want a *scenarios.Error with file and line", e)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := observed.Load("no/such/file.csv")
	if err == nil || !strings.Contains(err.Error(), "no/such/file.csv") || !strings.Contains(err.Error(), observed.Shipped) {
		t.Errorf("got %v", err)
	}
}

func runFixture(t *testing.T) *sim.Result {
	t.Helper()
	p := simtest.ThreeMembers()
	p.Time.End = 2022
	res, err := sim.Run(p)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestBindValues: each variable reads the sum over the group of the model
// output that series.Compile names (the oracle: the same quantity by the
// project's one vocabulary of outputs).
func TestBindValues(t *testing.T) {
	res := runFixture(t)
	in := "# group R2 = AA CC\n" + head +
		"R2,gmv,shop,2020,1,USD\n" +
		"R2,gmv,total,2021,1,USD\n" +
		"BB,users,ride,2019,1,persons\n" +
		"R2,trips_per_day,ride,2022,1,trips/day\n" +
		"R2,internet_users,total,2018,1,persons\n"
	d, err := observed.Read(strings.NewReader(in), "d.csv")
	if err != nil {
		t.Fatal(err)
	}
	b, err := d.Bind(res)
	if err != nil {
		t.Fatal(err)
	}
	at := func(v, m, s string, year int) float64 {
		l, err := series.Compile(res, series.Selector{Variable: v, Member: m, Segment: s})
		if err != nil {
			t.Fatal(err)
		}
		x, err := l.AtTime(res, float64(year))
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	want := []float64{
		at("gmv", "AA", "shop", 2020) + at("gmv", "CC", "shop", 2020),
		at("gmv", "AA", "shop", 2021) + at("gmv", "AA", "ride", 2021) + at("gmv", "CC", "shop", 2021) + at("gmv", "CC", "ride", 2021),
		at("users", "BB", "ride", 2019),
		at("transactions_per_day", "AA", "ride", 2022) + at("transactions_per_day", "CC", "ride", 2022),
		at("online_share", "AA", "", 2018)*at("population", "AA", "", 2018) + at("online_share", "CC", "", 2018)*at("population", "CC", "", 2018),
	}
	for j, bd := range b {
		k := int(bd.Time) - 2018
		got := bd.Model(&res.Steps[k])
		// Sums of at most four positive terms in another order: 1e-12.
		if math.Abs(got-want[j]) > 1e-12*want[j] {
			t.Errorf("%s %v: got %v, want %v", bd.Series, bd.Time, got, want[j])
		}
	}
}

// TestBindErrors: rows that read well but do not fit the scenario.
func TestBindErrors(t *testing.T) {
	res := runFixture(t)
	cases := []struct {
		name, in string
		want     []string
	}{
		{"unknown member", head + "AB,gmv,total,2019,1,USD\n",
			[]string{`d.csv:2: region_or_member "AB": unknown member AB; the scenario's members are AA BB CC`, `did you mean "AA"?`}},
		{"group member missing", head + "SEA6,gmv,total,2019,1,USD\n",
			[]string{`region_or_member "SEA6": group SEA6 has a member the scenario lacks: ID`}},
		{"unknown segment", head + "AA,gmv,shops,2019,1,USD\n",
			[]string{`segment "shops": unknown segment; the scenario's segments are shop ride, or total`, `did you mean "shop"?`}},
		{"year before base", head + "AA,gmv,total,2015,1,USD\n",
			[]string{`year "2015": is outside the scenario's time axis (output times 2018 to 2022)`, "asean-2015"}},
		{"year after horizon", head + "AA,gmv,total,2030,1,USD\n", []string{`year "2030": is outside`}},
		{"no transactions", head + "AA,trips_per_day,shop,2019,1,trips/day\n",
			[]string{"the model gives 0", "set segments.shop.transactions_per_user_day"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := observed.Read(strings.NewReader(c.in), "d.csv")
			if err != nil {
				t.Fatal(err)
			}
			_, err = d.Bind(res)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func TestUntil(t *testing.T) {
	d, err := observed.Load(observed.Shipped)
	if err != nil {
		t.Fatal(err)
	}
	// Rows of 2015 and 2017 in the source: 28 minus the nine of 2018.
	if n := len(d.Until(2017).Obs); n != 19 {
		t.Errorf("got %d rows up to 2017, want 19", n)
	}
}
