#!/usr/bin/env bash
# RasterCmdlets benchmark: the frequency of a class over 12 class maps of a Sentinel-2-sized tile
# (Measure-ClassFrequency, then Export-GeoTiff of its Frequency band), side by side with decoding
# the same maps with gdal_translate (the floor: every pixel of every map must be decoded).
#
# usage: bench/frequency.sh [SIZE] [WORKDIR]     (SIZE default 10980, WORKDIR default /tmp/rastercmdlets-bench)
#   BENCH_REPEAT=N     runs of each tool per case (default 3), medians reported
#   BENCH_COUNTS="3 12"  numbers of maps measured (default "3 12": memory must not grow with them)
#   BENCH_PEERS=DIR    where make_rasters.py lives (default ../shared/peers beside the repository)
#
# Inputs: band.tif from make_rasters.py (as bench/run.sh makes it; reused when there), then 12
# maps made from it by bench/frequency_maps.py: the band thresholded at another percentile per
# "date" (12th to 30th), NoData under a band of "cloud" rows of 0 to 30 % of the tile, Byte,
# DEFLATE, tiled 512, names Water and Land, a date each in TIFFTAG_DATETIME.
#
# Timed under /usr/bin/time -v (wall clock, peak RSS), tools alternating run by run:
#   gdal_translate  a shell loop decoding each of the N maps into an uncompressed GeoTIFF in
#                   /vsimem/ (decoding only: nothing compressed, nothing on disk), the floor
#   rastercmdlets   ./raster-pwsh -Command "<N maps> | Get-RasterBand | Measure-ClassFrequency -Class Water |
#                   ForEach-Object { $_.Frequency | Export-GeoTiff freq.tif }" (one pwsh process,
#                   start-up included); its own time inside pwsh (Measure-Command) is logged apart
# Targets (issue 19): rastercmdlets at most 1.2x the floor for 12 maps, at most 600 MB whatever N.
# The output of the last run is checked against numpy's frequency (frequency_maps.py check).
set -euo pipefail

bench_name=frequency; source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
size="${1:-10980}"
workdir="${2:-/tmp/rastercmdlets-bench}"
repeat="${BENCH_REPEAT:-3}"
counts="${BENCH_COUNTS:-3 12}"
dir="$workdir/$size"
maps="$dir/frequency-maps"
logs="$dir/logs-frequency"

require_number SIZE "$size"
require_positive BENCH_REPEAT "$repeat"
mkdir -p "$logs" "$maps"
rm -f "$logs"/*

make_bench_rasters "$dir" "$size" "$logs/make_rasters.log" band.tif
if [ ! -f "$maps/map12.tif" ]; then
    echo "bench: making 12 class maps in $maps"
    tmp="$maps/.make.$$"
    mkdir -p "$tmp"
    "$py" "$bench_dir/frequency_maps.py" make "$dir/band.tif" "$tmp" 12 || { rm -rf "$tmp"; die "frequency_maps.py failed"; }
    mv "$tmp"/map*.tif* "$maps/" && rmdir "$tmp"
fi
cat "$maps"/map*.tif >/dev/null     # same start for both tools: the maps in the page cache

seconds() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$1"; }
megabytes() { awk -F': ' '/Maximum resident set size/ { printf "%d", $2 / 1024 }' "$1"; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

printf '%-6s %-14s %9s %9s %9s\n' maps tool seconds MB inside_s
for n in $counts; do
    list=()
    for k in $(seq 1 "$n"); do list+=("$maps/$(printf 'map%02d.tif' "$k")"); done
    quoted="$(printf "'%s'," "${list[@]}")"
    out="$dir/frequency-$n.tif"
    gt_t=(); gt_m=(); rc_t=(); rc_m=(); rc_in=()
    for run in $(seq 1 "$repeat"); do
        tag="$n.$run"
        /usr/bin/time -v -o "$logs/gt.$tag.time" bash -c 'for f in "$@"; do gdal_translate -q -co TILED=YES "$f" /vsimem/decoded.tif || exit 1; done' _ "${list[@]}" \
            >"$logs/gt.$tag.out" 2>&1 || die "gdal_translate failed (see $logs/gt.$tag.out)"
        gt_t+=("$(seconds "$logs/gt.$tag.time")"); gt_m+=("$(megabytes "$logs/gt.$tag.time")")
        rm -f "$out"
        /usr/bin/time -v -o "$logs/rc.$tag.time" "$repo_root/raster-pwsh" -Command "
            \$s = Measure-Command { ${quoted%,} | Get-RasterBand -Band 1 | Measure-ClassFrequency -Class Water |
                ForEach-Object { \$_.Frequency | Export-GeoTiff '$out' -Force } }
            'inside ' + \$s.TotalSeconds" >"$logs/rc.$tag.out" 2>"$logs/rc.$tag.err" || { cat "$logs/rc.$tag.err" >&2; die "rastercmdlets failed"; }
        grep -q '^raster-pwsh: building' "$logs/rc.$tag.err" && die "raster-pwsh rebuilt itself during the run: run again"
        rc_t+=("$(seconds "$logs/rc.$tag.time")"); rc_m+=("$(megabytes "$logs/rc.$tag.time")")
        rc_in+=("$(awk '/^inside/ { printf "%.2f", $2 }' "$logs/rc.$tag.out")")
    done
    gt="$(echo "${gt_t[*]}" | median)"; rc="$(echo "${rc_t[*]}" | median)"; inside="$(echo "${rc_in[*]}" | median)"
    printf '%-6s %-14s %9s %9s %9s\n' "$n" gdal_translate "$gt" "$(echo "${gt_m[*]}" | tr ' ' '\n' | sort -g | tail -1)" -
    printf '%-6s %-14s %9s %9s %9s\n' "$n" rastercmdlets "$rc" "$(echo "${rc_m[*]}" | tr ' ' '\n' | sort -g | tail -1)" "$inside"
    printf '%-6s ratio to the floor: %.2fx (whole process), %.2fx (inside pwsh); runs: ours %s, floor %s\n' "$n" \
        "$(echo "$rc / $gt" | bc -l)" "$(echo "$inside / $gt" | bc -l)" "${rc_t[*]}" "${gt_t[*]}"
    bad="$("$py" "$bench_dir/frequency_maps.py" check "$maps" "$n" "$out")"
    echo "$n      pixels differing from numpy's frequency: $bad"
done
