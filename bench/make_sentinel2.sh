#!/usr/bin/env bash
# Builds a full-size Sentinel-2 L2A product for the benchmarks: B03 and B08 at 10 m (10980 x 10980),
# B11, B12 and SCL at 20 m (5490 x 5490) and at 60 m, the cloud and snow probabilities, as lossless
# JPEG 2000 in 1024 x 1024 tiles (GDAL's JP2OpenJPEG, QUALITY=100 REVERSIBLE=YES), with ESA's layout
# and metadata (baseline 05.09: DN = reflectance * 10000 + 1000), then its zip (stored, zip -0).
# The surface is the real Landsat 7 scene of samples/L7_ETMs.tif resampled to 10 m and mirror-tiled
# (so index values cluster as a real coast's do), with the generator's cloud, shadow, cirrus, snow,
# NoData edge and defective pixels over it. Written by tests/tools/sentinel2_product.py --scene landsat,
# strip by strip (memory stays well under 2 GB at full size).
#
# usage: bench/make_sentinel2.sh [SIZE] [WORKDIR]   (SIZE default 10980, a multiple of 6;
#                                                     WORKDIR default /tmp/rastercmdlets-bench)
#   BENCH_REBUILD=1   build again even when WORKDIR/s2-SIZE already holds the product
#   BENCH_BASELINE=03.01   another processing baseline (default 05.09)
#   BENCH_ALL_BANDS=1      every band, TCI, AOT and WVP at every resolution, as ESA's products
#                          (about 2.5 times the pixels). Without it, GDAL's SENTINEL2 subdatasets of
#                          the product still list the bands left out (its band table is fixed), as
#                          empty (0) bands with a "not found" warning; the files listed in
#                          MTD_MSIL2A.xml are the ones written.
# e.g.  bench/make_sentinel2.sh 1098 /tmp/bench-scratch      (quick check, a few seconds)
# Prints the SAFE folder and the zip, one a line (the last two lines of its output).
set -euo pipefail

bench_name=make_sentinel2; source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
size="${1:-10980}"
workdir="${2:-/tmp/rastercmdlets-bench}"
baseline="${BENCH_BASELINE:-05.09}"
dir="$workdir/s2-$size"

require_number SIZE "$size"
(( size % 6 == 0 )) || die "SIZE must be a multiple of 6, not '$size'"
[ -x "$py" ] || die "$py is missing (apt-get install python3-gdal python3-numpy)"

if [ "${BENCH_REBUILD:-0}" != 1 ] && compgen -G "$dir/S2*_MSIL2A_*.zip" >/dev/null; then
    echo "make_sentinel2: already built in $dir (BENCH_REBUILD=1 to build again)" >&2
    ls -d "$dir"/S2*_MSIL2A_*.SAFE "$dir"/S2*_MSIL2A_*.zip
    exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
subset=(--bands B03,B08,B11,B12,SCL,CLD,SNW --no-extras)
[ "${BENCH_ALL_BANDS:-0}" = 1 ] && subset=()
/usr/bin/time -v -o "$dir/time.txt" "$py" "$repo_root/tests/tools/sentinel2_product.py" "$dir" \
    --level L2A --baseline "$baseline" --size "$size" --scene landsat --seed 1 \
    ${subset[@]+"${subset[@]}"} --zip --verbose > "$dir/paths.txt" 2> "$dir/build.log"
wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$dir/time.txt")"
peak="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.txt")"
echo "make_sentinel2: ${size}x${size} built in $wall, peak memory $((peak / 1024)) MB; $(du -sh "$dir"/*.zip | cut -f1) zipped" >&2
cat "$dir/paths.txt"
