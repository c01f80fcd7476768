package briefing

import (
	"fmt"
	"strconv"

	"github.com/digisim/digisim/output/brief"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/workflow/plot"
)

func (f *folder) runBrief() (*brief.Brief, error) {
	name := f.short(f.policy)
	span := fmt.Sprintf("%d-%d", f.from(), f.to())
	b := &brief.Brief{
		Title:      fmt.Sprintf("%s: %s digital GMV %s", name, f.regionTitle(), span),
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
	c, err := chart.StackedArea(chart.Meta{Region: f.region(), Title: finding, Subtitle: name + ", regional digital GMV by segment, US$ per year (nominal)",
		Source: src, XLabel: "Year", YLabel: "Digital GMV (US$)", Unit: chart.USD}, layers)
	if err := add(render("gmv_by_segment", finding, "", c, err)); err != nil {
		return nil, err
	}

	// 2. GMV per head, first and last year.
	var data [][]string
	c, finding, data, err = f.slope(f.policy)
	if err := add(render("slope", finding, f.fastestNote(), c, err, data...)); err != nil {
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
		c, err = chart.Convergence(chart.Meta{Region: f.region(), Title: finding, Subtitle: name + ", dispersion of digital GMV per head across members",
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
	fast := f.displayAll(f.fastest("gmv", 2))
	finding = "Digital GMV by member"
	if len(fast) == 2 {
		finding = fmt.Sprintf("%s and %s grow fastest", fast[0], fast[1])
	}
	c, err = chart.SmallMultiples(chart.Meta{Region: f.region(), Title: finding, Subtitle: name + ", digital GMV by buyer's country, US$ per year (each member its own axis: compare shapes, not sizes)",
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
