package runstore

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"

	"github.com/digisim/digisim/output/table"
)

// WriteParquet converts the run table at runsPath to Parquet at
// parquetPath (atomically), streaming row by row: the same runs.csv always
// gives the same runs.parquet.
func WriteParquet(runsPath, parquetPath string, l Layout) error {
	f, err := os.Open(runsPath)
	if err != nil {
		return err
	}
	defer f.Close()
	header := l.Header()
	cols := header[3:]
	return table.WriteRunsFile(parquetPath, cols, func(w *table.RunsWriter) error {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<26)
		line := 0
		vals := make([]float64, len(cols))
		for sc.Scan() {
			line++
			if line == 1 {
				continue
			}
			fields := bytes.Split(sc.Bytes(), []byte{','})
			if len(fields) != len(header) {
				return fmt.Errorf("runstore: %s:%d: %d columns, want %d", runsPath, line, len(fields), len(header))
			}
			var ids [3]int64
			for c := range 3 {
				if ids[c], err = strconv.ParseInt(string(fields[c]), 10, 64); err != nil {
					return fmt.Errorf("runstore: %s:%d: column %s: %v", runsPath, line, header[c], err)
				}
			}
			for c := range cols {
				if vals[c], err = strconv.ParseFloat(string(fields[3+c]), 64); err != nil {
					return fmt.Errorf("runstore: %s:%d: column %s: %v", runsPath, line, cols[c], err)
				}
			}
			if err := w.Write(table.RunRow{Run: ids[0], DesignPoint: ids[1], Replicate: ids[2], Values: vals}); err != nil {
				return err
			}
		}
		return sc.Err()
	})
}
