#!/usr/bin/env bash
# A run alone, this tree against another revision (docs/performance.md):
# BenchmarkRunSingleAgreement (eight variants of `agreement`, each run
# alone with sim.Workspace.Run) on one core, the two builds alternating
# PAIRS times, REV first in odd pairs and this tree first in even ones.
# Prints every pair's ms a run (CPU time, the benchmark's cpu-ns/run) and,
# for each side, the median and the fastest. On a shared or virtual
# machine the host's speed moves by up to 2x between seconds, so only
# alternated pairs compare, and the fastest of each side says most about
# the code.
#
# Usage: scripts/bench-single.sh [REV] [PAIRS] [RUNS]
#        (defaults: HEAD 8 40; RUNS is each invocation's -benchtime, in
#        rounds of eight runs)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rev=${1:-HEAD}
pairs=${2:-8}
rounds=${3:-40}
[[ $pairs =~ ^[1-9][0-9]*$ && $rounds =~ ^[1-9][0-9]*$ ]] || {
	echo "bench-single: PAIRS and RUNS must be positive whole numbers (got '$pairs', '$rounds'); usage: $0 [REV] [PAIRS] [RUNS]" >&2
	exit 2
}
name=bench-single
. "$repo/scripts/bench/two-builds.sh"

bench() { # prints ms a run (CPU)
	(cd "$repo/sim" && "$1" -test.run '^$' -test.bench 'RunSingleAgreement$' -test.cpu 1 \
		-test.benchtime "${rounds}x") | awk '/^BenchmarkRunSingleAgreement/ {
			for (k = 1; k < NF; k++) if ($(k + 1) == "cpu-ns/run") printf "%.3f\n", $k / 1e6 }'
}

: >"$work/rev.ms"
: >"$work/tree.ms"
for ((p = 1; p <= pairs; p++)); do
	if ((p % 2)); then order="rev tree"; else order="tree rev"; fi
	line="pair $p:"
	for side in $order; do
		ms=$(bench "$work/$side.test")
		echo "$ms" >>"$work/$side.ms"
		line+=" $side $ms"
	done
	echo "$line ms a run"
done
summary() { sort -n "$1" | awk '{ v[NR] = $1 } END {
	m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	printf "median %.3f ms, fastest %.3f ms", m, v[1] }'; }
echo "$rev ($(git -C "$repo" rev-parse --short "$rev")): $(summary "$work/rev.ms")"
echo "this tree: $(summary "$work/tree.ms")"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
