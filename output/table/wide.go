package table

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/digisim/digisim/internal/atomicfile"
)

// Cell is one field of a wide table: text, a float or an integer. The
// zero Cell is empty text.
type Cell struct {
	kind cellKind
	s    string
	f    float64
	i    int64
}

type cellKind uint8

const (
	textCell cellKind = iota
	floatCell
	intCell
)

// Text returns a text cell; "" means not applicable.
func Text(s string) Cell { return Cell{kind: textCell, s: s} }

// Float returns a float cell, written like a tidy value: the shortest
// decimal that reads back to v. NaN, which the tables use for "not
// applicable" (no interval for a Morris measure, no threshold), is
// written as an empty field: the one spelling of "not applicable" in
// every table (docs/experiments.md).
func Float(v float64) Cell { return Cell{kind: floatCell, f: v} }

// Int returns an integer cell.
func Int(v int64) Cell { return Cell{kind: intCell, i: v} }

// String returns the cell as it appears in the file, quoted if needed.
func (c Cell) String() string { return string(c.append(nil)) }

func (c Cell) append(buf []byte) []byte {
	switch c.kind {
	case floatCell:
		if math.IsNaN(c.f) {
			return buf
		}
		return appendValue(buf, c.f)
	case intCell:
		return strconv.AppendInt(buf, c.i, 10)
	default:
		return appendField(buf, c.s)
	}
}

// WideWriter writes a CSV table with a fixed header and one Cell per
// column on each row. It buffers; call Flush at the end and check its
// error.
type WideWriter struct {
	lines
	header []string
	buf    []byte
}

// NewWideWriter returns a writer that writes header, then rows, to w.
// The header must have at least one column, and its names must be
// non-empty and distinct.
func NewWideWriter(w io.Writer, header ...string) (*WideWriter, error) {
	if err := checkHeader(header); err != nil {
		return nil, err
	}
	ww := &WideWriter{lines: lines{w: bufio.NewWriterSize(w, bufSize)}, header: append([]string(nil), header...)}
	b := ww.buf[:0]
	for i, h := range header {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendField(b, h)
	}
	ww.buf = append(b, '\n')
	ww.w.Write(ww.buf) // an error here surfaces at the next Write or Flush
	return ww, nil
}

func checkHeader(header []string) error {
	if len(header) == 0 {
		return errors.New("table: wide table with no columns")
	}
	seen := make(map[string]bool, len(header))
	for i, h := range header {
		if h == "" {
			return fmt.Errorf("table: wide table column %d has an empty name", i+1)
		}
		if seen[h] {
			return fmt.Errorf("table: wide table column %q appears twice", h)
		}
		seen[h] = true
	}
	return nil
}

// Header returns a copy of the column names.
func (w *WideWriter) Header() []string { return append([]string(nil), w.header...) }

// Write writes one row. It must have one cell per column; a row of the
// wrong length is refused without changing the table. A write error is
// returned by this and every later call.
func (w *WideWriter) Write(cells ...Cell) error {
	if w.err != nil {
		return w.err
	}
	if len(cells) != len(w.header) {
		return fmt.Errorf("table: wide row %d has %d cells, want %d (%v)", w.n+1, len(cells), len(w.header), w.header)
	}
	b := w.buf[:0]
	for i, c := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		b = c.append(b)
	}
	b = append(b, '\n')
	w.buf = b
	return w.line(b)
}

// WriteWideFile writes a wide table to path atomically: fn writes the
// rows, and the file appears under its name only if fn and every write
// succeed. Parent directories are created.
func WriteWideFile(path string, header []string, fn func(*WideWriter) error) error {
	if err := checkHeader(header); err != nil { // before touching the file system
		return err
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		ww, err := NewWideWriter(w, header...)
		if err != nil {
			return err
		}
		if err := fn(ww); err != nil {
			return err
		}
		return ww.Flush()
	})
}
