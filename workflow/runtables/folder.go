package runtables

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/digisim/digisim/internal/outlock"
)

// Open prepares dir for the tables of a run or a comparison: it takes the
// folder's lock (a second writer is refused, naming the holder's PID and
// host), refuses a sweep's folder, whose tables a run's would mix with,
// and removes the previous manifest, so that until the new one is written
// last the folder reads as incomplete. Call the returned release when
// done, whether or not the writing succeeded.
func Open(dir, command string) (release func(), err error) {
	for _, f := range []string{"runs.csv", "runs.csv.partial", "parts"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			return nil, fmt.Errorf("%s holds a sweep's tables (%s): a %s would mix its tables with them; choose another --out, or remove %s first",
				dir, f, command, dir)
		}
	}
	lock, err := outlock.Acquire(dir, command)
	if err != nil {
		return nil, err
	}
	if err := os.Remove(filepath.Join(dir, "manifest.json")); err != nil && !errors.Is(err, os.ErrNotExist) {
		lock.Release()
		return nil, err
	}
	return func() { lock.Release() }, nil
}
