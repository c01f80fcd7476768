#!/usr/bin/env bash
# Instructions a value of sim/internal/fastmath's kernels on arm64, counted
# under emulation (an amd64 machine cannot time arm64 code): runs the
# package's benchmarks, built for arm64, under qemu-aarch64-static
# (scripts/arm64/count.sh, as scripts/arm64-insns.sh does), at two
# iteration counts, and divides the difference by the values the extra
# iterations computed, so start-up and the benchmark's calibration cancel. Prints,
# for each benchmark, the instructions a value in package fastmath's
# functions (the kernel, the Go loop, the wrappers), and the five
# functions that execute most a value, the runtime's among them (its
# background work, sysmon and the poller, grows with the emulation's wall
# time, not with the values: noise, hence not counted in the first
# figure). Counts, not cycles: a vector instruction counts one like a
# scalar one, and a load from memory one like an add.
#
# Usage: scripts/fastmath-arm64-insns.sh [benchmark regexp [values an iteration]]
#   default '(Exps|Logs|InvSqrts)/.*/640$' (the go and neon paths); the
#   values an iteration are the last element of the benchmark's name
#   unless given, e.g. scripts/fastmath-arm64-insns.sh 'ScaledExpSums/.*/sums' 640.
#   InvSqrts is NEON on both paths; its Go loop is the purego build's:
#   GOFLAGS=-tags=purego scripts/fastmath-arm64-insns.sh 'InvSqrts/go/640$'.
# Needs qemu-aarch64-static (Debian's qemu-user-static). About 15 s a
# benchmark under a load of 3 on 2 cores; the log goes through a pipe,
# never to disk. docs/performance.md has the figures.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
bench=${1:-'(Exps|Logs|InvSqrts)/.*/640$'}
lo=10 hi=60
command -v qemu-aarch64-static >/dev/null || { echo "fastmath-arm64-insns.sh: needs qemu-aarch64-static (apt-get install qemu-user-static)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
GOARCH=arm64 go test -c -o "$tmp/fastmath.test" ./sim/internal/fastmath/
names=$(qemu-aarch64-static "$tmp/fastmath.test" -test.run '^$' -test.bench "$bench" -test.benchtime 1x |
	awk '/^Benchmark/ { sub(/-[0-9]+$/, "", $1); print $1 }')
[ -n "$names" ] || { echo "fastmath-arm64-insns.sh: no benchmark matches $bench" >&2; exit 1; }

source scripts/arm64/count.sh
# count N NAME writes "count function" lines for benchmark NAME run N times.
count() {
	arm64_count "$tmp/fastmath.test" "$repo/sim/internal/fastmath" "^${2//\//\$/^}\$" "$1" >"$tmp/count.$1"
}

printf '%-28s %10s  %s\n' benchmark 'a value' 'the five functions executing most (instructions a value)'
for name in $names; do
	sub=${name#Benchmark}
	values=${2:-${sub##*/}}
	case $values in '' | *[!0-9]*) echo "fastmath-arm64-insns.sh: $name: no count of values at the end of its name; give it as the second argument" >&2; exit 1 ;; esac
	count $lo "$name"
	count $hi "$name"
	awk -v per=$(((hi - lo) * values)) -v name="$sub" '
		FILENAME ~ /count\.'$lo'$/ { base[$2] = $1; next }
		$2 == "total" { next }
		{ d = $1 - base[$2]; diff[$2] = d; if ($2 ~ /sim\/internal\/fastmath\./) pkg += d }
		END {
			top = ""
			for (k = 0; k < 5; k++) {
				best = ""; bv = 0
				for (f in diff) if (diff[f] > bv) { best = f; bv = diff[f] }
				if (best == "") break
				short = best; sub(/.*\//, "", short)
				top = top sprintf(" %s %.2f", short, bv / per)
				delete diff[best]
			}
			printf "%-28s %10.2f %s\n", name, pkg / per, top
		}' "$tmp/count.$lo" "$tmp/count.$hi"
done
