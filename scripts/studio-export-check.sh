#!/usr/bin/env bash
# studio-export-check.sh: builds the single-file studio (digisim studio
# --export: the studio's engine compiled for GOOS=js GOARCH=wasm, gzipped
# into one HTML file) and drives it opened from disk in headless Chromium
# (TestChromiumExport): the numbers as loaded, after a slider move, from
# the downloaded scenario file (scenarios.Load and a native sim.Run, as
# digisim run) and after reset equal a native sim.Run to 1e-12 relative; a
# pin stays drawn; a reload from the URL restores the settings; no request
# leaves the file; no console message. Prints the move-to-frame median and
# p95 over $STUDIO_MOVES moves (default 30; scripts/studio-timing.sh
# measures over more) with the load average. Installs Debian's chromium
# when missing and run as root. With STUDIO_FIREFOX=1 it also opens the
# file in headless Firefox (TestFirefoxExport: firefox-esr and node, over
# WebDriver BiDi; installs firefox-esr when missing and run as root).
# The engine's build is most of the time: it imports sim, scenarios and the
# charts' gonum-free house style (output/chart/house), not the plotting
# library nor the table writers (203 packages, the standard library's
# included). Measured here: see the step in .ci/run.
# Usage: scripts/studio-export-check.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
	[ "$(id -u)" = 0 ] || { echo "studio-export-check: chromium missing; install it (apt-get install chromium)" >&2; exit 1; }
	apt-get install -y -qq chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
fi
if [ "${STUDIO_FIREFOX:-0}" = 1 ] && ! command -v firefox >/dev/null; then
	[ "$(id -u)" = 0 ] || { echo "studio-export-check: firefox missing; install it (apt-get install firefox-esr)" >&2; exit 1; }
	apt-get install -y -qq firefox-esr >/dev/null || { apt-get update -qq && apt-get install -y -qq firefox-esr >/dev/null; }
fi
tests='TestChromiumExport'
[ "${STUDIO_FIREFOX:-0}" = 1 ] && tests='TestChromiumExport|TestFirefoxExport'
cd "$repo"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
start=$SECONDS
go build -o "$dir/digisim" ./cmd/digisim
"$dir/digisim" studio --export "$dir/studio.html"
echo "studio-export-check: built in $((SECONDS - start)) s"
out=$(STUDIO_EXPORT_HTML="$dir/studio.html" STUDIO_MOVES="${STUDIO_MOVES:-30}" timeout 900 go test -count=1 -v -run "^($tests)\$" ./workflow/studio 2>&1) || { echo "$out"; echo "studio-export-check: FAIL"; exit 1; }
if echo "$out" | grep -q -- '--- SKIP'; then
	echo "$out"
	echo "studio-export-check: FAIL (the exported studio's browser test skipped)"
	exit 1
fi
echo "$out" | grep -E '^(ok|--- )|move to redrawn frame|largest relative|Firefox:' || true
echo "studio-export-check: PASS in $((SECONDS - start)) s"
