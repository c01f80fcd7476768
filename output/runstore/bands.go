package runstore

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"

	"github.com/digisim/digisim/internal/atomicfile"
	"github.com/digisim/digisim/sim/summary"
)

// BandsHeader is the header of bands.csv.
const BandsHeader = "series,time,n,mean,p5,p25,p50,p75,p95\n"

// WriteBands reads the series columns of the run table at runsPath and
// writes, atomically, one row per series and output time with the mean and
// the 5, 25, 50, 75 and 95 percentiles over runs. It holds only the series
// columns in memory: runs x series x times numbers.
func WriteBands(runsPath, bandsPath string, l Layout) error {
	if len(l.Series) == 0 {
		return atomicfile.WriteFile(bandsPath, []byte(BandsHeader))
	}
	f, err := os.Open(runsPath)
	if err != nil {
		return err
	}
	defer f.Close()
	first := 3 + len(l.Params) + len(l.Outcomes)
	ncols := len(l.Series) * len(l.Times)
	cols := make([][]float64, ncols)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			continue
		}
		fields := bytes.Split(sc.Bytes(), []byte{','})
		if len(fields) != first+ncols {
			return fmt.Errorf("runstore: %s:%d: %d columns, want %d", runsPath, line, len(fields), first+ncols)
		}
		for c := range ncols {
			v, err := strconv.ParseFloat(string(fields[first+c]), 64)
			if err != nil {
				return fmt.Errorf("runstore: %s:%d: column %d: %w", runsPath, line, first+c+1, err)
			}
			cols[c] = append(cols[c], v)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("runstore: %s: %w", runsPath, err)
	}
	var b []byte
	b = append(b, BandsHeader...)
	for s, name := range l.Series {
		for k, t := range l.Times {
			bd := summary.Of(cols[s*len(l.Times)+k])
			b = append(b, name...)
			b = append(b, ',')
			b = strconv.AppendFloat(b, t, 'g', -1, 64)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(bd.N), 10)
			for _, v := range []float64{bd.Mean, bd.P5, bd.P25, bd.P50, bd.P75, bd.P95} {
				b = append(b, ',')
				b = strconv.AppendFloat(b, v, 'g', -1, 64)
			}
			b = append(b, '\n')
		}
	}
	return atomicfile.WriteFile(bandsPath, b)
}
