#!/usr/bin/env bash
# Runs every fuzz target of the repository for a short time each (FUZZTIME, 10s by
# default: 197 s in all with the fuzzing builds, measured on 2 cores under a
# load of 5-12). A crash writes its input
# to the package's testdata/fuzz/<target>/ and fails the script; run the
# target's seed corpus with "go test -run=<target> ./<package>" to replay it.
#
#   scripts/fuzz.sh               # all targets
#   FUZZTIME=60s scripts/fuzz.sh  # longer
set -euo pipefail
cd "$(dirname "$0")/.."
t=${FUZZTIME:-10s}
targets=(
  ./scenarios:FuzzLoad
  ./scenarios/internal/tomlbound:FuzzCheck
  ./scenarios:FuzzLoadBytes
  ./scenarios:FuzzOverride
  ./scenarios:FuzzLoadRun
  ./scenarios/experiments:FuzzParse
  ./scenarios/observed:FuzzRead
  ./output/table:FuzzReadTidy
  ./output/table:FuzzReadRuns
  ./output/runstore:FuzzRunsCSV
  ./output/runstore:FuzzMerge
)
failed=()
for pt in "${targets[@]}"; do
  pkg=${pt%%:*} fn=${pt#*:}
  echo "fuzz $fn ($pkg, $t)"
  if ! go test -run='^$' -fuzz="^$fn\$" -fuzztime="$t" "$pkg" >/tmp/fuzz-$$.log 2>&1; then
    tail -n 30 /tmp/fuzz-$$.log
    # A crash saves its input ("Failing input written to ..."), and the
    # input then fails every later run as a seed. A failure without one is
    # the fuzzing engine itself (a worker starved on a loaded machine ends
    # the run with "context deadline exceeded"): run the target once more.
    if grep -q "Failing input written" /tmp/fuzz-$$.log ||
      ! go test -run='^$' -fuzz="^$fn\$" -fuzztime="$t" "$pkg" >/tmp/fuzz-$$.log 2>&1; then
      tail -n 30 /tmp/fuzz-$$.log
      failed+=("$fn")
    else
      echo "  (passed when run again: the first failure saved no input)"
    fi
  fi
done
rm -f /tmp/fuzz-$$.log
if ((${#failed[@]} > 0)); then echo "FAIL: ${failed[*]}"; exit 1; fi
echo "PASS: ${#targets[@]} fuzz targets"
