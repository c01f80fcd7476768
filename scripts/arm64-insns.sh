#!/usr/bin/env bash
# Counts the arm64 instructions a benchmark executes, under qemu-user, so
# that arm64 code can be weighed on a machine without arm64 hardware: an
# instruction count, not a time (a NEON instruction and a scalar one count
# alike, so the count understates what vector code saves).
#
#   scripts/arm64-insns.sh PKG BENCH [PER] [ENV...]
#
# runs benchmark BENCH of package PKG (built with GOARCH=arm64) for 1 and
# for 3 iterations, with the environment ENV (e.g. DIGISIM_SIMD=none), and
# prints the instructions of one iteration divided by PER (the runs an
# iteration does), the difference canceling start-up, and the ten functions
# that execute most of them. Needs qemu-aarch64-static (Debian's
# qemu-user-static). qemu logs every translated block and every execution
# of one (-d in_asm,exec,nochain), which this sums; a run of `agreement`
# takes about a minute.
set -euo pipefail
pkg=${1:?usage: arm64-insns.sh PKG BENCH [PER] [ENV...]}
bench=${2:?benchmark}
per=${3:-1}
shift $(( $# < 3 ? $# : 3 ))
command -v qemu-aarch64-static >/dev/null || { echo "arm64-insns.sh: needs qemu-aarch64-static (apt-get install qemu-user-static)" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
GOARCH=arm64 go test -c -o "$tmp/pkg.test" "$pkg"
dir=$(go list -f '{{.Dir}}' "$pkg")
# count N: the instructions executed by N iterations, by function, into
# $tmp/N (total on the first line).
count() {
  (cd "$dir" && env GOMAXPROCS=1 "$@" qemu-aarch64-static -d in_asm,exec,nochain "$tmp/pkg.test" \
    -test.run '^$' -test.bench "^${bench}\$" -test.benchtime "${n}x" 2>&1 >/dev/null) |
    awk '
      function key(h) { sub(/^0x/, "", h); sub(/:$/, "", h); sub(/^0+/, "", h); return h }
      /^IN: / { tb = ""; next }
      /^0x[0-9a-f]+:/ { if (tb == "") { tb = key($1); size[tb] = 0 } size[tb]++; next }
      /^Trace / { split($4, f, "/"); k = key(f[2]); total += size[k]; fn[$5] += size[k]; next }
      END { print "total", total; for (s in fn) print s, fn[s] }' > "$tmp/$n"
}
for n in 1 3; do count "$@"; done
awk -v per="$per" '
  FNR == NR { a[$1] = $2; next }
  { d = ($2 - a[$1]) / 2 / per; if ($1 == "total") printf "%.0f instructions a run\n", d > "/dev/stderr"; else if (d > 0) printf "  %10.0f  %s\n", d, $1 }
' "$tmp/1" "$tmp/3" 2>&1 | sort -k1,1nr -s | head -11
