// Package studio is the interactive studio of digisim: a local web app
// whose page moves the policy levers and a few uncertain parameters of a
// scenario and redraws its charts from a fresh run at every move.
//
// # How the engine runs
//
// The page asks this server, which calls sim.Run directly (a run takes
// about two milliseconds): one engine, the numbers of digisim run to the
// last bit, and the user's scenario folder read where it lies. Export
// writes the page as one HTML file with this very API (Server.Answer)
// compiled to WebAssembly inside it (package wasm), for a studio sent by
// mail: the shipped scenarios only, and slower a move; see docs/studio.md.
// Answer needs no net/http, and the HTTP server (ServeHTTP, Serve) is
// left out of that build, so the engine compiles from sim, scenarios and
// this package alone.
//
// # The API
//
//	GET  /api/scenarios          the shipped scenarios and the folder's files
//	GET  /api/describe?scenario= the controls of a scenario: labels, units and
//	                             ranges from the scenario schema (scenarios.Path)
//	POST /api/run                Settings in, Result out (JSON)
//
// Every setting is checked against the schema before a run; a bad request
// gets a 4xx with a message naming the key, the value and the allowed
// range. Request bodies are limited, runs are bounded in time and memory,
// and no state is kept between requests: each request loads its scenario
// and runs it afresh.
package studio
