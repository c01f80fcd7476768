package export

import (
	"path/filepath"
	"testing"

	"github.com/digisim/digisim/output/iamc"
	"github.com/digisim/digisim/output/table"
)

// TestTidyIAMC: a run folder's series.csv becomes one IAMC series per
// scenario, region and variable (segment and pillar appended IAMC style),
// with the vocabulary's unit; a mid-year time is left out (IAMC years are
// whole), and values are those of the table.
func TestTidyIAMC(t *testing.T) {
	dir := t.TempDir()
	rows := []table.Row{
		{Scenario: "agreement", Time: 2018, Variable: "gmv", Value: 7.2e10},
		{Scenario: "agreement", Time: 2018.5, Variable: "gmv", Value: 7.5e10},
		{Scenario: "agreement", Time: 2019, Variable: "gmv", Value: 8.1e10},
		{Scenario: "agreement", Time: 2019, Member: "ID", Segment: "ecommerce", Variable: "gmv", Value: 1.2e10},
	}
	err := table.WriteTidyFile(filepath.Join(dir, "series.csv"), func(w *table.TidyWriter) error {
		for _, r := range rows {
			if err := w.Write(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	path, n, err := Run(Options{Dir: dir, Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("%d series, want 2 (region gmv, ID gmv|ecommerce)", n)
	}
	tb, err := iamc.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Years) != 2 || tb.Years[0] != 2018 || tb.Years[1] != 2019 {
		t.Errorf("years %v, want 2018, 2019", tb.Years)
	}
	for _, r := range tb.Rows {
		switch r.Region {
		case "ASEAN":
			if r.Variable != "gmv" || r.Unit != "USD/year" || r.Values[0] != 7.2e10 || r.Values[1] != 8.1e10 {
				t.Errorf("region row %+v", r)
			}
		case "ID":
			if r.Variable != "gmv|ecommerce" || r.Values[1] != 1.2e10 {
				t.Errorf("member row %+v", r)
			}
		default:
			t.Errorf("row %+v", r)
		}
	}
}
