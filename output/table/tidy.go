package table

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/digisim/digisim/internal/atomicfile"
)

// TidyHeader is the first line of a tidy series table.
const TidyHeader = "scenario,time,member,segment,pillar,variable,value"

// tidyFields are the names in TidyHeader, in order.
var tidyFields = strings.Split(TidyHeader, ",")

// Row is one line of a tidy series table: the value of one variable at one
// time for one member, segment and pillar of one scenario.
type Row struct {
	Scenario string
	Time     float64 // years, e.g. 2030 or 2030.25
	Member   string  // "" for a region-level value
	Segment  string  // "" when the variable has no segment, or for the total
	Pillar   string  // "" when the variable has no pillar
	Variable string  // never empty
	Value    float64
}

// TidyWriter writes a tidy series table. It buffers; call Flush at the
// end and check its error. The header is written by NewTidyWriter, so a
// table with no rows is still a valid table.
type TidyWriter struct {
	lines
	buf []byte
}

// NewTidyWriter returns a writer that writes TidyHeader and then rows to w.
func NewTidyWriter(w io.Writer) *TidyWriter {
	tw := &TidyWriter{lines: lines{w: bufio.NewWriterSize(w, bufSize)}, buf: make([]byte, 0, 256)}
	tw.w.WriteString(TidyHeader + "\n") // an error here surfaces at the next Write or Flush
	return tw
}

// Write writes one row. A row with an empty Variable or a non-finite Time
// is refused (the reader would reject it); the table is unchanged and
// later rows can still be written. A write error is returned by this and
// every later call.
func (w *TidyWriter) Write(r Row) error {
	if w.err != nil {
		return w.err
	}
	if r.Variable == "" {
		return fmt.Errorf("table: tidy row %d: empty variable", w.n+1)
	}
	if !finite(r.Time) {
		return fmt.Errorf("table: tidy row %d (%s): time is %v", w.n+1, r.Variable, r.Time)
	}
	b := w.buf[:0]
	b = appendField(b, r.Scenario)
	b = append(b, ',')
	b = appendTime(b, r.Time)
	b = append(b, ',')
	b = appendField(b, r.Member)
	b = append(b, ',')
	b = appendField(b, r.Segment)
	b = append(b, ',')
	b = appendField(b, r.Pillar)
	b = append(b, ',')
	b = appendField(b, r.Variable)
	b = append(b, ',')
	b = appendValue(b, r.Value)
	b = append(b, '\n')
	w.buf = b
	return w.line(b)
}

// WriteTidyFile writes a tidy table to path atomically: fn writes the
// rows, and the file appears under its name only if fn and every write
// succeed. Parent directories are created.
func WriteTidyFile(path string, fn func(*TidyWriter) error) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		tw := NewTidyWriter(w)
		if err := fn(tw); err != nil {
			return err
		}
		return tw.Flush()
	})
}

// TidyReader reads a tidy series table strictly: the header must be
// exactly TidyHeader, every line must have seven fields, time and value
// must be numbers and variable must not be empty. Errors are
// *ParseError values naming the file, line and column.
type TidyReader struct {
	name   string
	cr     *csv.Reader
	intern map[string]string
}

// internMax bounds the strings a TidyReader shares between rows; ids and
// variable names repeat on every line, values never do.
const internMax = 1 << 12

// NewTidyReader reads and checks the header of a tidy table from r; name
// is the file name used in errors.
func NewTidyReader(r io.Reader, name string) (*TidyReader, error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, bufSize))
	cr.FieldsPerRecord = -1 // checked here, with a better message
	cr.ReuseRecord = true
	tr := &TidyReader{name: name, cr: cr, intern: make(map[string]string)}
	rec, err := cr.Read()
	if err == io.EOF {
		return nil, &ParseError{File: name, Line: 1, Err: fmt.Errorf("empty file, want the header %s", TidyHeader)}
	}
	if err != nil {
		return nil, tr.csvError(err)
	}
	if got := strings.Join(rec, ","); got != TidyHeader {
		return nil, &ParseError{File: name, Line: 1, Err: fmt.Errorf("header is %q, want %q", got, TidyHeader)}
	}
	return tr, nil
}

// Read returns the next row, or io.EOF after the last.
func (r *TidyReader) Read() (Row, error) {
	rec, err := r.cr.Read()
	if err == io.EOF {
		return Row{}, io.EOF
	}
	if err != nil {
		return Row{}, r.csvError(err)
	}
	line, _ := r.cr.FieldPos(0)
	if len(rec) != len(tidyFields) {
		return Row{}, &ParseError{File: r.name, Line: line,
			Err: fmt.Errorf("%d fields, want %d (%s)", len(rec), len(tidyFields), TidyHeader)}
	}
	fieldErr := func(i int, err error) error {
		l, c := r.cr.FieldPos(i)
		return &ParseError{File: r.name, Line: l, Column: c, Field: tidyFields[i], Err: err}
	}
	row := Row{
		Scenario: r.str(rec[0]),
		Member:   r.str(rec[2]),
		Segment:  r.str(rec[3]),
		Pillar:   r.str(rec[4]),
		Variable: r.str(rec[5]),
	}
	if row.Time, err = parseFloat(rec[1]); err != nil {
		return Row{}, fieldErr(1, err)
	}
	if !finite(row.Time) {
		return Row{}, fieldErr(1, fmt.Errorf("%q is not a finite time", rec[1]))
	}
	if row.Variable == "" {
		return Row{}, fieldErr(5, errors.New("empty, want a variable name"))
	}
	if row.Value, err = parseFloat(rec[6]); err != nil {
		return Row{}, fieldErr(6, err)
	}
	return row, nil
}

// str returns s, shared with an earlier equal string while the table of
// shared strings is small.
func (r *TidyReader) str(s string) string {
	if s == "" {
		return ""
	}
	if t, ok := r.intern[s]; ok {
		return t
	}
	if len(r.intern) < internMax {
		r.intern[s] = s
	}
	return s
}

// csvError turns an encoding/csv error into a *ParseError.
func (r *TidyReader) csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: r.name, Line: pe.Line, Column: pe.Column, Err: pe.Err}
	}
	return &ParseError{File: r.name, Err: err}
}

// ReadTidy reads every row of a tidy table from r; name is used in errors.
func ReadTidy(r io.Reader, name string) ([]Row, error) {
	tr, err := NewTidyReader(r, name)
	if err != nil {
		return nil, err
	}
	var rows []Row
	for {
		row, err := tr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
}

// ReadTidyFile reads every row of the tidy table at path.
func ReadTidyFile(path string) ([]Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // already an *fs.PathError naming path
	}
	defer f.Close()
	return ReadTidy(f, path) // errors are *ParseError values naming path
}
