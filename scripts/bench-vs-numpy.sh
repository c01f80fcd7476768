#!/usr/bin/env bash
# The engine against numpy, per core, on the same kind of runs
# (docs/performance.md): a Monte Carlo of SCENARIO (5 uncertain parameters as in
# scripts/bench/montecarlo-10k.toml, no income shocks: numpy has no copy of
# the engine's random numbers), PAIRS times by each side, the two
# alternating (engine first in odd pairs, numpy first in even ones):
#
#   engine: `digisim sweep --workers 1` of ENGINE_RUNS runs with GOMAXPROCS=1
#           (one core, its writer included); per run = the whole command
#           (start, load, design, runs, writing runs.csv, runs.parquet,
#           bands.csv) / ENGINE_RUNS. ENGINE_RUNS is 10 x RUNS by default,
#           so that the start (about 0.1 s of CPU) weighs as in a real sweep;
#   numpy:  scripts/numpy/reference.py --sweep --first RUNS on that sweep's
#           folder: its first RUNS runs as one batch (runs as the leading
#           array axis), one thread (OMP/OPENBLAS/MKL_NUM_THREADS=1); per
#           run = one batch / RUNS, the runs alone (after reading the files
#           and one untimed, checked batch). Its outcomes must equal the
#           engine's runs.csv to 1e-9: both sides ran the same model.
#
# Both the same scenario, horizon and dt (the scenario's own). Prints each
# pair in CPU time (user + system: the per-core measure on a shared machine)
# and wall time, and the median ratios numpy / engine. OPENBLAS_CORETYPE and
# OPENBLAS_L2_SIZE are unset for numpy here (they pin an older, slower
# kernel on some processors; see the environment notes); tests and CI keep
# them. Installs Debian's python3-numpy when /usr/bin/python3 lacks it.
#
# Usage: scripts/bench-vs-numpy.sh [SCENARIO] [PAIRS] [RUNS] [ENGINE_RUNS]
#        (defaults: agreement 5 300 3000)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
scenario=${1:-agreement}
pairs=${2:-5}
runs=${3:-300}
engine_runs=${4:-$((10 * runs))}
[[ $pairs =~ ^[1-9][0-9]*$ && $runs =~ ^[1-9][0-9]*$ && $engine_runs =~ ^[1-9][0-9]*$ ]] || {
	echo "bench-vs-numpy: PAIRS, RUNS and ENGINE_RUNS must be positive whole numbers (got '$pairs', '$runs', '$engine_runs'); usage: $0 [SCENARIO] [PAIRS] [RUNS] [ENGINE_RUNS]" >&2
	exit 2
}
((engine_runs >= runs)) || { echo "bench-vs-numpy: ENGINE_RUNS ($engine_runs) must be at least RUNS ($runs): numpy runs the engine's first RUNS runs" >&2; exit 2; }
py=/usr/bin/python3
if ! "$py" -c 'import numpy' 2>/dev/null; then
	[ "$(id -u)" = 0 ] || { echo "bench-vs-numpy: python3-numpy is missing; install it (apt-get install python3-numpy)" >&2; exit 1; }
	apt-get install -y -qq python3-numpy >/dev/null || { apt-get update -qq && apt-get install -y -qq python3-numpy >/dev/null; }
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$repo" && go build -o "$work/digisim" ./cmd/digisim)
cat >"$work/exp.toml" <<EOF
name = "bench-vs-numpy"
description = "$engine_runs runs of $scenario, 5 uncertainties, no shocks"
scenario = "$scenario"
design = "montecarlo"
runs = $engine_runs
seed = 1

[[uncertainties]]
path = "segments.*.imitation"
distribution = "uniform"
min = 0.15
max = 0.55

[[uncertainties]]
path = "segments.*.income_elasticity"
distribution = "triangular"
min = 0.7
mode = 1.1
max = 1.5

[[uncertainties]]
path = "members.*.investment.*"
distribution = "uniform"
min = 0.01
max = 0.05

[[uncertainties]]
path = "policy.lag_years"
distribution = "uniform"
min = 1
max = 4

[[uncertainties]]
path = "policy.spillover"
distribution = "uniform"
min = 0.05
max = 0.4

[[outcomes]]
name = "gmv_2030"
variable = "gmv"
year = 2030

[[outcomes]]
name = "gini_2035"
variable = "gini_gmv_per_head"
year = 2035

[[outcomes]]
name = "capacity_gap_2035"
variable = "capacity_gap"
year = 2035
EOF
numpy_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1)
"${numpy_env[@]}" "$py" - <<'EOF'
import numpy
try:
    import threadpoolctl
    blas = "".join(f", {i['internal_api']} {i.get('version')} kernel {i.get('architecture')}, {i['num_threads']} thread(s)"
                   for i in threadpoolctl.threadpool_info())
except ImportError:
    blas = " (python3-threadpoolctl would name the BLAS kernel)"
print("numpy", numpy.__version__ + blas)
EOF
echo "scenario $scenario, $pairs pairs: engine sweeps of $engine_runs runs on 1 core, numpy batches of $runs runs on 1 thread; ms a run as CPU (wall)"

engine() { # pair -> "cpu_ms wall_ms" a run
	GOMAXPROCS=1 /usr/bin/time -f "%e %U %S" -o "$work/time$1" \
		"$work/digisim" sweep "$work/exp.toml" --workers 1 --out "$work/sweep$1" >"$work/log$1" 2>&1 ||
		{ cat "$work/log$1" >&2; exit 1; }
	awk -v n="$engine_runs" '{printf "%.3f %.3f\n", ($2 + $3) * 1000 / n, $1 * 1000 / n}' "$work/time$1"
}
numpy() { # pair (its sweep folder) -> "cpu_ms wall_ms" a run
	"${numpy_env[@]}" "$py" "$repo/scripts/numpy/reference.py" --sweep "$work/sweep$1" --first "$runs" --repeat 1 >"$work/numpy.out"
	cat "$work/numpy.out" >>"$work/numpy.log"
	sed -E 's/.*numpy ([0-9.]+) ms a run \(wall\), ([0-9.]+) ms a run \(CPU\).*/\2 \1/' "$work/numpy.out"
}

# The first sweep gives numpy its runs; engine and numpy then alternate.
engine 0 >/dev/null
: >"$work/ratios"
for ((p = 1; p <= pairs; p++)); do
	if ((p % 2)); then
		engine "$p" >"$work/e"
		numpy 0 >"$work/n"
	else
		numpy 0 >"$work/n"
		engine "$p" >"$work/e"
	fi
	read -r ec ew <"$work/e"
	read -r nc nw <"$work/n"
	cmp -s "$work/sweep0/runs.csv" "$work/sweep$p/runs.csv" || { echo "bench-vs-numpy: sweep $p differs from sweep 0" >&2; exit 1; }
	awk -v p="$p" -v ec="$ec" -v ew="$ew" -v nc="$nc" -v nw="$nw" 'BEGIN {
		printf "pair %d: engine %.2f (%.2f) ms a run, numpy %.2f (%.2f) ms a run: numpy/engine %.1fx CPU (%.1fx wall)\n", p, ec, ew, nc, nw, nc / ec, nw / ew
	}'
	echo "$ec $ew $nc $nw" >>"$work/ratios"
done
awk '{for (i = 1; i < NF; i++) if ($i == "difference" && $(i + 1) + 0 >= w) w = $(i + 1) + 0}
	END {printf "numpy against the sweeps'"'"' runs.csv: worst relative difference %.2e (tolerance 1e-9)\n", w}' "$work/numpy.log"
awk '
function median(a, n,   i, j, t) {
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ n++; ec[n] = $1; ew[n] = $2; nc[n] = $3; nw[n] = $4; rc[n] = $3 / $1; rw[n] = $4 / $2 }
END {
	printf "median of %d pairs: engine %.2f ms a run, numpy %.2f ms a run (CPU); numpy/engine per core %.1fx (CPU), %.1fx (wall)\n",
		n, median(ec, n), median(nc, n), median(rc, n), median(rw, n)
}' "$work/ratios"
