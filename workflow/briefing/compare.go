package briefing

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/digisim/digisim/output/brief"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/workflow/plot"
)

// phrase is how a sentence names a scenario, and whether it takes a
// singular verb: its label (the scenario file's label key, recorded by
// compare), else a name made from its id.
func (f *folder) phrase(id string) (string, bool) {
	name := f.labels[id]
	if name == "" {
		name = chart.DisplayName(id)
	}
	name = strings.ToUpper(name[:1]) + name[1:]
	return name, !strings.HasSuffix(name, "rules") && !strings.Contains(name, "rules (")
}

// parted says whether the comparison's two scenarios agree up to a year
// after the base year and part there (differences.csv): the policy is then
// a step on top of the counterfactual ("DEFA's binding rules on top of the
// agreement").
func (f *folder) parted() bool {
	if !f.compare || len(f.diffs) == 0 {
		return false
	}
	for _, d := range f.diffs {
		y, err := strconv.ParseFloat(d.from, 64)
		if err != nil || y <= f.baseYear+1e-6 {
			return false // "start", or the base year itself
		}
	}
	return true
}

// subject is how the headline and title name what is compared, and
// whether it takes a singular verb; against is the counterfactual, ""
// when the subject already names it.
func (f *folder) subject() (subject string, singular bool, against string) {
	pol, singular := f.phrase(f.policy)
	base, _ := f.phrase(f.base)
	if f.parted() {
		return pol + " on top of " + lower(base), singular, ""
	}
	if step, ok := f.laterStep(); ok {
		// The dividend is not the later step's alone: say so where it is quoted.
		return pol + " with the coordination before " + year(step), singular, lower(base)
	}
	return pol, singular, lower(base)
}

// lower starts a name with a small letter, unless it starts with an
// acronym ("DEFA's binding rules").
func lower(s string) string {
	if s == "" || len(s) > 1 && strings.ToUpper(s[1:2]) == s[1:2] && strings.ToLower(s[1:2]) != s[1:2] {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// displayAll names members for a reader ("Argentina", not "AR").
func (f *folder) displayAll(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = f.region().Name(id)
	}
	return out
}

// region names and colours the members of a user's own region in charts
// (nil for ASEAN's: their names and colours are fixed).
func (f *folder) region() *chart.Region { return plot.Region(f.manifest) }

// Headline returns the headline numbers of a folder: from dividend.csv
// for a comparison, from summary.csv for a run.
func (f *folder) headline() brief.Headline {
	pol, singular := f.phrase(f.policy)
	h := brief.Headline{Policy: pol, Singular: singular, From: f.from(), To: f.to()}
	if !f.compare {
		h.Growth = true
		h.Policy = lower(pol)
		h.StartUSD, h.EndUSD = f.summaryFirst, f.summaryLast
		h.TopRelative = f.displayAll(f.fastest("gmv", 2))
		return h
	}
	h.Policy, h.Singular, h.Baseline = f.subject()
	h.From = int(math.Round(f.sumFrom))
	r, _ := f.value("cumulative_gmv", "", "", -1)
	h.DividendUSD, h.BaselineUSD = r.policy-r.base, r.base
	div, bas := map[string]float64{}, map[string]float64{}
	for _, m := range f.members() {
		if r, ok := f.value("cumulative_gmv", m, "", -1); ok {
			div[m], bas[m] = r.policy-r.base, r.base
		}
	}
	h.TopRelative = f.displayAll(brief.MostRelative(div, bas, 3))
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
	if f.compare {
		add("Digital GMV "+f.sumYears()+", sum of the years", brief.USD, "cumulative_gmv", "", true)
	}
	add("Digital GMV a year"+in, brief.USD, "gmv", "", false)
	add("Online shoppers (e-commerce users)"+in, brief.Headcount, "users", "ecommerce", false)
	add("Digital GMV per head"+in, brief.USD, "gmv_per_head", "", false)
	add("Share of GMV bought across borders"+in, brief.Fraction, "cross_border_share", "", false)
	add("Gini of GMV per head across members"+in, brief.Plain, "gini_gmv_per_head", "", false)
	return ks
}

func render(name, finding, note string, c *chart.Chart, err error, data ...[]string) (brief.Chart, error) {
	if err != nil {
		return brief.Chart{}, fmt.Errorf("brief: chart %s: %w", name, err)
	}
	var buf bytes.Buffer
	if err := c.Render(&buf, chart.SVG, chart.Page); err != nil {
		return brief.Chart{}, fmt.Errorf("brief: chart %s: %w", name, err)
	}
	return brief.Chart{Name: name, Finding: finding, Note: note, SVG: buf.Bytes(), Data: csvOf(data)}, nil
}

// csvOf writes a chart's data rows (header first) as CSV.
func csvOf(rows [][]string) []byte {
	if len(rows) == 0 {
		return nil
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.WriteAll(rows) // writes to memory: cannot fail
	return buf.Bytes()
}

// exact writes a number of a chart's data exactly.
func exact(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func year(t float64) string { return strconv.Itoa(int(math.Round(t))) }

// versus names the comparison in a title or subtitle: the subject and,
// unless it names it, "against" the counterfactual.
func (f *folder) versus() string {
	subject, _, against := f.subject()
	if against != "" {
		return subject + " against " + against
	}
	return subject
}

// compareBrief is the brief of a comparison: the headline, key figures
// and five charts, each drawn by its own step below.
func (f *folder) compareBrief() (*brief.Brief, error) {
	span := f.sumYears()
	b := &brief.Brief{
		Title:      fmt.Sprintf("%s: %s digital GMV %s", f.versus(), f.regionTitle(), span),
		Headline:   f.headline(),
		KeyFigures: f.keyFigures(),
	}
	cm := compareMeta{versus: f.versus(), sum: "sum of annual digital GMV " + span, source: f.source()}
	share, parts, err := f.dividendShareChart(cm, b.Headline.DividendUSD < 0)
	if err != nil {
		return nil, err
	}
	years, err := f.dividendYearsChart(cm)
	if err != nil {
		return nil, err
	}
	waterfall, err := f.waterfallChart(cm, parts, b.Headline.DividendUSD)
	if err != nil {
		return nil, err
	}
	policies, err := f.policiesChart(cm)
	if err != nil {
		return nil, err
	}
	c, finding, data, err := f.slope(f.policy)
	slope, err := render("slope", finding, f.fastestNote(), c, err, data...)
	if err != nil {
		return nil, err
	}
	b.Charts = []brief.Chart{share, years, waterfall, policies, slope}
	cb, _ := f.phrase(f.base)
	cp, _ := f.phrase(f.policy)
	b.Columns = [3]string{cp, cb, "Difference"}
	return b, nil
}

// compareMeta is what the charts of a comparison share: the comparison's
// name, the span of the dividend's sum and the source line.
type compareMeta struct{ versus, sum, source string }

// dividendShareChart draws the equity story: each member's dividend and
// its share of the member's own counterfactual GMV. It also returns the
// members' dividends, which the waterfall adds up.
func (f *folder) dividendShareChart(cm compareMeta, loss bool) (brief.Chart, []chart.Bar, error) {
	var md []chart.MemberDividend
	var parts []chart.Bar
	div, bas := map[string]float64{}, map[string]float64{}
	data := [][]string{{"member", "dividend_usd", "counterfactual_usd", "dividend_share"}}
	for _, m := range f.members() {
		r, ok := f.value("cumulative_gmv", m, "", -1)
		if !ok {
			continue
		}
		md = append(md, chart.MemberDividend{Name: m, Value: r.policy - r.base, Baseline: r.base})
		parts = append(parts, chart.Bar{Name: m, Value: r.policy - r.base})
		div[m], bas[m] = r.policy-r.base, r.base
		data = append(data, []string{m, exact(r.policy - r.base), exact(r.base), exact((r.policy - r.base) / r.base)})
	}
	finding := relativeFinding(f.displayAll(brief.MostRelative(div, bas, 2)), loss)
	c, err := chart.DividendShare(chart.Meta{Region: f.region(), Title: finding,
		Subtitle: cm.versus + ", " + cm.sum,
		Source:   cm.source, Unit: chart.USD}, md)
	base, _ := f.phrase(f.base)
	note := "Left: the dividend in US$; right: the same as a per cent of the member's own GMV under " + lower(base) + "."
	out, err := render("dividend_share", finding, note, c, err, data...)
	return out, parts, err
}

// relativeFinding names the members (at most two, display names) that
// gain, or lose, most relative to their size.
func relativeFinding(top []string, loss bool) string {
	if len(top) == 0 {
		return "The dividend relative to each member's size"
	}
	verb := "gain"
	if loss {
		verb = "lose"
	}
	if len(top) == 1 {
		verb += "s"
	}
	return fmt.Sprintf("%s %s most relative to %s size", strings.Join(top, " and "), verb, map[bool]string{true: "their", false: "its"}[len(top) > 1])
}

// dividendYearsChart draws the dividend year by year, from the year the
// scenarios part.
func (f *folder) dividendYearsChart(cm compareMeta) (brief.Chart, error) {
	ax, ap, aq := f.regional("gmv", "")
	var x, d []float64
	data := [][]string{{"year", "dividend_usd_per_year"}}
	for i := range ax {
		if ax[i] >= f.sumFrom-1e-6 {
			x, d = append(x, ax[i]), append(d, ap[i]-aq[i])
			data = append(data, []string{year(ax[i]), exact(ap[i] - aq[i])})
		}
	}
	finding := yearlyFinding(x, d, f.to())
	c, err := chart.DividendYears(chart.Meta{Region: f.region(), Title: finding, Subtitle: cm.versus + ", regional digital GMV, US$ a year",
		Source: cm.source, XLabel: "Year", Unit: chart.USD, Events: f.events()}, chart.Series{Name: "dividend", X: x, Y: d})
	return render("dividend_years", finding, "", c, err, data...)
}

// yearlyFinding says how the yearly dividend d (at years x, to the
// horizon to) moves: none, growing to the horizon, or peaking before it.
func yearlyFinding(x, d []float64, to int) string {
	peak := 0
	for i := range d {
		if math.Abs(d[i]) > math.Abs(d[peak]) {
			peak = i
		}
	}
	last := len(d) - 1
	switch {
	case d[last] == 0 && d[peak] == 0:
		return "The policy makes no difference to yearly GMV"
	case peak == last && d[last] > 0:
		return fmt.Sprintf("The dividend grows to %s a year by %d", chart.Money(d[last]), to)
	case peak == last:
		return fmt.Sprintf("The loss grows to %s a year by %d", chart.Money(-d[last]), to)
	}
	return fmt.Sprintf("The yearly dividend peaks at %s in %.0f", chart.Money(d[peak]), x[peak])
}

// waterfallChart draws how the members' dividends add up to the
// regional one (total).
func (f *folder) waterfallChart(cm compareMeta, parts []chart.Bar, total float64) (brief.Chart, error) {
	finding := waterfallFinding(parts, total, f.region().Name)
	data := [][]string{{"member", "dividend_usd"}}
	for _, p := range parts {
		data = append(data, []string{p.Name, exact(p.Value)})
	}
	c, err := chart.Waterfall(chart.Meta{Region: f.region(), Title: finding, Subtitle: cm.versus + ", " + cm.sum + ", US$",
		Source: cm.source, Unit: chart.USD}, parts, f.regionTitle())
	return render("waterfall", finding, "", c, err, data...)
}

// waterfallFinding names the two members with the largest dividends in
// absolute value and their share of the total, when that share is a
// share (in (0, 1]); name gives a member's display name.
func waterfallFinding(parts []chart.Bar, total float64, name func(string) string) string {
	sorted := append([]chart.Bar(nil), parts...)
	slices.SortStableFunc(sorted, func(a, b chart.Bar) int { return cmp.Compare(math.Abs(b.Value), math.Abs(a.Value)) })
	if len(sorted) >= 2 && total != 0 {
		share := (sorted[0].Value + sorted[1].Value) / total
		if share > 0 && share <= 1 {
			what := "make up %s of the dividend"
			if total < 0 {
				what = "bear %s of the loss"
			}
			return fmt.Sprintf("%s and %s "+what, name(sorted[0].Name), name(sorted[1].Name), brief.Share(share))
		}
	}
	return "How members add up to the regional dividend"
}

// policiesChart draws both paths of regional GMV, joined to the published
// figures up to the base year where the folder has them.
func (f *folder) policiesChart(cm compareMeta) (brief.Chart, error) {
	ax, ap, aq := f.regional("gmv", "")
	n := len(ax) - 1
	pname, bname := f.short(f.policy), f.short(f.base)
	finding := gapFinding(pname, lower(bname), (ap[n]-aq[n])/aq[n], f.to())
	lines := []chart.Series{{Name: f.policy, Label: pname, X: ax, Y: ap}, {Name: f.base, Label: bname, X: ax, Y: aq}}
	sub := "Digital GMV of " + f.regionTitle() + ", US$ a year (nominal)"
	events := f.events()
	h, what, sea6, err := plot.History(f.dir, f.manifest, f.baseYear, f.warn)
	if err != nil {
		return brief.Chart{}, err
	}
	obsColumn := "observed_usd_per_year"
	if sea6 {
		obsColumn = "observed_sea6_usd_per_year"
	}
	if len(h.X) >= 2 && h.X[len(h.X)-1] == ax[0] {
		lines = append(lines, h)
		sub += "; observed: " + what
		if sea6 {
			sub += ", a few per cent below all ten"
		}
		events = append([]chart.Event{{Year: f.baseYear, Label: "base year"}}, events...)
	} else {
		h = chart.Series{}
	}
	data := [][]string{{"year", f.policy + "_usd_per_year", f.base + "_usd_per_year", obsColumn}}
	for i, x := range h.X {
		if x < ax[0] {
			data = append(data, []string{year(x), "", "", exact(h.Y[i])})
		}
	}
	for i := range ax {
		obs := ""
		if k := slices.Index(h.X, ax[i]); k >= 0 {
			obs = exact(h.Y[k])
		}
		data = append(data, []string{year(ax[i]), exact(ap[i]), exact(aq[i]), obs})
	}
	c, err := chart.Lines(chart.Meta{Region: f.region(), Title: finding, Subtitle: sub,
		Source: cm.source, XLabel: "Year", YLabel: "Digital GMV (US$)", Unit: chart.USD, Events: events}, lines)
	return render("policies", finding, "", c, err, data...)
}

// gapFinding says how far the policy's GMV (pname) ends above or below
// the counterfactual's (bname) at the horizon to, gain being the relative
// difference.
func gapFinding(pname, bname string, gain float64, to int) string {
	if gain < 0 {
		return fmt.Sprintf("%s: GMV %s below %s by %d", pname, brief.Share(-gain), bname, to)
	}
	return fmt.Sprintf("%s: GMV %s above %s by %d", pname, brief.Share(gain), bname, to)
}

// short is a scenario's name in a chart: its label, capitalised, else its
// display name.
func (f *folder) short(id string) string {
	n, _ := f.phrase(id)
	return n
}

// slope draws GMV per head of every member in the first and last year.
func (f *folder) slope(scenario string) (*chart.Chart, string, [][]string, error) {
	t0, t1 := f.times[0], f.times[len(f.times)-1]
	var pts []chart.SlopePoint
	data := [][]string{{"member", "gmv_per_head_usd_" + year(t0), "gmv_per_head_usd_" + year(t1)}}
	best, bestRatio := "", 0.0
	for _, m := range f.members() {
		a, ok0 := f.value("gmv_per_head", m, "", t0)
		b, ok1 := f.value("gmv_per_head", m, "", t1)
		if !ok0 || !ok1 {
			continue
		}
		pts = append(pts, chart.SlopePoint{Name: m, First: a.policy, Last: b.policy})
		data = append(data, []string{m, exact(a.policy), exact(b.policy)})
		if a.policy > 0 && b.policy/a.policy > bestRatio {
			best, bestRatio = m, b.policy/a.policy
		}
	}
	finding := "Digital GMV per head, first and last year"
	if best != "" {
		finding = fmt.Sprintf("GMV per head grows fastest in %s: %.1f times", f.region().Name(best), bestRatio)
	}
	c, err := chart.Slope(chart.Meta{Region: f.region(), Title: finding,
		Subtitle: fmt.Sprintf("%s, digital GMV per head %d and %d, US$ a year; log scale: the steeper the line, the faster the growth", f.short(scenario), f.from(), f.to()),
		Source:   f.source(), Unit: chart.USD, LogY: true}, t0, t1, pts)
	return c, finding, data, err
}

// compared says, for the method box, what the policy and its
// counterfactual differ in (one sentence a row of differences.csv) and
// what a reader must know: that the pair differs in more than policy, or
// that a policy with a later step is compared from the base year on, so
// that its dividend includes what it has in force before the step.
func (f *folder) compared() (compared, caveats []string) {
	pol, base := f.short(f.policy), f.short(f.base)
	if len(f.diffs) == 0 {
		return []string{pol + " and " + lower(base) + " have the same parameters."}, nil
	}
	var other []string
	for _, d := range f.diffs {
		what := scenarios.Label(strings.TrimSuffix(d.path, ".*"))
		if strings.HasPrefix(d.path, "policy.coordination") {
			what = "Coordination, [year, level] points"
		}
		if d.count > 1 {
			what += fmt.Sprintf(" of %d pillars", d.count)
		}
		when := "from the base year"
		if d.from != "start" {
			when = "from " + d.from
		}
		compared = append(compared, fmt.Sprintf("%s, %s: %s under %s, %s under %s (%s).", what, when, d.policy, pol, d.base, lower(base), d.path))
		if !strings.HasPrefix(d.path, "policy.") {
			other = append(other, d.path)
		}
	}
	if len(other) > 0 {
		caveats = append(caveats, fmt.Sprintf("The two scenarios differ in more than policy, outside the policy table (%s): the dividend is the effect of all these differences, not of the coordination policy alone.", strings.Join(other, ", ")))
	}
	if !f.parted() {
		if step, ok := f.laterStep(); ok {
			c := fmt.Sprintf("The policy (%s) changes its coordination again from %s, but the two scenarios differ from the base year on: this dividend includes the coordination in force before %s, not only the later step.", pol, year(step), year(step))
			if parent := f.parent(); parent != "" && parent != f.base {
				c += fmt.Sprintf(" For the later step alone, compare it with the scenario it extends: digisim compare %s %s.", f.policy, parent)
			}
			caveats = append(caveats, c)
		}
	}
	return compared, caveats
}

// laterStep returns the year from which the policy's coordination schedule
// moves again after the base year (the point before its first change of
// level after the base year), if it holds its base-year level for a while
// first; a schedule that moves from the base year on has no later step.
func (f *folder) laterStep() (float64, bool) {
	for _, d := range f.diffs {
		if !strings.HasPrefix(d.path, "policy.coordination") {
			continue
		}
		var pts [][2]float64
		if json.Unmarshal([]byte(d.policy), &pts) != nil || len(pts) == 0 {
			continue
		}
		sched := make([]sim.Point, len(pts))
		for i, p := range pts {
			sched[i] = sim.Point{Year: p[0], Level: p[1]}
		}
		at := sim.Coordination(sched, f.baseYear)
		prev := f.baseYear
		for _, p := range sched {
			if p.Year <= f.baseYear {
				continue
			}
			if p.Level != at {
				return prev, prev > f.baseYear
			}
			prev = p.Year
		}
	}
	return 0, false
}

// events are the policy's dates after the base year, for time charts: the
// start of its later step and the end of its phase-in (the last point of
// its coordination schedule), from differences.csv.
func (f *folder) events() []chart.Event {
	step, ok := f.laterStep()
	if !ok {
		return nil
	}
	ev := []chart.Event{{Year: step, Label: "phase-in starts"}}
	end := step
	for _, d := range f.diffs {
		var pts [][2]float64
		if strings.HasPrefix(d.path, "policy.coordination") && json.Unmarshal([]byte(d.policy), &pts) == nil && len(pts) > 0 {
			end = math.Max(end, pts[len(pts)-1][0])
		}
	}
	if end > step {
		ev = append(ev, chart.Event{Year: end, Label: "fully phased in"})
	}
	return ev
}

// parent is the scenario the policy's file extends (from the manifest's
// list of source files, each scenario's chain base first), "" if none.
func (f *folder) parent() string {
	var sources []string
	if v, ok := f.manifest.Extra["sources"].([]any); ok {
		for _, s := range v {
			if str, ok := s.(string); ok {
				sources = append(sources, strings.TrimSuffix(filepath.Base(str), ".toml"))
			}
		}
	}
	if i := slices.Index(sources, f.policy); i > 0 {
		return sources[i-1]
	}
	return ""
}
