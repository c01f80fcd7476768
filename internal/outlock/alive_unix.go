//go:build unix

package outlock

import (
	"errors"
	"syscall"
)

// alive reports whether a process with pid exists on this host.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
