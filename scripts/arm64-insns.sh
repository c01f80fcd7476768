#!/usr/bin/env bash
# Counts the arm64 instructions a benchmark executes, under qemu-user, so
# that arm64 code can be weighed on a machine without arm64 hardware: an
# instruction count, not a time (a NEON instruction on two values counts
# one, like a scalar one).
#
#   scripts/arm64-insns.sh PKG BENCH [PER] [ENV...]
#
# runs benchmark BENCH of package PKG (built with GOARCH=arm64) for 1 and
# for 3 iterations (ITERS="LO HI" for others), with the environment ENV
# (e.g. DIGISIM_SIMD=none for the Go loops), and prints the instructions
# of one iteration divided by PER (the runs, or values, an iteration
# does), the difference cancelling start-up, and the ten functions that
# execute most of them (TOP=N for N). ONLY=REGEXP counts only the
# functions it matches in the total (the runtime's background work grows
# with the emulation's time, noise beside a kernel of a few hundred
# values). For example
#
#   scripts/arm64-insns.sh ./sim BenchmarkRunSingleAgreement 8
#   scripts/arm64-insns.sh ./sim BenchmarkRunBatchAgreement/8 8
#   ITERS="10 60" ONLY=fastmath scripts/arm64-insns.sh ./sim/internal/fastmath BenchmarkExps/neon/640 640
#
# Needs qemu-aarch64-static (Debian's qemu-user-static); each takes 5-15
# minutes on 2 cores (scripts/arm64/count.sh says how it counts).
set -euo pipefail
pkg=${1:?usage: arm64-insns.sh PKG BENCH [PER] [ENV...]}
bench=${2:?benchmark}
per=${3:-1}
shift $(($# < 3 ? $# : 3))
source "$(dirname "$0")/arm64/count.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
GOARCH=arm64 go test -c -o "$tmp/pkg.test" "$pkg"
dir=$(go list -f '{{.Dir}}' "$pkg")
pattern="^${bench//\//\$/^}\$"
read -r lo hi <<<"${ITERS:-1 3}"
arm64_count "$tmp/pkg.test" "$dir" "$pattern" "$lo" "$@" >"$tmp/lo"
arm64_count "$tmp/pkg.test" "$dir" "$pattern" "$hi" "$@" >"$tmp/hi"
awk -v per="$per" -v iters=$((hi - lo)) -v only="${ONLY:-}" -v top="${TOP:-10}" '
	FNR == NR { a[$2] = $1; next }
	$2 != "total" {
		d = ($1 - a[$2]) / iters / per
		if (d > 0) by[$2] = d
		if (only == "" || $2 ~ only) total += d
	}
	END {
		printf "%.1f instructions a run%s\n", total, only == "" ? "" : " (functions matching " only ")"
		for (k = 0; k < top; k++) {
			best = ""; bv = 0
			for (f in by) if (by[f] > bv) { best = f; bv = by[f] }
			if (best == "") break
			printf "  %12.1f  %s\n", bv, best
			delete by[best]
		}
	}' "$tmp/lo" "$tmp/hi"
