package table

import (
	"fmt"
	"strings"
)

// ParseError reports a malformed table: where it is and what is wrong.
// Its message reads like a compiler's, "series.csv:12:31: value: "x" is
// not a number", so editors can jump to it.
type ParseError struct {
	File   string // the file name as given to the reader
	Line   int    // 1-based line; 0 when not known
	Column int    // 1-based byte column of the field; 0 for the whole line
	Field  string // column name, e.g. "value"; "" for the whole line
	Err    error
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }
