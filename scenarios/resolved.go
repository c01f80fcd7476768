package scenarios

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/digisim/digisim/sim"
)

// Resolved returns the canonical JSON of the scenario's resolved
// parameters: the keys of the TOML schema, in schema order, members and
// segments in scenario order, every default expanded, no comments, no
// name or description. Its SHA-256 (Hash) identifies the parameters a run
// used. Shocks, which belong to one stochastic run, are not part of it.
func (sc *Scenario) Resolved() ([]byte, error) {
	return Resolved(sc.Params)
}

// Hash is the hex SHA-256 of Resolved.
func (sc *Scenario) Hash() (string, error) {
	b, err := sc.Resolved()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// Resolved is Scenario.Resolved for any sim.Params.
func Resolved(p *sim.Params) ([]byte, error) {
	var buf bytes.Buffer
	w := &jsonWriter{buf: &buf, p: p, idsOf: paramIDs(p)}
	w.node(schema, nil, nil)
	if w.err != nil {
		return nil, w.err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, buf.Bytes(), "", "  "); err != nil {
		return nil, fmt.Errorf("scenarios: resolved JSON: %v", err)
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

type jsonWriter struct {
	buf   *bytes.Buffer
	p     *sim.Params
	idsOf func(idKind) []string
	err   error
}

func (w *jsonWriter) float(path []string, x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		if w.err == nil {
			w.err = fmt.Errorf("scenarios: resolved JSON: %s is %s, not a finite number", renderPath(path), formatFloat(x))
		}
		w.buf.WriteString("null")
		return
	}
	w.buf.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
}

func (w *jsonWriter) str(s string) {
	b, _ := json.Marshal(s)
	w.buf.Write(b)
}

func (w *jsonWriter) node(n *node, path []string, ix []int) {
	p := w.p
	switch n.kind {
	case kTable:
		w.buf.WriteByte('{')
		first := true
		for _, f := range n.fields {
			if f.n.fileOnly || f.n.v2 && p.Model != sim.V2 {
				continue // v1's resolved JSON, and so its hash, is as before v2
			}
			if f.n.unset != nil && f.n.unset(p) {
				continue // a later optional key at its default: the hash is as before it
			}
			if !first {
				w.buf.WriteByte(',')
			}
			first = false
			w.str(f.key)
			w.buf.WriteByte(':')
			w.node(f.n, extend(path, f.key), ix)
		}
		w.buf.WriteByte('}')
	case kIDs:
		w.buf.WriteByte('{')
		for i, id := range w.idsOf(n.ids) {
			if i > 0 {
				w.buf.WriteByte(',')
			}
			w.str(id)
			w.buf.WriteByte(':')
			w.node(n.elem, extend(path, id), extendIx(ix, i))
		}
		w.buf.WriteByte('}')
	case kEvents:
		w.buf.WriteByte('[')
		for j := range p.Events {
			if j > 0 {
				w.buf.WriteByte(',')
			}
			w.node(n.elem, extend(path, strconv.Itoa(j)), []int{j})
		}
		w.buf.WriteByte(']')
	case kNumber:
		w.float(path, *n.num(p, ix))
	case kString:
		if n.version {
			w.str(p.Model.String())
			return
		}
		w.str(*n.str(p, ix))
	case kStrings:
		var list []string
		switch {
		case len(ix) == 0:
			list = p.Pillars
		default:
			all := w.idsOf(n.ids)
			var idx []int
			if n.ids == idMember {
				idx = p.Events[ix[0]].Members
			} else {
				idx = p.Events[ix[0]].Segments
			}
			for _, i := range idx {
				if i >= 0 && i < len(all) {
					list = append(list, all[i])
				}
			}
		}
		w.buf.WriteByte('[')
		for i, s := range list {
			if i > 0 {
				w.buf.WriteByte(',')
			}
			w.str(s)
		}
		w.buf.WriteByte(']')
	case kSchedule:
		w.buf.WriteByte('[')
		k := ix[len(ix)-1]
		for j, pt := range p.Policy.Coordination[k] {
			if j > 0 {
				w.buf.WriteByte(',')
			}
			w.buf.WriteByte('[')
			w.float(path, pt.Year)
			w.buf.WriteByte(',')
			w.float(path, pt.Level)
			w.buf.WriteByte(']')
		}
		w.buf.WriteByte(']')
	}
}

// Describe writes what "digisim validate" prints for a loaded scenario:
// name, description, source files, overrides, sizes, base-year users and
// GMV by segment, and the parameter hash; with resolved set, also the
// canonical JSON of Resolved.
func Describe(w io.Writer, sc *Scenario) error {
	p := sc.Params
	js, err := sc.Resolved()
	if err != nil {
		return err
	}
	sum := sha256.Sum256(js)
	var b strings.Builder
	fmt.Fprintf(&b, "scenario   %s: valid\n", sc.Name)
	if sc.Description != "" {
		fmt.Fprintf(&b, "about      %s\n", sc.Description)
	}
	fmt.Fprintf(&b, "sources    %s\n", strings.Join(sc.Sources, " <- "))
	for _, o := range sc.Overrides {
		fmt.Fprintf(&b, "override   %s\n", o)
	}
	fmt.Fprintf(&b, "model      %s\n", p.Model)
	fmt.Fprintf(&b, "size       %d members, %d segments, %d pillars, %d events\n", len(p.Members), len(p.Segments), len(p.Pillars), len(p.Events))
	fmt.Fprintf(&b, "time       %s to %s, dt %.6g, output every %.6g years\n", formatFloat(p.Time.Start), formatFloat(p.Time.End), p.Time.Step, p.Time.OutputStep)
	fmt.Fprintf(&b, "base year  %-26s %14s %14s\n", "segment", "users (M)", "GMV (bn USD)")
	var tu, tg float64
	for s, sg := range p.Segments {
		var u, g float64
		for _, m := range p.Members {
			u += m.Users[s]
			g += m.GMVUSD[s]
		}
		tu += u
		tg += g
		fmt.Fprintf(&b, "           %-26s %14.3f %14.3f\n", sg.ID, u/1e6, g/1e9)
	}
	fmt.Fprintf(&b, "           %-26s %14.3f %14.3f\n", "total", tu/1e6, tg/1e9)
	fmt.Fprintf(&b, "sha256     %s\n", hex.EncodeToString(sum[:]))
	_, err = io.WriteString(w, b.String())
	return err
}
