package scenarios

import (
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/digisim/digisim/internal/textsafe"
	"github.com/digisim/digisim/scenarios/internal/tomlbound"
	"github.com/digisim/digisim/sim"
)

//go:embed shipped/*.toml
var shippedFS embed.FS

const shippedDir = "shipped"

// Info names and describes one shipped scenario.
type Info struct {
	Name        string
	Description string
}

// Scenario is one loaded, resolved and validated scenario.
type Scenario struct {
	Name        string
	Description string
	// Label is the scenario's short name in a sentence ("the agreement",
	// "DEFA's binding rules"), from its file's label key; "" when unset.
	Label string
	// Params are the resolved inputs of sim.Run; the caller may change them.
	Params *sim.Params
	// Sources are the files of the extends chain, base first; shipped files
	// are named "shipped/<name>.toml".
	Sources []string
	// Overrides are the --set strings applied, in order.
	Overrides []string
	// Region is the scenario's [region] table: names, sources, colours.
	Region Region
	// Warnings are figures that are valid but implausible for a country
	// (a likely unit slip; docs/new-region.md, "Plausibility checks").
	// They do not stop a run.
	Warnings []*Error
}

var (
	listOnce sync.Once
	listInfo []Info
)

// List returns the shipped scenarios, sorted by name.
func List() []Info {
	listOnce.Do(func() {
		entries, err := fs.ReadDir(shippedFS, shippedDir)
		if err != nil {
			return
		}
		for _, e := range entries {
			name, ok := strings.CutSuffix(e.Name(), ".toml")
			if !ok {
				continue
			}
			info := Info{Name: name}
			var head struct {
				Description string `toml:"description"`
			}
			if data, err := shippedFS.ReadFile(shippedDir + "/" + e.Name()); err == nil {
				if _, err := toml.Decode(string(data), &head); err == nil {
					info.Description = head.Description
				}
			}
			listInfo = append(listInfo, info)
		}
		sort.Slice(listInfo, func(a, b int) bool { return listInfo[a].Name < listInfo[b].Name })
	})
	return append([]Info(nil), listInfo...)
}

func shippedNames() []string {
	var out []string
	for _, in := range List() {
		out = append(out, in.Name)
	}
	return out
}

// Load reads a shipped scenario by name, or a scenario file by path
// (anything ending in .toml or containing a path separator), resolves its
// extends chain, applies overrides ("dotted.key=value", value in TOML
// syntax) and validates the result. Every problem found is reported, as
// *Error values joined with errors.Join.
func Load(nameOrPath string, overrides []string) (*Scenario, error) {
	return LoadWith(nameOrPath, Options{Sets: overrides})
}

// Options are what a caller chooses when loading a scenario, beside the
// scenario itself.
type Options struct {
	Sets []string // overrides, "dotted.key=value", applied in order
	// StepLimit is the loaded Params' StepLimit, checked with the rest (0:
	// sim.MaxSteps; the command line's --max-steps sets it).
	StepLimit int
	// From is the file that names the scenario (an experiment file): a
	// relative path is taken from its folder. "" (the command line) takes
	// it from the working directory; a shipped file ("shipped/...") names
	// shipped scenarios only.
	From string
}

// LoadWith is Load with options.
func LoadWith(nameOrPath string, o Options) (*Scenario, error) {
	ref := nameOrPath
	fromFile := o.From != "" && !strings.HasPrefix(o.From, "shipped/")
	if fromFile && isPathRef(ref) && !filepath.IsAbs(ref) {
		ref = filepath.Join(filepath.Dir(o.From), ref)
	}
	src, err := resolveRef(nil, ref)
	var nf *notFound
	if errors.As(err, &nf) {
		// The fix: where a relative path is taken from, or the file the
		// user probably meant.
		where := "the working directory"
		if fromFile {
			where = "the folder of " + textsafe.QuotePath(o.From)
		}
		if !isPathRef(nameOrPath) {
			if st, serr := os.Stat(filepath.Join(filepath.Dir(cmp.Or(o.From, ".")), nameOrPath+".toml")); (o.From == "" || fromFile) && serr == nil && st.Mode().IsRegular() {
				return nil, fmt.Errorf("%w; did you mean the file %s (a scenario file's path ends in .toml)?", err, textsafe.QuotePath(nameOrPath+".toml"))
			}
			return nil, err
		}
		return nil, fmt.Errorf("scenario file %s not found (looked for %s): give its path from %s (or an absolute path), or a shipped scenario's name (digisim scenarios lists them)",
			textsafe.QuotePath(nameOrPath), nf.abs, where)
	}
	if err != nil {
		return nil, err
	}
	return loadSource(src, o, true)
}

// notFound is a reference to a scenario that is neither shipped nor a
// file, so that LoadWith can add the fix.
type notFound struct{ msg, abs string }

func (e *notFound) Error() string { return e.msg }

// LoadBytes is Load for a scenario held in memory; file names the source
// in messages and relative extends paths are taken from its directory.
func LoadBytes(file string, data []byte, overrides []string) (*Scenario, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		abs = file
	}
	return loadSource(source{display: file, id: abs, data: data, preread: true}, Options{Sets: overrides}, true)
}

// source is one scenario file, shipped or on disk.
type source struct {
	display  string // in messages
	id       string // identity for cycle detection: shipped/x.toml or an absolute path
	embedded bool
	data     []byte
	preread  bool
}

func (s *source) read() error {
	if s.preread {
		return nil
	}
	var err error
	if s.embedded {
		s.data, err = shippedFS.ReadFile(s.id)
	} else {
		s.data, err = tomlbound.ReadFile(s.id)
	}
	return err
}

func isPathRef(ref string) bool {
	return strings.HasSuffix(ref, ".toml") || strings.ContainsAny(ref, `/\`)
}

// resolveRef finds the scenario that ref names, from the file from (nil
// for the command line): a shipped name, or a path relative to from.
func resolveRef(from *source, ref string) (source, error) {
	if ref == "" {
		return source{}, errors.New("empty scenario name")
	}
	if !isPathRef(ref) {
		id := shippedDir + "/" + ref + ".toml"
		if _, err := fs.Stat(shippedFS, id); err != nil {
			return source{}, &notFound{msg: fmt.Sprintf("no shipped scenario %q%s (shipped: %s; a file path must end in .toml)",
				ref, didYouMean(ref, shippedNames()), strings.Join(shippedNames(), ", "))}
		}
		return source{display: id, id: id, embedded: true}, nil
	}
	if from != nil && from.embedded {
		id := path.Clean(path.Join(path.Dir(from.id), filepath.ToSlash(ref)))
		if _, err := fs.Stat(shippedFS, id); err != nil {
			return source{}, fmt.Errorf("base file %q not found among the shipped scenarios", ref)
		}
		return source{display: id, id: id, embedded: true}, nil
	}
	if from != nil && !strings.HasSuffix(ref, ".toml") {
		// Not read: a message about it would quote what it holds.
		return source{}, fmt.Errorf("%s is not a scenario file: a base file's name ends in .toml (or give a shipped scenario's name)", textsafe.QuotePath(ref))
	}
	p := ref
	if from != nil && !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(from.id), p)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return source{}, fmt.Errorf("scenario file %s: %w", textsafe.QuotePath(ref), err)
	}
	st, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return source{}, &notFound{fmt.Sprintf("scenario file %s not found (looked for %s)", textsafe.QuotePath(ref), abs), abs}
	case err != nil:
		return source{}, fmt.Errorf("scenario file %s cannot be read: %w", textsafe.QuotePath(ref), err)
	case !st.Mode().IsRegular():
		return source{}, fmt.Errorf("scenario file %s (%s) is not a regular file", textsafe.QuotePath(ref), abs)
	}
	// Messages and the manifest's sources name the file as written: an
	// absolute path as it is, a relative one from the including file's
	// folder.
	display := p
	if from != nil && !filepath.IsAbs(ref) {
		display = filepath.Join(filepath.Dir(from.display), ref)
	}
	return source{display: display, id: abs}, nil
}

// parsed is one decoded file of a chain.
type parsed struct {
	src  source
	root map[string]any
	keys []toml.Key
	pos  map[string]pos
}

const maxChain = 32

// chain reads src and its bases; the result starts with the root base.
func chain(src source) ([]parsed, []*Error) {
	var out []parsed
	seen := map[string]bool{}
	var names []string
	cur := src
	for {
		if seen[cur.id] || len(out) >= maxChain {
			last := out[len(out)-1]
			reason := "extends cycle: " + strings.Join(append(names, cur.display), " -> ")
			if !seen[cur.id] {
				reason = fmt.Sprintf("an extends chain of more than %d files (%s -> ... -> %s -> %s): "+
					"at most %d; merge some of its files into one", maxChain, names[0], last.src.display, cur.display, maxChain)
			}
			return nil, []*Error{{File: last.src.display, Line: last.pos["extends"].Line, Col: last.pos["extends"].Col,
				Key: "extends", Reason: reason}}
		}
		seen[cur.id] = true
		names = append(names, cur.display)
		if err := cur.read(); err != nil {
			reason := fmt.Sprintf("cannot read scenario: %v", err)
			if tomlbound.Is(err) {
				reason = err.Error()
			}
			return nil, []*Error{{File: cur.display, Reason: reason}}
		}
		pf, err := parseSource(cur)
		if err != nil {
			return nil, []*Error{err}
		}
		out = append(out, pf)
		ext, has := pf.root["extends"]
		if !has {
			break
		}
		p := pf.pos["extends"]
		ref, ok := ext.(string)
		if !ok {
			return nil, []*Error{{File: cur.display, Line: p.Line, Col: p.Col, Key: "extends", Value: formatValue(ext),
				Reason: "is " + typeName(ext) + ", want a string (a shipped scenario name or a .toml path)"}}
		}
		next, rerr := resolveRef(&cur, ref)
		if rerr != nil {
			return nil, []*Error{{File: cur.display, Line: p.Line, Col: p.Col, Key: "extends", Reason: rerr.Error()}}
		}
		cur = next
	}
	// Base first.
	for a, b := 0, len(out)-1; a < b; a, b = a+1, b-1 {
		out[a], out[b] = out[b], out[a]
	}
	return out, nil
}

func parseFile(src source) (parsed, *Error) {
	if err := tomlbound.Check(src.data); err != nil {
		le := err.(*tomlbound.LimitError)
		return parsed{}, &Error{File: src.display, Line: le.Line, Col: le.Col, Reason: le.Error()}
	}
	var root map[string]any
	md, err := toml.Decode(string(src.data), &root)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return parsed{}, &Error{File: src.display, Line: pe.Position.Line, Col: pe.Position.Col,
				Key: pe.LastKey, Reason: "TOML syntax: " + pe.Message}
		}
		return parsed{}, &Error{File: src.display, Reason: "TOML: " + err.Error()}
	}
	return parsed{src: src, root: root, keys: md.Keys(), pos: keyPositions(src.data)}, nil
}

// loc is where a key was last set.
type loc struct {
	file string
	pos  pos
}

// resolution is a merged chain with overrides applied, before decoding.
type resolution struct {
	root     map[string]any
	origins  map[string]loc
	members  []string // in order of first appearance, base first
	segments []string
	sources  []string
	name     string
	desc     string
	label    string
	region   Region   // set by build
	warnings []*Error // set by build: plausibility

	stepLimit int // Options.StepLimit, for the built Params
}

// where returns the origin of path, or of its nearest ancestor that has one.
func (r *resolution) where(path []string) loc {
	for n := len(path); n > 0; n-- {
		if l, ok := r.origins[renderPath(path[:n])]; ok {
			return l
		}
	}
	if len(r.sources) > 0 {
		return loc{file: r.sources[len(r.sources)-1]}
	}
	return loc{}
}

func resolve(src source, overrides []string) (*resolution, []*Error) {
	files, errs := chain(src)
	if errs != nil {
		return nil, errs
	}
	r := &resolution{root: map[string]any{}, origins: map[string]loc{}}
	seenM, seenS := map[string]bool{}, map[string]bool{}
	for n, f := range files {
		r.sources = append(r.sources, f.src.display)
		for k, p := range f.pos {
			r.origins[k] = loc{f.src.display, p}
		}
		if n > 0 {
			r.warnKeptMembers(f)
		}
		for _, k := range f.keys {
			if len(k) >= 2 && k[0] == "members" && !seenM[k[1]] {
				seenM[k[1]] = true
				r.members = append(r.members, k[1])
			}
			if len(k) >= 2 && k[0] == "segments" && !seenS[k[1]] {
				seenS[k[1]] = true
				r.segments = append(r.segments, k[1])
			}
		}
		// name, description and extends belong to one file each.
		delete(r.root, "name")
		delete(r.root, "description")
		delete(r.root, "label")
		merge(r.root, f.root)
		if v, has := r.root["drop_members"]; has {
			for _, id := range r.dropMembers(f, v, &errs) {
				seenM[id] = false // a later file may add it again
			}
			delete(r.root, "drop_members") // it belongs to its file
		}
	}
	delete(r.root, "extends")
	leaf := files[len(files)-1]
	var named bool
	r.name, named = leaf.root["name"].(string)
	if named {
		if why := NameProblem(r.name); why != "" {
			p := leaf.pos["name"]
			errs = append(errs, &Error{File: leaf.src.display, Line: p.Line, Col: p.Col, Key: "name", Value: strconv.Quote(r.name), Reason: why})
		}
	}
	if r.name == "" {
		base := leaf.src.display
		if i := strings.LastIndexAny(base, `/\`); i >= 0 {
			base = base[i+1:]
		}
		r.name = strings.TrimSuffix(base, ".toml")
	}
	r.desc, _ = leaf.root["description"].(string)
	r.label, _ = leaf.root["label"].(string)
	// Drop ids the merged tables no longer hold (a child replaced a table
	// with a non-table: decoding reports it).
	r.members = keep(r.members, r.root["members"])
	r.segments = keep(r.segments, r.root["segments"])
	for _, o := range overrides {
		if e := r.applySet(o); e != nil {
			errs = append(errs, e)
		}
	}
	return r, errs
}

// warnKeptMembers warns when file f adds members to the scenario it
// extends and neither sets nor drops any of that scenario's members: the
// new region would silently hold the old one's members too.
func (r *resolution) warnKeptMembers(f parsed) {
	if _, drops := f.root["drop_members"]; drops {
		return
	}
	before := map[string]bool{}
	for _, id := range r.members {
		before[id] = true
	}
	mentioned := map[string]bool{}
	var added []string
	for _, k := range f.keys {
		if len(k) >= 2 && k[0] == "members" {
			if !before[k[1]] && !slices.Contains(added, k[1]) {
				added = append(added, k[1])
			}
			mentioned[k[1]] = true
		}
	}
	var kept []string
	for _, id := range r.members {
		if !mentioned[id] {
			kept = append(kept, id)
		}
	}
	if len(added) == 0 || len(kept) < len(r.members) {
		return
	}
	p := f.pos["members."+added[0]]
	r.warnings = append(r.warnings, &Error{File: f.src.display, Line: p.Line, Col: p.Col, Key: "members." + added[0],
		Reason: fmt.Sprintf("is added beside the %d members of the scenario this file extends (%s), which stay: to leave them out, add drop_members = [%s]",
			len(kept), strings.Join(kept, ", "), quoteJoin(kept))})
}

func quoteJoin(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = strconv.Quote(id)
	}
	return strings.Join(q, ", ")
}

// dropMembers removes the members that file f lists in drop_members from
// the tables merged so far: their own tables, their colours and their place
// in events' member lists (an event left with no member is removed). It
// returns the ids dropped.
func (r *resolution) dropMembers(f parsed, v any, errs *[]*Error) []string {
	p := f.pos["drop_members"]
	bad := func(val any, reason string) {
		*errs = append(*errs, &Error{File: f.src.display, Line: p.Line, Col: p.Col, Key: "drop_members", Value: formatValue(val), Reason: reason})
	}
	arr, ok := v.([]any)
	if !ok {
		bad(v, "is "+typeName(v)+`, want an array of member ids, e.g. drop_members = ["BN", "MM"]`)
		return nil
	}
	members, _ := r.root["members"].(map[string]any)
	var known []string
	for _, id := range r.members {
		if _, ok := members[id]; ok {
			known = append(known, id)
		}
	}
	drop := map[string]bool{}
	var out []string
	for _, e := range arr {
		id, ok := e.(string)
		switch {
		case !ok:
			bad(e, "is "+typeName(e)+", want a member id (a string)")
		case members[id] == nil:
			bad(e, fmt.Sprintf("is not a member of the scenarios this file extends%s (known: %s)", didYouMean(id, known), strings.Join(known, ", ")))
		default:
			drop[id] = true
			out = append(out, id)
			delete(members, id)
		}
	}
	if len(drop) == 0 {
		return nil
	}
	r.members = slices.DeleteFunc(r.members, func(id string) bool { return drop[id] })
	if reg, ok := r.root["region"].(map[string]any); ok {
		if cols, ok := reg["colours"].(map[string]any); ok {
			for id := range drop {
				delete(cols, id)
			}
		}
		// The name and observed history of the whole region do not describe
		// a part of it, unless this file says they do.
		own, _ := f.root["region"].(map[string]any)
		for _, k := range []string{"name", "observed"} {
			if _, set := own[k]; !set {
				delete(reg, k)
			}
		}
	}
	if evs, ok := r.root["events"].([]map[string]any); ok {
		var kept []map[string]any
		for _, ev := range evs {
			list, listed := ev["members"].([]any)
			if !listed {
				kept = append(kept, ev) // all members
				continue
			}
			left := slices.DeleteFunc(slices.Clone(list), func(m any) bool { s, _ := m.(string); return drop[s] })
			if len(left) == 0 {
				continue
			}
			cp := maps.Clone(ev)
			cp["members"] = left
			kept = append(kept, cp)
		}
		r.root["events"] = kept
	}
	return out
}

func keep(ids []string, v any) []string {
	m, _ := v.(map[string]any)
	var out []string
	for _, id := range ids {
		if _, ok := m[id]; ok {
			out = append(out, id)
		}
	}
	return out
}

// merge deep-merges src into dst: tables merge key by key, anything else
// (numbers, strings, arrays, arrays of tables) replaces.
func merge(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				merge(dm, sm)
				continue
			}
			cp := map[string]any{}
			merge(cp, sm)
			dst[k] = cp
			continue
		}
		dst[k] = v
	}
}

func loadSource(src source, o Options, validate bool) (*Scenario, error) {
	overrides := o.Sets
	r, errs := resolve(src, overrides)
	if r == nil {
		return nil, sortErrors(errs)
	}
	r.stepLimit = o.StepLimit
	p, derrs := r.build(validate)
	errs = append(errs, derrs...)
	if len(errs) > 0 {
		return nil, sortErrors(errs)
	}
	return &Scenario{
		Name:        r.name,
		Description: r.desc,
		Label:       r.label,
		Params:      p,
		Sources:     r.sources,
		Overrides:   append([]string(nil), overrides...),
		Region:      r.region,
		Warnings:    r.warnings,
	}, nil
}
