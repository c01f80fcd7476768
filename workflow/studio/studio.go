package studio

import (
	"embed"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/sim"
)

//go:embed assets
var assets embed.FS

// Limits of one request. A run of a shipped scenario takes about 2 ms and
// holds well under a megabyte of outputs; these bounds leave a hundred
// times that for a user's larger scenario and refuse anything beyond.
const (
	// MaxBody is the largest request body read (a full Settings of ten
	// members and eleven schedules is about 3 KB).
	MaxBody = 64 << 10
	// RunTimeout bounds the wall time of one request's runs.
	RunTimeout = 10 * time.Second
	// MaxSteps bounds the integration steps of one run, and MaxOutputBytes
	// the memory its outputs take (estimated from the scenario's size
	// before the run).
	MaxSteps       = 200_000
	MaxOutputBytes = 64 << 20
	// maxConcurrent requests compute at once, whatever the number of
	// users; up to maxQueued more wait at most queueWait for a turn, and
	// the rest get a 503 with Retry-After at once.
	maxConcurrent = 4
	maxQueued     = 16
	queueWait     = 3 * time.Second
	// maxBaselines bounds the cache of counterfactual runs (a shipped
	// scenario's run holds well under a megabyte).
	maxBaselines = 16
	// MaxFileBytes bounds each file of a folder scenario's extends chain
	// (a shipped scenario is under 10 KB), and MaxNesting the depth of its
	// brackets and braces (a scenario needs 3: a schedule's pairs in a
	// table): the TOML decoder's time and memory grow fast with nesting
	// (24 KB of inline tables 6,000 deep took 35 s and 1.6 GB).
	MaxFileBytes = 256 << 10
	MaxNesting   = 16
)

// Options configure a studio.
type Options struct {
	// Scenario is the one the page opens with (a shipped name, or a file
	// name in Folder); Against the counterfactual of the dividend, ""
	// for each scenario's own (see Counterfactual).
	Scenario, Against string
	// Folder holds the user's scenario files (*.toml) the picker offers;
	// "" offers only the shipped scenarios. Nothing outside it is read.
	Folder string
	// AnyHost answers requests whatever their Host header. By default
	// only loopback names are answered (127.0.0.1, localhost, ::1), so
	// that a web page elsewhere cannot reach the studio through DNS
	// rebinding; a studio serving other networks (--listen) sets it.
	AnyHost bool
}

// Server is the studio: its API (Answer) and, outside the browser build,
// the http.Handler that serves the page and the API. It holds only its
// options: every request loads and runs its scenario afresh, so users
// share no state.
type Server struct {
	opts   Options
	sem    chan struct{}
	queued atomic.Int32
	// shipped caches the shipped scenarios loaded without overrides: they
	// are embedded in the binary and never change, and a cached Scenario
	// is only read (sim.Run does not modify its Params), so users share
	// nothing mutable through it.
	shipped sync.Map // name -> *scenarios.Scenario
	// controls caches the controls of the shipped scenarios (controlsOf).
	controls sync.Map // name -> []Control
	// baselines caches the runs of shipped counterfactuals by reference
	// and overrides (at most maxBaselines; sim.Run is deterministic and
	// its Result only read): a lever moved leaves the baseline as it was,
	// so a move costs one run, not two.
	baselines   map[string]*sim.Result
	baselinesMu sync.Mutex
}

// New checks the options and returns the studio's handler.
func New(o Options) (*Server, error) {
	if o.Scenario == "" {
		o.Scenario = "agreement"
	}
	if o.Folder != "" {
		abs, err := filepath.Abs(o.Folder)
		if err != nil {
			return nil, err
		}
		st, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("studio: scenario folder: %w", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("studio: scenario folder %s is not a directory", o.Folder)
		}
		if o.Folder, err = filepath.EvalSymlinks(abs); err != nil {
			return nil, fmt.Errorf("studio: scenario folder: %w", err)
		}
	}
	s := &Server{opts: o, sem: make(chan struct{}, maxConcurrent)}
	for _, ref := range []string{o.Scenario, o.Against} {
		if ref == "" {
			continue
		}
		if _, err := s.load(ref, nil); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Entry is one scenario of the picker.
type Entry struct {
	// Ref is what the API takes as a scenario: a shipped name, or a file
	// Name is the scenario's name key, which the page shows: a folder
	// file's name, not its file name ("" if it does not load).
	Name string `json:"name"`
	// name of the folder (ending in .toml).
	Ref         string `json:"ref"`
	Description string `json:"description"`
	Shipped     bool   `json:"shipped"`
	// Shape is Shape of its parameters ("" if it does not load): the page
	// offers as counterfactuals only the scenarios of the same shape.
	Shape string `json:"shape"`
}

// Scenarios lists the shipped scenarios, then the folder's *.toml files,
// sorted by name.
func (s *Server) Scenarios() []Entry {
	var out []Entry
	for _, in := range scenarios.List() {
		out = append(out, Entry{Ref: in.Name, Description: in.Description, Shipped: true})
	}
	for _, name := range s.folderFiles() {
		out = append(out, Entry{Ref: name})
	}
	for i := range out {
		if sc, err := s.load(out[i].Ref, nil); err == nil {
			out[i].Shape = Shape(sc.Params)
			out[i].Name = sc.Name
			if !out[i].Shipped {
				out[i].Description = sc.Description
			}
		}
	}
	return out
}

// Shape identifies what a counterfactual must share with a scenario
// (pair.Comparable): members, segments, pillars and time axis.
func Shape(p *sim.Params) string {
	var b strings.Builder
	for _, m := range p.Members {
		b.WriteString(m.ID + ",")
	}
	b.WriteString("|")
	for _, sg := range p.Segments {
		b.WriteString(sg.ID + ",")
	}
	fmt.Fprintf(&b, "|%s|%v", strings.Join(p.Pillars, ","), p.Time)
	return b.String()
}

func (s *Server) folderFiles() []string {
	if s.opts.Folder == "" {
		return nil
	}
	entries, err := os.ReadDir(s.opts.Folder)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".toml") && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	return out
}

// Counterfactual is the counterfactual of the dividend for a scenario
// with parameters p: the studio's --against if given, else a
// no-coordination scenario with p's time axis and ids: a shipped one
// (no-coordination for the 2018-based scenarios, no-coordination-2022 for
// the 2022-based ones), else a file of the folder whose name holds
// "no-coordination" (as digisim init writes them); else no-coordination.
func (s *Server) Counterfactual(p *sim.Params) string {
	if s.opts.Against != "" {
		return s.opts.Against
	}
	var refs []string
	for _, in := range scenarios.List() {
		if strings.HasPrefix(in.Name, "no-coordination") {
			refs = append(refs, in.Name)
		}
	}
	for _, f := range s.folderFiles() {
		if strings.Contains(f, "no-coordination") {
			refs = append(refs, f)
		}
	}
	for _, ref := range refs {
		sc, err := s.load(ref, nil)
		if err != nil {
			continue
		}
		if sameAxes(p, sc.Params) == "" {
			return ref
		}
	}
	return "no-coordination"
}

// sameAxes says why q's runs cannot be subtracted from p's (another time
// axis, other pillars, members or segments), or "" when they can: what a
// counterfactual must share with its scenario.
func sameAxes(p, q *sim.Params) string {
	ids := func(n int, id func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = id(i)
		}
		return out
	}
	switch {
	case p.Time.Start != q.Time.Start || p.Time.End != q.Time.End || p.Time.OutputStep != q.Time.OutputStep:
		return fmt.Sprintf("its time axis (%g to %g, output every %g years) differs from %g to %g every %g", q.Time.Start, q.Time.End, q.Time.OutputStep, p.Time.Start, p.Time.End, p.Time.OutputStep)
	case !slices.Equal(p.Pillars, q.Pillars):
		return "its pillars differ"
	case !slices.Equal(ids(len(p.Members), func(i int) string { return p.Members[i].ID }), ids(len(q.Members), func(i int) string { return q.Members[i].ID })):
		return "its members differ"
	case !slices.Equal(ids(len(p.Segments), func(i int) string { return p.Segments[i].ID }), ids(len(q.Segments), func(i int) string { return q.Segments[i].ID })):
		return "its segments differ"
	}
	return ""
}

// AgainstOptions lists the scenarios that can be the counterfactual of a
// scenario with parameters p (sameAxes), shipped first.
func (s *Server) AgainstOptions(p *sim.Params) []string {
	var out []string
	for _, e := range s.Scenarios() {
		if sc, err := s.load(e.Ref, nil); err == nil && sameAxes(p, sc.Params) == "" {
			out = append(out, e.Ref)
		}
	}
	return out
}

// requestError is a problem with the request: its message goes back to
// the page with the status.
type requestError struct {
	status int
	msg    string
	// retryAfter, in seconds, goes out as a Retry-After header (a busy
	// studio).
	retryAfter int
}

func (e *requestError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &requestError{status: statusBadRequest, msg: fmt.Sprintf(format, args...)}
}

// resolveRef turns a scenario reference of the API into what
// scenarios.Load takes: a shipped name, or the path of a file that the
// folder lists. Anything else (another path, "..", a separator) is
// refused: the studio reads nothing outside its folder.
func (s *Server) resolveRef(ref string) (string, error) {
	if ref == "" {
		return "", badRequest("no scenario given")
	}
	for _, in := range scenarios.List() {
		if in.Name == ref {
			return ref, nil
		}
	}
	if strings.ContainsAny(ref, `/\`) || strings.Contains(ref, "..") || filepath.IsAbs(ref) || filepath.VolumeName(ref) != "" {
		return "", &requestError{status: statusForbidden, msg: fmt.Sprintf("scenario %q: the studio reads only shipped scenarios and the files of its folder, by name", ref)}
	}
	if slices.Contains(s.folderFiles(), ref) {
		return filepath.Join(s.opts.Folder, ref), nil
	}
	var names []string
	for _, e := range s.Scenarios() {
		names = append(names, e.Ref)
	}
	return "", &requestError{status: statusNotFound, msg: fmt.Sprintf("no scenario %q: the studio offers %s", ref, strings.Join(names, ", "))}
}

// load loads a scenario reference with overrides; a scenario error is the
// request's fault (400).
func (s *Server) load(ref string, overrides []string) (*scenarios.Scenario, error) {
	path, err := s.resolveRef(ref)
	if err != nil {
		return nil, err
	}
	cacheable := path == ref && len(overrides) == 0
	if cacheable {
		if sc, ok := s.shipped.Load(ref); ok {
			return sc.(*scenarios.Scenario), nil
		}
	}
	if path != ref {
		if err := s.checkChain(path); err != nil {
			return nil, err
		}
	}
	sc, err := scenarios.Load(path, overrides)
	if cacheable && err == nil {
		s.shipped.Store(ref, sc)
	}
	if err != nil {
		return nil, badRequest("%v", err)
	}
	return sc, nil
}

// checkChain follows the extends chain of a folder file before it is
// loaded: every file must lie in the folder (symbolic links resolved), be
// a regular file of at most MaxFileBytes, and name its base as a shipped
// scenario or a .toml path. So --dir reads nothing outside the folder,
// and no message quotes a file from elsewhere.
func (s *Server) checkChain(path string) error {
	outside := func(file, ext string) error {
		return &requestError{status: statusForbidden, msg: fmt.Sprintf("scenario %s: extends %q: the studio reads nothing outside its folder %s (copy the base into the folder)", filepath.Base(file), ext, s.opts.Folder)}
	}
	for range 32 {
		st, err := os.Lstat(path)
		if err != nil || !st.Mode().IsRegular() {
			return badRequest("scenario %s: not a regular file of the folder", filepath.Base(path))
		}
		if st.Size() > MaxFileBytes {
			return &requestError{status: statusTooLarge, msg: fmt.Sprintf("scenario %s: %d bytes, over the studio's %d KB a file; use digisim run", filepath.Base(path), st.Size(), MaxFileBytes>>10)}
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return badRequest("scenario %s: cannot read it", filepath.Base(path))
		}
		if d := nesting(data); d > MaxNesting {
			return &requestError{status: statusUnprocessable, msg: fmt.Sprintf("scenario %s: arrays or inline tables nested %d deep, beyond the studio's %d; use digisim run", filepath.Base(path), d, MaxNesting)}
		}
		var head struct{ Extends any }
		if _, err := toml.Decode(string(data), &head); err != nil {
			return nil // scenarios.Load names the syntax error in the user's own file
		}
		ext, ok := head.Extends.(string)
		if !ok || !(strings.HasSuffix(ext, ".toml") || strings.ContainsAny(ext, `/\`)) {
			return nil // no base, or a shipped one (Load checks the rest)
		}
		next := ext
		if !filepath.IsAbs(next) {
			next = filepath.Join(filepath.Dir(path), next)
		}
		resolved, err := filepath.EvalSymlinks(next)
		if err != nil {
			if rel, rerr := filepath.Rel(s.opts.Folder, filepath.Clean(next)); rerr != nil || !filepath.IsLocal(rel) {
				return outside(path, ext)
			}
			return nil // missing inside the folder: Load says so
		}
		if rel, err := filepath.Rel(s.opts.Folder, resolved); err != nil || !filepath.IsLocal(rel) {
			return outside(path, ext)
		}
		path = resolved
	}
	return nil // a cycle: Load names it
}

// nesting is the deepest nesting of [ and { in TOML text, outside
// strings and comments (a table header [a.b] or [[a]] counts as one or
// two, harmlessly).
func nesting(data []byte) int {
	depth, deepest := 0, 0
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
		case '"', '\'':
			quote := string(data[i : i+1])
			if i+2 < len(data) && data[i+1] == c && data[i+2] == c {
				quote = strings.Repeat(quote, 3)
			}
			i += len(quote)
			for i < len(data) && !strings.HasPrefix(string(data[i:min(i+3, len(data))]), quote) {
				if c == '"' && data[i] == '\\' {
					i++
				}
				i++
			}
			i += len(quote) - 1
		case '[', '{':
			depth++
			deepest = max(deepest, depth)
		case ']', '}':
			depth--
		}
	}
	return deepest
}
