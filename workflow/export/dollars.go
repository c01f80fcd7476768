package export

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
)

// DollarYear is the year of the constant US dollars of an export: the
// latest year whose dollars pyam's unit registry (iam-units) defines,
// USD_2022. Plain "USD" would not do: that registry reads it as 2005
// dollars.
const DollarYear = 2022

// AssumedInflation is the yearly growth of the US GDP deflator assumed
// for years after the last of the shipped series (2022): 2%, the Federal
// Reserve's longer-run inflation goal. digisim's dollars are current
// dollars of each year (its seeds and history are in current US dollars),
// so the values of those years are deflated by this assumption, not by
// data.
const AssumedInflation = 0.02

// deflatorCSV is the shipped US GDP deflator series, with its source.
//
//go:embed us-gdp-deflator.csv
var deflatorCSV []byte

// deflator maps a year to the US GDP deflator (2015 = 100).
var deflator, firstDeflatorYear, lastDeflatorYear = mustReadDeflator(deflatorCSV)

func mustReadDeflator(b []byte) (map[int]float64, int, int) {
	r := csv.NewReader(bytes.NewReader(b))
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil || len(recs) < 2 {
		panic(fmt.Sprintf("export: us-gdp-deflator.csv: %v", err))
	}
	d := map[int]float64{}
	first, last := math.MaxInt, math.MinInt
	for _, rec := range recs[1:] {
		y, err1 := strconv.Atoi(rec[0])
		v, err2 := strconv.ParseFloat(rec[1], 64)
		if err1 != nil || err2 != nil || v <= 0 {
			panic(fmt.Sprintf("export: us-gdp-deflator.csv: bad line %q", rec))
		}
		if y != last+1 && last != math.MinInt {
			panic(fmt.Sprintf("export: us-gdp-deflator.csv: year %d after %d: want consecutive years", y, last))
		}
		d[y] = v
		first, last = min(first, y), max(last, y)
	}
	return d, first, last
}

// deflatorOf is the deflator of a year: the data, or after the last year
// of data the last value grown by AssumedInflation a year.
func deflatorOf(year int) (float64, error) {
	if v, ok := deflator[year]; ok {
		return v, nil
	}
	if year > lastDeflatorYear {
		return deflator[lastDeflatorYear] * math.Pow(1+AssumedInflation, float64(year-lastDeflatorYear)), nil
	}
	return 0, fmt.Errorf("no US GDP deflator for %d (the shipped series starts in %d)", year, firstDeflatorYear)
}

// toConstant is the factor that turns current US dollars of year into
// constant dollars of DollarYear.
func toConstant(year int) (float64, error) {
	d, err := deflatorOf(year)
	if err != nil {
		return 0, err
	}
	return deflator[DollarYear] / d, nil
}
