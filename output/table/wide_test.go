package table

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWideWriter(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		rows   [][]Cell
		want   string
	}{
		{
			name:   "summary",
			header: []string{"scenario", "member", "gmv_2030", "runs"},
			rows: [][]Cell{
				{Text("base"), Text("KH"), Float(1.5e9), Int(100)},
				{Text("base"), Text(""), Float(0.1), Int(-3)},
			},
			want: "scenario,member,gmv_2030,runs\nbase,KH,1.5e+09,100\nbase,,0.1,-3\n",
		},
		{
			name:   "zero cell is empty text; NaN (not applicable) is empty; floats as tidy values",
			header: []string{"a", "b", "c"},
			rows:   [][]Cell{{{}, Float(math.NaN()), Float(2030)}},
			want:   "a,b,c\n,,2030\n",
		},
		{
			name:   "quoted header and text",
			header: []string{"x,y", "z"},
			rows:   [][]Cell{{Text(`say "hi"`), Text("a,b")}},
			want:   "\"x,y\",z\n\"say \"\"hi\"\"\",\"a,b\"\n",
		},
		{
			name:   "no rows",
			header: []string{"run"},
			want:   "run\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w, err := NewWideWriter(&buf, tt.header...)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range tt.rows {
				if err := w.Write(r...); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tt.want {
				t.Errorf("got\n%q\nwant\n%q", buf.String(), tt.want)
			}
		})
	}
}

func TestWideWriterErrors(t *testing.T) {
	headers := []struct {
		name   string
		header []string
		want   string
	}{
		{"no columns", nil, "table: wide table with no columns"},
		{"empty name", []string{"a", ""}, "table: wide table column 2 has an empty name"},
		{"duplicate", []string{"a", "b", "a"}, `table: wide table column "a" appears twice`},
	}
	for _, tt := range headers {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewWideWriter(&bytes.Buffer{}, tt.header...)
			if err == nil || err.Error() != tt.want {
				t.Errorf("NewWideWriter error = %v, want %q", err, tt.want)
			}
			path := filepath.Join(t.TempDir(), "x.csv")
			err = WriteWideFile(path, tt.header, func(*WideWriter) error { return nil })
			if err == nil || err.Error() != tt.want {
				t.Errorf("WriteWideFile error = %v, want %q", err, tt.want)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("file created for a bad header")
			}
		})
	}
	w, _ := NewWideWriter(&bytes.Buffer{}, "a", "b")
	if err := w.Write(Text("x")); err == nil || !strings.Contains(err.Error(), "row 1 has 1 cells, want 2") {
		t.Errorf("short row: error = %v", err)
	}
	w, _ = NewWideWriter(&failWriter{n: 3}, "abcdef")
	if err := w.Flush(); !errors.Is(err, errDiskFull) {
		t.Errorf("Flush = %v, want %v", err, errDiskFull)
	}
	if err := w.Write(Int(1)); !errors.Is(err, errDiskFull) {
		t.Errorf("Write after failed Flush = %v, want %v", err, errDiskFull)
	}
}

func TestWideFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "dividend.csv")
	err := WriteWideFile(path, []string{"member", "dividend_usd"}, func(w *WideWriter) error {
		return w.Write(Text("KH"), Float(12.5))
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if want := "member,dividend_usd\nKH,12.5\n"; string(got) != want {
		t.Errorf("file = %q, want %q", got, want)
	}
}

func TestCellString(t *testing.T) {
	tests := []struct {
		c    Cell
		want string
	}{
		{Text("a,b"), `"a,b"`},
		{Float(1e21), "1e+21"},
		{Float(0.30000000000000004), "0.30000000000000004"},
		{Int(-42), "-42"},
		{Cell{}, ""},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.c, got, tt.want)
		}
	}
}
