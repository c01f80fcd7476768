package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Perm is the permission of the files this package writes. It is set
// with Chmod, so the umask does not apply; an existing target's mode is
// not kept.
const Perm fs.FileMode = 0o644

// File is a file being written under a temporary name. Commit makes it
// the target; Abort discards it. A File is not safe for concurrent use.
type File struct {
	path string   // target
	tmp  *os.File // nil once committed or aborted
	err  error    // first write error, sticky
}

// Create makes the parent directories of path if needed and opens a
// temporary file beside it. The caller must call Commit or Abort; a
// deferred Abort after a successful Commit does nothing, so
//
//	f, err := atomicfile.Create(path)
//	if err != nil { return err }
//	defer f.Abort()
//	... write to f ...
//	return f.Commit()
//
// is the intended use.
func Create(path string) (*File, error) {
	dir, base := filepath.Split(path)
	if base == "" {
		return nil, &fs.PathError{Op: "create", Path: path, Err: errors.New("path names a directory")}
	}
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, &fs.PathError{Op: "create", Path: path, Err: err}
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, &fs.PathError{Op: "create", Path: path, Err: err}
	}
	// CreateTemp uses 0600, which would make outputs private to the user.
	if err := tmp.Chmod(Perm); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, &fs.PathError{Op: "create", Path: path, Err: err}
	}
	return &File{path: path, tmp: tmp}, nil
}

// Name returns the target path (not the temporary one).
func (f *File) Name() string { return f.path }

// Write writes p to the temporary file. After the first error every
// later Write returns it, and Commit fails with it.
func (f *File) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if f.tmp == nil {
		f.err = &fs.PathError{Op: "write", Path: f.path, Err: fs.ErrClosed}
		return 0, f.err
	}
	n, err := f.tmp.Write(p)
	if err != nil {
		f.err = &fs.PathError{Op: "write", Path: f.path, Err: err}
		return n, f.err
	}
	return n, nil
}

// Commit syncs and closes the temporary file and renames it over the
// target. On failure the temporary file is removed and the target is
// untouched. Commit after Commit or Abort returns an error wrapping
// fs.ErrClosed.
func (f *File) Commit() error {
	if f.tmp == nil {
		return &fs.PathError{Op: "commit", Path: f.path, Err: fs.ErrClosed}
	}
	tmp := f.tmp
	f.tmp = nil
	fail := func(op string, err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		return &fs.PathError{Op: op, Path: f.path, Err: err}
	}
	if f.err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return f.err
	}
	// Sync before rename: otherwise a crash soon after can leave the new
	// name pointing at an empty or partial file on some file systems.
	if err := tmp.Sync(); err != nil {
		return fail("sync", err)
	}
	if err := tmp.Close(); err != nil {
		return fail("close", err)
	}
	if err := os.Rename(tmp.Name(), f.path); err != nil {
		os.Remove(tmp.Name())
		if st, serr := os.Stat(f.path); serr == nil && st.IsDir() {
			err = errors.New("a folder is in the way of the file digisim writes there: remove it, or choose another folder")
		}
		return &fs.PathError{Op: "rename", Path: f.path, Err: err}
	}
	syncDir(filepath.Dir(f.path))
	return nil
}

// Abort closes and removes the temporary file, leaving the target as it
// was. It does nothing after Commit or a previous Abort, so it can be
// deferred unconditionally.
func (f *File) Abort() error {
	if f.tmp == nil {
		return nil
	}
	tmp := f.tmp
	f.tmp = nil
	cerr := tmp.Close()
	if err := os.Remove(tmp.Name()); err != nil {
		return &fs.PathError{Op: "abort", Path: f.path, Err: err}
	}
	if cerr != nil && !errors.Is(cerr, fs.ErrClosed) {
		return &fs.PathError{Op: "abort", Path: f.path, Err: cerr}
	}
	return nil
}

// syncDir makes the rename durable where the platform allows it. It is
// best effort: some systems cannot open or sync a directory, and the
// rename has already succeeded either way.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}

// Write replaces the file at path with what fn writes, atomically. If fn
// or any file operation fails, the existing file is left as it was, no
// temporary file remains, and the error says which operation failed on
// which path (an *fs.PathError; fn's own error is wrapped with Op
// "write" and stays reachable with errors.Is and errors.As).
func Write(path string, fn func(w io.Writer) error) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := fn(f); err != nil {
		if f.err != nil && errors.Is(err, f.err) {
			return err
		}
		return &fs.PathError{Op: "write", Path: path, Err: err}
	}
	return f.Commit()
}

// WriteFile replaces the file at path with data, atomically.
func WriteFile(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
