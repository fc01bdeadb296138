#!/usr/bin/env bash
# bench/accuracy.sh: Measure-ClassAccuracy of a SIZE x SIZE class map against a SIZE x SIZE reference
# raster, side by side in one run with the floor: gdal_translate reading both rasters (each copied
# to an uncompressed GeoTIFF, one after the other, in one timed command). Wall clock and peak
# memory under /usr/bin/time -v; ratios reported. It reports, it does not assert.
# usage: bench/accuracy.sh [SIZE] [WORKDIR]     (SIZE default 10980, WORKDIR default /tmp/rastercmdlets-bench)
#   BENCH_REPEAT=N   runs of each tool, alternating (default 3)
#   BENCH_PEERS=DIR  where make_rasters.py lives (default ../shared/peers beside the repository)
# Inputs: band.tif from make_rasters.py (as bench/run.sh makes it, reused when present); the map is
# its K=2 classification by the module (map.tif, Byte, DEFLATE, category names Water, Land), the
# reference a threshold of the same band by numpy at another value (ref.tif, Byte, DEFLATE), so
# that the two disagree on a few percent of the pixels.
set -euo pipefail

bench_name=accuracy; source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
size="${1:-10980}"
workdir="${2:-/tmp/rastercmdlets-bench}"
repeat="${BENCH_REPEAT:-3}"
dir="$workdir/$size"
logs="$dir/logs-accuracy"
require_number SIZE "$size"
require_positive BENCH_REPEAT "$repeat"
command -v gdal_translate >/dev/null || die "gdal_translate is missing (apt-get install gdal-bin)"
mkdir -p "$logs"
rm -f "$logs"/*

make_bench_rasters "$dir" "$size" "$logs/make_rasters.log" band.tif
cd "$dir"
if [ ! -f map.tif ]; then
    "$repo_root/raster-pwsh" -Command 'Get-RasterBand band.tif 1 | Invoke-KMeansCluster -K 2 | Export-GeoTiff map.tif -ClassName Water, Land -Force' \
        >"$logs/map.log" 2>&1 || die "classifying band.tif failed (see $logs/map.log)"
fi
if [ ! -f ref.tif ]; then
    "$py" - <<'PY' >"$logs/ref.log" 2>&1 || die "making ref.tif failed"
from osgeo import gdal
import numpy as np
src = gdal.Open('band.tif'); b = src.GetRasterBand(1)
mds = gdal.Open('map.tif'); m = mds.GetRasterBand(1)   # keep the dataset while its band is used
# The threshold between the map's two classes, moved: the map's largest Water value, times 1.1.
out = gdal.GetDriverByName('GTiff').Create('.ref.tmp.tif', src.RasterXSize, src.RasterYSize, 1, gdal.GDT_Byte,
                                           ['TILED=YES', 'COMPRESS=DEFLATE', 'ZLEVEL=1'])
out.SetGeoTransform(src.GetGeoTransform()); out.SetProjection(src.GetProjection())
ob = out.GetRasterBand(1); ob.SetNoDataValue(255)
top = 0
for y in range(0, src.RasterYSize, 512):
    n = min(512, src.RasterYSize - y)
    v = b.ReadAsArray(0, y, src.RasterXSize, n); c = m.ReadAsArray(0, y, src.RasterXSize, n)
    w = v[(c == 0) & (v > 0)]
    if w.size: top = max(top, int(w.max()))
t = top * 1.1
for y in range(0, src.RasterYSize, 512):
    n = min(512, src.RasterYSize - y)
    v = b.ReadAsArray(0, y, src.RasterXSize, n)
    ob.WriteArray(np.where(v == 0, 255, np.where(v <= t, 0, 1)).astype(np.uint8), 0, y)
ob.SetRasterCategoryNames(['Water', 'Land'])
out = None
import os; os.replace('.ref.tmp.tif', 'ref.tif'); os.replace('.ref.tmp.tif.aux.xml', 'ref.tif.aux.xml')
PY
fi
cat map.tif ref.tif >/dev/null    # both tools start with the inputs in the page cache

results="$logs/results.tsv"
printf 'tool\trun\twall_s\tpeak_kb\n' >"$results"
timed() { # TOOL RUN CMD...
    local tool="$1" run="$2"; shift 2
    /usr/bin/time -v -o "$logs/$tool.$run.time" "$@" >"$logs/$tool.$run.out" 2>"$logs/$tool.$run.err" \
        || { tail -n 20 "$logs/$tool.$run.err" >&2; die "$tool failed"; }
    if grep -q '^raster-pwsh: building' "$logs/$tool.$run.err"; then echo "bench: $tool rebuilt itself; run $run not kept" >&2; return; fi
    local wall peak
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$logs/$tool.$run.time")"
    peak="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$logs/$tool.$run.time")"
    printf '%s\t%s\t%s\t%s\n' "$tool" "$run" "$wall" "$peak" >>"$results"
    printf 'bench: %-15s run %s: %7.2f s %7d MB\n' "$tool" "$run" "$wall" "$((peak / 1024))"
}
for r in $(seq "$repeat"); do
    timed gdal_translate "$r" bash -c 'gdal_translate -q map.tif .floor_map.tif && gdal_translate -q ref.tif .floor_ref.tif; rm -f .floor_map.tif .floor_ref.tif'
    timed startup "$r" "$repo_root/raster-pwsh" -Command '$null'
    timed rastercmdlets "$r" "$repo_root/raster-pwsh" -Command \
        '$r = Get-RasterBand map.tif | Measure-ClassAccuracy ref.tif; "{0} {1:F6} {2:F6}" -f $r.SampleCount, $r.OverallAccuracy, $r.Kappa'
done
echo "bench: report: $(cat "$logs/rastercmdlets.1.out")  (samples, overall accuracy, kappa)"
"$py" - "$results" <<'PY'
import sys, statistics as st
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])][1:]
by = {}
for tool, run, wall, peak in rows:
    by.setdefault(tool, []).append((float(wall), int(peak)))
med = {t: (st.median(w for w, _ in v), max(p for _, p in v)) for t, v in by.items()}
for t, (w, p) in med.items():
    print(f"{t:15s} median wall {w:6.2f} s   peak {p / 1024:7.0f} MB   ({len(by[t])} runs)")
if 'rastercmdlets' in med and 'gdal_translate' in med:
    ours, floor = med['rastercmdlets'], med['gdal_translate']
    start = med.get('startup', (0, 0))[0]
    print(f"ratio wall (ours / gdal_translate reading both): {ours[0] / floor[0]:.2f}x; "
          f"after pwsh start-up ({start:.2f} s): {(ours[0] - start) / floor[0]:.2f}x")
    print(f"ratio peak memory: {ours[1] / floor[1]:.2f}x")
PY
