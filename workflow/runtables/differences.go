package runtables

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/digisim/digisim/output/table"
	"github.com/digisim/digisim/sim"
)

// DifferencesFile lists the resolved parameters in which a comparison's
// policy and counterfactual differ: what the dividend is the effect of.
const DifferencesFile = "differences.csv"

// Difference is one resolved parameter (or a group of sibling parameters
// with the same two values) that differs between policy and base.
type Difference struct {
	// Path is the parameter's key path; a group of n siblings with the
	// same values ends in ".*" and has Count n.
	Path  string
	Count int
	// Policy and Base are the two values as the resolved parameters
	// (manifest.json) write them.
	Policy, Base string
	// From is the year from which the two differ: for a schedule
	// (piecewise linear through [year, level] points, constant outside
	// them, MODEL.md) the last year up to which they agree from the base
	// year on, and -Inf for any other value or schedules that differ at
	// the base year already.
	From float64
}

// IsPolicy says whether the difference is in the policy table (the
// coordination schedule and its implementation): a comparison whose
// differences are all policy isolates the policy's effect.
func (d Difference) IsPolicy() bool { return strings.HasPrefix(d.Path, "policy.") }

// Differences compares two scenarios' resolved parameters (JSON objects,
// as scenarios.Resolved writes them) key by key and returns where they
// differ, in key order, siblings with equal values grouped.
func Differences(policy, base json.RawMessage) ([]Difference, error) {
	var p, b any
	if err := json.Unmarshal(policy, &p); err != nil {
		return nil, fmt.Errorf("differences: policy parameters: %w", err)
	}
	if err := json.Unmarshal(base, &b); err != nil {
		return nil, fmt.Errorf("differences: base parameters: %w", err)
	}
	// Schedules before the base year do not matter: the run starts there.
	baseYear := math.Inf(-1)
	if t, ok := p.(map[string]any)["time"].(map[string]any); ok {
		if y, ok := t["base_year"].(float64); ok {
			baseYear = y
		}
	}
	var leaves []Difference
	diff("", p, b, baseYear, &leaves)
	return group(leaves), nil
}

// Diverge returns the year from which the differences apply: the earliest
// From (-Inf when one differs from the start, or when there is none).
func Diverge(ds []Difference) float64 {
	from := math.Inf(1)
	for _, d := range ds {
		from = math.Min(from, d.From)
	}
	if math.IsInf(from, 1) {
		return math.Inf(-1)
	}
	return from
}

func diff(path string, p, b any, base float64, out *[]Difference) {
	pm, pok := p.(map[string]any)
	bm, bok := b.(map[string]any)
	if pok && bok {
		var keys []string
		for k := range pm {
			keys = append(keys, k)
		}
		for k := range bm {
			if _, ok := pm[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			diff(join(path, k), pm[k], bm[k], base, out)
		}
		return
	}
	pj, bj := compact(p), compact(b)
	if pj == bj {
		return
	}
	from := math.Inf(-1)
	ps, pok := schedule(p)
	bs, bok := schedule(b)
	if pok && bok {
		from = parted(ps, bs, base)
	}
	*out = append(*out, Difference{Path: path, Count: 1, Policy: pj, Base: bj, From: from})
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func compact(v any) string {
	if v == nil {
		return "(none)"
	}
	b, _ := json.Marshal(v)
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return string(b)
	}
	return buf.String()
}

// schedule reads a list of [year, level] pairs.
func schedule(v any) ([]sim.Point, bool) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil, false
	}
	var s []sim.Point
	for _, e := range list {
		pair, ok := e.([]any)
		if !ok || len(pair) != 2 {
			return nil, false
		}
		y, ok1 := pair[0].(float64)
		l, ok2 := pair[1].(float64)
		if !ok1 || !ok2 {
			return nil, false
		}
		s = append(s, sim.Point{Year: y, Level: l})
	}
	return s, true
}

// parted returns the year from which two schedules differ in a run that
// starts at base: both are linear between the union of their points, so
// they agree up to the last point before the first point where they
// differ, and part after it; -Inf when they differ at base already.
func parted(p, b []sim.Point, base float64) float64 {
	years := []float64{base}
	for _, s := range [][]sim.Point{p, b} {
		for _, pt := range s {
			if pt.Year > base {
				years = append(years, pt.Year)
			}
		}
	}
	slices.Sort(years)
	years = slices.Compact(years)
	if math.IsInf(base, -1) {
		years = years[1:]
	}
	agreed := math.Inf(-1)
	for _, y := range years {
		if sim.Coordination(p, y) != sim.Coordination(b, y) {
			return agreed
		}
		agreed = y
	}
	return agreed // equal at every point: equal everywhere (not reached for different values)
}

// group merges siblings (same parent path) with the same two values and
// From into one Difference whose path ends in ".*".
func group(ds []Difference) []Difference {
	var out []Difference
	for _, d := range ds {
		parent, _ := splitLast(d.Path)
		if n := len(out); n > 0 {
			last := &out[n-1]
			lp, _ := splitLast(last.Path)
			if lp == parent && last.Policy == d.Policy && last.Base == d.Base && last.From == d.From {
				last.Count++
				last.Path = parent + ".*"
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

func splitLast(path string) (parent, key string) {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i], path[i+1:]
	}
	return "", path
}

// FromText writes a Difference's From for people and tables: the year, or
// "start" when the two differ from the base year on.
func FromText(from float64) string {
	if math.IsInf(from, -1) {
		return "start"
	}
	return strconv.FormatFloat(from, 'f', -1, 64)
}

// writeDifferences writes differences.csv: path, count, policy, base,
// from (a year, or "start").
func writeDifferences(dir string, ds []Difference) error {
	header := []string{"path", "count", "policy", "base", "from"}
	return table.WriteWideFile(filepath.Join(dir, DifferencesFile), header, func(w *table.WideWriter) error {
		for _, d := range ds {
			if err := w.Write(table.Text(d.Path), table.Float(float64(d.Count)), table.Text(d.Policy), table.Text(d.Base), table.Text(FromText(d.From))); err != nil {
				return err
			}
		}
		return nil
	})
}
