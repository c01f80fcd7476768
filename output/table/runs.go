package table

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"

	"github.com/digisim/digisim/internal/atomicfile"
)

// The leading int64 columns of a run table.
const (
	RunColumn         = "run"
	DesignPointColumn = "design_point"
	ReplicateColumn   = "replicate"
)

// numKeys is the number of leading int64 columns.
const numKeys = 3

// RunRow is one row of a run table: the run's indices and its float
// values (parameters, then outcomes, in the table's column order).
type RunRow struct {
	Run         int64
	DesignPoint int64
	Replicate   int64
	Values      []float64 // one per float column
	// Text holds the values of text columns (a scenario lever's scenario
	// names), "" for the float columns; nil in a table without text
	// columns. A text column's entry in Values is NaN when read.
	Text []string
}

// runsCreatedBy is the created_by field of every run table. It is fixed
// (no library or program version) so that equal rows give equal bytes.
const runsCreatedBy = "digisim output/table"

// A row group holds runsGroupBytes of values (8 bytes each), but at
// least runsMinGroupRows rows. The writer holds at most one row group, so
// this bounds its memory however many rows are written. The size depends
// only on the number of columns, so equal rows still give equal bytes.
// Variables so tests can make small groups.
var (
	runsGroupBytes   = 32 << 20
	runsMinGroupRows = 1024
)

// runsGroupRows is the number of rows in a full row group of ncol columns.
func runsGroupRows(ncol int) int64 {
	return int64(max(runsGroupBytes/(8*ncol), runsMinGroupRows))
}

// runsBatch is the number of rows handed to parquet-go at a time.
const runsBatch = 64

// RunsWriter streams a run table in Parquet format: three int64 columns
// (run, design_point, replicate) followed by float64 columns named at
// construction. Rows are written in the order given. Close writes the
// footer; a file is incomplete, and unreadable, without it.
type RunsWriter struct {
	pw      *parquet.GenericWriter[any]
	columns []string
	text    []bool // text columns (nil: none)
	batch   []parquet.Row
	nb      int   // rows pending in batch
	n       int64 // rows accepted
	err     error // sticky
	closed  bool
}

// NewRunsWriter returns a writer of a run table to w with the given float
// columns. Column names must be non-empty, distinct, and different from
// the three index columns. Only w.Write is used; the caller closes w.
func NewRunsWriter(w io.Writer, columns []string) (*RunsWriter, error) {
	return NewRunsWriterText(w, columns, nil)
}

// NewRunsWriterText is NewRunsWriter with text columns: where text[i] is
// true, column i is a required UTF-8 string column whose values come from
// RunRow.Text[i] (a categorical parameter, such as the scenario a lever
// selects). text may be nil or shorter than columns.
func NewRunsWriterText(w io.Writer, columns []string, text []bool) (*RunsWriter, error) {
	if err := checkRunsColumns(columns); err != nil {
		return nil, err
	}
	if len(text) > len(columns) {
		return nil, fmt.Errorf("table: %d text flags for %d columns", len(text), len(columns))
	}
	var isText []bool
	if slices.Contains(text, true) {
		isText = make([]bool, len(columns))
		copy(isText, text)
	}
	ncol := numKeys + len(columns)
	schema := parquet.NewSchema("runs", runsNode(columns, isText))
	pw := parquet.NewGenericWriter[any](w, schema,
		&parquet.WriterConfig{CreatedBy: runsCreatedBy},
		parquet.Compression(&parquet.Snappy),
		parquet.MaxRowsPerRowGroup(runsGroupRows(ncol)),
	)
	batch := make([]parquet.Row, runsBatch)
	for i := range batch {
		batch[i] = make(parquet.Row, ncol)
	}
	return &RunsWriter{pw: pw, columns: append([]string(nil), columns...), text: isText, batch: batch}, nil
}

func checkRunsColumns(columns []string) error {
	seen := map[string]bool{RunColumn: true, DesignPointColumn: true, ReplicateColumn: true}
	for i, c := range columns {
		if c == "" {
			return fmt.Errorf("table: run table column %d has an empty name", numKeys+i+1)
		}
		if seen[c] {
			return fmt.Errorf("table: run table column %q appears twice", c)
		}
		seen[c] = true
	}
	return nil
}

// Columns returns a copy of the float column names.
func (w *RunsWriter) Columns() []string { return append([]string(nil), w.columns...) }

// Rows returns the number of rows written so far.
func (w *RunsWriter) Rows() int64 { return w.n }

// Write appends one row. Its Values must have one entry per float column;
// a row of the wrong length is refused without changing the table. A
// write error is returned by this and every later call.
func (w *RunsWriter) Write(r RunRow) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return errors.New("table: write to closed run table")
	}
	if len(r.Values) != len(w.columns) {
		return fmt.Errorf("table: run %d has %d values, want %d (%s)", r.Run, len(r.Values), len(w.columns), strings.Join(w.columns, ", "))
	}
	row := w.batch[w.nb]
	row[0] = parquet.Int64Value(r.Run).Level(0, 0, 0)
	row[1] = parquet.Int64Value(r.DesignPoint).Level(0, 0, 1)
	row[2] = parquet.Int64Value(r.Replicate).Level(0, 0, 2)
	if w.text != nil && len(r.Text) != len(w.columns) {
		return fmt.Errorf("table: run %d has %d text values, want %d", r.Run, len(r.Text), len(w.columns))
	}
	for i, v := range r.Values {
		if w.text != nil && w.text[i] {
			row[numKeys+i] = parquet.ByteArrayValue([]byte(r.Text[i])).Level(0, 0, numKeys+i)
			continue
		}
		row[numKeys+i] = parquet.DoubleValue(v).Level(0, 0, numKeys+i)
	}
	w.nb++
	w.n++
	if w.nb == len(w.batch) {
		return w.flushBatch()
	}
	return nil
}

func (w *RunsWriter) flushBatch() error {
	if w.nb == 0 {
		return nil
	}
	_, err := w.pw.WriteRows(w.batch[:w.nb])
	w.nb = 0
	if err != nil {
		w.err = fmt.Errorf("table: writing run table: %w", err)
	}
	return w.err
}

// Close writes the pending rows and the Parquet footer. It does not close
// the underlying writer. Close after Close returns nil.
func (w *RunsWriter) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if err := w.flushBatch(); err != nil {
		return err
	}
	if err := w.pw.Close(); err != nil {
		w.err = fmt.Errorf("table: closing run table: %w", err)
	}
	return w.err
}

// WriteRunsFile writes a run table to path atomically: fn writes the
// rows, and the file appears under its name only if fn, every write and
// the footer succeed. Parent directories are created.
func WriteRunsFile(path string, columns []string, fn func(*RunsWriter) error) error {
	return writeRunsFileText(path, columns, nil, fn)
}

func writeRunsFileText(path string, columns []string, text []bool, fn func(*RunsWriter) error) error {
	if err := checkRunsColumns(columns); err != nil { // before touching the file system
		return err
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		rw, err := NewRunsWriterText(w, columns, text)
		if err != nil {
			return err
		}
		if err := fn(rw); err != nil {
			return err
		}
		return rw.Close()
	})
}

// RunsReader reads a run table row by row, one row group in memory at a
// time.
type RunsReader struct {
	file    *parquet.File
	columns []string
	text    []bool // text columns; nil when there are none
	groups  []parquet.RowGroup
	g       int          // next row group
	rows    parquet.Rows // current row group's rows, nil between groups
	buf     []parquet.Row
	i, n    int // next and count of rows in buf
}

// OpenRuns checks that r holds a run table of size bytes and returns a
// reader of its rows. A file that is truncated, is not Parquet, or has
// other columns than a run table is an error.
func OpenRuns(r io.ReaderAt, size int64) (*RunsReader, error) {
	if err := checkFooter(r, size); err != nil {
		return nil, fmt.Errorf("table: not a complete Parquet file: %w", err)
	}
	// The page index and bloom filters are for seeking and filtering; a
	// run table is read whole, row by row, so they are not read at all
	// (and a damaged page index made parquet-go panic, FuzzReadRuns).
	f, err := parquet.OpenFile(r, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return nil, fmt.Errorf("table: not a complete Parquet file: %w", err)
	}
	fields := f.Schema().Fields()
	if len(fields) < numKeys {
		return nil, fmt.Errorf("table: run table has %d columns, want at least %d", len(fields), numKeys)
	}
	var columns []string
	var text []bool
	for i, fld := range fields {
		want, kind := "", parquet.Double
		switch i {
		case 0:
			want, kind = RunColumn, parquet.Int64
		case 1:
			want, kind = DesignPointColumn, parquet.Int64
		case 2:
			want, kind = ReplicateColumn, parquet.Int64
		}
		if want != "" && fld.Name() != want {
			return nil, fmt.Errorf("table: run table column %d is %q, want %q", i+1, fld.Name(), want)
		}
		isText := i >= numKeys && fld.Leaf() && fld.Type().Kind() == parquet.ByteArray
		if !fld.Leaf() || !fld.Required() || (fld.Type().Kind() != kind && !isText) {
			return nil, fmt.Errorf("table: run table column %q is %v, want a required %v (or a text column)", fld.Name(), fld, kind)
		}
		if i >= numKeys {
			columns = append(columns, fld.Name())
			text = append(text, isText)
		}
	}
	if err := checkRunsColumns(columns); err != nil {
		return nil, err
	}
	if !slices.Contains(text, true) {
		text = nil
	}
	buf := make([]parquet.Row, runsBatch)
	return &RunsReader{file: f, columns: columns, text: text, groups: f.RowGroups(), buf: buf}, nil
}

// Columns returns a copy of the value column names.
func (r *RunsReader) Columns() []string { return append([]string(nil), r.columns...) }

// TextColumns reports which value columns hold text (nil when none do).
func (r *RunsReader) TextColumns() []bool { return append([]bool(nil), r.text...) }

// NumRows returns the number of rows in the table, from its footer.
func (r *RunsReader) NumRows() int64 { return r.file.NumRows() }

// Read returns the next row, or io.EOF after the last. Each row has its
// own Values slice.
func (r *RunsReader) Read() (RunRow, error) {
	for r.i == r.n {
		if err := r.fill(); err != nil {
			return RunRow{}, err
		}
	}
	row := r.buf[r.i]
	r.i++
	ncol := numKeys + len(r.columns)
	if len(row) != ncol {
		return RunRow{}, fmt.Errorf("table: run table row has %d values, want %d", len(row), ncol)
	}
	out := RunRow{Values: make([]float64, len(r.columns))}
	if r.text != nil {
		out.Text = make([]string, len(r.columns))
	}
	for _, v := range row {
		switch c := v.Column(); {
		case c == 0:
			out.Run = v.Int64()
		case c == 1:
			out.DesignPoint = v.Int64()
		case c == 2:
			out.Replicate = v.Int64()
		case c < ncol && !v.IsNull() && r.text != nil && r.text[c-numKeys]:
			out.Values[c-numKeys] = math.NaN()
			out.Text[c-numKeys] = string(v.ByteArray())
		case c < ncol && !v.IsNull():
			out.Values[c-numKeys] = v.Double()
		default:
			return RunRow{}, fmt.Errorf("table: run table value in column %d is not a required float", c)
		}
	}
	return out, nil
}

// fill reads the next rows into buf, moving to the next row group when
// the current one is done; it returns io.EOF after the last group.
func (r *RunsReader) fill() error {
	if r.rows == nil {
		if r.g == len(r.groups) {
			return io.EOF
		}
		r.rows = r.groups[r.g].Rows()
		r.g++
	}
	n, err := r.rows.ReadRows(r.buf)
	r.i, r.n = 0, n
	if err == io.EOF {
		cerr := r.rows.Close()
		r.rows = nil
		if cerr != nil {
			return fmt.Errorf("table: reading run table: %w", cerr)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("table: reading run table: %w", err)
	}
	return nil
}

// Close releases the current row group's reader. It does not close the
// underlying io.ReaderAt.
func (r *RunsReader) Close() error {
	if r.rows == nil {
		return nil
	}
	err := r.rows.Close()
	r.rows = nil
	return err
}

// Runs is a whole run table in memory.
type Runs struct {
	Columns []string // value column names, in file order
	Text    []bool   // which columns hold text; nil when none do
	Rows    []RunRow
}

// Codes sets the values of text column `column` to the index of each
// row's text in names (a scenario lever's values, in the experiment's
// order), so that code reading numbers reads the lever's index. A column
// of numbers (a table written before levers were named) is left as it is;
// a text not in names is an error.
func (r *Runs) Codes(column string, names []string) error {
	c := slices.Index(r.Columns, column)
	if c < 0 {
		return fmt.Errorf("table: run table has no column %q", column)
	}
	if r.Text == nil || !r.Text[c] {
		return nil
	}
	for i := range r.Rows {
		k := slices.Index(names, r.Rows[i].Text[c])
		if k < 0 {
			return fmt.Errorf("table: run %d: %s %q is not one of %s", r.Rows[i].Run, column, r.Rows[i].Text[c], strings.Join(names, ", "))
		}
		r.Rows[i].Values[c] = float64(k)
	}
	return nil
}

// checkFooter refuses a file whose footer length does not fit in it before
// the Parquet reader allocates a buffer of that length: the 8 bytes
// "PAR1PAR1" declare an 827 MB footer, and a damaged or hostile file can
// ask for 4 GB (found by FuzzReadRuns).
func checkFooter(r io.ReaderAt, size int64) error {
	const magic = "PAR1"
	if size < 12 {
		return fmt.Errorf("%d bytes, too short for a Parquet file", size)
	}
	var tail [8]byte
	if _, err := r.ReadAt(tail[:], size-8); err != nil {
		return err
	}
	if string(tail[4:]) != magic {
		return errors.New("no Parquet footer at the end (the file is cut short or not Parquet)")
	}
	if n := int64(binary.LittleEndian.Uint32(tail[:4])); n > size-12 {
		return fmt.Errorf("its footer says %d bytes in a %d-byte file (the file is damaged)", n, size)
	}
	return nil
}

// maxPrealloc bounds the rows allocated ahead from a file's row count: a
// damaged footer could claim billions.
const maxPrealloc = 1 << 16

// ReadRuns reads a whole run table of size bytes from r.
func ReadRuns(r io.ReaderAt, size int64) (*Runs, error) {
	rr, err := OpenRuns(r, size)
	if err != nil {
		return nil, err
	}
	defer rr.Close()
	out := &Runs{Columns: rr.Columns(), Text: rr.text, Rows: make([]RunRow, 0, min(rr.NumRows(), maxPrealloc))}
	for {
		row, err := rr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		out.Rows = append(out.Rows, row)
	}
	if int64(len(out.Rows)) != rr.NumRows() {
		return nil, fmt.Errorf("table: run table has %d rows, its footer says %d", len(out.Rows), rr.NumRows())
	}
	return out, nil
}

// ReadRunsFile reads the whole run table at path. Errors are
// *os.PathError values naming the path.
func ReadRunsFile(path string) (*Runs, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	runs, err := ReadRuns(f, fi.Size())
	if err != nil {
		return nil, &os.PathError{Op: "read", Path: path, Err: err}
	}
	return runs, nil
}

// runsNode is the root of a run table's schema. parquet.Group sorts its
// fields by name; a run table keeps the caller's column order, so the
// root is a group node with ordered fields.
func runsNode(columns []string, text []bool) parquet.Node {
	g := make(orderedGroup, 0, numKeys+len(columns))
	i64, f64 := parquet.Leaf(parquet.Int64Type), parquet.Leaf(parquet.DoubleType)
	for _, name := range []string{RunColumn, DesignPointColumn, ReplicateColumn} {
		g = append(g, &field{Node: i64, name: name})
	}
	for i, name := range columns {
		if text != nil && text[i] {
			g = append(g, &field{Node: parquet.String(), name: name})
			continue
		}
		g = append(g, &field{Node: f64, name: name})
	}
	return g
}

// orderedGroup is a required group whose fields keep their order. Its
// String and GoType, used only for display and for mapping Go values
// (which this package does not do), are those of the equivalent
// parquet.Group.
type orderedGroup []parquet.Field

func (g orderedGroup) ID() int                     { return 0 }
func (g orderedGroup) String() string              { return g.group().String() }
func (g orderedGroup) Type() parquet.Type          { return parquet.Group{}.Type() }
func (g orderedGroup) Optional() bool              { return false }
func (g orderedGroup) Repeated() bool              { return false }
func (g orderedGroup) Required() bool              { return true }
func (g orderedGroup) Leaf() bool                  { return false }
func (g orderedGroup) Fields() []parquet.Field     { return g }
func (g orderedGroup) Encoding() encoding.Encoding { return nil }
func (g orderedGroup) Compression() compress.Codec { return nil }
func (g orderedGroup) GoType() reflect.Type        { return g.group().GoType() }

func (g orderedGroup) group() parquet.Group {
	m := make(parquet.Group, len(g))
	for _, f := range g {
		m[f.Name()] = f
	}
	return m
}

// field names a leaf node in an orderedGroup.
type field struct {
	parquet.Node
	name string
}

func (f *field) Name() string { return f.name }

// Value returns the field of a map[string]T; other Go values are not
// mapped to run tables.
func (f *field) Value(base reflect.Value) reflect.Value {
	if base.Kind() == reflect.Interface && !base.IsNil() {
		base = base.Elem()
	}
	if base.Kind() == reflect.Map && base.Type().Key().Kind() == reflect.String {
		return base.MapIndex(reflect.ValueOf(f.name).Convert(base.Type().Key()))
	}
	return reflect.Value{}
}
