package analyze

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/digisim/digisim/internal/outlock"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/sim/robust"
	"github.com/digisim/digisim/workflow/plot"
)

// Options is what an analysis of a finished sweep asks for (digisim
// analyze).
type Options struct {
	// Dirs is the sweep's folder, then the folders of replicate sweeps (the
	// same scrambled Sobol' experiment under other seeds), if any.
	Dirs       []string
	Resamples  int                // bootstrap resamples of the Sobol' intervals
	Criterion  robust.Criterion   // how the most robust option is chosen
	Thresholds map[string]float64 // satisficing thresholds that replace the experiment's
	Charts     bool
	Format     chart.Format
	Size       chart.Size
}

// Run analyses the sweep in o.Dirs[0]: its sensitivity indices, the
// indices over time of its series, the robustness of its policy options
// and, with replicate sweeps, the indices' spread across them; it writes
// their tables (and charts) into the folder, holding its lock, and prints
// them to stdout. Replicate folders are checked before anything is
// written.
func Run(o Options, stdout, stderr io.Writer) error {
	dir := o.Dirs[0]
	var reps []ReplicateIndex
	if len(o.Dirs) > 1 {
		var err error
		if reps, err = SobolReplicates(o.Dirs); err != nil {
			return err
		}
	}
	f, err := Open(dir)
	if err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	lock, err := outlock.Acquire(dir, "analyze")
	if err != nil {
		return err
	}
	defer lock.Release()
	fmt.Fprintf(stdout, "design: %s\n", f.Design())
	var out written
	for _, step := range []func(*Folder, Options, io.Writer, io.Writer) (written, error){indicesStep, overTimeStep, robustnessStep} {
		w, err := step(f, o, stdout, stderr)
		if err != nil {
			return err
		}
		out.add(w)
	}
	if o.Charts {
		if err := plot.DrawAllAs(dir, o.Format, o.Size); err != nil {
			return err
		}
	}
	if reps != nil {
		p := filepath.Join(dir, "sensitivity-replicates.csv")
		if err := WriteReplicates(p, reps); err != nil {
			return err
		}
		out.tables = append(out.tables, p)
		PrintReplicates(stdout, reps)
	}
	fmt.Fprintf(stdout, "\nWritten: %s\n", strings.Join(out.tables, ", "))
	if len(out.charts) > 0 {
		fmt.Fprintf(stdout, "Charts: %s (and the tornadoes in %s)\n", strings.Join(out.charts, ", "), filepath.Join(dir, "charts"))
	}
	return nil
}

// written is what a step of Run wrote: tables and charts, by path.
type written struct{ tables, charts []string }

func (w *written) add(o written) {
	w.tables = append(w.tables, o.tables...)
	w.charts = append(w.charts, o.charts...)
}

// indicesStep writes and prints sensitivity.csv.
func indicesStep(f *Folder, o Options, stdout, stderr io.Writer) (written, error) {
	out, err := Indices(f.Dir, o.Resamples, stderr)
	if err != nil {
		return written{}, err
	}
	p := filepath.Join(f.Dir, "sensitivity.csv")
	if err := WriteCSV(p, out); err != nil {
		return written{}, err
	}
	Print(stdout, out)
	return written{tables: []string{p}}, nil
}

// overTimeStep writes sensitivity-over-time.csv and its charts, for a
// sweep that records series.
func overTimeStep(f *Folder, o Options, _, _ io.Writer) (written, error) {
	over, err := OverTime(f, o.Resamples)
	if err != nil || len(over) == 0 {
		return written{}, err
	}
	w := written{tables: []string{filepath.Join(f.Dir, "sensitivity-over-time.csv")}}
	if err := WriteOverTime(w.tables[0], over); err != nil {
		return written{}, err
	}
	if o.Charts {
		if w.charts, err = OverTimeCharts(f, over, o.Format, o.Size); err != nil {
			return written{}, err
		}
	}
	return w, nil
}

// robustnessStep writes and prints robustness.csv and draws its charts,
// for a sweep with policy options and futures.
func robustnessStep(f *Folder, o Options, stdout, _ io.Writer) (written, error) {
	if !f.HasRobustness() {
		return written{}, nil
	}
	rs, err := Robustness(f, o.Criterion, o.Thresholds)
	if err != nil {
		return written{}, err
	}
	w := written{tables: []string{filepath.Join(f.Dir, "robustness.csv")}}
	if err := WriteRobustness(w.tables[0], rs); err != nil {
		return written{}, err
	}
	PrintRobustness(stdout, rs, f.OutcomeUnit)
	if o.Charts {
		if w.charts, err = RobustnessCharts(f, rs, f.OutcomeUnit, o.Format, o.Size); err != nil {
			return written{}, err
		}
	}
	return w, nil
}
