// Package usage marks errors in how a command was called (a bad flag value,
// a missing argument), so that the command line can exit with status 2 for
// them and 1 for failures, whichever library package found the mistake.
package usage

import "fmt"

// Error is a mistake in how a command was called.
type Error struct {
	Msg   string
	cause error // what Errorf's %w verbs wrapped, for errors.Is and As
}

func (e *Error) Error() string { return e.Msg }

// Unwrap returns the errors that Errorf's %w verbs wrapped.
func (e *Error) Unwrap() []error {
	switch c := e.cause.(type) {
	case interface{ Unwrap() error }:
		return []error{c.Unwrap()}
	case interface{ Unwrap() []error }:
		return c.Unwrap()
	}
	return nil
}

// Errorf returns an *Error with a message formatted as fmt.Errorf formats
// it, wrapping the operands of its %w verbs.
func Errorf(format string, args ...any) error {
	c := fmt.Errorf(format, args...)
	return &Error{Msg: c.Error(), cause: c}
}
