#!/usr/bin/env bash
# studio-timing.sh: the time from a slider move to the redrawn frame, in
# headless Chromium, for one edition of the studio: "served" (digisim
# studio, the page on a local server: TestChromium) or "exported" (the
# single-file studio opened from disk, its engine in WebAssembly:
# scripts/studio-export-check.sh). MOVES moves of business engagement
# (default 200); prints the median, p95 and max with the load average
# before and after. The goals (docs/studio.md): p95 under 100 ms served,
# under 50 ms exported, on an idle 2-core machine, so run it when the
# machine is idle. "engine" times the exported studio's engine alone (its
# answer to POST api/run in Node.js, no page: workflow/studio/testdata/
# engine-timing.js), the part of a move the redraw does not explain.
# With STUDIO_EXPORT_HTML=FILE, "exported" drives that file instead of
# building one (to compare versions back to back on a shared machine).
# Usage: scripts/studio-timing.sh served|exported|engine [MOVES]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
edition=${1:-}
moves=${2:-200}
cd "$repo"
echo "studio-timing: $edition, $moves moves; before: $(uptime)"
case "$edition" in
served)
	out=$(STUDIO_MOVES=$moves timeout 900 go test -count=1 -v -run '^TestChromium$' ./workflow/studio 2>&1) || { echo "$out"; echo "studio-timing: FAIL"; exit 1; }
	if echo "$out" | grep -q -- '--- SKIP'; then echo "$out"; echo "studio-timing: the browser test skipped (Chromium missing?)"; exit 1; fi
	echo "$out" | grep 'move to redrawn frame'
	;;
exported)
	if [ -n "${STUDIO_EXPORT_HTML:-}" ]; then
		# A file built before (another version's, to compare): driven as is.
		out=$(STUDIO_EXPORT_HTML=$(realpath "$STUDIO_EXPORT_HTML") STUDIO_MOVES=$moves timeout 900 go test -count=1 -v -run '^TestChromiumExport$' ./workflow/studio 2>&1) || { echo "$out"; echo "studio-timing: FAIL"; exit 1; }
		echo "$out" | grep 'move to redrawn frame'
	else
		STUDIO_MOVES=$moves scripts/studio-export-check.sh | grep -E 'move to redrawn frame|built in|PASS|FAIL'
	fi
	;;
engine)
	command -v node >/dev/null || { echo "studio-timing: node missing (Debian package nodejs)"; exit 1; }
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	GOOS=js GOARCH=wasm go build -o "$tmp/engine.wasm" ./workflow/studio/wasm
	GOROOT=$(go env GOROOT) node workflow/studio/testdata/engine-timing.js "$tmp/engine.wasm" "$moves"
	;;
*)
	echo "usage: scripts/studio-timing.sh served|exported|engine [MOVES]" >&2
	exit 2
	;;
esac
echo "studio-timing: after: $(uptime)"
