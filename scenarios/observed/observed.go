package observed

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/digisim/digisim/internal/suggest"
	"github.com/digisim/digisim/scenarios"
)

//go:embed history_2015_2018.csv
var history []byte

// Shipped is the name of the embedded history: 2015-2018 SEA-6 figures of
// the e-Conomy SEA reports (see README.md in this directory).
const Shipped = "history_2015_2018"

// Header is the required first row of a data file.
var Header = []string{"region_or_member", "variable", "segment", "year", "value", "unit"}

// Variable is an observable quantity and how the model produces it.
type Variable struct {
	Name         string
	Unit         string // the unit column must say exactly this
	Total        bool   // segment "total" is allowed
	SegmentsOnly bool   // a segment id is required
	TotalOnly    bool   // only "total" is allowed
	Doc          string
}

// Variables lists the observable variables.
var Variables = []Variable{
	{Name: "gmv", Unit: "USD", Total: true, Doc: "GMV by the buyer's country, USD per year, for a segment or the total of all segments"},
	{Name: "users", Unit: "persons", SegmentsOnly: true, Doc: "users of a segment (e-commerce buyers, transport & food users)"},
	{Name: "trips_per_day", Unit: "trips/day", SegmentsOnly: true, Doc: "transactions per day of a segment (transport & food: trips)"},
	{Name: "internet_users", Unit: "persons", Total: true, TotalOnly: true, Doc: "persons online: online share times population"},
}

func variable(name string) *Variable {
	for i := range Variables {
		if Variables[i].Name == name {
			return &Variables[i]
		}
	}
	return nil
}

// DefaultGroups are the groups every file may use without declaring them.
var DefaultGroups = map[string][]string{
	"SEA6":  {"ID", "MY", "PH", "SG", "TH", "VN"},
	"ASEAN": {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"},
}

// Observation is one row of a data file.
type Observation struct {
	Region   string   // region_or_member as written: a group or a member id
	Members  []string // the members it sums over: the group's, or Region itself
	Variable string
	Segment  string // a segment id or "total"
	Year     int
	Value    float64
	Unit     string
	Line     int // line in the file, for messages
}

// Series names the series the observation belongs to, e.g.
// "SEA6 gmv ecommerce".
func (o *Observation) Series() string { return o.Region + " " + o.Variable + " " + o.Segment }

// Data is one parsed data file.
type Data struct {
	File   string              // name used in messages
	Groups map[string][]string // the default groups and the file's own
	Obs    []Observation       // in file order
}

// Error is one problem in a data file: where, which field (column), what
// value, and what is wrong with the fix. It is the scenario files' error
// type, with Cell set: file:line:column: field "value": message.
type Error = scenarios.Error

// maxErrors caps the problems reported for one file: past that, the file
// is probably not in this format at all.
const maxErrors = 25

// Load reads the shipped history (name "" or Shipped) or the file at path.
func Load(nameOrPath string) (*Data, error) {
	if nameOrPath == "" || nameOrPath == Shipped {
		return Read(bytes.NewReader(history), Shipped+".csv")
	}
	f, err := os.Open(nameOrPath)
	if err != nil {
		return nil, fmt.Errorf("observed: %w (the shipped data is named %q)", err, Shipped)
	}
	defer f.Close()
	return Read(f, nameOrPath)
}

var (
	idPattern      = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	segmentPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	groupLine      = regexp.MustCompile(`^#\s*group\b`)
	groupDecl      = regexp.MustCompile(`^#\s*group\s+([A-Za-z][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$`)
)

// Read parses a data file strictly: the header, every field, units,
// duplicates and group declarations. It reports every problem it finds
// (up to 25), each with file, line, column, field and value.
func Read(r io.Reader, name string) (*Data, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("observed: %s: %w", name, err)
	}
	d := &Data{File: name, Groups: map[string][]string{}}
	for g, m := range DefaultGroups {
		d.Groups[g] = m
	}
	var errs []error
	add := func(e *Error) {
		e.File = name
		if len(errs) < maxErrors {
			errs = append(errs, e)
		}
	}
	declared := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if !groupLine.MatchString(text) {
			continue
		}
		m := groupDecl.FindStringSubmatch(text)
		if m == nil || m[2] == "" {
			add(&Error{Cell: true, Line: line, Key: "group", Value: text, Reason: "a group is declared as \"# group NAME = MEMBER MEMBER ...\""})
			continue
		}
		g, members := m[1], strings.Fields(m[2])
		if prev, ok := declared[g]; ok {
			add(&Error{Cell: true, Line: line, Key: "group", Value: g, Reason: fmt.Sprintf("declared twice (first on line %d); declare it once", prev)})
			continue
		}
		declared[g] = line
		if def, ok := DefaultGroups[g]; ok && !sameSet(def, members) {
			add(&Error{Cell: true, Line: line, Key: "group", Value: g, Reason: fmt.Sprintf("is built in as %s; use another name for a different set", strings.Join(def, " "))})
			continue
		}
		seen := map[string]bool{}
		for _, mb := range members {
			if !idPattern.MatchString(mb) || seen[mb] {
				add(&Error{Cell: true, Line: line, Key: "group " + g, Value: mb, Reason: "members are distinct ids (letters, digits, _), separated by spaces"})
			}
			seen[mb] = true
		}
		d.Groups[g] = members
	}

	cr := csv.NewReader(bytes.NewReader(raw))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{File: name, Reason: "empty file; the first row must be the header " + strings.Join(Header, ",")}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	if !slices.Equal(header, Header) {
		line, _ := cr.FieldPos(0)
		return nil, &Error{Cell: true, File: name, Line: line, Key: "header", Value: strings.Join(header, ","),
			Reason: "the first row must be exactly " + strings.Join(Header, ",")}
	}
	first := map[string]int{} // key -> line
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			add(csvError(name, err))
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(Header) {
			add(&Error{Cell: true, Line: line, Value: strings.Join(rec, ","), Key: "row",
				Reason: fmt.Sprintf("has %d fields, want %d (%s)", len(rec), len(Header), strings.Join(Header, ","))})
			continue
		}
		bad := func(f int, msg string) {
			l, c := cr.FieldPos(f)
			add(&Error{Cell: true, Line: l, Col: c, Key: Header[f], Value: rec[f], Reason: msg})
		}
		o := Observation{Region: rec[0], Variable: rec[1], Segment: rec[2], Unit: rec[5], Line: line}
		ok := true
		if members, isGroup := d.Groups[o.Region]; isGroup {
			o.Members = members
		} else if idPattern.MatchString(o.Region) {
			o.Members = []string{o.Region}
		} else {
			bad(0, "want a member id or a group name (letters, digits, _)")
			ok = false
		}
		v := variable(o.Variable)
		switch {
		case v == nil:
			bad(1, "unknown variable; known: "+variableNames()+suggest.DidYouMean(o.Variable, variableList()))
			ok = false
		case o.Segment == "total" && !v.Total:
			bad(2, fmt.Sprintf("%s has no total over segments (a person using two segments would count twice); give a segment", v.Name))
			ok = false
		case o.Segment != "total" && v.TotalOnly:
			bad(2, fmt.Sprintf("%s is per member, not per segment; write total", v.Name))
			ok = false
		case !segmentPattern.MatchString(o.Segment):
			bad(2, "want a segment id (lower_snake_case) or total")
			ok = false
		}
		year, err := strconv.Atoi(rec[3])
		switch {
		case err != nil:
			bad(3, "want a whole calendar year such as 2017")
			ok = false
		case year < 1900 || year > 2200:
			bad(3, "want a calendar year between 1900 and 2200")
			ok = false
		}
		o.Year = year
		val, err := strconv.ParseFloat(rec[4], 64)
		switch {
		case err != nil || math.IsNaN(val) || math.IsInf(val, 0):
			bad(4, "want a finite number such as 23e9")
			ok = false
		case val < 0:
			bad(4, "is negative; observed levels are >= 0")
			ok = false
		case val == 0:
			bad(4, "is zero, which a fit on log values cannot use; drop the row")
			ok = false
		}
		o.Value = val
		if v != nil && o.Unit != v.Unit {
			bad(5, unitFix(v, o.Unit))
			ok = false
		}
		if !ok {
			continue
		}
		key := o.Series() + " " + rec[3]
		if prev, dup := first[key]; dup {
			bad(0, fmt.Sprintf("%s %s %s %d appears twice (first on line %d); keep one row", o.Region, o.Variable, o.Segment, o.Year, prev))
			continue
		}
		first[key] = line
		d.Obs = append(d.Obs, o)
	}
	if len(errs) == 0 && len(d.Obs) == 0 {
		errs = append(errs, &Error{File: name, Reason: "no observations after the header"})
	}
	if len(errs) == maxErrors {
		errs = append(errs, fmt.Errorf("%s: stopped after %d problems", name, maxErrors))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return d, nil
}

func csvError(name string, err error) *Error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: name, Line: pe.Line, Col: pe.Column, Reason: pe.Err.Error() + "; check quoting"}
	}
	return &Error{File: name, Reason: err.Error()}
}

func unitFix(v *Variable, got string) string {
	scale := ""
	low := strings.ToLower(got)
	switch {
	case strings.Contains(low, "bn") || strings.Contains(low, "billion"):
		scale = " (multiply billions by 1e9)"
	case strings.Contains(low, "million") || strings.Contains(low, "mn"):
		scale = " (multiply millions by 1e6)"
	}
	return fmt.Sprintf("%s is written in base units: the unit must be %q%s", v.Name, v.Unit, scale)
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	sort.Strings(x)
	sort.Strings(y)
	return slices.Equal(x, y)
}

func variableList() []string {
	var out []string
	for _, v := range Variables {
		out = append(out, v.Name)
	}
	return out
}

func variableNames() string { return strings.Join(variableList(), ", ") }

// Until returns the observations of d up to and including year.
func (d *Data) Until(year int) *Data {
	out := &Data{File: d.File, Groups: d.Groups}
	for _, o := range d.Obs {
		if o.Year <= year {
			out.Obs = append(out.Obs, o)
		}
	}
	return out
}

// Years returns the first and last observed years.
func (d *Data) Years() (first, last int) {
	first, last = math.MaxInt, math.MinInt
	for _, o := range d.Obs {
		first, last = min(first, o.Year), max(last, o.Year)
	}
	return first, last
}
