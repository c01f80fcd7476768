//go:build !js

package studio

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The HTTP server is not part of the browser build (GOOS=js): there the
// page's requests go to Answer directly (digisim studio --export).

// ServeHTTP serves the page and the API (Answer), with the headers that
// keep the page self-contained (no request leaves for another origin).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.opts.AnyHost && !loopbackHost(r.Host) {
		writeReply(w, errorReply(&requestError{status: statusMisdirected, msg: fmt.Sprintf("host %q: the studio answers only 127.0.0.1, localhost and ::1 (start it with --listen to serve other names)", r.Host)}))
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if !isAPI(r.URL.Path) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			writeReply(w, errorReply(&requestError{status: statusMethodNotAllowed, msg: fmt.Sprintf("%s %s: the page's files are read with GET", r.Method, r.URL.Path)}))
			return
		}
		static, _ := fs.Sub(assets, "assets") // "assets" is embedded: Sub cannot fail
		http.FileServerFS(static).ServeHTTP(w, r)
		return
	}
	// JSON only: a form another site's page could post without asking
	// (no CORS preflight) is refused. Media types are case-insensitive
	// (RFC 9110, 8.3.1): APPLICATION/JSON is JSON.
	if r.Method == http.MethodPost {
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			writeReply(w, errorReply(&requestError{status: statusUnsupportedMediaType, msg: "settings must be sent as Content-Type: application/json"}))
			return
		}
	}
	writeReply(w, s.Answer(r.Context(), r.Method, r.URL.RequestURI(), http.MaxBytesReader(w, r.Body, MaxBody+1)))
}

func writeReply(w http.ResponseWriter, r Reply) {
	if r.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(r.RetryAfter))
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(r.Status)
	_, _ = w.Write(r.Body)
}

func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve listens on addr (host:port; loopback unless the caller chose
// otherwise), prints the page's URL to stdout and serves until ctx ends.
func Serve(ctx context.Context, addr string, o Options, stdout io.Writer) error {
	s, err := New(o)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("studio: %w", err)
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      RunTimeout + 5*time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	fmt.Fprintf(stdout, "digisim studio: http://%s/ (Ctrl-C to stop)\n", net.JoinHostPort(host, port))
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
		return nil
	}
}
