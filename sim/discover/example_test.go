package discover_test

import (
	"fmt"
	"log"

	"github.com/digisim/digisim/sim/discover"
	"github.com/digisim/digisim/sim/sample"
)

// Scenario discovery on 1000 sampled futures of two uncertainties: where
// does the agreement fail to pay? Here it fails exactly when the lag
// exceeds 3 years and spillovers stay below 0.1.
func Example() {
	const n = 1000
	u, err := sample.LatinHypercube{N: n, D: 2, Seed: 1}.Points()
	if err != nil {
		log.Fatal(err)
	}
	x := make([][]float64, n)
	fails := make([]bool, n)
	for i, p := range u {
		lag, spill := 5*p[0], 0.4*p[1] // lag_years in [0, 5], spillover in [0, 0.4]
		x[i] = []float64{lag, spill}
		fails[i] = lag > 3 && spill < 0.1
	}
	ranges := &discover.Box{Lo: []float64{0, 0}, Hi: []float64{5, 0.4}}
	names := []string{"lag_years", "spillover"}

	r, err := discover.Prim{Ranges: ranges}.Find(x, fails)
	if err != nil {
		log.Fatal(err)
	}
	s := r.Steps[r.Choose(0.9)]
	fmt.Printf("PRIM: coverage %.2f, density %.2f\n", s.Stats.Coverage, s.Stats.Density)
	fmt.Println(discover.Text("the agreement fails to pay", s.Box, r.Init, names))

	tree, err := discover.Tree{Ranges: ranges}.Fit(x, fails)
	if err != nil {
		log.Fatal(err)
	}
	leaf := tree.Boxes(0.5)[0]
	fmt.Printf("CART: coverage %.2f, density %.2f\n", leaf.Stats.Coverage, leaf.Stats.Density)
	fmt.Println(discover.Text("the agreement fails to pay", leaf.Box, tree.Init, names))
	// Output:
	// PRIM: coverage 1.00, density 0.94
	// the agreement fails to pay when lag_years > 2.94 and spillover < 0.104
	// CART: coverage 1.00, density 1.00
	// the agreement fails to pay when lag_years > 2.99 and spillover < 0.0997
}
