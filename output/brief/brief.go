package brief

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/digisim/digisim/internal/atomicfile"
	"github.com/digisim/digisim/output/chart/house"
)

// Brief is everything a briefing shows. Numbers come from the run's
// tables; nothing is typed by hand.
type Brief struct {
	// Title of the brief, e.g. "Binding digital-commerce rules in ASEAN,
	// 2018-2035".
	Title string
	// Headline gives the finding sentence (see Sentence).
	Headline Headline
	// KeyFigures is the key-figures table, in reading order.
	KeyFigures []KeyFigure
	// Columns head the key-figures table's value columns; empty heads are
	// the policy's name, the counterfactual's and "Difference" (a brief of
	// one run gives e.g. "2035", "2018", "Change").
	Columns [3]string
	// Charts are the brief's charts, in reading order (4 to 6 read best).
	Charts []Chart
	// Uncertainty, when a Monte Carlo sweep was given.
	Uncertainty *Uncertainty
	// Assumptions that matter most, from a sensitivity analysis, most
	// influential first; may be empty.
	Assumptions []Assumption
	// Method is the method-and-sources box, from the run's manifest.
	Method Method
	// Date is the brief's date as it reads under the title, e.g.
	// "6 December 2026"; optional.
	Date string
	// Definitions state each measure the brief quotes, in reading order.
	Definitions []Definition
}

// Definition is one entry of the definitions box: a measure and what it is.
type Definition struct {
	Term, Meaning string
}

// Unit says how a key figure reads.
type Unit int

const (
	USD       Unit = iota // US$, in the house money style
	Fraction              // a fraction shown as a per cent (a signed change in the difference column)
	Headcount             // people, users, firms: thousands separators, m, bn
	Plain                 // a number shown with up to 3 decimals
)

// KeyFigure is one row of the key-figures table: what, the policy's value,
// the counterfactual's, and the difference, in one unit. A NaN Baseline or
// Difference leaves its cell empty.
type KeyFigure struct {
	Label                        string // e.g. "Regional digital GMV, 2035"
	Unit                         Unit
	Policy, Baseline, Difference float64
}

// Chart is one chart of the brief: SVG bytes with a finding title.
type Chart struct {
	// Name is the file stem of the chart beside brief.md, lower case
	// letters, digits, '-' and '_' (e.g. "dividend_share").
	Name string
	// Finding is the title that states the finding, also the chart's alt
	// text.
	Finding string
	// Note is an optional sentence under the chart (what to look at).
	Note string
	// SVG is the chart, as written by the chart package.
	SVG []byte
	// Data is the chart's numbers as CSV (a header, then rows), written
	// beside the chart as <name>.csv and linked under it; optional.
	Data []byte
}

// Uncertainty summarises a Monte Carlo sweep of the dividend.
type Uncertainty struct {
	Runs int // number of runs
	// Quantity, when set, names what P05, P50 and P95 are quantiles of
	// (e.g. "SEA-6 digital GMV in 2035"), for the sweep of one scenario
	// (a run, not a comparison): there is no dividend, and PPositive is
	// not reported.
	Quantity string
	// PPositive is the share of runs whose cumulative dividend is > 0.
	PPositive float64
	// P05, P50, P95 are quantiles of the cumulative dividend, US$.
	P05, P50, P95 float64
	// Charts: a fan chart over time and the distribution, either optional.
	Charts []Chart
}

// Assumption is one uncertain input and how much of the outcome's
// variance it explains.
type Assumption struct {
	Name   string  // readable name, e.g. "Imitation rate of adoption"
	Key    string  // scenario key, e.g. "adoption.imitation"
	Effect float64 // total-effect index, a fraction of variance
	// Low and High bound its 95% interval; unknown unless High > Low.
	Low, High float64
}

// Method is the method-and-sources box.
type Method struct {
	Model          string // model name and version, e.g. "digisim model 3"
	DigisimVersion string // e.g. "v0.4.0"
	Command        string // the command that made the tables, optional
	Scenarios      []ScenarioFile
	// Experiments are the sweeps behind the uncertainty and the
	// assumptions, with the SHA-256 of the experiment (manifest.json).
	Experiments []ScenarioFile
	DataSources []string // e.g. "Google, Temasek, Bain: e-Conomy SEA 2018"
	// Skill, optional, says how well the model forecast in backtests and
	// where it fell short, one sentence an item.
	Skill []string
	// Compared says what the policy and its counterfactual differ in, one
	// sentence a difference (from differences.csv).
	Compared []string
	// Caveats are what a reader must know about the comparison, e.g. that
	// the pair differs in more than policy.
	Caveats []string
}

// ScenarioFile is a scenario the brief rests on and its content hash.
type ScenarioFile struct {
	Name   string // e.g. "binding"
	File   string // e.g. "scenarios/shipped/binding.toml"
	SHA256 string // hex
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
var hexRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Check reports every problem of a brief's inputs at once.
func (b *Brief) Check() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf("brief: "+format, args...)) }
	if strings.TrimSpace(b.Title) == "" {
		add("Title: empty; give the brief a title")
	}
	if err := b.Headline.check(); err != nil {
		errs = append(errs, err)
	}
	if len(b.KeyFigures) == 0 {
		add("KeyFigures: none; a brief needs its key figures (from summary.csv and dividend.csv)")
	}
	for i, k := range b.KeyFigures {
		if strings.TrimSpace(k.Label) == "" {
			add("KeyFigures[%d]: no label", i)
		}
		if math.IsNaN(k.Policy) || math.IsInf(k.Policy, 0) {
			add("KeyFigures[%d] %q: policy value %v is not a finite number", i, k.Label, k.Policy)
		}
		if k.Unit < USD || k.Unit > Plain {
			add("KeyFigures[%d] %q: unit %d is not one of USD, Fraction, Headcount, Plain", i, k.Label, k.Unit)
		}
	}
	if len(b.Charts) == 0 {
		add("Charts: none; a brief needs at least one chart")
	}
	names := map[string]bool{}
	checkChart := func(where string, c Chart) {
		if !nameRE.MatchString(c.Name) {
			add("%s: name %q: use lower-case letters, digits, '-' and '_' (it names the file beside brief.md)", where, c.Name)
		} else if names[c.Name] {
			add("%s: name %q appears twice", where, c.Name)
		}
		names[c.Name] = true
		if strings.TrimSpace(c.Finding) == "" {
			add("%s %q: no finding title", where, c.Name)
		}
		if err := checkSVG(c.SVG); err != nil {
			add("%s %q: %v", where, c.Name, err)
		}
	}
	for i, c := range b.Charts {
		checkChart(fmt.Sprintf("Charts[%d]", i), c)
	}
	if u := b.Uncertainty; u != nil {
		if u.Runs < 2 {
			add("Uncertainty: %d runs; a range needs a Monte Carlo sweep of at least 2 runs", u.Runs)
		}
		if !(u.PPositive >= 0 && u.PPositive <= 1) {
			add("Uncertainty: PPositive %v is outside [0, 1]", u.PPositive)
		}
		if !(u.P05 <= u.P50 && u.P50 <= u.P95) {
			add("Uncertainty: quantiles P05 %v, P50 %v, P95 %v do not increase", u.P05, u.P50, u.P95)
		}
		for i, c := range u.Charts {
			checkChart(fmt.Sprintf("Uncertainty.Charts[%d]", i), c)
		}
	}
	for i, a := range b.Assumptions {
		if a.Name == "" {
			add("Assumptions[%d]: no name", i)
		}
		if math.IsNaN(a.Effect) || a.Effect < -0.05 || a.Effect > 1.05 {
			add("Assumptions[%d] %q: effect %v is not a share of variance in [0, 1]", i, a.Name, a.Effect)
		}
		if a.High > a.Low && (a.Low > a.Effect || a.High < a.Effect) {
			add("Assumptions[%d] %q: interval %v to %v does not hold the index %v", i, a.Name, a.Low, a.High, a.Effect)
		}
	}
	if b.Method.Model == "" || b.Method.DigisimVersion == "" {
		add("Method: model and digisim version are needed (from manifest.json)")
	}
	if len(b.Method.Scenarios) == 0 {
		add("Method: no scenario files; list the scenarios and their SHA-256 (from manifest.json)")
	}
	for i, s := range b.Method.Scenarios {
		if !hexRE.MatchString(s.SHA256) {
			add("Method.Scenarios[%d] %q: SHA-256 %q is not 64 lower-case hex digits", i, s.Name, s.SHA256)
		}
	}
	for i, s := range b.Method.Experiments {
		if !hexRE.MatchString(s.SHA256) {
			add("Method.Experiments[%d] %q: SHA-256 %q is not 64 lower-case hex digits", i, s.Name, s.SHA256)
		}
	}
	return errors.Join(errs...)
}

// checkSVG checks that b is one well-formed SVG document that refers to
// nothing outside itself: no script, no foreign object, no link other than
// to a fragment or a data: URL.
func checkSVG(b []byte) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return errors.New("SVG is empty")
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("SVG does not parse: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == "" {
			root = se.Name.Local
		}
		switch strings.ToLower(se.Name.Local) {
		case "script", "foreignobject", "iframe":
			return fmt.Errorf("SVG holds a <%s> element; a brief takes drawings only", se.Name.Local)
		}
		for _, a := range se.Attr {
			if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
				continue
			}
			if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
				return fmt.Errorf("SVG attribute %s is an event handler", a.Name.Local)
			}
			if a.Name.Local == "href" && !strings.HasPrefix(a.Value, "#") && !strings.HasPrefix(a.Value, "data:") {
				return fmt.Errorf("SVG links to %q; a brief opens offline, so only data: and #fragment links are allowed", a.Value)
			}
			if strings.Contains(strings.ToLower(a.Value), "url(http") {
				return fmt.Errorf("SVG attribute %s refers to the network", a.Name.Local)
			}
		}
	}
	if root != "svg" {
		return fmt.Errorf("root element is <%s>, not <svg>", root)
	}
	return nil
}

// inlineSVG returns the SVG without its XML declaration and comments
// before the root, ready to sit inside HTML.
func inlineSVG(b []byte) string {
	s := string(b)
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	}
	return strings.TrimSpace(s)
}

// Files written by Write.
const (
	HTMLFile     = "brief.html"
	MarkdownFile = "brief.md"
)

// Write checks the brief and writes dir/brief.html, dir/brief.md and each
// chart as dir/<name>.svg, every file atomically. A brief with bad inputs
// writes nothing.
func Write(dir string, b Brief) error {
	if err := b.Check(); err != nil {
		return err
	}
	for _, c := range b.allCharts() {
		if err := atomicfile.WriteFile(filepath.Join(dir, c.Name+".svg"), c.SVG); err != nil {
			return fmt.Errorf("brief: chart %s: %w", c.Name, err)
		}
		if len(c.Data) > 0 {
			if err := atomicfile.WriteFile(filepath.Join(dir, c.Name+".csv"), c.Data); err != nil {
				return fmt.Errorf("brief: chart %s: %w", c.Name, err)
			}
		}
	}
	if err := atomicfile.Write(filepath.Join(dir, MarkdownFile), func(w io.Writer) error { return writeMarkdown(w, &b) }); err != nil {
		return fmt.Errorf("brief: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(dir, HTMLFile), func(w io.Writer) error { return writeHTML(w, &b) }); err != nil {
		return fmt.Errorf("brief: %w", err)
	}
	return nil
}

// HTML writes the brief as one self-contained HTML page.
func HTML(w io.Writer, b Brief) error {
	if err := b.Check(); err != nil {
		return err
	}
	return writeHTML(w, &b)
}

// Markdown writes the brief as Markdown; charts are referenced as
// <name>.svg in the same folder.
func Markdown(w io.Writer, b Brief) error {
	if err := b.Check(); err != nil {
		return err
	}
	return writeMarkdown(w, &b)
}

func (b *Brief) allCharts() []Chart {
	cs := append([]Chart(nil), b.Charts...)
	if b.Uncertainty != nil {
		cs = append(cs, b.Uncertainty.Charts...)
	}
	return cs
}

// format formats a key figure's value in its unit; difference says the
// value is a change (a sign is shown).
func (u Unit) format(v float64, difference bool) string {
	if math.IsNaN(v) {
		return ""
	}
	sign := ""
	if difference && v > 0 {
		sign = "+"
	}
	switch u {
	case USD:
		return sign + house.Money(v)
	case Fraction:
		if difference {
			// A difference of two shares is in percentage points.
			return strings.TrimSuffix(Percent(v), "%") + " pp"
		}
		return Share(v)
	case Headcount:
		return sign + house.People(v)
	default:
		return sign + strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", v), "0"), ".")
	}
}

// uncertaintySentence states the range of the dividend.
func (u *Uncertainty) sentence() string {
	if u.Quantity != "" {
		return fmt.Sprintf("Across %s Monte Carlo runs, %s lies between %s and %s in 90%% of runs (median %s): the spread of the experiment's uncertain inputs alone, not of every surprise a forecast meets.",
			house.Group(fmt.Sprint(u.Runs)), u.Quantity, house.Money(u.P05), house.Money(u.P95), house.Money(u.P50))
	}
	return fmt.Sprintf("The dividend is positive in %s of %s Monte Carlo runs; 90%% of runs lie between %s and %s (median %s).",
		Share(u.PPositive), house.Group(fmt.Sprint(u.Runs)), house.Money(u.P05), house.Money(u.P95), house.Money(u.P50))
}
