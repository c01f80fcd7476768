#!/usr/bin/env python3
"""An independent numpy implementation of the model of MODEL.md, for two jobs:

1. a cross-check of the Go engine: it reads the resolved parameters that
   `digisim run` writes into manifest.json, integrates the same equations
   written afresh (vectorised over members, pillars and segments, with no
   code shared with the engine), and compares its regional outputs with
   the run's summary.csv;
2. the speed yardstick of docs/performance.md: the vectorised mode
   (--batch, --sweep) integrates many runs at once, the runs as the leading
   axis of every array, as a researcher would write a sweep in numpy.
   scripts/bench-vs-numpy.sh times it against the engine.

Usage:
  reference.py RUN_DIR [--tol 1e-9] [--repeat 5]
      one run, written for clarity, one run at a time
  reference.py --batch RUN_DIR... [--copies N] [--tol 1e-9] [--repeat 1]
      the runs (of the same members, segments, pillars and time axis), each
      N times, as one batch; each run is compared with its summary.csv
  reference.py --sweep SWEEP_DIR [--first N] [--tol 1e-9] [--repeat 1]
      the runs of a `digisim sweep` without income shocks as one batch: the
      experiment's parameters with each run's drawn values of runs.csv (its
      first N rows with --first); the regional outcomes at an output year
      are compared with runs.csv
Times are of the runs alone (after reading the files), after one untimed
run that is checked; --repeat 0 only checks. For a speed figure, run on one
thread: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1.
Exit status 1 when any compared value differs by more than --tol (relative).
Models v1 and v2 (MODEL.md, "Model v2": tenure, deepening, spend drift,
fading events) and events, in both modes. Where MODEL.md leaves a choice,
this reads it so (and the engine agrees, scripts/numpy/v2-check.toml):
the tenure at t0 is per member and segment (members.<m>.tenure_years.<s>
in the resolved parameters); events that overlap on a cell multiply; a
fading tail is ended by any other event on the same member and segment
(on potential or on spend) that starts at or after the faded event's end,
not by one that started before its end.
"""
import argparse
import csv
import json
import sys
import time

import numpy as np

EARTH_RADIUS_KM = 6371.0
# |rho| below which equation 4 is its limit rho = 0, the weighted geometric
# mean (MODEL.md, equation 4; sim/powers.go cesZero).
CES_ZERO = 1e-8


def load(manifest_path):
    return model(json.load(open(manifest_path))["parameters"])


def model(prm):
    """The arrays of one run from its resolved parameters (manifest.json)."""
    pillars = prm["pillars"]
    segs = list(prm["segments"].keys())
    mems = list(prm["members"].keys())
    S, K = len(segs), len(pillars)
    m = {"pillars": pillars, "segments": segs, "members": mems, "time": prm["time"], "policy": prm["policy"]}
    m["v2"] = prm.get("model", "v1") == "v2"
    mv = prm["members"]
    for key in ["population", "population_growth", "online_share", "online_share_max", "online_speed",
                "income_per_head_usd", "income_growth", "latitude", "longitude"]:
        m[key] = np.array([mv[i][key] for i in mems], dtype=float)
    m["c0"] = np.array([[mv[i]["capacity"][k] for k in pillars] for i in mems])
    m["a"] = np.array([[mv[i]["investment"][k] for k in pillars] for i in mems])
    m["U0"] = np.array([[mv[i]["users"][s] for s in segs] for i in mems])
    m["G0"] = np.array([[mv[i]["gmv_usd"][s] for s in segs] for i in mems])
    # v2 (MODEL.md, Model v2): member spend drift d_i and the tenure H0 at t0,
    # per member and segment in the resolved parameters (members.<m>.tenure_years).
    m["drift"] = np.array([mv[i].get("spend_drift", 0) for i in mems], dtype=float)
    m["H0"] = np.array([[(mv[i].get("tenure_years") or {}).get(s, 0) for s in segs] for i in mems], dtype=float)
    sv = prm["segments"]
    for key in ["innovation", "imitation", "ceiling", "readiness_potential", "complementarity",
                "income_elasticity", "readiness_elasticity", "tradability", "variety", "network",
                "transactions_per_user_day"]:
        m[key] = np.array([sv[s][key] for s in segs], dtype=float)
    m["deepening"] = np.array([sv[s].get("deepening", 0) for s in segs], dtype=float)
    m["events"] = events(prm.get("events") or [], mems, segs)
    w = np.array([[sv[s]["weights"][k] for k in pillars] for s in segs])  # S x K
    m["w"] = w / w.sum(axis=1, keepdims=True)
    m["schedules"] = [np.array(prm["policy"]["coordination"][k], dtype=float) for k in pillars]
    # Eq. 3: each pillar's catch-up rate sigma_k = spillover x catch_up_k (absent: 1).
    catch = prm["policy"].get("catch_up") or {}
    m["sigma_k"] = prm["policy"]["spillover"] * np.array([catch.get(k, 1.0) for k in pillars], dtype=float)
    # Eq. 12: the access a pair has without any coordination (absent: 0).
    m["alpha"] = float(prm["policy"].get("baseline_access", 0.0))
    # Great-circle distances (haversine), eq. 11.
    lat, lon = np.radians(m["latitude"]), np.radians(m["longitude"])
    dlat = lat[None, :] - lat[:, None]
    dlon = lon[None, :] - lon[:, None]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin(dlon / 2) ** 2
    d = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1, np.sqrt(h)))
    decay = np.maximum(d, 1) ** -prm["policy"]["gravity_distance"]
    np.fill_diagonal(decay, 0)
    m["decay"] = decay
    return m


def events(evs, mems, segs):
    """The events with the (member, segment) cells each covers (an empty list
    of members or segments is all of them) and, per cell, when a later event
    on that cell starts and so ends the event's fading tail (MODEL.md eq. 18):
    the first start, at or after this event's end, of another event covering
    the cell (inf: none)."""
    out = []
    for ev in evs:
        mm = set(ev.get("members") or mems)
        ss = set(ev.get("segments") or segs)
        mask = np.array([[i in mm and s in ss for s in segs] for i in mems])
        out.append({"start": float(ev["start"]), "end": float(ev["end"]), "mask": mask,
                    "potential": float(ev.get("potential", 1)), "spend": float(ev.get("spend", 1)),
                    "fade": float(ev.get("fade", 0))})
    for a, ev in enumerate(out):
        cut = np.full(ev["mask"].shape, np.inf)
        for b, other in enumerate(out):
            if b != a and other["start"] >= ev["end"]:
                cut = np.where(other["mask"], np.minimum(cut, other["start"]), cut)
        ev["cut"] = cut
    return out


def event_factors(m, t):
    """The event multipliers on potential users and on spend per user at
    time(s) t (eq. 7, 13, 17, 18): two arrays of shape t.shape + (N, S).
    Over [start, end) an event multiplies by f; with fade phi > 0 it goes on
    after end as f^(phi^(t - end)) until another event on the same cell
    starts; overlapping events multiply."""
    t = np.asarray(t, dtype=float)[..., None, None]
    shape = t.shape[:-2] + m["U0"].shape
    pot, spend = np.ones(shape), np.ones(shape)
    for ev in m["events"]:
        on = (t >= ev["start"]) & (t < ev["end"]) & ev["mask"]
        tail = (t >= ev["end"]) & (t < ev["cut"]) & ev["mask"] if ev["fade"] > 0 else np.zeros(shape, bool)
        for f, out in ((ev["potential"], pot), (ev["spend"], spend)):
            if f == 1:
                continue
            out *= np.where(on, f, 1.0)
            if ev["fade"] > 0:
                faded = f ** (ev["fade"] ** np.maximum(t - ev["end"], 0))
                out *= np.where(tail, faded, 1.0)
    return pot, spend


def kappa(m, t):
    """Coordination schedules, piecewise linear and constant outside (K,).
    Memoised per time: the stage times repeat across steps' stages."""
    memo = m.setdefault("kappa_memo", {})
    if t not in memo:
        memo[t] = np.array([np.interp(t, s[:, 0], s[:, 1]) for s in m["schedules"]])
    return memo[t]


def readiness(m, c):
    """CES over pillars, eq. 4: (N, S)."""
    rho = m["complementarity"]
    w = m["w"]
    logc = np.log(c)  # N x K
    R = np.empty((c.shape[0], len(rho)))
    for s, r in enumerate(rho):
        if abs(r) < CES_ZERO:  # eq. 4's limit rho = 0, below the engine's tolerance
            R[:, s] = np.exp(logc @ w[s])
        else:
            R[:, s] = (np.exp(r * logc) @ w[s]) ** (1 / r)
    return R


def harmonisation(m, e):
    """h_ijs = sum_k w_sk min(e_ik, e_jk), zero diagonal: (N, N, S)."""
    mins = np.minimum(e[:, None, :], e[None, :, :])  # N x N x K
    h = mins @ m["w"].T
    idx = np.arange(e.shape[0])
    h[idx, idx, :] = 0
    return h


def potential(m, t, n, R):
    """Potential users, eq. 7, with the event multiplier on potential."""
    P = m["population"] * np.exp(m["population_growth"] * (t - m["time"]["base_year"]))
    ev_pot, _ = event_factors(m, t)
    return (P * n)[:, None] * m["ceiling"][None, :] * R ** m["readiness_potential"][None, :] * ev_pot


def rhs(m, t, c, e, n, U, H):
    pol = m["policy"]
    cbar = c.mean(axis=1)
    lag = pol["lag_years"] * (1 + pol["lag_sensitivity"] * (1 - cbar))
    de = (pol["business_engagement"] * kappa(m, t)[None, :] - e) / lag[:, None]
    front = c.max(axis=0)
    absorb = pol["absorptive_floor"] + (1 - pol["absorptive_floor"]) * cbar
    dc = m["a"] * (1 - c) + m["sigma_k"][None, :] * e * (front[None, :] - c) * absorb[:, None]
    dn = m["online_speed"] * n * (1 - n / m["online_share_max"])
    M = potential(m, t, n, readiness(m, c))
    h = harmonisation(m, e)
    ratio = np.divide(U, M, out=np.zeros_like(U), where=M != 0)
    omega = m["network"]
    num = np.einsum("ijs,js->is", h, ratio)
    den = h.sum(axis=1)
    phi = (ratio + omega * num) / (1 + omega * den)
    dU = (m["innovation"] + m["imitation"] * phi) * (M - U)
    # Tenure, eq. 16 (v2): users age a year a year; new users arrive with none.
    dH = 1 - np.divide(H * np.maximum(dU, 0), U, out=np.zeros_like(U), where=U != 0)
    dH = np.where(U == 0, 0.0, dH)
    return dc, de, dn, dU, dH


def outputs(m, t, c, e, n, U, H, spend0=None, R0=None):
    pol = m["policy"]
    t0 = m["time"]["base_year"]
    R = readiness(m, c)
    h = harmonisation(m, e)
    P = m["population"] * np.exp(m["population_growth"] * (t - t0))
    y = m["income_per_head_usd"] * np.exp(m["income_growth"] * (t - t0))
    size = (P * y) ** pol["gravity_size"]
    pi = size[None, :] * m["decay"]
    pi = pi / pi.sum(axis=1, keepdims=True)
    access = m["alpha"] + (1 - m["alpha"]) * h  # eq. 12: access without rules, plus what rules add
    diag = np.arange(len(access))
    access[diag, diag, :] = 0  # nothing is bought abroad at home
    acc = access * np.minimum(R[:, None, :], R[None, :, :])  # N x N x S
    x = m["tradability"][None, :] * np.einsum("ij,ijs->is", pi, acc)
    _, ev_spend = event_factors(m, t)
    if spend0 is None:  # the base year: calibrate A0 (eq. 13), net of an event on spend at t0
        den = m["U0"] * (1 + m["variety"] * x) * ev_spend
        spend0 = np.divide(m["G0"], den, out=np.zeros_like(den), where=m["U0"] != 0)
        R0 = R
    A = spend0 * (y / m["income_per_head_usd"])[:, None] ** m["income_elasticity"] * (R / R0) ** m["readiness_elasticity"] * ev_spend
    if m["v2"]:  # eq. 17: deepening with tenure and the member spend drift
        delta = m["deepening"][None, :]
        A = A * (1 + delta * H) / (1 + delta * m["H0"]) * np.exp(m["drift"] * (t - t0))[:, None]
    G = U * A * (1 + m["variety"] * x)
    X = G[:, None, :] * m["tradability"][None, None, :] * pi[:, :, None] * acc
    g = G.sum(axis=1) / P
    gbar = (P * g).sum() / P.sum()
    gini = (P[:, None] * P[None, :] * np.abs(g[:, None] - g[None, :])).sum() / (2 * P.sum() ** 2 * gbar)
    cbar = c.mean(axis=1)
    out = {"time": t, "gmv_total": G.sum(), "users_total": U.sum(), "gmv_per_head": G.sum() / P.sum(),
           "gini_gmv_per_head": gini, "cv_gmv_per_head": g.std() / g.mean(),
           "capacity_gap": cbar.max() - cbar.min(), "cross_border_share": X.sum() / G.sum()}
    for s, name in enumerate(m["segments"]):
        out["gmv_" + name] = G[:, s].sum()
        out["users_" + name] = U[:, s].sum()
    return out, spend0, R0


def run(m):
    tm = m["time"]
    t0, t1, dt, every = tm["base_year"], tm["horizon"], tm["dt"], tm["output_step"]
    steps = int(round((t1 - t0) / dt))
    out_every = int(round(every / dt))
    m["kappa_memo"] = {}  # per run, so that timed runs each pay for it
    c, n, U, H = m["c0"].copy(), m["online_share"].copy(), m["U0"].copy(), m["H0"].copy()
    e = np.tile(m["policy"]["business_engagement"] * kappa(m, t0), (len(n), 1))
    rows = []
    spend0 = R0 = None
    for step in range(steps + 1):
        t = t0 + step * dt
        if step % out_every == 0 or step == steps:
            row, spend0, R0 = outputs(m, t, c, e, n, U, H, spend0, R0)
            rows.append(row)
        if step == steps:
            break
        y = (c, e, n, U, H)
        k1 = rhs(m, t, *y)
        k2 = rhs(m, t + dt / 2, *[v + dt / 2 * k for v, k in zip(y, k1)])
        k3 = rhs(m, t + dt / 2, *[v + dt / 2 * k for v, k in zip(y, k2)])
        k4 = rhs(m, t + dt, *[v + dt * k for v, k in zip(y, k3)])
        c, e, n, U, H = [v + dt / 6 * (a + 2 * b + 2 * cc + d) for v, a, b, cc, d in zip(y, k1, k2, k3, k4)]
    return rows


# ---------------------------------------------------------------------------
# Vectorised mode: many runs at once, the runs as the leading axis b of every
# array (b runs, i/j members, s segments, k pillars), as a researcher who
# wants a sweep from numpy would write it. The same equations as above,
# written again for arrays with a run axis; no Python loop over runs,
# members, segments or pillars inside the time loop.

MEMBER_KEYS = ["population", "population_growth", "online_share", "online_share_max", "online_speed",
               "income_per_head_usd", "income_growth", "c0", "a", "U0", "G0", "decay", "drift", "H0"]
SEGMENT_KEYS = ["innovation", "imitation", "ceiling", "readiness_potential", "complementarity",
                "income_elasticity", "readiness_elasticity", "tradability", "variety", "network", "w",
                "deepening"]
POLICY_KEYS = ["business_engagement", "lag_years", "lag_sensitivity", "spillover", "absorptive_floor",
               "gravity_size"]


def set_path(prm, path, value):
    """Sets a dotted parameter path of resolved parameters; '*' is every key."""
    parts = path.split(".")

    def walk(node, i):
        for key in (list(node) if parts[i] == "*" else [parts[i]]):
            if not isinstance(node, dict) or key not in node:
                sys.exit(f"reference.py: parameter path {path}: no key {key!r}")
            if i == len(parts) - 1:
                node[key] = value
            else:
                walk(node[key], i + 1)
    walk(prm, 0)


def stack(ms):
    """One batch from the arrays of several runs of the same members,
    segments, pillars and time axis: every parameter gains a leading run axis."""
    first = ms[0]
    for m in ms:
        for key in ["members", "segments", "pillars", "time"]:
            if m[key] != first[key]:
                sys.exit(f"reference.py: a batch needs the same {key} in every run")
    b = {"segments": first["segments"], "time": first["time"], "runs": len(ms)}
    for key in MEMBER_KEYS + SEGMENT_KEYS:
        b[key] = np.stack([m[key] for m in ms])
    for key in POLICY_KEYS:
        b[key] = np.array([m["policy"][key] for m in ms], dtype=float)
    b["sigma_k"] = np.stack([m["sigma_k"] for m in ms])  # (b, k)
    b["alpha"] = np.array([m["alpha"] for m in ms], dtype=float)
    b["schedules"] = [m["schedules"] for m in ms]
    b["v2"] = any(m["v2"] for m in ms)  # v1 runs have no deepening or drift: eq. 17 gives eq. 13
    b["models"] = ms  # for their events
    return b


def event_table(b, times):
    """Event multipliers of every run at the given times: two arrays
    times.shape + (runs, N, S); None when no run has events."""
    if not any(m["events"] for m in b["models"]):
        return None, None
    pot, spend = zip(*(event_factors(m, times) for m in b["models"]))
    axis = np.ndim(times)
    return np.stack(pot, axis=axis), np.stack(spend, axis=axis)


def kappa_table(b, times):
    """kappa_k(t) of every run at the given times: times.shape + (runs, K).
    Each distinct schedule is interpolated once."""
    distinct = {}  # bytes -> schedule, in order of appearance
    for scheds in b["schedules"]:
        for s in scheds:
            distinct.setdefault(s.tobytes(), s)
    index = {key: i for i, key in enumerate(distinct)}
    which = np.array([[index[s.tobytes()] for s in scheds] for scheds in b["schedules"]])  # (runs, K)
    table = np.stack([np.interp(times, s[:, 0], s[:, 1]) for s in distinct.values()], axis=-1)
    return table[..., which]


class Batch:
    """The parameters of a batch shaped for broadcasting (set up once a batch),
    and the right-hand side and outputs of every run at once."""

    def __init__(self, b):
        self.b = b
        self.t0 = b["time"]["base_year"]
        seg = lambda key: b[key][:, None, :]  # (b, 1, s): against (b, i, s)
        self.p, self.q, self.m, self.theta = seg("innovation"), seg("imitation"), seg("ceiling"), seg("readiness_potential")
        self.eps, self.eta, self.tau, self.mu, self.omega = (seg(k) for k in ["income_elasticity", "readiness_elasticity",
                                                                              "tradability", "variety", "network"])
        rho = b["complementarity"]
        self.cobb = (np.abs(rho) < CES_ZERO)[:, None, :]  # (b, 1, s)
        self.any_cobb = bool(self.cobb.any())
        self.rho = np.where(np.abs(rho) < CES_ZERO, 1.0, rho)[:, None, :]  # (b, 1, s); 1 where unused
        self.w = b["w"]  # (b, s, k)
        self.shared_w = bool((self.w == self.w[:1]).all())
        self.wT = self.w[0].T.copy()  # (k, s), when every run has the same weights
        self.a = b["a"]
        pol = lambda key, nd: b[key].reshape((-1,) + (1,) * nd)
        self.beta3 = pol("business_engagement", 2)
        self.sigma3 = b["sigma_k"][:, None, :]  # (b, 1, k): eq. 3, each pillar's catch-up rate
        self.alpha4 = pol("alpha", 3)  # (b, 1, 1, 1): eq. 12, access without coordination
        self.L0, self.lam, self.psi, self.gamma = (pol(k, 1) for k in ["lag_years", "lag_sensitivity",
                                                                       "absorptive_floor", "gravity_size"])
        self.r, self.nmax = b["online_speed"], b["online_share_max"]
        self.pop, self.gp, self.y0, self.gy = b["population"], b["population_growth"], b["income_per_head_usd"], b["income_growth"]
        self.decay = b["decay"]
        self.diag = np.arange(self.a.shape[1])
        self.v2 = b["v2"]
        self.delta, self.drift, self.H0 = seg("deepening"), b["drift"], b["H0"]

    def readiness(self, c):
        """CES over pillars, eq. 4: (b, i, s)."""
        logc = np.log(c)  # (b, i, k)
        z = np.exp(self.rho[:, :, :, None] * logc[:, :, None, :])  # (b, i, s, k)
        if self.shared_w:
            R = np.einsum("bisk,sk->bis", z, self.w[0]) ** (1 / self.rho)
        else:
            R = np.einsum("bisk,bsk->bis", z, self.w) ** (1 / self.rho)
        if self.any_cobb:
            if self.shared_w:
                cd = (logc.reshape(-1, logc.shape[2]) @ self.wT).reshape(R.shape)
            else:
                cd = np.einsum("bik,bsk->bis", logc, self.w)
            R = np.where(self.cobb, np.exp(cd), R)
        return R

    def harmonisation(self, e):
        """h_bijs = sum_k w_sk min(e_bik, e_bjk), zero diagonal: (b, i, j, s)."""
        mins = np.minimum(e[:, :, None, :], e[:, None, :, :])  # (b, i, j, k)
        if self.shared_w:
            h = (mins.reshape(-1, mins.shape[3]) @ self.wT).reshape(mins.shape[:3] + (self.wT.shape[1],))
        else:
            h = np.einsum("bijk,bsk->bijs", mins, self.w)
        h[:, self.diag, self.diag, :] = 0
        return h

    def rhs(self, t, kap, pot, c, e, n, U, H):
        cbar = c.mean(axis=2)  # (b, i)
        lag = self.L0 * (1 + self.lam * (1 - cbar))
        de = (self.beta3 * kap[:, None, :] - e) / lag[:, :, None]
        front = c.max(axis=1, keepdims=True)  # (b, 1, k)
        absorb = self.psi + (1 - self.psi) * cbar
        dc = self.a * (1 - c) + self.sigma3 * e * (front - c) * absorb[:, :, None]
        dn = self.r * n * (1 - n / self.nmax)
        P = self.pop * np.exp(self.gp * (t - self.t0))
        M = (P * n)[:, :, None] * self.m * self.readiness(c) ** self.theta
        if pot is not None:  # event multipliers on potential
            M = M * pot
        h = self.harmonisation(e)
        ratio = np.divide(U, M, out=np.zeros_like(U), where=M != 0)
        num = np.einsum("bijs,bjs->bis", h, ratio)
        den = np.einsum("bijs->bis", h)  # sum over j (einsum: 5x faster than h.sum(axis=2))
        phi = (ratio + self.omega * num) / (1 + self.omega * den)
        dU = (self.p + self.q * phi) * (M - U)
        if not self.v2:
            return dc, de, dn, dU, 0 * H
        dH = np.where(U == 0, 0.0, 1 - np.divide(H * np.maximum(dU, 0), U, out=np.zeros_like(U), where=U != 0))
        return dc, de, dn, dU, dH

    def outputs(self, t, c, e, n, U, H, base):
        """Regional outputs of every run at time t: {column: (b,)}."""
        R = self.readiness(c)
        h = self.harmonisation(e)
        P = self.pop * np.exp(self.gp * (t - self.t0))
        y = self.y0 * np.exp(self.gy * (t - self.t0))
        pi = (P * y)[:, None, :] ** self.gamma[:, :, None] * self.decay  # (b, i, j)
        tot = pi.sum(axis=2, keepdims=True)
        pi = np.divide(pi, tot, out=np.zeros_like(pi), where=tot > 0)  # one member: no partners
        access = self.alpha4 + (1 - self.alpha4) * h  # eq. 12
        access[:, self.diag, self.diag, :] = 0  # nothing is bought abroad at home
        acc = access * np.minimum(R[:, :, None, :], R[:, None, :, :])  # (b, i, j, s)
        x = self.tau * np.einsum("bij,bijs->bis", pi, acc)
        _, ev_spend = event_table(self.b, np.array(t))
        if base is None:  # the base year: calibrate A0 (eq. 13), net of an event on spend at t0
            U0, G0 = self.b["U0"], self.b["G0"]
            den = U0 * (1 + self.mu * x) * (1 if ev_spend is None else ev_spend)
            base = (np.divide(G0, den, out=np.zeros_like(G0), where=U0 != 0), R)
        spend0, R0 = base
        A = spend0 * (y / self.y0)[:, :, None] ** self.eps * (R / R0) ** self.eta
        if ev_spend is not None:
            A = A * ev_spend
        if self.v2:  # eq. 17: deepening and the member spend drift
            A = A * (1 + self.delta * H) / (1 + self.delta * self.H0) * np.exp(self.drift * (t - self.t0))[:, :, None]
        G = U * A * (1 + self.mu * x)
        g = G.sum(axis=2) / P  # (b, i)
        Ptot = P.sum(axis=1)
        gbar = (P * g).sum(axis=1) / Ptot
        gini = (P[:, :, None] * P[:, None, :] * np.abs(g[:, :, None] - g[:, None, :])).sum(axis=(1, 2)) / (2 * Ptot ** 2 * gbar)
        cbar = c.mean(axis=2)
        Gtot = G.sum(axis=(1, 2))
        out = {"time": np.full(len(Gtot), t), "gmv_total": Gtot, "users_total": U.sum(axis=(1, 2)),
               "gmv_per_head": Gtot / Ptot, "gini_gmv_per_head": gini, "cv_gmv_per_head": g.std(axis=1) / g.mean(axis=1),
               "capacity_gap": cbar.max(axis=1) - cbar.min(axis=1),
               "cross_border_share": (G * x).sum(axis=(1, 2)) / Gtot}  # sum_j X_ijs = G_is x_is (eq. 14)
        for s, name in enumerate(self.b["segments"]):
            out["gmv_" + name] = G[:, :, s].sum(axis=1)
            out["users_" + name] = U[:, :, s].sum(axis=1)
        return out, base


def run_batch(b):
    """Integrates every run of the batch at once; {column: (runs, output times)}."""
    tm = b["time"]
    t0, t1, dt, every = tm["base_year"], tm["horizon"], tm["dt"], tm["output_step"]
    steps = int(round((t1 - t0) / dt))
    out_every = int(round(every / dt))
    x = Batch(b)
    ts = t0 + np.arange(steps + 1) * dt
    stage_times = np.stack([ts, ts + dt / 2, ts + dt], axis=1)
    kap = kappa_table(b, stage_times)  # (steps + 1, 3, b, k)
    pot, _ = event_table(b, stage_times)  # (steps + 1, 3, b, i, s), or None
    if pot is None:
        pot = np.full(stage_times.shape, None, dtype=object)
    c, n, U, H = b["c0"].copy(), b["online_share"].copy(), b["U0"].copy(), b["H0"].copy()
    e = x.beta3 * kappa_table(b, np.array([t0]))[0][:, None, :] * np.ones_like(c)
    rows, base = [], None
    for step in range(steps + 1):
        t = t0 + step * dt
        if step % out_every == 0 or step == steps:
            row, base = x.outputs(t, c, e, n, U, H, base)
            rows.append(row)
        if step == steps:
            break
        km, pm = kap[step, 1], pot[step, 1]
        y = (c, e, n, U, H)
        k1 = x.rhs(t, kap[step, 0], pot[step, 0], *y)
        k2 = x.rhs(t + dt / 2, km, pm, *[v + dt / 2 * k for v, k in zip(y, k1)])
        k3 = x.rhs(t + dt / 2, km, pm, *[v + dt / 2 * k for v, k in zip(y, k2)])
        k4 = x.rhs(t + dt, kap[step, 2], pot[step, 2], *[v + dt * k for v, k in zip(y, k3)])
        c, e, n, U, H = [v + dt / 6 * (a + 2 * bb + 2 * cc + d) for v, a, bb, cc, d in zip(y, k1, k2, k3, k4)]
    return {key: np.stack([row[key] for row in rows], axis=1) for key in rows[0]}


def worst_of(pairs):
    """(worst relative difference, where) over (label, got, want) triples."""
    worst, where = 0.0, None
    for label, got, want in pairs:
        err = abs(got - want) / max(abs(want), 1e-300)
        if err > worst or (np.isnan(err) and not np.isnan(worst)):  # NaN counts as worst; the first one is named
            worst, where = err, (*label, got, want)
    return worst, where


def check_runs(dirs, cols, copies):
    """Each run of a batch made of the runs in dirs (copies times over)
    against its own summary.csv."""
    pairs = []
    for r in range(len(dirs) * copies):
        d = dirs[r % len(dirs)]
        with open(d + "/summary.csv") as f:
            ref = list(csv.DictReader(f))
        if len(ref) != cols["time"].shape[1]:
            sys.exit(f"{d}: {len(ref)} summary rows, reference has {cols['time'].shape[1]}")
        for row, want in enumerate(ref):
            for key, v in want.items():
                pairs.append(((d, r, want["time"], key), cols[key][r, row], float(v)))
    return worst_of(pairs)


def sweep_batch(sweep_dir, first=None):
    """The runs of a finished `digisim sweep` as one batch: the experiment's
    base parameters with each run's drawn values (runs.csv) set, and the
    outcomes of runs.csv to compare with."""
    man = json.load(open(sweep_dir + "/manifest.json"))
    exp = man["extra"]["experiment"]
    if (exp.get("shocks") or {}).get("sd"):
        sys.exit("reference.py: sweeps with income shocks are not covered")
    outcomes = {o["name"]: o for o in exp.get("outcomes") or []}
    with open(sweep_dir + "/runs.csv") as f:
        runs = list(csv.DictReader(f))[:first]
    if not runs:
        sys.exit(f"reference.py: {sweep_dir}/runs.csv has no runs")
    paths = [k for k in runs[0] if k not in ("run", "design_point", "replicate") and k not in outcomes]
    ms = []
    for row in runs:
        prm = json.loads(json.dumps(man["parameters"]))
        for path in paths:
            set_path(prm, path, float(row[path]))
        ms.append(model(prm))
    return stack(ms), runs, outcomes


def check_sweep(cols, runs, outcomes):
    """The outcomes of runs.csv that are regional values at an output year
    (others are listed as not compared)."""
    names = {"gmv": "gmv_total", "users": "users_total"}
    pairs, skipped = [], []
    for name, o in outcomes.items():
        col = names.get(o["variable"], o["variable"])
        if o.get("segment"):
            col = o["variable"] + "_" + o["segment"]
        hit = np.nonzero(np.abs(cols["time"][0] - o.get("year", -1)) < 1e-9)[0]
        if o.get("member") or o.get("pillar") or o.get("cumulative") or o.get("against") \
                or col not in cols or len(hit) != 1:
            skipped.append(name)
            continue
        for r, row in enumerate(runs):
            pairs.append(((r, name), cols[col][r, hit[0]], float(row[name])))
    worst, where = worst_of(pairs)
    return worst, where, len(pairs), skipped


def timed(fn, repeat):
    """Wall and CPU seconds of fn, the fastest of repeat calls."""
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        best = min(best, (time.perf_counter() - w, time.process_time() - c))
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("run_dir", nargs="+")
    ap.add_argument("--tol", type=float, default=1e-9)
    ap.add_argument("--repeat", type=int, default=None, help="timed runs or batches, after one untimed (default 5 runs, 1 batch)")
    ap.add_argument("--batch", action="store_true", help="vectorised: all the run folders (each --copies times) as one batch")
    ap.add_argument("--copies", type=int, default=1, help="with --batch: each run this many times in the batch")
    ap.add_argument("--sweep", action="store_true", help="vectorised: the runs of a sweep folder (runs.csv) as one batch")
    ap.add_argument("--first", type=int, default=None, help="with --sweep: only the first N runs of runs.csv")
    args = ap.parse_args()
    if args.batch or args.sweep:
        return main_batch(args)
    if len(args.run_dir) != 1:
        sys.exit("reference.py: one run folder, or --batch for several")
    args.run_dir = args.run_dir[0]
    args.repeat = 5 if args.repeat is None else args.repeat
    m = load(args.run_dir + "/manifest.json")
    rows = run(m)
    with open(args.run_dir + "/summary.csv") as f:
        ref = list(csv.DictReader(f))
    if len(ref) != len(rows):
        sys.exit(f"{len(ref)} summary rows, reference has {len(rows)}")
    worst, where = worst_of(((want["time"], key), got[key], float(v))
                            for got, want in zip(rows, ref) for key, v in want.items())
    speed = ""
    if args.repeat > 0:
        start = time.perf_counter()
        for _ in range(args.repeat):
            run(m)
        speed = f"; numpy {(time.perf_counter() - start) / args.repeat * 1e3:.1f} ms a run"
    print(f"{args.run_dir}: worst relative difference {worst:.2e} at {where}{speed}")
    if not worst <= args.tol:  # NaN fails
        sys.exit(f"difference above tolerance {args.tol}")


def main_batch(args):
    if args.sweep:
        if len(args.run_dir) != 1:
            sys.exit("reference.py: --sweep takes one sweep folder")
        b, runs, outcomes = sweep_batch(args.run_dir[0], args.first)
        label = f"{args.run_dir[0]} (sweep)"
    else:
        b = stack([load(d + "/manifest.json") for d in args.run_dir] * args.copies)
        label = " ".join(args.run_dir) + (f" x{args.copies}" if args.copies > 1 else "")
    cols = run_batch(b)
    if args.sweep:
        worst, where, n, skipped = check_sweep(cols, runs, outcomes)
        what = f"{n} outcomes" + (f" (not compared: {', '.join(skipped)})" if skipped else "")
    else:
        worst, where = check_runs(args.run_dir, cols, args.copies)
        what = "every summary.csv value"
    repeat = 1 if args.repeat is None else args.repeat
    speed = ""
    if repeat > 0:
        wall, cpu = timed(lambda: run_batch(b), repeat)
        speed = f"; numpy {wall / b['runs'] * 1e3:.2f} ms a run (wall), {cpu / b['runs'] * 1e3:.2f} ms a run (CPU)"
    print(f"{label}: batch of {b['runs']} runs, {what}: worst relative difference {worst:.2e} at {where}{speed}")
    if not worst <= args.tol:
        sys.exit(f"difference above tolerance {args.tol}")


if __name__ == "__main__":
    main()
