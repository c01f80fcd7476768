package iamc

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/xuri/excelize/v2"

	"github.com/digisim/digisim/internal/atomicfile"
)

// Sheet names of a workbook, as pyam reads and writes them: IamDataFrame
// reads the "data" sheet and, when there is one, the "meta" sheet.
const (
	DataSheet = "data"
	MetaSheet = "meta"
)

// WriteXLSX writes t and m as an Excel workbook (Office Open XML) with the
// sheets "data" (the layout of Write: Model, Scenario, Region, Variable,
// Unit, then the years; an empty cell where a series has no value) and
// "meta" (the layout of WriteMeta), the workbook pyam.IamDataFrame opens
// with its meta. Numbers are stored as numbers, to full precision.
func WriteXLSX(w io.Writer, t *Table, m *Meta) error {
	if err := t.Check(); err != nil {
		return err
	}
	if err := m.Check(); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", DataSheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(MetaSheet); err != nil {
		return err
	}
	data := make([][]any, 0, len(t.Rows)+1)
	header := make([]any, 0, len(Index)+len(t.Years))
	for _, s := range Index {
		header = append(header, s)
	}
	for _, y := range t.Years {
		header = append(header, y)
	}
	data = append(data, header)
	for _, r := range t.Rows {
		row := []any{r.Model, r.Scenario, r.Region, r.Variable, r.Unit}
		for _, v := range r.Values {
			if math.IsNaN(v) {
				row = append(row, nil)
			} else {
				row = append(row, v)
			}
		}
		data = append(data, row)
	}
	if err := writeSheet(f, DataSheet, data); err != nil {
		return err
	}
	meta := make([][]any, 0, len(m.Rows)+1)
	header = nil
	for _, s := range append(append([]string{}, MetaIndex...), m.Columns...) {
		header = append(header, s)
	}
	meta = append(meta, header)
	for _, r := range m.Rows {
		meta = append(meta, append([]any{r.Model, r.Scenario}, r.Values...))
	}
	if err := writeSheet(f, MetaSheet, meta); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return sortedZip(w, buf.Bytes())
}

// sortedZip copies the zip archive b to w with its entries in name order.
// excelize writes streamed sheets in map order, so without this two writes
// of one workbook could differ in their bytes; the entries are copied raw,
// neither decompressed nor re-compressed.
func sortedZip(w io.Writer, b []byte) error {
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return err
	}
	files := append([]*zip.File(nil), r.File...)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	zw := zip.NewWriter(w)
	for _, f := range files {
		raw, err := f.OpenRaw()
		if err != nil {
			return err
		}
		h := f.FileHeader
		dst, err := zw.CreateRaw(&h)
		if err != nil {
			return err
		}
		if _, err := io.Copy(dst, raw); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeSheet streams rows into a sheet, from cell A1.
func writeSheet(f *excelize.File, sheet string, rows [][]any) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, row := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("iamc: sheet %s, row %d: %w", sheet, i+1, err)
		}
	}
	return sw.Flush()
}

// WriteXLSXFile writes the workbook to path atomically.
func WriteXLSXFile(path string, t *Table, m *Meta) error {
	f, err := atomicfile.Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := WriteXLSX(f, t, m); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Commit()
}
