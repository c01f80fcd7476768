#!/usr/bin/env bash
# Fault injection: kill -9 or SIGTERM (every other attempt: what
# Slurm, timeout and containers send, which digisim handles as Ctrl-C) at
# random moments of a sweep, of a
# sharded sweep (2 shards) and of a merge, each followed by --resume (or by
# running the merge again), then compare the final tables byte for byte with
# those of an uninterrupted sweep of the same experiment
# (scripts/faults/faults.toml: 2,000 runs of the agreement).
#
#   scripts/faults.sh            # seed 12; FAULTS_SEED=N for other kill times
#
# The kill delays come from bash's $RANDOM seeded with FAULTS_SEED, so the
# sequence of delays is the same on every run (where they land in the work
# still depends on the machine's speed, which the script measures first).
# Prints the counts: kills, runs lost, runs duplicated, table mismatches,
# refused or failed resumes and stray files left in a finished folder; exits
# 1 if any of them but kills is non-zero, or if fewer than 20 kills landed.
set -euo pipefail
cd "$(dirname "$0")/.."
seed=${FAULTS_SEED:-12}
RANDOM=$seed
min_kills=20

work=$(mktemp -d "${TMPDIR:-/tmp}/digisim-faults.XXXXXX")
trap 'rm -rf "$work"' EXIT
bin=$work/digisim
go build -o "$bin" ./cmd/digisim
exp=$PWD/scripts/faults/faults.toml
cd "$work"

kills=0 lost=0 dup=0 mismatch=0 refused=0 stray=0 early=0
problems=()

now_ms() { echo $(($(date +%s%N) / 1000000)); }
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }
# attempt LOG MAXDELAY_MS ARGS...: runs digisim ARGS in the background,
# sends kill -9 or (every other attempt) SIGTERM after a delay uniform in
# [0, MAXDELAY_MS] (from the seeded $RANDOM, drawn in this shell, not a
# subshell) and sets st to its exit status (137: killed, 143: stopped by
# SIGTERM, which digisim reports as "interrupted (SIGTERM)").
attempts=0 terms=0
attempt() {
  local log=$1 delay=$(((RANDOM * 32768 + RANDOM) % ($2 + 1))) sig=KILL; shift 2
  attempts=$((attempts + 1))
  ((attempts % 2 == 0)) && sig=TERM
  "$bin" "$@" >"$log" 2>&1 &
  local pid=$!
  sleep_ms "$delay"
  kill -s "$sig" "$pid" 2>/dev/null || true
  st=0
  { wait "$pid"; } 2>/dev/null || st=$? # no "Killed" line from bash
  if [[ $st == 143 ]]; then terms=$((terms + 1)); st=137; fi # stopped: counted as a kill
}

# progress DIR TABLE: what a kill left behind, for the log.
progress() {
  local f out=()
  for f in "$1/$2" "$1/$2.partial" "$1/$2.state.json" "$1/bands.csv" "$1/manifest.json"; do
    [[ -e $f ]] && out+=("${f#"$1"/}$([[ $f == *.partial || $f == *runs.csv ]] && echo ":$(($(wc -l <"$f")))lines")")
  done
  echo "${out[*]:-nothing}"
}

# has_results DIR FILE: DIR holds FILE, its .partial or its .state.json.
has_results() { compgen -G "$1/$2*" >/dev/null; }

# chain NAME DIR TABLE KILLS MAXDELAY_MS ARGS...: kill -9 a command KILLS
# times at random delays, each time going on with --resume, then lets it
# finish. TABLE is the file the command's progress is kept in (runs.csv or a
# part); a refused --resume on a folder that holds some of it is a problem.
chain() {
  local name=$1 dir=$2 table=$3 n=$4 max=$5; shift 5
  local resume=() i msg
  for ((i = 1; i <= n; i++)); do
    attempt "$work/log" "$max" "$@" "${resume[@]}"
    if [[ $st == 137 ]]; then
      kills=$((kills + 1)); resume=(--resume); echo "  $name: killed ($(progress "$dir" "$table"))"; continue
    fi
    if [[ $st == 0 ]]; then early=$((early + 1)); return 0; fi
    msg=$(tail -n 3 "$work/log" | tr '\n' ' ')
    if [[ ${#resume[@]} -gt 0 && $msg == *"nothing to resume"* ]] && ! has_results "$dir" "$table"; then
      resume=() # killed before it began: start afresh
      continue
    fi
    refused=$((refused + 1)); problems+=("$name: exit $st after a kill: $msg")
    resume=()
  done
  if [[ ${#resume[@]} -gt 0 ]] && ! has_results "$dir" "$table"; then
    resume=() # the last kill came before it began (as in the loop): start afresh
  fi
  if ! timeout 300 "$bin" "$@" "${resume[@]}" >"$work/log" 2>&1; then
    msg=$(tail -n 3 "$work/log" | tr '\n' ' ')
    refused=$((refused + 1)); problems+=("$name: final ${resume[*]:-run} failed: $msg")
    if [[ ${#resume[@]} -gt 0 ]] && timeout 300 "$bin" "$@" >"$work/log" 2>&1; then return 0; fi
    problems+=("$name: a fresh run failed too: $(tail -n 3 "$work/log" | tr '\n' ' ')")
  fi
}

# compare NAME DIR: DIR's tables against the reference, byte for byte.
compare() {
  local name=$1 dir=$2 f l d
  for f in runs.csv runs.parquet bands.csv; do
    if ! cmp -s "ref/$f" "$dir/$f"; then
      mismatch=$((mismatch + 1)); problems+=("$name: $f differs from the uninterrupted sweep's")
    fi
  done
  [[ -s $dir/manifest.json ]] || { mismatch=$((mismatch + 1)); problems+=("$name: no manifest.json"); }
  # Runs lost and duplicated, from the run column.
  if [[ -f $dir/runs.csv ]]; then
    l=$(comm -23 <(tail -n +2 ref/runs.csv | cut -d, -f1 | sort -u) <(tail -n +2 "$dir/runs.csv" | cut -d, -f1 | sort -u) | wc -l)
    d=$(tail -n +2 "$dir/runs.csv" | cut -d, -f1 | sort | uniq -d -c | awk '{s += $1 - 1} END {print s + 0}')
  else
    l=$(($(wc -l <ref/runs.csv) - 1)) d=0
  fi
  lost=$((lost + l)) dup=$((dup + d))
  ((l == 0)) || problems+=("$name: $l runs lost")
  ((d == 0)) || problems+=("$name: $d runs duplicated")
  # Anything but the four tables and the parts is a leftover.
  while IFS= read -r f; do
    stray=$((stray + 1)); problems+=("$name: stray file $f")
  done < <(cd "$dir" && find . -type f ! -name runs.csv ! -name runs.parquet ! -name bands.csv ! -name manifest.json \
    ! -path './parts/part-*-of-*.csv' ! -path './parts/part-*-of-*.json' | sort)
}

# The reference: one uninterrupted sweep, timed to scale the kill delays.
t0=$(now_ms)
"$bin" sweep "$exp" --out ref --workers 2 >/dev/null 2>&1
tref=$(($(now_ms) - t0))
runs=$(($(wc -l <ref/runs.csv) - 1))
echo "reference sweep: $runs runs in ${tref} ms"

# A sweep killed 8 times (delays in [0, tref/4]: enough kills land before it
# finishes, the late ones in its final writes).
chain sweep s runs.csv 8 $((tref / 4)) sweep "$exp" --out s --workers 2
compare sweep s
# Two shards killed 5 times each, then a merge killed 6 times.
chain shard0 m parts/part-0000-of-0002.csv 5 $((tref / 6)) sweep "$exp" --out m --workers 2 --shard 0/2
chain shard1 m parts/part-0001-of-0002.csv 5 $((tref / 6)) sweep "$exp" --out m --workers 2 --shard 1/2
cp -r m m-clean
t0=$(now_ms)
"$bin" merge m-clean --experiment "$exp" >/dev/null 2>&1 || problems+=("merge of the shards failed")
tmerge=$(($(now_ms) - t0))
compare merge-uninterrupted m-clean
merges=0
for ((i = 1; i <= 6; i++)); do
  attempt "$work/log" $((tmerge * 3 / 2)) merge m --experiment "$exp"
  if [[ $st == 137 ]]; then kills=$((kills + 1)); merges=$((merges + 1)); echo "  merge: killed ($(progress m runs.csv))"; elif [[ $st != 0 ]]; then
    refused=$((refused + 1)); problems+=("merge: exit $st after a kill: $(tail -n 3 "$work/log" | tr '\n' ' ')")
  fi
done
timeout 300 "$bin" merge m --experiment "$exp" >"$work/log" 2>&1 ||
  { refused=$((refused + 1)); problems+=("merge: final merge failed: $(tail -n 3 "$work/log" | tr '\n' ' ')"); }
compare merge m
# More killed sweeps until at least $min_kills kills have landed.
for ((c = 2; kills < min_kills && c <= 6; c++)); do
  chain "sweep$c" "s$c" runs.csv 6 $((tref / 4)) sweep "$exp" --out "s$c" --workers 2
  compare "sweep$c" "s$c"
done

echo "kills: $kills, $terms of them by SIGTERM (sweep ${tref} ms, merge ${tmerge} ms; $early chains finished before their last kill)"
echo "runs lost: $lost"
echo "runs duplicated: $dup"
echo "table mismatches: $mismatch"
echo "refused or failed resumes: $refused"
echo "stray files: $stray"
for p in "${problems[@]}"; do echo "  $p"; done
if ((lost + dup + mismatch + refused + stray > 0)); then echo "FAIL"; exit 1; fi
if ((kills < min_kills)); then echo "FAIL: only $kills kills landed (want $min_kills)"; exit 1; fi
echo "PASS"
