package usage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"testing"
)

func TestErrorfIsFoundThroughWrapping(t *testing.T) {
	err := fmt.Errorf("context: %w", Errorf("--tasks %d: want at least 1", 0))
	var u *Error
	if !errors.As(err, &u) {
		t.Fatalf("errors.As found no *Error in %v", err)
	}
	if got, want := u.Error(), "--tasks 0: want at least 1"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

func TestErrorfWrapsItsCause(t *testing.T) {
	cause := &os.PathError{Op: "stat", Path: "x", Err: fs.ErrPermission}
	err := Errorf("--dir %s: %w", "x", cause)
	if got, want := err.Error(), "--dir x: stat x: permission denied"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("errors.Is(%v, fs.ErrPermission) = false", err)
	}
	var pe *os.PathError
	if !errors.As(err, &pe) || pe != cause {
		t.Errorf("errors.As found %v, want the wrapped *os.PathError", pe)
	}
	two := Errorf("%w and %w", fs.ErrNotExist, fs.ErrClosed)
	if !errors.Is(two, fs.ErrNotExist) || !errors.Is(two, fs.ErrClosed) {
		t.Errorf("%v does not wrap both causes", two)
	}
	if plain := Errorf("--tasks %d", 0); len(plain.(*Error).Unwrap()) != 0 {
		t.Errorf("%v wraps something without a %%w verb", plain)
	}
}
