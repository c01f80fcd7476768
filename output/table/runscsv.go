package table

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

// RunsCSVToParquet converts the run table at csvPath (the CSV form that a
// sweep appends to: a header, then run, design_point, replicate and the
// float columns) to Parquet at parquetPath (atomically), streaming row by
// row: the same runs.csv always gives the same runs.parquet. header is the
// CSV's header, whose first three columns are the run's indices.
func RunsCSVToParquet(csvPath, parquetPath string, header []string) error {
	return RunsCSVToParquetText(csvPath, parquetPath, header, nil)
}

// RunsCSVToParquetText is RunsCSVToParquet with the columns named in text
// kept as text (the names a categorical lever writes), not parsed as
// numbers. A text field may be quoted but hold no comma.
func RunsCSVToParquetText(csvPath, parquetPath string, header []string, text map[string]bool) error {
	if len(header) < numKeys {
		return fmt.Errorf("table: run table header %q: want %s, %s, %s and the value columns", header, RunColumn, DesignPointColumn, ReplicateColumn)
	}
	f, err := os.Open(csvPath)
	if err != nil {
		return err
	}
	defer f.Close()
	cols := header[numKeys:]
	var isText []bool
	for c, name := range cols {
		if text[name] {
			if isText == nil {
				isText = make([]bool, len(cols))
			}
			isText[c] = true
		}
	}
	return writeRunsFileText(parquetPath, cols, isText, func(w *RunsWriter) error {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<26)
		line := 0
		vals := make([]float64, len(cols))
		var texts []string
		if isText != nil {
			texts = make([]string, len(cols))
		}
		for sc.Scan() {
			line++
			if line == 1 {
				continue
			}
			fields := bytes.Split(sc.Bytes(), []byte{','})
			if len(fields) != len(header) {
				return fmt.Errorf("table: %s:%d: %d columns, want %d", csvPath, line, len(fields), len(header))
			}
			var ids [numKeys]int64
			for c := range numKeys {
				if ids[c], err = strconv.ParseInt(string(fields[c]), 10, 64); err != nil {
					return fmt.Errorf("table: %s:%d: column %s: %w", csvPath, line, header[c], err)
				}
			}
			for c := range cols {
				if isText != nil && isText[c] {
					texts[c] = strings.Trim(string(fields[numKeys+c]), `"`)
					vals[c] = math.NaN()
					continue
				}
				if vals[c], err = strconv.ParseFloat(string(fields[numKeys+c]), 64); err != nil {
					return fmt.Errorf("table: %s:%d: column %s: %w", csvPath, line, cols[c], err)
				}
			}
			if err := w.Write(RunRow{Run: ids[0], DesignPoint: ids[1], Replicate: ids[2], Values: vals, Text: texts}); err != nil {
				return err
			}
		}
		return sc.Err()
	})
}
