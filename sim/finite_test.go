package sim

import (
	"errors"
	"math"
	"testing"
)

// TestCheckFiniteNames: checkFinite names the member and segment of a
// bad value at the right index, and the regional outputs.
func TestCheckFiniteNames(t *testing.T) {
	res := &Result{Members: []string{"A", "B"}, Segments: []string{"s", "t"}, Pillars: []string{"p"}}
	vals := make([]float64, 6) // the snapshot's block: GMV, then the regional GMV
	sn := &Snapshot{Time: 2020, GMV: vals[:4], Region: Region{GMV: vals[4:]}}
	if err := checkFinite(res, sn, vals); err != nil {
		t.Fatalf("all finite: %v", err)
	}
	sn.GMV[3] = math.Inf(1) // B in t
	var ne *NonFiniteError
	if err := checkFinite(res, sn, vals); !errors.As(err, &ne) || ne.Variable != "gmv" || ne.Member != "B" || ne.Segment != "t" || ne.Time != 2020 {
		t.Errorf("got %v, want gmv of B in t at 2020", err)
	}
	sn.GMV[3] = 0
	sn.Region.Gini = math.NaN()
	if err := checkFinite(res, sn, vals); !errors.As(err, &ne) || ne.Variable != "gini_gmv_per_head" || ne.Member != "" {
		t.Errorf("got %v, want the regional gini", err)
	}
}
