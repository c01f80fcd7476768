package briefing

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The method box's skill sentences from a backtest folder, against
// figures worked by hand from the tables below.
func TestSkill(t *testing.T) {
	dir := t.TempDir()
	scores := `horizon,forecaster,total_mape_pct,total_n,member_mape_pct,member_n,segment_mape_pct,segment_n,coverage80_pct,coverage_n
1,model,5,1,10.4,2,20,2,50,5
1,no_change,9,1,30,2,18,2,,0
1,own_growth,9,1,12,2,40,2,,0
1,total_growth,9,1,15,2,,0,,0
2,model,6,1,14,2,30,2,50,5
2,no_change,9,1,25,2,35,2,,0
4,model,1,1,1,1,1,1,,0
`
	// Origin 2020: 2 of 3 inside (one published outcome missing, not
	// counted); origin 2021: 1 of 1. In all 3 of 4: 75%, by origin 67% and 100%.
	forecasts := `origin,year,member,segment,forecast,p10,p50,p90,observed
2020,2021,,,100,90,100,110,105
2020,2021,AA,,50,45,50,55,60
2020,2022,,,110,95,110,125,100
2020,2022,AA,,55,50,55,60,
2021,2022,,,100,90,100,110,90
`
	os.WriteFile(filepath.Join(dir, "scores.csv"), []byte(scores), 0o644)
	os.WriteFile(filepath.Join(dir, "forecasts.csv"), []byte(forecasts), 0o644)
	got, err := skill(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Forecasting from every year it could, 1, 2 years ahead, the model missed the members' GMV by 10%, 14% on average (the best naive forecast: 12%, 25%) and the segments' by 20%, 30% (naive: 18%, 35%).",
		"Its 80% intervals held 75% of 4 published outcomes, but not evenly: by origin 2020 67%, 2021 100%. They are not calibrated; read the ranges as indicative.",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("skill:\n got %q\nwant %q", got, want)
	}
	if _, err := skill(filepath.Join(dir, "nope")); err == nil {
		t.Error("no error for a folder without scores.csv")
	}
}
