package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digisim/digisim/workflow/studio"
)

// lockedBuffer is a stdout the test reads while the command writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestStudioServes: digisim studio FILE listens on loopback, prints its
// URL, serves the page with the file's folder in the picker, and stops
// cleanly (exit 0) when its context ends.
func TestStudioServes(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mine.toml")
	if err := os.WriteFile(file, []byte("name = \"mine\"\ndescription = \"x\"\nextends = \"agreement\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out lockedBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"studio", file, "--port", "0"}, &out, io.Discard) }()
	re := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	var url string
	for i := 0; url == "" && i < 500; i++ {
		url = re.FindString(out.String())
		time.Sleep(10 * time.Millisecond)
	}
	if url == "" {
		cancel()
		t.Fatalf("no URL printed: %q (%v)", out.String(), <-done)
	}
	for path, want := range map[string]string{"": "digisim studio", "api/scenarios": `"mine.toml"`} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET /%s: %d, body lacks %s", path, resp.StatusCode, want)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("studio after its context ended: %v", err)
	}
}

func TestStudioUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"studio", "--port", "70000"}, 2, "--port 70000"},
		{[]string{"studio", "--listen", "localhost"}, 2, "want HOST:PORT"},
		{[]string{"studio", "nosuch", "--port", "0"}, 1, `no scenario "nosuch"`},
		{[]string{"studio", "--dir", "/nonexistent/dir", "--port", "0"}, 1, "scenario folder"},
	} {
		_, stderr, code, _ := cli(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("digisim %v: exit %d, %q; want exit %d with %q", c.args, code, stderr, c.code, c.want)
		}
	}
}

// TestStudioAgainstFile: --against takes a scenario file by its path from
// the working directory, as compare does, and hands the studio its name in
// the folder; a file outside the studio's folder, or none, is refused with
// the fix.
func TestStudioAgainstFile(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"r/pol.toml", "r/cf.toml", "other/cf.toml"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte("extends = \"agreement\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	for _, c := range []struct {
		folder, against         string
		wantFolder, wantAgainst string
		err                     string
	}{
		{"r", "r/cf.toml", "r", "cf.toml", ""},
		{"r", "cf.toml", "r", "cf.toml", ""},  // a file of the folder, by name
		{"", "r/cf.toml", "r", "cf.toml", ""}, // a shipped scenario: the counterfactual's folder
		{"r", "no-coordination", "r", "no-coordination", ""},
		{"r", "other/cf.toml", "", "", "put the counterfactual there, or give --dir a folder that holds both"},
		{"r", "r/nope.toml", "", "", "no such scenario file (looked for " + filepath.Join(dir, "r", "nope.toml") + "): give the counterfactual's path from the working directory"},
	} {
		o := studio.Options{Folder: c.folder, Against: c.against}
		err := againstFile(&o)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("--against %s in %q: %v, want %q", c.against, c.folder, err, c.err)
		case c.err == "" && (err != nil || o.Folder != c.wantFolder || o.Against != c.wantAgainst):
			t.Errorf("--against %s in %q: folder %q, against %q, %v; want %q, %q", c.against, c.folder, o.Folder, o.Against, err, c.wantFolder, c.wantAgainst)
		}
	}
}
