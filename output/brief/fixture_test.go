package brief

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

// The chart fixtures under testdata are copies of the chart package's
// goldens (output/chart/testdata), drawn from made-up inputs at realistic
// magnitudes; this package does not import the chart package.
func svgFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".svg"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fixture is a brief of binding rules against no coordination at the
// magnitudes of the shipped scenarios: a regional dividend of US$512bn on
// a baseline of US$6.02trn cumulative GMV 2018-2035.
func fixture(t *testing.T) Brief {
	t.Helper()
	return Brief{
		Title: "Binding digital-commerce rules in ASEAN, 2018-2035",
		Headline: Headline{
			Policy: "Binding rules", Baseline: "no coordination", From: 2018, To: 2035,
			DividendUSD: 512.3e9, BaselineUSD: 6.02e12,
			TopRelative: []string{"Myanmar", "Cambodia", "Lao PDR"},
		},
		KeyFigures: []KeyFigure{
			{Label: "Cumulative digital GMV 2018-2035", Unit: USD, Policy: 6.5323e12, Baseline: 6.02e12, Difference: 512.3e9},
			{Label: "Digital GMV in 2035", Unit: USD, Policy: 702e9, Baseline: 640e9, Difference: 62e9},
			{Label: "Online shoppers in 2035", Unit: Headcount, Policy: 412e6, Baseline: 389e6, Difference: 23e6},
			{Label: "Gini of GMV per head, 2035", Unit: Plain, Policy: 0.412, Baseline: 0.448, Difference: -0.036},
			{Label: "Cross-border share of GMV, 2035", Unit: Fraction, Policy: 0.21, Baseline: 0.12, Difference: 0.09},
		},
		Charts: []Chart{
			{Name: "dividend_share", Finding: "Myanmar and Cambodia gain most relative to their size", SVG: svgFixture(t, "dividend_share"), Note: "Left: the dividend in US$; right: the same as a per cent of each member's GMV without coordination."},
			{Name: "dividend_years", Finding: "The dividend grows every year", SVG: svgFixture(t, "dividend_years")},
			{Name: "waterfall", Finding: "Indonesia and Viet Nam make up two thirds of the dividend", SVG: svgFixture(t, "waterfall")},
			{Name: "policies", Finding: "Binding rules lead every other policy", SVG: svgFixture(t, "lines")},
			{Name: "slope", Finding: "GMV per head rises fastest where it starts lowest", SVG: svgFixture(t, "slope")},
		},
		Uncertainty: &Uncertainty{
			Runs: 500, PPositive: 0.904, P05: -25e9, P50: 90e9, P95: 205e9,
			Charts: []Chart{
				{Name: "fan", Finding: "Regional GMV: the median path and its range", SVG: svgFixture(t, "fan")},
				{Name: "distribution", Finding: "The dividend is positive in most futures", SVG: svgFixture(t, "histogram")},
			},
		},
		Assumptions: []Assumption{
			{Name: "Imitation rate of adoption", Key: "adoption.imitation", Effect: 0.38},
			{Name: "Elasticity of trade to logistics", Key: "trade.logistics_elasticity", Effect: 0.24},
			{Name: "Payments uptake", Key: "members.*.payments.uptake", Effect: 0.15},
		},
		Method: Method{
			Model: "digisim model (MODEL.md)", DigisimVersion: "v0.1.0",
			Command: "digisim brief out/binding-vs-no-coordination",
			Scenarios: []ScenarioFile{
				{Name: "binding", File: "scenarios/shipped/binding.toml", SHA256: "3f1c0b6a9d2e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c"},
				{Name: "no-coordination", File: "scenarios/shipped/no-coordination.toml", SHA256: "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"},
			},
			DataSources: []string{"Google, Temasek and Bain & Company: e-Conomy SEA 2018", "World Bank: World Development Indicators (population)"},
		},
	}
}

var _ = math.NaN
