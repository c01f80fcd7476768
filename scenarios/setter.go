package scenarios

import (
	"math"
	"strconv"

	"github.com/digisim/digisim/sim"
)

func paramIDs(p *sim.Params) func(idKind) []string {
	members := make([]string, len(p.Members))
	for i, m := range p.Members {
		members[i] = m.ID
	}
	segments := make([]string, len(p.Segments))
	for s, sg := range p.Segments {
		segments[s] = sg.ID
	}
	return func(k idKind) []string {
		switch k {
		case idMember:
			return members
		case idSegment:
			return segments
		}
		return p.Pillars
	}
}

// Param is a numeric dotted path of the scenario vocabulary (the keys of
// --set and of the resolved JSON, with * for every member, segment,
// pillar or event: "members.*.investment.payments") compiled against the
// ids of a scenario: the concrete keys it stands for, how to read and
// write it, its allowed range, unit and plausible range. Calibration,
// experiments and charts take what they know of a parameter from here.
type Param struct {
	Path string
	// Expansions are the concrete keys the path stands for, in schema
	// order (members, segments, pillars and events in scenario order);
	// none for a wildcard over no ids.
	Expansions []string
	// Lo and Hi are the allowed range (open at an end where LoOpen or
	// HiOpen); Load refuses values outside it.
	Lo, Hi         float64
	LoOpen, HiOpen bool
	// Unit is the unit of MODEL.md ("1/year", "share"; "" for a pure
	// number) and Label a reader's name for a chart axis ("" if none).
	Unit, Label string
	// FitLo < FitHi is the range calibration searches by default; both
	// are 0 where the schema gives none.
	FitLo, FitHi float64

	leaf *node
	ixs  [][]int
}

// Path compiles path against the ids of p, once.
func Path(p *sim.Params, path string) (*Param, error) {
	els, err := splitPath(path)
	if err != nil {
		return nil, &Error{Key: path, Reason: err.Error()}
	}
	idsOf := paramIDs(p)
	events := make([]string, len(p.Events))
	for j, ev := range p.Events {
		events[j] = ev.Name
	}
	targets, msg := expandPath(schema, els, idsOf, events, false)
	if msg != "" {
		return nil, &Error{Key: path, Reason: msg}
	}
	prm := &Param{Path: path}
	for _, t := range targets {
		n, ix := schema, []int(nil)
		for _, el := range t {
			switch n.kind {
			case kTable:
				n = n.field(el)
				if n != nil && n.v2 && p.Model != sim.V2 {
					return nil, &Error{Key: path, Reason: `is a model v2 parameter: the scenario runs model v1 (add model = "v2" to use it)`}
				}
			case kIDs:
				for i, id := range idsOf(n.ids) {
					if id == el {
						ix = append(ix, i)
						break
					}
				}
				n = n.elem
			case kEvents:
				j, _ := strconv.Atoi(el)
				ix = append(ix, j)
				n = n.elem
			}
		}
		prm.leaf = n
		prm.ixs = append(prm.ixs, ix)
		prm.Expansions = append(prm.Expansions, renderPath(t))
	}
	if n := prm.leaf; n != nil {
		prm.Lo, prm.Hi, prm.LoOpen, prm.HiOpen = n.lo, n.hi, n.loOpen, n.hiOpen
		prm.Unit, prm.Label, prm.FitLo, prm.FitHi = n.unit, n.label, n.fitLo, n.fitHi
	}
	return prm, nil
}

// Set writes v at every key of the path into q, a sim.Params with the
// same ids as the one the path was compiled against (typically a Clone),
// without allocating.
func (prm *Param) Set(q *sim.Params, v float64) {
	if prm.leaf == nil || prm.leaf.num == nil {
		return
	}
	for _, ix := range prm.ixs {
		*prm.leaf.num(q, ix) = v
	}
}

// Get reads the value at the path from q: the mean over its keys, for a
// wildcard over ids with different values; NaN for a wildcard over no ids.
func (prm *Param) Get(q *sim.Params) float64 {
	if prm.leaf == nil || prm.leaf.num == nil {
		return math.NaN()
	}
	s := 0.0
	for _, ix := range prm.ixs {
		s += *prm.leaf.num(q, ix)
	}
	return s / float64(len(prm.ixs))
}

// Setter compiles path as Path does and returns its Set. Setting through
// a Setter and through Load with the override "path=value" gives the same
// Params. File-only keys (an investment "default") are not paths of
// sim.Params: use * instead.
func Setter(p *sim.Params, path string) (func(q *sim.Params, v float64), error) {
	prm, err := Path(p, path)
	if err != nil {
		return nil, err
	}
	get := prm.leaf
	if get == nil || get.num == nil {
		return func(*sim.Params, float64) {}, nil // a wildcard over no ids
	}
	if len(prm.ixs) == 1 {
		num, ix := get.num, prm.ixs[0]
		return func(q *sim.Params, v float64) { *num(q, ix) = v }, nil
	}
	return prm.Set, nil
}

// Label returns the reader's name of a dotted path for a chart axis, and
// the path itself where the schema gives none. Ids and * are not checked.
func Label(path string) string {
	els, err := splitPath(path)
	if err != nil {
		return path
	}
	n := schema
	var keys, scope []string
	for _, el := range els {
		switch n.kind {
		case kTable:
			n = n.field(el)
			keys = append(keys, el)
		case kIDs:
			if el == "*" {
				scope = append(scope, "*"+scopeWords[n.ids])
			} else {
				scope = append(scope, el)
			}
			n = n.elem
		case kEvents:
			n = n.elem
		default:
			n = nil
		}
		if n == nil {
			return path
		}
	}
	label := n.label
	if label == "" && len(keys) >= 2 {
		label = labels[keys[len(keys)-2]+"."+keys[len(keys)-1]]
	}
	if label == "" {
		return path
	}
	return scoped(label, scope)
}

// NumericPaths lists every numeric key of p in the scenario vocabulary,
// in schema order: what Setter and --set accept, wildcards aside.
func NumericPaths(p *sim.Params) []string {
	var out []string
	idsOf := paramIDs(p)
	var walk func(n *node, path []string)
	walk = func(n *node, path []string) {
		switch n.kind {
		case kTable:
			for _, f := range n.fields {
				if f.n.v2 && p.Model != sim.V2 {
					continue
				}
				walk(f.n, extend(path, f.key))
			}
		case kIDs:
			for _, id := range idsOf(n.ids) {
				walk(n.elem, extend(path, id))
			}
		case kEvents:
			for j := range p.Events {
				walk(n.elem, extend(path, strconv.Itoa(j)))
			}
		case kNumber:
			out = append(out, renderPath(path))
		}
	}
	walk(schema, nil)
	return out
}
