package export

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digisim/digisim/output/iamc"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/table"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-13*math.Abs(b) }

// writeSeries writes a series.csv of two years of regional GMV (and a
// mid-year time) and one member's e-commerce GMV; with params, a
// manifest.json with those resolved parameters.
func writeSeries(t *testing.T, member string, params any) string {
	t.Helper()
	dir := t.TempDir()
	rows := []table.Row{
		{Scenario: "agreement", Time: 2018, Variable: "gmv", Value: 7.2e10},
		{Scenario: "agreement", Time: 2018.5, Variable: "gmv", Value: 7.5e10},
		{Scenario: "agreement", Time: 2019, Variable: "gmv", Value: 8.1e10},
		{Scenario: "agreement", Time: 2019, Member: member, Segment: "ecommerce", Variable: "gmv", Value: 1.2e10},
		{Scenario: "agreement", Time: 2019, Member: member, Variable: "population", Value: 2.7e8},
		{Scenario: "agreement", Time: 2019, Member: member, Variable: "online_share", Value: 0.4},
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
	if params != nil {
		m, err := manifest.New("agreement", params, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := manifest.Write(filepath.Join(dir, "manifest.json"), m); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestTidyIAMC: a run folder's series.csv becomes one IAMC series per
// scenario, region and variable, named by the vocabulary's label with the
// segment's name appended ("Digital GMV|E-commerce"), members and segments
// named as the manifest's parameters name them; GMV in billions of
// constant 2022 dollars, population in millions, a share dimensionless; a
// mid-year time is left out (IAMC years are whole).
func TestTidyIAMC(t *testing.T) {
	params := map[string]any{
		"members":  map[string]any{"ID": map[string]any{"name": "Indonesia"}},
		"segments": map[string]any{"ecommerce": map[string]any{"name": "E-commerce"}},
	}
	dir := writeSeries(t, "ID", params)
	res, err := Run(Options{Dir: dir, Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Series != 4 {
		t.Errorf("%d series, want 4 (region GMV; member GMV, population, online share)", res.Series)
	}
	tb, err := iamc.ReadFile(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Years) != 2 || tb.Years[0] != 2018 || tb.Years[1] != 2019 {
		t.Errorf("years %v, want 2018, 2019", tb.Years)
	}
	want := map[string][2]float64{ // region|variable|unit: values of 2018, 2019 (NaN: none)
		"ASEAN|Digital GMV|billion USD_2022/yr":                {72 * constant2022[2018], 81 * constant2022[2019]},
		"Indonesia|Digital GMV|E-commerce|billion USD_2022/yr": {math.NaN(), 12 * constant2022[2019]},
		"Indonesia|Population|million":                         {math.NaN(), 270},
		"Indonesia|Share of population online|dimensionless":   {math.NaN(), 0.4},
	}
	for _, r := range tb.Rows {
		k := r.Region + "|" + r.Variable + "|" + r.Unit
		w, ok := want[k]
		if !ok {
			t.Errorf("unexpected row %s", k)
			continue
		}
		for c := range 2 {
			if math.IsNaN(w[c]) != math.IsNaN(r.Values[c]) || !math.IsNaN(w[c]) && !near(r.Values[c], w[c]) {
				t.Errorf("%s %d: %v, want %v", k, tb.Years[c], r.Values[c], w[c])
			}
		}
		delete(want, k)
	}
	if len(want) > 0 {
		t.Errorf("missing rows %v", want)
	}
	meta := readCSV(t, res.MetaPath)
	if len(meta) != 2 || strings.Join(meta[1], ",") != "m,agreement" {
		t.Errorf("meta %q, want one row m,agreement", meta)
	}
}

// TestRegionName: the aggregate is called by --region when given, else by
// the scenario's own region name, else ASEAN for ASEAN members only;
// members of elsewhere without a name for their region are refused with a
// message that names --region.
func TestRegionName(t *testing.T) {
	own := map[string]any{"members": map[string]any{"XA": map[string]any{"name": "Xanadu"}}, "region": map[string]any{"name": "Elsewhere"}}
	for _, tc := range []struct {
		member string
		params any
		region string
		want   string // the aggregate's name, or part of the error
	}{
		{"ID", nil, "", "ASEAN"},
		{"ID", nil, "South-East Asia", "South-East Asia"},
		{"XA", own, "", "Elsewhere"},
		{"XA", nil, "", "XA are not ASEAN member states: give the aggregate's name with --region NAME"},
		{"XA", nil, "Xanadu union", "Xanadu union"},
	} {
		res, err := Run(Options{Dir: writeSeries(t, tc.member, tc.params), Model: "m", Region: tc.region})
		if err != nil {
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%+v: error %v, want %q", tc, err, tc.want)
			}
			continue
		}
		tb, err := iamc.ReadFile(res.Path)
		if err != nil {
			t.Fatal(err)
		}
		if tb.Rows[0].Region != tc.want {
			t.Errorf("%+v: aggregate %q, want %q", tc, tb.Rows[0].Region, tc.want)
		}
	}
}
