package table

import "bufio"

// lines is the buffered, sticky-error line sink under the tidy and wide
// writers: after the first write error every call returns it.
type lines struct {
	w   *bufio.Writer
	n   int64 // rows written
	err error
}

// line writes one complete row and counts it.
func (l *lines) line(b []byte) error {
	if _, err := l.w.Write(b); err != nil {
		l.err = err
		return err
	}
	l.n++
	return nil
}

// Rows returns the number of rows written so far.
func (l *lines) Rows() int64 { return l.n }

// Flush writes any buffered data to the underlying writer.
func (l *lines) Flush() error {
	if l.err != nil {
		return l.err
	}
	if err := l.w.Flush(); err != nil {
		l.err = err
		return err
	}
	return nil
}
