package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

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
	sc, err := load(nameOrPath, overrides)
	if err != nil {
		return nil, err
	}
	return sc, nil
}

// LoadBytes is Load for a scenario held in memory; file names the source
// in messages and relative extends paths are taken from its directory.
func LoadBytes(file string, data []byte, overrides []string) (*Scenario, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		abs = file
	}
	return loadSource(source{display: file, id: abs, data: data, preread: true}, overrides, true)
}

func load(nameOrPath string, overrides []string) (*Scenario, error) {
	src, err := resolveRef(nil, nameOrPath)
	if err != nil {
		return nil, err
	}
	return loadSource(src, overrides, true)
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
		s.data, err = os.ReadFile(s.id)
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
			return source{}, fmt.Errorf("no shipped scenario %q%s (shipped: %s; a file path must end in .toml)",
				ref, didYouMean(ref, shippedNames()), strings.Join(shippedNames(), ", "))
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
	p := ref
	if from != nil && !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(from.id), p)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return source{}, fmt.Errorf("scenario file %q: %v", ref, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return source{}, fmt.Errorf("scenario file %q not found (looked for %s)", ref, abs)
	}
	if !st.Mode().IsRegular() {
		return source{}, fmt.Errorf("scenario file %q (%s) is not a regular file", ref, abs)
	}
	display := p
	if from != nil {
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
			return nil, []*Error{{File: last.src.display, Line: last.pos["extends"].Line, Col: last.pos["extends"].Col,
				Key: "extends", Reason: "extends cycle: " + strings.Join(append(names, cur.display), " -> ")}}
		}
		seen[cur.id] = true
		names = append(names, cur.display)
		if err := cur.read(); err != nil {
			return nil, []*Error{{File: cur.display, Reason: fmt.Sprintf("cannot read scenario: %v", err)}}
		}
		pf, err := parseFile(cur)
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
	for _, f := range files {
		r.sources = append(r.sources, f.src.display)
		for k, p := range f.pos {
			r.origins[k] = loc{f.src.display, p}
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

func loadSource(src source, overrides []string, validate bool) (*Scenario, error) {
	r, errs := resolve(src, overrides)
	if r == nil {
		return nil, sortErrors(errs)
	}
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
	}, nil
}
