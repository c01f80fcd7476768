#!/usr/bin/env bash
# studio-check.sh: the studio's browser test with headless Chromium present,
# so that it cannot skip: the page loads, a slider moved with the mouse
# redraws the charts and headline numbers to the values of sim.Run for the
# same settings (1e-9), the page's scenario file reproduces them, and no
# console message or exception appears. Also runs the studio's API tests.
# Installs Debian's chromium when missing and run as root. With KEEP=DIR,
# the screenshot is kept as DIR/studio.png for looking at. Takes ~10 s.
# Usage: scripts/studio-check.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
	[ "$(id -u)" = 0 ] || { echo "studio-check: chromium missing; install it (apt-get install chromium)" >&2; exit 1; }
	apt-get install -y -qq chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
fi
cd "$repo"
if [ -n "${KEEP:-}" ]; then
	mkdir -p "$KEEP"
	export STUDIO_KEEP="$KEEP"
fi
out=$(timeout 55 go test -count=1 -v -run 'TestChromium|TestBadRequests|TestRunMatchesSim' ./workflow/studio 2>&1) || { echo "$out"; echo "studio-check: FAIL"; exit 1; }
if echo "$out" | grep -q -- '--- SKIP'; then
	echo "$out" | grep -A2 -- '--- SKIP'
	echo "studio-check: FAIL (the browser test skipped although Chromium is installed)"
	exit 1
fi
echo "$out" | grep -E '^(ok|--- )|screenshot' || true
echo "studio-check: PASS"
