//go:build js && wasm

// Command wasm is the studio's engine for the exported single-file page
// (digisim studio --export): the studio's own API (studio.Server.Answer),
// answered in the browser. The page's requests to api/... go to
// digisimServe instead of the network, so the exported page runs the same
// checks, scenario files and sim.Run as the served one. It imports no
// net/http: the engine builds from sim, scenarios and the studio alone.
package main

import (
	"context"
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
		r := s.Answer(context.Background(), args[0].String(), "/"+strings.TrimPrefix(args[1].String(), "/"), strings.NewReader(args[2].String()))
		return []any{r.Status, string(r.Body)}
	}))
	select {}
}
