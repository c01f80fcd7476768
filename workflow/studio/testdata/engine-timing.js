// engine-timing.js: the exported studio's engine alone, in Node.js (the
// V8 engine Chromium runs it in): the time of POST api/run, answered by
// digisimServe as in the exported page, over N moves of business
// engagement on agreement (the baseline's run cached after the first), with
// no page, no redraw and no animation frames. scripts/studio-timing.sh
// engine builds the engine and runs this.
// Usage: GOROOT=$(go env GOROOT) node engine-timing.js ENGINE.wasm [N]
"use strict";
const fs = require("fs");
require(process.env.GOROOT + "/lib/wasm/wasm_exec.js");
globalThis.digisimScenario = "agreement";
(async () => {
  const go = new Go();
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(process.argv[2]), go.importObject);
  go.run(instance);
  if (typeof digisimError !== "undefined") throw new Error(digisimError);
  const n = Number(process.argv[3] || 100), ms = [];
  let bytes = 0;
  for (let i = -2; i < n; i++) { // two warm-up requests: the baseline's run, the JIT
    const body = JSON.stringify({ scenario: "agreement", against: "no-coordination", set: { "policy.business_engagement": [0.1, 0.35, 0.6, 0.85][(i + 4) % 4] }, coordination: {} });
    const t0 = performance.now();
    const [status, out] = digisimServe("POST", "api/run", body);
    const t1 = performance.now();
    if (status !== 200) throw new Error("status " + status + ": " + out.slice(0, 300));
    if (i >= 0) ms.push(t1 - t0);
    bytes = out.length;
  }
  ms.sort((a, b) => a - b);
  const q = (p) => ms[Math.ceil(p * n) - 1];
  console.log(`engine answer over ${n} moves: median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, min ${ms[0].toFixed(1)} ms; answer ${bytes} bytes`);
  process.exit(0);
})().catch((e) => { console.error("engine-timing:", e.message || e); process.exit(1); });
