package discovery

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/sim/discover"
	"github.com/digisim/digisim/workflow/analyze"
)

// Options say what to look for in which sweep.
type Options struct {
	Dir     string
	Outcome string // outcome column; may be left out when Where starts with it
	// Where is the condition that marks the runs of interest: "< 0",
	// "> p90", or with the outcome first, "dividend < 0".
	Where  string
	Method string // "prim" (default) or "cart"
	// Policy keeps only the runs under one policy option (a scenario name
	// of a scenario lever, or "path=value"), for experiments with levers;
	// "each" runs the discovery once per option (see RunEach).
	Policy string
	// Stem names the files written: <stem>.csv, <stem>-trajectory.csv,
	// charts/<stem>-box.png, ...; "" means "discover".
	Stem string
	// MinDensity is the density the chosen box must reach (PRIM: the
	// step with the most coverage at this density; CART: the leaves at
	// least this dense); 0 means 0.8.
	MinDensity float64
	Subject    string // the sentence's subject; "" means the condition
	NoCharts   bool
}

// Limit is one dimension of the chosen box.
type Limit struct {
	discover.Restriction
	Name             string
	RangeLo, RangeHi float64 // the sampled range
}

// Box is a box found, with its statistics and its sentence.
type Box struct {
	Stats  discover.Stats
	Limits []Limit // restricted dimensions only
	Text   string
	// Pruned is the box without the restrictions whose quasi-p-value is
	// above MaxQP (PRIM only; nil when every restriction is significant):
	// the restrictions that may be chance, dropped, with the statistics of
	// the wider box.
	Pruned *Box
}

// MaxQP is the largest quasi-p-value of a restriction kept in the pruned
// box: a restriction less likely than this to be a chance of the sample.
const MaxQP = 0.05

// Result is what a discovery found.
type Result struct {
	Method, Outcome, Condition string
	Bound                      float64 // the condition's threshold (a percentile resolved)
	Unit                       chart.Unit
	Runs, Cases                int
	Dims                       []string
	Boxes                      []Box // PRIM: the chosen box; CART: the dense leaves, most coverage first
	Trajectory                 []discover.Step
	Chosen                     int    // step of the trajectory chosen (PRIM)
	Pooled                     int    // policy options pooled (a scenario lever left out of the dimensions)
	Policy                     string // the policy option whose runs were used; "" for all
	Written                    []string
}

// RunEach runs the discovery once for every policy option of the sweep in
// o.Dir, each on the runs under that option, writing discover-<option>.csv
// and its charts: where does each policy fail?
func RunEach(o Options) ([]*Result, error) {
	f, err := analyze.Open(o.Dir)
	if err != nil {
		return nil, fmt.Errorf("discover: %w", err)
	}
	opts := f.Options()
	if !f.HasRobustness() || len(opts) < 2 {
		return nil, usage.Errorf("discover: --policy each needs an experiment with levers crossed with uncertainties; %s has %d policy options", o.Dir, len(opts))
	}
	var out []*Result
	for _, op := range opts {
		oo := o
		oo.Policy = op
		oo.Stem = "discover-" + fileSafe(op)
		r, err := Run(oo)
		if err != nil {
			return out, fmt.Errorf("policy %s: %w", op, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// fileSafe turns an option name into a file-name part.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.', r == '_':
			return r
		}
		return '_'
	}, s)
}

// Run finds where the outcome meets the condition and writes discover.csv
// (and, for PRIM, discover-trajectory.csv) and the charts into o.Dir.
func Run(o Options) (*Result, error) {
	if o.Policy == "each" {
		return nil, usage.Errorf("discover: --policy each: use RunEach")
	}
	stem := cmp.Or(o.Stem, "discover")
	method := cmp.Or(o.Method, "prim")
	if method != "prim" && method != "cart" {
		return nil, usage.Errorf("discover: --method %q: want prim or cart", o.Method)
	}
	if o.MinDensity == 0 {
		o.MinDensity = 0.8
	}
	if !(o.MinDensity > 0 && o.MinDensity <= 1) {
		return nil, usage.Errorf("discover: --density %v: want a share in (0, 1]", o.MinDensity)
	}
	f, err := analyze.Open(o.Dir)
	if err != nil {
		return nil, fmt.Errorf("discover: %w", err)
	}
	outcome, where := o.Outcome, strings.TrimSpace(o.Where)
	if where == "" {
		return nil, usage.Errorf(`discover: give the runs of interest with --where, e.g. --where "< 0" or --where "< p10"`)
	}
	if i := strings.IndexAny(where, "<>"); i > 0 {
		named := strings.TrimSpace(where[:i])
		if outcome != "" && named != outcome {
			return nil, usage.Errorf("discover: --where %q names outcome %q but --outcome is %q", o.Where, named, outcome)
		}
		outcome, where = named, where[i:]
	}
	if outcome == "" {
		return nil, usage.Errorf(`discover: which outcome? give --outcome NAME or start --where with it ("dividend < 0"); outcomes: %s`, strings.Join(f.Outcomes(), ", "))
	}
	oc, err := f.Outcome(outcome)
	if err != nil {
		return nil, fmt.Errorf("discover: %w", err)
	}
	cond, err := discover.ParseCondition(where)
	if err != nil {
		return nil, usage.Errorf("%v", err)
	}

	P := len(f.Exp.Run.Params)
	names := f.Params()
	var keep []int
	if o.Policy != "" {
		opts := f.Options()
		found := false
		for _, op := range opts {
			found = found || op == o.Policy
		}
		if !found {
			return nil, usage.Errorf("discover: --policy %q is not an option of this experiment (options: %s)", o.Policy, strings.Join(opts, "; "))
		}
	}
	for i, r := range f.Runs.Rows {
		if o.Policy == "" || f.Option(r.Values[:P]) == o.Policy {
			keep = append(keep, i)
		}
	}
	res := &Result{Method: method, Outcome: outcome, Runs: len(keep), Policy: o.Policy}
	// Dimensions: the parameters that vary among the kept runs, but not a
	// scenario lever, which is a category and not a range.
	var dims []int
	for j := range P {
		if j == 0 && f.ScenarioLever() {
			if o.Policy == "" {
				res.Pooled = len(f.Exp.File.Levers[0].Scenarios)
			}
			continue
		}
		first := f.Runs.Rows[keep[0]].Values[j]
		for _, i := range keep {
			if f.Runs.Rows[i].Values[j] != first {
				dims = append(dims, j)
				break
			}
		}
	}
	if len(dims) == 0 {
		return nil, fmt.Errorf("discover: no parameter varies across the runs of %s: nothing to find boxes in", o.Dir)
	}
	x := make([][]float64, len(keep))
	vals := make([]float64, len(keep))
	for k, i := range keep {
		row := f.Runs.Rows[i].Values
		x[k] = make([]float64, len(dims))
		for c, j := range dims {
			x[k][c] = row[j]
		}
		vals[k] = row[P+oc]
	}
	for _, j := range dims {
		res.Dims = append(res.Dims, names[j])
	}
	bound, err := cond.Bound(vals)
	if err != nil {
		return nil, fmt.Errorf("discover: %v", err)
	}
	res.Bound = bound
	res.Unit = f.OutcomeUnit(outcome)
	res.Condition = outcome + " " + cond.String()
	y, err := cond.Mark(vals)
	if err != nil {
		return nil, fmt.Errorf("discover: %v", err)
	}
	for _, b := range y {
		if b {
			res.Cases++
		}
	}
	lo, hi := minMax(vals)
	switch res.Cases {
	case 0:
		return nil, fmt.Errorf("discover: no run has %s (%s runs from %s to %s): choose another threshold, e.g. a percentile such as \"< p10\"",
			res.Condition, outcome, num(lo), num(hi))
	case len(y):
		return nil, fmt.Errorf("discover: every run has %s (%s runs from %s to %s): nothing tells them apart; choose a threshold inside that range",
			res.Condition, outcome, num(lo), num(hi))
	}
	init := discover.Box{Lo: make([]float64, len(dims)), Hi: make([]float64, len(dims))}
	for c := range dims {
		col := make([]float64, len(x))
		for k := range x {
			col[k] = x[k][c]
		}
		init.Lo[c], init.Hi[c] = minMax(col)
	}
	subject := o.Subject
	if subject == "" {
		subject = res.Condition
		if o.Policy != "" {
			subject += " under " + o.Policy
		}
	}
	limits := func(b discover.Box, rs []discover.Restriction) []Limit {
		var out []Limit
		for _, r := range rs {
			out = append(out, Limit{Restriction: r, Name: res.Dims[r.Dim], RangeLo: init.Lo[r.Dim], RangeHi: init.Hi[r.Dim]})
		}
		return out
	}
	switch method {
	case "prim":
		pr, err := discover.Prim{Ranges: &init}.Find(x, y)
		if err != nil {
			return nil, fmt.Errorf("discover: %v", err)
		}
		res.Trajectory = pr.Steps
		res.Chosen = pr.Choose(o.MinDensity)
		rs, err := pr.Restrictions(res.Chosen)
		if err != nil {
			return nil, fmt.Errorf("discover: %v", err)
		}
		st := pr.Steps[res.Chosen]
		box := Box{Stats: st.Stats, Limits: limits(st.Box, rs), Text: discover.Text(subject, st.Box, init, res.Dims)}
		// The box without its restrictions that may be chance.
		pb := st.Box.Clone()
		var kept []discover.Restriction
		for _, r := range rs {
			if qpOf(r) > MaxQP {
				pb.Lo[r.Dim], pb.Hi[r.Dim] = init.Lo[r.Dim], init.Hi[r.Dim]
				continue
			}
			kept = append(kept, r)
		}
		if len(kept) < len(rs) && len(kept) > 0 {
			box.Pruned = &Box{Stats: stats(pb, init, x, y), Limits: limits(pb, kept), Text: discover.Text(subject, pb, init, res.Dims)}
		}
		res.Boxes = []Box{box}
	case "cart":
		tr, err := discover.Tree{Ranges: &init}.Fit(x, y)
		if err != nil {
			return nil, fmt.Errorf("discover: %v", err)
		}
		leaves := tr.Boxes(o.MinDensity)
		if len(leaves) == 0 {
			leaves = tr.Boxes(0.5)
		}
		for _, l := range leaves {
			var rs []discover.Restriction
			for _, j := range l.Box.Restricted(init) {
				rs = append(rs, discover.Restriction{Dim: j, Lo: l.Box.Lo[j], Hi: l.Box.Hi[j],
					LoRestricted: l.Box.Lo[j] > init.Lo[j], HiRestricted: l.Box.Hi[j] < init.Hi[j], QPLo: math.NaN(), QPHi: math.NaN()})
			}
			res.Boxes = append(res.Boxes, Box{Stats: l.Stats, Limits: limits(l.Box, rs), Text: discover.Text(subject, l.Box, init, res.Dims)})
		}
		if len(res.Boxes) == 0 {
			return nil, fmt.Errorf("discover: the tree has no leaf where %s is the majority: the cases are spread thin; try PRIM", res.Condition)
		}
	}
	if err := write(f, o, stem, res); err != nil {
		return nil, err
	}
	return res, nil
}

// stats are the statistics of box b on the points x with cases y.
func stats(b, init discover.Box, x [][]float64, y []bool) discover.Stats {
	var s discover.Stats
	total := 0
	for i, p := range x {
		if y[i] {
			total++
		}
		if b.Contains(p) {
			s.Points++
			if y[i] {
				s.Interest++
			}
		}
	}
	s.Restricted = len(b.Restricted(init))
	s.Mass = float64(s.Points) / float64(len(x))
	if total > 0 {
		s.Coverage = float64(s.Interest) / float64(total)
	}
	if s.Points > 0 {
		s.Density = float64(s.Interest) / float64(s.Points)
	}
	return s
}

func minMax(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

// num3 is v to three significant digits, for chart labels.
func num3(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }

// side says which limits of a dimension the box restricts.
func side(l Limit) string {
	switch {
	case l.LoRestricted && l.HiRestricted:
		return "both"
	case l.LoRestricted:
		return "lower"
	default:
		return "upper"
	}
}

// write writes discover.csv, discover-trajectory.csv and the charts.
func write(f *analyze.Folder, o Options, stem string, res *Result) error {
	path := filepath.Join(o.Dir, stem+".csv")
	header := []string{"method", "condition", "box", "parameter", "restricted", "box_low", "box_high", "sampled_low", "sampled_high",
		"qp_low", "qp_high", "significant", "coverage", "density", "mass", "runs_in_box", "cases_in_box", "text"}
	err := table.WriteWideFile(path, header, func(w *table.WideWriter) error {
		for b, box := range res.Boxes {
			for _, l := range box.Limits {
				if err := w.Write(table.Text(res.Method), table.Text(res.Condition), table.Float(float64(b+1)), table.Text(l.Name),
					table.Text(side(l)), table.Float(l.Lo), table.Float(l.Hi), table.Float(l.RangeLo), table.Float(l.RangeHi),
					table.Float(l.QPLo), table.Float(l.QPHi), table.Text(significant(l)), table.Float(box.Stats.Coverage), table.Float(box.Stats.Density),
					table.Float(box.Stats.Mass), table.Float(float64(box.Stats.Points)), table.Float(float64(box.Stats.Interest)),
					table.Text(box.Text)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	res.Written = append(res.Written, path)
	if res.Method == "prim" {
		path := filepath.Join(o.Dir, stem+"-trajectory.csv")
		header := []string{"step", "phase", "coverage", "density", "mass", "restricted", "chosen"}
		err := table.WriteWideFile(path, header, func(w *table.WideWriter) error {
			for i, s := range res.Trajectory {
				chosen := "no"
				if i == res.Chosen {
					chosen = "yes"
				}
				if err := w.Write(table.Float(float64(i)), table.Text(s.Phase), table.Float(s.Stats.Coverage), table.Float(s.Stats.Density),
					table.Float(s.Stats.Mass), table.Float(float64(s.Stats.Restricted)), table.Text(chosen)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		res.Written = append(res.Written, path)
	}
	if o.NoCharts {
		return nil
	}
	source := "Source: digisim " + manifest.Version() + ", experiment " + cmp.Or(f.Exp.File.Name, filepath.Base(o.Dir))
	scope := fmt.Sprintf("%d runs", res.Runs)
	if o.Policy != "" {
		scope += " under " + o.Policy
	} else if res.Pooled > 0 {
		scope += fmt.Sprintf(" of %d policies pooled", res.Pooled)
	}
	charts := filepath.Join(o.Dir, "charts")
	// The runs of interest, as the titles name them: the user's subject
	// ("SEA-6 reaches US$1T by 2030") reads better than the condition.
	cases := "with " + res.Condition
	if o.Subject != "" {
		cases = "where " + o.Subject
	}
	if res.Method == "prim" {
		var steps []chart.TrajectoryStep
		for _, s := range res.Trajectory {
			steps = append(steps, chart.TrajectoryStep{Coverage: s.Stats.Coverage, Density: s.Stats.Density, Restricted: s.Stats.Restricted})
		}
		ch := res.Trajectory[res.Chosen].Stats
		c, err := chart.Trajectory(chart.Meta{
			Title: fmt.Sprintf("A box on %s holds %s of the runs %s", parameters(ch.Restricted), chart.Share(ch.Coverage), cases),
			Subtitle: fmt.Sprintf("PRIM peeling and pasting (%d of %s are cases); the chosen box: coverage %s, density %s",
				res.Cases, scope, chart.Share(ch.Coverage), chart.Share(ch.Density)),
			Source: source, XLabel: "Coverage (share of the cases inside the box)", YLabel: "Density (share of the box that are cases)"},
			steps, res.Chosen)
		if err != nil {
			return err
		}
		p := filepath.Join(charts, stem+"-trajectory.png")
		if err := c.Save(p, chart.PNG, chart.Slide); err != nil {
			return err
		}
		res.Written = append(res.Written, p)
	}
	box := res.Boxes[0]
	if len(box.Limits) == 0 {
		return nil // a box restricted nowhere has no limits to draw
	}
	var lims []chart.BoxLimit
	for _, l := range box.Limits {
		label := num3(l.Lo) + " to " + num3(l.Hi)
		qp := qpOf(l.Restriction)
		if !math.IsNaN(qp) {
			label += " (p = " + strconv.FormatFloat(qp, 'g', 2, 64) + ")"
		}
		lims = append(lims, chart.BoxLimit{Name: l.Name, Lo: l.Lo, Hi: l.Hi, RangeLo: l.RangeLo, RangeHi: l.RangeHi, Label: label, Weak: qp > MaxQP})
	}
	// The title is the sentence of the significant restrictions, if it is
	// short enough to read as a title.
	title := box.Text
	if box.Pruned != nil {
		title = box.Pruned.Text
	}
	if len(title) > 90 {
		title = fmt.Sprintf("The runs %s: a box on %s", cases, parameters(len(box.Limits)))
	}
	sub := fmt.Sprintf("%s box: coverage %s, density %s (%d of %s)", strings.ToUpper(res.Method), chart.Share(box.Stats.Coverage),
		chart.Share(box.Stats.Density), box.Stats.Interest, scope)
	if pb := box.Pruned; pb != nil {
		sub = fmt.Sprintf("%s box: coverage %s, density %s; its dark limits alone: coverage %s, density %s (%s)", strings.ToUpper(res.Method),
			chart.Share(box.Stats.Coverage), chart.Share(box.Stats.Density), chart.Share(pb.Stats.Coverage), chart.Share(pb.Stats.Density), scope)
	}
	c, err := chart.BoxLimits(chart.Meta{Title: capital(title),
		Subtitle: sub,
		Source:   source, XLabel: "Share of the sampled range"}, lims)
	if err != nil {
		return err
	}
	p := filepath.Join(charts, stem+"-box.png")
	if err := c.Save(p, chart.PNG, chart.Slide); err != nil {
		return err
	}
	res.Written = append(res.Written, p)
	return nil
}

// significant says whether a restriction's quasi-p-value is at most MaxQP:
// "yes", "no", or "" without one (CART).
func significant(l Limit) string {
	switch qp := qpOf(l.Restriction); {
	case math.IsNaN(qp):
		return ""
	case qp <= MaxQP:
		return "yes"
	default:
		return "no"
	}
}

// qpOf is the larger quasi-p-value of a restriction's restricted sides
// (the less certain of its limits), NaN without one.
func qpOf(r discover.Restriction) float64 {
	qp := math.NaN()
	for _, v := range []float64{r.QPLo, r.QPHi} {
		if !math.IsNaN(v) && (math.IsNaN(qp) || v > qp) {
			qp = v
		}
	}
	return qp
}

// parameters counts parameters in words: "1 parameter", "9 parameters".
func parameters(n int) string {
	if n == 1 {
		return "1 parameter"
	}
	return strconv.Itoa(n) + " parameters"
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Print writes the result for the terminal: the condition and its cases,
// each box's statistics and limits, and the sentence.
func Print(w io.Writer, r *Result) {
	fmt.Fprintf(w, "%s: %d of %d runs (%s); threshold %s\n", r.Condition, r.Cases, r.Runs,
		chart.Share(float64(r.Cases)/float64(r.Runs)), r.Unit.Format(r.Bound))
	if r.Pooled > 0 {
		fmt.Fprintf(w, "(the runs of all %d policy options pooled; give --policy NAME to look at one)\n", r.Pooled)
	}
	for b, box := range r.Boxes {
		fmt.Fprintf(w, "\n%s box %d: coverage %s, density %s, %d runs (mass %s)\n", strings.ToUpper(r.Method), b+1,
			chart.Share(box.Stats.Coverage), chart.Share(box.Stats.Density), box.Stats.Points, chart.Share(box.Stats.Mass))
		if r.Method == "prim" {
			fmt.Fprintf(w, "  step %d of %d of the trajectory\n", r.Chosen, len(r.Trajectory)-1)
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  parameter\tbox\tsampled\tquasi-p\n")
		for _, l := range box.Limits {
			qp := "-"
			if v := qpOf(l.Restriction); !math.IsNaN(v) {
				qp = strconv.FormatFloat(v, 'g', 2, 64)
			}
			fmt.Fprintf(tw, "  %s\t%s to %s\t%s to %s\t%s\n", l.Name, num(l.Lo), num(l.Hi), num(l.RangeLo), num(l.RangeHi), qp)
		}
		tw.Flush()
		fmt.Fprintf(w, "  %s\n", box.Text)
		if pb := box.Pruned; pb != nil {
			fmt.Fprintf(w, "\nWithout the restrictions with quasi-p above %v (they may be chance): coverage %s, density %s, %d runs\n  %s\n",
				MaxQP, chart.Share(pb.Stats.Coverage), chart.Share(pb.Stats.Density), pb.Stats.Points, pb.Text)
		}
	}
}
