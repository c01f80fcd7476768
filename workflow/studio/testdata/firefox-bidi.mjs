// firefox-bidi.mjs FIREFOX PROFILE FILE READPAGE SETTLED MOVE: opens FILE (the
// exported studio) from disk in headless Firefox over WebDriver BiDi (its
// websocket, Node's WebSocket), reads the page as drawn (READPAGE once
// SETTLED holds), makes the MOVE, reads it again, and prints
// {loaded, moved, scenario, against, requests, logs} as JSON
// (TestFirefoxExport compares the numbers with a native sim.Run).
import { spawn } from "node:child_process";

const [bin, profile, file, readPage, settledTmpl, moveExpr] = process.argv.slice(2);
const ff = spawn(bin, ["--headless", "--no-remote", "--profile", profile, "--remote-debugging-port=0"], { stdio: ["ignore", "ignore", "pipe"] });
const fail = (msg) => { console.error(msg); ff.kill("SIGKILL"); process.exit(1); };
const timer = setTimeout(() => fail("firefox: timed out"), +process.env.FF_TIMEOUT_MS || 240000);
process.on("unhandledRejection", (e) => fail(String(e && e.stack || e)));
let errText = "";
const wsURL = await new Promise((res, rej) => {
  ff.stderr.on("data", (d) => { errText += d; const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(errText); if (m) res(m[1]); });
  ff.on("exit", (c) => rej(new Error("firefox exited " + c + ":\n" + errText)));
});
const ws = new WebSocket(wsURL + "/session");
await new Promise((res, rej) => { ws.onopen = res; ws.onerror = rej; });
let id = 0;
const waiting = new Map(), requests = [], logs = [];
ws.onmessage = (ev) => {
  const m = JSON.parse(ev.data);
  if (m.id !== undefined && waiting.has(m.id)) { waiting.get(m.id)(m); waiting.delete(m.id); return; }
  if (m.method === "network.beforeRequestSent") requests.push(m.params.request.url);
  if (m.method === "log.entryAdded") logs.push(m.params.level + ": " + m.params.text);
};
const call = (method, params) => new Promise((res, rej) => {
  const n = ++id; waiting.set(n, (m) => (m.type === "error" ? rej(new Error(method + ": " + m.error + " " + m.message)) : res(m.result)));
  ws.send(JSON.stringify({ id: n, method, params }));
});
await call("session.new", { capabilities: {} });
await call("session.subscribe", { events: ["network.beforeRequestSent", "log.entryAdded"] });
const tree = await call("browsingContext.getTree", {});
const context = tree.contexts[0].context;
const evaluate = async (expression) => {
  const r = await call("script.evaluate", { expression: `(async () => JSON.stringify(await (${expression})))()`, target: { context }, awaitPromise: true });
  if (r.type === "exception") throw new Error("page: " + JSON.stringify(r.exceptionDetails.text));
  return JSON.parse(r.result.value);
};
const settledAfter = async (before) => {
  const expr = settledTmpl.replace("%d", String(before));
  for (;;) {
    if (await evaluate(expr)) return evaluate(readPage);
    await new Promise((r) => setTimeout(r, 50));
  }
};
await call("browsingContext.navigate", { context, url: "file://" + file, wait: "complete" });
const loaded = await settledAfter(0);
const seq = await evaluate("state.seq");
const scenario = await evaluate("state.desc.scenario"), against = await evaluate("state.against");
await evaluate(moveExpr);
const moved = await settledAfter(seq);
console.log(JSON.stringify({ loaded, moved, scenario, against, requests, logs }));
clearTimeout(timer);
ws.close();
ff.kill("SIGKILL");
process.exit(0);
