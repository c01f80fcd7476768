package table

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunsCSVToParquet: runs.parquet holds exactly the rows of runs.csv,
// and a damaged row is refused with its line.
func TestRunsCSVToParquet(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "runs.csv")
	header := []string{RunColumn, DesignPointColumn, ReplicateColumn, "policy.spillover", "gmv_2030"}
	body := strings.Join(header, ",") + "\n0,0,0,0.1,5e9\n1,0,1,0.1,5.5e9\n2,1,0,0.25,-1.5\n"
	if err := os.WriteFile(csv, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	pq := filepath.Join(dir, "runs.parquet")
	if err := RunsCSVToParquet(csv, pq, header); err != nil {
		t.Fatal(err)
	}
	got, err := ReadRunsFile(pq)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.Columns, ",") != "policy.spillover,gmv_2030" || len(got.Rows) != 3 {
		t.Fatalf("columns %v, %d rows", got.Columns, len(got.Rows))
	}
	want := []RunRow{{0, 0, 0, []float64{0.1, 5e9}, nil}, {1, 0, 1, []float64{0.1, 5.5e9}, nil}, {2, 1, 0, []float64{0.25, -1.5}, nil}}
	for r, w := range want {
		g := got.Rows[r]
		if g.Run != w.Run || g.DesignPoint != w.DesignPoint || g.Replicate != w.Replicate || g.Values[0] != w.Values[0] || g.Values[1] != w.Values[1] {
			t.Errorf("row %d = %+v, want %+v", r, g, w)
		}
	}

	if err := os.WriteFile(csv, []byte(body+"3,1,1,0.25\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = RunsCSVToParquet(csv, filepath.Join(dir, "bad.parquet"), header)
	if err == nil || !strings.Contains(err.Error(), "runs.csv:5: 4 columns, want 5") {
		t.Errorf("err = %v, want the damaged line named", err)
	}
	if _, statErr := os.Stat(filepath.Join(dir, "bad.parquet")); !os.IsNotExist(statErr) {
		t.Errorf("a failed conversion left bad.parquet (%v)", statErr)
	}
}
