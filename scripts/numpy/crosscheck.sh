#!/usr/bin/env bash
# crosscheck.sh: compare the Go engine with an independent numpy
# implementation of MODEL.md (scripts/numpy/reference.py) on every shipped
# scenario (v1 and v2, with their events) and on scripts/numpy/v2-check.toml
# (synthetic: every v2 term and kind of event with non-trivial values):
# every column of summary.csv at every output year must agree to a
# relative 1e-9 (seen: a few 1e-15). Then the same for the vectorised
# mode (many runs as one batch): every scenario as a batch of 3 copies; the
# first scenario with two variants of it (digisim run --set: other
# complementarities, weights, policy, gravity) in one batch; v2-check with
# a v1 scenario and a variant of v2-check in one batch; and a small sweep
# of the first scenario and one of v2-check (uncertain deepening, drift and
# tenure), whose regional outcomes (runs.csv) must agree too.
# Speed: scripts/bench-vs-numpy.sh, not this script.
#
# Installs Debian's python3-numpy when /usr/bin/python3 lacks it (needs
# root and the package mirror). Usage: scripts/numpy/crosscheck.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
if ! "$py" -c 'import numpy' 2>/dev/null; then
	[ "$(id -u)" = 0 ] || { echo "crosscheck: python3-numpy is missing; install it (apt-get install python3-numpy)" >&2; exit 1; }
	apt-get install -y -qq python3-numpy >/dev/null || { apt-get update -qq && apt-get install -y -qq python3-numpy >/dev/null; }
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$repo" && go build -o "$work/digisim" ./cmd/digisim)
scenarios=$("$work/digisim" scenarios | awk 'NF > 1 && $1 != "Run" {print $1}')
[ -n "$scenarios" ] || { echo "crosscheck: no scenarios listed" >&2; exit 1; }
v2check=$repo/scripts/numpy/v2-check.toml
for s in $scenarios "$v2check"; do
	out=$work/$(basename "$s" .toml)
	"$work/digisim" run "$s" --quiet --out "$out"
	"$py" "$repo/scripts/numpy/reference.py" "$out" --repeat 0
	"$py" "$repo/scripts/numpy/reference.py" --batch "$out" --copies 3 --repeat 0
done
first=${scenarios%%$'\n'*}
"$work/digisim" run "$first" --quiet --out "$work/variant1" --set 'segments.*.imitation=0.3' \
	--set policy.spillover=0.35 --set policy.lag_years=3 --set 'members.*.investment.*=0.03' \
	--set segments.ecommerce.complementarity=-1 --set segments.online_media.complementarity=0.5 \
	--set policy.gravity_size=0.8
"$work/digisim" run "$first" --quiet --out "$work/variant2" --set policy.business_engagement=0.9 \
	--set segments.online_travel.complementarity=-0.3 --set segments.transport_food.complementarity=0 \
	--set segments.ecommerce.network=0.4 --set segments.ecommerce.weights.payments=5 \
	--set policy.gravity_distance=1.5 --set members.KH.online_speed=0.3 \
	--set segments.online_media.complementarity=1e-12 # below 1e-8: eq. 4 at its limit rho = 0
"$py" "$repo/scripts/numpy/reference.py" "$work/variant2" --repeat 0
"$py" "$repo/scripts/numpy/reference.py" --batch "$work/$first" "$work/variant1" "$work/variant2" --repeat 0
"$work/digisim" run "$v2check" --quiet --out "$work/v2-variant" --set 'segments.*.deepening=0.7' \
	--set members.ID.spend_drift=-0.08 --set members.PH.tenure_years.ecommerce=9 --set 'events[0].fade=0.9' \
	--set 'events[1].spend=0.5' --set 'events[2].potential=0.6' --set 'events[4].start=2015'
"$py" "$repo/scripts/numpy/reference.py" --batch "$work/v2-check" "$work/$first" "$work/v2-variant" --repeat 0
{
	printf 'name = "crosscheck"\nscenario = "%s"\ndesign = "montecarlo"\nruns = 24\nseed = 7\n\n' "$first"
	for u in 'segments.*.imitation 0.15 0.55' 'segments.*.income_elasticity 0.7 1.5' \
		'members.*.investment.* 0.01 0.05' 'policy.lag_years 1 4' 'policy.spillover 0.05 0.4' \
		'policy.business_engagement 0.2 0.9'; do
		read -r path lo hi <<<"$u"
		printf '[[uncertainties]]\npath = "%s"\ndistribution = "uniform"\nmin = %s\nmax = %s\n\n' "$path" "$lo" "$hi"
	done
	for o in 'gmv_2030 gmv 2030' 'users_2025 users 2025' 'gini_2035 gini_gmv_per_head 2035' \
		'gap_2035 capacity_gap 2035' 'cross_border_2035 cross_border_share 2035' 'cv_2035 cv_gmv_per_head 2035'; do
		read -r name var year <<<"$o"
		printf '[[outcomes]]\nname = "%s"\nvariable = "%s"\nyear = %s\n\n' "$name" "$var" "$year"
	done
} >"$work/sweep.toml"
"$work/digisim" sweep "$work/sweep.toml" --workers 1 --out "$work/sweep" >"$work/sweep.log" 2>&1 || { cat "$work/sweep.log" >&2; exit 1; }
"$py" "$repo/scripts/numpy/reference.py" --sweep "$work/sweep" --repeat 0
{
	printf 'name = "crosscheck-v2"\nscenario = "%s"\ndesign = "montecarlo"\nruns = 8\nseed = 11\n\n' "$v2check"
	for u in 'segments.*.deepening 0 1.5' 'members.*.spend_drift -0.1 0.1' 'members.*.tenure_years.* 0.5 8' \
		'segments.*.imitation 0.15 0.55'; do
		read -r path lo hi <<<"$u"
		printf '[[uncertainties]]\npath = "%s"\ndistribution = "uniform"\nmin = %s\nmax = %s\n\n' "$path" "$lo" "$hi"
	done
	for o in 'gmv_2022 gmv 2022' 'gmv_2035 gmv 2035' 'gini_2035 gini_gmv_per_head 2035' 'cv_2030 cv_gmv_per_head 2030'; do
		read -r name var year <<<"$o"
		printf '[[outcomes]]\nname = "%s"\nvariable = "%s"\nyear = %s\n\n' "$name" "$var" "$year"
	done
} >"$work/sweep-v2.toml"
"$work/digisim" sweep "$work/sweep-v2.toml" --workers 1 --out "$work/sweep-v2" >"$work/sweep.log" 2>&1 || { cat "$work/sweep.log" >&2; exit 1; }
"$py" "$repo/scripts/numpy/reference.py" --sweep "$work/sweep-v2" --repeat 0
echo "crosscheck: PASS"
