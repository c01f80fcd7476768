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
