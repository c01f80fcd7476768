package scenarios

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/digisim/digisim/sim"
)

// builder decodes the merged tables into sim.Params through the schema,
// collecting every problem.
type builder struct {
	r     *resolution
	p     *sim.Params
	errs  []*Error
	lists map[idKind][]string
	index map[idKind]map[string]int
}

func (b *builder) fail(path []string, v any, reason string) {
	l := b.r.where(path)
	b.errs = append(b.errs, &Error{File: l.file, Line: l.pos.Line, Col: l.pos.Col,
		Key: renderPath(path), Value: formatValue(v), Reason: reason})
}

func extend(path []string, el string) []string {
	return append(append(make([]string, 0, len(path)+1), path...), el)
}

func extendIx(ix []int, i int) []int {
	return append(append(make([]int, 0, len(ix)+1), ix...), i)
}

// build decodes and validates; with validate unset it stops after decoding
// (ranges are still checked, cross-checks and the base check are not).
func (r *resolution) build(validate bool) (*sim.Params, []*Error) {
	b := &builder{r: r, p: &sim.Params{StepLimit: r.stepLimit}, index: map[idKind]map[string]int{}}
	b.model()
	b.pillars()
	b.lists = map[idKind][]string{idMember: r.members, idSegment: r.segments, idPillar: b.p.Pillars}
	for k, list := range b.lists {
		b.index[k] = map[string]int{}
		for i, id := range list {
			if _, dup := b.index[k][id]; !dup {
				b.index[k][id] = i
			}
		}
	}
	b.checkIDs(idMember, []string{"members"})
	b.checkIDs(idSegment, []string{"segments"})
	N, S, K := len(r.members), len(r.segments), len(b.p.Pillars)
	p := b.p
	p.Members = make([]sim.Member, N)
	for i, id := range r.members {
		p.Members[i] = sim.Member{ID: id, Capacity: make([]float64, K), Investment: make([]float64, K),
			Users: make([]float64, S), GMVUSD: make([]float64, S)}
		if p.Model == sim.V2 {
			p.Members[i].Tenure = make([]float64, S)
			for s := range S {
				p.Members[i].Tenure[s] = sim.DefaultTenure // a member's tenure_years may replace it
			}
		}
	}
	p.Segments = make([]sim.Segment, S)
	for s, id := range r.segments {
		p.Segments[s] = sim.Segment{ID: id, Weights: make([]float64, K)}
	}
	p.Policy.Coordination = make([][]sim.Point, K)
	p.Events = []sim.Event{} // as sim.Params.Clone makes it: a copy compares equal
	b.decode(r.root, schema, nil, nil)
	for i := range p.Members {
		if p.Members[i].Name == "" {
			p.Members[i].Name = p.Members[i].ID
		}
	}
	for s := range p.Segments {
		if p.Segments[s].Name == "" {
			p.Segments[s].Name = p.Segments[s].ID
		}
	}
	r.region = b.region()
	if validate {
		b.validate()
		if len(b.errs) == 0 {
			b.checkDistances()
			b.checkBase()
		}
		if len(b.errs) == 0 {
			r.warnings = append(r.warnings, b.plausibility()...)
		}
	}
	return p, b.errs
}

// model reads the top-level model key first: it decides which keys exist.
// A scenario without it (after extends) runs model v1.
func (b *builder) model() {
	v, ok := b.r.root["model"]
	if !ok {
		return
	}
	switch v {
	case "v1":
		b.p.Model = sim.V1
	case "v2":
		b.p.Model = sim.V2
	default:
		b.fail([]string{"model"}, v, `is not a model version: want "v1" (MODEL.md, equations 1-15) or "v2" (v1 plus spend deepening, equations 16-17)`)
	}
}

// pillars reads the top-level pillars list, which sizes everything else.
func (b *builder) pillars() {
	path := []string{"pillars"}
	v, ok := b.r.root["pillars"]
	if !ok {
		b.fail(path, nil, `missing: list the pillar ids in order, e.g. pillars = ["payments", "logistics"]`)
		return
	}
	arr, ok := v.([]any)
	if !ok {
		b.fail(path, v, "is "+typeName(v)+`, want an array of pillar ids`)
		return
	}
	if len(arr) == 0 {
		b.fail(path, nil, "is empty: a scenario needs at least one pillar")
	}
	seen := map[string]bool{}
	for j, e := range arr {
		s, ok := e.(string)
		ep := extend(path, strconv.Itoa(j))
		switch {
		case !ok:
			b.fail(ep, e, "is "+typeName(e)+", want a pillar id (a string)")
			continue
		case !validID(s):
			b.fail(ep, e, "is not a usable id: use letters, digits, _ and -")
		case seen[s]:
			b.fail(ep, e, "is listed twice: duplicate pillar id")
			continue
		}
		seen[s] = true
		b.p.Pillars = append(b.p.Pillars, s)
	}
}

func validID(s string) bool {
	if s == "" || s == "*" || s == "default" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// checkIDs reports unusable ids and ids that differ only in case.
func (b *builder) checkIDs(k idKind, at []string) {
	seen := map[string]string{}
	for _, id := range b.lists[k] {
		path := extend(at, id)
		if !validID(id) {
			b.fail(path, nil, fmt.Sprintf("%q is not a usable %s id: use letters, digits, _ and -", id, k))
		}
		low := strings.ToLower(id)
		if prev, dup := seen[low]; dup {
			b.fail(path, nil, fmt.Sprintf("duplicate %s id: %q and %q differ only in case", k, prev, id))
		}
		seen[low] = id
	}
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// number checks one numeric value against n's range.
func (b *builder) number(v any, n *node, path []string) (float64, bool) {
	x, ok := toFloat(v)
	if !ok {
		b.fail(path, v, "is "+typeName(v)+", want a number")
		return 0, false
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		b.fail(path, v, "is not a finite number")
		return x, false
	}
	if below, above := x < n.lo || (n.loOpen && x == n.lo), x > n.hi || (n.hiOpen && x == n.hi); below || above {
		b.fail(path, v, "is outside "+rangeText(n))
		return x, false
	}
	return x, true
}

func rangeText(n *node) string {
	switch {
	case math.IsInf(n.hi, 1) && n.loOpen:
		return fmt.Sprintf("(%s, inf): it must be > %s", formatFloat(n.lo), formatFloat(n.lo))
	case math.IsInf(n.hi, 1):
		return fmt.Sprintf("[%s, inf): it must be >= %s", formatFloat(n.lo), formatFloat(n.lo))
	}
	l, h := "[", "]"
	if n.loOpen {
		l = "("
	}
	if n.hiOpen {
		h = ")"
	}
	return l + formatFloat(n.lo) + ", " + formatFloat(n.hi) + h
}

func (b *builder) decode(v any, n *node, path []string, ix []int) {
	switch n.kind {
	case kTable:
		m, ok := v.(map[string]any)
		if !ok {
			b.fail(path, v, "is "+typeName(v)+", want a table")
			return
		}
		for _, k := range sortedKeys(m) {
			f := n.field(k)
			if f == nil {
				hint := didYouMean(k, n.keys())
				if len(path) > 0 && schema.field(k) != nil && hint == "" {
					hint = fmt.Sprintf("; %q is a top-level key: move it above the first [table] header", k)
				}
				b.fail(extend(path, k), nil, "unknown key"+hint)
				continue
			}
			if len(path) == 0 && (k == "pillars" || k == "model") {
				continue // read first, by pillars() and model()
			}
			if f.v2 && b.p.Model != sim.V2 {
				b.fail(extend(path, k), m[k], `is a model v2 parameter: add model = "v2" at the top of the scenario to use it (MODEL.md, Model v2)`)
				continue
			}
			b.decode(m[k], f, extend(path, k), ix)
		}
		for _, f := range n.fields {
			if _, has := m[f.key]; has {
				continue
			}
			switch {
			case f.n.required && f.n.kind == kIDs && len(path) == 0:
				b.fail(extend(path, f.key), nil, fmt.Sprintf("missing: a scenario needs at least one %s ([%s.<id>] tables)", f.n.ids, f.key))
			case f.n.required && !(len(path) == 0 && f.key == "pillars"):
				b.fail(extend(path, f.key), nil, "missing: this key is required")
			case f.n.kind == kNumber && f.n.num != nil:
				*f.n.num(b.p, ix) = f.n.fallback
			}
		}
	case kIDs:
		b.decodeIDs(v, n, path, ix)
	case kNumber:
		if x, ok := b.number(v, n, path); ok && n.num != nil {
			*n.num(b.p, ix) = x
		}
	case kString:
		s, ok := v.(string)
		if !ok {
			b.fail(path, v, "is "+typeName(v)+", want a string")
			return
		}
		if n.str != nil {
			*n.str(b.p, ix) = s
		}
	case kStrings:
		b.decodeIDList(v, n, path, ix)
	case kSchedule:
		if sched, ok := b.schedule(v, path); ok {
			b.p.Policy.Coordination[ix[len(ix)-1]] = sched
		}
	case kEvents:
		var list []map[string]any
		switch x := v.(type) {
		case []map[string]any:
			list = x
		case []any:
			for j, e := range x {
				m, ok := e.(map[string]any)
				if !ok {
					b.fail(extend(path, strconv.Itoa(j)), e, "is "+typeName(e)+", want a table ([[events]])")
					continue
				}
				list = append(list, m)
			}
		default:
			b.fail(path, v, "is "+typeName(v)+", want an array of tables ([[events]])")
			return
		}
		b.p.Events = make([]sim.Event, len(list))
		for j, m := range list {
			b.decode(m, n.elem, extend(path, strconv.Itoa(j)), []int{j})
		}
	}
}

func (b *builder) decodeIDs(v any, n *node, path []string, ix []int) {
	m, ok := v.(map[string]any)
	if !ok {
		b.fail(path, v, "is "+typeName(v)+", want a table keyed by "+n.ids.String()+" id")
		return
	}
	list, index := b.lists[n.ids], b.index[n.ids]
	if len(list) == 0 && n.ids == idPillar {
		return // no usable pillars list: reported once, by pillars()
	}
	for _, k := range sortedKeys(m) {
		if k == "default" && n.def {
			continue
		}
		i, ok := index[k]
		if !ok {
			hint := didYouMean(k, list)
			if n.def {
				hint += `; "default" covers the ` + n.ids.String() + "s not listed"
			}
			b.fail(extend(path, k), nil, fmt.Sprintf("unknown %s %q%s (known: %s)", n.ids, k, hint, strings.Join(list, ", ")))
			continue
		}
		b.decode(m[k], n.elem, extend(path, k), extendIx(ix, i))
	}
	dv, hasDef := m["default"]
	if hasDef && n.def {
		dp := extend(path, "default")
		switch n.elem.kind {
		case kNumber:
			if x, ok := b.number(dv, n.elem, dp); ok {
				for i, id := range list {
					if _, listed := m[id]; !listed {
						*n.elem.num(b.p, extendIx(ix, i)) = x
					}
				}
			}
		case kSchedule:
			if sched, ok := b.schedule(dv, dp); ok {
				for i, id := range list {
					if _, listed := m[id]; !listed {
						b.p.Policy.Coordination[i] = append([]sim.Point(nil), sched...)
					}
				}
			}
		}
		return
	}
	if n.required && n.elem.kind != kTable {
		for _, id := range list {
			if _, has := m[id]; !has {
				how := ""
				if n.def {
					how = `, or give a "default"`
				}
				b.fail(extend(path, id), nil, fmt.Sprintf("missing: every %s needs a value here%s", n.ids, how))
			}
		}
	}
}

// decodeIDList reads the members or segments list of an event.
func (b *builder) decodeIDList(v any, n *node, path []string, ix []int) {
	arr, ok := v.([]any)
	if !ok {
		b.fail(path, v, "is "+typeName(v)+", want an array of "+n.ids.String()+" ids")
		return
	}
	var out []int
	for j, e := range arr {
		ep := extend(path, strconv.Itoa(j))
		s, ok := e.(string)
		if !ok {
			b.fail(ep, e, "is "+typeName(e)+", want a "+n.ids.String()+" id")
			continue
		}
		i, ok := b.index[n.ids][s]
		if !ok {
			b.fail(ep, e, fmt.Sprintf("is not a %s of this scenario%s (known: %s)", n.ids, didYouMean(s, b.lists[n.ids]), strings.Join(b.lists[n.ids], ", ")))
			continue
		}
		out = append(out, i)
	}
	if len(ix) == 0 {
		return
	}
	switch n.ids {
	case idMember:
		b.p.Events[ix[0]].Members = out
	case idSegment:
		b.p.Events[ix[0]].Segments = out
	}
}

// schedule reads an array of [year, level] pairs, years increasing,
// levels in [0, 1].
func (b *builder) schedule(v any, path []string) ([]sim.Point, bool) {
	arr, ok := v.([]any)
	if !ok || len(arr) == 0 {
		b.fail(path, v, "want a non-empty array of [year, level] pairs, e.g. [[2018.0, 0.2], [2022.0, 0.5]]")
		return nil, false
	}
	out := make([]sim.Point, 0, len(arr))
	good := true
	for j, e := range arr {
		ep := extend(path, strconv.Itoa(j))
		pair, ok := e.([]any)
		if !ok || len(pair) != 2 {
			b.fail(ep, e, "want a [year, level] pair")
			good = false
			continue
		}
		y, ok1 := toFloat(pair[0])
		l, ok2 := toFloat(pair[1])
		switch {
		case !ok1 || !ok2:
			b.fail(ep, e, "want two numbers [year, level]")
		case math.IsNaN(y) || math.IsInf(y, 0) || math.IsNaN(l) || math.IsInf(l, 0):
			b.fail(ep, e, "is not finite")
		case l < 0 || l > 1:
			b.fail(ep, e, "has a level outside [0, 1] (0.2 information sharing, 0.5 cooperation, 1 binding rules)")
		case len(out) > 0 && y <= out[len(out)-1].Year:
			b.fail(ep, e, fmt.Sprintf("year %s does not follow %s: years must increase", formatFloat(y), formatFloat(out[len(out)-1].Year)))
		default:
			out = append(out, sim.Point{Year: y, Level: l})
			continue
		}
		good = false
	}
	return out, good
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// validate maps the problems sim.Params.Validate finds (the rules that
// involve more than one value, and the model's domain) to the positions of
// the keys that set them. A problem with a key that decoding has already
// reported, or with a key inside or around one, is left out: it is the same
// mistake seen again through an unset value.
func (b *builder) validate() {
	var reported []string
	for _, e := range b.errs {
		reported = append(reported, e.Key)
	}
	covered := func(key string) bool {
		for _, r := range reported {
			if r == key || inside(r, key) || inside(key, r) {
				return true
			}
		}
		return false
	}
	err := b.p.Validate()
	if err == nil {
		return
	}
	for _, e := range unjoin(err) {
		var fe *sim.FieldError
		if !errors.As(e, &fe) {
			b.errs = append(b.errs, &Error{File: b.r.where(nil).file, Reason: e.Error()})
			continue
		}
		if !covered(renderPath(fe.Path)) {
			b.fail(fe.Path, fe.Value, fe.Reason)
		}
	}
}

// inside reports whether dotted key k lies inside key parent.
func inside(k, parent string) bool {
	return strings.HasPrefix(k, parent) && len(k) > len(parent) && (k[len(parent)] == '.' || k[len(parent)] == '[')
}

// checkBase refuses base users above potential users (sim.CheckBase).
func (b *builder) checkBase() {
	err := sim.CheckBase(b.p)
	if err == nil {
		return
	}
	for _, e := range unjoin(err) {
		var be *sim.BaseError
		if errors.As(e, &be) {
			b.fail([]string{"members", be.Member, "users", be.Segment}, nil, fmt.Sprintf(
				"base users %s exceed potential users %s (population x online_share x ceiling x readiness^readiness_potential at base_year): raise segments.%s.ceiling or members.%s.online_share, or lower the users",
				formatFloat(be.Users), strconv.FormatFloat(be.Potential, 'g', 6, 64), be.Segment, be.Member))
			continue
		}
		b.errs = append(b.errs, &Error{File: b.r.where(nil).file, Reason: e.Error()})
	}
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
