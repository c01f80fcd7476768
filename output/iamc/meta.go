package iamc

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/digisim/digisim/internal/atomicfile"
)

// MetaIndex is the index of a meta table: pyam's meta is indexed by model
// and scenario, in lower case (IamDataFrame.load_meta and the "meta" sheet
// of its workbooks).
var MetaIndex = []string{"model", "scenario"}

// Meta describes each scenario of a table (pyam's meta): for a sweep, the
// run's place in the design and the values of its uncertain parameters and
// levers, so that a pyam user can filter runs by their inputs.
type Meta struct {
	Columns []string // after model and scenario
	Rows    []MetaRow
}

// MetaRow is one scenario's meta. Values[k] is the value of Columns[k]: a
// string, a float64 or an int64.
type MetaRow struct {
	Model, Scenario string
	Values          []any
}

// Check reports a meta table that cannot be written: a row whose value
// count differs from the columns', a value of another type, a NaN or
// infinite number.
func (m *Meta) Check() error {
	for i, r := range m.Rows {
		if len(r.Values) != len(m.Columns) {
			return fmt.Errorf("iamc: meta row %d (%s/%s) has %d values for %d columns", i, r.Model, r.Scenario, len(r.Values), len(m.Columns))
		}
		for k, v := range r.Values {
			switch v := v.(type) {
			case string, int64:
			case float64:
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return fmt.Errorf("iamc: meta row %d (%s/%s), %s: value is %v", i, r.Model, r.Scenario, m.Columns[k], v)
				}
			default:
				return fmt.Errorf("iamc: meta row %d (%s/%s), %s: %T is neither text nor a number", i, r.Model, r.Scenario, m.Columns[k], v)
			}
		}
	}
	return nil
}

// format is a meta value as CSV text: numbers as the shortest decimal that
// reads back to the same value.
func format(v any) string {
	switch v := v.(type) {
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case int64:
		return strconv.FormatInt(v, 10)
	default:
		return v.(string)
	}
}

// WriteMeta writes m as CSV: model, scenario, then its columns, as
// pyam.IamDataFrame.load_meta reads it.
func WriteMeta(w io.Writer, m *Meta) error {
	if err := m.Check(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	if err := cw.Write(append(append([]string{}, MetaIndex...), m.Columns...)); err != nil {
		return err
	}
	for _, r := range m.Rows {
		rec := []string{r.Model, r.Scenario}
		for _, v := range r.Values {
			rec = append(rec, format(v))
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

// WriteMetaFile writes m to path atomically.
func WriteMetaFile(path string, m *Meta) error {
	f, err := atomicfile.Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := WriteMeta(f, m); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Commit()
}
