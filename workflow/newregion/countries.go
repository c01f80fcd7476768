package newregion

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// Country is one row of the shipped table of the world's countries.
type Country struct {
	Code      string // ISO 3166-1 alpha-2
	Name      string
	Capital   string
	Latitude  float64 // of the capital, degrees north
	Longitude float64 // of the capital, degrees east
	UNMember  bool
}

//go:embed countries.csv
var countriesCSV []byte

var (
	countriesOnce sync.Once
	countryList   []Country
	countryIndex  map[string]int
	countriesErr  error
)

// Countries returns the shipped table (countries.csv, sources in its
// header): every UN member state and a few other territories with an ISO
// code, sorted by code.
func Countries() ([]Country, error) {
	countriesOnce.Do(func() { countryList, countriesErr = parseCountries(countriesCSV) })
	return append([]Country(nil), countryList...), countriesErr
}

// LookupCountry returns the country with ISO code code (any case).
func LookupCountry(code string) (Country, bool) {
	list, err := Countries()
	if err != nil {
		return Country{}, false
	}
	i, ok := countryIndex[strings.ToUpper(code)]
	if !ok {
		return Country{}, false
	}
	return list[i], true
}

func parseCountries(data []byte) ([]Country, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("newregion: countries.csv: %w", err)
	}
	countryIndex = map[string]int{}
	var out []Country
	for n, row := range rows[1:] {
		if len(row) != 6 {
			return nil, fmt.Errorf("newregion: countries.csv: row %d has %d fields, want 6", n+2, len(row))
		}
		lat, err1 := strconv.ParseFloat(row[3], 64)
		lon, err2 := strconv.ParseFloat(row[4], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("newregion: countries.csv: row %d (%s): bad coordinates %q, %q", n+2, row[0], row[3], row[4])
		}
		countryIndex[row[0]] = len(out)
		out = append(out, Country{Code: row[0], Name: row[1], Capital: row[2], Latitude: lat, Longitude: lon, UNMember: row[5] == "1"})
	}
	return out, nil
}
