package scenarios

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/digisim/digisim/internal/suggest"
)

// Error is one problem in an input file (a scenario, an experiment or a
// data file): where it is (file, line, column when known), which key, the
// offending value, and why or how to fix it. It prints as
//
//	asean.toml:41:9: members.KH.capacity.payments: 1.4 is outside [0, 1]
//
// or, for a cell of a data file (Cell set, Key its column),
//
//	history.csv:12:18: year "2015.5": want a whole calendar year
//
// File is "--set" for an override given on the command line. It is the one
// error type of the scenario, experiment (scenarios/experiments) and data
// (scenarios/observed) files; problems with sim.Params found by
// sim.Params.Validate are mapped to it with the position of their key.
type Error struct {
	File      string
	Line, Col int // 1-based; 0 when unknown
	Key       string
	Value     string // as the user would write it; empty when there is none
	Reason    string

	// Cell marks a data file's cell: Key names its column and Value is
	// printed quoted after it, even when empty.
	Cell bool
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
			if e.Col > 0 {
				fmt.Fprintf(&b, ":%d", e.Col)
			}
		}
		b.WriteString(": ")
	}
	switch {
	case e.Cell:
		if e.Key != "" {
			v := e.Value
			binary := !utf8.ValidString(v) || strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 && r != '\t' })
			if binary && len(v) > 8 {
				fmt.Fprintf(&b, "%s of %d bytes of binary data (starting %q): ", e.Key, len(v), v[:8])
			} else if len(v) > 60 {
				fmt.Fprintf(&b, "%s %q... (%d bytes): ", e.Key, v[:48], len(v))
			} else {
				fmt.Fprintf(&b, "%s %q: ", e.Key, v)
			}
		}
	default:
		if e.Key != "" {
			b.WriteString(e.Key)
			b.WriteString(": ")
		}
		if e.Value != "" {
			b.WriteString(e.Value)
			b.WriteString(" ")
		}
	}
	b.WriteString(e.Reason)
	return b.String()
}

// sortErrors orders problems by file, line and column (problems without a
// position keep their order, after those with one) and joins them.
func sortErrors(errs []*Error) error {
	if len(errs) == 0 {
		return nil
	}
	sort.SliceStable(errs, func(a, b int) bool {
		ea, eb := errs[a], errs[b]
		if (ea.Line > 0) != (eb.Line > 0) {
			return ea.Line > 0
		}
		if ea.File != eb.File {
			return ea.File < eb.File
		}
		if ea.Line != eb.Line {
			return ea.Line < eb.Line
		}
		return ea.Col < eb.Col
	})
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return errors.Join(out...)
}

// formatValue writes a decoded TOML value the way a user would write it.
func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return formatFloat(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case string:
		if len(x) > 60 {
			return strconv.Quote(x[:57]) + "..."
		}
		return strconv.Quote(x)
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatValue(e)
		}
		s := "[" + strings.Join(parts, ", ") + "]"
		if len(s) > 60 {
			s = s[:57] + "..."
		}
		return s
	case map[string]any:
		return "{...}"
	case []map[string]any:
		return "[{...}]"
	}
	return fmt.Sprint(v)
}

func formatFloat(x float64) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// typeName names the TOML type of a decoded value.
func typeName(v any) string {
	switch v.(type) {
	case float64:
		return "a float"
	case int64:
		return "an integer"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	case []map[string]any:
		return "an array of tables"
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("a %T", v)
}

func didYouMean(word string, candidates []string) string {
	return suggest.DidYouMean(word, candidates)
}

func nearest(word string, candidates []string, n int) []string {
	return suggest.Ranked(word, candidates, n)
}

// quoteList renders candidates as "a", "b", "c".
func quoteList(c []string) string {
	q := make([]string, len(c))
	for i, s := range c {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// renderPath joins path elements with dots, writing array indices as [n]
// and event names as [name].
func renderPath(path []string) string {
	var b strings.Builder
	for i, p := range path {
		if i > 0 && (isIndex(p) || path[i-1] == "events") {
			b.WriteString("[" + p + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

func isIndex(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// eventPattern is an event name, or a pattern of names with * and ?.
var eventPattern = regexp.MustCompile(`^[A-Za-z0-9_*?-]+$`)

// splitPath parses a dotted path such as members.KH.capacity.payments or
// events[0].spend (also events.0.spend, events[*].spend, and by name
// events[covid-2022-ecommerce].spend or events[covid-*-ecommerce].fade)
// into its elements.
func splitPath(s string) ([]string, error) {
	var out []string
	cur, afterIndex := "", false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '.':
			if cur == "" && !afterIndex {
				return nil, fmt.Errorf("empty element in key %q", s)
			}
			if cur != "" {
				out = append(out, cur)
			}
			cur, afterIndex = "", false
		case '[':
			end := strings.IndexByte(s[i:], ']')
			if end < 0 || cur == "" && !afterIndex {
				return nil, fmt.Errorf("bad index in key %q: want name[n]", s)
			}
			idx := s[i+1 : i+end]
			if !isIndex(idx) && idx != "*" && !(cur == "events" && eventPattern.MatchString(idx)) {
				return nil, fmt.Errorf("bad index [%s] in key %q: want a number, *, or an event name (a pattern with * and ?)", idx, s)
			}
			if cur != "" {
				out = append(out, cur)
			}
			out = append(out, idx)
			cur, afterIndex = "", true
			i += end
		default:
			if afterIndex {
				return nil, fmt.Errorf("want . after ] in key %q", s)
			}
			cur += string(c)
		}
	}
	if cur == "" && !afterIndex {
		return nil, fmt.Errorf("empty element in key %q", s)
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out, nil
}
