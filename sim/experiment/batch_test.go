package experiment_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/sim/experiment"
)

// sameRows fails unless got equals want: bit for bit where exactBuild,
// within 1e-12 relative elsewhere (see sim.RunBatch).
func sameRows(t *testing.T, what string, got, want []experiment.Row) {
	t.Helper()
	if len(got) != len(want) || len(want) == 0 {
		t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
	}
	if exactBuild {
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: rows differ from one run at a time", what)
		}
		return
	}
	for k := range want {
		g, w := got[k], want[k]
		if g.Run != w.Run || !reflect.DeepEqual(g.Params, w.Params) || len(g.Outcomes) != len(w.Outcomes) || len(g.Series) != len(w.Series) {
			t.Fatalf("%s: row %d differs in run, values or shape", what, k)
		}
		close := func(a, b float64) bool { return a == b || math.Abs(a-b) <= 1e-12*math.Abs(b) }
		for j := range w.Outcomes {
			if !close(g.Outcomes[j], w.Outcomes[j]) {
				t.Fatalf("%s: run %d outcome %d = %v, want %v", what, w.Run, j, g.Outcomes[j], w.Outcomes[j])
			}
		}
		for j := range w.Series {
			for i := range w.Series[j] {
				if !close(g.Series[j][i], w.Series[j][i]) {
					t.Fatalf("%s: run %d series %d[%d] = %v, want %v", what, w.Run, j, i, g.Series[j][i], w.Series[j][i])
				}
			}
		}
	}
}

// TestBatchesEqualSingleRuns: 200 random draws of agreement-montecarlo
// (its uncertainties and income shocks) give the same rows one at a time
// and in batches of 3, 4 and 8 (the last one ragged), with 1 and 2
// workers and from a shard's start that is not a multiple of the batch.
func TestBatchesEqualSingleRuns(t *testing.T) {
	ex, err := experiments.Load("agreement-montecarlo")
	if err != nil {
		t.Fatal(err)
	}
	e := ex.Run
	n := 200
	if testing.Short() {
		n = 24
	}
	want := collect(t, e, experiment.Options{To: n, Workers: 1, Batch: 1})
	for _, batch := range []int{3, 4, 8} {
		for _, workers := range []int{1, 2} {
			got := collect(t, e, experiment.Options{To: n, Workers: workers, Batch: batch})
			sameRows(t, fmt.Sprintf("batch %d, %d workers", batch, workers), got, want)
		}
		got := collect(t, e, experiment.Options{From: 5, To: n, Workers: 2, Batch: batch})
		sameRows(t, fmt.Sprintf("batch %d from run 5", batch), got, want[5:])
	}
	// The fixture's experiment: a lever, counterfactuals, series.
	s := small()
	sameRows(t, "small, batch 4", collect(t, s, experiment.Options{Workers: 2, Batch: 4}), collect(t, s, experiment.Options{Workers: 1, Batch: 1}))
}

// TestBatchCancelKeepsAPrefix: cancelling a batched experiment emits an
// ordered prefix of the runs, as one run at a time does (runs from 6 on
// wait for the cancel, as in TestCancelKeepsAPrefix).
func TestBatchCancelKeepsAPrefix(t *testing.T) {
	const workers, batch, freeRuns = 2, 3, 6
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := small()
	point := e.Point
	e.Point = func(d int, v []float64) {
		if 2*d >= freeRuns {
			<-ctx.Done()
		}
		point(d, v)
	}
	var rows []experiment.Row
	err := experiment.Run(ctx, e, experiment.Options{Workers: workers, Batch: batch, Emit: func(r experiment.Row) error {
		rows = append(rows, r)
		if len(rows) == freeRuns {
			cancel()
		}
		return nil
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	for k, r := range rows {
		if r.Run != k {
			t.Fatalf("row %d is run %d: not a prefix", k, r.Run)
		}
	}
	// At the cancel, at most one waiting batch per worker is in progress,
	// and the dispatcher may hand out one more before it sees the cancel.
	if most := freeRuns + (workers+1)*batch; len(rows) < freeRuns || len(rows) > most {
		t.Errorf("%d rows kept after cancelling at %d, want %d to %d (of %d runs)", len(rows), freeRuns, freeRuns, most, e.Runs())
	}
}
