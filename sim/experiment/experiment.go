// Package experiment runs many variations of one scenario: design points
// crossed with replicates, each run's random numbers keyed by (seed, run
// index, stream name), results handed back in run-index order whatever the
// number of workers. It knows nothing of files: a caller decides where the
// rows go (package output/runstore writes them).
//
// # Run indices
//
// Run r is design point r / Replicates and replicate r % Replicates. A
// shard is a contiguous range of run indices, so the union of shards is
// exactly the runs of the whole experiment.
package experiment

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/digisim/digisim/sim"
	"github.com/digisim/digisim/sim/sample"
	"github.com/digisim/digisim/sim/series"
)

// Param is one parameter that varies between runs: an uncertainty or a
// lever. Set writes a value into a run's parameters (compiled once from a
// dotted path by the caller).
type Param struct {
	Name  string
	Lever bool // levers are policy: they do not apply to counterfactuals
	Set   func(p *sim.Params, v float64)
}

// Outcome is one number recorded per run.
type Outcome struct {
	Name string
	// Of selects the variable; Year is the output time to read it at.
	Of   series.Selector
	Year float64
	// Members, if not empty, sums the outcome over these members (a group
	// such as e-Conomy SEA's six) instead of reading Of.Member or the
	// region; the variable must add up (counts and flows, not shares).
	Members []string
	// Cumulative, if set, records cumulative GMV (USD) of Of.Member or
	// Members (the region if both are empty) from the base year to Year,
	// or to the horizon when Year is 0, instead of a value at Year.
	Cumulative bool
	// Against, if not nil, records the difference between this run and the
	// same future (same uncertain values and shocks, no levers) of the
	// counterfactual Against: a coordination dividend.
	Against *sim.Params
	// Ratio, with Against, records this run's value over the
	// counterfactual's instead of the difference (2 = doubled).
	Ratio bool
}

// Series is a variable recorded at every output time, for fan charts.
type Series struct {
	Name string
	Of   series.Selector
}

// Shocks is the AR(1) process of yearly income-growth shocks of MODEL.md
// (stochastic runs): z' = Phi*z + SD*N(0, 1), z = 0 before the base year.
// SD = 0 turns shocks off.
type Shocks struct {
	Phi float64
	SD  float64
}

// Experiment is a fully resolved experiment.
type Experiment struct {
	Base       *sim.Params
	Params     []Param
	Points     int                           // number of design points
	Point      func(d int, values []float64) // fills the values of design point d, len(Params)
	Replicates int                           // runs per design point, >= 1
	Shocks     Shocks
	Seed       uint64
	Outcomes   []Outcome
	Series     []Series
}

// Runs is the number of runs: design points times replicates.
func (e *Experiment) Runs() int { return e.Points * e.Replicates }

// Row is the record of one run.
type Row struct {
	Run, Point, Replicate int
	Params                []float64 // in the order of Experiment.Params
	Outcomes              []float64 // in the order of Experiment.Outcomes
	Series                [][]float64
}

// Times returns the output times of the experiment's runs.
func (e *Experiment) Times() []float64 { return e.Base.Time.OutputTimes() }

// shockPath draws the yearly income shocks of every member for one run.
func (e *Experiment) shockPath(run int) *sim.Shocks {
	if e.Shocks.SD == 0 {
		return nil
	}
	rng := sample.Stream(e.Seed, run, "shocks")
	years := int(math.Ceil(e.Base.Time.End - e.Base.Time.Start))
	z := make([][]float64, len(e.Base.Members))
	for i := range z {
		z[i] = make([]float64, years)
		prev := 0.0
		for y := range years {
			prev = float64(e.Shocks.Phi*prev) + float64(e.Shocks.SD*rng.NormFloat64())
			z[i][y] = prev
		}
	}
	return &sim.Shocks{Z: z}
}

// Check reports an experiment that cannot run.
func (e *Experiment) Check() error {
	var errs []error
	if e.Base == nil {
		errs = append(errs, errors.New("experiment: no base scenario"))
	}
	if e.Points < 1 {
		errs = append(errs, fmt.Errorf("experiment: %d design points, want at least 1", e.Points))
	}
	if e.Replicates < 1 {
		errs = append(errs, fmt.Errorf("experiment: %d replicates, want at least 1", e.Replicates))
	}
	if len(e.Params) > 0 && e.Point == nil {
		errs = append(errs, errors.New("experiment: parameters but no design"))
	}
	if len(e.Outcomes) == 0 && len(e.Series) == 0 {
		errs = append(errs, errors.New("experiment: nothing to record: declare outcomes or series"))
	}
	for _, o := range e.Outcomes {
		if o.Ratio && o.Against == nil {
			errs = append(errs, fmt.Errorf("experiment: outcome %s: a ratio needs a counterfactual (against)", o.Name))
		}
	}
	if e.Shocks.SD < 0 || math.Abs(e.Shocks.Phi) >= 1 {
		errs = append(errs, fmt.Errorf("experiment: shocks sd %v, phi %v: want sd >= 0 and |phi| < 1", e.Shocks.SD, e.Shocks.Phi))
	}
	return errors.Join(errs...)
}

// Options choose which runs to do and how.
type Options struct {
	From, To int // run index range [From, To); To = 0 means all runs
	Workers  int // 0 means runtime.NumCPU()
	// Batch is the number of consecutive runs a worker takes at once and
	// integrates together (sim.RunBatch: the same results as one at a
	// time, bit for bit on every build; see docs/performance.md, Batches
	// of runs). 0 means sim.BatchSize() (8 with AVX-512 or AVX2, else 1),
	// 1 one run at a time (sim.Workspace.Run).
	Batch int
	// Emit receives every row in run-index order, from one goroutine. An
	// error stops the experiment.
	Emit func(Row) error
}

// Run executes runs From..To-1 and emits their rows in order. On
// cancellation it stops taking new runs, emits every finished run that
// continues the ordered prefix, and returns the context's error: the rows
// emitted are exactly runs From..From+n-1 for some n.
func Run(ctx context.Context, e *Experiment, opt Options) error {
	if err := e.Check(); err != nil {
		return err
	}
	from, to := opt.From, opt.To
	if to == 0 {
		to = e.Runs()
	}
	if from < 0 || to > e.Runs() || from > to {
		return fmt.Errorf("experiment: run range [%d, %d) outside [0, %d)", from, to, e.Runs())
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	rn, err := newRunner(e)
	if err != nil {
		return err
	}

	type result struct {
		row Row
		err error
	}
	batch := opt.Batch
	if batch == 0 {
		batch = sim.BatchSize()
	}
	batch = max(batch, 1)
	jobs := make(chan int) // the first run of a batch
	// A window of 4 batches per worker bounds the reorder buffer.
	results := make(chan result, 4*workers*batch)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// This worker's output memory, reused batch after batch.
			ws := make([]*sim.Workspace, batch)
			for k := range ws {
				ws[k] = new(sim.Workspace)
			}
			rs := make([]int, 0, batch)
			for r0 := range jobs {
				if batch == 1 {
					row, err := rn.run(r0, ws[0])
					results <- result{row, err}
					continue
				}
				rs = rs[:0]
				for r := r0; r < min(r0+batch, to); r++ {
					rs = append(rs, r)
				}
				rows, errs := rn.runBatch(rs, ws)
				for k := range rows {
					results <- result{rows[k], errs[k]}
				}
			}
		}()
	}
	stop := make(chan struct{})
	go func() {
		defer close(jobs)
		for r := from; r < to; r += batch {
			// select picks at random among ready cases: look first, so
			// that no run starts once the context is done.
			if ctx.Err() != nil {
				return
			}
			select {
			case jobs <- r:
			case <-ctx.Done():
				return
			case <-stop:
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	pending := map[int]Row{}
	next := from
	var firstErr error
	for res := range results {
		if res.err != nil {
			if firstErr == nil {
				firstErr = res.err
				close(stop)
			}
			continue
		}
		if firstErr != nil {
			continue
		}
		pending[res.row.Run] = res.row
		for {
			row, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			if err := opt.Emit(row); err != nil {
				firstErr = err
				close(stop)
				break
			}
			next++
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if next < to {
		return ctx.Err()
	}
	return nil
}
