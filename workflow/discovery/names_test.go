package discovery

import (
	"testing"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/workflow/analyze"
)

// TestChartNames: the box chart's limits are named as the tornado charts
// name parameters (members as the scenario names them), and its titles say
// the condition and the parameters in words; the expected labels are
// written by hand. The tables keep the paths (TestPrimFindsImitation).
func TestChartNames(t *testing.T) {
	f := &analyze.Folder{Exp: &experiments.Experiment{File: experiments.File{Outcomes: []experiments.Outcome{
		{Name: "gmv_2030", Variable: "gmv", Year: 2030}}}}}
	res := &Result{Outcome: "gmv_2030", Condition: "gmv_2030 > p80",
		Dims: []string{"segments.*.imitation", "members.UY.spend_drift", "segments.ecommerce.tradability", "policy.spillover"}}
	r := &chart.Region{Members: []string{"UY"}, Names: map[string]string{"UY": "Uruguay"}}
	n := namer(f, res, r)
	for path, want := range map[string]string{
		"segments.*.imitation":           "Imitation rate of adoption (q), all segments",
		"members.UY.spend_drift":         "Drift of spend per user, Uruguay",
		"segments.ecommerce.tradability": "Tradability across borders, E-commerce",
		"policy.spillover":               "Capacity spillover rate (per year)",
	} {
		if got := n.param[path]; got != want {
			t.Errorf("box limit of %s: %q, want %q", path, got, want)
		}
	}
	title := "gmv_2030 > p80 when segments.*.imitation > 0.4 and members.UY.spend_drift < 0.01"
	want := "digital GMV in 2030 > p80 when imitation rate of adoption > 0.4 and drift of spend per user (Uruguay) < 0.01"
	if got := n.words.Replace(title); got != want {
		t.Errorf("title %q, want %q", got, want)
	}
}
