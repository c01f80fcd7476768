//go:build js && wasm

// Command wasm is the studio's engine for the exported single-file page
// (digisim studio --export): the studio's own handler, answered in the
// browser. The page's requests to api/... go to digisimServe instead of
// the network, so the exported page runs the same checks, scenario files
// and sim.Run as the served one.
package main

import (
	"io"
	"net/http/httptest"
	"strings"
	"syscall/js"

	"github.com/digisim/digisim/workflow/studio"
)

func main() {
	s, err := studio.New(studio.Options{Scenario: js.Global().Get("digisimScenario").String()})
	if err != nil {
		js.Global().Set("digisimError", err.Error())
		return
	}
	// digisimServe(method, path, body) answers one request of the page:
	// [status, body].
	js.Global().Set("digisimServe", js.FuncOf(func(_ js.Value, args []js.Value) any {
		req := httptest.NewRequest(args[0].String(), "http://127.0.0.1/"+strings.TrimPrefix(args[1].String(), "/"), strings.NewReader(args[2].String()))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		body, _ := io.ReadAll(rec.Result().Body)
		return []any{rec.Code, string(body)}
	}))
	select {}
}
