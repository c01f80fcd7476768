package analyze

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/sim/sensitivity"
)

// ReplicateIndex is one row of sensitivity-replicates.csv: a Sobol' index
// combined over R replicate sweeps (sensitivity.Replicates): the mean of
// the replicates' indices, their standard deviation and the Student-t 95%
// interval of the mean.
type ReplicateIndex struct {
	Outcome, Parameter, Measure string
	R                           int
	Mean, SD, Lo, Hi            float64
}

// SobolReplicates combines the Sobol' indices of sweeps that are
// replicates of one experiment: scrambled Sobol' designs that differ in
// their seed only. Each folder's indices are computed as Indices computes
// them (outcomes averaged over replicates of a design point), without a
// bootstrap; the spread across folders gives the intervals.
func SobolReplicates(dirs []string) ([]ReplicateIndex, error) {
	if len(dirs) < 2 {
		return nil, usage.Errorf("analyze: replicates need at least two sweep folders, got %d", len(dirs))
	}
	var first *Folder
	var firstFile []byte
	seeds := map[uint64]string{}
	perOutcome := map[int][]sensitivity.SobolIndices{}
	for _, dir := range dirs {
		f, err := Open(dir)
		if err != nil {
			return nil, fmt.Errorf("analyze: %w", err)
		}
		fl := f.Exp.File
		if fl.Design != "sobol" || !fl.Scramble {
			return nil, usage.Errorf("analyze: %s: design %q, scramble = %v: replicates are sweeps of a Sobol' design with scramble = true under different seeds", dir, fl.Design, fl.Scramble)
		}
		if d, ok := seeds[fl.Seed]; ok {
			return nil, usage.Errorf("analyze: %s and %s have the same seed %d: replicates need different seeds (they would be the same points)", d, dir, fl.Seed)
		}
		seeds[fl.Seed] = dir
		fl.Seed = 0
		b, err := json.Marshal(fl)
		if err != nil {
			return nil, err
		}
		if first == nil {
			first, firstFile = f, b
		} else if string(b) != string(firstFile) {
			return nil, usage.Errorf("analyze: %s is not a replicate of %s: their experiments differ in more than the seed", dir, first.Dir)
		}
		_, y, err := designMeans(f.Exp, f.Runs)
		if err != nil {
			return nil, err
		}
		res, err := sensitivity.Sobol{D: f.Exp.Uncertain}.Analyze(y)
		if err != nil {
			return nil, fmt.Errorf("analyze: %s: %w", dir, err)
		}
		for o, r := range res {
			perOutcome[o] = append(perOutcome[o], r)
		}
	}
	params, outcomes := first.Params(), first.Outcomes()
	var out []ReplicateIndex
	for o := range outcomes {
		c, err := sensitivity.Replicates(perOutcome[o], 0.95)
		if err != nil {
			return nil, fmt.Errorf("analyze: %w", err)
		}
		for j := range first.Exp.Uncertain {
			out = append(out,
				ReplicateIndex{outcomes[o], params[j], "S1", c.R, c.S1[j], c.S1SD[j], c.S1CI[j].Lo, c.S1CI[j].Hi},
				ReplicateIndex{outcomes[o], params[j], "ST", c.R, c.ST[j], c.STSD[j], c.STCI[j].Lo, c.STCI[j].Hi})
		}
	}
	return out, nil
}

// WriteReplicates writes the combined indices as
// sensitivity-replicates.csv.
func WriteReplicates(path string, out []ReplicateIndex) error {
	header := []string{"outcome", "parameter", "measure", "replicates", "mean", "sd", "ci_low", "ci_high"}
	return table.WriteWideFile(path, header, func(w *table.WideWriter) error {
		for _, r := range out {
			if err := w.Write(table.Text(r.Outcome), table.Text(r.Parameter), table.Text(r.Measure), table.Int(int64(r.R)),
				table.Float(r.Mean), table.Float(r.SD), table.Float(r.Lo), table.Float(r.Hi)); err != nil {
				return err
			}
		}
		return nil
	})
}

// PrintReplicates prints the total indices per outcome with their
// intervals.
func PrintReplicates(w io.Writer, out []ReplicateIndex) {
	last := ""
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range out {
		if r.Measure != "ST" {
			continue
		}
		if r.Outcome != last {
			tw.Flush()
			fmt.Fprintf(w, "\n%s: sobol (ST), mean of %d replicates, 95%% t interval\n", r.Outcome, r.R)
			last = r.Outcome
		}
		if math.IsNaN(r.Mean) {
			fmt.Fprintf(tw, "  %s\tNaN (constant outcome)\n", r.Parameter)
			continue
		}
		fmt.Fprintf(tw, "  %s\t%.3f\t[%.3f, %.3f]\tsd %.3f\n", r.Parameter, r.Mean, r.Lo, r.Hi, r.SD)
	}
	tw.Flush()
}
