#!/usr/bin/env bash
# brief-check.sh: the chart and briefing tests that need programs outside
# Go, run with those programs present, so none of them skips:
#   - rsvg-convert (Debian librsvg2-bin): every chart's SVG renders with
#     only the DejaVu fonts (fonts-dejavu-core), as on a machine without
#     Liberation Sans;
#   - headless Chromium (Debian chromium): the fixture brief opens with
#     no console message and no network request, is screenshotted and
#     printed to PDF;
#   - pdfinfo and pdftotext (Debian poppler-utils): the PDF's pages are
#     counted and page 1 must hold the title, headline and first chart.
# Installs the missing packages when run as root (needs the package
# mirror). With KEEP=DIR, the brief, its screenshot, PDF and the charts'
# renderings are kept in DIR for looking at (pdftoppm -png DIR/brief.pdf),
# and the brief of the shipped DEFA pair that digisim brief writes (with
# its screenshot brief.png and brief.pdf) in DIR/real/cmp/brief.
# With --real-only, only the checks of digisim brief's own page (what go
# test does not run): CI, whose go test ./... already ran the others.
# Usage: scripts/brief-check.sh [--real-only]
set -euo pipefail
real_only=false
[ "${1:-}" = --real-only ] && real_only=true
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
if ! $real_only; then
	out=$(go test -count=1 -v -run 'TestSVG|TestRSVG|TestChromium' ./output/chart ./output/brief 2>&1) || { echo "$out"; echo "brief-check: FAIL"; exit 1; }
	if echo "$out" | grep -q -- '--- SKIP'; then
		echo "$out" | grep -A2 -- '--- SKIP'
		echo "brief-check: FAIL (a test skipped although its programs were installed)"
		exit 1
	fi
	echo "$out" | grep -E '^(ok|---|    chromium_test)' | grep -v -- '--- PASS: TestSVG/' || true
fi
# The same browser checks, and the print checks of TestPrintReady (text
# of 7 pt or more, contrast 4.5:1, the last year on time axes, no member
# colour for a policy, the headline = the sum of the yearly dividends), on
# the brief that digisim brief writes of the documented DEFA pair with its
# shipped Monte Carlo and Sobol' experiments, made small here (60 and
# 256 runs: the whole block takes about 10 s).
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work/real"
go build -o "$work/real/digisim" ./cmd/digisim
(
	cd "$work/real"
	sed 's/^runs = .*/runs = 30/' "$repo/scenarios/experiments/shipped/defa-montecarlo.toml" >defa-montecarlo.toml
	sed 's/^runs = .*/runs = 32/' "$repo/scenarios/experiments/shipped/defa-sobol.toml" >defa-sobol.toml
	./digisim compare defa-binding asean-2022 --out cmp >/dev/null
	./digisim sweep defa-montecarlo.toml --out mc >/dev/null 2>&1
	./digisim sweep defa-sobol.toml --out sobol >/dev/null 2>&1
	./digisim analyze sobol --no-charts >/dev/null
	./digisim brief cmp --sweep mc --analyze sobol --out cmp/brief >/dev/null
) || { echo "brief-check: FAIL (digisim brief on the shipped DEFA pair)"; exit 1; }
out=$(BRIEF_CHECK_DIR="$work/real/cmp" go test -count=1 -v -run 'TestPrintReady' ./workflow/briefing 2>&1) || { echo "$out"; echo "brief-check: FAIL (the DEFA brief is not print-ready)"; exit 1; }
echo "$out" | grep -E '^(ok|--- )' | sed 's/^/print check: /'
out=$(BRIEF_PAGE="$work/real/cmp/brief/brief.html" BRIEF_KEEP= go test -count=1 -v -run 'TestChromium' ./output/brief 2>&1) || { echo "$out"; echo "brief-check: FAIL (digisim brief's page)"; exit 1; }
echo "$out" | grep -E '^(ok|--- |    chromium_test)' | sed 's/^/digisim brief: /'
[ -n "${KEEP:-}" ] || rm -rf "$work"
echo "brief-check: PASS"
