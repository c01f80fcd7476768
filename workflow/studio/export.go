package studio

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/digisim/digisim/scenarios"
)

// Export writes the studio as one self-contained HTML file that opens
// from disk with no server and no network: the page, its style sheet and
// script inlined, and the engine (the package ./wasm, compiled with
// GOOS=js GOARCH=wasm: the studio's own handler) gzipped and base64-encoded
// inside it, started by the Go distribution's wasm_exec.js. The page's
// requests to api/... are answered by that engine in the browser, so the
// exported page runs the same checks and sim.Run as the served one.
// scenario is the one the page opens with (a shipped name: the engine
// holds only the shipped scenarios).
func Export(w io.Writer, wasm, wasmExec []byte, scenario string) error {
	if err := Exportable(scenario); err != nil {
		return err
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if _, err := zw.Write(wasm); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	read := func(name string) string {
		b, _ := assets.ReadFile("assets/" + name)
		return string(b)
	}
	page := read("index.html")
	// In a <script> element only "</script" ends it; the inlined scripts
	// hold none (checked here, so that a future edit cannot break the page).
	for name, js := range map[string]string{"app.js": read("app.js"), "wasm_exec.js": string(wasmExec)} {
		if strings.Contains(strings.ToLower(js), "</script") {
			return fmt.Errorf("studio --export: %s holds </script and cannot be inlined", name)
		}
	}
	sc := template.JSEscapeString(scenario)
	boot := `
// The engine: the studio's handler compiled to WebAssembly, answering the
// page's api/ requests in the browser.
var digisimScenario = "` + sc + `";
const digisimReady = (async () => {
  const bytes = Uint8Array.from(atob(document.getElementById("engine").textContent.trim()), (c) => c.charCodeAt(0));
  const wasm = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
  const go = new Go();
  const { instance } = await WebAssembly.instantiate(wasm, go.importObject);
  go.run(instance);
  if (typeof digisimError !== "undefined") throw new Error(digisimError);
})();
// The answer is what the page reads of a fetch Response (ok, status,
// json): a Response's body is a stream, read back over several tasks,
// which took 7 ms of a move in Chromium where JSON.parse takes under one.
const networkFetch = window.fetch.bind(window);
window.fetch = async (url, opts) => {
  if (!String(url).startsWith("api/")) return networkFetch(url, opts);
  await digisimReady;
  const [status, body] = digisimServe((opts && opts.method) || "GET", String(url), (opts && opts.body) || "");
  return { ok: status >= 200 && status < 300, status, statusText: String(status), json: async () => JSON.parse(body) };
};
`
	page = strings.Replace(page, `<link rel="stylesheet" href="style.css">`, "<style>\n"+read("style.css")+"</style>", 1)
	page = strings.Replace(page, `<script src="app.js" defer></script>`, "", 1)
	page = strings.Replace(page, "</body>",
		`<script id="engine" type="application/octet-stream">`+base64.StdEncoding.EncodeToString(gz.Bytes())+"</script>\n"+
			"<script>\n"+string(wasmExec)+"</script>\n<script>\n"+boot+"</script>\n<script>\n"+read("app.js")+"</script>\n</body>", 1)
	_, err := io.WriteString(w, page)
	return err
}

// Exportable says why the exported page cannot open on scenario, or nil
// when it can (a shipped scenario).
func Exportable(scenario string) error {
	if !shippedName(scenario) {
		return fmt.Errorf("studio --export: %q is not a shipped scenario: the exported page holds only the shipped ones (%s)", scenario, strings.Join(shippedNames(), ", "))
	}
	return nil
}

func shippedName(name string) bool {
	for _, in := range scenarios.List() {
		if in.Name == name {
			return true
		}
	}
	return false
}

func shippedNames() []string {
	var out []string
	for _, in := range scenarios.List() {
		out = append(out, in.Name)
	}
	return out
}
