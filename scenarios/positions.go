package scenarios

import "strconv"

// pos is a 1-based line and column in a file.
type pos struct{ Line, Col int }

// keyPositions returns where every key and table header of a TOML document
// starts, by rendered dotted path (events[0].name for arrays of tables).
// The TOML decoder keeps key positions to itself, so this small scanner
// finds them; it is run only on documents the decoder accepted, and it
// never panics or loops on any input.
func keyPositions(src []byte) map[string]pos {
	s := &scanner{src: src, line: 1, col: 1, out: map[string]pos{}, arrays: map[string]int{}}
	s.document()
	return s.out
}

type scanner struct {
	src       []byte
	i         int
	line, col int
	out       map[string]pos
	arrays    map[string]int // array-of-tables path -> number of elements so far
	depth     int            // nesting of arrays and inline tables
}

func (s *scanner) eof() bool { return s.i >= len(s.src) }

func (s *scanner) peek(off int) byte {
	if s.i+off < len(s.src) {
		return s.src[s.i+off]
	}
	return 0
}

func (s *scanner) next() {
	if s.eof() {
		return
	}
	if s.src[s.i] == '\n' {
		s.line++
		s.col = 1
	} else {
		s.col++
	}
	s.i++
}

func (s *scanner) here() pos { return pos{s.line, s.col} }

func (s *scanner) record(path []string, p pos) {
	k := renderPath(path)
	if _, ok := s.out[k]; !ok {
		s.out[k] = p
	}
}

// skipSpace skips blanks, and newlines and comments when nl is set.
func (s *scanner) skipSpace(nl bool) {
	for !s.eof() {
		switch c := s.peek(0); {
		case c == ' ' || c == '\t' || c == '\r':
			s.next()
		case c == '\n' && nl:
			s.next()
		case c == '#':
			for !s.eof() && s.peek(0) != '\n' {
				s.next()
			}
		default:
			return
		}
	}
}

func (s *scanner) document() {
	var prefix []string
	for !s.eof() {
		start := s.i
		s.skipSpace(true)
		if s.eof() {
			return
		}
		if s.peek(0) == '[' {
			array := s.peek(1) == '['
			p := s.here()
			s.next()
			if array {
				s.next()
			}
			keys := s.key()
			prefix = prefix[:0:0]
			for j, k := range keys {
				prefix = append(prefix, k)
				r := renderPath(prefix)
				n, isArr := s.arrays[r]
				if j == len(keys)-1 && array {
					s.arrays[r] = n + 1
					prefix = append(prefix, strconv.Itoa(n))
				} else if isArr {
					prefix = append(prefix, strconv.Itoa(max(n-1, 0)))
				}
			}
			s.record(prefix, p)
			s.toEOL()
		} else {
			p := s.here()
			keys := s.key()
			path := append(append([]string(nil), prefix...), keys...)
			s.record(path, p)
			s.skipSpace(false)
			if s.peek(0) == '=' {
				s.next()
				s.value(path)
			}
			s.toEOL()
		}
		if s.i == start {
			s.next() // guarantee progress on input the decoder would refuse
		}
	}
}

// toEOL skips the rest of the line.
func (s *scanner) toEOL() {
	for !s.eof() && s.peek(0) != '\n' {
		s.next()
	}
}

// key reads a dotted key: bare or quoted parts separated by dots.
func (s *scanner) key() []string {
	var parts []string
	for {
		s.skipSpace(false)
		switch c := s.peek(0); {
		case c == '"' || c == '\'':
			parts = append(parts, s.str())
		default:
			st := s.i
			for !s.eof() {
				c := s.peek(0)
				if c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
					s.next()
					continue
				}
				break
			}
			parts = append(parts, string(s.src[st:s.i]))
		}
		s.skipSpace(false)
		if s.peek(0) != '.' {
			return parts
		}
		s.next()
	}
}

// str reads a string of any of the four kinds and returns its raw content
// (escapes are kept as written: good enough for keys).
func (s *scanner) str() string {
	q := s.peek(0)
	if s.peek(1) == q && s.peek(2) == q {
		s.next()
		s.next()
		s.next()
		st := s.i
		for !s.eof() {
			if q == '"' && s.peek(0) == '\\' {
				s.next()
				s.next()
				continue
			}
			if s.peek(0) == q && s.peek(1) == q && s.peek(2) == q {
				v := string(s.src[st:s.i])
				s.next()
				s.next()
				s.next()
				for !s.eof() && s.peek(0) == q { // up to two more quotes belong to the content
					s.next()
				}
				return v
			}
			s.next()
		}
		return string(s.src[st:])
	}
	s.next()
	st := s.i
	for !s.eof() && s.peek(0) != '\n' {
		if q == '"' && s.peek(0) == '\\' {
			s.next()
			s.next()
			continue
		}
		if s.peek(0) == q {
			v := string(s.src[st:s.i])
			s.next()
			return v
		}
		s.next()
	}
	return string(s.src[st:s.i])
}

// value skips one value, recording the keys of inline tables and the
// elements of arrays under path.
func (s *scanner) value(path []string) {
	s.skipSpace(false)
	if s.depth > 64 { // deeper than any scenario: stop recording, stop recursing
		s.i = len(s.src)
		return
	}
	s.depth++
	defer func() { s.depth-- }()
	switch s.peek(0) {
	case '"', '\'':
		s.str()
	case '[':
		s.next()
		for n := 0; !s.eof(); n++ {
			s.skipSpace(true)
			if s.peek(0) == ']' {
				s.next()
				return
			}
			st := s.i
			el := append(append([]string(nil), path...), strconv.Itoa(n))
			s.record(el, s.here())
			s.value(el)
			s.skipSpace(true)
			if s.peek(0) == ',' {
				s.next()
			} else if s.i == st {
				s.next()
			}
		}
	case '{':
		s.next()
		for !s.eof() {
			s.skipSpace(false)
			if c := s.peek(0); c == '}' || c == '\n' {
				s.next()
				return
			}
			st := s.i
			p := s.here()
			keys := s.key()
			kp := append(append([]string(nil), path...), keys...)
			s.record(kp, p)
			s.skipSpace(false)
			if s.peek(0) == '=' {
				s.next()
				s.value(kp)
			}
			s.skipSpace(false)
			if s.peek(0) == ',' {
				s.next()
			} else if s.i == st {
				s.next()
			}
		}
	default:
		for !s.eof() {
			switch s.peek(0) {
			case ',', ']', '}', '\n', '#':
				return
			}
			s.next()
		}
	}
}

// KeyPositions returns the 1-based line and column of every key and table
// header of a TOML document, by dotted path (name[i] inside arrays of
// tables), so that other TOML files the project reads (experiment files)
// can point at the line of a mistake too.
func KeyPositions(src []byte) map[string][2]int {
	out := map[string][2]int{}
	for k, p := range keyPositions(src) {
		out[k] = [2]int{p.Line, p.Col}
	}
	return out
}
