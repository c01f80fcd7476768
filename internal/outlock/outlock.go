// Package outlock keeps one writer per output folder: a lock file naming
// the holder's PID and host, created atomically with its content, so that
// a second sweep, merge or run into the same folder is refused with a
// clear message, and a lock left by a killed process on this host is
// recognised and taken over. It also removes the temporary files that a
// killed atomic write leaves in the folder (".NAME.tmp-*"), once it is held.
package outlock

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Name is the lock file's name inside the folder.
const Name = ".lock"

// Holder is the content of a lock file.
type Holder struct {
	PID     int    `json:"pid"`
	Host    string `json:"host"`
	Since   string `json:"since,omitempty"`
	Command string `json:"command,omitempty"`
}

// InUseError says the folder is held by another live process (or one on
// another host, whose liveness cannot be checked).
type InUseError struct {
	Dir    string
	Holder Holder
	File   string // the lock file's name in Dir
}

func (e *InUseError) Error() string {
	since := ""
	if e.Holder.Since != "" {
		since = ", since " + e.Holder.Since
	}
	cmd := ""
	if e.Holder.Command != "" {
		cmd = " (" + e.Holder.Command + ")"
	}
	if e.File != "" && e.File != Name {
		return fmt.Sprintf("%s is being written by another digisim%s: PID %d on host %s%s; wait for it to finish; "+
			"if that process is gone, remove %s", e.Dir, cmd, e.Holder.PID, e.Holder.Host, since, filepath.Join(e.Dir, e.File))
	}
	return fmt.Sprintf("%s is in use by another digisim%s: PID %d on host %s%s; wait for it to finish or choose another --out; "+
		"if that process is gone, remove %s", e.Dir, cmd, e.Holder.PID, e.Holder.Host, since, filepath.Join(e.Dir, Name))
}

// Lock is a held folder.
type Lock struct {
	path       string
	stop, done chan struct{} // the heartbeat of a file lock
	// Stale is the holder of a lock left by a dead process on this host,
	// taken over; nil when the folder was free.
	Stale *Holder
}

// Acquire makes dir if needed and takes its lock for command (a short
// description, e.g. "sweep tiny"). It fails with an *InUseError when
// another process holds it.
func Acquire(dir, command string) (*Lock, error) {
	l, err := acquire(dir, Name, command, false)
	if err == nil {
		l.clean(dir)
	}
	return l, err
}

// AcquireFile takes the lock file name in dir for command: a lock on one
// file of a folder that several processes write (a shard's part among
// the parts of an array), not on the folder. It removes no temporary
// files: the others' may be in use.
//
// A shard may be requeued on another node after its own died, so the
// holder keeps the lock's modification time fresh (every Heartbeat), and
// a lock of another host left unrefreshed for StaleAfter is taken over.
func AcquireFile(dir, name, command string) (*Lock, error) {
	l, err := acquire(dir, name, command, true)
	if err != nil {
		return nil, err
	}
	l.stop = make(chan struct{})
	l.done = make(chan struct{})
	go func() {
		defer close(l.done)
		t := time.NewTicker(Heartbeat)
		defer t.Stop()
		for {
			select {
			case <-l.stop:
				return
			case now := <-t.C:
				os.Chtimes(l.path, now, now)
			}
		}
	}()
	return l, nil
}

// Heartbeat and StaleAfter: how often the holder of a file lock refreshes
// it, and how long a lock of another host may go unrefreshed before it
// counts as left by a dead process.
const (
	Heartbeat  = 10 * time.Second
	StaleAfter = 2 * time.Minute
)

func acquire(dir, name, command string, heartbeat bool) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	me := Holder{PID: os.Getpid(), Host: host, Since: time.Now().UTC().Format(time.RFC3339), Command: command}
	b, err := json.Marshal(me)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, name)
	l := &Lock{path: path}
	for try := 0; try < 2; try++ {
		tmp, err := os.CreateTemp(dir, lockTemp(name, me.PID, host)+"*")
		if err != nil {
			return nil, err
		}
		_, werr := tmp.Write(append(b, '\n'))
		cerr := tmp.Close()
		if werr == nil && cerr == nil {
			// Link fails if the lock exists: creation with its content is atomic.
			werr = os.Link(tmp.Name(), path)
		}
		os.Remove(tmp.Name())
		if werr == nil {
			werr = cerr
		}
		if werr == nil {
			return l, nil
		}
		if !errors.Is(werr, fs.ErrExist) {
			return nil, fmt.Errorf("%s: taking the lock: %w", dir, werr)
		}
		old, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue // released meanwhile
		}
		var h Holder
		if err == nil {
			err = json.Unmarshal(old, &h)
		}
		if err != nil || h.PID <= 0 {
			return nil, fmt.Errorf("%s holds a damaged lock file %s (%q); if no digisim writes into %s, remove it",
				dir, path, clip(string(old)), dir)
		}
		stale := false
		if heartbeat && h.Host != host {
			st, err := os.Stat(path)
			stale = err == nil && time.Since(st.ModTime()) > StaleAfter
		}
		if !stale && (h.Host != host || alive(h.PID)) {
			return nil, &InUseError{Dir: dir, Holder: h, File: name}
		}
		// A lock of a dead process on this host, or of a silent one on
		// another: take it over.
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		l.Stale = &h
	}
	return nil, fmt.Errorf("%s: could not take the lock %s; another digisim is starting in it", dir, path)
}

// Release removes the lock file.
func (l *Lock) Release() error {
	if l == nil {
		return nil
	}
	if l.stop != nil {
		close(l.stop)
		<-l.done
		l.stop = nil
	}
	err := os.Remove(l.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// clean removes the temporary files of atomic writes that a killed
// process left in dir and its charts folder (not in parts, where the
// shards of an array may be writing): nobody else writes there now. Of
// the lock's own temporary files (another process may be trying to take
// the lock), it removes those of processes that have died on this host:
// a process killed while taking the lock leaves one.
func (l *Lock) clean(dir string) {
	names, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
	charts, _ := filepath.Glob(filepath.Join(dir, "charts", ".*.tmp-*"))
	names = append(names, charts...)
	host, _ := os.Hostname()
	for _, n := range names {
		base := filepath.Base(n)
		if !strings.HasPrefix(base, "."+Name+".tmp-") {
			os.Remove(n)
			continue
		}
		if pid, ok := lockTempOwner(base, host); ok && !alive(pid) {
			os.Remove(n)
		}
	}
}

// lockTempOwner is the PID of the process on host whose lock temporary
// file is named base (see lockTemp), if it is one of this host's.
func lockTempOwner(base, host string) (int, bool) {
	rest, ok := strings.CutPrefix(base, "."+Name+".tmp-")
	if !ok {
		return 0, false
	}
	digits, rest, ok := strings.Cut(rest, "@")
	pid, err := strconv.Atoi(digits)
	if !ok || err != nil || pid <= 0 || !strings.HasPrefix(rest, host+"-") {
		return 0, false
	}
	return pid, true
}

// lockTemp is the start of the name of a temporary file from which process
// pid on host takes the lock name: the owner is in the name, so that a
// killed owner's file can be told from a live one's.
func lockTemp(name string, pid int, host string) string {
	return fmt.Sprintf(".%s.tmp-%d@%s-", name, pid, host)
}

func clip(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
