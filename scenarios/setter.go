package scenarios

import (
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

// Setter compiles a numeric dotted path of the scenario vocabulary (the
// keys of --set and of the resolved JSON, with * for every member, segment,
// pillar or event: "members.*.investment.payments") against the ids of p,
// once. The returned function writes a value into a sim.Params with the
// same ids as p (typically p.Clone()) without allocating, so that
// experiment sweeps can set it for every run.
//
// Setting through a Setter and through Load with the override
// "path=value" gives the same Params. File-only keys (an investment
// "default") are not paths of sim.Params: use * instead.
func Setter(p *sim.Params, path string) (func(q *sim.Params, v float64), error) {
	els, err := splitPath(path)
	if err != nil {
		return nil, &Error{Key: path, Reason: err.Error()}
	}
	idsOf := paramIDs(p)
	targets, msg := expandPath(schema, els, idsOf, len(p.Events), false)
	if msg != "" {
		return nil, &Error{Key: path, Reason: msg}
	}
	var leaf *node
	ixs := make([][]int, 0, len(targets))
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
		leaf = n
		ixs = append(ixs, ix)
	}
	if leaf == nil || leaf.num == nil {
		return func(*sim.Params, float64) {}, nil // a wildcard over no ids
	}
	get := leaf.num
	if len(ixs) == 1 {
		ix := ixs[0]
		return func(q *sim.Params, v float64) { *get(q, ix) = v }, nil
	}
	return func(q *sim.Params, v float64) {
		for _, ix := range ixs {
			*get(q, ix) = v
		}
	}, nil
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
