package observed

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The reports' projections and the World Bank indicators are shipped beside
// the history but are not Data: a projection is a forecast, an indicator
// is an input of a scenario, and neither is an observation a fit compares
// with the model. Each has its own type and reader, so no code path can
// hand them to a calibration.

//go:embed projections.csv
var projectionsCSV []byte

//go:embed indicators_2023_2024.csv
var indicatorsCSV []byte

// Projection is what a report edition projected for a later year: the
// expert forecast a backtest is compared with, never data to fit.
type Projection struct {
	Region  string   // a member id or a group (SEA6)
	Members []string // the members it sums over
	Segment string   // a segment id, or "total" for all segments
	Year    int      // the year projected
	Vintage int      // the report edition that projected it, before Year
	Value   float64  // GMV, USD per year
	Source  string   // source keys, e.g. "S01;S04"
	// Confidence is one of Confidences.
	Confidence string
	Line       int // in the file, for messages
}

// ProjectionHeader is the header of a projections file.
var ProjectionHeader = []string{"region_or_member", "segment", "year", "value", "unit", "vintage", "source", "confidence"}

// Projections returns the shipped projections (projections.csv): what the
// e-Conomy SEA editions of 2016-2023 projected for 2025 and 2030, for the
// SEA-6 total, its segments and some members.
func Projections() ([]Projection, error) {
	return ReadProjections(bytes.NewReader(projectionsCSV), "projections.csv")
}

// ReadProjections parses a projections file strictly (every problem with
// its line, column and the fix).
func ReadProjections(r io.Reader, name string) ([]Projection, error) {
	groups, rows, errs := readTable(r, name, ProjectionHeader)
	var out []Projection
	first := map[string]int{}
	for _, row := range rows {
		f, bad := row.f, row.bad
		p := Projection{Region: f[0], Segment: f[1], Source: f[6], Confidence: f[7], Line: row.line}
		ok := true
		if m, isGroup := groups[p.Region]; isGroup {
			p.Members = m
		} else if idPattern.MatchString(p.Region) {
			p.Members = []string{p.Region}
		} else {
			ok = bad(0, "want a member id or a group name (letters, digits, _)")
		}
		if !segmentPattern.MatchString(p.Segment) {
			ok = bad(1, "want a segment id (lower_snake_case) or total")
		}
		var yok, vok bool
		p.Year, yok = year(f[2])
		if !yok {
			ok = bad(2, "want the calendar year projected, such as 2025")
		}
		p.Vintage, vok = year(f[5])
		switch {
		case !vok:
			ok = bad(5, "want the year of the report edition that made the projection, such as 2019")
		case yok && p.Vintage >= p.Year:
			ok = bad(5, fmt.Sprintf("is not before the year %d projected: a figure from the year's own edition or later is an observation (put it in the history)", p.Year))
		}
		p.Value, ok = positive(f[3], bad, 3, ok)
		if f[4] != "USD" {
			ok = bad(4, `projections are GMV in base units: the unit must be "USD" (multiply billions by 1e9)`)
		}
		ok = checkSourceConfidence(f[6], f[7], 6, bad) && ok
		if !ok {
			continue
		}
		key := fmt.Sprintf("%s %s %d %d", p.Region, p.Segment, p.Year, p.Vintage)
		if prev, dup := first[key]; dup {
			bad(0, fmt.Sprintf("%s %s %d from the %d edition appears twice (first on line %d); keep one row", p.Region, p.Segment, p.Year, p.Vintage, prev))
			continue
		}
		first[key] = row.line
		out = append(out, p)
	}
	return out, finish(name, errs(), len(out))
}

// String names the projection: region, segment, year, edition, value.
func (p Projection) String() string {
	return fmt.Sprintf("%s %s %d (%d edition): %g USD", p.Region, p.Segment, p.Year, p.Vintage, p.Value)
}

// Indicator is one published indicator of a member in a year: an input a
// scenario is seeded with (population, GDP, internet share, LPI rank), not
// an observable the model is fitted to.
type Indicator struct {
	Member     string
	Name       string // one of IndicatorUnits' keys
	Year       int
	Value      float64 // in Unit
	Unit       string
	Source     string
	Confidence string
	Line       int
}

// IndicatorUnits gives, for each indicator, the unit its rows must state;
// lpi_rank states "rank of N" for an edition ranking N economies.
var IndicatorUnits = map[string]string{
	"population":     "persons",
	"gdp":            "USD",
	"internet_share": "share",
	"lpi_rank":       "rank of N",
}

// IndicatorHeader is the header of an indicators file.
var IndicatorHeader = []string{"member", "indicator", "year", "value", "unit", "source", "confidence"}

// Indicators is a set of indicator rows.
type Indicators []Indicator

// Get returns the value of indicator name for member in year.
func (in Indicators) Get(member, name string, year int) (float64, bool) {
	x, ok := in.Find(member, name, year)
	return x.Value, ok
}

// Find returns the row of indicator name for member in year.
func (in Indicators) Find(member, name string, year int) (Indicator, bool) {
	for _, x := range in {
		if x.Member == member && x.Name == name && x.Year == year {
			return x, true
		}
	}
	return Indicator{}, false
}

// ShippedIndicators returns the shipped indicators (indicators_2023_2024.csv):
// the World Bank's population, GDP and internet share of 2024 for the ten
// members (Myanmar's internet share missing) and the LPI 2023 ranks.
func ShippedIndicators() (Indicators, error) {
	return ReadIndicators(bytes.NewReader(indicatorsCSV), "indicators_2023_2024.csv")
}

var rankUnit = regexp.MustCompile(`^rank of [1-9][0-9]*$`)

// ReadIndicators parses an indicators file strictly.
func ReadIndicators(r io.Reader, name string) (Indicators, error) {
	_, rows, errs := readTable(r, name, IndicatorHeader)
	var out Indicators
	first := map[string]int{}
	for _, row := range rows {
		f, bad := row.f, row.bad
		x := Indicator{Member: f[0], Name: f[1], Unit: f[4], Source: f[5], Confidence: f[6], Line: row.line}
		ok := true
		if !idPattern.MatchString(x.Member) {
			ok = bad(0, "want a member id (letters, digits, _)")
		}
		unit, known := IndicatorUnits[x.Name]
		if !known {
			ok = bad(1, "unknown indicator; known: population, gdp, internet_share, lpi_rank")
		}
		var yok bool
		if x.Year, yok = year(f[2]); !yok {
			ok = bad(2, "want a whole calendar year such as 2024")
		}
		x.Value, ok = positive(f[3], bad, 3, ok)
		switch {
		case x.Name == "lpi_rank" && !rankUnit.MatchString(x.Unit):
			ok = bad(4, `a rank's unit is "rank of N", N the economies ranked (139 in 2023)`)
		case x.Name != "lpi_rank" && x.Unit != unit:
			ok = bad(4, fmt.Sprintf("%s is written in base units: the unit must be %q", x.Name, unit))
		case x.Name == "internet_share" && x.Value > 1:
			ok = bad(3, "a share is at most 1: write a percentage as e.g. 72.78e-2")
		}
		ok = checkSourceConfidence(f[5], f[6], 5, bad) && ok
		if !ok {
			continue
		}
		key := fmt.Sprintf("%s %s %d", x.Member, x.Name, x.Year)
		if prev, dup := first[key]; dup {
			bad(0, fmt.Sprintf("%s appears twice (first on line %d); keep one row", key, prev))
			continue
		}
		first[key] = row.line
		out = append(out, x)
	}
	return out, finish(name, errs(), len(out))
}

// tableRow is one data row of a table file, with a reporter for its fields.
type tableRow struct {
	line int
	f    []string
	bad  func(field int, reason string) bool // reports, returns false
}

// readTable reads a small CSV of this package's layout: comment lines (#,
// including "# group NAME = ..." declarations), the header exactly want,
// then rows of len(want) fields. errs returns the problems found so far,
// the rows' reporters included.
func readTable(r io.Reader, name string, want []string) (groups map[string][]string, rows []tableRow, errs func() []error) {
	var list []error
	errs = func() []error { return list }
	raw, err := io.ReadAll(r)
	if err != nil {
		list = append(list, fmt.Errorf("observed: %s: %w", name, err))
		return nil, nil, errs
	}
	add := func(e *Error) {
		e.File = name
		if len(list) < maxErrors {
			list = append(list, e)
		}
	}
	groups = readGroups(raw, add) // declared and checked as in a data file
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		add(&Error{Cell: true, Reason: "empty file; the first row must be the header " + strings.Join(want, ",")})
		return groups, nil, errs
	}
	if err != nil {
		list = append(list, csvError(name, err))
		return groups, nil, errs
	}
	if !slices.Equal(header, want) {
		line, _ := cr.FieldPos(0)
		add(&Error{Cell: true, Line: line, Key: "header", Value: strings.Join(header, ","), Reason: "the first row must be exactly " + strings.Join(want, ",")})
		return groups, nil, errs
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			list = append(list, csvError(name, err))
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(want) {
			add(&Error{Cell: true, Line: line, Key: "row", Value: strings.Join(rec, ","),
				Reason: fmt.Sprintf("has %d fields, want %d (%s)", len(rec), len(want), strings.Join(want, ","))})
			continue
		}
		pos := make([][2]int, len(rec))
		for i := range rec {
			pos[i][0], pos[i][1] = cr.FieldPos(i)
		}
		rows = append(rows, tableRow{line: line, f: rec, bad: func(i int, reason string) bool {
			add(&Error{Cell: true, Line: pos[i][0], Col: pos[i][1], Key: want[i], Value: rec[i], Reason: reason})
			return false
		}})
	}
	return groups, rows, errs
}

func year(s string) (int, bool) {
	y, err := strconv.Atoi(s)
	return y, err == nil && y >= 1900 && y <= 2200
}

// positive reads a finite value > 0 of field i; ok carries the row's state.
func positive(s string, bad func(int, string) bool, i int, ok bool) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
		return 0, bad(i, "want a finite number > 0 such as 240e9")
	}
	return v, ok
}

// checkSourceConfidence checks a source and a confidence field (at i, i+1).
func checkSourceConfidence(source, conf string, i int, bad func(int, string) bool) bool {
	ok := true
	if strings.TrimSpace(source) == "" {
		ok = bad(i, "is empty; give the source keys of the value (shared/data/README.md), e.g. S17;S22")
	}
	switch c := confidence(conf); {
	case c == nil:
		ok = bad(i+1, "unknown confidence code; the codes are "+confidenceCodes()+" (README.md in scenarios/observed)")
	case c.NoValue:
		ok = bad(i+1, fmt.Sprintf("means the figure %s, but the row has a value", c.Doc))
	}
	return ok
}

// finish joins the problems of a table file, or reports it empty.
func finish(name string, errs []error, n int) error {
	if len(errs) == 0 && n == 0 {
		return &Error{Cell: true, File: name, Reason: "no rows after the header"}
	}
	if len(errs) >= maxErrors {
		errs = append(errs, fmt.Errorf("%s: stopped after %d problems", name, maxErrors))
	}
	return errors.Join(errs...)
}
