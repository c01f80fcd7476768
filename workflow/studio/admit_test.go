package studio

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestAdmitBusy: with every turn taken and the queue full, a request is
// turned away at once with a 503 and a Retry-After header; when a turn
// frees, the next request gets it.
func TestAdmitBusy(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for range maxConcurrent {
		s.sem <- struct{}{}
	}
	s.queued.Store(maxQueued)
	_, err = s.admit(context.Background())
	var re *requestError
	if !errors.As(err, &re) || re.status != http.StatusServiceUnavailable || re.retryAfter < 1 {
		t.Fatalf("busy studio: %v", err)
	}
	w := httptest.NewRecorder()
	writeReply(w, errorReply(err))
	if w.Code != 503 || w.Header().Get("Retry-After") == "" {
		t.Errorf("busy answer: %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	s.queued.Store(0)
	<-s.sem
	release, err := s.admit(context.Background())
	if err != nil {
		t.Fatalf("a free turn: %v", err)
	}
	release()
}

// TestNesting: brackets in strings and comments do not count; those of
// arrays, inline tables and headers do.
func TestNesting(t *testing.T) {
	for text, want := range map[string]int{
		`x = [[2018.0, 0.2], [2021.0, 0.5]] # [[[[[`:       2,
		`name = "a [[[{{{ b"` + "\ny = 'c [[['":            0,
		`s = """ [[[ "" ]]] """` + "\nt = {a = {b = [1]}}": 3,
		"[members.KH]\nx = 1":                              1,
		`e = "\"[[["`:                                      0,
	} {
		if got := nesting([]byte(text)); got != want {
			t.Errorf("nesting(%q) = %d, want %d", text, got, want)
		}
	}
}
