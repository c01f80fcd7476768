package studio_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestFirefoxExport opens the single-file studio from disk in headless
// Firefox (Debian's firefox-esr), driven over WebDriver BiDi by
// testdata/firefox-bidi.mjs with Node's WebSocket: the numbers as loaded
// and after a slider move equal a native sim.Run to 1e-12 relative, and
// so does the scenario file the page shows (as digisim run would run it);
// no request leaves the file and no error is logged. Like
// TestChromiumExport it needs STUDIO_EXPORT_HTML;
// scripts/studio-export-check.sh runs it with STUDIO_FIREFOX=1.
func TestFirefoxExport(t *testing.T) {
	file := os.Getenv("STUDIO_EXPORT_HTML")
	ff, _ := exec.LookPath("firefox")
	node, _ := exec.LookPath("node")
	if file == "" || ff == "" || node == "" {
		t.Skip("set STUDIO_EXPORT_HTML to a file written by digisim studio --export, with firefox (apt-get install firefox-esr) and node installed, to drive the exported studio in Firefox")
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := []string{"testdata/firefox-bidi.mjs", ff, t.TempDir(), abs, readPage, settled, move("policy.business_engagement", 0.75)}
	// Node 22 has WebSocket built in; Node 20 behind a flag.
	if out, _ := exec.CommandContext(ctx, node, "-e", "process.stdout.write(typeof WebSocket)").Output(); string(out) != "function" {
		args = append([]string{"--experimental-websocket"}, args...)
	}
	cmd := exec.CommandContext(ctx, node, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("driving Firefox: %v\n%s", err, stderr.String())
	}
	var got struct {
		Loaded, Moved     pageState
		Scenario, Against string
		Requests, Logs    []string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("the driver's answer: %v\n%s", err, out)
	}
	checkExact(t, "Firefox, the exported page as loaded", got.Loaded, got.Scenario, nil, got.Against)
	checkExact(t, "Firefox, business engagement 0.75", got.Moved, got.Scenario, []string{"policy.business_engagement=0.75"}, got.Against)
	saved := filepath.Join(t.TempDir(), got.Moved.File)
	if err := os.WriteFile(saved, []byte(got.Moved.TOML), 0o644); err != nil {
		t.Fatal(err)
	}
	checkExact(t, "Firefox, the scenario file shown", got.Moved, saved, nil, got.Against)
	for _, u := range got.Requests {
		if !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:") {
			t.Errorf("Firefox: the exported page requested %s: it must need no network", u)
		}
	}
	for _, l := range got.Logs {
		if strings.HasPrefix(l, "error") || strings.HasPrefix(l, "warn") {
			t.Errorf("Firefox: %s", l)
		}
	}
	t.Logf("Firefox: the exported page as loaded %s, after a move %s", got.Loaded.Status, got.Moved.Status)
}
