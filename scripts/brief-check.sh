#!/usr/bin/env bash
# brief-check.sh: the chart and briefing tests that need programs outside
# Go, run with those programs present, so none of them skips:
#   - rsvg-convert (Debian librsvg2-bin): every chart's SVG renders with
#     only the DejaVu fonts (fonts-dejavu-core), as on a machine without
#     Liberation Sans;
#   - headless Chromium (Debian chromium): the fixture brief opens with
#     no console message and no network request, is screenshotted and
#     printed to PDF;
#   - pdfinfo (Debian poppler-utils): the PDF's pages are counted.
# Installs the missing packages when run as root (needs the package
# mirror). With KEEP=DIR, the brief, its screenshot, PDF and the charts'
# renderings are kept in DIR for looking at (pdftoppm -png DIR/brief.pdf).
# Usage: scripts/brief-check.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
need=()
command -v rsvg-convert >/dev/null || need+=(librsvg2-bin)
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || need+=(chromium)
command -v pdfinfo >/dev/null || need+=(poppler-utils)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] || { echo "brief-check: missing ${need[*]}; install them (apt-get install ${need[*]})" >&2; exit 1; }
	apt-get install -y -qq "${need[@]}" >/dev/null || { apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; }
fi
cd "$repo"
if [ -n "${KEEP:-}" ]; then
	mkdir -p "$KEEP/charts"
	export BRIEF_KEEP="$KEEP" CHART_RSVG_DIR="$KEEP/charts"
fi
out=$(go test -count=1 -v -run 'TestSVG|TestRSVG|TestChromium' ./output/chart ./output/brief 2>&1) || { echo "$out"; echo "brief-check: FAIL"; exit 1; }
if echo "$out" | grep -q -- '--- SKIP'; then
	echo "$out" | grep -A2 -- '--- SKIP'
	echo "brief-check: FAIL (a test skipped although its programs were installed)"
	exit 1
fi
echo "$out" | grep -E '^(ok|---|    chromium_test)' | grep -v -- '--- PASS: TestSVG/' || true
echo "brief-check: PASS"
