#!/usr/bin/env python3
"""An independent numpy implementation of the model of MODEL.md, for two jobs:

1. a cross-check of the Go engine: it reads the resolved parameters that
   `digisim run` writes into manifest.json, integrates the same equations
   written afresh (vectorised over members, pillars and segments, with no
   code shared with the engine), and compares its regional outputs with
   the run's summary.csv;
2. the speed reference of tracker issue 4: the time per run of a vectorised
   numpy model "as a researcher would write it".

Usage: reference.py RUN_DIR [--tol 1e-9] [--repeat 20]
Exit status 1 when any compared value differs by more than --tol (relative).
Scenarios with events are not covered (none of the shipped ones has any).
"""
import argparse
import csv
import json
import sys
import time

import numpy as np

EARTH_RADIUS_KM = 6371.0


def load(manifest_path):
    prm = json.load(open(manifest_path))["parameters"]
    if prm.get("events"):
        sys.exit("reference.py: scenarios with events are not covered")
    pillars = prm["pillars"]
    segs = list(prm["segments"].keys())
    mems = list(prm["members"].keys())
    S, K = len(segs), len(pillars)
    m = {"pillars": pillars, "segments": segs, "members": mems, "time": prm["time"], "policy": prm["policy"]}
    mv = prm["members"]
    for key in ["population", "population_growth", "online_share", "online_share_max", "online_speed",
                "income_per_head_usd", "income_growth", "latitude", "longitude"]:
        m[key] = np.array([mv[i][key] for i in mems], dtype=float)
    m["c0"] = np.array([[mv[i]["capacity"][k] for k in pillars] for i in mems])
    m["a"] = np.array([[mv[i]["investment"][k] for k in pillars] for i in mems])
    m["U0"] = np.array([[mv[i]["users"][s] for s in segs] for i in mems])
    m["G0"] = np.array([[mv[i]["gmv_usd"][s] for s in segs] for i in mems])
    sv = prm["segments"]
    for key in ["innovation", "imitation", "ceiling", "readiness_potential", "complementarity",
                "income_elasticity", "readiness_elasticity", "tradability", "variety", "network",
                "transactions_per_user_day"]:
        m[key] = np.array([sv[s][key] for s in segs], dtype=float)
    w = np.array([[sv[s]["weights"][k] for k in pillars] for s in segs])  # S x K
    m["w"] = w / w.sum(axis=1, keepdims=True)
    m["schedules"] = [np.array(prm["policy"]["coordination"][k], dtype=float) for k in pillars]
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
        if r == 0:
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
    P = m["population"] * np.exp(m["population_growth"] * (t - m["time"]["base_year"]))
    return (P * n)[:, None] * m["ceiling"][None, :] * R ** m["readiness_potential"][None, :]


def rhs(m, t, c, e, n, U):
    pol = m["policy"]
    cbar = c.mean(axis=1)
    lag = pol["lag_years"] * (1 + pol["lag_sensitivity"] * (1 - cbar))
    de = (pol["business_engagement"] * kappa(m, t)[None, :] - e) / lag[:, None]
    front = c.max(axis=0)
    absorb = pol["absorptive_floor"] + (1 - pol["absorptive_floor"]) * cbar
    dc = m["a"] * (1 - c) + pol["spillover"] * e * (front[None, :] - c) * absorb[:, None]
    dn = m["online_speed"] * n * (1 - n / m["online_share_max"])
    M = potential(m, t, n, readiness(m, c))
    h = harmonisation(m, e)
    ratio = U / M
    omega = m["network"]
    num = np.einsum("ijs,js->is", h, ratio)
    den = h.sum(axis=1)
    phi = (ratio + omega * num) / (1 + omega * den)
    dU = (m["innovation"] + m["imitation"] * phi) * (M - U)
    return dc, de, dn, dU


def outputs(m, t, c, e, n, U, spend0=None, R0=None):
    pol = m["policy"]
    t0 = m["time"]["base_year"]
    R = readiness(m, c)
    h = harmonisation(m, e)
    P = m["population"] * np.exp(m["population_growth"] * (t - t0))
    y = m["income_per_head_usd"] * np.exp(m["income_growth"] * (t - t0))
    size = (P * y) ** pol["gravity_size"]
    pi = size[None, :] * m["decay"]
    pi = pi / pi.sum(axis=1, keepdims=True)
    acc = h * np.minimum(R[:, None, :], R[None, :, :])  # N x N x S
    x = m["tradability"][None, :] * np.einsum("ij,ijs->is", pi, acc)
    if spend0 is None:  # the base year: calibrate A0 (eq. 13)
        spend0 = m["G0"] / (m["U0"] * (1 + m["variety"] * x))
        R0 = R
    A = spend0 * (y / m["income_per_head_usd"])[:, None] ** m["income_elasticity"] * (R / R0) ** m["readiness_elasticity"]
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
    c, n, U = m["c0"].copy(), m["online_share"].copy(), m["U0"].copy()
    e = np.tile(m["policy"]["business_engagement"] * kappa(m, t0), (len(n), 1))
    rows = []
    spend0 = R0 = None
    for step in range(steps + 1):
        t = t0 + step * dt
        if step % out_every == 0 or step == steps:
            row, spend0, R0 = outputs(m, t, c, e, n, U, spend0, R0)
            rows.append(row)
        if step == steps:
            break
        k1 = rhs(m, t, c, e, n, U)
        k2 = rhs(m, t + dt / 2, *[v + dt / 2 * k for v, k in zip((c, e, n, U), k1)])
        k3 = rhs(m, t + dt / 2, *[v + dt / 2 * k for v, k in zip((c, e, n, U), k2)])
        k4 = rhs(m, t + dt, *[v + dt * k for v, k in zip((c, e, n, U), k3)])
        c, e, n, U = [v + dt / 6 * (a + 2 * b + 2 * cc + d) for v, a, b, cc, d in zip((c, e, n, U), k1, k2, k3, k4)]
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("run_dir")
    ap.add_argument("--tol", type=float, default=1e-9)
    ap.add_argument("--repeat", type=int, default=5, help="timed runs (after one untimed)")
    args = ap.parse_args()
    m = load(args.run_dir + "/manifest.json")
    rows = run(m)
    worst, where = 0.0, None
    with open(args.run_dir + "/summary.csv") as f:
        ref = list(csv.DictReader(f))
    if len(ref) != len(rows):
        sys.exit(f"{len(ref)} summary rows, reference has {len(rows)}")
    for got, want in zip(rows, ref):
        for key, v in want.items():
            w = float(v)
            err = abs(got[key] - w) / max(abs(w), 1e-300)
            if err > worst:
                worst, where = err, (want["time"], key, got[key], w)
    start = time.perf_counter()
    for _ in range(args.repeat):
        run(m)
    per_run = (time.perf_counter() - start) / args.repeat
    print(f"{args.run_dir}: worst relative difference {worst:.2e} at {where}; numpy {per_run * 1e3:.1f} ms a run")
    if worst > args.tol:
        sys.exit(f"difference above tolerance {args.tol}")


if __name__ == "__main__":
    main()
