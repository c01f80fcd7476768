package studio_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// browser is headless Chromium driven over the DevTools protocol on a
// pipe (--remote-debugging-pipe: JSON messages ended by NUL, we write fd
// 3 and read fd 4), with the standard library alone: the test needs a
// dozen protocol calls, not a client library and its dependencies.
type browser struct {
	t       *testing.T
	cmd     *exec.Cmd
	in      *os.File // our end of the browser's fd 3
	mu      sync.Mutex
	next    int
	waiting map[int]chan cdpMsg
	events  []cdpMsg
	session string
	done    chan struct{}
}

type cdpMsg struct {
	ID        int                       `json:"id,omitempty"`
	Method    string                    `json:"method,omitempty"`
	Params    json.RawMessage           `json:"params,omitempty"`
	Result    json.RawMessage           `json:"result,omitempty"`
	Error     *struct{ Message string } `json:"error,omitempty"`
	SessionID string                    `json:"sessionId,omitempty"`
}

func chromiumBinary() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startBrowser starts Chromium with the flags of the repository's other
// browser test and opens one page target.
func startBrowser(t *testing.T, ctx context.Context, bin string) *browser {
	t.Helper()
	toBrowserR, toBrowserW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	fromBrowserR, fromBrowserW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	profile := t.TempDir()
	cmd := exec.CommandContext(ctx, bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+profile, "--remote-debugging-pipe", "--hide-scrollbars", "about:blank")
	cmd.ExtraFiles = []*os.File{toBrowserR, fromBrowserW}
	cmd.Stderr = &logTail{}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	toBrowserR.Close()
	fromBrowserW.Close()
	b := &browser{t: t, cmd: cmd, in: toBrowserW, waiting: map[int]chan cdpMsg{}, done: make(chan struct{})}
	t.Cleanup(func() {
		toBrowserW.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		<-b.done
		fromBrowserR.Close()
	})
	go b.read(fromBrowserR)
	var created struct{ TargetID string }
	b.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &created)
	var attached struct{ SessionID string }
	b.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": created.TargetID, "flatten": true}, &attached)
	b.session = attached.SessionID
	for _, m := range []string{"Runtime.enable", "Log.enable", "Page.enable", "Network.enable"} {
		b.call(ctx, b.session, m, map[string]any{}, nil)
	}
	b.call(ctx, b.session, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 1400, "height": 1150, "deviceScaleFactor": 1, "mobile": false}, nil)
	return b
}

// logTail keeps Chromium's stderr for a failure message.
type logTail struct {
	mu  sync.Mutex
	buf []byte
}

func (l *logTail) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	if len(l.buf) > 8<<10 {
		l.buf = l.buf[len(l.buf)-8<<10:]
	}
	return len(p), nil
}

func (b *browser) read(r *os.File) {
	defer close(b.done)
	sc := bufio.NewReader(r)
	for {
		raw, err := sc.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMsg
		if json.Unmarshal(raw[:len(raw)-1], &m) != nil {
			continue
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch, ok := b.waiting[m.ID]; ok {
				ch <- m
				delete(b.waiting, m.ID)
			}
		} else {
			b.events = append(b.events, m)
		}
		b.mu.Unlock()
	}
}

// call sends one command and decodes its result into out.
func (b *browser) call(ctx context.Context, session, method string, params any, out any) {
	b.t.Helper()
	b.mu.Lock()
	b.next++
	id := b.next
	ch := make(chan cdpMsg, 1)
	b.waiting[id] = ch
	b.mu.Unlock()
	p, _ := json.Marshal(params)
	msg, _ := json.Marshal(cdpMsg{ID: id, Method: method, Params: p, SessionID: session})
	if _, err := b.in.Write(append(msg, 0)); err != nil {
		b.t.Fatalf("%s: %v", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			b.t.Fatalf("%s: %s", method, m.Error.Message)
		}
		if out != nil {
			if err := json.Unmarshal(m.Result, out); err != nil {
				b.t.Fatalf("%s: %v", method, err)
			}
		}
	case <-b.done:
		b.t.Fatalf("%s: the browser closed its pipe; stderr:\n%s", method, b.cmd.Stderr.(*logTail).buf)
	case <-ctx.Done():
		b.t.Fatalf("%s: %v", method, ctx.Err())
	}
}

// eval evaluates a JavaScript expression in the page (awaiting a promise)
// and decodes its value into out.
func (b *browser) eval(ctx context.Context, expr string, out any) {
	b.t.Helper()
	var r struct {
		Result struct {
			Value json.RawMessage
		}
		ExceptionDetails *struct {
			Text      string
			Exception struct{ Description string }
		}
	}
	b.call(ctx, b.session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &r)
	if r.ExceptionDetails != nil {
		b.t.Fatalf("evaluate %s: %s %s", expr, r.ExceptionDetails.Text, r.ExceptionDetails.Exception.Description)
	}
	if out != nil {
		if err := json.Unmarshal(r.Result.Value, out); err != nil {
			b.t.Fatalf("evaluate %s: %v (value %s)", expr, err, r.Result.Value)
		}
	}
}

// waitFor polls a boolean expression until it holds.
func (b *browser) waitFor(ctx context.Context, what, expr string) {
	b.t.Helper()
	for {
		var ok bool
		b.eval(ctx, "Boolean("+expr+")", &ok)
		if ok {
			return
		}
		select {
		case <-ctx.Done():
			b.t.Fatalf("waiting for %s: %v", what, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// problems lists the console messages, exceptions and log entries of
// level warning or error seen so far.
func (b *browser) problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, e := range b.events {
		switch e.Method {
		case "Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded":
			var p struct {
				Type  string
				Entry struct{ Level, Text, URL string }
				Args  []struct{ Value any }
			}
			_ = json.Unmarshal(e.Params, &p)
			if e.Method == "Log.entryAdded" && p.Entry.Level != "error" && p.Entry.Level != "warning" {
				continue
			}
			out = append(out, fmt.Sprintf("%s %s %s %v", e.Method, p.Type, p.Entry.Text, p.Args))
		}
	}
	return out
}

// requests lists the URLs the page requested.
func (b *browser) requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, e := range b.events {
		if e.Method == "Network.requestWillBeSent" {
			var p struct{ Request struct{ URL string } }
			_ = json.Unmarshal(e.Params, &p)
			out = append(out, p.Request.URL)
		}
	}
	return out
}

// screenshot saves a PNG of the page; with a clip (x, y, width, height,
// scale), of that part of it.
func (b *browser) screenshot(ctx context.Context, path string, clip map[string]any) {
	b.t.Helper()
	var r struct{ Data []byte }
	params := map[string]any{"format": "png", "captureBeyondViewport": true}
	if clip != nil {
		params["clip"] = clip
	}
	b.call(ctx, b.session, "Page.captureScreenshot", params, &r)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(path, r.Data, 0o644); err != nil {
		b.t.Fatal(err)
	}
}
