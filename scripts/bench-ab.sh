#!/usr/bin/env bash
# One of package sim's benchmarks, this tree against another revision
# (docs/performance.md): both test binaries built, each copied to four
# byte-identical files, and PAIRS alternated pairs on one core, pair p
# running copy p mod 4 of each side (this tree first in odd blocks of four
# pairs, REV first in even ones). Prints each pair's ns a run
# (the benchmark's ns/run metric), the pair ratios tree/REV and their
# median. Why copies: on this (virtual) machine one binary file runs up to
# 5% faster or slower than a byte-identical copy of itself, steadily over
# minutes, so a single file a side compares files, not code; and the host's
# speed moves by up to 1.5x between seconds, so only alternated pairs
# compare (their median; pairs whose ratio leaves 0.87-1.15 straddled a
# change of speed and are counted apart).
#
# Usage: scripts/bench-ab.sh [REV] [PAIRS] [BENCH] [BENCHTIME]
#        (defaults: HEAD 24 'RunBatchAgreement/8$' 0.3s; BENCH is a
#        -test.bench pattern of package sim, e.g. 'RunSingleAgreement$')
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rev=${1:-HEAD}
pairs=${2:-24}
bench=${3:-'RunBatchAgreement/8$'}
benchtime=${4:-0.3s}
[[ $pairs =~ ^[1-9][0-9]*$ ]] || {
	echo "bench-ab: PAIRS must be a positive whole number (got '$pairs'); usage: $0 [REV] [PAIRS] [BENCH] [BENCHTIME]" >&2
	exit 2
}
name=bench-ab
. "$repo/scripts/bench/two-builds.sh"
for k in 0 1 2 3; do
	cp "$work/rev.test" "$work/rev$k.test"
	cp "$work/tree.test" "$work/tree$k.test"
done

bench() { # prints ns a run
	(cd "$repo/sim" && "$1" -test.run '^$' -test.bench "$bench" -test.cpu 1 -test.count 1 \
		-test.benchtime "$benchtime") | awk '/^Benchmark/ {
			for (k = 1; k < NF; k++) if ($(k + 1) == "ns/run") { print $k; exit } }'
}

: >"$work/pairs"
for ((p = 1; p <= pairs; p++)); do
	k=$((p % 4))
	if (((p - 1) / 4 % 2)); then order="rev tree"; else order="tree rev"; fi
	for side in $order; do
		ns=$(bench "$work/$side$k.test")
		[[ -n $ns ]] || { echo "bench-ab: benchmark '$bench' printed no ns/run; is it one of package sim's (go test ./sim -list .)?" >&2; exit 1; }
		if [[ $side == rev ]]; then a=$ns; else b=$ns; fi
	done
	echo "$a $b" >>"$work/pairs"
	echo "pair $p: $rev $a, this tree $b ns/run, ratio $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.4f", b / a }')"
done
awk -v label="$rev ($(git -C "$repo" rev-parse --short "$rev"))" '
	{ r[NR] = $2 / $1; a[NR] = $1; b[NR] = $2; if ($2 / $1 > 0.87 && $2 / $1 < 1.15) { s[++m] = $2 / $1 } }
	function median(v, n,   i, j, t) {
		for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
		return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	}
	END {
		for (i = 1; i <= NR; i++) if (r[i] < 1) faster++
		printf "%s: median %.0f ns/run; this tree: median %.0f ns/run\n", label, median(a, NR), median(b, NR)
		printf "pair ratios tree/rev: median %.4f, tree faster in %d of %d pairs", median(r, NR), faster, NR
		if (m > 0) printf "; within 0.87-1.15: %d pairs, median %.4f", m, median(s, m)
		printf "\n"
	}' "$work/pairs"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
