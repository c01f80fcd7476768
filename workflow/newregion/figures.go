package newregion

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

// A figures file is a long-format CSV, one figure a row (the layout of the
// project's data files): the columns iso2, variable, sector, year, value
// and unit, and optionally source_keys; other columns (member, confidence,
// note, ...) are ignored. Lines starting with # are comments. A row with
// an empty value is a figure known to be missing and is skipped. The
// variables read are:
//
//	gmv       sector = segment id (ecommerce, online_travel, ...), unit USD, USD bn or USD mn
//	users     sector = segment id, or online_buyers (ecommerce), ride_hailing_active
//	          (transport_food), internet_users; unit persons or million
//	capacity  sector = population (persons or million), gdp_current (USD, USD bn),
//	          gdp_per_capita (USD), internet_users_pct (% of pop), findex_account_pct
//	          (% age 15+), lpi_rank and unctad_b2c_rank (unit "rank of N"),
//	          dp_law_year (year enacted)
//
// Other variables (gmv_projection, activity, ...), a gmv sector "total",
// and rows of codes that are not members (regional aggregates) are left
// out and counted in Figures.Skipped.

// Figure is one value read, with where it came from.
type Figure struct {
	Value  float64 // in the model's unit: USD, persons, a share, a rank, a year
	Year   int
	Of     float64 // for a rank: the number of countries ranked
	Source string  // source_keys, if any
	Row    int     // line of the file
}

// Figures are the figures of a file, by member, variable and sector.
type Figures struct {
	File    string
	byKey   map[figKey][]Figure
	Skipped map[string]int // variable or reason -> rows left out
}

type figKey struct{ member, variable, sector string }

// segment aliases of the project's data files
var userSectors = map[string]string{"online_buyers": "ecommerce", "ride_hailing_active": "transport_food"}

// ReadFigures reads a figures file for the given members (ISO codes).
// Every value that cannot be read is reported with its line, column and
// value, all at once.
func ReadFigures(path string, members []string) (*Figures, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readFigures(path, f, members)
}

func readFigures(file string, r io.Reader, members []string) (*Figures, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	want := map[string]bool{}
	for _, m := range members {
		want[m] = true
	}
	out := &Figures{File: file, byKey: map[figKey][]Figure{}, Skipped: map[string]int{}}
	var errs []error
	fail := func(line int, col, val, why string) {
		errs = append(errs, fmt.Errorf("%s:%d: column %s: %q %s", file, line, col, val, why))
	}
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: no header line: %w", file, err)
	}
	col := map[string]int{}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff") // the byte-order mark spreadsheets write
		}
		col[strings.TrimSpace(strings.ToLower(h))] = i
	}
	for _, need := range []string{"iso2", "variable", "sector", "year", "value", "unit"} {
		if _, ok := col[need]; !ok {
			hint := ""
			if len(header) == 1 && strings.Contains(header[0], ";") {
				hint = " (the file is separated by semicolons: save it as comma-separated values)"
			}
			return nil, fmt.Errorf("%s:1: the header has no column %q: want iso2,variable,sector,year,value,unit (and optionally source_keys); it has %s%s", file, need, strings.Join(header, ","), hint)
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, line, err)
		}
		get := func(name string) string {
			i, ok := col[name]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		iso, variable, sector := strings.ToUpper(get("iso2")), get("variable"), get("sector")
		if !want[iso] {
			out.Skipped["rows of other codes ("+iso+")"]++
			continue
		}
		if variable == "users" {
			if s, ok := userSectors[sector]; ok {
				sector = s
			}
		}
		if variable != "gmv" && variable != "users" && variable != "capacity" || variable == "gmv" && sector == "total" {
			out.Skipped[variable+" "+sector]++
			continue
		}
		raw, unit := get("value"), get("unit")
		if raw == "" {
			out.Skipped["empty values"]++
			continue
		}
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			fail(line, "value", raw, "is not a number")
			continue
		}
		if v < 0 {
			fail(line, "value", raw, "is negative: figures are counts, money, shares or ranks")
			continue
		}
		year, err := strconv.Atoi(get("year"))
		if err != nil {
			fail(line, "year", get("year"), "is not a year (a whole number such as 2023)")
			continue
		}
		fig := Figure{Year: year, Source: get("source_keys"), Row: line}
		scaled, of, why := convert(variable, sector, unit, v)
		if why != "" {
			fail(line, "unit", unit, why)
			continue
		}
		fig.Value, fig.Of = scaled, of
		k := figKey{iso, variable, sector}
		for _, prev := range out.byKey[k] {
			if prev.Year == year && prev.Value != fig.Value {
				fail(line, "value", raw, fmt.Sprintf("contradicts line %d (%s %s %s %d): give one value a year", prev.Row, iso, variable, sector, year))
			}
		}
		out.byKey[k] = append(out.byKey[k], fig)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// convert turns a value in its unit into the model's unit; of is the
// number of countries of a rank.
func convert(variable, sector, unit string, v float64) (value, of float64, why string) {
	u := strings.ToLower(strings.TrimSpace(unit))
	money := func() (float64, string) {
		switch u {
		case "usd":
			return v, ""
		case "usd bn", "usd billion", "bn usd":
			return v * 1e9, ""
		case "usd mn", "usd million", "mn usd":
			return v * 1e6, ""
		}
		return 0, "is not a unit of money here: want USD, USD bn or USD mn"
	}
	persons := func() (float64, string) {
		switch u {
		case "persons", "people":
			return v, ""
		case "million", "millions", "persons mn", "million persons":
			return v * 1e6, ""
		}
		return 0, "is not a unit of people here: want persons or million"
	}
	pct := func() (float64, string) {
		if !strings.HasPrefix(u, "%") {
			return 0, `is not a percentage: want "% of pop" (or another "% ..." unit)`
		}
		if v > 100 {
			return 0, "is a percentage above 100"
		}
		return v / 100, ""
	}
	switch variable {
	case "gmv":
		value, why = money()
	case "users":
		value, why = persons()
	case "capacity":
		switch sector {
		case "population":
			value, why = persons()
		case "gdp_current", "gdp_per_capita":
			value, why = money()
		case "internet_users_pct", "findex_account_pct":
			value, why = pct()
		case "lpi_rank", "unctad_b2c_rank", "itu_idi_rank":
			n, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimPrefix(u, "rank of")), 64)
			if !strings.HasPrefix(u, "rank of") || err != nil || n < 1 {
				return 0, 0, `is not a rank's unit: want "rank of N", N the number of countries ranked`
			}
			if v < 1 || v > n {
				return 0, 0, fmt.Sprintf("does not hold rank %g: a rank runs from 1 to %g", v, n)
			}
			value, of = v, n
		case "dp_law_year":
			value = v
		default:
			return v, 0, "" // an indicator init does not use: kept, unused
		}
	}
	return value, of, why
}

// at returns the figure of member, variable and sector for year, or else
// the latest before it, or else the earliest after it; ok is false when
// there is none.
func (f *Figures) at(member, variable, sector string, year int) (Figure, bool) {
	if f == nil {
		return Figure{}, false
	}
	list := f.byKey[figKey{member, variable, sector}]
	if len(list) == 0 {
		return Figure{}, false
	}
	var best Figure
	found := false
	for _, x := range list {
		if x.Year <= year && (!found || x.Year > best.Year) {
			best, found = x, true
		}
	}
	if found {
		return best, true
	}
	for _, x := range list {
		if !found || x.Year < best.Year {
			best, found = x, true
		}
	}
	return best, found
}

// exact returns the figure for exactly year.
func (f *Figures) exact(member, variable, sector string, year int) (Figure, bool) {
	if f == nil {
		return Figure{}, false
	}
	for _, x := range f.byKey[figKey{member, variable, sector}] {
		if x.Year == year {
			return x, true
		}
	}
	return Figure{}, false
}

// latestGMVYear is the latest year with GMV for some member: the base year
// when none is given.
func (f *Figures) latestGMVYear() int {
	y := 0
	for k, list := range f.byKey {
		if k.variable != "gmv" {
			continue
		}
		for _, x := range list {
			y = max(y, x.Year)
		}
	}
	return y
}

// skippedText describes the rows left out, for the report of init.
func (f *Figures) skippedText() string {
	if f == nil || len(f.Skipped) == 0 {
		return ""
	}
	var parts []string
	for k, n := range f.Skipped {
		parts = append(parts, fmt.Sprintf("%s: %d", k, n))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}
