package briefing

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/digisim/digisim/output/brief"
	"github.com/digisim/digisim/output/chart"
)

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
		Title:      fmt.Sprintf("%s against %s: ASEAN digital commerce, %s", pol, lower(base), span),
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
		Source: src, Unit: chart.USD}, parts, "ASEAN")
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
