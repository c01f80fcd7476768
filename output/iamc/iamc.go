package iamc

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/digisim/digisim/internal/atomicfile"
)

// Index is the five columns that identify a time series, in file order.
var Index = []string{"Model", "Scenario", "Region", "Variable", "Unit"}

// Key identifies one time series. Variable may use "|" for its hierarchy
// ("GMV|Cross-border"), as IAMC variable templates do.
type Key struct {
	Model, Scenario, Region, Variable, Unit string
}

// Row is one time series: Values[k] is the value in Table.Years[k], NaN
// where there is none (an empty cell in the file).
type Row struct {
	Key
	Values []float64
}

// Table is a set of time series over common years, in increasing order.
type Table struct {
	Years []int
	Rows  []Row
}

// Record is one value of one series in one year: the long form that
// FromRecords gathers into a Table.
type Record struct {
	Key
	Year  int
	Value float64
}

// FromRecords builds a table from records: rows in order of their key's
// first appearance, years the sorted union of the records' years, a cell
// NaN where no record gives it. A key given twice for one year is an
// error, as is a NaN or infinite value.
func FromRecords(recs []Record) (*Table, error) {
	yearSet := map[int]bool{}
	rowOf := map[Key]int{}
	var keys []Key
	var errs []error
	for i, r := range recs {
		if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
			errs = append(errs, fmt.Errorf("iamc: record %d (%s, %d): value is %v", i, r.Key, r.Year, r.Value))
		}
		yearSet[r.Year] = true
		if _, ok := rowOf[r.Key]; !ok {
			rowOf[r.Key] = len(keys)
			keys = append(keys, r.Key)
		}
	}
	t := &Table{}
	for y := range yearSet {
		t.Years = append(t.Years, y)
	}
	slices.Sort(t.Years)
	col := map[int]int{}
	for k, y := range t.Years {
		col[y] = k
	}
	t.Rows = make([]Row, len(keys))
	for i, k := range keys {
		t.Rows[i] = Row{Key: k, Values: make([]float64, len(t.Years))}
		for c := range t.Rows[i].Values {
			t.Rows[i].Values[c] = math.NaN()
		}
	}
	for i, r := range recs {
		v := t.Rows[rowOf[r.Key]].Values
		c := col[r.Year]
		if !math.IsNaN(v[c]) {
			errs = append(errs, fmt.Errorf("iamc: record %d repeats %s in %d", i, r.Key, r.Year))
			continue
		}
		v[c] = r.Value
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return t, nil
}

func (k Key) String() string {
	return strings.Join([]string{k.Model, k.Scenario, k.Region, k.Variable, k.Unit}, "/")
}

// Records returns the table's values in long form, row by row and year by
// year, skipping empty cells.
func (t *Table) Records() []Record {
	var out []Record
	for _, r := range t.Rows {
		for c, v := range r.Values {
			if !math.IsNaN(v) {
				out = append(out, Record{Key: r.Key, Year: t.Years[c], Value: v})
			}
		}
	}
	return out
}

// Check reports a table that cannot be written: years not strictly
// increasing, a row whose value count differs from the years', an
// infinite value, a key repeated, or a key with an empty field.
func (t *Table) Check() error {
	var errs []error
	if len(t.Years) == 0 {
		errs = append(errs, errors.New("iamc: no years"))
	}
	for k := 1; k < len(t.Years); k++ {
		if t.Years[k] <= t.Years[k-1] {
			errs = append(errs, fmt.Errorf("iamc: years %d then %d: want strictly increasing years", t.Years[k-1], t.Years[k]))
		}
	}
	seen := map[Key]int{}
	for i, r := range t.Rows {
		if len(r.Values) != len(t.Years) {
			errs = append(errs, fmt.Errorf("iamc: row %d (%s) has %d values for %d years", i, r.Key, len(r.Values), len(t.Years)))
		}
		for c, v := range r.Values {
			if math.IsInf(v, 0) {
				errs = append(errs, fmt.Errorf("iamc: row %d (%s), year %d: value is %v", i, r.Key, t.Years[c], v))
			}
		}
		for f, s := range []string{r.Model, r.Scenario, r.Region, r.Variable, r.Unit} {
			if s == "" {
				errs = append(errs, fmt.Errorf("iamc: row %d (%s): %s is empty", i, r.Key, strings.ToLower(Index[f])))
			}
		}
		if j, ok := seen[r.Key]; ok {
			errs = append(errs, fmt.Errorf("iamc: rows %d and %d have the same key %s", j, i, r.Key))
		}
		seen[r.Key] = i
		if len(errs) > 20 {
			errs = append(errs, errors.New("iamc: (further problems not listed)"))
			break
		}
	}
	return errors.Join(errs...)
}

// Write writes t as CSV: the header Model,Scenario,Region,Variable,Unit
// and the years (title case, as pyam's to_csv writes it), then one line per
// row. Values are the shortest decimal that reads back to the same
// float64; a NaN is an empty cell.
func Write(w io.Writer, t *Table) error {
	if err := t.Check(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	header := slices.Clone(Index)
	for _, y := range t.Years {
		header = append(header, strconv.Itoa(y))
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	for _, r := range t.Rows {
		rec = rec[:0]
		rec = append(rec, r.Model, r.Scenario, r.Region, r.Variable, r.Unit)
		for _, v := range r.Values {
			if math.IsNaN(v) {
				rec = append(rec, "")
			} else {
				rec = append(rec, strconv.FormatFloat(v, 'g', -1, 64))
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteFile writes t to path atomically: under a temporary name, renamed
// when complete.
func WriteFile(path string, t *Table) (err error) {
	f, err := atomicfile.Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := Write(f, t); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Commit()
}

// ParseError reports a malformed file: "name:line: column: problem".
type ParseError struct {
	File   string
	Line   int    // 1-based; 0 when not known
	Column string // header name of the field; "" for the whole line
	Err    error
}

func (e *ParseError) Error() string {
	s := e.File
	if e.Line > 0 {
		s += ":" + strconv.Itoa(e.Line)
	}
	s += ": "
	if e.Column != "" {
		s += e.Column + ": "
	}
	return s + e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// Read reads a table written by Write or by pyam (IamDataFrame.to_csv):
// the five index columns in any letter case and order, year columns
// after them (other extra columns, such as pyam's meta, are errors), an
// empty cell read as NaN. name is used in error messages.
func Read(r io.Reader, name string) (*Table, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &ParseError{File: name, Line: 1, Err: errors.New("empty file, want the header Model,Scenario,Region,Variable,Unit,<years>")}
	}
	if err != nil {
		return nil, &ParseError{File: name, Line: 1, Err: err}
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // a BOM from spreadsheet exports
	}
	idx := [5]int{-1, -1, -1, -1, -1}
	var yearCols []int
	t := &Table{}
	for c, h := range header {
		k := slices.IndexFunc(Index, func(s string) bool { return strings.EqualFold(s, strings.TrimSpace(h)) })
		if k >= 0 {
			if idx[k] >= 0 {
				return nil, &ParseError{File: name, Line: 1, Column: h, Err: errors.New("column given twice")}
			}
			idx[k] = c
			continue
		}
		y, err := strconv.Atoi(strings.TrimSpace(h))
		if err != nil {
			return nil, &ParseError{File: name, Line: 1, Column: h, Err: fmt.Errorf("not a year nor one of %s", strings.Join(Index, ", "))}
		}
		if n := len(t.Years); n > 0 && y <= t.Years[n-1] {
			return nil, &ParseError{File: name, Line: 1, Column: h, Err: fmt.Errorf("year after %d: want increasing years", t.Years[n-1])}
		}
		t.Years = append(t.Years, y)
		yearCols = append(yearCols, c)
	}
	for k, c := range idx {
		if c < 0 {
			return nil, &ParseError{File: name, Line: 1, Err: fmt.Errorf("no %s column", Index[k])}
		}
	}
	if len(t.Years) == 0 {
		return nil, &ParseError{File: name, Line: 1, Err: errors.New("no year columns")}
	}
	seen := map[Key]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, &ParseError{File: name, Line: line, Err: err}
		}
		row := Row{Key: Key{rec[idx[0]], rec[idx[1]], rec[idx[2]], rec[idx[3]], rec[idx[4]]}, Values: make([]float64, len(yearCols))}
		for k, c := range yearCols {
			s := strings.TrimSpace(rec[c])
			if s == "" {
				row.Values[k] = math.NaN()
				continue
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
				return nil, &ParseError{File: name, Line: line, Column: header[c], Err: fmt.Errorf("%q is not a finite number", s)}
			}
			row.Values[k] = v
		}
		if first, ok := seen[row.Key]; ok {
			return nil, &ParseError{File: name, Line: line, Err: fmt.Errorf("repeats the series of line %d (%s)", first, row.Key)}
		}
		seen[row.Key] = line
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// ReadFile reads the table at path.
func ReadFile(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(bufio.NewReader(f), path)
}
