package observed

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
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

//go:embed history_2019_2022.csv
var history2019 []byte

//go:embed headlines_2019_2022.csv
var headlines2019 []byte

//go:embed history_2023_2025.csv
var history2023 []byte

//go:embed headlines_2023_2025.csv
var headlines2023 []byte

// Shipped is the name of the embedded history: 2015-2018 SEA-6 figures of
// the e-Conomy SEA reports (see README.md in this directory).
const Shipped = "history_2015_2018"

// Names of the other embedded data (README.md in this directory).
const (
	// Recent is the 2019-2022 history: GMV per member and segment in the
	// latest vintage the reports published, and SEA-6 internet users.
	Recent = "history_2019_2022"
	// History is Shipped and Recent as one Data: 2015-2022.
	History = "history_2015_2022"
	// Headlines are the 2019-2022 figures as first announced (SEA-6 and
	// members), most restated since; not part of History, never fit with it.
	Headlines = "headlines_2019_2022"
	// Latest is the 2023-2025 history: GMV per member and segment in the
	// latest vintage (the 2025 edition; 2025 is its estimate).
	Latest = "history_2023_2025"
	// History2025 is Shipped, Recent and Latest as one Data: 2015-2025.
	History2025 = "history_2015_2025"
	// Headlines2023 are the SEA-6 headlines of the 2023-2025 editions;
	// like Headlines, never fit with the history.
	Headlines2023 = "headlines_2023_2025"
)

// ShippedNames lists the names Load accepts for embedded data.
var ShippedNames = []string{Shipped, Recent, History, Headlines, Latest, History2025, Headlines2023}

// Header is the required first row of a data file.
var Header = []string{"region_or_member", "variable", "segment", "year", "value", "unit"}

// Optional lists the columns a file may add after unit, each at most once,
// in any order: the report edition, the source keys and the confidence
// code of the row.
var Optional = []string{"vintage", "source", "confidence"}

// Confidence is a confidence code of the project's data
// (shared/data/README.md) and what it means.
type Confidence struct {
	Code, Doc string
	// NoValue marks the codes of a figure that was not found or does not
	// exist: a row with a value cannot carry them.
	NoValue bool
}

// Confidences lists the confidence codes.
var Confidences = []Confidence{
	{Code: "V2", Doc: "two or more independent sources quote the same report figure"},
	{Code: "V", Doc: "one source"},
	{Code: "D", Doc: "derived by arithmetic from sourced figures"},
	{Code: "V(WDI)", Doc: "World Bank indicator"},
	{Code: "T", Doc: "second-hand transcription of a report's chart, rounded"},
	{Code: "T+V", Doc: "a transcription (T) and a source quoting the figure (V)"},
	{Code: "U", Doc: "not found", NoValue: true},
	{Code: "NA", Doc: "does not exist", NoValue: true},
}

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

	// Optional columns; zero when the file lacks the column.
	Vintage    int    // report edition (a year) the value is taken from
	Source     string // source keys, e.g. "S17;S22"
	Confidence string // one of Confidences
	File       string // the file the row is in, for messages
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

// Load reads embedded data by name ("" is Shipped; see ShippedNames) or
// the file at path. History joins Shipped and Recent with [Concat],
// History2025 all three histories.
func Load(nameOrPath string) (*Data, error) {
	switch nameOrPath {
	case "", Shipped:
		return Read(bytes.NewReader(history), Shipped+".csv")
	case Recent:
		return Read(bytes.NewReader(history2019), Recent+".csv")
	case Headlines:
		return Read(bytes.NewReader(headlines2019), Headlines+".csv")
	case Latest:
		return Read(bytes.NewReader(history2023), Latest+".csv")
	case Headlines2023:
		return Read(bytes.NewReader(headlines2023), Headlines2023+".csv")
	case History:
		return loadConcat(History, Shipped, Recent)
	case History2025:
		return loadConcat(History2025, Shipped, Recent, Latest)
	}
	f, err := os.Open(nameOrPath)
	if err != nil {
		return nil, fmt.Errorf("observed: %w (the shipped data are named %s)", err, strings.Join(ShippedNames, ", "))
	}
	defer f.Close()
	return Read(f, nameOrPath)
}

// loadConcat loads the shipped parts and joins them as name.
func loadConcat(name string, parts ...string) (*Data, error) {
	var ds []*Data
	for _, p := range parts {
		d, err := Load(p)
		if err != nil {
			return nil, err
		}
		ds = append(ds, d)
	}
	return Concat(name, ds...)
}

// Concat joins data files that cover distinct years into one Data named
// name, in the order given; each observation keeps its file and line for
// messages. A year in two files is an error (they would give a quantity
// twice, or two vintages of it), as is a group declared differently.
func Concat(name string, parts ...*Data) (*Data, error) {
	out := &Data{File: name, Groups: map[string][]string{}}
	groupFile := map[string]string{}
	type where struct {
		file string
		line int
	}
	yearAt := map[int]where{}
	var errs []error
	for _, p := range parts {
		for _, g := range slices.Sorted(maps.Keys(p.Groups)) {
			m := p.Groups[g]
			if prev, ok := out.Groups[g]; ok && !sameSet(prev, m) {
				errs = append(errs, &Error{Cell: true, File: p.File, Key: "group", Value: g,
					Reason: fmt.Sprintf("is %s here but %s in %s; use another name for a different set", strings.Join(m, " "), strings.Join(prev, " "), groupFile[g])})
				continue
			}
			out.Groups[g], groupFile[g] = m, p.File
		}
		here := map[int]where{} // year -> its first row in p
		for _, o := range p.Obs {
			if o.File == "" {
				o.File = p.File
			}
			if _, ok := here[o.Year]; !ok {
				here[o.Year] = where{o.File, o.Line}
				if w, dup := yearAt[o.Year]; dup {
					errs = append(errs, &Error{Cell: true, File: o.File, Line: o.Line, Key: "year", Value: strconv.Itoa(o.Year),
						Reason: fmt.Sprintf("is also in %s (line %d); files joined as %s must cover distinct years: keep each year in one file", w.file, w.line, name)})
				}
			}
			out.Obs = append(out.Obs, o)
		}
		for y, w := range here {
			if _, ok := yearAt[y]; !ok {
				yearAt[y] = w
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// fileOf is the file an observation of d is in.
func (d *Data) fileOf(o *Observation) string {
	if o.File != "" {
		return o.File
	}
	return d.File
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
	d := &Data{File: name}
	var errs []error
	add := func(e *Error) {
		e.File = name
		if len(errs) < maxErrors {
			errs = append(errs, e)
		}
	}
	d.Groups = readGroups(raw, add)

	cr := csv.NewReader(bytes.NewReader(raw))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{Cell: true, File: name, Reason: "empty file; the first row must be the header " + strings.Join(Header, ",")}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	if len(header) < len(Header) || !slices.Equal(header[:len(Header)], Header) {
		line, _ := cr.FieldPos(0)
		return nil, &Error{Cell: true, File: name, Line: line, Key: "header", Value: strings.Join(header, ","),
			Reason: "the first row must be exactly " + strings.Join(Header, ",") + ", optionally followed by " + strings.Join(Optional, ", ")}
	}
	col := map[string]int{} // optional column -> its index
	for i := len(Header); i < len(header); i++ {
		h := header[i]
		line, c := cr.FieldPos(i)
		if prev, dup := col[h]; dup {
			return nil, &Error{Cell: true, File: name, Line: line, Col: c, Key: "header", Value: h,
				Reason: fmt.Sprintf("column %d repeats column %d; give each column once", i+1, prev+1)}
		}
		if !slices.Contains(Optional, h) {
			return nil, &Error{Cell: true, File: name, Line: line, Col: c, Key: "header", Value: h,
				Reason: "unknown column; after unit a file may add " + strings.Join(Optional, ", ") + optionalHint(h)}
		}
		col[h] = i
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
		if len(rec) != len(header) {
			add(&Error{Cell: true, Line: line, Value: strings.Join(rec, ","), Key: "row",
				Reason: fmt.Sprintf("has %d fields, want %d (%s)", len(rec), len(header), strings.Join(header, ","))})
			continue
		}
		bad := func(f int, msg string) {
			l, c := cr.FieldPos(f)
			add(&Error{Cell: true, Line: l, Col: c, Key: header[f], Value: rec[f], Reason: msg})
		}
		o := Observation{Region: rec[0], Variable: rec[1], Segment: rec[2], Unit: rec[5], Line: line, File: name}
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
		yearOK := err == nil && year >= 1900 && year <= 2200
		if !readOptional(&o, rec, col, yearOK, bad) {
			ok = false
		}
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
		errs = append(errs, &Error{Cell: true, File: name, Reason: "no observations after the header"})
	}
	if len(errs) == maxErrors {
		errs = append(errs, fmt.Errorf("%s: stopped after %d problems", name, maxErrors))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return d, nil
}

// readGroups returns the default groups and those raw declares in comment
// lines "# group NAME = A B C", reporting bad declarations through add.
func readGroups(raw []byte, add func(*Error)) map[string][]string {
	groups := maps.Clone(DefaultGroups)
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
		groups[g] = members
	}
	return groups
}

// readOptional reads the optional columns of a row into o; yearOK says
// whether o.Year was read. It reports through bad and returns false on a
// problem.
func readOptional(o *Observation, rec []string, col map[string]int, yearOK bool, bad func(int, string)) bool {
	ok := true
	if i, has := col["vintage"]; has {
		v, err := strconv.Atoi(rec[i])
		switch {
		case err != nil:
			bad(i, "want the year of the report edition the value is taken from, such as 2022")
			ok = false
		case v < 1900 || v > 2200:
			bad(i, "want a year between 1900 and 2200")
			ok = false
		case yearOK && v < o.Year:
			bad(i, fmt.Sprintf("is before the year %d the row reports: a figure for a later year is a forecast, not an observation; give the edition the value is taken from", o.Year))
			ok = false
		}
		o.Vintage = v
	}
	if i, has := col["source"]; has {
		if strings.TrimSpace(rec[i]) == "" {
			bad(i, "is empty; give the source keys of the value (shared/data/README.md), e.g. S17;S22")
			ok = false
		}
		o.Source = rec[i]
	}
	if i, has := col["confidence"]; has {
		c := confidence(rec[i])
		switch {
		case rec[i] == "":
			bad(i, "is empty; want one of "+confidenceCodes()+" (README.md in scenarios/observed)")
			ok = false
		case c == nil:
			bad(i, "unknown confidence code; the codes are "+confidenceCodes()+" (README.md in scenarios/observed)"+suggest.DidYouMean(rec[i], confidenceList()))
			ok = false
		case c.NoValue:
			bad(i, fmt.Sprintf("means the figure %s, but the row has a value: give the confidence of the value's source (D if derived), or drop the row", c.Doc))
			ok = false
		}
		o.Confidence = rec[i]
	}
	return ok
}

// optionalHint points a near or a known wrong name of an optional column
// to the right one.
func optionalHint(h string) string {
	switch h {
	case "report_vintage":
		return `; write "vintage"`
	case "source_keys", "sources":
		return `; write "source"`
	case "note", "notes":
		return "; notes go in comment lines starting with #"
	}
	return suggest.DidYouMean(h, Optional)
}

func confidence(code string) *Confidence {
	for i := range Confidences {
		if Confidences[i].Code == code {
			return &Confidences[i]
		}
	}
	return nil
}

func confidenceList() []string {
	var out []string
	for _, c := range Confidences {
		out = append(out, c.Code)
	}
	return out
}

func confidenceCodes() string { return strings.Join(confidenceList(), ", ") }

func csvError(name string, err error) *Error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{Cell: true, File: name, Line: pe.Line, Col: pe.Column, Reason: pe.Err.Error() + "; check quoting"}
	}
	return &Error{Cell: true, File: name, Reason: err.Error()}
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
