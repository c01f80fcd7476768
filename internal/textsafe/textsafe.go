// Package textsafe keeps text from the user's files and command lines
// from acting on a terminal or a file listing: control characters (C0,
// DEL, C1: ESC starts a terminal escape sequence, U+009B is its one-byte
// form) and the bidirectional controls (U+202E shows what follows it
// reversed) are refused in names and escaped in messages, and an
// offending value is quoted only by a short prefix.
package textsafe

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Unsafe reports whether r must not appear raw in a name or a message:
// C0 and C1 controls, DEL, and the bidirectional formatting characters.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == utf8.RuneError:
		return true
	}
	return false
}

// Problem says why s cannot be a name, naming the first unsafe character
// and where it is, or returns "".
func Problem(s string) string {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return fmt.Sprintf("holds a byte that is not UTF-8 (0x%02x at byte %d)", s[i], i)
			}
		}
		if Unsafe(r) {
			return fmt.Sprintf("holds the control character %s at byte %d", name(r), i)
		}
	}
	return ""
}

func name(r rune) string {
	switch r {
	case '\n':
		return `U+000A (line break, \n)`
	case '\r':
		return `U+000D (carriage return, \r)`
	case '\t':
		return `U+0009 (tab, \t)`
	case 0x1b:
		return "U+001B (escape)"
	case 0x202e:
		return "U+202E (right-to-left override)"
	}
	return fmt.Sprintf("U+%04X", r)
}

// Escape returns s with every unsafe character written as a Go escape
// (\x1b, \u202e), for text printed unquoted (a description).
func Escape(s string) string {
	if !strings.ContainsFunc(s, Unsafe) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				fmt.Fprintf(&b, `\x%02x`, s[i])
				continue
			}
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case Unsafe(r) && r <= 0x9f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case Unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Terminal is Escape keeping line breaks and tabs: for a whole message
// of several lines, written to a terminal.
func Terminal(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return Unsafe(r) && r != '\n' && r != '\t' }) {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		parts := strings.Split(l, "\t")
		for j, p := range parts {
			parts[j] = Escape(p)
		}
		lines[i] = strings.Join(parts, "\t")
	}
	return strings.Join(lines, "\n")
}

// MaxQuote is the most bytes of an offending value a message quotes.
const MaxQuote = 60

// Quote quotes s for a message as strconv.Quote does (every unsafe
// character escaped), cut to its first MaxQuote bytes (on a character
// boundary) and followed by its length when cut.
func Quote(s string) string { return QuoteN(s, MaxQuote) }

// MaxPath is the most bytes of a file path a message quotes (Linux's
// PATH_MAX): a path is quoted whole, unless it is not one.
const MaxPath = 4096

// QuotePath quotes a file path for a message, cut to MaxPath bytes.
func QuotePath(s string) string { return QuoteN(s, MaxPath) }

// QuoteN is Quote cut to n bytes.
func QuoteN(s string, n int) string {
	if len(s) <= n {
		return strconv.Quote(s)
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s... (%d bytes)", strconv.Quote(s[:cut]), len(s))
}
