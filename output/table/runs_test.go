package table

import (
	"bytes"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runsFixture returns n rows with float columns cols, with values that
// exercise the float64 encoding: negatives, tiny and huge magnitudes,
// signed zero, infinities and NaN.
func runsFixture(n int, cols []string) []RunRow {
	special := []float64{0, math.Copysign(0, -1), 1e-300, -1.5e300, math.Inf(1), math.Inf(-1), math.NaN(), 0.1}
	rows := make([]RunRow, n)
	for i := range rows {
		vals := make([]float64, len(cols))
		for j := range vals {
			if (i+j)%17 == 0 {
				vals[j] = special[(i+j)%len(special)]
			} else {
				vals[j] = float64(i)*0.37 - float64(j)*1.1e6 + 1/float64(i+j+1)
			}
		}
		rows[i] = RunRow{Run: int64(i), DesignPoint: int64(i / 3), Replicate: int64(i % 3), Values: vals}
	}
	return rows
}

func writeRuns(t testing.TB, cols []string, rows []RunRow) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewRunsWriter(&buf, cols)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sameFloat is bit equality, so NaN matches NaN and -0 does not match 0:
// Parquet stores the IEEE bits, and a round trip must not change them.
func sameFloat(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

func TestRunsRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		cols []string
		n    int
	}{
		{"no rows", []string{"policy.business_engagement", "gmv_2030"}, 0},
		{"no float columns", nil, 5},
		{"one row", []string{"gmv_2030"}, 1},
		// Names out of alphabetical order: the file must keep this order.
		{"several batches", []string{"z_last", "policy.business_engagement", "gmv_2030", "a_first"}, 3*runsBatch + 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := runsFixture(tt.n, tt.cols)
			data := writeRuns(t, tt.cols, rows)
			got, err := ReadRuns(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got.Columns, ",") != strings.Join(tt.cols, ",") {
				t.Fatalf("columns = %q, want %q", got.Columns, tt.cols)
			}
			if len(got.Rows) != len(rows) {
				t.Fatalf("%d rows, want %d", len(got.Rows), len(rows))
			}
			for i, r := range rows {
				g := got.Rows[i]
				if g.Run != r.Run || g.DesignPoint != r.DesignPoint || g.Replicate != r.Replicate {
					t.Fatalf("row %d indices = %d,%d,%d, want %d,%d,%d", i, g.Run, g.DesignPoint, g.Replicate, r.Run, r.DesignPoint, r.Replicate)
				}
				for j := range r.Values {
					if !sameFloat(g.Values[j], r.Values[j]) {
						t.Fatalf("row %d %s = %v, want %v", i, tt.cols[j], g.Values[j], r.Values[j])
					}
				}
			}
		})
	}
}

func TestRunsManyRowGroups(t *testing.T) {
	defer func(b, r int) { runsGroupBytes, runsMinGroupRows = b, r }(runsGroupBytes, runsMinGroupRows)
	runsGroupBytes, runsMinGroupRows = 8*5*100, 1 // 100 rows of 5 columns
	cols := []string{"b", "a"}
	rows := runsFixture(250, cols)
	data := writeRuns(t, cols, rows)
	rr, err := OpenRuns(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rr.groups); n != 3 {
		t.Errorf("%d row groups, want 3 (250 rows of at most 100)", n)
	}
	got, err := ReadRuns(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		if got.Rows[i].Run != rows[i].Run || !sameFloat(got.Rows[i].Values[1], rows[i].Values[1]) {
			t.Fatalf("row %d differs", i)
		}
	}
}

func TestRunsGroupRows(t *testing.T) {
	tests := []struct {
		ncol int
		want int64
	}{
		{3, 32 << 20 / 24},
		{23, 32 << 20 / (8 * 23)},
		{10000, 1024}, // the floor
	}
	for _, tt := range tests {
		if got := runsGroupRows(tt.ncol); got != tt.want {
			t.Errorf("runsGroupRows(%d) = %d, want %d", tt.ncol, got, tt.want)
		}
	}
}

func TestRunsDeterministic(t *testing.T) {
	cols := []string{"policy.business_engagement", "gmv_2030", "gini_2030"}
	rows := runsFixture(1000, cols)
	a := writeRuns(t, cols, rows)
	b := writeRuns(t, cols, rows)
	if !bytes.Equal(a, b) {
		t.Fatal("two writes of the same rows differ")
	}
	// Through the file path too, which adds the atomic rename.
	dir := t.TempDir()
	for _, name := range []string{"a.parquet", "b.parquet"} {
		err := WriteRunsFile(filepath.Join(dir, name), cols, func(w *RunsWriter) error {
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
	}
	fa, _ := os.ReadFile(filepath.Join(dir, "a.parquet"))
	fb, _ := os.ReadFile(filepath.Join(dir, "b.parquet"))
	if !bytes.Equal(fa, fb) || !bytes.Equal(fa, a) {
		t.Fatal("files of the same rows differ")
	}
	if bytes.Contains(a, []byte("parquet-go")) {
		t.Error("file names the library version; created_by must be fixed")
	}
}

func TestRunsTruncated(t *testing.T) {
	cols := []string{"gmv_2030"}
	data := writeRuns(t, cols, runsFixture(100, cols))
	for _, n := range []int{0, 3, 4, len(data) / 2, len(data) - 9, len(data) - 1} {
		if _, err := ReadRuns(bytes.NewReader(data[:n]), int64(n)); err == nil {
			t.Errorf("ReadRuns of the first %d of %d bytes: no error", n, len(data))
		}
	}
	path := filepath.Join(t.TempDir(), "runs.parquet")
	if err := os.WriteFile(path, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadRunsFile(path)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != path {
		t.Errorf("ReadRunsFile of a truncated file = %v, want an *fs.PathError naming %s", err, path)
	}
}

func TestRunsWriterErrors(t *testing.T) {
	tests := []struct {
		name string
		cols []string
		want string
	}{
		{"empty name", []string{"a", ""}, "column 5 has an empty name"},
		{"duplicate", []string{"a", "a"}, `"a" appears twice`},
		{"clashes with index", []string{"replicate"}, `"replicate" appears twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewRunsWriter(&bytes.Buffer{}, tt.cols)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	w, err := NewRunsWriter(&bytes.Buffer{}, []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(RunRow{Run: 7, Values: []float64{1}}); err == nil || !strings.Contains(err.Error(), "run 7 has 1 values, want 2") {
		t.Errorf("short row: error = %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(RunRow{Values: []float64{1, 2}}); err == nil {
		t.Error("Write after Close: no error")
	}
}

func TestRunsFileNotLeftOnError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "runs.parquet")
	errStop := errors.New("interrupted")
	err := WriteRunsFile(path, []string{"a"}, func(w *RunsWriter) error {
		w.Write(RunRow{Values: []float64{1}})
		return errStop
	})
	if !errors.Is(err, errStop) {
		t.Fatalf("error = %v, want %v", err, errStop)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("files left: %v", ents)
	}
}

func BenchmarkRunsWriter(b *testing.B) {
	// 10k runs of 20 float columns: a mid-size experiment.
	cols := make([]string, 20)
	for i := range cols {
		cols[i] = "policy.param_" + string(rune('a'+i))
	}
	rows := runsFixture(10000, cols)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		w, err := NewRunsWriter(&buf, cols)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rows {
			if err := w.Write(r); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(rows) * (3 + len(cols)) * 8))
	b.ReportMetric(float64(buf.Len()), "file-bytes")
}
