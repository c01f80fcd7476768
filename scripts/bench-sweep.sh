#!/usr/bin/env bash
# Speed and memory of a 10,000-run Monte Carlo (docs/performance.md) with 1 and
# 2 workers: wall time, runs per second, CPU time (user + system: the
# measure that holds on a shared, loaded machine, where wall time mostly
# measures the other users), peak resident memory, scaling efficiency, and
# a check that both give byte-identical tables. "2 idle cores" is the CPU
# time of the 2-worker sweep divided by 2: its wall time on a machine of
# its own, if the workers scale.
# Usage: scripts/bench-sweep.sh [experiment.toml]
set -euo pipefail
cd "$(dirname "$0")/.."
exp=${1:-scripts/bench/montecarlo-10k.toml}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/digisim" ./cmd/digisim
declare -A wall
for w in 1 2; do
  /usr/bin/time -f "%e %M %U %S" -o "$work/time$w" "$work/digisim" sweep "$exp" --workers "$w" --out "$work/w$w" >"$work/out$w" 2>"$work/log$w"
  read -r secs kb user sys <"$work/time$w"
  runs=$(awk '{print $1; exit}' "$work/out$w")
  wall[$w]=$secs
  echo "workers=$w  wall=${secs}s  runs/s=$(awk -v r="$runs" -v s="$secs" 'BEGIN{printf "%.0f", r/s}')  CPU=$(awk -v u="$user" -v s="$sys" -v r="$runs" -v w="$w" 'BEGIN{printf "%.2fs (%.3f ms a run; %.2fs on %d idle cores)", u+s, 1000*(u+s)/r, (u+s)/w, w}')  peak RSS=$((kb / 1024)) MB"
done
echo "scaling efficiency (2 workers vs 1): $(awk -v a="${wall[1]}" -v b="${wall[2]}" 'BEGIN{printf "%.0f%%", 100*a/(2*b)}')"
for f in runs.csv runs.parquet bands.csv; do
  cmp "$work/w1/$f" "$work/w2/$f" && echo "$f identical with 1 and 2 workers"
done
