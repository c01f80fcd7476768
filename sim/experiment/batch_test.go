package experiment_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/digisim/digisim/scenarios/experiments"
	"github.com/digisim/digisim/sim/experiment"
)

// sameRows fails unless got equals want bit for bit: a batch's arithmetic
// is a single run's, operation for operation, on every build (see
// sim.RunBatch; no multiply-add may be fused, scripts/unfused.sh).
func sameRows(t *testing.T, what string, got, want []experiment.Row) {
	t.Helper()
	if len(got) != len(want) || len(want) == 0 {
		t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: rows differ from one run at a time", what)
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
