// digisim studio: the page. Controls come from /api/describe (labels, units
// and ranges of the scenario schema); every move posts the settings to
// /api/run and redraws the charts from the numbers it returns. Charts are
// hand-written SVG in the house style of output/chart (colours, labels and
// number formats).
"use strict";

const $ = (id) => document.getElementById(id);
const SVGNS = "http://www.w3.org/2000/svg";

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
// Slider values: enough digits for the step.
function sliderText(v, c) {
  if (c.unit === "share") return number(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  return number(v) === "0" && v !== 0 ? v.toPrecision(2) : number(v);
}

// ---- state ----
const state = {
  desc: null,         // /api/describe
  against: "",
  againstChosen: false, // the user (or --against) picked the counterfactual
  set: {},            // control key -> value the user moved
  coord: {},          // "*" or pillar -> lever state the user moved
  coordBase: {},      // pillar -> lever state read from the scenario
  seq: 0, shown: 0, inFlight: false, pending: false,
};

// ---- coordination schedules as levers ----
// A schedule is read as: a level before entry into force, a one-year ramp
// to the agreement's level from the entry year, and optionally a
// phase-in from its start year to a binding level.
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

// ---- controls ----
function slider(c, onInput) {
  const div = document.createElement("div");
  div.className = "control";
  const name = document.createElement("div");
  name.className = "name";
  const lab = document.createElement("label");
  lab.textContent = c.label;
  const val = document.createElement("span");
  val.className = "value";
  name.append(lab, val);
  const input = document.createElement("input");
  input.type = "range";
  input.min = c.min; input.max = c.max;
  input.step = c.step || (c.max - c.min) / 200;
  input.value = c.value;
  input.dataset.key = c.key;
  const id = "ctl-" + c.key.replace(/[^A-Za-z0-9_-]/g, "_");
  input.id = id; lab.htmlFor = id;
  const unit = document.createElement("div");
  unit.className = "unit";
  unit.textContent = (c.unit ? c.unit + ", " : "") + "range " + sliderText(c.min, c) + " to " + sliderText(c.max, c) + (c.note ? "; " + c.note : "");
  const show = () => { val.textContent = sliderText(Number(input.value), c); };
  show();
  input.addEventListener("input", () => { show(); onInput(Number(input.value)); });
  div.append(name, input, unit);
  div.setValue = (v) => { input.value = v; show(); };
  return div;
}

function buildControls() {
  const d = state.desc;
  for (const id of ["levers", "investment", "uncertainties"]) {
    const box = $(id);
    box.querySelectorAll(".control").forEach((e) => e.remove());
  }
  for (const c of d.controls) {
    const box = c.group === "uncertainty" ? $("uncertainties") : (c.member ? $("investment") : $("levers"));
    box.append(slider(c, (v) => { state.set[c.key] = v; update(); }));
  }
  // Coordination: the pillar picker and its sliders.
  const sel = $("pillar");
  sel.replaceChildren();
  const all = new Option("All pillars", "*");
  sel.add(all);
  for (const p of d.pillars) sel.add(new Option(p.replace(/_/g, " "), p));
  state.coordBase = {};
  for (const p of d.pillars) state.coordBase[p] = readSchedule(d.coordination[p], d.base_year);
  drawCoordSliders();
}

function coordOf(pillar) {
  if (state.coord[pillar]) return state.coord[pillar];
  if (pillar !== "*" && state.coord["*"]) return state.coord["*"];
  return state.coordBase[pillar === "*" ? state.desc.pillars[0] : pillar];
}

function drawCoordSliders() {
  const d = state.desc, pillar = $("pillar").value || "*";
  const c = coordOf(pillar);
  const years = { unit: "year", min: Math.min(d.base_year, c.origin), max: d.horizon - 1, step: 1 };
  const level = { unit: "share", min: 0, max: 1, step: 0.05, note: "0.2 information sharing, 0.5 cooperation, 1 binding" };
  const move = (field) => (v) => {
    const cur = Object.assign({}, coordOf(pillar));
    cur[field] = v;
    if (pillar === "*") state.coord = {};
    state.coord[pillar] = cur;
    drawSchedule(pillar);
    update();
  };
  const box = $("coord-sliders"), dbox = $("defa-sliders");
  box.replaceChildren(
    slider(Object.assign({ key: "coord.before", label: "Level before entry into force", value: c.before }, level), move("before")),
    slider(Object.assign({ key: "coord.level", label: "Level after entry into force", value: c.level }, level), move("level")),
    slider(Object.assign({ key: "coord.in_force", label: "Entry into force (year)", value: c.inForce }, years), move("inForce")));
  dbox.replaceChildren(
    slider(Object.assign({ key: "coord.defa_start", label: "Phase-in start year", value: c.defaStart }, years), move("defaStart")),
    slider(Object.assign({ key: "coord.defa_level", label: "Level reached", value: c.defaLevel }, level), move("defaLevel")),
    slider(Object.assign({ key: "coord.defa_years", label: "Phase-in (years)", value: c.defaYears, unit: "years", min: 1, max: 15, step: 1 }), move("defaYears")));
  $("defa").checked = c.defa;
  dbox.hidden = !c.defa;
  drawSchedule(pillar);
  $("defa").onchange = () => { move("defa")($("defa").checked); drawCoordSliders(); };
}

// drawSchedule draws kappa(t) of a pillar ("*": the first) as the run
// will use it: the moved levers' schedule, else the scenario's own.
function drawSchedule(pillar) {
  const d = state.desc, svg = $("schedule");
  const p = pillar === "*" ? d.pillars[0] : pillar;
  const moved = state.coord[pillar] || (pillar !== "*" && state.coord["*"]);
  const pts = moved ? buildSchedule(moved, d.base_year) : d.coordination[p];
  const x = (t) => 30 + (Math.min(Math.max(t, d.base_year), d.horizon) - d.base_year) / (d.horizon - d.base_year) * 262;
  const y = (v) => 80 - v * 70;
  svg.replaceChildren();
  for (const v of [0, 0.5, 1]) {
    svg.append(el("line", { class: "grid", x1: 30, x2: 292, y1: y(v), y2: y(v) }));
    svg.append(el("text", { class: "tick", x: 26, y: y(v) + 3, "text-anchor": "end" }, String(v)));
  }
  const path = [[d.base_year, pts[0][1]], ...pts, [d.horizon, pts[pts.length - 1][1]]];
  svg.append(el("path", { d: path.map((q, k) => (k ? "L" : "M") + x(q[0]).toFixed(1) + "," + y(q[1]).toFixed(1)).join(""),
    fill: "none", stroke: "#0072B2", "stroke-width": 2, "data-key": "schedule", "data-values": pts.map((q) => q.join(":")).join(",") }));
  svg.append(el("text", { class: "tick", x: 30, y: 89 }, String(d.base_year)));
  svg.append(el("text", { class: "tick", x: 292, y: 89, "text-anchor": "end" }, String(d.horizon)));
}

// ---- talking to the server ----
function settings() {
  const s = { scenario: state.desc.scenario, against: state.against, set: state.set, coordination: {} };
  for (const [p, c] of Object.entries(state.coord)) s.coordination[p] = buildSchedule(c, state.desc.base_year);
  return s;
}

async function update() {
  if (state.inFlight) { state.pending = true; return; }
  state.inFlight = true;
  const seq = ++state.seq, t0 = performance.now();
  try {
    const resp = await fetch("api/run", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(settings()) });
    const body = await resp.json();
    if (!resp.ok) throw new Error(body.error || resp.statusText);
    draw(body);
    state.shown = seq;
    document.body.dataset.seq = String(seq);
    setStatus("updated in " + Math.round(performance.now() - t0) + " ms", false);
  } catch (e) {
    setStatus(String(e.message || e), true);
  } finally {
    state.inFlight = false;
    if (state.pending) { state.pending = false; update(); }
  }
}

function setStatus(text, error) {
  const s = $("status");
  s.textContent = text;
  s.className = error ? "error" : "";
}

async function loadScenario(ref) {
  const resp = await fetch("api/describe?scenario=" + encodeURIComponent(ref));
  const body = await resp.json();
  if (!resp.ok) { setStatus(body.error, true); return; }
  state.desc = body;
  // Offer as counterfactuals only the scenarios of the same members,
  // segments, pillars and time axis.
  for (const o of $("against").options) {
    o.hidden = o.disabled = o.dataset.shape !== body.shape;
  }
  const chosen = $("against").selectedOptions[0];
  if (!state.againstChosen || (chosen && chosen.hidden)) {
    state.against = body.against;
    $("against").value = body.against;
  }
  state.set = {};
  state.coord = {};
  buildControls();
  await update();
}

async function start() {
  const resp = await fetch("api/scenarios");
  const body = await resp.json();
  for (const id of ["scenario", "against"]) {
    const sel = $(id);
    for (const e of body.scenarios) {
      const o = new Option(e.ref + (e.shipped ? "" : " (folder)"), e.ref);
      o.title = e.description || "";
      o.dataset.shape = e.shape;
      sel.add(o);
    }
  }
  $("scenario").value = body.scenario;
  if (body.against) {
    state.against = body.against;
    state.againstChosen = true;
    $("against").value = body.against;
  }
  $("scenario").onchange = () => loadScenario($("scenario").value);
  $("against").onchange = () => { state.against = $("against").value; state.againstChosen = true; update(); };
  $("pillar").onchange = drawCoordSliders;
  $("download").onclick = download;
  await loadScenario(body.scenario);
}

let lastFile = { name: "studio.toml", text: "" };
function download() {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([lastFile.text], { type: "application/toml" }));
  a.download = lastFile.name;
  document.body.append(a);
  a.click();
  a.remove();
}

// ---- drawing ----
function draw(r) {
  const hl = $("headline");
  hl.replaceChildren();
  for (const h of r.headline) {
    const card = document.createElement("div");
    card.className = "card";
    card.id = "headline-" + h.key;
    card.dataset.value = String(h.value);
    const l = document.createElement("div"); l.className = "label"; l.textContent = h.label;
    const t = document.createElement("div"); t.className = "text"; t.textContent = h.text;
    card.append(l, t);
    hl.append(card);
  }
  const gmv = r.variables.gmv;
  $("cap-region").textContent = "Regional " + gmv.label + " by segment (" + gmv.unit + ")";
  stacked($("chart-region"), r.times, r.segments.map((s, k) => ({ key: s.id, name: s.name, colour: s.colour, values: r.region_gmv[k] })));
  $("cap-members").textContent = gmv.label + " by member (" + gmv.unit + ")";
  lines($("chart-members"), r.times, r.members.map((m, i) => ({ key: m.id, name: m.name, colour: m.colour, values: r.member_gmv[i] })), money, true);
  $("cap-dividend").textContent = "Coordination dividend: regional " + gmv.label + " against " + r.against + " (" + gmv.unit + ")";
  bars($("chart-dividend"), r.times, r.dividend);
  $("cap-convergence").textContent = "Convergence: " + r.variables.gini_gmv_per_head.label + " and " + r.variables.capacity_gap.label;
  lines($("chart-convergence"), r.times, [
    { key: "gini", name: "Gini", colour: "#0072B2", values: r.gini },
    { key: "gini_against", name: "Gini, " + r.against, colour: "#000000", dash: true, values: r.gini_against },
    { key: "capacity_gap", name: "Capacity gap", colour: "#D55E00", values: r.capacity_gap },
    { key: "capacity_gap_against", name: "Gap, " + r.against, colour: "#999999", dash: true, values: r.capacity_gap_against },
  ], number, false, 130);
  $("toml").textContent = r.toml;
  lastFile = { name: r.file, text: r.toml };
}

function el(name, attrs, text) {
  const e = document.createElementNS(SVGNS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function niceTicks(lo, hi, n) {
  if (hi <= lo) hi = lo + 1;
  const raw = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

// frame draws the axes of a chart and returns its scales.
const M = { l: 52, r: 10, t: 8, b: 22 };
function frame(svg, times, lo, hi, fmt, right, pad) {
  svg.replaceChildren();
  pad = pad || 0;
  const W = 480 - (right || 0), H = 270;
  const ticks = niceTicks(lo, hi, 5);
  lo = Math.min(lo, ticks[0]); hi = Math.max(hi, ticks[ticks.length - 1]);
  const t0 = times[0] - pad, t1 = times[times.length - 1] + pad;
  const x = (t) => M.l + (t - t0) / (t1 - t0) * (W - M.l - M.r);
  const y = (v) => H - M.b - (v - lo) / (hi - lo) * (H - M.t - M.b);
  for (const v of ticks) {
    svg.append(el("line", { class: "grid", x1: M.l, x2: W - M.r, y1: y(v), y2: y(v) }));
    svg.append(el("text", { class: "tick", x: M.l - 4, y: y(v) + 3, "text-anchor": "end" }, fmt(v)));
  }
  svg.append(el("line", { class: "axis", x1: M.l, x2: W - M.r, y1: H - M.b, y2: H - M.b }));
  for (const t of niceTicks(times[0], times[times.length - 1], 6)) {
    if (t < times[0] || t > times[times.length - 1]) continue;
    svg.append(el("text", { class: "tick", x: x(t), y: H - M.b + 13, "text-anchor": "middle" }, String(Math.round(t))));
  }
  return { x, y, W, H };
}

function legend(svg, items, x0, y0) {
  items.forEach((it, k) => {
    const y = y0 + k * 13;
    svg.append(el("line", { x1: x0, x2: x0 + 14, y1: y, y2: y, stroke: it.colour, "stroke-width": it.fill ? 8 : 2, "stroke-dasharray": it.dash ? "5 2.5" : "none" }));
    svg.append(el("text", { x: x0 + 18, y: y + 3.5 }, it.name));
  });
}

function stacked(svg, times, series) {
  const top = times.map((_, k) => series.reduce((a, s) => a + s.values[k], 0));
  const f = frame(svg, times, 0, Math.max(...top), money, 110);
  const below = times.map(() => 0);
  for (const s of series) {
    const up = times.map((_, k) => below[k] + s.values[k]);
    const d = times.map((t, k) => (k ? "L" : "M") + f.x(t).toFixed(2) + "," + f.y(up[k]).toFixed(2)).join("") +
      times.map((t, k) => "L" + f.x(times[times.length - 1 - k]).toFixed(2) + "," + f.y(below[times.length - 1 - k]).toFixed(2)).join("") + "Z";
    svg.append(el("path", { d, fill: s.colour, "fill-opacity": 0.85, stroke: "#fff", "stroke-width": 0.5, "data-key": s.key, "data-values": s.values.join(",") }));
    for (let k = 0; k < times.length; k++) below[k] = up[k];
  }
  legend(svg, series.slice().reverse().map((s) => ({ name: s.name, colour: s.colour, fill: true })), f.W + 4, 20);
}

function lines(svg, times, series, fmt, fromZero, right) {
  let lo = Infinity, hi = -Infinity;
  for (const s of series) for (const v of s.values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (fromZero) lo = Math.min(0, lo);
  const f = frame(svg, times, lo, hi, fmt, right || 110);
  for (const s of series) {
    const d = times.map((t, k) => (k ? "L" : "M") + f.x(t).toFixed(2) + "," + f.y(s.values[k]).toFixed(2)).join("");
    svg.append(el("path", { d, fill: "none", stroke: s.colour, "stroke-width": 1.8, "stroke-dasharray": s.dash ? "5 2.5" : "none", "data-key": s.key, "data-values": s.values.join(",") }));
  }
  legend(svg, series, f.W + 4, 14);
}

function bars(svg, times, values) {
  const step = times.length > 1 ? times[1] - times[0] : 1;
  const f = frame(svg, times, Math.min(0, ...values), Math.max(0, ...values), money, 0, step / 2);
  const w = (f.x(times[0] + step) - f.x(times[0])) * 0.7;
  const g = el("g", { "data-key": "dividend", "data-values": values.join(",") });
  times.forEach((t, k) => {
    const v = values[k], y0 = f.y(0), y1 = f.y(v);
    g.append(el("rect", { x: f.x(t) - w / 2, y: Math.min(y0, y1), width: w, height: Math.max(Math.abs(y1 - y0), 0.5), fill: v < 0 ? "#D55E00" : "#0072B2" }));
  });
  svg.append(g);
  svg.append(el("line", { class: "axis", x1: M.l, x2: f.W - M.r, y1: f.y(0), y2: f.y(0) }));
}

start().catch((e) => setStatus(String(e), true));
