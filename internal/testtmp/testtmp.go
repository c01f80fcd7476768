// Package testtmp puts a test binary's temporary files in memory, where
// the system has a roomy tmpfs (/dev/shm on Linux). Tests that write
// whole output folders commit every file with fsync (internal/atomicfile),
// and on a disk each fsync waits for it: cmd/digisim's 538 took 3 s of the
// package's 9 s here on a busy machine. On tmpfs fsync returns at once,
// and the code under test is the same.
package testtmp

import (
	"os"
	"testing"
)

// Shm is where Linux mounts a tmpfs that every user may write to.
const Shm = "/dev/shm"

// minFree is the room Shm must have: cmd/digisim's tests, the largest,
// hold about 5 MB there at a time; a container's default of 64 MB, which
// Chromium shares, is not enough to be sure.
const minFree = 256 << 20

// Run runs the tests with TMPDIR (which os.TempDir, t.TempDir and every
// child process read) set to a new folder in Shm, and removes the folder
// afterwards. Where Shm is missing, small or not writable (macOS, some
// containers) the tests keep the system's temporary folder. Call it from
// TestMain as os.Exit(testtmp.Run(m)).
func Run(m *testing.M) int {
	if free(Shm) < minFree {
		return m.Run()
	}
	dir, err := os.MkdirTemp(Shm, "digisim-test-")
	if err != nil {
		return m.Run()
	}
	defer os.RemoveAll(dir)
	os.Setenv("TMPDIR", dir)
	return m.Run()
}
