package brief

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The brief in a real browser: headless Chromium opens the fixture brief
// from a file, takes a screenshot and prints it to PDF; the test checks
// that the page logs no console message (a CSP violation is one), that the
// page asks the network for nothing (from Chromium's own net log, checked
// against a control page that does fetch an image), and that the PDF is
// A4 with a sensible number of pages. Set BRIEF_KEEP=DIR to keep the
// brief, the screenshot and the PDF for looking at. scripts/brief-check.sh
// installs Chromium and poppler-utils and runs this.

func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	const msg = "no Chromium on PATH (chromium, chromium-browser or google-chrome); run scripts/brief-check.sh, which installs it, to test the brief in a browser"
	if os.Getenv("CI") == "true" { // CI must run every browser check
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// popplerTool skips the test where the poppler-utils program name is
// missing, saying what it would have checked, and fails it under CI, which
// must run every browser check.
func popplerTool(t *testing.T, name, why string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		msg := "no " + name + " (Debian poppler-utils) to " + why + "; scripts/brief-check.sh installs it"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
}

// chromium runs headless Chromium on a file with a fresh profile, no
// network (every host name fails to resolve) and a net log, and returns
// its standard error.
func chromium(t *testing.T, bin, page, netlog string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	profile := t.TempDir()
	all := append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + profile,
		"--host-resolver-rules=MAP * ~NOTFOUND",
		"--log-net-log=" + netlog,
		"--enable-logging=stderr", "--v=0",
	}, args...)
	all = append(all, "file://"+page)
	cmd := exec.CommandContext(ctx, bin, all...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return stderr.String()
}

// pageRequests returns the URLs that a page (not the browser itself)
// asked the network for, from a Chromium net log: URL requests whose
// initiator is an origin. The browser's own background requests have
// the initiator "not an origin".
func pageRequests(t *testing.T, netlog string) []string {
	t.Helper()
	b, err := os.ReadFile(netlog)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Constants struct {
			LogEventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []struct {
			Type   int            `json:"type"`
			Params map[string]any `json:"params"`
		} `json:"events"`
	}
	if err := json.Unmarshal(b, &log); err != nil {
		// Chromium may leave the closing brackets off when it exits.
		s := strings.TrimRight(string(b), " \n\r,")
		if err2 := json.Unmarshal([]byte(s+"]}"), &log); err2 != nil {
			t.Fatalf("net log %s: %v", netlog, err)
		}
	}
	start, ok := log.Constants.LogEventTypes["URL_REQUEST_START_JOB"]
	if !ok {
		t.Fatalf("net log %s names no URL_REQUEST_START_JOB events", netlog)
	}
	var urls []string
	for _, e := range log.Events {
		if e.Type != start {
			continue
		}
		ini, _ := e.Params["initiator"].(string)
		url, _ := e.Params["url"].(string)
		if url != "" && ini != "not an origin" {
			urls = append(urls, url)
		}
	}
	return urls
}

var consoleRE = regexp.MustCompile(`(?m)^.*:CONSOLE[:(].*$`)

func TestChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("headless Chromium takes tens of seconds; not in -short")
	}
	bin := chromiumPath(t)
	dir := t.TempDir()
	if keep := os.Getenv("BRIEF_KEEP"); keep != "" {
		dir = keep
	}
	page := filepath.Join(dir, HTMLFile)
	if p := os.Getenv("BRIEF_PAGE"); p != "" {
		// A brief written by digisim brief (scripts/brief-check.sh).
		page = p
		dir = filepath.Dir(p)
	} else if err := Write(dir, fixture(t)); err != nil {
		t.Fatal(err)
	}

	// The control: a page that fetches an image must show in the net log,
	// or a clean log of the brief would prove nothing.
	ctl := filepath.Join(t.TempDir(), "control.html")
	os.WriteFile(ctl, []byte(`<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png"></body></html>`), 0o644)
	ctlLog := filepath.Join(t.TempDir(), "control-net.json")
	chromium(t, bin, ctl, ctlLog, "--screenshot="+filepath.Join(t.TempDir(), "c.png"))
	if got := pageRequests(t, ctlLog); len(got) == 0 {
		t.Fatal("the control page's image request is not in the net log: the network check cannot see requests")
	}

	shot := filepath.Join(dir, "brief.png")
	netlog := filepath.Join(t.TempDir(), "net.json")
	stderr := chromium(t, bin, page, netlog, "--screenshot="+shot, "--window-size=1000,1600", "--hide-scrollbars")
	if msgs := consoleRE.FindAllString(stderr, -1); len(msgs) > 0 {
		t.Errorf("the page logged %d console messages:\n%s", len(msgs), strings.Join(msgs, "\n"))
	}
	if got := pageRequests(t, netlog); len(got) > 0 {
		t.Errorf("the page asked the network for %q", got)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	// A rendered brief has text and charts: many colours, ink in the top
	// third (title and headline), not a blank or error page.
	colours := map[uint32]bool{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 3 {
		for x := r.Min.X; x < r.Max.X; x += 3 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			colours[cr>>8<<16|cg>>8<<8|cb>>8] = true
		}
	}
	if len(colours) < 50 {
		t.Errorf("screenshot has %d colours; the page did not render", len(colours))
	}

	pdf := filepath.Join(dir, "brief.pdf")
	chromium(t, bin, page, filepath.Join(t.TempDir(), "net2.json"), "--print-to-pdf="+pdf, "--no-pdf-header-footer")
	popplerTool(t, "pdfinfo", "count the PDF's pages")
	out, err := exec.Command("pdfinfo", pdf).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	pages := 0
	if m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out); m != nil {
		pages, _ = strconv.Atoi(string(m[1]))
	}
	// Seven charts at most 105 mm tall (the print style), two to a page
	// at best, plus the title, table and method box: at least 4 pages; at
	// most one chart a page plus two for the text: 9.
	if pages < 4 || pages > 9 {
		t.Errorf("PDF has %d pages, want 4 to 9", pages)
	}
	// Chromium's command line prints on its default paper, US Letter
	// (612 x 792 pt), whatever @page says; a browser's print dialog
	// takes the page's A4 (595 x 842 pt). Either is a sheet the brief
	// must fit.
	if m := regexp.MustCompile(`(?m)^Page size:\s+([\d.]+) x ([\d.]+) pts`).FindSubmatch(out); m == nil {
		t.Errorf("pdfinfo gives no page size:\n%s", out)
	} else if w, _ := strconv.ParseFloat(string(m[1]), 64); !(w > 594 && w < 596) && !(w > 611 && w < 613) {
		t.Errorf("PDF page is %s x %s pt, want A4 (595 x 842) or US Letter (612 x 792)", m[1], m[2])
	}
	firstPage(t, page, pdf)
	t.Logf("PDF: %d pages; screenshot %dx%d, %d colours", pages, r.Dx(), r.Dy(), len(colours))
}

// firstPage checks that page 1 of the printed brief carries the finding:
// the title, the headline sentence and the whole first chart (its title
// and its source line, the chart's last text) are in the text of page 1.
func firstPage(t *testing.T, page, pdf string) {
	t.Helper()
	popplerTool(t, "pdftotext", "read page 1")
	out, err := exec.Command("pdftotext", "-f", "1", "-l", "1", pdf, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	one := words(string(out))
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	unescape := strings.NewReplacer("&#39;", "'", "&#43;", "+", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&quot;", `"`).Replace
	want := map[string]string{}
	if m := regexp.MustCompile(`<h1>([^<]*)</h1>`).FindStringSubmatch(html); m != nil {
		want["title"] = unescape(m[1])
	}
	if m := regexp.MustCompile(`<p class="headline">([^<]*)</p>`).FindStringSubmatch(html); m != nil {
		want["headline"] = unescape(m[1])
	}
	if m := regexp.MustCompile(`(?s)<figure role="img" aria-label="([^"]*)">(.*?)</figure>`).FindStringSubmatch(html); m != nil {
		want["first chart's title"] = unescape(m[1])
		texts := regexp.MustCompile(`<text[^>]*>([^<]*)</text>`).FindAllStringSubmatch(m[2], -1)
		if len(texts) > 0 {
			want["first chart's last text"] = unescape(texts[len(texts)-1][1])
		}
	}
	if len(want) < 4 {
		t.Fatalf("the page has no title, headline or first chart to look for (found %v)", want)
	}
	for what, s := range want {
		if !strings.Contains(one, words(s)) {
			t.Errorf("page 1 of the PDF lacks the %s %q:\n%s", what, s, one)
		}
	}
}
