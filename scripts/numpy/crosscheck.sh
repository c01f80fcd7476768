#!/usr/bin/env bash
# crosscheck.sh: compare the Go engine with an independent numpy
# implementation of MODEL.md (scripts/numpy/reference.py) on every shipped
# scenario: every column of summary.csv at every output year must agree to
# a relative 1e-9 (seen: a few 1e-15). Also prints numpy's time per run,
# the speed reference of docs/performance.md.
#
# Installs Debian's python3-numpy when /usr/bin/python3 lacks it (needs
# root and the package mirror). Usage: scripts/numpy/crosscheck.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
if ! "$py" -c 'import numpy' 2>/dev/null; then
	[ "$(id -u)" = 0 ] || { echo "crosscheck: python3-numpy is missing; install it (apt-get install python3-numpy)" >&2; exit 1; }
	apt-get install -y -qq python3-numpy >/dev/null || { apt-get update -qq && apt-get install -y -qq python3-numpy >/dev/null; }
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/digisim" "$repo/cmd/digisim"
scenarios=$("$work/digisim" scenarios | awk 'NF > 1 && $1 != "Run" {print $1}')
[ -n "$scenarios" ] || { echo "crosscheck: no scenarios listed" >&2; exit 1; }
for s in $scenarios; do
	"$work/digisim" run "$s" --quiet --out "$work/$s"
	"$py" "$repo/scripts/numpy/reference.py" "$work/$s" --repeat 1
done
echo "crosscheck: PASS"
