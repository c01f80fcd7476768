package table

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeTidy(t testing.TB, rows []Row) string {
	t.Helper()
	var buf bytes.Buffer
	w := NewTidyWriter(&buf)
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestTidyWriterFormat(t *testing.T) {
	tests := []struct {
		name string
		row  Row
		want string // the line, without newline
	}{
		{"member segment", Row{"base", 2030, "KH", "b2c", "", "gmv", 1.2345678901234567e9}, "base,2030,KH,b2c,,gmv,1.2345678901234567e+09"},
		{"region total", Row{"base", 2024, "", "", "", "gini_gmv_per_head", 0.1}, "base,2024,,,,gini_gmv_per_head,0.1"},
		{"pillar", Row{"base", 2025.25, "VN", "", "payments", "capacity", 0.4}, "base,2025.25,VN,,payments,capacity,0.4"},
		{"fractional time keeps every digit", Row{"s", 2024 + 1.0/12, "", "", "", "v", 1}, "s,2024.0833333333333,,,,v,1"},
		{"large time has no exponent", Row{"s", 1e21, "", "", "", "v", 1}, "s,1000000000000000000000,,,,v,1"},
		{"small value uses exponent", Row{"s", 0, "", "", "", "v", 1e-7}, "s,0,,,,v,1e-07"},
		{"negative zero", Row{"s", 0, "", "", "", "v", math.Copysign(0, -1)}, "s,0,,,,v,-0"},
		{"non-finite values", Row{"s", 0, "", "", "", "v", math.NaN()}, "s,0,,,,v,NaN"},
		{"infinite value", Row{"s", 0, "", "", "", "v", math.Inf(-1)}, "s,0,,,,v,-Inf"},
		{"quoted text", Row{`a,"b"`, 1, " lead", "x\ny", "", "v", 2}, "\"a,\"\"b\"\"\",1,\" lead\",\"x\ny\",,v,2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := writeTidy(t, []Row{tt.row})
			want := TidyHeader + "\n" + tt.want + "\n"
			if got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestTidyWriterRefuses(t *testing.T) {
	tests := []struct {
		name string
		row  Row
		want string
	}{
		{"empty variable", Row{Time: 2030, Value: 1}, "table: tidy row 2: empty variable"},
		{"NaN time", Row{Time: math.NaN(), Variable: "gmv"}, "table: tidy row 2 (gmv): time is NaN"},
		{"infinite time", Row{Time: math.Inf(1), Variable: "gmv"}, "table: tidy row 2 (gmv): time is +Inf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewTidyWriter(&buf)
			if err := w.Write(Row{Time: 2024, Variable: "ok"}); err != nil {
				t.Fatal(err)
			}
			err := w.Write(tt.row)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			// The refused row is not written, and the writer goes on.
			if err := w.Write(Row{Time: 2025, Variable: "ok"}); err != nil {
				t.Fatal(err)
			}
			w.Flush()
			if want := TidyHeader + "\n,2024,,,,ok,0\n,2025,,,,ok,0\n"; buf.String() != want {
				t.Errorf("table = %q, want %q", buf.String(), want)
			}
		})
	}
}

// failWriter fails every write after the first n bytes.
type failWriter struct{ n int }

var errDiskFull = errors.New("disk full")

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		n := f.n
		f.n = 0
		return n, errDiskFull
	}
	f.n -= len(p)
	return len(p), nil
}

func TestTidyWriterStickyError(t *testing.T) {
	w := NewTidyWriter(&failWriter{n: 100})
	var err error
	for i := 0; err == nil && i < 1e5; i++ {
		err = w.Write(Row{Time: float64(i), Variable: "gmv", Value: float64(i)})
	}
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("Write error = %v, want %v", err, errDiskFull)
	}
	if err := w.Write(Row{Variable: "gmv"}); !errors.Is(err, errDiskFull) {
		t.Errorf("Write after error = %v, want %v", err, errDiskFull)
	}
	if err := w.Flush(); !errors.Is(err, errDiskFull) {
		t.Errorf("Flush after error = %v, want %v", err, errDiskFull)
	}
	// A short table fails only at Flush.
	w = NewTidyWriter(&failWriter{n: 10})
	if err := w.Write(Row{Variable: "gmv"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); !errors.Is(err, errDiskFull) {
		t.Errorf("Flush = %v, want %v", err, errDiskFull)
	}
}

// tidyFixture is a table with every kind of row.
func tidyFixture(n int) []Row {
	members := []string{"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"}
	rows := make([]Row, n)
	for i := range rows {
		r := Row{Scenario: "asean_base", Time: 2024 + float64(i/200)/4, Variable: "gmv", Value: float64(i) * 1234.5678e3 / 7}
		switch i % 4 {
		case 0:
			r.Member, r.Segment = members[i%10], "b2c"
		case 1:
			r.Member, r.Pillar, r.Variable = members[i%10], "logistics", "capacity"
		case 2:
			r.Member, r.Variable = members[i%10], "online_share"
		case 3:
			r.Variable = "gini_gmv_per_head"
		}
		rows[i] = r
	}
	return rows
}

func TestTidyRoundTrip(t *testing.T) {
	rows := append(tidyFixture(1000),
		Row{`odd, "name"`, 2030.5, "x\ny", " s", "p", "v", math.NaN()},
		Row{"s", -1.5, "", "", "", "v", math.Inf(1)},
		Row{"s", 0, "", "", "", "v", math.Copysign(0, -1)},
		Row{"s", 1e-300, "", "", "", "v", math.SmallestNonzeroFloat64},
		Row{"", 2024, "", "", "", "v", math.MaxFloat64},
	)
	text := writeTidy(t, rows)
	got, err := ReadTidy(strings.NewReader(text), "series.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) {
		t.Fatalf("%d rows, want %d", len(got), len(rows))
	}
	for i, r := range rows {
		g := got[i]
		if !sameFloat(g.Time, r.Time) || !sameFloat(g.Value, r.Value) ||
			g.Scenario != r.Scenario || g.Member != r.Member || g.Segment != r.Segment || g.Pillar != r.Pillar || g.Variable != r.Variable {
			t.Fatalf("row %d = %+v, want %+v", i, g, r)
		}
	}
	// Byte-identical when written again, from the rows read back.
	if again := writeTidy(t, got); again != text {
		t.Error("rewriting the rows read back changed the bytes")
	}
}

func TestTidyReaderErrors(t *testing.T) {
	const h = TidyHeader + "\n"
	tests := []struct {
		name string
		text string
		want string
	}{
		{"empty file", "", "series.csv:1: empty file, want the header " + TidyHeader},
		{"wrong header", "scenario,time,member,segment,variable,value\n", `series.csv:1: header is "scenario,time,member,segment,variable,value", want "` + TidyHeader + `"`},
		{"too few fields", h + "s,2030,,,,gmv,1\ns,2030,,,gmv,1\n", "series.csv:3: 6 fields, want 7 (" + TidyHeader + ")"},
		{"too many fields", h + "s,2030,,,,gmv,1,2\n", "series.csv:2: 8 fields, want 7 (" + TidyHeader + ")"},
		{"bad time", h + "s,20x0,,,,gmv,1\n", `series.csv:2:3: time: "20x0" is not a number`},
		{"empty time", h + "s,,,,,gmv,1\n", `series.csv:2:3: time: empty, want a number`},
		{"infinite time", h + "s,+Inf,,,,gmv,1\n", `series.csv:2:3: time: "+Inf" is not a finite time`},
		{"empty variable", h + "s,2030,KH,,,,1\n", `series.csv:2:13: variable: empty, want a variable name`},
		{"bad value", h + "s,2030,KH,b2c,,gmv,1.2.3\n", `series.csv:2:20: value: "1.2.3" is not a number`},
		{"value out of range", h + "s,2030,,,,gmv,1e400\n", `series.csv:2:15: value: "1e400" is outside the float64 range`},
		{"empty value", h + "s,2030,,,,gmv,\n", `series.csv:2:15: value: empty, want a number`},
		{"bare quote", h + "s,2030,K\"H,,,gmv,1\n", `series.csv:2:9: bare " in non-quoted-field`},
		{"unterminated quote", h + "s,2030,\"KH,,,gmv,1\n", `series.csv:2:`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadTidy(strings.NewReader(tt.text), "series.csv")
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error = %v, want a *ParseError", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q, want %q", err, tt.want)
			}
		})
	}
}

func TestTidyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out", "series.csv")
	rows := tidyFixture(50)
	write := func(rows []Row) error {
		return WriteTidyFile(path, func(w *TidyWriter) error {
			for _, r := range rows {
				if err := w.Write(r); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := write(rows); err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(path)
	// A failing second write leaves the first file as it was.
	if err := write([]Row{{Variable: ""}}); err == nil {
		t.Fatal("writing a bad row: no error")
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, first) {
		t.Fatal("failed write changed the file")
	}
	got, err := ReadTidyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) {
		t.Fatalf("%d rows, want %d", len(got), len(rows))
	}
	if _, err := ReadTidyFile(filepath.Join(dir, "missing.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: error = %v", err)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte(TidyHeader+"\ns,1,,,,v,x\n"), 0o644)
	if _, err := ReadTidyFile(bad); err == nil || !strings.HasPrefix(err.Error(), bad+":2:10: value:") {
		t.Errorf("bad file: error = %v", err)
	}
}

func ExampleTidyWriter() {
	w := NewTidyWriter(os.Stdout)
	w.Write(Row{Scenario: "asean_base", Time: 2030, Member: "KH", Segment: "b2c", Variable: "gmv", Value: 1.25e9})
	w.Write(Row{Scenario: "asean_base", Time: 2030, Variable: "gini_gmv_per_head", Value: 0.3125})
	if err := w.Flush(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// scenario,time,member,segment,pillar,variable,value
	// asean_base,2030,KH,b2c,,gmv,1.25e+09
	// asean_base,2030,,,,gini_gmv_per_head,0.3125
}

func BenchmarkTidyWriter(b *testing.B) {
	rows := tidyFixture(100000)
	var n int64
	b.ReportAllocs()
	for b.Loop() {
		w := NewTidyWriter(io.Discard)
		for _, r := range rows {
			if err := w.Write(r); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		n = w.Rows()
	}
	b.ReportMetric(float64(n), "rows/op")
}

func BenchmarkTidyReader(b *testing.B) {
	text := writeTidy(b, tidyFixture(100000))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadTidy(strings.NewReader(text), "series.csv"); err != nil {
			b.Fatal(err)
		}
	}
}
