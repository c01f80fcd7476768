package briefing

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/digisim/digisim/output/brief"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/sim/summary"
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
	dir            string
	compare        bool
	policy, base   string // scenario ids (base "" for a run)
	rows           []row
	times          []float64
	manifest       *manifest.Manifest
	summaryFirst   float64 // run: gmv_total of the first and last row of summary.csv
	summaryLast    float64
	baseYear       float64
	modelV2        bool
	scenarioHashes map[string]string
}

// ErrNoTables says a folder holds no tables a brief can be made from.
var ErrNoTables = errors.New("no tables of digisim run or compare")

func readFolder(dir string) (*folder, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
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
		}
		if json.Unmarshal(raw, &p) == nil {
			f.modelV2 = f.modelV2 || p.Model == "v2"
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
func (f *folder) to() int   { return int(math.Round(f.times[len(f.times)-1])) }

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
		a, err := assumptions(o.Analyze)
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
	if err := b.Check(); err != nil {
		return nil, err
	}
	return b, nil
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

// --- compare ---------------------------------------------------------------

// phrase is how a sentence names a scenario, and whether it takes a
// singular verb.
func phrase(id string) (string, bool) {
	switch id {
	case "binding":
		return "Binding rules", false
	case "agreement":
		return "The agreement", true
	case "no-coordination":
		return "No coordination", true
	}
	name := chart.DisplayName(id)
	return name, !strings.HasSuffix(name, "rules") && !strings.Contains(name, "rules (")
}

func lower(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func displayAll(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = chart.DisplayName(id)
	}
	return out
}

// Headline returns the headline numbers of a folder: from dividend.csv
// for a comparison, from summary.csv for a run.
func (f *folder) headline() brief.Headline {
	pol, singular := phrase(f.policy)
	h := brief.Headline{Policy: pol, Singular: singular, From: f.from(), To: f.to()}
	if !f.compare {
		h.Growth = true
		h.Policy = lower(pol)
		h.StartUSD, h.EndUSD = f.summaryFirst, f.summaryLast
		h.TopRelative = displayAll(f.fastest("gmv", 2))
		return h
	}
	base, _ := phrase(f.base)
	h.Baseline = lower(base)
	r, _ := f.value("cumulative_gmv", "", "", -1)
	h.DividendUSD, h.BaselineUSD = r.policy-r.base, r.base
	div, bas := map[string]float64{}, map[string]float64{}
	for _, m := range f.members() {
		if r, ok := f.value("cumulative_gmv", m, "", -1); ok {
			div[m], bas[m] = r.policy-r.base, r.base
		}
	}
	h.TopRelative = displayAll(brief.MostRelative(div, bas, 3))
	return h
}

// fastest returns up to n members whose variable (summed over segments)
// grows most from the first to the last time, fastest first.
func (f *folder) fastest(variable string, n int) []string {
	type kv struct {
		m string
		g float64
	}
	var gs []kv
	t0, t1 := f.times[0], f.times[len(f.times)-1]
	for _, m := range f.members() {
		a, _ := f.memberSum(variable, m, t0)
		b, _ := f.memberSum(variable, m, t1)
		if a > 0 {
			gs = append(gs, kv{m, b / a})
		}
	}
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].g > gs[j].g })
	var out []string
	for i := 0; i < len(gs) && i < n; i++ {
		out = append(out, gs[i].m)
	}
	return out
}

func (f *folder) keyFigures() []brief.KeyFigure {
	t := f.times[len(f.times)-1]
	y := strconv.Itoa(f.to())
	var ks []brief.KeyFigure
	add := func(label string, u brief.Unit, variable, segment string, cumulative bool) {
		tt := t
		if cumulative {
			tt = -1
		}
		r, ok := f.value(variable, "", segment, tt)
		if !ok {
			return
		}
		k := brief.KeyFigure{Label: label, Unit: u, Policy: r.policy, Baseline: r.base, Difference: r.policy - r.base}
		if !f.compare {
			// A run: the first year, the last, and the change.
			first, ok := f.value(variable, "", segment, f.times[0])
			if !ok {
				return
			}
			k.Policy, k.Baseline, k.Difference = first.policy, r.policy, r.policy-first.policy
		}
		ks = append(ks, k)
	}
	in := ", " + y
	if !f.compare {
		in = "" // the columns name the years
	}
	span := fmt.Sprintf("%d-%d", f.from(), f.to())
	if f.compare {
		add("Cumulative digital GMV "+span, brief.USD, "cumulative_gmv", "", true)
	}
	add("Digital GMV a year"+in, brief.USD, "gmv", "", false)
	add("Online shoppers (e-commerce users)"+in, brief.Headcount, "users", "ecommerce", false)
	add("Digital GMV per head"+in, brief.USD, "gmv_per_head", "", false)
	add("Share of GMV bought across borders"+in, brief.Fraction, "cross_border_share", "", false)
	add("Gini of GMV per head across members"+in, brief.Plain, "gini_gmv_per_head", "", false)
	return ks
}

func render(name, finding, note string, c *chart.Chart, err error) (brief.Chart, error) {
	if err != nil {
		return brief.Chart{}, fmt.Errorf("brief: chart %s: %w", name, err)
	}
	var buf bytes.Buffer
	if err := c.Render(&buf, chart.SVG, chart.Page); err != nil {
		return brief.Chart{}, fmt.Errorf("brief: chart %s: %w", name, err)
	}
	return brief.Chart{Name: name, Finding: finding, Note: note, SVG: buf.Bytes()}, nil
}

func (f *folder) compareBrief() (*brief.Brief, error) {
	pol, _ := phrase(f.policy)
	base, _ := phrase(f.base)
	span := fmt.Sprintf("%d-%d", f.from(), f.to())
	b := &brief.Brief{
		Title:      fmt.Sprintf("%s against %s: %s digital commerce, %s", pol, lower(base), f.regionTitle(), span),
		Headline:   f.headline(),
		KeyFigures: f.keyFigures(),
	}
	var charts []brief.Chart
	addChart := func(c brief.Chart, err error) error {
		if err != nil {
			return err
		}
		charts = append(charts, c)
		return nil
	}
	versus := chart.DisplayName(f.policy) + " minus " + lower(chart.DisplayName(f.base))
	src := f.source()

	// 1. The equity story: dividend and its share of each member's baseline.
	var md []chart.MemberDividend
	var parts []chart.Bar
	div, bas := map[string]float64{}, map[string]float64{}
	for _, m := range f.members() {
		r, ok := f.value("cumulative_gmv", m, "", -1)
		if !ok {
			continue
		}
		md = append(md, chart.MemberDividend{Name: m, Value: r.policy - r.base, Baseline: r.base})
		parts = append(parts, chart.Bar{Name: m, Value: r.policy - r.base})
		div[m], bas[m] = r.policy-r.base, r.base
	}
	top := displayAll(brief.MostRelative(div, bas, 2))
	finding := "The dividend relative to each member's size"
	if len(top) > 0 {
		verb := "gain"
		if b.Headline.DividendUSD < 0 {
			verb = "lose"
		}
		if len(top) == 1 {
			verb += "s"
		}
		finding = fmt.Sprintf("%s %s most relative to %s size", strings.Join(top, " and "), verb, map[bool]string{true: "their", false: "its"}[len(top) > 1])
	}
	c, err := chart.DividendShare(chart.Meta{Title: finding,
		Subtitle: versus + ", cumulative digital GMV " + span,
		Source:   src, Unit: chart.USD}, md)
	note := "Left: the dividend in US$; right: the same as a per cent of the member's own GMV under " + lower(base) + "."
	if err := addChart(render("dividend_share", finding, note, c, err)); err != nil {
		return nil, err
	}

	// 2. The dividend year by year.
	x, p, q := f.regional("gmv", "")
	d := make([]float64, len(x))
	peak := 0
	for i := range x {
		d[i] = p[i] - q[i]
		if math.Abs(d[i]) > math.Abs(d[peak]) {
			peak = i
		}
	}
	last := len(d) - 1
	switch {
	case d[last] == 0 && d[peak] == 0:
		finding = "The policy makes no difference to yearly GMV"
	case peak == last && d[last] > 0:
		finding = fmt.Sprintf("The dividend grows to %s a year by %d", chart.Money(d[last]), f.to())
	case peak == last:
		finding = fmt.Sprintf("The loss grows to %s a year by %d", chart.Money(-d[last]), f.to())
	default:
		finding = fmt.Sprintf("The yearly dividend peaks at %s in %.0f", chart.Money(d[peak]), x[peak])
	}
	c, err = chart.DividendYears(chart.Meta{Title: finding, Subtitle: versus + ", regional digital GMV, US$ per year",
		Source: src, XLabel: "Year", Unit: chart.USD}, chart.Series{Name: "dividend", X: x, Y: d})
	if err := addChart(render("dividend_years", finding, "", c, err)); err != nil {
		return nil, err
	}

	// 3. Who makes up the regional dividend.
	sorted := append([]chart.Bar(nil), parts...)
	sort.SliceStable(sorted, func(i, j int) bool { return math.Abs(sorted[i].Value) > math.Abs(sorted[j].Value) })
	total := b.Headline.DividendUSD
	finding = "How members add up to the regional dividend"
	if len(sorted) >= 2 && total != 0 {
		share := (sorted[0].Value + sorted[1].Value) / total
		if share > 0 && share <= 1 {
			what := "make up %s of the dividend"
			if total < 0 {
				what = "bear %s of the loss"
			}
			finding = fmt.Sprintf("%s and %s "+what, chart.DisplayName(sorted[0].Name), chart.DisplayName(sorted[1].Name), brief.Share(share))
		}
	}
	c, err = chart.Waterfall(chart.Meta{Title: finding, Subtitle: versus + ", cumulative digital GMV " + span + ", US$",
		Source: src, Unit: chart.USD}, parts, f.regionTitle())
	if err := addChart(render("waterfall", finding, "", c, err)); err != nil {
		return nil, err
	}

	// 4. Both paths of regional GMV.
	gain := (p[last] - q[last]) / q[last]
	finding = fmt.Sprintf("%s: GMV %s above %s by %d", chart.DisplayName(f.policy), brief.Share(gain), lower(chart.DisplayName(f.base)), f.to())
	if gain < 0 {
		finding = fmt.Sprintf("%s: GMV %s below %s by %d", chart.DisplayName(f.policy), brief.Share(-gain), lower(chart.DisplayName(f.base)), f.to())
	}
	c, err = chart.Lines(chart.Meta{Title: finding, Subtitle: "Regional digital GMV, US$ per year (nominal)",
		Source: src, XLabel: "Year", YLabel: "Digital GMV (US$)", Unit: chart.USD},
		[]chart.Series{{Name: f.policy, X: x, Y: p}, {Name: f.base, X: x, Y: q}})
	if err := addChart(render("policies", finding, "", c, err)); err != nil {
		return nil, err
	}

	// 5. GMV per head, first year against last, under the policy.
	c, finding, err = f.slope(f.policy)
	if err := addChart(render("slope", finding, f.fastestNote(), c, err)); err != nil {
		return nil, err
	}
	b.Charts = charts
	b.Columns = [3]string{chart.DisplayName(f.policy), chart.DisplayName(f.base), "Difference"}
	return b, nil
}

// slope draws GMV per head of every member in the first and last year.
func (f *folder) slope(scenario string) (*chart.Chart, string, error) {
	t0, t1 := f.times[0], f.times[len(f.times)-1]
	var pts []chart.SlopePoint
	best, bestRatio := "", 0.0
	for _, m := range f.members() {
		a, ok0 := f.value("gmv_per_head", m, "", t0)
		b, ok1 := f.value("gmv_per_head", m, "", t1)
		if !ok0 || !ok1 {
			continue
		}
		pts = append(pts, chart.SlopePoint{Name: m, First: a.policy, Last: b.policy})
		if a.policy > 0 && b.policy/a.policy > bestRatio {
			best, bestRatio = m, b.policy/a.policy
		}
	}
	finding := "Digital GMV per head, first and last year"
	if best != "" {
		finding = fmt.Sprintf("GMV per head grows fastest in %s: %.1f times", chart.DisplayName(best), bestRatio)
		// What a linear slope chart shows: who rises, who stays ahead.
		rises, top := true, 0
		for i, p := range pts {
			rises = rises && p.Last > p.First
			if p.Last > pts[top].Last {
				top = i
			}
		}
		if rises {
			finding = fmt.Sprintf("GMV per head rises everywhere; %s stays ahead", chart.DisplayName(pts[top].Name))
		}
	}
	c, err := chart.Slope(chart.Meta{Title: finding,
		Subtitle: fmt.Sprintf("Scenario %s, digital GMV per head %d and %d, US$ a year", chart.DisplayName(scenario), f.from(), f.to()),
		Source:   f.source(), Unit: chart.USD}, t0, t1, pts)
	return c, finding, err
}

// --- run ---------------------------------------------------------------------

func (f *folder) runBrief() (*brief.Brief, error) {
	name := chart.DisplayName(f.policy)
	span := fmt.Sprintf("%d-%d", f.from(), f.to())
	b := &brief.Brief{
		Title:      fmt.Sprintf("%s: %s digital commerce, %s", name, f.regionTitle(), span),
		Headline:   f.headline(),
		KeyFigures: f.keyFigures(),
		Columns:    [3]string{strconv.Itoa(f.from()), strconv.Itoa(f.to()), "Change"},
	}
	src := f.source()
	var charts []brief.Chart
	add := func(c brief.Chart, err error) error {
		if err != nil {
			return err
		}
		charts = append(charts, c)
		return nil
	}

	// 1. GMV by segment.
	var layers []chart.Series
	var lastSeg []float64
	for _, seg := range f.segments() {
		x, p, _ := f.regional("gmv", seg)
		layers = append(layers, chart.Series{Name: seg, X: x, Y: p})
		lastSeg = append(lastSeg, p[len(p)-1])
	}
	lead, lead0 := 0, 0
	for i := range lastSeg {
		if lastSeg[i] > lastSeg[lead] {
			lead = i
		}
		if layers[i].Y[0] > layers[lead0].Y[0] {
			lead0 = i
		}
	}
	ratio := f.summaryLast / f.summaryFirst
	finding := fmt.Sprintf("GMV grows %.1f-fold; %s", ratio, plot.LargestSegment(layers[lead0].Name, layers[lead].Name))
	c, err := chart.StackedArea(chart.Meta{Title: finding, Subtitle: "Scenario " + name + ", regional digital GMV by segment, US$ per year (nominal)",
		Source: src, XLabel: "Year", YLabel: "Digital GMV (US$)", Unit: chart.USD}, layers)
	if err := add(render("gmv_by_segment", finding, "", c, err)); err != nil {
		return nil, err
	}

	// 2. GMV per head, first and last year.
	c, finding, err = f.slope(f.policy)
	if err := add(render("slope", finding, f.fastestNote(), c, err)); err != nil {
		return nil, err
	}

	// 3. Convergence.
	x, g, _ := f.regional("gini_gmv_per_head", "")
	_, cv, _ := f.regional("cv_gmv_per_head", "")
	if len(x) >= 2 {
		finding = fmt.Sprintf("Members converge: the Gini of GMV per head falls from %.2f to %.2f", g[0], g[len(g)-1])
		if g[len(g)-1] >= g[0] {
			finding = fmt.Sprintf("Members drift apart: the Gini of GMV per head rises from %.2f to %.2f", g[0], g[len(g)-1])
		}
		c, err = chart.Convergence(chart.Meta{Title: finding, Subtitle: "Scenario " + name + ", dispersion of digital GMV per head across members",
			Source: src, XLabel: "Year"}, []chart.Series{{Name: f.policy, X: x, Y: g}}, []chart.Series{{Name: f.policy, X: x, Y: cv}})
		if err := add(render("convergence", finding, "", c, err)); err != nil {
			return nil, err
		}
	}

	// 4. Members' GMV, each on its own axis.
	var panels []chart.Series
	for _, m := range f.members() {
		s := chart.Series{Name: m}
		for _, t := range f.times {
			v, _ := f.memberSum("gmv", m, t)
			s.X, s.Y = append(s.X, t), append(s.Y, v)
		}
		panels = append(panels, s)
	}
	fast := displayAll(f.fastest("gmv", 2))
	finding = "Digital GMV by member"
	if len(fast) == 2 {
		finding = fmt.Sprintf("%s and %s grow fastest", fast[0], fast[1])
	}
	c, err = chart.SmallMultiples(chart.Meta{Title: finding, Subtitle: "Scenario " + name + ", digital GMV by buyer's country, US$ per year (each member its own axis: compare shapes, not sizes)",
		Source: src, XLabel: "Year", YLabel: "Digital GMV", Unit: chart.USD}, panels, chart.MultiplesOptions{Columns: 5, FreeY: true})
	if err := add(render("members", finding, "", c, err)); err != nil {
		return nil, err
	}
	b.Charts = charts
	return b, nil
}

func (f *folder) segments() []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range f.rows {
		if r.variable == "gmv" && r.member == "" && r.segment != "" && !seen[r.segment] {
			seen[r.segment] = true
			out = append(out, r.segment)
		}
	}
	return out
}

// --- sweep ---------------------------------------------------------------------

// sameScenario reports whether an experiment's reference to a scenario (a
// shipped name or a .toml path) names the scenario called name, as far as
// the reference shows: a file is taken to be named after itself, as the
// files of digisim init are.
func sameScenario(ref, name string) bool {
	return ref == name || strings.HasSuffix(ref, ".toml") && strings.TrimSuffix(filepath.Base(ref), ".toml") == name
}

// ErrNoDividendOutcome says a sweep records no dividend the brief can use.
var ErrNoDividendOutcome = errors.New("records no dividend outcome")

func (f *folder) uncertainty(dir string) (*brief.Uncertainty, error) {
	mpath := filepath.Join(dir, "manifest.json")
	m, err := manifest.Read(mpath)
	if err != nil {
		return nil, fmt.Errorf("brief: --sweep %s: %w (a finished digisim sweep folder has manifest.json)", dir, err)
	}
	sw, err := m.Sweep()
	if err != nil {
		return nil, fmt.Errorf("brief: --sweep %s: manifest.json %w; give the folder of a finished digisim sweep", dir, err)
	}
	var exp experiments.File
	if err := json.Unmarshal(sw.Experiment, &exp); err != nil {
		return nil, fmt.Errorf("brief: --sweep %s: the experiment in manifest.json does not decode: %v", dir, err)
	}
	outcome := ""
	var against []string
	for _, o := range exp.Outcomes {
		if o.Cumulative && o.Against != "" && o.Member == "" {
			against = append(against, o.Name+" (against "+o.Against+")")
			if sameScenario(o.Against, f.base) {
				outcome = o.Name
				break
			}
		}
	}
	if outcome == "" {
		have := "none"
		if len(against) > 0 {
			have = strings.Join(against, ", ")
		}
		return nil, fmt.Errorf("brief: --sweep %s: experiment %s %w against %s (dividend outcomes: %s); add an outcome with cumulative = true and against = %q to the experiment and run the sweep again",
			dir, exp.Name, ErrNoDividendOutcome, f.base, have, f.base)
	}
	if !sameScenario(exp.Scenario, f.policy) {
		return nil, fmt.Errorf("brief: --sweep %s: experiment %s runs scenario %s, but the comparison's policy is %s; the range of one policy's dividend does not qualify another's (sweep an experiment with scenario = %q)",
			dir, exp.Name, exp.Scenario, f.policy, f.policy)
	}
	if len(exp.Levers) > 0 {
		return nil, fmt.Errorf("brief: --sweep %s: experiment %s has levers; the range of a dividend needs a sweep over uncertainties only (a Monte Carlo sweep)", dir, exp.Name)
	}
	runs, err := table.ReadRunsFile(filepath.Join(dir, "runs.parquet"))
	if err != nil {
		return nil, fmt.Errorf("brief: --sweep %s: %w (is the sweep finished? digisim sweep --resume completes it)", dir, err)
	}
	col := -1
	for i, c := range runs.Columns {
		if c == outcome {
			col = i
		}
	}
	if col < 0 {
		return nil, fmt.Errorf("brief: --sweep %s: runs.parquet has no column %q", dir, outcome)
	}
	var vals []float64
	for _, r := range runs.Rows {
		if v := r.Values[col]; !math.IsNaN(v) && !math.IsInf(v, 0) {
			vals = append(vals, v)
		}
	}
	if len(vals) < 2 {
		return nil, fmt.Errorf("brief: --sweep %s: %d finite values of %s; a range needs at least 2 runs", dir, len(vals), outcome)
	}
	sorted := append([]float64(nil), vals...)
	sort.Float64s(sorted)
	pos := 0
	for _, v := range vals {
		if v > 0 {
			pos++
		}
	}
	u := &brief.Uncertainty{Runs: len(vals), PPositive: float64(pos) / float64(len(vals)),
		P05: summary.Quantile(sorted, 0.05), P50: summary.Quantile(sorted, 0.5), P95: summary.Quantile(sorted, 0.95)}
	src := "Source: digisim " + m.Digisim + ", experiment " + exp.Name + " (" + brief.Count(float64(len(vals))) + " runs); " + plot.DataSourceOf(f.manifest, f.baseYear)
	span := fmt.Sprintf("%d-%d", f.from(), f.to())

	// The fan of regional GMV, when the sweep recorded it.
	if fan, err := f.fan(dir, m, &exp, src); err != nil {
		return nil, err
	} else if fan != nil {
		u.Charts = append(u.Charts, *fan)
	}
	finding := fmt.Sprintf("The dividend is positive in %s of futures", brief.Share(u.PPositive))
	switch pos {
	case len(vals):
		finding = fmt.Sprintf("The dividend is positive in all %s runs", brief.Count(float64(len(vals))))
	case 0:
		finding = fmt.Sprintf("The dividend is negative or zero in all %s runs", brief.Count(float64(len(vals))))
	}
	c, err := chart.Histogram(chart.Meta{Title: finding,
		Subtitle: fmt.Sprintf("%s minus %s, cumulative GMV %s, %s runs", chart.DisplayName(f.policy), lower(chart.DisplayName(f.base)), span, brief.Count(float64(len(vals)))),
		Source:   src, XLabel: "Cumulative dividend (US$)", Unit: chart.USD}, vals, 0)
	hc, err := render("dividend_distribution", finding, "", c, err)
	if err != nil {
		return nil, err
	}
	u.Charts = append(u.Charts, hc)
	return u, nil
}

// fan draws the fan chart of the sweep's regional GMV series, or returns
// nil when the sweep recorded none.
func (f *folder) fan(dir string, m *manifest.Manifest, exp *experiments.File, src string) (*brief.Chart, error) {
	q, err := regionalBands(dir, exp)
	if err != nil || q == nil {
		return nil, err
	}
	k := len(q.X) - 1
	finding := fmt.Sprintf("GMV in %.0f: %s to %s in 9 runs of 10", q.X[k], chart.Money(q.P05[k]), chart.Money(q.P95[k]))
	c, err := chart.Fan(chart.Meta{Title: finding,
		Subtitle: "Scenario " + chart.DisplayName(exp.Scenario) + ", regional digital GMV, US$ a year; bands hold 50% and 90% of runs",
		Source:   src, XLabel: "Year", YLabel: "Digital GMV (US$)", Unit: chart.USD}, *q, chart.Series{})
	bc, err := render("fan_gmv", finding, "", c, err)
	if err != nil {
		return nil, err
	}
	return &bc, nil
}

// regionalBands reads the sweep's quantiles of regional GMV over time
// from bands.csv, or returns nil when the sweep recorded no such series.
func regionalBands(dir string, exp *experiments.File) (*chart.Quantiles, error) {
	name := ""
	for _, s := range exp.Series {
		if s.Variable == "gmv" && s.Member == "" && s.Segment == "" {
			name = s.Name
		}
	}
	if name == "" {
		return nil, nil
	}
	path := filepath.Join(dir, "bands.csv")
	rows, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	ix, err := columns(path, rows[0], "series", "time", "p5", "p25", "p50", "p75", "p95")
	if err != nil {
		return nil, err
	}
	q := chart.Quantiles{Name: exp.Scenario}
	for n, r := range rows[1:] {
		if r[ix[0]] != name {
			continue
		}
		var v [6]float64
		for k := range v {
			if v[k], err = parseFloat(path, n+2, rows[0][ix[k+1]], r[ix[k+1]]); err != nil {
				return nil, err
			}
		}
		q.X = append(q.X, v[0])
		q.P05, q.P25, q.P50, q.P75, q.P95 = append(q.P05, v[1]), append(q.P25, v[2]), append(q.P50, v[3]), append(q.P75, v[4]), append(q.P95, v[5])
	}
	if len(q.X) < 2 {
		return nil, nil
	}
	return &q, nil
}

// --- analyze -------------------------------------------------------------------

// assumptions reads the Sobol' total-effect indices of a dividend outcome
// from dir/sensitivity.csv, most influential first (at most six).
func assumptions(dir string) ([]brief.Assumption, error) {
	path := filepath.Join(dir, "sensitivity.csv")
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("brief: --analyze %s has no sensitivity.csv; run digisim analyze on a finished Sobol' sweep first", dir)
	}
	rows, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	ix, err := columns(path, rows[0], "outcome", "parameter", "method", "measure", "value")
	if err != nil {
		return nil, err
	}
	// Prefer the dividend outcome the sweep's experiment records.
	want := ""
	if m, err := manifest.Read(filepath.Join(dir, "manifest.json")); err == nil {
		if sw, err := m.Sweep(); err == nil {
			var exp experiments.File
			if json.Unmarshal(sw.Experiment, &exp) == nil {
				for _, o := range exp.Outcomes {
					if o.Cumulative && o.Against != "" && o.Member == "" && want == "" {
						want = o.Name
					}
				}
			}
		}
	}
	var out []brief.Assumption
	outcomes := map[string]bool{}
	for n, r := range rows[1:] {
		outcomes[r[ix[0]]] = true
		if r[ix[2]] != "sobol" || r[ix[3]] != "ST" || r[ix[1]] == "" || r[ix[4]] == "" || (want != "" && r[ix[0]] != want) {
			continue
		}
		v, err := parseFloat(path, n+2, "value", r[ix[4]])
		if err != nil {
			return nil, err
		}
		out = append(out, brief.Assumption{Name: scenarios.Label(r[ix[1]]), Key: r[ix[1]], Effect: math.Max(0, math.Min(1, v))})
	}
	if len(out) == 0 {
		what := "a dividend outcome"
		if want != "" {
			what = "outcome " + want
		}
		return nil, fmt.Errorf("brief: --analyze %s: sensitivity.csv has no Sobol' total-effect (ST) indices of %s; a share of variance needs a sobol design (e.g. the shipped coordination-sobol experiment)", dir, what)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Effect > out[j].Effect })
	if len(out) > 6 {
		out = out[:6]
	}
	return out, nil
}

// fastestNote names the member whose GMV per head grows most, which a
// slope chart on a linear scale hides when it starts low.
func (f *folder) fastestNote() string {
	t0, t1 := f.times[0], f.times[len(f.times)-1]
	best, ratio := "", 0.0
	for _, m := range f.members() {
		a, ok0 := f.value("gmv_per_head", m, "", t0)
		b, ok1 := f.value("gmv_per_head", m, "", t1)
		if ok0 && ok1 && a.policy > 0 && b.policy/a.policy > ratio {
			best, ratio = m, b.policy/a.policy
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("%s grows fastest from a low start: %.1f times from %d to %d.", chart.DisplayName(best), ratio, f.from(), f.to())
}

// experimentOf names the experiment of a sweep folder, its file and hash,
// from its manifest (none when the manifest records none).
func experimentOf(dir string) []brief.ScenarioFile {
	m, err := manifest.Read(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil
	}
	sw, err := m.Sweep()
	if err != nil || sw.ExperimentSHA256 == "" {
		return nil
	}
	var exp experiments.File
	name := sw.ExperimentSource
	if json.Unmarshal(sw.Experiment, &exp) == nil && exp.Name != "" {
		name = exp.Name
	}
	return []brief.ScenarioFile{{Name: name, File: sw.ExperimentSource, SHA256: sw.ExperimentSHA256}}
}
