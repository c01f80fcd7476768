package chart

import (
	"math"
)

// The fixtures are small, fixed inputs at realistic magnitudes: regional
// GMV of about $72B in 2018 (e-Conomy SEA 2018) growing to about $600B by
// 2035 across four segments; members from Brunei ($0.05B) to Indonesia
// ($27B); Gini of GMV per head between 0.3 and 0.5. The growth paths are
// made up for drawing, not model output.

var members = []string{"ID", "TH", "SG", "VN", "MY", "PH", "MM", "KH", "LA", "BN"}

// gmv2018 is GMV per member in 2018, US$ (sums to about $72B).
var gmv2018 = map[string]float64{
	"ID": 27e9, "TH": 11.9e9, "SG": 9.7e9, "VN": 9.0e9, "MY": 8.0e9,
	"PH": 5.0e9, "MM": 0.6e9, "KH": 0.4e9, "LA": 0.15e9, "BN": 0.05e9,
}

var growth = map[string]float64{
	"ID": 0.15, "TH": 0.12, "SG": 0.08, "VN": 0.17, "MY": 0.11,
	"PH": 0.16, "MM": 0.2, "KH": 0.18, "LA": 0.16, "BN": 0.06,
}

func years(from, to int) []float64 {
	var ys []float64
	for y := from; y <= to; y++ {
		ys = append(ys, float64(y))
	}
	return ys
}

func path(x []float64, v0, rate float64) []float64 {
	y := make([]float64, len(x))
	for i, t := range x {
		y[i] = v0 * math.Pow(1+rate, t-x[0])
	}
	return y
}

func fixtureMeta(title, subtitle string, u Unit) Meta {
	return Meta{
		Title:    title,
		Subtitle: subtitle,
		Source:   "Source: digisim v0.1.0, scenario agreement; base-year data e-Conomy SEA 2018",
		Unit:     u,
	}
}

func stackedFixture() (Meta, []Series) {
	x := years(2018, 2035)
	m := fixtureMeta("Regional GMV by segment", "Scenario agreement, US$ nominal", USD)
	m.YLabel = "GMV (US$)"
	return m, []Series{
		{Name: "ecommerce", X: x, Y: path(x, 23e9, 0.18)},
		{Name: "online_travel", X: x, Y: path(x, 30e9, 0.08)},
		{Name: "transport_food", X: x, Y: path(x, 8e9, 0.15)},
		{Name: "online_media", X: x, Y: path(x, 11e9, 0.10)},
	}
}

func multiplesFixture() (Meta, []Series) {
	x := years(2018, 2035)
	m := fixtureMeta("GMV by member", "Scenario agreement, US$ nominal", USD)
	m.YLabel = "GMV (US$)"
	var s []Series
	for _, id := range members {
		s = append(s, Series{Name: id, X: x, Y: path(x, gmv2018[id], growth[id])})
	}
	return m, s
}

func linesFixture() (Meta, []Series) {
	x := years(2018, 2035)
	m := fixtureMeta("Regional GMV by scenario", "All scenarios, US$ nominal", USD)
	m.YLabel = "GMV (US$)"
	rates := []struct {
		name string
		r    float64
	}{
		{"no-coordination", 0.120}, {"agreement", 0.135}, {"binding", 0.142},
		{"capacity-building", 0.138}, {"business-engaged", 0.130},
	}
	var s []Series
	for _, r := range rates {
		s = append(s, Series{Name: r.name, X: x, Y: path(x, 72e9, r.r)})
	}
	return m, s
}

func dividendFixture() (Meta, []Bar) {
	m := fixtureMeta("Coordination dividend by member, 2018-2035", "Agreement minus no-coordination, cumulative, US$ nominal", USD)
	m.XLabel = "Cumulative dividend (US$)"
	return m, []Bar{
		{"ID", 41e9}, {"TH", 12.5e9}, {"VN", 18e9}, {"PH", 9.8e9}, {"MY", 6.1e9},
		{"SG", -2.3e9}, {"MM", 1.4e9}, {"KH", 0.9e9}, {"LA", 0.35e9}, {"BN", -0.04e9},
	}
}

func fanFixture() (Meta, Quantiles, Series) {
	x := years(2018, 2035)
	m := fixtureMeta("Regional GMV, 500 Monte Carlo runs", "Scenario agreement, US$ nominal", USD)
	m.YLabel = "GMV (US$)"
	q := Quantiles{Name: "agreement", X: x}
	for i, t := range x {
		med := 72e9 * math.Pow(1.135, t-2018)
		sd := 0.035 * math.Sqrt(float64(i))
		q.P05 = append(q.P05, med*math.Exp(-1.645*sd))
		q.P25 = append(q.P25, med*math.Exp(-0.674*sd))
		q.P50 = append(q.P50, med)
		q.P75 = append(q.P75, med*math.Exp(0.674*sd))
		q.P95 = append(q.P95, med*math.Exp(1.645*sd))
	}
	obs := Series{Name: "observed", X: years(2015, 2018), Y: []float64{31e9, 41e9, 54e9, 72e9}}
	return m, q, obs
}

func heatFixture() (Meta, Grid) {
	m := fixtureMeta("Coordination dividend over a policy sweep", "Cumulative 2018-2035, US$ nominal", USD)
	m.XLabel = "Tariff harmonisation (share of gap closed)"
	m.YLabel = "Capacity spending (share of budget)"
	m.ValueLabel = "Dividend (US$)"
	g := Grid{X: []float64{0, 0.25, 0.5, 0.75, 1}, Y: []float64{0, 0.1, 0.2, 0.3}}
	for _, y := range g.Y {
		var row []float64
		for _, x := range g.X {
			row = append(row, (-8+60*x+180*y+120*x*y)*1e9)
		}
		g.Z = append(g.Z, row)
	}
	return m, g
}

func tornadoFixture() (Meta, []Sensitivity) {
	m := fixtureMeta("What drives the 2035 dividend", "Sobol indices, 4,096 runs, 95% bootstrap intervals", Plain)
	m.XLabel = "Share of output variance"
	e := func(v, w float64) Estimate { return Estimate{v, v - w, v + w} }
	return m, []Sensitivity{
		{"bass_imitation", e(0.31, 0.04), e(0.38, 0.05)},
		{"logistics_elasticity", e(0.18, 0.03), e(0.24, 0.04)},
		{"trust_threshold", e(0.02, 0.03), e(0.09, 0.02)},
		{"payments_uptake", e(0.12, 0.03), e(0.15, 0.03)},
		{"tariff_passthrough", e(0.05, 0.02), e(0.07, 0.02)},
		{"fdi_response", e(0.01, 0.02), e(0.02, 0.01)},
	}
}

var pillars = []string{"payments", "logistics", "skills", "regulation", "data_flows", "connectivity"}

func capacityFixture() (Meta, Matrix) {
	m := fixtureMeta("Digital capacity by member and pillar, 2030", "Scenario capacity-building, index 0-1", Plain)
	m.ValueLabel = "Capacity"
	mat := Matrix{Rows: members, Cols: pillars}
	for i := range members {
		var row []float64
		for j := range pillars {
			v := 0.92 - 0.07*float64(i) + 0.04*float64((i*3+j*5)%4) - 0.02*float64(j)
			row = append(row, math.Max(0, math.Min(1, v)))
		}
		mat.Values = append(mat.Values, row)
	}
	return m, mat
}

func convergenceFixture() (Meta, []Series, []Series) {
	x := years(2018, 2035)
	m := fixtureMeta("Convergence of GMV per head across members", "Gini and coefficient of variation, by scenario", Plain)
	var gini, cv []Series
	for _, s := range []struct {
		name string
		g, c float64
	}{{"no-coordination", 0.003, 0.01}, {"agreement", 0.006, 0.02}, {"capacity-building", 0.009, 0.03}} {
		gy, cy := make([]float64, len(x)), make([]float64, len(x))
		for i := range x {
			gy[i] = 0.48 - s.g*float64(i)
			cy[i] = 1.6 - s.c*float64(i)
		}
		gini = append(gini, Series{Name: s.name, X: x, Y: gy})
		cv = append(cv, Series{Name: s.name, X: x, Y: cy})
	}
	return m, gini, cv
}

func crossBorderFixture() (Meta, Matrix) {
	m := fixtureMeta("Cross-border purchases, 2030", "Buyer (rows) from seller (columns), scenario agreement, US$ nominal", USD)
	m.XLabel = "Seller"
	m.YLabel = "Buyer"
	m.ValueLabel = "Purchases (US$)"
	mat := Matrix{Rows: members, Cols: members}
	for _, b := range members {
		var row []float64
		for _, s := range members {
			v := 0.02 * gmv2018[b] * gmv2018[s] / 72e9 * 4
			if b == s {
				v = gmv2018[b] * 3
			}
			row = append(row, v)
		}
		mat.Values = append(mat.Values, row)
	}
	return m, mat
}

// fitFixture is a calibration to SEA-6 history at the magnitudes of the
// e-Conomy SEA reports (GMV $32B in 2015 to $72B in 2018, 260M to 350M
// internet users; online media observed in one year only), with model
// values made up near them.
func fitFixture() (Meta, []FitPanel) {
	m := fixtureMeta("Calibration of asean-2015: observed and fitted", "2 parameters fitted; RMSE of logs 0.118 (typical error 12.5%); data history_2015_2018.csv", USD)
	obs := func(ys ...float64) Series {
		x := []float64{2015, 2017, 2018}
		if len(ys) == 1 {
			x = []float64{2018}
		}
		return Series{X: x[:len(ys)], Y: ys}
	}
	return m, []FitPanel{
		{Name: "SEA-6 GMV\nTotal", Unit: USD, Observed: obs(32e9, 50e9, 72e9), Fitted: obs(30.5e9, 52e9, 66e9)},
		{Name: "SEA-6 GMV\nE-commerce", Unit: USD, Observed: obs(5.5e9, 10.9e9, 23e9), Fitted: obs(5.9e9, 12.1e9, 17.4e9)},
		{Name: "SEA-6 GMV\nOnline media", Unit: USD, Observed: obs(11e9), Fitted: obs(11e9)},
		{Name: "SEA-6 internet users", Unit: Persons, Observed: obs(260e6, 330e6, 350e6), Fitted: obs(262e6, 318e6, 347e6)},
		{Name: "SEA-6 trips per day\nRide hailing & food", Unit: Persons, Observed: obs(1.5e6, 6e6, 8e6), Fitted: obs(1.9e6, 5.1e6, 7.7e6)},
	}
}

// fitBacktestFixture is fitFixture fitted up to 2017, 2018 out of sample.
func fitBacktestFixture() (Meta, []FitPanel, FitOptions) {
	m, ps := fitFixture()
	m.Title = "Backtest of asean-2015: fitted to 2015-2017, tested on 2018"
	m.Subtitle = "2 parameters fitted; RMSE of logs 0.061 in sample, 0.214 out of sample; data history_2015_2018.csv"
	return m, ps[:4], FitOptions{Columns: 2, TrainUntil: 2017}
}

// dividendShareFixture is dividendFixture against baselines of cumulative
// GMV 2018-2035 at about 12 times the 2018 level.
func dividendShareFixture() (Meta, []MemberDividend) {
	m, bars := dividendFixture()
	m.Title = "Myanmar and Cambodia gain most relative to their size"
	m.Subtitle = "Binding rules minus no coordination, cumulative 2018-2035"
	var rows []MemberDividend
	for _, b := range bars {
		base := gmv2018[b.Name] * 12
		if b.Name == "MM" || b.Name == "KH" {
			base /= 3
		}
		rows = append(rows, MemberDividend{Name: b.Name, Value: b.Value, Baseline: base})
	}
	return m, rows
}

func dividendYearsFixture() (Meta, Series) {
	x := years(2018, 2035)
	m := fixtureMeta("The dividend grows every year, to US$26bn in 2035", "Binding rules minus no coordination, regional GMV, US$ nominal", USD)
	y := make([]float64, len(x))
	for i := range x {
		y[i] = (-0.4 + 0.09*float64(i*i)) * 1e9
	}
	return m, Series{Name: "dividend", X: x, Y: y}
}

func waterfallFixture() (Meta, []Bar) {
	m, bars := dividendFixture()
	m.Title = "Indonesia and Viet Nam make up two thirds of the regional dividend"
	m.Subtitle = "Contribution of each member, cumulative 2018-2035, US$ nominal"
	return m, bars
}

func slopeFixture() (Meta, []SlopePoint) {
	m := fixtureMeta("GMV per head rises fastest where it starts lowest", "Digital GMV per head, binding rules, US$ nominal, log scale", USD)
	m.LogY = true
	pop := map[string]float64{"ID": 265e6, "TH": 69e6, "SG": 5.6e6, "VN": 95e6, "MY": 32e6, "PH": 106e6, "MM": 53e6, "KH": 16e6, "LA": 7e6, "BN": 0.43e6}
	var pts []SlopePoint
	for _, id := range members {
		g0 := gmv2018[id] / pop[id]
		pts = append(pts, SlopePoint{Name: id, First: g0, Last: g0 * math.Pow(1+growth[id], 17)})
	}
	return m, pts
}

func histogramFixture() (Meta, []float64) {
	m := fixtureMeta("The dividend is positive in most futures", "Cumulative regional dividend 2018-2035 over 500 Monte Carlo runs, US$ nominal", USD)
	m.XLabel = "Cumulative dividend (US$)"
	var v []float64
	for i := range 500 {
		// A deterministic normal sample: the inverse normal CDF at
		// evenly spaced probabilities, through the logistic approximation.
		p := (float64(i) + 0.5) / 500
		z := math.Log(p/(1-p)) / 1.702
		v = append(v, (90+70*z)*1e9)
	}
	return m, v
}

// crossBorderEmptyFixture is a cross-border matrix without coordination:
// domestic purchases only.
func crossBorderEmptyFixture() (Meta, Matrix) {
	m, mat := crossBorderFixture()
	m.Subtitle = "Buyer (rows) from seller (columns), scenario no-coordination, US$ nominal"
	m.Empty = "No cross-border trade without coordination"
	for i := range mat.Values {
		for j := range mat.Values[i] {
			if i != j {
				mat.Values[i][j] = 0
			}
		}
	}
	return m, mat
}

// crossBorderFixedFixture draws the 2030 matrix on the scale of 2030 and
// a 2035 matrix three times larger, as a chart series over years would.
func crossBorderFixedFixture() (Meta, Matrix) {
	m, mat := crossBorderFixture()
	later := Matrix{Rows: mat.Rows, Cols: mat.Cols}
	for _, row := range mat.Values {
		var r []float64
		for _, v := range row {
			r = append(r, 3*v)
		}
		later.Values = append(later.Values, r)
	}
	m.Scale = CrossBorderScale(mat, later)
	m.Subtitle = "Colour scale shared with 2035; buyer (rows) from seller (columns), US$ nominal"
	return m, mat
}

// giniLeversFixture is a lever sweep whose outcome varies little (Gini
// from 0.198 to 0.206), with levels named by scenario.
func giniLeversFixture() (Meta, Grid) {
	m := fixtureMeta("Binding rules narrow the gap slightly more than capacity building", "Gini of GMV per head in 2035 by policy levers", Plain)
	m.XLabel = "Coordination"
	m.YLabel = "Capacity building"
	m.ValueLabel = "Gini"
	g := Grid{X: []float64{0.2, 0.5, 1.0}, Y: []float64{0, 0.5, 1}, XNames: []string{"agreement", "business-engaged", "binding"}, YNames: []string{"none", "half", "full"}}
	for i := range g.Y {
		var row []float64
		for j := range g.X {
			row = append(row, 0.206-0.0025*float64(j)-0.0015*float64(i))
		}
		g.Z = append(g.Z, row)
	}
	return m, g
}

// fixtures builds every chart type from its fixture.
func fixtures() []struct {
	name  string
	build func() (*Chart, error)
} {
	return []struct {
		name  string
		build func() (*Chart, error)
	}{
		{"stacked_area", func() (*Chart, error) { m, s := stackedFixture(); return StackedArea(m, s) }},
		{"small_multiples", func() (*Chart, error) { m, s := multiplesFixture(); return SmallMultiples(m, s, MultiplesOptions{}) }},
		{"small_multiples_free", func() (*Chart, error) {
			m, s := multiplesFixture()
			return SmallMultiples(m, s, MultiplesOptions{FreeY: true})
		}},
		{"small_multiples_log", func() (*Chart, error) {
			m, s := multiplesFixture()
			m.LogY = true
			return SmallMultiples(m, s, MultiplesOptions{})
		}},
		{"lines", func() (*Chart, error) { m, s := linesFixture(); return Lines(m, s) }},
		{"dividend_bars", func() (*Chart, error) { m, b := dividendFixture(); return DividendBars(m, b) }},
		{"fan", func() (*Chart, error) { m, q, o := fanFixture(); return Fan(m, q, o) }},
		{"heat_map", func() (*Chart, error) { m, g := heatFixture(); return HeatMap(m, g) }},
		{"tornado", func() (*Chart, error) { m, s := tornadoFixture(); return Tornado(m, s) }},
		{"capacity_heat_map", func() (*Chart, error) { m, x := capacityFixture(); return CapacityHeatMap(m, x) }},
		{"convergence", func() (*Chart, error) { m, g, c := convergenceFixture(); return Convergence(m, g, c) }},
		{"cross_border_matrix", func() (*Chart, error) { m, x := crossBorderFixture(); return CrossBorderMatrix(m, x) }},
		{"fit", func() (*Chart, error) { m, p := fitFixture(); return Fit(m, p, FitOptions{}) }},
		{"fit_backtest", func() (*Chart, error) { m, p, o := fitBacktestFixture(); return Fit(m, p, o) }},
		{"cross_border_empty", func() (*Chart, error) { m, x := crossBorderEmptyFixture(); return CrossBorderMatrix(m, x) }},
		{"cross_border_fixed", func() (*Chart, error) { m, x := crossBorderFixedFixture(); return CrossBorderMatrix(m, x) }},
		{"heat_map_levers", func() (*Chart, error) { m, g := giniLeversFixture(); return HeatMap(m, g) }},
		{"dividend_share", func() (*Chart, error) { m, r := dividendShareFixture(); return DividendShare(m, r) }},
		{"dividend_years", func() (*Chart, error) { m, s := dividendYearsFixture(); return DividendYears(m, s) }},
		{"waterfall", func() (*Chart, error) { m, b := waterfallFixture(); return Waterfall(m, b, "ASEAN") }},
		{"slope", func() (*Chart, error) { m, p := slopeFixture(); return Slope(m, 2018, 2035, p) }},
		{"histogram", func() (*Chart, error) { m, v := histogramFixture(); return Histogram(m, v, 0) }},
	}
}
