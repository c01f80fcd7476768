package discovery

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/output/manifest"
	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/sim/discover"
	"github.com/digisim/digisim/workflow/analyze"
	"github.com/digisim/digisim/workflow/plot"
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
	// MinDensity is the density asked for; Short is true when no box
	// reaches it (the boxes are then the densest found, and say so).
	MinDensity float64
	Short      bool
	Written    []string
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
	o, err := o.normalise()
	if err != nil {
		return nil, err
	}
	f, err := analyze.Open(o.Dir)
	if err != nil {
		return nil, fmt.Errorf("discover: %w", err)
	}
	outcome, cond, err := parseWhere(f, o)
	if err != nil {
		return nil, err
	}
	keep, err := policyRuns(f, o.Policy)
	if err != nil {
		return nil, err
	}
	res := &Result{Method: o.Method, Outcome: outcome, Runs: len(keep), Policy: o.Policy, MinDensity: o.MinDensity}
	dims := varyingDims(f, keep, o.Policy, res)
	if len(dims) == 0 {
		return nil, fmt.Errorf("discover: no parameter varies across the runs of %s: nothing to find boxes in", o.Dir)
	}
	x, vals := points(f, keep, dims, outcome)
	y, err := markCases(res, cond, vals, f.OutcomeUnit(outcome))
	if err != nil {
		return nil, err
	}
	init := sampledBox(x, len(dims))
	subject := o.Subject
	if subject == "" {
		subject = res.Condition
		if o.Policy != "" {
			subject += " under " + policyName(f, o.Policy)
		}
	}
	switch o.Method {
	case "prim":
		err = findPrim(res, x, y, init, subject)
	case "cart":
		err = findCart(res, x, y, init, subject)
	}
	if err != nil {
		return nil, err
	}
	if err := write(f, o, res); err != nil {
		return nil, err
	}
	return res, nil
}

// normalise checks the options and fills in the defaults: method prim,
// stem discover, density 0.8.
func (o Options) normalise() (Options, error) {
	if o.Policy == "each" {
		return o, usage.Errorf("discover: --policy each: use RunEach")
	}
	o.Stem = cmp.Or(o.Stem, "discover")
	o.Method = cmp.Or(o.Method, "prim")
	if o.Method != "prim" && o.Method != "cart" {
		return o, usage.Errorf("discover: --method %q: want prim or cart", o.Method)
	}
	if o.MinDensity == 0 {
		o.MinDensity = 0.8
	}
	if !(o.MinDensity > 0 && o.MinDensity <= 1) {
		return o, usage.Errorf("discover: --density %v: want a share in (0, 1]", o.MinDensity)
	}
	return o, nil
}

// parseWhere returns the outcome and the condition of --where (which may
// start with the outcome) and --outcome.
func parseWhere(f *analyze.Folder, o Options) (string, discover.Condition, error) {
	var none discover.Condition
	outcome, where := o.Outcome, strings.TrimSpace(o.Where)
	if where == "" {
		return "", none, usage.Errorf(`discover: give the runs of interest with --where, e.g. --where "< 0" or --where "< p10"`)
	}
	if i := strings.IndexAny(where, "<>"); i > 0 {
		named := strings.TrimSpace(where[:i])
		if outcome != "" && named != outcome {
			return "", none, usage.Errorf("discover: --where %q names outcome %q but --outcome is %q", o.Where, named, outcome)
		}
		outcome, where = named, where[i:]
	}
	if outcome == "" {
		return "", none, usage.Errorf(`discover: which outcome? give --outcome NAME or start --where with it ("dividend < 0"); outcomes: %s`, strings.Join(f.Outcomes(), ", "))
	}
	if _, err := f.Outcome(outcome); err != nil {
		return "", none, fmt.Errorf("discover: %w", err)
	}
	cond, err := discover.ParseCondition(where)
	if err != nil {
		return "", none, usage.Errorf("%w", err)
	}
	return outcome, cond, nil
}

// policyRuns returns the indices of the runs under policy ("" for all).
func policyRuns(f *analyze.Folder, policy string) ([]int, error) {
	if policy != "" {
		opts := f.Options()
		if !slices.Contains(opts, policy) {
			return nil, usage.Errorf("discover: --policy %q is not an option of this experiment (options: %s)", policy, strings.Join(opts, "; "))
		}
	}
	P := len(f.Exp.Run.Params)
	var keep []int
	for i, r := range f.Runs.Rows {
		if policy == "" || f.Option(r.Values[:P]) == policy {
			keep = append(keep, i)
		}
	}
	return keep, nil
}

// varyingDims returns the parameters that vary among the kept runs, the
// dimensions of the boxes, and names them in res.Dims; a scenario lever
// is not one (it is a category, not a range): without a policy, res.Pooled
// counts its options.
func varyingDims(f *analyze.Folder, keep []int, policy string, res *Result) []int {
	var dims []int
	names := f.Params()
	for j := range len(f.Exp.Run.Params) {
		if j == 0 && f.ScenarioLever() {
			if policy == "" {
				res.Pooled = len(f.Exp.File.Levers[0].Scenarios)
			}
			continue
		}
		first := f.Runs.Rows[keep[0]].Values[j]
		for _, i := range keep {
			if f.Runs.Rows[i].Values[j] != first {
				dims = append(dims, j)
				res.Dims = append(res.Dims, names[j])
				break
			}
		}
	}
	return dims
}

// points returns the kept runs' values of the dimensions and of the
// outcome.
func points(f *analyze.Folder, keep, dims []int, outcome string) (x [][]float64, vals []float64) {
	P := len(f.Exp.Run.Params)
	oc, _ := f.Outcome(outcome)
	x = make([][]float64, len(keep))
	vals = make([]float64, len(keep))
	for k, i := range keep {
		row := f.Runs.Rows[i].Values
		x[k] = make([]float64, len(dims))
		for c, j := range dims {
			x[k][c] = row[j]
		}
		vals[k] = row[P+oc]
	}
	return x, vals
}

// markCases marks the runs that meet the condition and records the
// condition, its threshold and the number of cases in res; a condition
// that no run, or every run, meets is an error that says why.
func markCases(res *Result, cond discover.Condition, vals []float64, unit chart.Unit) ([]bool, error) {
	bound, err := cond.Bound(vals)
	if err != nil {
		return nil, fmt.Errorf("discover: %w", err)
	}
	res.Bound, res.Unit = bound, unit
	res.Condition = res.Outcome + " " + cond.String()
	y, err := cond.Mark(vals)
	if err != nil {
		return nil, fmt.Errorf("discover: %w", err)
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
			res.Condition, res.Outcome, num(lo), num(hi))
	case len(y):
		return nil, fmt.Errorf("discover: every run has %s (%s runs from %s to %s): nothing tells them apart; choose a threshold inside that range",
			res.Condition, res.Outcome, num(lo), num(hi))
	}
	return y, nil
}

// sampledBox is the box of the sampled ranges: each dimension from its
// smallest to its largest value.
func sampledBox(x [][]float64, d int) discover.Box {
	init := discover.Box{Lo: make([]float64, d), Hi: make([]float64, d)}
	for c := range d {
		col := make([]float64, len(x))
		for k := range x {
			col[k] = x[k][c]
		}
		init.Lo[c], init.Hi[c] = minMax(col)
	}
	return init
}

// limits are the restrictions rs of a box as Limits, named and with their
// sampled ranges.
func limits(res *Result, init discover.Box, rs []discover.Restriction) []Limit {
	var out []Limit
	for _, r := range rs {
		out = append(out, Limit{Restriction: r, Name: res.Dims[r.Dim], RangeLo: init.Lo[r.Dim], RangeHi: init.Hi[r.Dim]})
	}
	return out
}

// findPrim runs PRIM and keeps the step with the most coverage at the
// requested density or, when no step is that dense, the densest step
// (res.Short), with its box pruned of the restrictions that may be chance.
func findPrim(res *Result, x [][]float64, y []bool, init discover.Box, subject string) error {
	pr, err := discover.Prim{Ranges: &init}.Find(x, y)
	if err != nil {
		return fmt.Errorf("discover: %w", err)
	}
	res.Trajectory = pr.Steps
	res.Chosen = pr.Choose(res.MinDensity)
	rs, err := pr.Restrictions(res.Chosen)
	if err != nil {
		return fmt.Errorf("discover: %w", err)
	}
	st := pr.Steps[res.Chosen]
	res.Short = st.Stats.Density < res.MinDensity
	res.Boxes = []Box{{Stats: st.Stats, Limits: limits(res, init, rs)}}
	box := &res.Boxes[0]
	box.Text = res.sentence(subject, st.Box, init, st.Stats) // after Boxes is set: the sentence names the densest
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
		ps := stats(pb, init, x, y)
		box.Pruned = &Box{Stats: ps, Limits: limits(res, init, kept), Text: res.sentence(subject, pb, init, ps)}
	}
	return nil
}

// findCart fits a tree and keeps its leaves at the requested density or,
// when none is that dense, those where the cases are the majority
// (res.Short), most coverage first.
func findCart(res *Result, x [][]float64, y []bool, init discover.Box, subject string) error {
	tr, err := discover.Tree{Ranges: &init}.Fit(x, y)
	if err != nil {
		return fmt.Errorf("discover: %w", err)
	}
	leaves := tr.Boxes(res.MinDensity)
	if len(leaves) == 0 {
		res.Short = true
		leaves = tr.Boxes(0.5)
	}
	for _, l := range leaves {
		var rs []discover.Restriction
		for _, j := range l.Box.Restricted(init) {
			rs = append(rs, discover.Restriction{Dim: j, Lo: l.Box.Lo[j], Hi: l.Box.Hi[j],
				LoRestricted: l.Box.Lo[j] > init.Lo[j], HiRestricted: l.Box.Hi[j] < init.Hi[j], QPLo: math.NaN(), QPHi: math.NaN()})
		}
		res.Boxes = append(res.Boxes, Box{Stats: l.Stats, Limits: limits(res, init, rs)})
	}
	if len(res.Boxes) == 0 {
		return fmt.Errorf("discover: the tree has no leaf where %s is the majority: the cases are spread thin; try PRIM", res.Condition)
	}
	for i, l := range leaves { // once every box is known: the sentences name the densest
		res.Boxes[i].Text = res.sentence(subject, l.Box, init, l.Stats)
	}
	return nil
}

// sentence is the sentence of a box; when no box reaches the requested
// density it begins by saying so, with the box's own density.
func (res *Result) sentence(subject string, b, init discover.Box, st discover.Stats) string {
	text := discover.Text(subject, b, init, res.Dims)
	if !res.Short {
		return text
	}
	return res.ShortNote() + fmt.Sprintf("; this box has %s: ", chart.Share(st.Density)) + text
}

// ShortNote says that no box reached the requested density and names the
// densest found: "" when a box reached it.
func (res *Result) ShortNote() string {
	if !res.Short {
		return ""
	}
	b, d := res.Densest()
	what := fmt.Sprintf("box %d", b+1)
	if res.Method == "prim" {
		what = fmt.Sprintf("step %d of the trajectory", res.Chosen)
	}
	return fmt.Sprintf("No box reaches the requested density of %s; the densest found is %s, at %s", chart.Share(res.MinDensity), what, chart.Share(d))
}

// Densest returns the index in Boxes of the densest box and its density.
func (res *Result) Densest() (int, float64) {
	best := 0
	for i, b := range res.Boxes {
		if b.Stats.Density > res.Boxes[best].Stats.Density {
			best = i
		}
	}
	if len(res.Boxes) == 0 {
		return 0, math.NaN()
	}
	return best, res.Boxes[best].Stats.Density
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
func write(f *analyze.Folder, o Options, res *Result) error {
	if err := writeBoxes(o, res); err != nil {
		return err
	}
	if res.Method == "prim" {
		if err := writeTrajectory(o, res); err != nil {
			return err
		}
	}
	if o.NoCharts {
		return nil
	}
	source := "Source: digisim " + manifest.Version() + ", experiment " + cmp.Or(f.Exp.File.Name, filepath.Base(o.Dir))
	scope := fmt.Sprintf("%d runs", res.Runs)
	if o.Policy != "" {
		scope += " under " + policyName(f, o.Policy)
	} else if res.Pooled > 0 {
		scope += fmt.Sprintf(" of %d policies pooled", res.Pooled)
	}
	m, _ := manifest.Read(filepath.Join(o.Dir, "manifest.json"))
	n := namer(f, res, plot.Region(m))
	if res.Method == "prim" {
		if err := trajectoryChart(o, res, source, scope, n); err != nil {
			return err
		}
	}
	return boxChart(o, res, source, scope, n)
}

// names says a discovery's parameters and outcome in the reader's words on
// its charts (the tables and the terminal keep the paths a user types).
type names struct {
	param map[string]string // a box limit's row: plot.ParamLabel
	words *strings.Replacer // a title: the condition and the paths in it
}

// namer names res's dimensions as the tornado charts do (plot.ParamLabel,
// members as region r names them) and its outcome as plot.OutcomeName.
func namer(f *analyze.Folder, res *Result, r *chart.Region) names {
	n := names{param: map[string]string{}}
	cond := res.Condition
	if rest, ok := strings.CutPrefix(cond, res.Outcome+" "); ok {
		cond = plot.LowerFirst(plot.OutcomeName(&f.Exp.File, res.Outcome, r)) + " " + rest
	}
	pairs := []string{res.Condition, cond}
	dims := slices.Clone(res.Dims)
	// The longest first, so that a path is never read as a shorter one.
	slices.SortFunc(dims, func(a, b string) int { return len(b) - len(a) })
	for _, d := range dims {
		n.param[d] = plot.ParamLabel(d, r)
		// In a sentence a scope reads in brackets: "drift of spend per
		// user (Uruguay) < 0.01", not a comma that splits the condition.
		w := plot.LowerFirst(plot.PanelName(d, r))
		if base, scope, ok := strings.Cut(w, ", "); ok {
			w = base + " (" + scope + ")"
		}
		pairs = append(pairs, d, w)
	}
	n.words = strings.NewReplacer(pairs...)
	return n
}

// writeBoxes writes <stem>.csv: a line per limit of each box.
func writeBoxes(o Options, res *Result) error {
	path := filepath.Join(o.Dir, o.Stem+".csv")
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
	return nil
}

// writeTrajectory writes <stem>-trajectory.csv: PRIM's steps.
func writeTrajectory(o Options, res *Result) error {
	path := filepath.Join(o.Dir, o.Stem+"-trajectory.csv")
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
	return nil
}

// trajectoryChart draws PRIM's trajectory with the chosen step.
func trajectoryChart(o Options, res *Result, source, scope string, n names) error {
	var steps []chart.TrajectoryStep
	for _, s := range res.Trajectory {
		steps = append(steps, chart.TrajectoryStep{Coverage: s.Stats.Coverage, Density: s.Stats.Density, Restricted: s.Stats.Restricted})
	}
	ch := res.Trajectory[res.Chosen].Stats
	title := fmt.Sprintf("A box on %s holds %s of the runs %s", parameters(ch.Restricted), chart.Share(ch.Coverage), casesOf(o, res))
	if res.Short {
		title = fmt.Sprintf("No box reaches %s density; the densest, on %s, has %s", chart.Share(res.MinDensity), parameters(ch.Restricted), chart.Share(ch.Density))
	}
	c, err := chart.Trajectory(chart.Meta{
		Title: capital(n.words.Replace(title)),
		Subtitle: fmt.Sprintf("PRIM peeling and pasting (%d of %s are cases); the chosen box: coverage %s, density %s",
			res.Cases, scope, chart.Share(ch.Coverage), chart.Share(ch.Density)),
		Source: source, XLabel: "Coverage (share of the cases inside the box)", YLabel: "Density (share of the box that are cases)"},
		steps, res.Chosen)
	if err != nil {
		return err
	}
	p := filepath.Join(o.Dir, "charts", o.Stem+"-trajectory.png")
	if err := c.Save(p, chart.PNG, chart.Slide); err != nil {
		return err
	}
	res.Written = append(res.Written, p)
	return nil
}

// boxChart draws the limits of the first box on the sampled ranges.
func boxChart(o Options, res *Result, source, scope string, n names) error {
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
		lims = append(lims, chart.BoxLimit{Name: n.param[l.Name], Lo: l.Lo, Hi: l.Hi, RangeLo: l.RangeLo, RangeHi: l.RangeHi, Label: label, Weak: qp > MaxQP})
	}
	// The title is the sentence of the significant restrictions, if it is
	// short enough to read as a title.
	title := box.Text
	if box.Pruned != nil {
		title = box.Pruned.Text
	}
	title = n.words.Replace(title)
	if len(title) > 90 {
		title = fmt.Sprintf("The runs %s: a box on %s", n.words.Replace(casesOf(o, res)), parameters(len(box.Limits)))
	}
	if res.Short {
		_, d := res.Densest()
		title = fmt.Sprintf("No box reaches %s density where %s; the densest has %s", chart.Share(res.MinDensity), n.words.Replace(res.Condition), chart.Share(d))
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
	p := filepath.Join(o.Dir, "charts", o.Stem+"-box.png")
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

// policyName is how sentences and charts name a policy option: a user's
// own region's scenario as its other charts do (plot.Region: "synth"
// reads "Synth"); a shipped scenario, or a lever's value, as given.
func policyName(f *analyze.Folder, option string) string {
	if !f.ScenarioLever() {
		return option
	}
	m, err := manifest.Read(filepath.Join(f.Dir, "manifest.json"))
	if err != nil {
		return option
	}
	if r := plot.Region(m); r != nil {
		return r.Name(option)
	}
	return option
}

// casesOf names the runs of interest as the titles do: the user's subject
// ("SEA-6 reaches US$1T by 2030") reads better than the condition.
func casesOf(o Options, res *Result) string {
	if o.Subject != "" {
		return "where " + o.Subject
	}
	return "with " + res.Condition
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
	if r.Short {
		fmt.Fprintf(w, "%s (--density %v asked for; lower it, or read the box below as a lead, not a finding).\n", r.ShortNote(), r.MinDensity)
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
