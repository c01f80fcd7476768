package iamc

import (
	"bytes"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

func sample(t *testing.T) *Table {
	t.Helper()
	// Computed at run time: Go constants would fold 0.1+0.2 to 0.3 and -0.0 to 0.
	a, b := 0.1, 0.2
	negZero := math.Copysign(0, -1)
	recs := []Record{
		{Key{"digisim 0.9", "binding/run 0", "ASEAN", "GMV", "US$bn/yr"}, 2030, 512.25},
		{Key{"digisim 0.9", "binding/run 0", "ASEAN", "GMV", "US$bn/yr"}, 2025, 301.5},
		{Key{"digisim 0.9", "binding/run 0", "Viet Nam", "GMV|Cross-border", "US$bn/yr"}, 2025, a + b}, // not a short decimal
		{Key{"digisim 0.9", `lag "high", spillover low`, "ASEAN", "Gini", "index"}, 2035, 1e-300},
		{Key{"digisim 0.9", `lag "high", spillover low`, "ASEAN", "Gini", "index"}, 2030, negZero},
	}
	tb, err := FromRecords(recs)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// TestWriteLayout checks the file byte for byte against the layout pyam
// writes (IamDataFrame.to_csv: title-case index columns, then years as
// columns in increasing order, one row per series, an empty cell where a
// series has no value for a year).
func TestWriteLayout(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sample(t)); err != nil {
		t.Fatal(err)
	}
	want := `Model,Scenario,Region,Variable,Unit,2025,2030,2035
digisim 0.9,binding/run 0,ASEAN,GMV,US$bn/yr,301.5,512.25,
digisim 0.9,binding/run 0,Viet Nam,GMV|Cross-border,US$bn/yr,0.30000000000000004,,
digisim 0.9,"lag ""high"", spillover low",ASEAN,Gini,index,,-0,1e-300
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestRoundTrip writes a table to a file, reads it back and checks every
// key and every value bit for bit (NaN where empty), and the long form.
func TestRoundTrip(t *testing.T) {
	tb := sample(t)
	path := filepath.Join(t.TempDir(), "out", "iamc.csv")
	if err := WriteFile(path, tb); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Years) != 3 || got.Years[0] != 2025 || got.Years[2] != 2035 || len(got.Rows) != len(tb.Rows) {
		t.Fatalf("read %d years %v, %d rows; wrote %v, %d", len(got.Years), got.Years, len(got.Rows), tb.Years, len(tb.Rows))
	}
	for i, r := range tb.Rows {
		g := got.Rows[i]
		if g.Key != r.Key {
			t.Errorf("row %d: key %v, wrote %v", i, g.Key, r.Key)
		}
		for c, v := range r.Values {
			if math.Float64bits(g.Values[c]) != math.Float64bits(v) && !(math.IsNaN(v) && math.IsNaN(g.Values[c])) {
				t.Errorf("row %d year %d: %v, wrote %v", i, tb.Years[c], g.Values[c], v)
			}
		}
	}
	if a, b := tb.Records(), got.Records(); len(a) != 5 || len(b) != 5 {
		t.Errorf("records: wrote %d, read %d, want 5", len(a), len(b))
	}
}

// TestReadPyamVariants reads what other tools write: lower-case columns in
// another order, a byte-order mark, spaces around numbers.
func TestReadPyamVariants(t *testing.T) {
	in := "\ufeffmodel,scenario,variable,region,unit,2020,2025\r\nm,s,v,r,u, 1.5 ,\r\n"
	tb, err := Read(strings.NewReader(in), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Rows) != 1 || tb.Rows[0].Key != (Key{"m", "s", "r", "v", "u"}) || tb.Rows[0].Values[0] != 1.5 || !math.IsNaN(tb.Rows[0].Values[1]) {
		t.Errorf("read %+v", tb)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func() error
		want string
	}{
		{"no header", func() error { _, err := Read(strings.NewReader(""), "a.csv"); return err }, "a.csv:1: empty file"},
		{"missing column", func() error {
			_, err := Read(strings.NewReader("Model,Scenario,Region,Variable,2020\n"), "a.csv")
			return err
		}, "a.csv:1: no Unit column"},
		{"bad year", func() error {
			_, err := Read(strings.NewReader("Model,Scenario,Region,Variable,Unit,year2020\n"), "a.csv")
			return err
		}, "a.csv:1: year2020: not a year"},
		{"years order", func() error {
			_, err := Read(strings.NewReader("Model,Scenario,Region,Variable,Unit,2030,2020\n"), "a.csv")
			return err
		}, "2020: year after 2030"},
		{"bad value", func() error {
			_, err := Read(strings.NewReader("Model,Scenario,Region,Variable,Unit,2020\nm,s,r,v,u,abc\n"), "a.csv")
			return err
		}, `a.csv:2: 2020: "abc" is not a finite number`},
		{"repeat", func() error {
			_, err := Read(strings.NewReader("Model,Scenario,Region,Variable,Unit,2020\nm,s,r,v,u,1\nm,s,r,v,u,2\n"), "a.csv")
			return err
		}, "a.csv:3: repeats the series of line 2"},
		{"duplicate record", func() error {
			k := Key{"m", "s", "r", "v", "u"}
			_, err := FromRecords([]Record{{k, 2020, 1}, {k, 2020, 2}})
			return err
		}, "record 1 repeats m/s/r/v/u in 2020"},
		{"nan record", func() error {
			_, err := FromRecords([]Record{{Key{"m", "s", "r", "v", "u"}, 2020, math.NaN()}})
			return err
		}, "value is NaN"},
		{"empty key", func() error {
			return Write(&bytes.Buffer{}, &Table{Years: []int{2020}, Rows: []Row{{Key: Key{"m", "", "r", "v", "u"}, Values: []float64{1}}}})
		}, "row 0 (m//r/v/u): scenario is empty"},
		{"ragged", func() error {
			return Write(&bytes.Buffer{}, &Table{Years: []int{2020, 2025}, Rows: []Row{{Key: Key{"m", "s", "r", "v", "u"}, Values: []float64{1}}}})
		}, "has 1 values for 2 years"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	var pe *ParseError
	_, err := Read(strings.NewReader("Model\n"), "a.csv")
	if !errors.As(err, &pe) || pe.Line != 1 {
		t.Errorf("error %v is not a ParseError at line 1", err)
	}
}
