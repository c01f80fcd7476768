package sample_test

import (
	"fmt"
	"log"

	"github.com/digisim/digisim/sim/sample"
)

// A Latin hypercube over two parameters, one given by struct literal and
// one built by name as a scenario loader would, mapped to parameter values.
func Example() {
	adoption, err := sample.New("triangular", sample.Spec{Params: map[string]float64{"min": 0.1, "mode": 0.3, "max": 0.4}})
	if err != nil {
		log.Fatal(err)
	}
	dists := []sample.Dist{sample.Uniform{Min: 100, Max: 200}, adoption}
	pts, err := sample.LatinHypercube{N: 4, D: len(dists), Seed: 1}.Points()
	if err != nil {
		log.Fatal(err)
	}
	x, err := sample.Map(pts, dists)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range x {
		fmt.Printf("%.1f %.3f\n", p[0], p[1])
	}

	_, err = sample.New("normal", sample.Spec{Params: map[string]float64{"mean": 1, "sd": -2}})
	fmt.Println(err)
	// Output:
	// 189.5 0.279
	// 152.6 0.173
	// 121.0 0.358
	// 137.3 0.267
	// normal: sd is -2, must be > 0
}
