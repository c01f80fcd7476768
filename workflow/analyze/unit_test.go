package analyze

import (
	"testing"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/scenarios/experiments"
)

// TestOutcomeUnitOfRatio: a ratio to a counterfactual is a plain number
// (DEFA's GMV over the status quo's is 1.01, not US$1), while the
// difference from the same counterfactual is money.
func TestOutcomeUnitOfRatio(t *testing.T) {
	f := &Folder{Exp: &experiments.Experiment{File: experiments.File{Outcomes: []experiments.Outcome{
		{Name: "ratio", Variable: "gmv", Year: 2030, Against: "asean-2025", Ratio: true},
		{Name: "difference", Variable: "gmv", Year: 2030, Against: "asean-2025"},
	}}}}
	if u := f.OutcomeUnit("ratio"); u != chart.Plain {
		t.Errorf("ratio: unit %v, want plain", u)
	}
	if u := f.OutcomeUnit("difference"); u != chart.USD {
		t.Errorf("difference: unit %v, want US$", u)
	}
}
