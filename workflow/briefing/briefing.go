package briefing

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/digisim/digisim/output/brief"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/workflow/plot"
	"github.com/digisim/digisim/workflow/runtables"
)

// Options say what a brief is made from and where it goes.
type Options struct {
	Dir     string // a folder of digisim run or compare
	Sweep   string // a finished sweep folder with a dividend outcome, optional
	Analyze string // a folder with sensitivity.csv (digisim analyze), optional
	// Backtest, optional, is a folder of digisim backtest (scores.csv,
	// forecasts.csv): the method box then says how well the model
	// forecast and where it fell short (skill.go).
	Backtest string
	Out      string   // folder of the brief (default Dir/brief)
	Title    string   // title of the brief (default from the scenarios and horizon)
	Command  []string // the command line, for the method box
	// Warn receives warnings, such as an observed history the folder
	// names and that is nowhere (default os.Stderr).
	Warn io.Writer
	// Date is the brief's date (default today, UTC; SOURCE_DATE_EPOCH,
	// seconds since 1970, fixes it for reproducible builds).
	Date time.Time
}

// Write builds the brief of o.Dir and writes it (brief.html, brief.md and
// the charts as SVG) into o.Out; it returns that folder.
func Write(o Options) (string, error) {
	b, err := Build(o)
	if err != nil {
		return "", err
	}
	out := o.Out
	if out == "" {
		out = filepath.Join(o.Dir, "brief")
	}
	if err := brief.Write(out, *b); err != nil {
		return "", err
	}
	return out, nil
}

// row is one value of a folder's tables: a policy value and, in a
// comparison, the counterfactual's (NaN for a run).
type row struct {
	time                              float64
	member, segment, pillar, variable string
	policy, base                      float64
}

// folder is what a run or compare folder holds, read once.
type folder struct {
	dir          string
	compare      bool
	policy, base string // scenario ids (base "" for a run)
	rows         []row
	times        []float64
	manifest     *manifest.Manifest
	warn         io.Writer // Options.Warn
	// accessWithoutRules is policy.baseline_access (MODEL.md, equation 12)
	// of the scenarios: 0 when members buy abroad only where they coordinate.
	accessWithoutRules float64
	summaryFirst       float64 // run: gmv_total of the first and last row of summary.csv
	summaryLast        float64
	baseYear           float64
	modelV2            bool
	scenarioHashes     map[string]string
	// A comparison: the scenarios' labels (manifest extra.labels), the
	// first year of its cumulative sums (extra.cumulative.from) and what
	// the two scenarios differ in (differences.csv).
	labels  map[string]string
	sumFrom float64
	diffs   []difference
}

// difference is one row of differences.csv.
type difference struct {
	path         string
	count        int
	policy, base string
	from         string // a year, or "start"
}

// ErrNoTables says a folder holds no tables a brief can be made from.
var ErrNoTables = errors.New("no tables of digisim run or compare")

func readFolder(dir string) (*folder, error) {
	if st, err := os.Stat(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("brief: %w", err)
	} else if err != nil || !st.IsDir() {
		return nil, fmt.Errorf("brief: %s is not a folder; give the output folder of digisim run or compare", dir)
	}
	f := &folder{dir: dir}
	has := func(n string) bool { _, err := os.Stat(filepath.Join(dir, n)); return err == nil }
	switch {
	case has("dividend.csv"):
		f.compare = true
	case has("summary.csv") && has("series.csv"):
	default:
		hint := ""
		if has("runs.csv") || has("runs.parquet") {
			hint = " (it looks like a sweep: give it with --sweep, next to a compare folder)"
		}
		return nil, fmt.Errorf("brief: %s: %w: it has neither dividend.csv (digisim compare) nor summary.csv and series.csv (digisim run)%s", dir, ErrNoTables, hint)
	}
	if !has("manifest.json") {
		return nil, fmt.Errorf("brief: %s has no manifest.json; the method-and-sources box needs it (the folder is incomplete: run the command again)", dir)
	}
	m, err := manifest.Read(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, fmt.Errorf("brief: %w", err)
	}
	f.manifest = m
	f.labels = map[string]string{}
	if l, ok := m.Extra["labels"].(map[string]any); ok {
		for k, v := range l {
			if s, ok := v.(string); ok {
				f.labels[k] = s
			}
		}
	}
	if err := f.readParameters(); err != nil {
		return nil, err
	}
	if f.compare {
		names := strings.Split(m.Scenario, " vs ")
		if len(names) != 2 {
			return nil, fmt.Errorf("brief: %s/manifest.json: scenario %q is not \"POLICY vs BASE\" of digisim compare", dir, m.Scenario)
		}
		f.policy, f.base = names[0], names[1]
		if f.policy == f.base {
			return nil, fmt.Errorf("brief: %s compares %s with itself: its dividend is zero by construction; compare a policy with its counterfactual (digisim compare POLICY BASE)", dir, f.policy)
		}
		if err := f.readDividend(); err != nil {
			return nil, err
		}
		if err := f.readComparison(); err != nil {
			return nil, err
		}
	} else {
		f.policy = m.Scenario
		if err := f.readRun(); err != nil {
			return nil, err
		}
	}
	seen := map[float64]bool{}
	for _, r := range f.rows {
		if !seen[r.time] {
			seen[r.time] = true
			f.times = append(f.times, r.time)
		}
	}
	sort.Float64s(f.times)
	if len(f.times) < 2 {
		return nil, fmt.Errorf("brief: %s: the tables hold %d output time(s); a brief needs a horizon of at least two", dir, len(f.times))
	}
	if f.baseYear == 0 {
		f.baseYear = f.times[0]
	}
	return f, nil
}

// readComparison reads what a compare folder says beyond its dividend:
// the years of the cumulative sums and the differences.
func (f *folder) readComparison() error {
	c, _ := f.manifest.Extra["cumulative"].(map[string]any)
	from, err := number(c["from"])
	if c == nil || err != nil {
		return fmt.Errorf("brief: %s was made by an older digisim, whose cumulative GMV was an integral over the years, not the sum of annual GMV a brief states; run digisim %s again", f.dir, strings.Join(f.manifest.Args, " "))
	}
	f.sumFrom = from
	path := filepath.Join(f.dir, "differences.csv")
	rows, err := readCSV(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("brief: %s has no differences.csv (an older digisim made it); run digisim %s again", f.dir, strings.Join(f.manifest.Args, " "))
		}
		if strings.Contains(err.Error(), "no rows") {
			return nil // the two scenarios have the same parameters
		}
		return err
	}
	ix, err := columns(path, rows[0], "path", "count", "policy", "base", "from")
	if err != nil {
		return err
	}
	for n, r := range rows[1:] {
		c, err := parseFloat(path, n+2, "count", r[ix[1]])
		if err != nil {
			return err
		}
		f.diffs = append(f.diffs, difference{path: r[ix[0]], count: int(c), policy: r[ix[2]], base: r[ix[3]], from: r[ix[4]]})
	}
	return nil
}

// sameBase refuses a sweep or analysis whose scenario starts in another
// base year than the comparison (its resolved parameters in manifest.json
// say), whatever its name: its dividend is of another projection.
func (f *folder) sameBase(flag, dir string, m *manifest.Manifest) error {
	var p struct {
		Time struct {
			BaseYear float64 `json:"base_year"`
		} `json:"time"`
	}
	if json.Unmarshal(m.Parameters, &p) != nil || p.Time.BaseYear == 0 {
		return nil // no single scenario's parameters recorded: nothing to compare
	}
	if p.Time.BaseYear != f.baseYear {
		return fmt.Errorf("brief: %s %s: its scenario starts in %s, the comparison in %s: a dividend projected from another base year does not qualify this one; sweep an experiment of the comparison's scenarios",
			flag, dir, year(p.Time.BaseYear), year(f.baseYear))
	}
	return nil
}

// number reads a JSON number of a manifest's extra (json.Number or float64).
func number(v any) (float64, error) {
	switch n := v.(type) {
	case json.Number:
		return n.Float64()
	case float64:
		return n, nil
	}
	return 0, fmt.Errorf("%v is not a number", v)
}

// readParameters reads the model version, base year and per-scenario
// hashes from the manifest's resolved parameters.
func (f *folder) readParameters() error {
	f.scenarioHashes = map[string]string{}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(f.manifest.Parameters, &probe); err != nil || len(probe) == 0 {
		return fmt.Errorf("brief: %s/manifest.json records no resolved parameters; the method box needs them", f.dir)
	}
	one := func(name string, raw json.RawMessage) {
		var p struct {
			Model string `json:"model"`
			Time  struct {
				BaseYear float64 `json:"base_year"`
			} `json:"time"`
			Policy struct {
				BaselineAccess float64 `json:"baseline_access"`
			} `json:"policy"`
		}
		if json.Unmarshal(raw, &p) == nil {
			f.modelV2 = f.modelV2 || p.Model == "v2"
			f.accessWithoutRules = max(f.accessWithoutRules, p.Policy.BaselineAccess)
			if f.baseYear == 0 {
				f.baseYear = p.Time.BaseYear
			}
		}
		var buf bytes.Buffer
		if json.Compact(&buf, raw) == nil {
			f.scenarioHashes[name] = manifest.Hash(buf.Bytes())
		}
	}
	if _, single := probe["time"]; single {
		one(f.manifest.Scenario, f.manifest.Parameters)
		f.scenarioHashes[f.manifest.Scenario] = f.manifest.ScenarioSHA256
		return nil
	}
	for name, raw := range probe {
		one(name, raw)
	}
	return nil
}

func readCSV(path string) ([][]string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("brief: %w", err)
	}
	defer fh.Close()
	rows, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("brief: %s: %w", path, err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("brief: %s: no rows under the header", path)
	}
	return rows, nil
}

func columns(path string, header []string, want ...string) ([]int, error) {
	ix := make([]int, len(want))
	for k, w := range want {
		ix[k] = -1
		for i, h := range header {
			if h == w {
				ix[k] = i
			}
		}
		if ix[k] < 0 {
			return nil, fmt.Errorf("brief: %s has no column %q (columns: %s)", path, w, strings.Join(header, ", "))
		}
	}
	return ix, nil
}

func parseFloat(path string, line int, col, s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, fmt.Errorf("brief: %s:%d: %s %q is not a number", path, line, col, s)
	}
	return v, nil
}

func (f *folder) readDividend() error {
	path := filepath.Join(f.dir, "dividend.csv")
	rows, err := readCSV(path)
	if err != nil {
		return err
	}
	ix, err := columns(path, rows[0], "time", "member", "segment", "pillar", "variable", "policy", "base")
	if err != nil {
		return err
	}
	for n, r := range rows[1:] {
		var v [3]float64
		for k, c := range []int{0, 5, 6} {
			if v[k], err = parseFloat(path, n+2, rows[0][ix[c]], r[ix[c]]); err != nil {
				return err
			}
		}
		f.rows = append(f.rows, row{time: v[0], member: r[ix[1]], segment: r[ix[2]], pillar: r[ix[3]], variable: r[ix[4]], policy: v[1], base: v[2]})
	}
	if _, ok := f.value("cumulative_gmv", "", "", -1); !ok {
		return fmt.Errorf("brief: %s has no regional cumulative_gmv row; it is not a dividend table of digisim compare", path)
	}
	return nil
}

func (f *folder) readRun() error {
	series, err := table.ReadTidyFile(filepath.Join(f.dir, "series.csv"))
	if err != nil {
		return fmt.Errorf("brief: %w", err)
	}
	nan := math.NaN()
	for _, r := range series {
		f.rows = append(f.rows, row{time: r.Time, member: r.Member, segment: r.Segment, pillar: r.Pillar, variable: r.Variable, policy: r.Value, base: nan})
	}
	path := filepath.Join(f.dir, "summary.csv")
	rows, err := readCSV(path)
	if err != nil {
		return err
	}
	ix, err := columns(path, rows[0], "time", "gmv_total")
	if err != nil {
		return err
	}
	if f.summaryFirst, err = parseFloat(path, 2, "gmv_total", rows[1][ix[1]]); err != nil {
		return err
	}
	if f.summaryLast, err = parseFloat(path, len(rows), "gmv_total", rows[len(rows)-1][ix[1]]); err != nil {
		return err
	}
	return nil
}

// value returns the row of a variable of a member ("" region) and segment
// at time t (t < 0: the last time it has).
func (f *folder) value(variable, member, segment string, t float64) (row, bool) {
	var found row
	ok := false
	for _, r := range f.rows {
		if r.variable == variable && r.member == member && r.segment == segment && r.pillar == "" {
			if t < 0 || math.Abs(r.time-t) < 1e-6 {
				found, ok = r, true
				if t >= 0 {
					break
				}
			}
		}
	}
	return found, ok
}

// members lists the members of the tables, in table order.
func (f *folder) members() []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range f.rows {
		if r.member != "" && !seen[r.member] {
			seen[r.member] = true
			out = append(out, r.member)
		}
	}
	return out
}

// memberSum sums a member's additive variable over segments at time t.
func (f *folder) memberSum(variable, member string, t float64) (pol, base float64) {
	for _, r := range f.rows {
		if r.variable == variable && r.member == member && r.segment != "" && math.Abs(r.time-t) < 1e-6 {
			pol += r.policy
			base += r.base
		}
	}
	return pol, base
}

// regional returns the time series of a regional variable (policy and base).
func (f *folder) regional(variable, segment string) (x, pol, base []float64) {
	for _, r := range f.rows {
		if r.variable == variable && r.member == "" && r.segment == segment && r.pillar == "" {
			x, pol, base = append(x, r.time), append(pol, r.policy), append(base, r.base)
		}
	}
	return x, pol, base
}

func (f *folder) from() int { return int(math.Round(f.times[0])) }

// sumYears is the span of a comparison's cumulative sums, e.g. "2026-2035".
func (f *folder) sumYears() string {
	return fmt.Sprintf("%d-%d", int(math.Round(f.sumFrom)), f.to())
}
func (f *folder) to() int { return int(math.Round(f.times[len(f.times)-1])) }

// source is the source line of the brief's charts.
func (f *folder) source() string {
	s := "Source: digisim " + f.manifest.Digisim + ", " + f.modelName() + "; " + plot.DataSourceOf(f.manifest, f.baseYear)
	return s
}

// regionTitle names the region in titles: the manifest's region, or
// ASEAN for a folder written before regions were recorded.
func (f *folder) regionTitle() string {
	if info, ok := runtables.ReadRegionInfo(f.manifest); ok {
		return info.Title
	}
	return "ASEAN"
}

func (f *folder) modelName() string {
	if f.modelV2 {
		return "model v2"
	}
	return "model v1"
}

// Build reads the folders of o and returns the brief, checked.
func Build(o Options) (*brief.Brief, error) {
	f, err := readFolder(o.Dir)
	if err != nil {
		return nil, err
	}
	f.warn = plot.WarnOnce(o.Warn)
	var b *brief.Brief
	if f.compare {
		b, err = f.compareBrief()
	} else {
		b, err = f.runBrief()
	}
	if err != nil {
		return nil, err
	}
	if o.Title != "" {
		b.Title = o.Title
	}
	b.Method = f.method(o.Command)
	b.Date = briefDate(o.Date).Format("2 January 2006")
	b.Definitions = f.definitions()
	if f.compare {
		b.Method.Compared, b.Method.Caveats = f.compared()
	}
	if o.Sweep != "" {
		uncertainty := f.uncertainty
		if !f.compare {
			uncertainty = f.runUncertainty // runsweep.go
		}
		u, err := uncertainty(o.Sweep)
		if err != nil {
			return nil, err
		}
		b.Uncertainty = u
		b.Method.Experiments = append(b.Method.Experiments, experimentOf(o.Sweep)...)
	}
	if o.Analyze != "" {
		a, err := f.assumptions(o.Analyze)
		if err != nil {
			return nil, err
		}
		b.Assumptions = a
		b.Method.Experiments = append(b.Method.Experiments, experimentOf(o.Analyze)...)
	}
	if o.Backtest != "" {
		sk, err := skill(o.Backtest)
		if err != nil {
			return nil, err
		}
		b.Method.Skill = sk
	}
	if b.Uncertainty != nil {
		b.Definitions = append(b.Definitions, brief.Definition{Term: "Range (5% to 95%)",
			Meaning: "the values between which 90% of the Monte Carlo runs lie; the median is the middle run. Each run draws the uncertain assumptions of the experiment, and runs policy and counterfactual on the same draw."})
	}
	if len(b.Assumptions) > 0 {
		b.Definitions = append(b.Definitions, brief.Definition{Term: "Total-effect index",
			Meaning: "the Sobol' total-effect index of an assumption: the share of the dividend's variance that it explains alone or together with others, with its 95% interval (bootstrap of digisim analyze). An interaction counts in the index of each assumption in it, so the indices need not add up to 1."})
	}
	if err := b.Check(); err != nil {
		return nil, err
	}
	return b, nil
}

// briefDate is the brief's date: d, else SOURCE_DATE_EPOCH, else now (UTC).
func briefDate(d time.Time) time.Time {
	if !d.IsZero() {
		return d.UTC()
	}
	if s, err := strconv.ParseInt(os.Getenv("SOURCE_DATE_EPOCH"), 10, 64); err == nil {
		return time.Unix(s, 0).UTC()
	}
	return time.Now().UTC()
}

// definitions state the measures the brief quotes.
func (f *folder) definitions() []brief.Definition {
	gmv := brief.Definition{Term: "Digital GMV",
		Meaning: "gross merchandise value of e-commerce, online travel, ride hailing & food and online media, by the buyer's country, in nominal US$ a year."}
	ds := []brief.Definition{gmv}
	if f.compare {
		subject, _, against := f.subject()
		what := subject
		if against != "" {
			what += " against " + against
		}
		ds = append(ds,
			brief.Definition{Term: "Digital GMV " + f.sumYears() + ", sum of the years",
				Meaning: "the sum of annual digital GMV over " + f.sumYears() + ", nominal US$, undiscounted (" + runtables.CumulativeMeasure + "). The sum starts in the year the two scenarios part; the base year " + year(f.baseYear) + " is observed and the same in both."},
			brief.Definition{Term: "Dividend",
				Meaning: "the policy's figure minus the counterfactual's over the same years: here " + what + "; as a per cent, of the counterfactual's figure."})
	}
	ds = append(ds,
		brief.Definition{Term: "Share of GMV bought across borders", Meaning: "purchases from sellers in another member as a share of all digital GMV. " + f.crossBorderNote()},
		brief.Definition{Term: "Gini of GMV per head", Meaning: "the population-weighted Gini coefficient of digital GMV per head across members: 0 when every member has the same, nearer 1 the more unequal."},
		brief.Definition{Term: "pp", Meaning: "percentage points: the difference of two per cents."})
	return ds
}

// crossBorderNote says what the model assumes of cross-border purchases
// without coordination (MODEL.md, equation 12).
func (f *folder) crossBorderNote() string {
	if f.accessWithoutRules == 0 {
		return "Without regional coordination the model's members buy only from their own sellers, so the share is 0% under no coordination."
	}
	return fmt.Sprintf("Members buy abroad without any coordination too (the scenarios give %s of full access without rules, docs/evidence.md); coordination raises it.", brief.Share(f.accessWithoutRules))
}

// method is the method-and-sources box, from the manifest.
func (f *folder) method(command []string) brief.Method {
	m := brief.Method{DigisimVersion: f.manifest.Digisim}
	if f.modelV2 {
		m.Model = "digisim model v2 (MODEL.md: equations 1-15 and the v2 spend deepening)"
	} else {
		m.Model = "digisim model v1 (MODEL.md: equations 1-15)"
	}
	if len(command) > 0 {
		m.Command = "digisim " + strings.Join(command, " ")
	}
	made := ""
	if len(f.manifest.Args) > 0 {
		made = "digisim " + strings.Join(f.manifest.Args, " ")
	}
	if made != "" && m.Command != "" {
		m.Command = made + "; " + m.Command
	} else if made != "" {
		m.Command = made
	}
	var sources []string
	if v, ok := f.manifest.Extra["sources"].([]any); ok {
		for _, s := range v {
			if str, ok := s.(string); ok {
				sources = append(sources, str)
			}
		}
	}
	names := []string{f.policy}
	if f.base != "" {
		names = append(names, f.base)
	}
	for _, n := range names {
		file := ""
		for _, s := range sources {
			if strings.TrimSuffix(filepath.Base(s), ".toml") == n {
				file = s
			}
		}
		m.Scenarios = append(m.Scenarios, brief.ScenarioFile{Name: n, File: file, SHA256: f.scenarioHashes[n]})
	}
	m.DataSources = dataSources(f.baseYear)
	if info, ok := runtables.ReadRegionInfo(f.manifest); ok && !info.Shipped {
		m.DataSources = []string{"Base-year figures: " + cmp.Or(info.Source, "as the scenario files state")}
	}
	return m
}

// dataSources names the data behind scenarios with a base year.
func dataSources(baseYear float64) []string {
	return []string{
		"Base-year digital GMV and users: " + strings.TrimPrefix(plot.DataSource(baseYear), "base-year data "),
		"Population, income, internet use, account ownership, logistics and e-commerce readiness: World Bank (World Development Indicators, Global Findex, Logistics Performance Index) and UNCTAD B2C E-commerce Index; the editions are in the scenario files' headers",
	}
}
