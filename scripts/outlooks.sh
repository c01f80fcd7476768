#!/usr/bin/env bash
# The sweeps and discoveries that docs/outlooks.md cites: outlook-2030 (growth
# over wide ranges, policy over the evidence ranges) and
# outlook-2030-calibrated (growth at its calibrated estimates and SEs), 2,000
# runs each with their shipped seeds, analysed, then PRIM boxes of where the
# published 2030 outlooks are met. About 2 minutes on 2 shared cores.
#
#   scripts/outlooks.sh [OUT]     # default OUT = out
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out}
bin=$(mktemp -d)/digisim
go build -o "$bin" ./cmd/digisim

for e in outlook-2030 outlook-2030-calibrated; do
	"$bin" sweep "$e" --out "$out/$e"
	"$bin" analyze "$out/$e"
done

# discover TAG ARGS...: one PRIM discovery on outlook-2030, its tables and
# charts renamed by TAG so that the next one does not overwrite them.
dir=$out/outlook-2030
discover() {
	local tag=$1
	shift
	"$bin" discover "$dir" "$@"
	mv "$dir/discover.csv" "$dir/discover-$tag.csv"
	mv "$dir/discover-trajectory.csv" "$dir/discover-trajectory-$tag.csv"
	mv "$dir/charts/discover-box.png" "$dir/charts/discover-box-$tag.png"
	mv "$dir/charts/discover-trajectory.png" "$dir/charts/discover-trajectory-$tag.png"
}
discover sea6-1t --policy asean-2025 --where "sea6_gmv_2030 >= 1e12" --subject 'SEA-6 reaches US$1T by 2030'
discover asean10-1t --policy asean-2025 --where "gmv_2030 >= 1e12" --subject 'ASEAN-10 reaches US$1T by 2030 without DEFA'
discover defa-2t --policy defa-2025 --where "gmv_2030 >= 2e12" --subject 'ASEAN-10 reaches US$2T by 2030 with DEFA'
discover defa-top10 --policy defa-2025 --where "defa_ratio_2030 > p90" --subject "DEFA's gain is in its top tenth"
# No run doubles GMV with DEFA: discover says so and gives the ratio's range.
if "$bin" discover "$dir" --policy defa-2025 --where "defa_ratio_2030 >= 2" --no-charts; then
	echo "outlooks: some run doubles GMV with DEFA: docs/outlooks.md says none does" >&2
	exit 1
fi

# DEFA at the edges of the evidence (docs/outlooks.md): ASEAN-10 GMV of
# defa-2025 over asean-2025's, both with the same --set values.
edge=(--set policy.spillover=0.2 --set policy.lag_years=1 --set policy.lag_sensitivity=0.5
	--set policy.business_engagement=0.6 --set policy.absorptive_floor=0.6 --set policy.gravity_distance=0.2
	--set segments.ecommerce.tradability=0.3 --set segments.online_travel.tradability=0.7
	--set segments.transport_food.tradability=0.05 --set segments.online_media.tradability=0.4
	--set segments.ecommerce.variety=0.8 --set segments.ecommerce.network=0.4 --set segments.online_travel.network=0.2
	--set segments.transport_food.network=0.1 --set segments.online_media.network=0.2)
coop=(--set 'policy.coordination.default=[[2018.0, 0.2], [2021.0, 0.2], [2022.0, 0.25]]')
defa=(--set 'policy.coordination.default=[[2018.0, 0.2], [2021.0, 0.2], [2022.0, 0.25], [2026.0, 0.25], [2030.0, 1.0]]')
far=(--set policy.spillover=2 --set 'segments.*.readiness_elasticity=5' --set 'segments.*.network=2' --set 'segments.*.variety=5')
total() { # SCENARIO ARGS...: ASEAN-10 GMV in 2030 and 2035, summed from the run's series.csv
	"$bin" run "$@" --out "$out/outlook-edges/$1" --quiet >/dev/null
	awk -F, '$6 == "gmv" && $3 != "" && $4 != "" { g[$2] += $7 } END { print g[2030], g[2035] }' "$out/outlook-edges/$1/series.csv"
}
ratio() { # LABEL, then the asean-2025 arguments, --, the defa-2025 arguments
	local label=$1 a=() d=()
	shift
	while [ "$1" != -- ]; do a+=("$1"); shift; done
	shift
	d=("$@")
	paste -d' ' <(total asean-2025 "${a[@]}") <(total defa-2025 "${d[@]}") |
		awk -v l="$label" '{ printf "%-36s DEFA / status quo, ASEAN-10: 2030 %.4f, 2035 %.4f\n", l, $3 / $1, $4 / $2 }'
}
ratio "central" --
ratio "policy at the evidence's edges" "${edge[@]}" -- "${edge[@]}"
ratio "the same, cooperation 0.25" "${edge[@]}" "${coop[@]}" -- "${edge[@]}" "${defa[@]}"
ratio "the same, readiness elasticity 1.5" "${edge[@]}" "${coop[@]}" --set 'segments.*.readiness_elasticity=1.5' -- \
	"${edge[@]}" "${defa[@]}" --set 'segments.*.readiness_elasticity=1.5'
ratio "far outside the evidence" "${edge[@]}" "${coop[@]}" "${far[@]}" -- "${edge[@]}" "${defa[@]}" "${far[@]}"

# One parameter at a time (docs/outlooks.md): the value at which 2030 GMV of
# SEA-6 or ASEAN-10 reaches US$1T, every other parameter as asean-2025 ships
# it, by bisection to 1e-4 of the value.
gmv2030() { # GROUP ARGS...: 2030 GMV of sea6 or asean10 under asean-2025
	local group=$1
	shift
	"$bin" run asean-2025 "$@" --out "$out/outlook-oat" --quiet >/dev/null
	awk -F, -v g="$group" '$6 == "gmv" && $2 == 2030 && $3 != "" && $4 != "" &&
		(g == "asean10" || $3 ~ /^(ID|MY|PH|SG|TH|VN)$/) { s += $7 } END { printf "%.6e\n", s }' "$out/outlook-oat/series.csv"
}
reaches() { awk -v v="$1" 'BEGIN { exit !(v >= 1e12) }'; }
bisect() { # GROUP PATH LO HI
	local group=$1 path=$2 lo=$3 hi=$4 mid top
	top=$(gmv2030 "$group" --set "$path=$hi")
	if ! reaches "$top"; then
		printf '%-8s %-37s not reached at %s (US$%sbn)\n' "$group" "$path" "$hi" "$(awk -v v="$top" 'BEGIN { printf "%.0f", v / 1e9 }')"
		return
	fi
	while awk -v lo="$lo" -v hi="$hi" 'BEGIN { exit !(hi - lo > 1e-4 * (hi > 1 ? hi : 1)) }'; do
		mid=$(awk -v lo="$lo" -v hi="$hi" 'BEGIN { printf "%.8g", (lo + hi) / 2 }')
		if reaches "$(gmv2030 "$group" --set "$path=$mid")"; then hi=$mid; else lo=$mid; fi
	done
	printf '%-8s %-37s reaches US$1T at %.4g\n' "$group" "$path" "$hi"
}
for group in sea6 asean10; do
	bisect $group 'members.*.spend_drift' -0.02 0.3
	bisect $group 'segments.*.income_elasticity' 1 5
	bisect $group segments.ecommerce.income_elasticity 1.2 5
	bisect $group 'segments.*.readiness_elasticity' 0.3 5
	bisect $group segments.ecommerce.deepening 0.125 5
	bisect $group 'segments.*.deepening' 0 5
	bisect $group 'segments.*.imitation' 0.2 5
	bisect $group 'segments.*.ceiling' 0.95 1
done
