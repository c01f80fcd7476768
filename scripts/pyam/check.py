"""Reads digisim exports as pyam would, with the unit registry of pyam
(iam-units, on pint). Usage (scripts/pyam/check.sh runs it):

    PYTHONPATH=<folder holding iam_units> python3 check.py RUN_DIR SWEEP_DIR

RUN_DIR is a `digisim run` folder and SWEEP_DIR a sweep folder, each with
results-iamc.csv, results-iamc-meta.csv and results-iamc.xlsx written by
`digisim export`. Exits 1 with a line per problem.
"""
import csv
import math
import os
import sys

import pandas as pd
from iam_units import registry

INDEX = ["Model", "Scenario", "Region", "Variable", "Unit"]
problems = []


def fail(msg):
    problems.append(msg)
    print("FAIL", msg)


def read_iamc(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    if head[:5] != INDEX:
        fail(f"{path}: header {head[:5]}, want {INDEX}")
    years = [int(y) for y in head[5:]]
    out = []
    for r in rows[1:]:
        vals = {y: float(v) for y, v in zip(years, r[5:]) if v != ""}
        out.append((tuple(r[:5]), vals))
    return years, out


def check_units(path, series):
    """Every unit parses; every currency series converts to 2010 dollars
    and back to the same numbers."""
    currency = 0
    for key, vals in series:
        unit = key[4]
        try:
            registry(unit)
        except Exception as e:  # pint's UndefinedUnitError and others
            fail(f"{path}: unit {unit!r} of {key[3]!r} does not parse: {e}")
            continue
        if "USD" not in unit:
            continue
        if "USD_2022" not in unit:
            fail(f"{path}: currency unit {unit!r} is not in constant 2022 dollars")
            continue
        currency += 1
        other = unit.replace("USD_2022", "USD_2010")
        for y, v in vals.items():
            there = registry.Quantity(v, unit).to(other)
            back = there.to(unit).magnitude
            if not math.isclose(back, v, rel_tol=1e-12, abs_tol=0):
                fail(f"{path}: {key[2]} {key[3]} {y}: {v} {unit} -> {there} -> {back}")
            # 2010 dollars are worth more than 2022 dollars: fewer of them.
            if v > 0 and not there.magnitude < v:
                fail(f"{path}: {key[3]} {y}: {v} {unit} is {there}: want fewer 2010 dollars")
    if currency == 0:
        fail(f"{path}: no currency variable to convert")
    return currency


def nominal_gmv(run_dir):
    """Regional GMV (all segments) by year from series.csv, current USD."""
    out = {}
    with open(os.path.join(run_dir, "series.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if r["member"] == "" and r["segment"] == "" and r["variable"] == "gmv":
                t = float(r["time"])
                if t == int(t):
                    out[int(t)] = float(r["value"])
    return out


def check_dollars(run_dir, series):
    """The export's constant 2022 dollars, converted by the registry into
    the dollars of each year up to 2022, are the model's current dollars
    of that year; after 2022 the stated 2% a year applies."""
    nominal = nominal_gmv(run_dir)
    row = [v for k, v in series if k[2] == "ASEAN" and k[3] == "Digital GMV"]
    if len(row) != 1:
        fail(f"{run_dir}: want one ASEAN 'Digital GMV' row, found {len(row)}")
        return
    n = 0
    for y, v in row[0].items():
        if y <= 2022:
            got = registry.Quantity(v, "billion USD_2022/yr").to(f"USD_{y}/yr").magnitude
        else:
            got = v * 1e9 * 1.02 ** (y - 2022)
        if not math.isclose(got, nominal[y], rel_tol=1e-9):
            fail(f"{run_dir}: ASEAN GMV {y}: export {v} bn USD_2022 is {got} USD_{y}, series.csv says {nominal[y]}")
        n += 1
    print(f"ok   {run_dir}: ASEAN GMV in {n} years equals series.csv's current dollars through the registry's deflator (to 1e-9)")


def check_xlsx(d, series, meta_csv):
    """The workbook has the CSV's data and meta, as pandas reads them."""
    path = os.path.join(d, "results-iamc.xlsx")
    sheets = pd.read_excel(path, sheet_name=None)
    if sorted(sheets) != ["data", "meta"]:
        fail(f"{path}: sheets {sorted(sheets)}, want data and meta")
        return
    data = sheets["data"]
    if list(data.columns[:5]) != INDEX or len(data) != len(series):
        fail(f"{path}: data sheet {list(data.columns[:5])}, {len(data)} rows; want {INDEX}, {len(series)}")
        return
    for (key, vals), (_, row) in zip(series, data.iterrows()):
        if tuple(str(row[c]) for c in INDEX) != key:
            fail(f"{path}: row {tuple(row[c] for c in INDEX)} != CSV {key}")
            return
        for y, v in vals.items():
            if row[y] != v:
                fail(f"{path}: {key} {y}: {row[y]!r} != CSV {v!r}")
                return
    meta = sheets["meta"]
    want = pd.read_csv(meta_csv, float_precision="round_trip")
    if list(meta.columns) != list(want.columns) or len(meta) != len(want):
        fail(f"{path}: meta {list(meta.columns)} x {len(meta)}, CSV {list(want.columns)} x {len(want)}")
        return
    for c in want.columns:
        a, b = list(meta[c]), list(want[c])
        if a != b:
            fail(f"{path}: meta column {c}: sheet {a[:3]}..., CSV {b[:3]}...")
    print(f"ok   {path}: data ({len(data)} series) and meta ({len(meta)} rows) equal the CSVs")


def main():
    run_dir, sweep_dir = sys.argv[1], sys.argv[2]
    for d in (run_dir, sweep_dir):
        path = os.path.join(d, "results-iamc.csv")
        _, series = read_iamc(path)
        units = sorted({k[4] for k, _ in series})
        n = check_units(path, series)
        print(f"ok   {path}: {len(series)} series; units {units} parse; {n} currency series to USD_2010 and back")
        check_xlsx(d, series, os.path.join(d, "results-iamc-meta.csv"))
    _, series = read_iamc(os.path.join(run_dir, "results-iamc.csv"))
    check_dollars(run_dir, series)
    meta = pd.read_csv(os.path.join(sweep_dir, "results-iamc-meta.csv"))
    want = ["model", "scenario", "run", "design_point", "replicate", "scenario_lever", "policy.spillover"]
    if list(meta.columns) != want or len(meta) != 4:
        fail(f"sweep meta: columns {list(meta.columns)}, {len(meta)} rows; want {want}, 4 rows")
    if problems:
        print(f"pyam check: {len(problems)} problems")
        sys.exit(1)
    print("pyam check: PASS")


if __name__ == "__main__":
    main()
