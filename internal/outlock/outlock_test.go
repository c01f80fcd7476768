package outlock

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSecondWriterRefused: a held folder refuses a second Acquire with
// the holder's PID and host; after Release it can be taken again.
func TestSecondWriterRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "o")
	l, err := Acquire(dir, "sweep a")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(dir, "sweep b")
	var in *InUseError
	if !errors.As(err, &in) || in.Holder.PID != os.Getpid() || !strings.Contains(err.Error(), "in use") ||
		!strings.Contains(err.Error(), "sweep a") {
		t.Fatalf("second Acquire: %v, want an InUseError naming PID %d and sweep a", err, os.Getpid())
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := Acquire(dir, "sweep b")
	if err != nil {
		t.Fatalf("after Release: %v", err)
	}
	l2.Release()
	if _, err := os.Stat(filepath.Join(dir, Name)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left after Release: %v", err)
	}
}

// TestOtherHostRefused: a lock of another host is never taken over.
func TestOtherHostRefused(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, Name), []byte(`{"pid": 1, "host": "elsewhere"}`), 0o644)
	_, err := Acquire(dir, "x")
	if err == nil || !strings.Contains(err.Error(), "PID 1 on host elsewhere") {
		t.Fatalf("got %v, want a refusal naming PID 1 on host elsewhere", err)
	}
}

// TestStaleLockTakenOver: the lock of a process that has exited on this
// host is taken over, and temporary files of killed writes are removed.
func TestStaleLockTakenOver(t *testing.T) {
	dir := t.TempDir()
	pid := exitedPID(t)
	host, _ := os.Hostname()
	b, _ := json.Marshal(Holder{PID: pid, Host: host})
	os.WriteFile(filepath.Join(dir, Name), b, 0o644)
	tmp := filepath.Join(dir, ".runs.csv.tmp-123")
	os.WriteFile(tmp, []byte("x"), 0o644)
	l, err := Acquire(dir, "x")
	if err != nil {
		t.Fatalf("stale lock of exited PID %d: %v", pid, err)
	}
	defer l.Release()
	if l.Stale == nil || l.Stale.PID != pid {
		t.Errorf("Stale = %+v, want the exited holder", l.Stale)
	}
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s left: %v", tmp, err)
	}
}

// TestKilledLockTempRemoved: a process killed while taking the lock
// leaves the lock's temporary file; whoever takes the lock next removes it
// once its owner has died on this host, and leaves a live owner's and
// another host's.
func TestKilledLockTempRemoved(t *testing.T) {
	dir := t.TempDir()
	pid := exitedPID(t)
	host, _ := os.Hostname()
	dead := filepath.Join(dir, lockTemp(Name, pid, host)+"123")
	live := filepath.Join(dir, lockTemp(Name, os.Getppid(), host)+"456")
	other := filepath.Join(dir, lockTemp(Name, pid, host+"x")+"789")
	for _, f := range []string{dead, live, other} {
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	l, err := Acquire(dir, "x")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	if _, err := os.Stat(dead); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s (exited PID %d) left: %v", dead, pid, err)
	}
	for _, f := range []string{live, other} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s removed: %v", f, err)
		}
	}
}

// TestDamagedLock: an unreadable lock is reported with its path, not
// taken over.
func TestDamagedLock(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, Name), []byte("garbage"), 0o644)
	if _, err := Acquire(dir, "x"); err == nil || !strings.Contains(err.Error(), "damaged lock") {
		t.Fatalf("got %v, want a damaged-lock error", err)
	}
}

// TestAcquireFile: a file lock of another host is refused while its holder
// refreshes it, and taken over once it has gone unrefreshed for StaleAfter
// (a task requeued on another node after its own died); Release removes
// it. (The heartbeat's 10 s period is not waited for here.)
func TestAcquireFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".part-0000-of-0002.lock")
	if err := os.WriteFile(path, []byte(`{"pid": 1, "host": "elsewhere"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := AcquireFile(dir, ".part-0000-of-0002.lock", "sweep x --shard 0/2")
	var iu *InUseError
	if !errors.As(err, &iu) || !strings.Contains(err.Error(), "is being written by another digisim") || !strings.Contains(err.Error(), path) {
		t.Fatalf("a fresh lock of another host: %v", err)
	}
	old := time.Now().Add(-StaleAfter - time.Minute)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	l, err := AcquireFile(dir, ".part-0000-of-0002.lock", "sweep x --shard 0/2")
	if err != nil || l.Stale == nil || l.Stale.Host != "elsewhere" {
		t.Fatalf("a lock of another host silent for %v: %v, %+v", StaleAfter+time.Minute, err, l)
	}
	// The folder lock keeps its rule: another host's lock is never taken over.
	if err := os.WriteFile(filepath.Join(dir, Name), []byte(`{"pid": 1, "host": "elsewhere"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(filepath.Join(dir, Name), old, old)
	if _, err := Acquire(dir, "sweep x"); !errors.As(err, &iu) {
		t.Errorf("an old folder lock of another host: %v, want in use", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after Release: %v", err)
	}
}

// exitedPID is the PID of a process that has run and exited on this host.
func exitedPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true command:", err)
	}
	return cmd.Process.Pid
}
