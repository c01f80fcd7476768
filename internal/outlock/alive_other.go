//go:build !unix

package outlock

// alive cannot tell on this system: a lock is taken to be held.
func alive(pid int) bool { return true }
