package table

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// bufSize is the buffer between the CSV writers and their destination.
const bufSize = 64 << 10

// appendField appends s as one CSV field, quoted exactly when
// encoding/csv's Writer would quote it, so files read back with any CSV
// reader.
func appendField(buf []byte, s string) []byte {
	if !fieldNeedsQuotes(s) {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		buf = append(buf, s[:i+1]...)
		buf = append(buf, '"')
		s = s[i+1:]
	}
	buf = append(buf, s...)
	return append(buf, '"')
}

// fieldNeedsQuotes follows encoding/csv's rule for a comma separator.
func fieldNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` || strings.ContainsAny(s, "\",\r\n") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// appendValue formats a value: the shortest decimal that parses back to
// the same float64, in %g style (exponent for large and small numbers).
func appendValue(buf []byte, v float64) []byte {
	return strconv.AppendFloat(buf, v, 'g', -1, 64)
}

// appendTime formats a time in years: plain decimal, never an exponent,
// with as many digits as needed to parse back to the same float64.
func appendTime(buf []byte, t float64) []byte {
	return strconv.AppendFloat(buf, t, 'f', -1, 64)
}

// parseFloat parses a field written by appendValue or appendTime, with a
// message that names the text rather than strconv's function.
func parseFloat(s string) (float64, error) {
	if s == "" {
		return 0, fmt.Errorf("empty, want a number")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, fmt.Errorf("%q is outside the float64 range", s)
		}
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
