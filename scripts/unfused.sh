#!/usr/bin/env bash
# The same bits on every build: lists every multiply-add in sim/... that the
# compiler fuses into one instruction when it may (GOAMD64=v3 on amd64, and
# arm64), other than math.FMA's, and fails when there is one. The Go
# specification lets a compiler fuse x*y + z; an explicit float64(x*y) + z
# forbids it. Every such sum is written one way or the other, so that a run
# gives the same bits on every processor and in every path (single run,
# batch, assembly). Reads the compiler's listing (-gcflags=-S), which names
# each instruction's source line.
#
# Usage: scripts/unfused.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
status=0
sites=$(mktemp)
trap 'rm -f "$sites"' EXIT
for target in "GOARCH=amd64 GOAMD64=v3" "GOARCH=arm64"; do
	env $target go build -gcflags='-S' ./sim/... 2>&1 |
		grep -E '\b(VFN?M(ADD|SUB)[0-9]*[SP]D|FN?M(ADD|SUB)D)\b' |
		grep -oE "\($repo/[^)]*\.go:[0-9]+\)" | tr -d '()' | sort -u >"$sites" || true
	while IFS=: read -r file line; do
		src=$(sed -n "${line}p" "$file")
		case $src in *math.FMA*) continue ;; esac
		echo "$target: ${file#$repo/}:$line: $src"
		status=1
	done <"$sites"
done
exit $status
