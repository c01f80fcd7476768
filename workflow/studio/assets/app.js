// digisim studio: the page. Controls come from /api/describe (labels, units,
// ranges, steps and explanations of the scenario schema); every move posts
// the settings to /api/run and redraws the charts from the numbers it
// returns. Every setting lives in the URL (shareable, restorable, the back
// button undoes a move). Charts are hand-written SVG in the house style of
// output/chart (colours, labels and number formats), drawn at the size they
// are shown so that no text is smaller than 10 px.
"use strict";

const $ = (id) => document.getElementById(id);
const SVGNS = "http://www.w3.org/2000/svg";
const FONT = '"Liberation Sans", "DejaVu Sans", Arial, sans-serif';
const MAX_PINS = 3;
const PIN_DASH = ["6 3", "2 2", "8 2 2 2"];

// ---- number formats (output/chart/format.go) ----
const MAGS = [[1e12, "trn"], [1e9, "bn"], [1e6, "m"], [1, ""]];
function group(s) {
  const [i, f] = s.split(".");
  const g = i.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return f === undefined ? g : g + "." + f;
}
function compact(a) {
  for (let k = 0; k < MAGS.length; k++) {
    const [div, suf] = MAGS[k];
    if (div > 1 && a < div * 0.9995) continue;
    const x = a / div;
    if (div === 1) return group(x.toFixed(0));
    const s = x.toFixed(x < 9.95 ? 1 : 0);
    if (s === "1000" && k > 0) return "1.0" + MAGS[k - 1][1];
    return s + suf;
  }
  return "0";
}
function signed(v, prefix) {
  if (Number.isNaN(v)) return "n/a";
  const s = compact(Math.abs(v));
  if (s === "0") return prefix + "0";
  return (v < 0 ? "-" : "") + prefix + s;
}
const money = (v) => signed(v, "US$");
function share(f) {
  const p = f * 100;
  let s = Math.abs(p) >= 9.95 ? p.toFixed(0) : p.toFixed(1).replace(/\.0$/, "");
  if (s === "-0") s = "0";
  return s + "%";
}
function number(v) {
  let s = v.toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
  return s === "-0" ? "0" : s;
}
function formatUnit(v, unit) {
  switch (unit) {
    case "USD/year": case "USD": return money(v);
    case "share": return share(v);
    default: return number(v);
  }
}
// change says how a headline number differs from its baseline.
function change(v, base, unit) {
  const d = v - base;
  const sign = d > 0 ? "+" : "";
  if (unit === "share") {
    const pp = d * 100;
    return sign + (Math.abs(pp) < 0.05 ? "0" : pp.toFixed(1)) + " percentage points";
  }
  if (unit === "USD/year" || unit === "USD") return sign + money(d);
  return sign + (Math.abs(d) < 0.0005 ? "0" : d.toFixed(3));
}

// Slider values: the decimals of the step, so that what is shown is what
// is saved.
const decimals = (step) => Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
const onStep = (v, step) => Number(v.toFixed(decimals(step)));
const showStep = (v, step) => String(onStep(v, step));

// ---- state ----
const state = {
  desc: null,            // /api/describe
  against: "",
  againstChosen: false,  // the user, the URL or --against picked the baseline
  set: {},               // control key -> value the user moved
  coord: {},             // pillar -> lever state the user moved
  coordBase: {},         // pillar -> lever state read from the scenario
  hasDefa: false,        // the scenario defines a phase-in of binding rules
  pins: [],              // {name, summary, result}
  last: null,            // the result shown
  seq: 0, shown: 0, inFlight: false, pending: false,
  asked: "",             // the settings of the latest request
  frame: 0,              // the seq of the last frame drawn after a result
  onFrame: null,         // called with performance.now() once the redrawn frame is painted
  names: {},             // scenario ref -> its name key (a folder file's name, not its file name)
};

// nameOf is how the page names a scenario: its name key, which for a
// folder's file is not the file name.
const nameOf = (ref) => state.names[ref] || ref;

// ---- coordination schedules as levers ----
// A schedule is read as: a level before entry into force, a one-year ramp
// to the agreement's level from the entry year, and optionally a
// phase-in from its start year to a binding level.
const FIELDS = ["before", "inForce", "level", "defa", "defaStart", "defaLevel", "defaYears"];
function readSchedule(pts, base) {
  // origin: the schedule's first year, which may lie before the base year
  // (a 2022-based scenario keeps the agreement's 2021 entry into force).
  const origin = Math.min(pts[0][0], base);
  const c = { origin, before: pts[0][1], inForce: base + 3, level: pts[0][1], defa: false, defaStart: base + 5, defaLevel: 1, defaYears: 7 };
  let j = 1;
  while (j < pts.length && pts[j][1] === pts[j - 1][1]) j++;
  if (j < pts.length) {
    c.inForce = pts[j - 1][0];
    c.level = pts[j][1];
    let k = j + 1;
    while (k < pts.length && pts[k][1] === pts[k - 1][1]) k++;
    if (k < pts.length) {
      c.defa = true;
      c.defaStart = pts[k - 1][0];
      c.defaLevel = pts[pts.length - 1][1];
      c.defaYears = pts[pts.length - 1][0] - c.defaStart;
    }
  }
  return c;
}
function buildSchedule(c, base) {
  const origin = Math.min(c.origin, base);
  const pts = [[origin, c.before]];
  const start = Math.max(c.inForce, origin);
  if (start > origin) pts.push([start, c.before]);
  pts.push([start + 1, c.level]);
  if (c.defa) {
    const ds = Math.max(c.defaStart, start + 1);
    if (ds > start + 1) pts.push([ds, c.level]);
    pts.push([ds + Math.max(c.defaYears, 1), c.defaLevel]);
  }
  return pts;
}
const leverOf = (p) => state.coord[p] || state.coordBase[p];
const viewPillars = () => { const v = $("pillar").value || "*"; return v === "*" ? state.desc.pillars : [v]; };
function sameLever(a, b) { return FIELDS.every((f) => a[f] === b[f]); }

// setLever sets one field of the levers of some pillars; a pillar whose
// levers come back to the scenario's is no longer moved.
function setLever(pillars, field, v) {
  for (const p of pillars) {
    const cur = Object.assign({}, leverOf(p));
    cur[field] = v;
    if (sameLever(cur, state.coordBase[p])) delete state.coord[p];
    else state.coord[p] = cur;
  }
}

// ---- controls ----
// A control is a slider with its value, a mark when moved, a reset, an
// explanation and, when it can change nothing under the other settings,
// the reason (and the slider disabled). get() returns {value, base, moved,
// mixed, why, min} from the state; set(v) moves it; reset() restores it.
const controls = [];
function makeControl(spec) {
  const div = document.createElement("div");
  div.className = "control";
  const id = "ctl-" + spec.key.replace(/[^A-Za-z0-9_-]/g, "_");
  div.innerHTML = '<div class="name"><label></label><span class="badge" hidden>moved</span><span class="value"></span>' +
    '<button type="button" class="info-btn" aria-expanded="false">?</button><button type="button" class="reset" hidden>Reset</button></div>' +
    '<input type="range"><div class="unit"></div><div class="why" hidden></div><div class="info" hidden></div>';
  const lab = div.querySelector("label"), val = div.querySelector(".value"), badge = div.querySelector(".badge");
  const input = div.querySelector("input"), unit = div.querySelector(".unit"), why = div.querySelector(".why");
  const info = div.querySelector(".info"), infoBtn = div.querySelector(".info-btn"), reset = div.querySelector(".reset");
  lab.textContent = spec.label;
  lab.htmlFor = input.id = id;
  input.dataset.key = spec.key;
  input.step = spec.step;
  info.id = id + "-info";
  why.id = id + "-why";
  info.textContent = spec.info || "";
  infoBtn.setAttribute("aria-controls", info.id);
  infoBtn.setAttribute("aria-label", "About " + spec.label);
  infoBtn.title = "What this means";
  reset.setAttribute("aria-label", "Reset " + spec.label);
  infoBtn.onclick = () => { info.hidden = !info.hidden; infoBtn.setAttribute("aria-expanded", String(!info.hidden)); };
  reset.onclick = () => { spec.reset(); committed(); };
  input.addEventListener("input", () => { spec.set(onStep(Number(input.value), spec.step)); refreshControls(); update(); });
  input.addEventListener("change", committed);
  const c = {
    key: spec.key, el: div, input,
    // refresh shows the control's state; every control is refreshed on
    // every move, so it changes only what differs (an element changed is
    // laid out and painted again).
    refresh() {
      const g = spec.get();
      const min = g.min !== undefined ? g.min : spec.min;
      setProp(input, "min", String(min));
      setProp(input, "max", String(spec.max));
      if (document.activeElement !== input || Number(input.value) !== onStep(g.value, spec.step)) setProp(input, "value", String(g.value));
      setText(val, g.mixed ? "mixed" : (spec.show ? spec.show(g.value) : showStep(g.value, spec.step)));
      setProp(val, "title", g.mixed ? "The pillars shown differ here; moving the slider sets them all" : "");
      div.classList.toggle("moved", g.moved);
      setProp(badge, "hidden", !g.moved);
      setProp(reset, "hidden", !g.moved);
      setProp(reset, "title", "Back to the scenario's " + (spec.show ? spec.show(g.base) : showStep(g.base, spec.step)));
      const range = (spec.show ? spec.show(min) : showStep(min, spec.step)) + " to " + (spec.show ? spec.show(spec.max) : showStep(spec.max, spec.step));
      setText(unit, (spec.unitText ? spec.unitText + "; " : "") + range + ", in steps of " + spec.step + (spec.note ? "; " + spec.note : ""));
      setProp(input, "disabled", Boolean(g.why));
      div.classList.toggle("disabled", Boolean(g.why));
      setProp(why, "hidden", !g.why);
      setText(why, g.why ? "No effect now: " + g.why : "");
      setAttr(input, "aria-describedby", why.id + " " + info.id);
    },
  };
  controls.push(c);
  c.refresh();
  return div;
}
function refreshControls() { for (const c of controls) c.refresh(); drawSchedule(); }

function buildControls() {
  const d = state.desc;
  controls.length = 0;
  for (const id of ["levers", "investment", "uncertainties"]) $(id).querySelectorAll(".control").forEach((e) => e.remove());
  for (const c of d.controls) {
    const box = c.group === "uncertainty" ? $("uncertainties") : (c.member ? $("investment") : $("levers"));
    box.append(makeControl({
      key: c.key, label: c.label, unitText: c.unit_text, min: c.min, max: c.max, step: c.step, info: infoText(c),
      get: () => ({ value: c.key in state.set ? state.set[c.key] : c.value, base: c.value, moved: c.key in state.set }),
      // Back on the scenario's own value (as shown) is not a move: the
      // scenario's exact value stays.
      set: (v) => { if (v === onStep(c.value, c.step)) delete state.set[c.key]; else state.set[c.key] = v; },
      reset: () => { delete state.set[c.key]; },
    }));
  }
  const sel = $("pillar");
  sel.replaceChildren(new Option("All pillars", "*"));
  for (const p of d.pillars) sel.add(new Option(p.replace(/_/g, " "), p));
  state.coordBase = {};
  for (const p of d.pillars) state.coordBase[p] = readSchedule(d.coordination[p], d.base_year);
  state.hasDefa = d.pillars.some((p) => state.coordBase[p].defa);
  drawCoordSliders();
}

function infoText(c) {
  const open = (o) => (o ? "(" : "["), close = (o) => (o ? ")" : "]");
  return c.info + " Allowed: " + open(c.lo_open) + c.lo + ", " + c.hi + close(c.hi_open) + "; the slider spans " + c.min + " to " + c.max +
    (c.unit_text ? " (" + c.unit_text + ")" : "") + "; the scenario's value: " + Number(c.value.toPrecision(12)) + ".";
}

// coordControl is a slider over one lever field of the pillars shown.
function coordControl(field, spec, why) {
  const g = () => {
    const ps = viewPillars();
    const vals = ps.map((p) => leverOf(p)[field]);
    const bases = ps.map((p) => state.coordBase[p][field]);
    const out = { value: vals[0], base: bases[0], mixed: vals.some((v) => v !== vals[0]), moved: ps.some((p) => leverOf(p)[field] !== state.coordBase[p][field]) };
    const reasons = ps.map((p) => why ? why(leverOf(p)) : "");
    out.why = reasons.every((r) => r) ? reasons[0] : "";
    // A value below the slider's lowest acts as the lowest (the schedule
    // clamps it there): show what the run uses.
    if (spec.minOf) {
      out.min = Math.min(...ps.map((p) => spec.minOf(leverOf(p))));
      out.value = Math.max(out.value, spec.minOf(leverOf(ps[0])));
    }
    return out;
  };
  return makeControl(Object.assign({
    key: "coord." + field, get: g,
    set: (v) => setLever(viewPillars(), field, v),
    reset: () => { for (const p of viewPillars()) setLever([p], field, state.coordBase[p][field]); },
  }, spec));
}

function drawCoordSliders() {
  const d = state.desc;
  // Keep the scenario's controls, rebuild the coordination ones.
  for (let k = controls.length - 1; k >= 0; k--) if (controls[k].key.startsWith("coord.")) controls.splice(k, 1);
  const base = d.base_year, last = d.horizon - 1;
  const year = (v) => String(v);
  const level = { unitText: "level of commitment", min: 0, max: 1, step: 0.05, note: "0.2 information sharing, 0.5 cooperation, 1 binding rules" };
  const infoLevel = "The coordination commitment kappa of MODEL.md: 0.2 information sharing, 0.5 cooperation or best endeavour, 1 binding harmonised rules; effective coordination follows it with the implementation lag, scaled by business engagement. ";
  $("coord-sliders").replaceChildren(
    coordControl("before", Object.assign({ label: "Level before entry into force", info: infoLevel + "This is the level up to the year of entry into force." }, level),
      (c) => (c.inForce < base ? "entry into force (" + c.inForce + ") precedes the base year " + base + ", so the level after entry applies from the start" : "")),
    coordControl("level", Object.assign({ label: "Level after entry into force", info: infoLevel + "Reached one year after entry into force (a one-year ramp, as the shipped agreement models it)." }, level)),
    coordControl("inForce", { label: "Year of entry into force", unitText: "calendar year", min: base - 1, max: last, step: 1, show: year,
      info: "The year the agreement enters into force; its level is reached a year later. Any year before " + (base - 1) + " has the same effect as " + (base - 1) + " (the level applies from the base year " + base + ")." }));
  $("defa-box").hidden = !state.hasDefa;
  if (state.hasDefa) {
    $("defa-sliders").replaceChildren(
      coordControl("defaStart", { label: "Binding rules: phase-in starts (year)", unitText: "calendar year", min: base, max: last, step: 1, show: year,
        minOf: (c) => Math.max(base, Math.max(c.inForce, base - 1) + 1),
        info: "The year binding rules (a digital economy framework agreement, say) start to be phased in; not before the agreement's level is reached." }),
      coordControl("defaLevel", Object.assign({ label: "Binding rules: level reached", info: infoLevel + "The level at the end of the phase-in; 1 is binding harmonised rules." }, level)),
      coordControl("defaYears", { label: "Binding rules: phase-in length", unitText: "years", min: 1, max: 15, step: 1,
        info: "Years from the start of the phase-in to the level reached, linear in between." }));
  }
  const ps = viewPillars(), on = ps.map((p) => leverOf(p).defa);
  $("defa").checked = on[0];
  $("defa").indeterminate = on.some((x) => x !== on[0]);
  $("defa-sliders").hidden = !on.some((x) => x);
  refreshControls();
}

// drawSchedule draws kappa(t) of the pillars shown as the run will use
// it, with the scenario's own schedule faint behind.
function drawSchedule() {
  const d = state.desc, svg = $("schedule");
  if (!d) return;
  if (!widths.schedule) widths.schedule = svg.clientWidth;
  const W = Math.max(200, widths.schedule || 300), H = 110;
  setAttr(svg, "viewBox", "0 0 " + W + " " + H);
  setAttr(svg, "height", H);
  const L = 34, R = W - 16;
  const x = (t) => L + (Math.min(Math.max(t, d.base_year), d.horizon) - d.base_year) / (d.horizon - d.base_year) * (R - L);
  const y = (v) => 86 - v * 76;
  const out = reuse(svg);
  setAttr(svg, "font-family", FONT);
  for (const v of [0, 0.5, 1]) {
    out.add("line", { x1: L, x2: R, y1: y(v), y2: y(v), stroke: "#ddd" });
    out.add("text", { x: L - 4, y: y(v) + 4, "text-anchor": "end", "font-size": 11, fill: "#555" }, String(v));
  }
  for (const t of yearTicks(d.base_year, d.horizon, Math.max(2, Math.floor((R - L) / 45)))) {
    out.add("text", { x: x(t), y: H - 3, "text-anchor": "middle", "font-size": 11, fill: "#555" }, String(t));
  }
  const path = (pts) => [[d.base_year, levelAt(pts, d.base_year)], ...pts.filter((q) => q[0] > d.base_year && q[0] < d.horizon), [d.horizon, levelAt(pts, d.horizon)]]
    .map((q, k) => (k ? "L" : "M") + x(q[0]).toFixed(1) + "," + y(q[1]).toFixed(1)).join("");
  const ps = viewPillars();
  out.add("path", { d: path(d.coordination[ps[0]]), fill: "none", stroke: "#999", "stroke-width": 1.5, "stroke-dasharray": "4 3" });
  const seen = new Set();
  for (const p of ps) {
    const pts = state.coord[p] ? buildSchedule(state.coord[p], d.base_year) : d.coordination[p];
    const key = JSON.stringify(pts);
    if (seen.has(key)) continue;
    seen.add(key);
    out.add("path", { d: path(pts), fill: "none", stroke: "#0072B2", "stroke-width": 2, "data-key": "schedule", "data-values": pts.map((q) => q.join(":")).join(",") });
  }
  out.end();
}

// levelAt is a schedule's level at year t: linear between its points,
// constant outside them (MODEL.md, kappa_k(t)).
function levelAt(pts, t) {
  if (t <= pts[0][0]) return pts[0][1];
  for (let j = 1; j < pts.length; j++) {
    if (t <= pts[j][0]) return pts[j - 1][1] + (pts[j][1] - pts[j - 1][1]) * (t - pts[j - 1][0]) / (pts[j][0] - pts[j - 1][0]);
  }
  return pts[pts.length - 1][1];
}

// ---- settings, the URL and history ----
function settings() {
  const s = { scenario: state.desc.scenario, against: state.against, set: state.set, coordination: {} };
  for (const [p, c] of Object.entries(state.coord)) s.coordination[p] = buildSchedule(c, state.desc.base_year);
  return s;
}
function settingsURL() {
  const q = new URLSearchParams();
  q.set("scenario", state.desc.scenario);
  if (state.againstChosen) q.set("against", state.against);
  for (const k of Object.keys(state.set).sort()) q.set("set." + k, String(state.set[k]));
  for (const p of Object.keys(state.coord).sort()) {
    const c = state.coord[p];
    q.set("coord." + p, [c.before, c.inForce, c.level, c.defa ? 1 : 0, c.defaStart, c.defaLevel, c.defaYears].join(","));
  }
  if ($("pillar").value && $("pillar").value !== "*") q.set("pillar", $("pillar").value);
  if ($("extra").value !== "cross_border") q.set("chart", $("extra").value);
  return "?" + q.toString();
}
// committed records a finished move (a released slider, a key press, a
// click) as a step of the browser's history.
function committed() {
  const url = settingsURL();
  if (url !== location.search) history.pushState(null, "", url);
  refreshControls();
  // A slider's change event follows its input event, which asked already.
  if (JSON.stringify(settings()) !== state.asked) update();
}
// applyURL sets the state from the URL's settings (unknown keys ignored).
function applyURL(q) {
  const d = state.desc;
  state.set = {};
  state.coord = {};
  for (const [k, v] of q) {
    if (k.startsWith("set.")) {
      const key = k.slice(4), c = d.controls.find((x) => x.key === key), x = Number(v);
      if (c && Number.isFinite(x)) state.set[key] = x;
    } else if (k.startsWith("coord.")) {
      const p = k.slice(6), f = v.split(",").map(Number);
      if (d.pillars.includes(p) && f.length === 7 && f.every(Number.isFinite)) {
        const c = Object.assign({}, state.coordBase[p], { before: f[0], inForce: f[1], level: f[2], defa: f[3] === 1, defaStart: f[4], defaLevel: f[5], defaYears: f[6] });
        if (!sameLever(c, state.coordBase[p])) state.coord[p] = c;
      }
    }
  }
  const pillar = q.get("pillar");
  $("pillar").value = pillar && d.pillars.includes(pillar) ? pillar : "*";
  const chart = q.get("chart");
  $("extra").value = chart && [...$("extra").options].some((o) => o.value === chart) ? chart : "cross_border";
}

// ---- talking to the server ----
async function update() {
  if (state.inFlight) { state.pending = true; return; }
  state.inFlight = true;
  const seq = ++state.seq, t0 = performance.now();
  state.asked = JSON.stringify(settings());
  try {
    const resp = await fetch("api/run", { method: "POST", headers: { "Content-Type": "application/json" }, body: state.asked });
    const body = await resp.json();
    if (!resp.ok) throw new Error(body.error || resp.statusText);
    state.last = body;
    draw(body);
    state.shown = seq;
    document.body.dataset.seq = String(seq);
    setStatus("updated in " + Math.round(performance.now() - t0) + " ms", false);
    announce(body);
    requestAnimationFrame(() => afterPaint(() => {
      state.frame = seq;
      if (state.onFrame) state.onFrame(performance.now());
    }));
  } catch (e) {
    setStatus(String(e.message || e), true);
    $("announce").textContent = "Error: " + String(e.message || e);
  } finally {
    state.inFlight = false;
    if (state.pending) { state.pending = false; update(); }
  }
}

// afterPaint calls f once the frame being drawn is painted: called from
// an animation frame callback, a message posted to itself is handled in
// the first task after that frame's layout and paint (a MessageChannel
// message, not setTimeout, which browsers may delay by 4 ms or more). So
// the redraw's frame is the first painted after it, not the one after.
function afterPaint(f) {
  const c = new MessageChannel();
  c.port1.onmessage = () => { c.port1.close(); f(); };
  c.port2.postMessage(null);
}

function setStatus(text, error) {
  const s = $("status");
  setText(s, text);
  setProp(s, "className", error ? "error" : "");
}

// announce tells screen readers the headline numbers after a redraw.
function announce(r) {
  $("announce").textContent = r.headline.map((h) => h.label + ": " + h.text + (h.key === "dividend" ? "" : ", " + change(h.value, h.baseline, h.unit) + " against " + nameOf(r.against))).join(". ") + ".";
}

async function loadScenario(ref, q) {
  const resp = await fetch("api/describe?scenario=" + encodeURIComponent(ref));
  const body = await resp.json();
  if (!resp.ok) { setStatus(body.error, true); return; }
  state.desc = body;
  const sel = $("against");
  sel.replaceChildren(...body.against_options.map((a) => new Option(nameOf(a), a)));
  const wanted = q && q.get("against");
  if (wanted && body.against_options.includes(wanted)) { state.against = wanted; state.againstChosen = true; }
  if (!state.againstChosen || !body.against_options.includes(state.against)) { state.against = body.against; state.againstChosen = false; }
  sel.value = state.against;
  $("scenario").value = ref;
  buildControls();
  applyURL(q || new URLSearchParams());
  drawCoordSliders();
  await update();
}

async function start() {
  const resp = await fetch("api/scenarios");
  const body = await resp.json();
  const sel = $("scenario");
  for (const e of body.scenarios) {
    if (e.name) state.names[e.ref] = e.name;
    const o = new Option(nameOf(e.ref) + (e.shipped ? "" : " (folder)"), e.ref);
    o.title = e.description || "";
    sel.add(o);
  }
  if (body.against) { state.against = body.against; state.againstChosen = true; }
  // Pins belong to a scenario's members and axes: a new scenario starts without.
  sel.onchange = async () => { state.pins = []; drawPins(); await loadScenario(sel.value, null); history.pushState(null, "", settingsURL()); };
  $("against").onchange = () => { state.against = $("against").value; state.againstChosen = true; committed(); };
  $("pillar").onchange = () => { drawCoordSliders(); history.replaceState(null, "", settingsURL()); };
  $("extra").onchange = () => { if (state.last) drawExtra(state.last); history.replaceState(null, "", settingsURL()); };
  $("defa").onchange = () => { setLever(viewPillars(), "defa", $("defa").checked); drawCoordSliders(); committed(); };
  $("download").onclick = () => save(state.last.file, state.last.toml, "application/toml");
  $("reset-all").onclick = () => { state.set = {}; state.coord = {}; drawCoordSliders(); committed(); };
  $("pin").onclick = pin;
  window.addEventListener("popstate", () => restore(new URLSearchParams(location.search)));
  // The results column sticks below the headline numbers, whatever their height.
  new ResizeObserver(() => document.documentElement.style.setProperty("--hl", $("headline").offsetHeight + "px")).observe($("headline"));
  let resizing = 0;
  window.addEventListener("resize", () => { clearTimeout(resizing); resizing = setTimeout(() => { widths.schedule = 0; drawSchedule(); if (state.last) { measure(); draw(state.last); } }, 100); });
  watchWidths();
  const q = new URLSearchParams(location.search);
  const ref = q.get("scenario") && body.scenarios.some((e) => e.ref === q.get("scenario")) ? q.get("scenario") : body.scenario;
  await loadScenario(ref, q);
  history.replaceState(null, "", settingsURL());
}

// restore brings back the settings of a URL (the back button).
async function restore(q) {
  const ref = q.get("scenario") || state.desc.scenario;
  if (ref !== state.desc.scenario) { state.pins = []; drawPins(); await loadScenario(ref, q); return; }
  if (q.get("against") && state.desc.against_options.includes(q.get("against"))) { state.against = q.get("against"); state.againstChosen = true; }
  else { state.against = state.desc.against; state.againstChosen = false; }
  $("against").value = state.against;
  applyURL(q);
  drawCoordSliders();
  await update();
}

// ---- pins ----
function summary() {
  const parts = [];
  for (const c of state.desc.controls) if (c.key in state.set) parts.push(c.label + " " + state.set[c.key]);
  const ps = Object.keys(state.coord);
  if (ps.length) parts.push("coordination of " + (ps.length === state.desc.pillars.length ? "every pillar" : ps.join(", ")) + " moved");
  return parts.length ? parts.join("; ") : "the scenario's own settings";
}
function pin() {
  if (!state.last) return;
  const used = new Set(state.pins.map((p) => p.n));
  const n = [1, 2, 3].find((k) => !used.has(k));
  if (n === undefined) return;
  state.pins.push({ n, name: "Pin " + n, summary: summary(), result: state.last });
  drawPins();
  draw(state.last);
}
function drawPins() {
  const box = $("pins");
  box.replaceChildren();
  for (const p of state.pins) {
    const chip = document.createElement("span");
    chip.className = "pin-chip";
    chip.dataset.pin = String(p.n);
    chip.textContent = p.name + " (" + PIN_DASH[p.n - 1].replace(/ /g, "-") + " line): " + p.summary;
    const rm = document.createElement("button");
    rm.type = "button"; rm.textContent = "Unpin"; rm.setAttribute("aria-label", "Unpin " + p.name);
    rm.onclick = () => { state.pins = state.pins.filter((x) => x !== p); drawPins(); draw(state.last); };
    chip.append(rm);
    box.append(chip);
  }
  $("pin").disabled = state.pins.length >= MAX_PINS;
  $("pin").title = state.pins.length >= MAX_PINS ? "Three pins at most: unpin one first" : "Keep the current settings' lines, drawn faint behind the next ones (up to three)";
}
// pinned returns, for each pin, its series drawn faint in a chart.
function pinned(key, name, colour, values) {
  return state.pins.filter((p) => sameAxis(p.result)).map((p) => ({ key: "pin" + p.n + "/" + key, name: name + ", " + p.name, colour, values: values(p.result), dash: PIN_DASH[p.n - 1], faint: true }));
}
const sameAxis = (r) => r.times.length === state.last.times.length && r.times[0] === state.last.times[0];

// ---- drawing ----
// widths holds each figure's width, read for all of them before any is
// redrawn: reading a width after changing the page forces a layout, and
// one layout a redraw is enough. They are read again only when a figure's
// width changes (a ResizeObserver, watchWidths), so a move costs the one
// layout the browser does before painting.
const widths = {};
const CHARTS = ["region", "members", "dividend", "convergence", "extra"];
function measure() {
  for (const id of CHARTS) widths[id] = $("chart-" + id).parentElement.clientWidth;
}
// watchWidths redraws the charts and the schedule, at the next frame,
// when the width of a figure or of the schedule has changed (the window
// resized, a scroll bar came or went).
function watchWidths() {
  let queued = false;
  const known = (e) => e.target.id === "schedule" ? widths.schedule : widths[e.target.querySelector("svg").id.slice(6)];
  const ro = new ResizeObserver((entries) => {
    if (queued || !state.last || entries.every((e) => Math.round(e.contentRect.width) === Math.round(known(e) || 0))) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      widths.schedule = 0;
      drawSchedule();
      measure();
      if (state.last) draw(state.last);
    });
  });
  for (const id of CHARTS) ro.observe($("chart-" + id).parentElement);
  ro.observe($("schedule"));
}

function draw(r) {
  if (CHARTS.some((id) => widths[id] === undefined)) measure();
  const hl = $("headline");
  // The cards are kept from the last redraw when they are the same ones,
  // and only texts that changed are set.
  if ([...hl.children].map((c) => c.id).join() !== r.headline.map((h) => "headline-" + h.key).join()) {
    hl.replaceChildren(...r.headline.map((h) => {
      const card = document.createElement("div");
      card.className = "card";
      card.id = "headline-" + h.key;
      for (const c of ["label", "text", "delta"]) {
        const d = document.createElement("div");
        d.className = c;
        card.append(d);
      }
      return card;
    }));
  }
  r.headline.forEach((h, i) => {
    const card = hl.children[i], [l, t, dl] = card.children;
    card.dataset.value = String(h.value);
    card.dataset.baseline = String(h.baseline);
    setText(l, h.label);
    setText(t, h.text);
    setText(dl, h.key === "dividend" ? "against " + nameOf(r.against) : change(h.value, h.baseline, h.unit) + " against " + nameOf(r.against));
  });
  const gmv = r.variables.gmv, T = r.times;
  const total = (x) => x.times.map((_, k) => x.region_gmv.reduce((a, s) => a + s[k], 0));
  $("cap-region").textContent = "Regional digital GMV by segment, US$ a year (buyer's country)";
  chart("region", T, r.segments.map((s, k) => ({ key: s.id, name: s.name, colour: s.colour, values: r.region_gmv[k], area: true }))
    .concat([{ key: "against_total", name: "Total, " + nameOf(r.against), colour: "#555", values: T.map((_, k) => r.region_gmv_against.reduce((a, s) => a + s[k], 0)), dash: "5 3", faint: true }],
      pinned("total", "Total", "#333", total)), { fmt: money, y: "US$ a year", stacked: true });
  $("cap-members").textContent = "Digital GMV by member, US$ a year (faint: " + nameOf(r.against) + ")";
  chart("members", T, r.members.map((m, i) => ({ key: m.id, name: m.name, colour: m.colour, values: r.member_gmv[i] }))
    .concat(r.members.map((m, i) => ({ key: m.id + "_against", name: m.name + ", " + nameOf(r.against), colour: m.colour, values: r.member_gmv_against[i], dash: "4 3", faint: true, nolegend: i > 0, legendName: "Baseline (faint, dashed)" })))
    .concat(...r.members.map((m, i) => pinned(m.id, m.name, m.colour, (x) => x.member_gmv[i]).map((s) => Object.assign(s, { nolegend: i > 0, legendName: s.name.replace(/.*, /, "") + " (faint)" })))),
  { fmt: money, y: "US$ a year", fromZero: true });
  $("cap-dividend").textContent = "Coordination dividend: regional GMV against " + nameOf(r.against) + ", US$ a year";
  chart("dividend", T, [{ key: "dividend", name: "Dividend", colour: "#0072B2", values: r.dividend, bars: true }]
    .concat(pinned("dividend", "Dividend", "#333", (x) => x.dividend)), { fmt: money, y: "US$ a year", fromZero: true, zero: true });
  $("cap-convergence").textContent = "Convergence: " + r.variables.gini_gmv_per_head.label + " and " + r.variables.capacity_gap.label + " (0 = equal)";
  chart("convergence", T, [
    { key: "gini", name: "Gini", colour: "#0072B2", values: r.gini },
    { key: "gini_against", name: "Gini, " + nameOf(r.against), colour: "#0072B2", dash: "5 3", faint: true, values: r.gini_against },
    { key: "capacity_gap", name: "Capacity gap", colour: "#D55E00", values: r.capacity_gap },
    { key: "capacity_gap_against", name: "Gap, " + nameOf(r.against), colour: "#D55E00", dash: "5 3", faint: true, values: r.capacity_gap_against },
  ].concat(pinned("gini", "Gini", "#0072B2", (x) => x.gini), pinned("capacity_gap", "Gap", "#D55E00", (x) => x.capacity_gap)),
  { fmt: number, y: "index, 0 to 1", fromZero: true });
  drawExtra(r);
  setText($("toml"), r.toml);
}

// setAttr sets an attribute when it differs.
function setAttr(e, name, v) { v = String(v); if (e.getAttribute(name) !== v) e.setAttribute(name, v); }

// setText sets an element's text when it differs: new text is laid out again.
function setText(e, text) { if (e.textContent !== text) e.textContent = text; }

// setProp sets an element's property (hidden, title, value...) when it differs.
function setProp(e, name, v) { if (e[name] !== v) e[name] = v; }

function drawExtra(r) {
  if (CHARTS.some((id) => widths[id] === undefined)) measure();
  const T = r.times, kind = $("extra").value;
  if (kind === "cross_border") {
    $("cap-extra").textContent = "Share of digital GMV bought across borders (faint: " + nameOf(r.against) + ")";
    chart("extra", T, [{ key: "cross_border", name: "Cross-border share", colour: "#009E73", values: r.cross_border },
      { key: "cross_border_against", name: "Share, " + nameOf(r.against), colour: "#009E73", dash: "5 3", faint: true, values: r.cross_border_against }]
      .concat(pinned("cross_border", "Share", "#009E73", (x) => x.cross_border)), { fmt: share, y: "share of GMV", fromZero: true });
  } else if (kind === "capacity") {
    $("cap-extra").textContent = "Capacity by pillar: the members' mean capacity index (0 to 1)";
    const cols = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999", "#882255", "#117733", "#AA4499"];
    chart("extra", T, r.pillars.map((p, k) => ({ key: p, name: p.replace(/_/g, " "), colour: cols[k % cols.length], values: r.capacity[k], dash: k >= 7 ? "5 2" : "" }))
      .concat(r.pillars.map((p, k) => ({ key: p + "_against", name: p.replace(/_/g, " ") + ", " + nameOf(r.against), colour: cols[k % cols.length], values: r.capacity_against[k], dash: "2 3", faint: true, nolegend: k > 0, legendName: "Baseline (faint, dotted)" })))
      .concat(...r.pillars.map((p, k) => pinned(p, p.replace(/_/g, " "), cols[k % cols.length], (x) => x.capacity[k]).map((s) => Object.assign(s, { nolegend: k > 0, legendName: s.name.replace(/.*, /, "") + " (faint)" })))),
      { fmt: number, y: "capacity index, 0 to 1" });
  } else if (kind === "dividend_members") {
    $("cap-extra").textContent = "Dividend by member: cumulative GMV against " + nameOf(r.against) + ", US$ over the horizon";
    memberBars("extra", r);
  } else {
    $("cap-extra").textContent = "Digital GMV by segment, US$ a year (faint: " + nameOf(r.against) + ")";
    chart("extra", T, r.segments.map((s, k) => ({ key: s.id, name: s.name, colour: s.colour, values: r.region_gmv[k] }))
      .concat(r.segments.map((s, k) => ({ key: s.id + "_against", name: s.name + ", " + nameOf(r.against), colour: s.colour, values: r.region_gmv_against[k], dash: "4 3", faint: true, nolegend: k > 0, legendName: "Baseline (faint, dashed)" })))
      .concat(...r.segments.map((s, k) => pinned(s.id, s.name, s.colour, (x) => x.region_gmv[k]).map((p) => Object.assign(p, { nolegend: k > 0, legendName: p.name.replace(/.*, /, "") + " (faint)" })))),
    { fmt: money, y: "US$ a year", fromZero: true });
  }
}

function el(name, attrs, text) {
  const e = document.createElementNS(SVGNS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// reuse draws into parent keeping its children from the last redraw: add
// takes the next child when it is of the same kind and sets only the
// attributes and text that differ (so the element is as new), end drops
// those left over. A move mostly moves the same lines and labels, and new
// nodes and new text are what a redraw costs (each is laid out afresh).
function reuse(parent) {
  let i = 0;
  return {
    add(name, attrs, text) {
      let e = parent.children[i];
      if (!e || e.localName !== name) {
        e = document.createElementNS(SVGNS, name);
        parent.insertBefore(e, parent.children[i] || null);
      }
      i++;
      for (const a of [...e.attributes]) if (!(a.name in attrs)) e.removeAttribute(a.name);
      for (const k in attrs) {
        const v = String(attrs[k]);
        if (e.getAttribute(k) !== v) e.setAttribute(k, v);
      }
      if (text !== undefined) setText(e, text);
      else if (e.firstChild && name !== "g") e.replaceChildren();
      return e;
    },
    end() { while (parent.children.length > i) parent.lastElementChild.remove(); },
  };
}

function niceTicks(lo, hi, n) {
  if (hi <= lo) hi = lo + 1;
  const raw = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}
// yearTicks are whole years, a whole step apart, that fit in n labels.
function yearTicks(t0, t1, n) {
  const span = t1 - t0, step = [1, 2, 5, 10, 20, 50].find((s) => span / s <= n) || 100;
  const out = [];
  for (let y = Math.ceil(t0 / step) * step; y <= t1 + 1e-9; y += step) out.push(y);
  return out;
}

// chart draws one figure: lines, stacked areas or bars, the faint
// baselines and pins, axes with titles, a legend that fits (below the
// plot), a value readout on hover and keyboard focus, a table view and
// the downloads.
function chart(id, times, series, opt) {
  const svg = $("chart-" + id), fig = svg.parentElement;
  const W = Math.max(240, Math.round(widths[id] || 480));
  // A group of faint lines (a baseline or pin per member) has one entry,
  // named by its first line's legendName, in grey.
  const legendItems = series.filter((s) => !s.nolegend).map((s) => ({ name: s.legendName || s.name, colour: s.legendName ? "#777" : s.colour, dash: s.dash, area: s.area, bars: s.bars, faint: s.faint }));
  // The legend: as many columns as fit, each as wide as the longest name
  // (6.2 px a character at 11 px), rows of 15 px.
  const colW = Math.min(W - 30, Math.max(110, 26 + 6.2 * Math.max(...legendItems.map((it) => it.name.length))));
  const cols = Math.max(1, Math.floor((W - 30) / colW)), rows = Math.ceil(legendItems.length / cols);
  const plotH = Math.round(Math.min(300, Math.max(170, W * 0.45)));
  const M = { l: 76, r: 16, t: 10, b: 36 };
  const H = plotH + rows * 15 + 6;
  setAttr(svg, "viewBox", "0 0 " + W + " " + H);
  setAttr(svg, "height", H);
  setAttr(svg, "font-family", FONT);
  setAttr(svg, "font-size", "11");
  const out = reuse(svg);
  let lo = Infinity, hi = -Infinity;
  const top = times.map((_, k) => series.filter((s) => s.area).reduce((a, s) => a + s.values[k], 0));
  for (const s of series) for (const v of (s.area ? top : s.values)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (opt.fromZero || opt.stacked) lo = Math.min(0, lo);
  if (opt.zero) hi = Math.max(0, hi);
  const ticks = niceTicks(lo, hi, Math.max(3, Math.floor((plotH - M.t - M.b) / 40)));
  lo = Math.min(lo, ticks[0]); hi = Math.max(hi, ticks[ticks.length - 1]);
  const bars = series.some((s) => s.bars), step = times.length > 1 ? times[1] - times[0] : 1;
  const t0 = times[0] - (bars ? step / 2 : 0), t1 = times[times.length - 1] + (bars ? step / 2 : 0);
  const x = (t) => M.l + (t - t0) / (t1 - t0) * (W - M.l - M.r);
  const y = (v) => plotH - M.b - (v - lo) / (hi - lo || 1) * (plotH - M.t - M.b);
  for (const v of ticks) {
    out.add("line", { x1: M.l, x2: W - M.r, y1: y(v), y2: y(v), stroke: "#ddd" });
    out.add("text", { x: M.l - 4, y: y(v) + 4, "text-anchor": "end", fill: "#555" }, opt.fmt(v));
  }
  out.add("line", { x1: M.l, x2: W - M.r, y1: y(lo), y2: y(lo), stroke: "#666" });
  for (const t of yearTicks(times[0], times[times.length - 1], Math.floor((W - M.l - M.r) / 44))) {
    out.add("line", { x1: x(t), x2: x(t), y1: y(lo), y2: y(lo) + 4, stroke: "#666" });
    out.add("text", { x: x(t), y: y(lo) + 15, "text-anchor": "middle", fill: "#555" }, String(t));
  }
  out.add("text", { x: (M.l + W - M.r) / 2, y: plotH - 4, "text-anchor": "middle", fill: "#333" }, "Year");
  out.add("text", { x: 0, y: 0, transform: "translate(12," + ((M.t + plotH - M.b) / 2) + ") rotate(-90)", "text-anchor": "middle", fill: "#333" }, opt.y);
  // Faint series behind, then areas and bars, then lines.
  const path = (vals) => times.map((t, k) => (k ? "L" : "M") + x(t).toFixed(2) + "," + y(vals[k]).toFixed(2)).join("");
  const below = times.map(() => 0);
  for (const s of series.filter((s) => s.area)) {
    const up = times.map((_, k) => below[k] + s.values[k]);
    const d = path(up) + times.map((_, k) => { const j = times.length - 1 - k; return "L" + x(times[j]).toFixed(2) + "," + y(below[j]).toFixed(2); }).join("") + "Z";
    out.add("path", { d, fill: s.colour, "fill-opacity": 0.85, stroke: "#fff", "stroke-width": 0.5, "data-key": s.key, "data-values": s.values.join(",") });
    for (let k = 0; k < times.length; k++) below[k] = up[k];
  }
  for (const s of series.filter((s) => s.bars)) {
    const w = (x(times[0] + step) - x(times[0])) * 0.7;
    const g = reuse(out.add("g", { "data-key": s.key, "data-values": s.values.join(",") }));
    times.forEach((t, k) => {
      const v = s.values[k], y0 = y(0), y1 = y(v);
      g.add("rect", { x: x(t) - w / 2, y: Math.min(y0, y1), width: w, height: Math.max(Math.abs(y1 - y0), 0.5), fill: v < 0 ? "#D55E00" : s.colour });
    });
    g.end();
    out.add("line", { x1: M.l, x2: W - M.r, y1: y(0), y2: y(0), stroke: "#666" });
  }
  for (const s of series.filter((s) => !s.area && !s.bars).sort((a, b) => (b.faint ? 1 : 0) - (a.faint ? 1 : 0))) {
    out.add("path", { d: path(s.values), fill: "none", stroke: s.colour, "stroke-width": s.faint ? 1.4 : 2, "stroke-opacity": s.faint ? 0.5 : 1,
      "stroke-dasharray": s.dash || "none", "data-key": s.key, "data-values": s.values.join(",") });
  }
  // The legend, below the plot.
  legendItems.forEach((it, k) => {
    const lx = 26 + (k % cols) * colW, ly = plotH + 8 + Math.floor(k / cols) * 15;
    if (it.area || it.bars) out.add("rect", { x: lx, y: ly - 5, width: 14, height: 9, fill: it.colour });
    else out.add("line", { x1: lx, x2: lx + 16, y1: ly, y2: ly, stroke: it.colour, "stroke-width": 2, "stroke-opacity": it.faint ? 0.5 : 1, "stroke-dasharray": it.dash || "none" });
    out.add("text", { x: lx + 20, y: ly + 4, fill: "#222" }, clip(it.name, Math.floor((colW - 26) / 6.2)));
  });
  // Hover and keyboard: a rule at the nearest year and its values below.
  const rule = out.add("line", { y1: M.t, y2: plotH - M.b, stroke: "#222", "stroke-width": 1, visibility: "hidden" });
  out.end();
  const shown = series;
  const readout = tools(id, fig, times, shown, opt.fmt);
  const at = (k) => {
    k = Math.max(0, Math.min(times.length - 1, k));
    svg.dataset.at = String(k);
    rule.setAttribute("x1", x(times[k])); rule.setAttribute("x2", x(times[k])); rule.setAttribute("visibility", "visible");
    readout.textContent = Math.round(times[k]) + ": " + shown.filter((s) => !s.faint || s.key.endsWith("against_total")).map((s) => s.name + " " + opt.fmt(s.values[k])).join("; ");
  };
  svg.onmousemove = (ev) => {
    const r = svg.getBoundingClientRect(), px = (ev.clientX - r.left) * W / r.width;
    let best = 0;
    times.forEach((t, k) => { if (Math.abs(x(t) - px) < Math.abs(x(times[best]) - px)) best = k; });
    at(best);
  };
  svg.onmouseleave = () => { if (document.activeElement !== svg) { rule.setAttribute("visibility", "hidden"); readout.textContent = ""; } };
  svg.onfocus = () => at(svg.dataset.at ? Number(svg.dataset.at) : times.length - 1);
  svg.onblur = () => { rule.setAttribute("visibility", "hidden"); readout.textContent = ""; };
  svg.onkeydown = (ev) => {
    const k = Number(svg.dataset.at || times.length - 1);
    const next = { ArrowLeft: k - 1, ArrowRight: k + 1, Home: 0, End: times.length - 1 }[ev.key];
    if (next !== undefined) { ev.preventDefault(); at(next); }
  };
  if (document.activeElement === svg) at(Number(svg.dataset.at || times.length - 1));
}

function clip(s, n) { return s.length > n ? s.slice(0, n - 1) + "…" : s; }

// memberBars draws the cumulative dividend of each member as bars.
function memberBars(id, r) {
  const svg = $("chart-" + id), fig = svg.parentElement;
  const W = Math.max(240, Math.round(widths[id] || 480)), rowH = 20, M = { l: 110, r: 16, t: 8, b: 34 };
  const vals = r.dividend_members, H = M.t + vals.length * rowH + M.b;
  setAttr(svg, "viewBox", "0 0 " + W + " " + H);
  setAttr(svg, "height", H);
  setAttr(svg, "font-family", FONT);
  setAttr(svg, "font-size", "11");
  const out = reuse(svg);
  const lo = Math.min(0, ...vals), hi = Math.max(0, ...vals), ticks = niceTicks(lo, hi, Math.max(2, Math.floor((W - M.l - M.r) / 90)));
  const a = Math.min(lo, ticks[0]), b = Math.max(hi, ticks[ticks.length - 1]);
  const x = (v) => M.l + (v - a) / (b - a || 1) * (W - M.l - M.r);
  for (const v of ticks) {
    out.add("line", { x1: x(v), x2: x(v), y1: M.t, y2: H - M.b, stroke: "#ddd" });
    out.add("text", { x: x(v), y: H - M.b + 14, "text-anchor": "middle", fill: "#555" }, money(v));
  }
  out.add("text", { x: (M.l + W - M.r) / 2, y: H - 4, "text-anchor": "middle", fill: "#333" }, "US$, cumulative over " + Math.round(r.times[0]) + "-" + Math.round(r.times[r.times.length - 1]));
  r.members.forEach((m, i) => out.add("text", { x: M.l - 6, y: M.t + i * rowH + rowH / 2 + 4, "text-anchor": "end", fill: "#222" }, m.name));
  const g = reuse(out.add("g", { "data-key": "dividend_members", "data-values": vals.join(",") }));
  r.members.forEach((m, i) => g.add("rect", { x: Math.min(x(0), x(vals[i])), y: M.t + i * rowH + 3, width: Math.max(0.5, Math.abs(x(vals[i]) - x(0))), height: rowH - 6, fill: m.colour }));
  g.end();
  out.add("line", { x1: x(0), x2: x(0), y1: M.t, y2: H - M.b, stroke: "#666" });
  out.end();
  const readout = tools(id, fig, null, r.members.map((m, i) => ({ name: m.name, values: [vals[i]] })), money);
  readout.textContent = "";
  svg.onmousemove = svg.onmouseleave = svg.onkeydown = svg.onblur = null;
  svg.onfocus = () => { readout.textContent = r.members.map((m, i) => m.name + " " + money(vals[i])).join("; "); };
}

// tools puts below a figure its value readout, the CSV, SVG and PNG
// downloads and a table of its numbers (for screen readers, and to copy).
function tools(id, fig, times, series, fmt) {
  let box = fig.querySelector(".tools");
  if (!box) {
    box = document.createElement("div");
    box.className = "tools";
    box.innerHTML = '<p class="readout"></p><button type="button" data-get="csv">CSV</button><button type="button" data-get="svg">SVG</button>' +
      '<button type="button" data-get="png">PNG</button><details><summary>Table</summary><div class="tablewrap"></div></details>';
    fig.append(box);
    box.querySelector("details").ontoggle = () => fillTable(box);
    box.querySelectorAll("button").forEach((b) => { b.onclick = () => download(id, b.dataset.get); });
    box.querySelector(".readout").setAttribute("aria-live", "off");
  }
  const rows = [["Year"].concat(series.map((s) => s.name))];
  if (times) times.forEach((t, k) => rows.push([String(Math.round(t * 1000) / 1000)].concat(series.map((s) => String(s.values[k])))));
  else rows.splice(0, 1, ["Member", "Value"], ...series.map((s) => [s.name, String(s.values[0])]));
  box.data = { rows, fmt, byRow: !times };
  const caption = fig.querySelector("figcaption").textContent;
  box.querySelectorAll("button").forEach((b) => b.setAttribute("aria-label", b.textContent + " of " + caption));
  if (box.querySelector("details").open) fillTable(box);
  return box.querySelector(".readout");
}
function fillTable(box) {
  const wrap = box.querySelector(".tablewrap");
  if (!box.querySelector("details").open) { wrap.replaceChildren(); return; }
  const { rows, fmt } = box.data;
  const table = document.createElement("table");
  rows.forEach((row, k) => {
    const tr = document.createElement("tr");
    row.forEach((cell, j) => {
      const c = document.createElement(k === 0 || j === 0 ? "th" : "td");
      if (k === 0) c.scope = "col"; else if (j === 0) c.scope = "row";
      c.textContent = k > 0 && j > 0 ? fmt(Number(cell)) : cell;
      tr.append(c);
    });
    table.append(tr);
  });
  wrap.replaceChildren(table);
}

function csvCell(s) { return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; }
function download(id, kind) {
  const svg = $("chart-" + id), box = svg.parentElement.querySelector(".tools");
  const name = (state.last.file || "studio").replace(/\.toml$/, "") + "-" + id;
  if (kind === "csv") return save(name + ".csv", box.data.rows.map((r) => r.map(csvCell).join(",")).join("\n") + "\n", "text/csv");
  const clone = svg.cloneNode(true);
  clone.setAttribute("xmlns", SVGNS);
  const [, , w, h] = svg.getAttribute("viewBox").split(" ").map(Number);
  clone.setAttribute("width", w); clone.setAttribute("height", h);
  clone.insertBefore(el("rect", { width: w, height: h, fill: "#fff" }), clone.firstChild);
  const title = el("title", {}, svg.parentElement.querySelector("figcaption").textContent);
  clone.insertBefore(title, clone.firstChild);
  const text = new XMLSerializer().serializeToString(clone);
  if (kind === "svg") return save(name + ".svg", text, "image/svg+xml");
  const img = new Image();
  img.onload = () => {
    const c = document.createElement("canvas");
    c.width = w * 2; c.height = h * 2;
    const g = c.getContext("2d");
    g.scale(2, 2);
    g.drawImage(img, 0, 0);
    c.toBlob((b) => save(name + ".png", b, "image/png"));
  };
  img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
}
function save(name, data, type) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(data instanceof Blob ? data : new Blob([data], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

start().catch((e) => setStatus(String(e), true));
