package scenarios

import (
	"maps"
	"slices"
	"sync"
)

// shippedParsed holds each shipped file decoded once per process. A
// shipped file is embedded in the binary, so its text cannot change; a
// file on disk or in memory (LoadBytes) is decoded afresh on every load,
// so an edit is always seen. A chain is read on every load, and the
// studio loads one on every slider move: decoding the shipped base
// (asean-2018.toml, 27 KB) again each time was a third of a move's work
// in the exported studio (docs/studio.md).
var shippedParsed sync.Map // source id -> parsed

// parseSource is parseFile, from shippedParsed for a shipped file. Every
// load gets its own copy of the decoded tables, which resolution changes
// in place (merge, --set into an event's table, drop_members), so no load
// sees another's changes.
func parseSource(src source) (parsed, *Error) {
	if !src.embedded {
		return parseFile(src)
	}
	if pf, ok := shippedParsed.Load(src.id); ok {
		return pf.(parsed).clone(), nil
	}
	pf, err := parseFile(src)
	if err != nil {
		return pf, err
	}
	shippedParsed.Store(src.id, pf)
	return pf.clone(), nil
}

// clone copies a decoded file deeply enough that nothing a load changes
// is shared: the tables and arrays of its root (down to every value),
// its key list and positions.
func (pf parsed) clone() parsed {
	pf.root = cloneValue(pf.root).(map[string]any)
	pf.keys = slices.Clone(pf.keys)
	pf.pos = maps.Clone(pf.pos)
	return pf
}

// cloneValue deep-copies a value as the TOML decoder makes them: tables,
// arrays of tables and arrays; anything else (numbers, strings, booleans,
// dates) is a value and is returned as it is.
func cloneValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = cloneValue(e)
		}
		return out
	case []map[string]any:
		out := make([]map[string]any, len(x))
		for i, e := range x {
			out[i] = cloneValue(e).(map[string]any)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneValue(e)
		}
		return out
	}
	return v
}
