// Package tomlbound bounds TOML input before it is parsed: the TOML
// decoder recurses once per level of nesting (3 million nested "[" end
// the process with a stack overflow) and takes time quadratic in the
// parts of a dotted key (10,000 take 13 s), so a file's size and nesting
// depth are checked by a scan that costs one pass and no recursion.
package tomlbound

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// MaxBytes bounds a scenario, experiment or recipe file: 8 MiB. A
// scenario of 3,000 member states takes 1.1 MB; a file above the bound is
// generated, not written, and can be split along an extends chain (each
// file of the chain is bounded by itself).
const MaxBytes = 8 << 20

// MaxDepth bounds the nesting of tables, arrays and dotted keys: a
// scenario needs 4 levels (members.vn.capacity.payments), an experiment 3.
const MaxDepth = 32

// LimitError says which bound a file exceeds and where.
type LimitError struct {
	Line, Col int // 1-based position of the first level too deep; 0 for size
	Size      int64
	Depth     int
}

func (e *LimitError) Error() string {
	if e.Depth > 0 {
		return fmt.Sprintf("nested more than %d levels deep (tables, arrays, inline tables and the parts of dotted keys "+
			"inside one another; a scenario needs 4): flatten the structure", MaxDepth)
	}
	return fmt.Sprintf("%s, larger than the %s a scenario, experiment or recipe file may hold "+
		"(3,000 member states take 1.1 MB); split a generated file along an extends chain, each file under the bound",
		Size(e.Size), Size(MaxBytes))
}

// Size writes a byte count for people: 512 bytes, 1.1 MB, 8 MiB.
func Size(n int64) string {
	switch {
	case n == MaxBytes:
		return "8 MiB"
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1e6:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	case n < 1e9:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f GB", float64(n)/1e9)
}

// ReadFile reads a file of at most MaxBytes, refusing a larger one
// before reading it (and a growing one, or a device, after MaxBytes+1).
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > MaxBytes {
		return nil, &LimitError{Size: st.Size()}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxBytes {
		return nil, &LimitError{Size: int64(len(data))}
	}
	return data, nil
}

// Check checks data's size and nesting depth. It does not validate the
// TOML: malformed input within the bounds is left to the decoder.
func Check(data []byte) error {
	if len(data) > MaxBytes {
		return &LimitError{Size: int64(len(data))}
	}
	return checkDepthAt(data, MaxDepth)
}

// checkDepthAt scans data once, skipping strings and comments, and
// tracks the depth of what is being read as the decoder will nest it:
// every table, array and inline table, and every part of a dotted key
// but the last, is one level; a document's keys are at depth 0.
func checkDepthAt(data []byte, max int) error {
	type frame struct {
		kind  byte // '[' array, '{' inline table, 'h' table header
		depth int  // the container's own depth
	}
	var open []frame
	table := 0     // the depth of the current [table]: its header's parts (+1 for [[...]])
	inKey := false // reading a key (before '=', or in a header)
	lineStart := true
	dots := 0 // the dots of the key being read
	line, lineAt := 1, 0
	// ctx is the depth at which the current keys (or array elements) live.
	ctx := func() int {
		if len(open) == 0 {
			return table
		}
		return open[len(open)-1].depth
	}
	valueAt := 0 // where a value opened now is nested: set by '='
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == '\n' {
			line, lineAt = line+1, i+1
			if len(open) == 0 || open[len(open)-1].kind == 'h' {
				open = open[:0]
				lineStart, inKey, dots = true, false, 0
			}
			continue
		}
		if c == ' ' || c == '\t' || c == '\r' {
			continue
		}
		if c == '#' {
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
			continue
		}
		if lineStart {
			lineStart = false
			inKey, dots = true, 0
			if c == '[' {
				kind, t := byte('h'), 1
				if i+1 < len(data) && data[i+1] == '[' { // [[array of tables]]: one level more
					i++
					t = 2
				}
				open = append(open, frame{kind, 0})
				table = t
				continue
			}
		}
		d := 0
		switch c {
		case '"', '\'':
			j, nl := skipString(data, i)
			if nl > 0 {
				line += nl
				lineAt = bytes.LastIndexByte(data[:j+1], '\n') + 1
			}
			i = j
			continue
		case '.':
			if inKey {
				dots++
				d = ctx() + dots
				if len(open) > 0 && open[len(open)-1].kind == 'h' {
					d = table + dots
				}
			}
		case '=':
			valueAt = ctx() + dots
			inKey, dots = false, 0
		case ',':
			if len(open) > 0 && open[len(open)-1].kind == '{' {
				inKey, dots = true, 0
			}
		case '[', '{':
			at := valueAt
			if len(open) > 0 && open[len(open)-1].kind == '[' {
				at = open[len(open)-1].depth // an array's element
			}
			d = at + 1
			open = append(open, frame{c, d})
			if c == '{' {
				inKey, dots = true, 0
			}
		case ']', '}':
			if len(open) > 0 {
				if open[len(open)-1].kind == 'h' {
					table += dots
					dots = 0
				}
				open = open[:len(open)-1]
			}
			inKey = false
			if len(open) > 0 {
				inKey = open[len(open)-1].kind == 'h' // a stray bracket in a header
			}
		}
		if d > max {
			return &LimitError{Line: line, Col: i - lineAt + 1, Depth: d}
		}
	}
	return nil
}

// skipString returns the index of the last byte of the string starting at
// data[i] (basic or literal, single- or multi-line) and the line breaks it
// holds. An unterminated string runs to the end of its line (single-line)
// or of the data: the decoder reports it.
func skipString(data []byte, i int) (end, lines int) {
	q := data[i]
	multi := i+2 < len(data) && data[i+1] == q && data[i+2] == q
	if multi {
		i += 2
	}
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			if q == '"' {
				if j+1 < len(data) && data[j+1] == '\n' {
					lines++
				}
				j++
			}
		case '\n':
			if !multi {
				return j - 1, lines
			}
			lines++
		case q:
			if !multi {
				return j, lines
			}
			if j+2 < len(data) && data[j+1] == q && data[j+2] == q {
				// Up to two more quotes may close a multi-line string.
				j += 2
				for k := 0; k < 2 && j+1 < len(data) && data[j+1] == q; k++ {
					j++
				}
				return j, lines
			}
		}
	}
	return len(data) - 1, lines
}

// Is reports whether err is a bound exceeded.
func Is(err error) bool {
	var le *LimitError
	return errors.As(err, &le)
}
