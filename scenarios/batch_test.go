package scenarios

import (
	"math"
	"testing"

	"github.com/digisim/digisim/sim"
)

// TestBatchOnShippedFiles: every shipped scenario file, run in a batch of
// three with two variants, gives each run what sim.Run gives it (to
// 1e-12 relative: bit for bit on the default build, one rounding where the
// compiler fuses multiply-adds). sim's own batch tests use simtest's Go
// literals; this one covers the files, the v2 ones included.
func TestBatchOnShippedFiles(t *testing.T) {
	for _, in := range List() {
		sc, err := Load(in.Name, nil)
		if err != nil {
			t.Fatal(err)
		}
		ps := []*sim.Params{sc.Params, sc.Params.Clone(), sc.Params.Clone()}
		ps[1].Policy.Spillover *= 1.1
		ps[2].Policy.LagYears *= 0.9
		got, errs := sim.RunBatch(ps, nil)
		for k, p := range ps {
			want, err := sim.Run(p)
			if err != nil || errs[k] != nil {
				t.Fatalf("%s lane %d: %v / %v", in.Name, k, errs[k], err)
			}
			for j := range want.Steps {
				w, g := want.Steps[j].Region, got[k].Steps[j].Region
				for s := range w.GMV {
					if math.Abs(g.GMV[s]-w.GMV[s]) > 1e-12*math.Abs(w.GMV[s]) {
						t.Fatalf("%s lane %d at %v: segment %d GMV %.17g, sim.Run %.17g", in.Name, k, want.Steps[j].Time, s, g.GMV[s], w.GMV[s])
					}
				}
				if math.Abs(g.Gini-w.Gini) > 1e-12*w.Gini {
					t.Fatalf("%s lane %d at %v: Gini %.17g, sim.Run %.17g", in.Name, k, want.Steps[j].Time, g.Gini, w.Gini)
				}
			}
		}
	}
}
