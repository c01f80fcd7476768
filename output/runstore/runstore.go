// Package runstore keeps the rows of an experiment on disk: appended in
// run-index order while a sweep runs (so an interrupted sweep resumes where
// it stopped), one part per shard on a cluster, and the final tables
// (runs.csv, bands.csv) that are byte-identical however the runs were
// split. Rows are formatted once, here, so that a merge of parts and a
// single sweep cannot differ.
package runstore

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Layout names the columns of an experiment's run table.
type Layout struct {
	Params   []string  // parameter paths
	Outcomes []string  // outcome names
	Series   []string  // series names
	Times    []float64 // output times of the series
	// Labels names the values of categorical parameters: a parameter
	// column listed here holds Labels[name][v] for the index v (a
	// scenario lever's scenario names), so the tables say "binding", not 2.
	Labels map[string][]string
}

// labels returns, per parameter, its value labels or nil.
func (l Layout) labels() [][]string {
	if len(l.Labels) == 0 {
		return nil
	}
	out := make([][]string, len(l.Params))
	for j, p := range l.Params {
		out[j] = l.Labels[p]
	}
	return out
}

// Header returns the column names: run, design_point, replicate, the parameters,
// the outcomes, then every series at every time as "name@time".
func (l Layout) Header() []string {
	h := []string{"run", "design_point", "replicate"}
	h = append(h, l.Params...)
	h = append(h, l.Outcomes...)
	for _, s := range l.Series {
		for _, t := range l.Times {
			h = append(h, s+"@"+formatFloat(t))
		}
	}
	return h
}

// Row is one run's values, in Layout order.
type Row struct {
	Run, Point, Replicate int
	Params                []float64
	Outcomes              []float64
	Series                [][]float64 // per series, per time
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// appendRow formats r as one CSV line. A parameter with labels is written
// as its label (quoted where CSV needs it); other values are numbers.
func appendRow(b []byte, r *Row, labels ...[]string) []byte {
	b = strconv.AppendInt(b, int64(r.Run), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(r.Point), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(r.Replicate), 10)
	for j, v := range r.Params {
		b = append(b, ',')
		if j < len(labels) && labels[j] != nil {
			if i := int(v); float64(i) == v && i >= 0 && i < len(labels[j]) {
				b = appendField(b, labels[j][i])
				continue
			}
		}
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	for _, v := range r.Outcomes {
		b = append(b, ',')
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	for _, s := range r.Series {
		for _, v := range s {
			b = append(b, ',')
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		}
	}
	return append(b, '\n')
}

// appendField appends a text field, quoted if it holds a comma, quote or
// line break.
func appendField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\n\r") {
		return append(b, s...)
	}
	return append(append(append(b, '"'), strings.ReplaceAll(s, `"`, `""`)...), '"')
}

func headerLine(l Layout) string {
	h := l.Header()
	for i, name := range h {
		if strings.ContainsAny(name, ",\"\n") {
			h[i] = `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
		}
	}
	return strings.Join(h, ",") + "\n"
}

// Writer appends rows to a file in run-index order. It is the "partial"
// file of a sweep or a shard: rows From, From+1, ... and nothing else.
type Writer struct {
	f      *os.File
	w      *bufio.Writer
	path   string
	next   int // the run index the next row must have
	buf    []byte
	labels [][]string
	layout Layout
}

// Create starts a new partial file at path for runs from `from`, replacing
// any earlier one.
func Create(path string, l Layout, from int) (*Writer, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	w := &Writer{f: f, w: bufio.NewWriterSize(f, 1<<16), path: path, next: from, labels: l.labels(), layout: l}
	if _, err := w.w.WriteString(headerLine(l)); err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

// Resume reopens a partial file written for layout l starting at run
// `from`, drops a last line cut short by a crash, and returns a Writer that
// continues after the last complete row, with the number of rows kept.
func Resume(path string, l Layout, from int) (*Writer, int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, err
	}
	head := headerLine(l)
	if !bytes.HasPrefix(data, []byte(head)) {
		if why := edited(data); why != "" {
			return nil, 0, fmt.Errorf("runstore: %s %s: digisim writes neither, so it was edited; start afresh without --resume", path, why)
		}
		return nil, 0, fmt.Errorf("runstore: %s was written for other columns; start afresh without --resume", path)
	}
	body := data[len(head):]
	if i := bytes.LastIndexByte(body, '\n'); i+1 != len(body) {
		body = body[:i+1] // a partial last line
	}
	n := bytes.Count(body, []byte{'\n'})
	// The rows must be exactly runs from..from+n-1, each whole and in the
	// columns of this layout: the check a merged part gets.
	if err := checkPart(path, data[:len(head)+len(body)], l, PartInfo{From: from, To: from + n}); err != nil {
		return nil, 0, errors.New(strings.Replace(err.Error(), "re-run it with --shard 0/0", "the file is damaged: start afresh without --resume", 1))
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, 0, err
	}
	keep := int64(len(head) + len(body))
	if err := f.Truncate(keep); err != nil {
		f.Close()
		return nil, 0, err
	}
	if _, err := f.Seek(keep, io.SeekStart); err != nil {
		f.Close()
		return nil, 0, err
	}
	return &Writer{f: f, w: bufio.NewWriterSize(f, 1<<16), path: path, next: from + n, labels: l.labels(), layout: l}, n, nil
}

// Next is the run index the next row must have.
func (w *Writer) Next() int { return w.next }

// Write appends r, which must be the next run.
func (w *Writer) Write(r *Row) error {
	if r.Run != w.next {
		return fmt.Errorf("runstore: row for run %d written when run %d is next", r.Run, w.next)
	}
	// A row of other widths would be a ragged table under the header.
	l := w.layout
	ok := len(r.Params) == len(l.Params) && len(r.Outcomes) == len(l.Outcomes) && len(r.Series) == len(l.Series)
	for _, s := range r.Series {
		ok = ok && len(s) == len(l.Times)
	}
	if !ok {
		return fmt.Errorf("runstore: run %d does not fit the table's columns (%d parameters, %d outcomes, %d series of %d times): not written",
			r.Run, len(l.Params), len(l.Outcomes), len(l.Series), len(l.Times))
	}
	w.buf = appendRow(w.buf[:0], r, w.labels...)
	if _, err := w.w.Write(w.buf); err != nil {
		return err
	}
	w.next++
	return nil
}

// Flush makes every written row durable in the file.
func (w *Writer) Flush() error {
	if err := w.w.Flush(); err != nil {
		return err
	}
	return w.f.Sync()
}

// Close flushes and closes the file, keeping it as a partial file.
func (w *Writer) Close() error {
	err := w.Flush()
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Commit flushes, closes and renames the partial file to its final name:
// a final file exists only once it holds every row.
func (w *Writer) Commit(final string) error {
	if err := w.Close(); err != nil {
		return err
	}
	return os.Rename(w.path, final)
}

// ErrNoRows is returned when a table has a header and no rows.
var ErrNoRows = errors.New("runstore: no rows")
