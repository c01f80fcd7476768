package usage

import (
	"errors"
	"fmt"
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
