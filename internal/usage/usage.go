// Package usage marks errors in how a command was called (a bad flag value,
// a missing argument), so that the command line can exit with status 2 for
// them and 1 for failures, whichever library package found the mistake.
package usage

import "fmt"

// Error is a mistake in how a command was called.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

// Errorf returns an *Error with a formatted message.
func Errorf(format string, args ...any) error {
	return &Error{fmt.Sprintf(format, args...)}
}
