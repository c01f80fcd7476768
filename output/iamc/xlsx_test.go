package iamc

import (
	"bytes"
	"math"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

func sampleMeta() *Meta {
	a, b := 0.1, 0.2 // at run time: a constant 0.1+0.2 would fold to 0.3
	return &Meta{Columns: []string{"run", "scenario_lever", "policy.spillover"}, Rows: []MetaRow{
		{"digisim 0.9", "binding/run 0", []any{int64(0), "binding", a + b}},
		{"digisim 0.9", `lag "high", spillover low`, []any{int64(1), "agreement", 1e-300}},
	}}
}

// TestXLSX writes a workbook and reads it back with excelize: sheets data
// and meta (the names pyam reads), the header of Write, every value bit for
// bit (an empty cell where a series has none), and the same bytes when
// written twice.
func TestXLSX(t *testing.T) {
	tb, m := sample(t), sampleMeta()
	var b bytes.Buffer
	if err := WriteXLSX(&b, tb, m); err != nil {
		t.Fatal(err)
	}
	// excelize's order of streamed sheets varies from write to write (a map),
	// so one repeat would catch a regression only some of the time.
	for i := 0; i < 30; i++ {
		var again bytes.Buffer
		if err := WriteXLSX(&again, tb, m); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), again.Bytes()) {
			t.Fatalf("write %d of the same workbook differs from the first", i+2)
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != DataSheet || got[1] != MetaSheet {
		t.Fatalf("sheets %v, want [data meta]", got)
	}
	raw := excelize.Options{RawCellValue: true}
	rows, err := f.GetRows(DataSheet, raw)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Model", "Scenario", "Region", "Variable", "Unit", "2025", "2030", "2035"}
	if len(rows) != len(tb.Rows)+1 || !equal(rows[0], want) {
		t.Fatalf("data sheet: %d rows, header %q; want %d rows, header %q", len(rows), rows[0], len(tb.Rows)+1, want)
	}
	for i, r := range tb.Rows {
		got := rows[i+1]
		if !equal(got[:5], []string{r.Model, r.Scenario, r.Region, r.Variable, r.Unit}) {
			t.Errorf("row %d key %q, wrote %v", i, got[:5], r.Key)
		}
		for c, v := range r.Values {
			cell := ""
			if 5+c < len(got) {
				cell = got[5+c]
			}
			if math.IsNaN(v) {
				if cell != "" {
					t.Errorf("row %d year %d: %q, want an empty cell", i, tb.Years[c], cell)
				}
				continue
			}
			g, err := strconv.ParseFloat(cell, 64)
			if err != nil || math.Float64bits(g) != math.Float64bits(v) {
				t.Errorf("row %d year %d: %q, wrote %v", i, tb.Years[c], cell, v)
			}
		}
	}
	mrows, err := f.GetRows(MetaSheet, raw)
	if err != nil {
		t.Fatal(err)
	}
	wantMeta := [][]string{
		{"model", "scenario", "run", "scenario_lever", "policy.spillover"},
		{"digisim 0.9", "binding/run 0", "0", "binding", "0.30000000000000004"},
		{"digisim 0.9", `lag "high", spillover low`, "1", "agreement", "1e-300"},
	}
	if len(mrows) != len(wantMeta) {
		t.Fatalf("meta sheet %q, want %q", mrows, wantMeta)
	}
	// Text must match; numbers must read back to the same float64
	// (excelize stores 1e-300 in positional notation).
	for i := range wantMeta {
		for k := range wantMeta[i] {
			if k >= len(mrows[i]) || !sameCell(mrows[i][k], wantMeta[i][k]) {
				t.Errorf("meta row %d: %q, want %q", i, mrows[i], wantMeta[i])
				break
			}
		}
	}
}

func TestMetaCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMeta(&b, sampleMeta()); err != nil {
		t.Fatal(err)
	}
	want := `model,scenario,run,scenario_lever,policy.spillover
digisim 0.9,binding/run 0,0,binding,0.30000000000000004
digisim 0.9,"lag ""high"", spillover low",1,agreement,1e-300
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	bad := &Meta{Columns: []string{"x"}, Rows: []MetaRow{{"m", "s", []any{math.NaN()}}}}
	if err := WriteMeta(&b, bad); err == nil {
		t.Error("a NaN meta value was written")
	}
	if err := WriteMeta(&b, &Meta{Columns: []string{"x"}, Rows: []MetaRow{{"m", "s", []any{1}}}}); err == nil {
		t.Error("an int (not int64) meta value was written")
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sameCell(a, b string) bool {
	if a == b {
		return true
	}
	x, errX := strconv.ParseFloat(a, 64)
	y, errY := strconv.ParseFloat(b, 64)
	return errX == nil && errY == nil && math.Float64bits(x) == math.Float64bits(y)
}
