package robust_test

import (
	"fmt"
	"log"

	"github.com/digisim/digisim/sim/robust"
)

// Three coordination policies, each run in the same four futures; the
// outcome is the GMV dividend (US$bn), more is better, and a policy
// "pays" in a future when its dividend is at least 7.
func Example() {
	t := robust.Table{
		Options: []string{"binding", "voluntary", "bilateral"},
		Values:  [][]float64{{10, 4, 6, 8}, {7, 7, 7, 7}, {12, 1, 9, 3}},
	}
	opts, err := robust.Analyze(t, robust.Spec{Goal: robust.Maximize, Threshold: &robust.Threshold{Value: 7, AtLeast: true}})
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range opts {
		fmt.Printf("%-9s mean %.2f  median %.1f  pays in %.0f%%  max regret %.0f\n", o.Name, o.Mean, o.Percentiles[1], 100*o.Satisficing, o.MaxRegret)
	}
	for _, c := range []robust.Criterion{robust.MinimaxRegret, robust.MaxSatisficing} {
		i, err := robust.MostRobust(opts, robust.Maximize, c)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("most robust by %v: %s\n", c, opts[i].Name)
	}
	// Output:
	// binding   mean 7.00  median 7.0  pays in 50%  max regret 3
	// voluntary mean 7.00  median 7.0  pays in 100%  max regret 5
	// bilateral mean 6.25  median 6.0  pays in 50%  max regret 6
	// most robust by minimax regret: binding
	// most robust by most futures meeting the threshold: voluntary
}
