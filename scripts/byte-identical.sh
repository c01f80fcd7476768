#!/usr/bin/env bash
# Runs every shipped scenario, a compare of every policy against its
# counterfactual, every shipped experiment (sweep + analyze), a calibration
# and a backtest with the digisim binary given, into a folder; with two
# folders, compares them byte for byte (manifest.json files are compared with
# their time, command line and version fields removed, since those differ).
#
#   scripts/byte-identical.sh run BINARY OUTDIR
#   scripts/byte-identical.sh diff OUTDIR_A OUTDIR_B
set -euo pipefail
mode=${1:?usage: byte-identical.sh run BINARY OUTDIR | diff A B}
case "$mode" in
run)
  bin=$(realpath "${2:?binary}"); out=${3:?outdir}
  rm -rf "$out"; mkdir -p "$out"; cd "$out"
  for s in $("$bin" scenarios | awk 'NF>1 && $1 !~ /^Run/ {print $1}'); do
    "$bin" run "$s" --out "run/$s" --charts --quiet >/dev/null
  done
  for p in agreement binding capacity-building business-engaged; do
    "$bin" compare "$p" no-coordination --out "compare/$p" --charts >/dev/null
  done
  for e in $("$bin" experiments | awk 'NF>1 && $1 !~ /^Run/ {print $1}'); do
    "$bin" sweep "$e" --out "sweep/$e" >/dev/null 2>&1
    "$bin" analyze "sweep/$e" >/dev/null 2>&1 || true
    "$bin" plot "sweep/$e" >/dev/null 2>&1 || true
  done
  "$bin" sweep coordination-sobol --shard 0/2 --out shard >/dev/null 2>&1
  "$bin" sweep coordination-sobol --shard 1/2 --out shard >/dev/null 2>&1
  "$bin" merge shard --experiment coordination-sobol >/dev/null 2>&1
  "$bin" calibrate asean-2015 --fit segments.ecommerce.imitation,members.*.online_speed --out calibrate --quiet >/dev/null 2>&1 || true
  "$bin" backtest asean-2015 --fit segments.ecommerce.imitation --train-until 2017 --out backtest --quiet >/dev/null 2>&1 || true
  ;;
diff)
  a=${2:?A}; b=${3:?B}; bad=0
  strip() { grep -v -E '"(created|time|started|finished|command_line|command|args|version|go_version|digisim_version|elapsed[a-z_]*|host|modules)"' "$1" || true; }
  while IFS= read -r f; do
    if [[ ! -e "$b/$f" ]]; then echo "only in $a: $f"; bad=1; continue; fi
    case "$f" in
    *manifest.json|*.state.json) cmp -s <(strip "$a/$f") <(strip "$b/$f") || { echo "differs: $f"; bad=1; } ;;
    *) cmp -s "$a/$f" "$b/$f" || { echo "differs: $f"; bad=1; } ;;
    esac
  done < <(cd "$a" && find . -type f | sort)
  while IFS= read -r f; do [[ -e "$a/$f" ]] || { echo "only in $b: $f"; bad=1; }; done < <(cd "$b" && find . -type f | sort)
  n=$(cd "$a" && find . -type f | wc -l)
  if [[ $bad == 0 ]]; then echo "byte-identical: $n files"; else echo "NOT identical"; exit 1; fi
  ;;
*) echo "unknown mode $mode" >&2; exit 2 ;;
esac
