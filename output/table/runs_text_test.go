package table

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunsTextColumn: a text column (a scenario lever's names) is written
// as a Parquet string column from runs.csv, read back as Text with NaN in
// Values, and Codes turns it into the lever's indices; a name that is not
// an option is an error, and a numeric column is left alone.
func TestRunsTextColumn(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "runs.csv")
	data := "run,design_point,replicate,scenario,policy.spillover,gmv_2030\n" +
		"0,0,0,agreement,0.1,5e9\n1,1,0,binding,0.1,6e9\n2,2,0,\"agreement\",0.3,7e9\n"
	if err := os.WriteFile(csvPath, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	pq := filepath.Join(dir, "runs.parquet")
	header := strings.Split(strings.SplitN(data, "\n", 2)[0], ",")
	if err := RunsCSVToParquetText(csvPath, pq, header, map[string]bool{"scenario": true}); err != nil {
		t.Fatal(err)
	}
	runs, err := ReadRunsFile(pq)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs.Text) != 3 || !runs.Text[0] || runs.Text[1] {
		t.Fatalf("text columns %v: want only scenario", runs.Text)
	}
	wantText := []string{"agreement", "binding", "agreement"}
	for i, r := range runs.Rows {
		if r.Text[0] != wantText[i] || !math.IsNaN(r.Values[0]) || r.Values[2] != float64(5+i)*1e9 {
			t.Errorf("row %d = %+v: want scenario %q (NaN value) and gmv %v", i, r, wantText[i], float64(5+i)*1e9)
		}
	}
	if err := runs.Codes("scenario", []string{"asean-2018", "agreement", "binding"}); err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{1, 2, 1} {
		if runs.Rows[i].Values[0] != want {
			t.Errorf("row %d scenario code %v, want %v", i, runs.Rows[i].Values[0], want)
		}
	}
	if err := runs.Codes("scenario", []string{"agreement"}); err == nil || !strings.Contains(err.Error(), `run 1: scenario "binding" is not one of agreement`) {
		t.Errorf("unknown name: %v", err)
	}
	if err := runs.Codes("policy.spillover", []string{"x"}); err != nil || runs.Rows[0].Values[1] != 0.1 {
		t.Errorf("numeric column: %v, value %v", err, runs.Rows[0].Values[1])
	}
	if err := runs.Codes("nope", nil); err == nil {
		t.Error("Codes of a missing column: no error")
	}
}
