package scenarios

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/digisim/digisim/internal/textsafe"
)

const setFile = "--set"

// parseSet splits "dotted.key=value" and parses value as a TOML value. A
// bare word that is not TOML (--set members.KH.name=Cambodia) is taken as
// a string.
func parseSet(s string) (key string, path []string, val any, err error) {
	if why := textsafe.Problem(s); why != "" {
		k, _, _ := strings.Cut(s, "=")
		if strings.ContainsAny(s, "\n\r") {
			return strings.TrimSpace(k), nil, nil, fmt.Errorf("%s %s: give each setting in a --set of its own", textsafe.Quote(s), why)
		}
		return strings.TrimSpace(k), nil, nil, fmt.Errorf("%s %s: retype it without the character", textsafe.Quote(s), why)
	}
	key, raw, ok := strings.Cut(s, "=")
	key = strings.TrimSpace(key)
	if !ok {
		return key, nil, nil, fmt.Errorf("%s: want key=value, e.g. policy.business_engagement=0.8", clipQuote(s))
	}
	if key == "" {
		return key, nil, nil, fmt.Errorf("%s: no key before \"=\": want key=value, e.g. policy.business_engagement=0.8", clipQuote(s))
	}
	if key == "extends" || key == "name" || key == "description" || key == "label" {
		return key, nil, nil, fmt.Errorf("cannot be set with --set, which changes parameters of the scenario given: to start from another scenario, give it instead (or write a file with extends = it)")
	}
	path, err = splitPath(key)
	if err != nil {
		return key, nil, nil, err
	}
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return key, nil, nil, fmt.Errorf("empty value: want %s=VALUE, e.g. %s=0.5", key, key)
	}
	switch strings.TrimLeft(strings.ToLower(raw), "+-") {
	case "nan", "inf", "infinity":
		return key, nil, nil, fmt.Errorf("%s is not a finite number: give a number inside the key's range", clipQuote(raw))
	}
	var m map[string]any
	if _, derr := toml.Decode("v = "+raw, &m); derr == nil {
		return key, path, m["v"], nil
	} else if strings.ContainsAny(raw[:1], `0123456789+-.[{"'`) || raw == "true" || raw == "false" {
		msg := derr.Error()
		if i := strings.Index(msg, "): "); i >= 0 && strings.HasPrefix(msg, "toml: ") {
			msg = msg[i+3:]
		}
		return key, path, nil, fmt.Errorf("value %s is not a number, string, boolean or array (%s)", clipQuote(raw), clipText(msg, maxKey))
	}
	return key, path, raw, nil
}

// clipQuote quotes s for a message, cut to a short prefix.
func clipQuote(s string) string { return textsafe.Quote(s) }

// applySet applies one override to the merged tables.
func (r *resolution) applySet(s string) *Error {
	key, path, val, err := parseSet(s)
	if err != nil {
		return &Error{File: setFile, Key: key, Reason: err.Error()}
	}
	targets, perr := r.expand(path)
	if perr != "" {
		return &Error{File: setFile, Key: key, Reason: perr}
	}
	if _, table := val.(map[string]any); table {
		// Replacing a whole table would blame its missing keys on the file.
		for _, t := range targets {
			var cur any = r.root
			for _, el := range t {
				if m, ok := cur.(map[string]any); ok {
					cur = m[el]
				} else {
					cur = nil
				}
			}
			if _, isTable := cur.(map[string]any); isTable {
				return &Error{File: setFile, Key: key, Reason: "a whole table cannot be given with --set: set its keys one by one, e.g. " + key + ".KEY=VALUE"}
			}
		}
	}
	for _, t := range targets {
		var cur any = r.root
		for _, el := range t[:len(t)-1] {
			cur = descend(cur, el)
		}
		if m, ok := cur.(map[string]any); ok {
			m[t[len(t)-1]] = val
		}
		// The key and everything under it now come from --set, not the
		// files: a message about an element of the new value names --set.
		at := renderPath(t)
		for k := range r.origins {
			if inside(k, at) {
				delete(r.origins, k)
			}
		}
		r.origins[at] = loc{file: setFile}
	}
	return nil
}

// descend returns the table or array under el of cur, creating a table
// where there is none (an override may add a key, such as one pillar's
// investment next to a default).
func descend(cur any, el string) any {
	switch c := cur.(type) {
	case map[string]any:
		switch c[el].(type) {
		case map[string]any, []map[string]any, []any:
		default:
			c[el] = map[string]any{}
		}
		return c[el]
	case []map[string]any:
		if j, err := strconv.Atoi(el); err == nil && j >= 0 && j < len(c) {
			return c[j]
		}
	case []any:
		if j, err := strconv.Atoi(el); err == nil && j >= 0 && j < len(c) {
			return c[j]
		}
	}
	return nil
}

// expand checks path against the schema and the scenario's ids and
// returns the concrete paths it stands for (wildcards expanded). The
// problem, if any, names the nearest valid keys.
func (r *resolution) expand(path []string) ([][]string, string) {
	pillars := stringsOf(r.root["pillars"])
	var events []map[string]any
	switch v := r.root["events"].(type) {
	case []map[string]any:
		events = v
	case []any:
		for _, e := range v {
			if m, ok := e.(map[string]any); ok {
				events = append(events, m)
			}
		}
	}
	idsOf := func(k idKind) []string {
		switch k {
		case idMember:
			return r.members
		case idSegment:
			return r.segments
		}
		return pillars
	}
	names := make([]string, len(events))
	for j, e := range events {
		names[j], _ = e["name"].(string)
	}
	return expandPath(schema, path, idsOf, names, true)
}

// expandPath walks path through the schema. It is shared by --set (file
// keys: "default" allowed, events addressed in the merged tables) and by
// Setter (sim.Params: numbers only).
//
// An event is addressed by its index, by * (every event), or by its name
// or a pattern of names (path.Match: covid-*-ecommerce); a pattern that
// matches no event stands for none, as * over no events does, while a name
// without * or ? must exist.
func expandPath(root *node, path []string, idsOf func(idKind) []string, events []string, fileKeys bool) ([][]string, string) {
	nEvents := len(events)
	outs := [][]string{nil}
	n := root
	for d, el := range path {
		here := renderPath(path[:d])
		switch n.kind {
		case kTable:
			f := n.field(el)
			if f != nil && !fileKeys && f.fileOnly {
				return nil, fmt.Sprintf("%q is not a numeric parameter (a key of the scenario file only): give the path of a number, e.g. policy.spillover", renderPath(path[:d+1]))
			}
			if f == nil {
				keys := n.keys()
				if len(keys) > 12 {
					keys = nearest(el, keys, 6)
				}
				return nil, fmt.Sprintf("no key %s%s; valid keys%s: %s", textsafe.Quote(el), didYouMean(el, n.keys()), under(here), quoteList(keys))
			}
			outs = appendAll(outs, el)
			n = f
		case kIDs:
			list := idsOf(n.ids)
			switch {
			case el == "*":
				var next [][]string
				for _, o := range outs {
					for _, id := range list {
						next = append(next, append(append([]string(nil), o...), id))
					}
				}
				outs = next
			case el == "default" && n.def:
				if !fileKeys {
					return nil, fmt.Sprintf("%q is a file key; after loading every %s has its own value: use %s.*", el, n.ids, here)
				}
				outs = appendAll(outs, el)
			case slices.Contains(list, el):
				outs = appendAll(outs, el)
			default:
				return nil, fmt.Sprintf("no %s %q%s; nearest: %s (or * for all)", n.ids, el, didYouMean(el, list), quoteList(nearest(el, list, 3)))
			}
			n = n.elem
		case kEvents:
			if el == "*" {
				var next [][]string
				for _, o := range outs {
					for j := range nEvents {
						next = append(next, append(append([]string(nil), o...), strconv.Itoa(j)))
					}
				}
				outs = next
			} else if j, err := strconv.Atoi(el); err == nil && j >= 0 && j < nEvents {
				outs = appendAll(outs, el)
			} else if js := matchEvents(el, events); err != nil && (len(js) > 0 || strings.ContainsAny(el, "*?")) {
				var next [][]string
				for _, o := range outs {
					for _, j := range js {
						next = append(next, append(append([]string(nil), o...), strconv.Itoa(j)))
					}
				}
				outs = next
			} else if err != nil {
				return nil, fmt.Sprintf("no event named %q%s; the events are %s (or address them as %s[0] to %s[%d], %s[*])", el, didYouMean(el, events), quoteList(events), here, here, nEvents-1, here)
			} else {
				return nil, fmt.Sprintf("no event %q: the scenario has %d events, addressed as %s[0] to %s[%d] (or %s[*])", el, nEvents, here, here, nEvents-1, here)
			}
			n = n.elem
		default:
			return nil, fmt.Sprintf("%s is %s, not a table: nothing under it", here, kindName(n.kind))
		}
	}
	if !fileKeys && n.kind != kNumber {
		return nil, fmt.Sprintf("%s is %s; only numbers can be set in a sweep", renderPath(path), kindName(n.kind))
	}
	return outs, ""
}

// matchEvents returns the indices of the events whose name matches pattern.
func matchEvents(pattern string, names []string) []int {
	var out []int
	for j, n := range names {
		if ok, _ := path.Match(pattern, n); ok && n != "" {
			out = append(out, j)
		}
	}
	return out
}

func under(p string) string {
	if p == "" {
		return ""
	}
	return " under " + p
}

func kindName(k kind) string {
	switch k {
	case kTable, kIDs:
		return "a table"
	case kNumber:
		return "a number"
	case kString:
		return "a string"
	case kStrings:
		return "a list of ids"
	case kSchedule:
		return "a schedule of [year, level] pairs"
	case kEvents:
		return "an array of tables"
	}
	return "a value"
}

func appendAll(outs [][]string, el string) [][]string {
	for i := range outs {
		outs[i] = append(outs[i], el)
	}
	return outs
}

func stringsOf(v any) []string {
	arr, _ := v.([]any)
	var out []string
	for _, e := range arr {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
