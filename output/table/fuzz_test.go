package table

import (
	"bytes"
	"strings"
	"testing"
)

// The fuzz targets of the table readers: whatever the bytes, a
// reader returns rows or an error with a message; it never panics.
// scripts/fuzz.sh runs each for a few seconds in CI.

// FuzzReadTidy: a tidy series CSV (series.csv).
func FuzzReadTidy(f *testing.F) {
	f.Add([]byte(TidyHeader + "\nagreement,2018,,,,gmv,7.3853e+10\nagreement,2018.25,ID,ecommerce,,users,1e6\n"))
	f.Add([]byte(TidyHeader + "\nagreement,2018,ID,,ict,capacity,0.5\n"))
	f.Add([]byte("scenario,time\n"))
	f.Add([]byte(TidyHeader + "\nx,NaN,,,,gmv,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadTidy(bytes.NewReader(data), "series.csv")
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatal("error with an empty message")
			}
			return
		}
		for i, r := range rows {
			if r.Variable == "" {
				t.Fatalf("row %d has no variable: %+v", i, r)
			}
		}
	})
}

// FuzzReadRuns: a Parquet run table (runs.parquet).
func FuzzReadRuns(f *testing.F) {
	var b bytes.Buffer
	w, err := NewRunsWriter(&b, []string{"policy.spillover", "gmv_2030"})
	if err != nil {
		f.Fatal(err)
	}
	for r := range 5 {
		if err := w.Write(RunRow{Run: int64(r), DesignPoint: int64(r / 2), Replicate: int64(r % 2), Values: []float64{0.1 * float64(r), 1e9}}); err != nil {
			f.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add(b.Bytes()[:b.Len()/2])
	f.Add([]byte("PAR1PAR1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		runs, err := ReadRuns(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatal("error with an empty message")
			}
			return
		}
		for i, r := range runs.Rows {
			if len(r.Values) != len(runs.Columns) {
				t.Fatalf("row %d has %d values for %d columns", i, len(r.Values), len(runs.Columns))
			}
		}
	})
}

// TestReadRunsDamagedFooter: a footer length that does not fit in the file
// is an error before any allocation of that length (the 8 bytes PAR1PAR1
// declare an 827 MB footer; FuzzReadRuns's workers died of such inputs).
func TestReadRunsDamagedFooter(t *testing.T) {
	for name, data := range map[string]string{
		"magic twice": "PAR1PAR1",
		"4 GB footer": "PAR1\x00\x00\x00\x00\xff\xff\xff\xffPAR1",
		"no footer":   "PAR1\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
		"empty":       "",
	} {
		_, err := ReadRuns(strings.NewReader(data), int64(len(data)))
		if err == nil || !strings.Contains(err.Error(), "not a complete Parquet file") {
			t.Errorf("%s: err = %v, want a damaged-file error", name, err)
		}
	}
}
