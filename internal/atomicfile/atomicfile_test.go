package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// listDir returns the names in dir, to check that no temporary file is
// left behind.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestWrite(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name    string
		old     string // "" means no existing file
		fn      func(w io.Writer) error
		want    string // content after the call
		wantErr error  // nil, or an error the result must match with errors.Is
		wantOp  string
	}{
		{
			name: "new file",
			fn:   func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err },
			want: "new",
		},
		{
			name: "replace",
			old:  "old",
			fn:   func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err },
			want: "new",
		},
		{
			name: "empty content",
			old:  "old",
			fn:   func(w io.Writer) error { return nil },
			want: "",
		},
		{
			name:    "writer fails after partial write",
			old:     "old",
			fn:      func(w io.Writer) error { io.WriteString(w, "half"); return errBoom },
			want:    "old",
			wantErr: errBoom,
			wantOp:  "write",
		},
		{
			name:    "writer fails, no old file",
			fn:      func(w io.Writer) error { return errBoom },
			wantErr: errBoom,
			wantOp:  "write",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.csv")
			if tt.old != "" {
				if err := os.WriteFile(path, []byte(tt.old), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := Write(path, tt.fn)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Write error = %v, want %v", err, tt.wantErr)
				}
				var pe *fs.PathError
				if !errors.As(err, &pe) || pe.Op != tt.wantOp || pe.Path != path {
					t.Errorf("Write error = %#v, want *fs.PathError{Op: %q, Path: %q}", err, tt.wantOp, path)
				}
			} else if err != nil {
				t.Fatalf("Write: %v", err)
			}
			got, rerr := os.ReadFile(path)
			switch {
			case tt.old == "" && tt.wantErr != nil:
				if !errors.Is(rerr, fs.ErrNotExist) {
					t.Errorf("target exists after failed write (err %v)", rerr)
				}
			case rerr != nil:
				t.Fatal(rerr)
			case string(got) != tt.want:
				t.Errorf("content = %q, want %q", got, tt.want)
			}
			names := listDir(t, dir)
			for _, n := range names {
				if n != "out.csv" {
					t.Errorf("stray file %q left in %s", n, dir)
				}
			}
		})
	}
}

func TestWriteFileMakesParents(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a", "b", "manifest.json")
	if err := WriteFile(path, []byte("{}")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "{}" {
		t.Fatalf("ReadFile = %q, %v", got, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != Perm {
		t.Errorf("mode = %v, want %v", fi.Mode().Perm(), Perm)
	}
}

func TestCreateErrors(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
	}{
		{"parent is a file", filepath.Join(blocker, "out.csv")},
		{"path ends in separator", dir + string(filepath.Separator)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := WriteFile(tt.path, []byte("x"))
			var pe *fs.PathError
			if !errors.As(err, &pe) || pe.Op != "create" || pe.Path != tt.path {
				t.Fatalf("WriteFile(%q) error = %v, want *fs.PathError with Op create", tt.path, err)
			}
		})
	}
}

func TestRenameOntoDirectoryLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "out")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	// Put a file in the directory so rename cannot replace it.
	if err := os.WriteFile(filepath.Join(target, "keep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(target, []byte("x"))
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Op != "rename" {
		t.Fatalf("error = %v, want rename *fs.PathError", err)
	}
	for _, n := range listDir(t, dir) {
		if strings.Contains(n, ".tmp-") {
			t.Errorf("stray temporary file %q", n)
		}
	}
}

func TestFileAbortAndCommitTwice(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := f.Abort(); err != nil {
		t.Fatalf("Abort: %v", err)
	}
	if err := f.Abort(); err != nil {
		t.Fatalf("second Abort: %v", err)
	}
	if err := f.Commit(); !errors.Is(err, fs.ErrClosed) {
		t.Fatalf("Commit after Abort = %v, want fs.ErrClosed", err)
	}
	if _, err := f.Write([]byte("more")); !errors.Is(err, fs.ErrClosed) {
		t.Fatalf("Write after Abort = %v, want fs.ErrClosed", err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "old" {
		t.Errorf("content = %q, want old", got)
	}
	if names := listDir(t, dir); len(names) != 1 {
		t.Errorf("files = %v, want only x", names)
	}

	f, err = Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort() // must be a no-op after Commit
	io.WriteString(f, "new")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); !errors.Is(err, fs.ErrClosed) {
		t.Fatalf("second Commit = %v, want fs.ErrClosed", err)
	}
	if err := f.Abort(); err != nil {
		t.Fatalf("Abort after Commit = %v", err)
	}
	got, _ = os.ReadFile(path)
	if string(got) != "new" {
		t.Errorf("content = %q, want new", got)
	}
}

func ExampleWrite() {
	dir, _ := os.MkdirTemp("", "atomicfile")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "out", "hello.txt")
	err := Write(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "hello\n")
		return err
	})
	b, _ := os.ReadFile(path)
	os.Stdout.Write(b)
	os.Stdout.WriteString(errString(err) + "\n")
	// Output:
	// hello
	// <nil>
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
