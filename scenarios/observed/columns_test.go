package observed_test

import (
	"strings"
	"testing"

	"github.com/digisim/digisim/scenarios/observed"
)

// TestReadOptionalColumns: vintage, source and confidence reach the
// observation in any order and any subset; a file without them reads as
// before, with the fields zero.
func TestReadOptionalColumns(t *testing.T) {
	type want struct {
		vintage            int
		source, confidence string
	}
	cases := []struct {
		name, in string
		want     want
	}{
		{"all three", "region_or_member,variable,segment,year,value,unit,vintage,source,confidence\n" +
			"SEA6,gmv,total,2019,100e9,USD,2019,S17;S21,V2\n", want{2019, "S17;S21", "V2"}},
		{"other order", "region_or_member,variable,segment,year,value,unit,confidence,vintage,source\n" +
			"ID,gmv,ecommerce,2020,35e9,USD,T,2021,S33\n", want{2021, "S33", "T"}},
		{"confidence only", "region_or_member,variable,segment,year,value,unit,confidence\n" +
			"SEA6,gmv,total,2022,194e9,USD,T+V\n", want{0, "", "T+V"}},
		{"source with a space, quoted field", "region_or_member,variable,segment,year,value,unit,source\n" +
			"SEA6,gmv,total,2022,194e9,USD,\"S33 sum;S31\"\n", want{0, "S33 sum;S31", ""}},
		{"six columns", head + "SEA6,gmv,total,2015,32e9,USD\n", want{}},
		{"World Bank code", "region_or_member,variable,segment,year,value,unit,confidence\n" +
			"SEA6,internet_users,total,2020,400e6,persons,V(WDI)\n", want{0, "", "V(WDI)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := observed.Read(strings.NewReader(c.in), "d.csv")
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Obs) != 1 {
				t.Fatalf("%d observations, want 1", len(d.Obs))
			}
			o := d.Obs[0]
			if got := (want{o.Vintage, o.Source, o.Confidence}); got != c.want {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
			if o.File != "d.csv" || o.Line != 2 {
				t.Errorf("row at %s:%d, want d.csv:2", o.File, o.Line)
			}
		})
	}
}

// TestReadOptionalErrors: a bad optional column or value is reported with
// file, line, column, field, value and the fix.
func TestReadOptionalErrors(t *testing.T) {
	const h9 = "region_or_member,variable,segment,year,value,unit,vintage,source,confidence\n"
	cases := []struct {
		name, in string
		want     []string
	}{
		{"unknown column", "region_or_member,variable,segment,year,value,unit,vintag\nSEA6,gmv,total,2019,1,USD,2019\n",
			[]string{`d.csv:1:51: header "vintag": unknown column; after unit a file may add vintage, source, confidence`, `did you mean "vintage"?`}},
		{"shared-data name", "region_or_member,variable,segment,year,value,unit,report_vintage\nSEA6,gmv,total,2019,1,USD,2019\n",
			[]string{`header "report_vintage": unknown column`, `write "vintage"`}},
		{"source_keys", "region_or_member,variable,segment,year,value,unit,source_keys\nSEA6,gmv,total,2019,1,USD,S1\n",
			[]string{`header "source_keys"`, `write "source"`}},
		{"note", "region_or_member,variable,segment,year,value,unit,note\nSEA6,gmv,total,2019,1,USD,x\n",
			[]string{`header "note"`, "notes go in comment lines starting with #"}},
		{"repeated column", "region_or_member,variable,segment,year,value,unit,source,source\nSEA6,gmv,total,2019,1,USD,S1,S2\n",
			[]string{`d.csv:1:58: header "source": column 8 repeats column 7`}},
		{"optional before unit", "region_or_member,variable,segment,year,value,vintage,unit\nSEA6,gmv,total,2019,1,2019,USD\n",
			[]string{"d.csv:1: header", "must be exactly region_or_member,variable,segment,year,value,unit, optionally followed by vintage, source, confidence"}},
		{"fields", h9 + "SEA6,gmv,total,2019,1,USD,2019,S17\n",
			[]string{"d.csv:2: row", "has 8 fields, want 9 (region_or_member,variable,segment,year,value,unit,vintage,source,confidence)"}},
		{"code case", h9 + "SEA6,gmv,total,2019,1,USD,2019,S17,v2\n",
			[]string{`d.csv:2:36: confidence "v2": unknown confidence code; the codes are V2, V, D, V(WDI), T, T+V, U, NA`, `did you mean "V2"?`}},
		{"code unknown", h9 + "SEA6,gmv,total,2019,1,USD,2019,S17,high\n",
			[]string{`confidence "high": unknown confidence code`}},
		{"code empty", h9 + "SEA6,gmv,total,2019,1,USD,2019,S17,\n",
			[]string{`d.csv:2:36: confidence "": is empty; want one of V2, V, D, V(WDI), T, T+V`}},
		{"not found", h9 + "SEA6,gmv,total,2019,1,USD,2019,S17,U\n",
			[]string{`confidence "U": means the figure not found, but the row has a value`, "D if derived", "drop the row"}},
		{"does not exist", h9 + "SEA6,gmv,total,2019,1,USD,2019,S17,NA\n",
			[]string{`confidence "NA": means the figure does not exist`}},
		{"vintage word", h9 + "SEA6,gmv,total,2019,1,USD,WDI,S34,V(WDI)\n",
			[]string{`d.csv:2:27: vintage "WDI": want the year of the report edition`}},
		{"vintage range", h9 + "SEA6,gmv,total,2019,1,USD,20222,S17,V\n",
			[]string{`vintage "20222": want a year between 1900 and 2200`}},
		{"forecast", h9 + "SEA6,gmv,total,2025,300e9,USD,2022,S31,V\n",
			[]string{`d.csv:2:31: vintage "2022": is before the year 2025 the row reports`, "forecast, not an observation"}},
		{"source empty", h9 + "SEA6,gmv,total,2019,1,USD,2019, ,V\n",
			[]string{`d.csv:2:32: source " ": is empty; give the source keys`}},
		{"several", h9 + "SEA6,gmv,total,2019,1,USD,2019,S17,W\nSEA6,gmv,total,2020,1,USD,2019,S17,V\n",
			[]string{`d.csv:2:36: confidence "W"`, `d.csv:3:27: vintage "2019": is before the year 2020`}},
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
		})
	}
}

// TestConcat: files of distinct years join, each row keeping its file and
// line; a year in two files, or a group declared differently, is an error
// naming both places.
func TestConcat(t *testing.T) {
	read := func(name, in string) *observed.Data {
		t.Helper()
		d, err := observed.Read(strings.NewReader(in), name)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	a := read("a.csv", head+"SEA6,gmv,total,2015,1,USD\nSEA6,gmv,total,2016,1,USD\n")
	b := read("b.csv", "region_or_member,variable,segment,year,value,unit,vintage\nID,gmv,total,2019,1,USD,2022\n")
	d, err := observed.Concat("ab", a, b)
	if err != nil {
		t.Fatal(err)
	}
	if d.File != "ab" || len(d.Obs) != 3 {
		t.Fatalf("got %s with %d rows, want ab with 3", d.File, len(d.Obs))
	}
	for i, w := range []struct {
		file       string
		line, year int
	}{{"a.csv", 2, 2015}, {"a.csv", 3, 2016}, {"b.csv", 2, 2019}} {
		if o := d.Obs[i]; o.File != w.file || o.Line != w.line || o.Year != w.year {
			t.Errorf("row %d: %s:%d year %d, want %s:%d year %d", i, o.File, o.Line, o.Year, w.file, w.line, w.year)
		}
	}
	if d.Obs[2].Vintage != 2022 {
		t.Errorf("vintage %d, want 2022", d.Obs[2].Vintage)
	}

	c := read("c.csv", head+"ID,gmv,total,2014,1,USD\nID,gmv,ecommerce,2016,1,USD\nTH,gmv,total,2016,1,USD\n")
	_, err = observed.Concat("ac", a, c)
	if err == nil {
		t.Fatal("no error for a year in two files")
	}
	// Reported once, at the first row of the year in the later file.
	if w := `c.csv:3: year "2016": is also in a.csv (line 3); files joined as ac must cover distinct years`; !strings.Contains(err.Error(), w) || strings.Count(err.Error(), "is also in") != 1 {
		t.Errorf("error %q\nwant once %q", err, w)
	}

	g1 := read("g1.csv", "# group R = ID TH\n"+head+"R,gmv,total,2015,1,USD\n")
	g2 := read("g2.csv", "# group R = ID VN\n"+head+"R,gmv,total,2016,1,USD\n")
	if _, err := observed.Concat("g", g1, g2); err == nil || !strings.Contains(err.Error(), `g2.csv: group "R": is ID VN here but ID TH in g1.csv`) {
		t.Errorf("got %v", err)
	}
}

// TestBindNamesTheRowsFile: a problem with a row of joined data names the
// file the row is in, not the joined name.
func TestBindNamesTheRowsFile(t *testing.T) {
	res := runFixture(t) // members AA BB CC, segments shop ride, 2018-2022
	a, err := observed.Read(strings.NewReader(head+"AA,gmv,total,2018,1,USD\n"), "a.csv")
	if err != nil {
		t.Fatal(err)
	}
	b, err := observed.Read(strings.NewReader(head+"# comment\nAA,gmv,shops,2020,1,USD\n"), "b.csv")
	if err != nil {
		t.Fatal(err)
	}
	d, err := observed.Concat("ab", a, b)
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.Bind(res)
	if err == nil || !strings.Contains(err.Error(), `b.csv:3: segment "shops": unknown segment`) {
		t.Errorf("got %v", err)
	}
}
