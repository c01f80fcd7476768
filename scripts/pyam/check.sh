#!/usr/bin/env bash
# check.sh: what `digisim export` writes, read as pyam reads it. Runs the
# shipped scenario agreement and a 4-run sweep, exports each as CSV (with
# its meta CSV) and as a workbook, and runs scripts/pyam/check.py: every
# unit parses in iam-units (pyam's unit registry), every currency variable
# converts to 2010 dollars and back, the constant 2022 dollars agree with
# the nominal values of series.csv through the registry's own deflator,
# and the workbooks open with pandas with the data and meta of the CSVs.
#
# iam-units is GPL-3.0, so it is not in this repository: the script uses
# the copy at ../shared/tools/iam_units (relative to the repository root;
# IAM_UNITS_DIR overrides the folder that holds iam_units). It runs on
# Debian's python3-pint, python3-platformdirs, python3-pandas and
# python3-openpyxl, installed when missing (needs root and the mirror).
# Usage: scripts/pyam/check.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
tools=${IAM_UNITS_DIR:-$repo/../shared/tools}
[ -f "$tools/iam_units/__init__.py" ] || { echo "pyam check: no iam_units in $tools; set IAM_UNITS_DIR to the folder holding a copy of IAMconsortium/units" >&2; exit 1; }
if ! "$py" -c 'import pint, platformdirs, pandas, openpyxl' 2>/dev/null; then
	[ "$(id -u)" = 0 ] || { echo "pyam check: install python3-pint python3-platformdirs python3-pandas python3-openpyxl" >&2; exit 1; }
	pkgs="python3-pint python3-platformdirs python3-pandas python3-openpyxl"
	apt-get install -y -qq $pkgs >/dev/null || { apt-get update -qq && apt-get install -y -qq $pkgs >/dev/null; }
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$repo" && go build -o "$work/digisim" ./cmd/digisim)
"$work/digisim" run agreement --out "$work/run" >/dev/null
cat >"$work/tiny.toml" <<'TOML'
name = "tiny"
scenario = "agreement"
design = "lhs"
runs = 2
seed = 3
[[levers]]
scenarios = ["agreement", "binding"]
[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.0
max = 0.5
[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030
[[outcomes]]
name = "users_2025"
variable = "users"
year = 2025
[[series]]
name = "gmv_id"
variable = "gmv"
member = "ID"
segment = "ecommerce"
[[series]]
name = "income"
variable = "income_per_head"
member = "VN"
TOML
"$work/digisim" sweep "$work/tiny.toml" --out "$work/sweep" >/dev/null 2>&1
for d in run sweep; do
	"$work/digisim" export "$work/$d" >/dev/null
	"$work/digisim" export "$work/$d" --out "$work/$d/results-iamc.xlsx" >/dev/null
done
PYTHONPATH=$tools "$py" "$repo/scripts/pyam/check.py" "$work/run" "$work/sweep"
