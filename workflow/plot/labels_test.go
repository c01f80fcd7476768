package plot

import (
	"testing"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/scenarios/experiments"
)

// uruguay is a user's region whose scenario names its members.
var uruguay = &chart.Region{Members: []string{"UY", "AR"}, Names: map[string]string{"UY": "Uruguay", "AR": "Argentina"}}

// TestParamLabel: a parameter path reads as its label in the scenario
// vocabulary with the ids it names as the region names them; the expected
// labels are written by hand from scenarios' label table.
func TestParamLabel(t *testing.T) {
	for _, c := range []struct {
		path         string
		r            *chart.Region
		label, panel string
	}{
		{"members.UY.spend_drift", uruguay, "Drift of spend per user, Uruguay", "Drift of spend per user, Uruguay"},
		{"segments.ecommerce.tradability", nil, "Tradability across borders, E-commerce", "Tradability across borders, E-commerce"},
		{"segments.*.tradability", nil, "Tradability across borders, all segments", "Tradability across borders"},
		{"members.ID.investment.payments", nil, "Own capacity investment (per year), Indonesia, Payments", "Own capacity investment, Indonesia, Payments"},
		{"members.*.investment.*", nil, "Own capacity investment (per year), all members and pillars", "Own capacity investment"},
		{"policy.spillover", nil, "Capacity spillover rate (per year)", "Capacity spillover rate"},
		{"segments.*.imitation", nil, "Imitation rate of adoption (q), all segments", "Imitation rate of adoption"},
		// No label in the vocabulary: the path, which a user can look up.
		{"no.such.path", uruguay, "no.such.path", "no.such.path"},
	} {
		if got := ParamLabel(c.path, c.r); got != c.label {
			t.Errorf("ParamLabel(%q) = %q, want %q", c.path, got, c.label)
		}
		if got := PanelName(c.path, c.r); got != c.panel {
			t.Errorf("PanelName(%q) = %q, want %q", c.path, got, c.panel)
		}
	}
}

// TestOutcomeName: an outcome reads as its variable, segment, member and
// year in words; one the experiment does not define keeps its name in words.
func TestOutcomeName(t *testing.T) {
	exp := &experiments.File{Outcomes: []experiments.Outcome{
		{Name: "ecommerce_uy_2030", Variable: "gmv", Segment: "ecommerce", Member: "UY", Year: 2030},
		{Name: "gmv_2035", Variable: "gmv", Year: 2035},
		{Name: "users_id", Variable: "users", Segment: "ecommerce", Member: "ID", Year: 2030},
		{Name: "dividend", Cumulative: true, Against: "no-coordination"},
		{Name: "dividend_uy", Cumulative: true, Against: "no-coordination", Member: "UY"},
		{Name: "gini", Variable: "gini_gmv_per_head", Year: 2035},
	}}
	for _, c := range []struct {
		name string
		exp  *experiments.File
		r    *chart.Region
		want string
	}{
		{"ecommerce_uy_2030", exp, uruguay, "E-commerce GMV in Uruguay, 2030"},
		{"gmv_2035", exp, nil, "Digital GMV in 2035"},
		{"users_id", exp, nil, "Users (E-commerce) in Indonesia, 2030"},
		{"dividend", exp, nil, "the dividend over no coordination"},
		{"dividend_uy", exp, uruguay, "the dividend over no coordination, Uruguay"},
		{"gini", exp, nil, "Gini of GMV per head in 2035"},
		{"gmv_2035", nil, nil, "gmv 2035"},
		{"runs/out.gmv_2035", exp, nil, "out gmv 2035"},
	} {
		if got := OutcomeName(c.exp, c.name, c.r); got != c.want {
			t.Errorf("OutcomeName(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
