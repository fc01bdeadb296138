#!/usr/bin/env bash
# Water-bodies benchmark: sieve a class map and write its regions as polygons, with our cmdlets
# in pwsh and with GDAL's own scripts, side by side on the same Sentinel-2-sized class map.
#
# usage: bench/water_bodies.sh [SIZE] [WORKDIR]   (SIZE default 10980, WORKDIR default /tmp/rastercmdlets-bench)
#   BENCH_REPEAT=N       runs of each tool, alternating (default 3); medians are reported
#   BENCH_THRESHOLD=N    sieve threshold in pixels (default 10)
#   BENCH_PEERS=DIR      where make_rasters.py lives (default ../shared/peers beside the repository)
# e.g.  bench/water_bodies.sh 2000 /tmp/bench-scratch     (quick check, ~20 s)
#
#   ours  pwsh: Get-RasterBand classes.tif | Invoke-RasterSieve N | Export-ClassPolygon ours.gpkg
#         (sieve repeated until nothing changes; polygons with class, name, area, area_km2, perimeter)
#   gdal  gdal_sieve.py -st N -4 classes.tif sieved.tif && gdal_polygonize.py sieved.tif -f GPKG gdal.gpkg
#         (one sieve pass; polygons with the class only)
# Both 4-connected. Wall time and peak memory from /usr/bin/time -v; then the features and the area
# per class of both outputs (ogrinfo), which should agree.
#
# The class map is made once, untimed: band.tif of make_rasters.py (the layout bench/run.sh uses,
# so both share it) classified with K=2 by our own pipeline. pwsh is found as: pwsh on PATH, else
# `dotnet pwsh` with the repo's tool manifest (.config/dotnet-tools.json), else `dotnet pwsh` in
# BENCH_PWSH_DIR (default /tmp/pw), a folder where `dotnet tool install PowerShell --version 7.6.9` ran.
set -euo pipefail

bench_name=water_bodies; source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
size="${1:-10980}"
workdir="${2:-/tmp/rastercmdlets-bench}"
repeat="${BENCH_REPEAT:-3}"
threshold="${BENCH_THRESHOLD:-10}"
dir="$workdir/$size"
logs="$dir/logs"

require_number SIZE "$size"
require_positive BENCH_REPEAT "$repeat"
require_number BENCH_THRESHOLD "$threshold"
command -v gdal_sieve.py >/dev/null && command -v gdal_polygonize.py >/dev/null || die "gdal_sieve.py/gdal_polygonize.py missing (apt-get install python3-gdal)"

# --- pwsh -------------------------------------------------------------------------------------
if command -v pwsh >/dev/null 2>&1; then
    pwsh_dir="$repo_root"; pwsh_cmd=(pwsh)
elif [ -f "$repo_root/.config/dotnet-tools.json" ] && grep -qi '"powershell"' "$repo_root/.config/dotnet-tools.json"; then
    (cd "$repo_root" && dotnet tool restore >/dev/null) || die "dotnet tool restore failed"
    pwsh_dir="$repo_root"; pwsh_cmd=(dotnet pwsh)
else
    pwsh_dir="${BENCH_PWSH_DIR:-/tmp/pw}"
    [ -f "$pwsh_dir/dotnet-tools.json" ] || [ -f "$pwsh_dir/.config/dotnet-tools.json" ] \
        || die "no pwsh: install it (cd $pwsh_dir && dotnet new tool-manifest && dotnet tool install PowerShell --version 7.6.9)"
    pwsh_cmd=(dotnet pwsh)
fi
pwsh_run() { (cd "$pwsh_dir" && "${pwsh_cmd[@]}" -NoProfile -NonInteractive -Command "$1"); }
(cd "$repo_root" && dotnet build -c Release -nologo -v q >/dev/null) || die "build failed"
module="$repo_root/RasterCmdlets.psd1"

# --- inputs -----------------------------------------------------------------------------------
mkdir -p "$logs"
make_bench_rasters "$dir" "$size" "$logs/make_rasters.log" band.tif
classes="$dir/classes.tif"
if [ ! -f "$classes" ]; then
    echo "water_bodies: classifying band.tif (K=2) into classes.tif"
    pwsh_run "Import-Module '$module'; Get-RasterBand '$dir/band.tif' | Invoke-KMeansCluster -K 2 -Seed 1 | Export-GeoTiff '$classes' -ClassName Water, Land -Force" \
        || die "classification failed"
fi

# --- runs -------------------------------------------------------------------------------------
ours_out="$dir/ours.gpkg"; gdal_out="$dir/gdal.gpkg"; gdal_sieved="$dir/gdal_sieved.tif"
ours_cmd="Import-Module '$module'; Get-RasterBand '$classes' | Invoke-RasterSieve $threshold | Export-ClassPolygon '$ours_out' -Force"
timed() { # name run
    local name="$1" run="$2"
    /usr/bin/time -v -o "$logs/$name.$run.time" "${@:3}" >"$logs/$name.$run.out" 2>"$logs/$name.$run.err" \
        || { cat "$logs/$name.$run.err" >&2; die "$name run $run failed"; }
}
for run in $(seq 1 "$repeat"); do
    echo "water_bodies: run $run of $repeat"
    timed ours "$run" bash -c "cd '$pwsh_dir' && ${pwsh_cmd[*]} -NoProfile -NonInteractive -Command \"$ours_cmd\""
    rm -f "$gdal_out" "$gdal_sieved"   # gdal_polygonize.py appends to an existing file
    timed gdal "$run" bash -c "gdal_sieve.py -q -st $threshold -4 '$classes' '$gdal_sieved' && gdal_polygonize.py -q '$gdal_sieved' -f GPKG '$gdal_out' polygons class"
done

# --- report -----------------------------------------------------------------------------------
"$py" - "$logs" "$repeat" "$ours_out" "$gdal_out" "$size" "$threshold" <<'PY'
import re, statistics, sys
from osgeo import ogr
logs, repeat, ours, gdal_out, size, threshold = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
def parse(name, run):
    text = open(f"{logs}/{name}.{run}.time").read()
    h, m, s = (["0"] + re.search(r"Elapsed \(wall clock\) time.*: (\S+)", text).group(1).split(":"))[-3:]
    wall = int(h) * 3600 + int(m) * 60 + float(s)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
    return wall, rss
def per_class(path, field):
    ds = ogr.Open(path); layer = ds.GetLayer(0); out = {}
    for f in layer:
        c = f.GetField(field); n, a = out.get(c, (0, 0.0)); out[c] = (n + 1, a + f.GetGeometryRef().GetArea())
    return out
print(f"\nsieve (threshold {threshold}, 4-connected) + polygons of a {size}x{size} class map, {repeat} runs each, medians")
print(f"| tool | wall s (runs) | peak MB | features | area km² per class |")
print(f"|---|---:|---:|---:|---|")
for name, label, path in [("ours", "RasterCmdlets (pwsh)", ours), ("gdal", "gdal_sieve.py + gdal_polygonize.py", gdal_out)]:
    runs = [parse(name, r) for r in range(1, repeat + 1)]
    walls = [w for w, _ in runs]; rss = statistics.median(m for _, m in runs)
    classes = per_class(path, "class")
    features = sum(n for n, _ in classes.values())
    areas = ", ".join(f"{c}: {a / 1e6:.4f}" for c, (n, a) in sorted(classes.items()))
    print(f"| {label} | {statistics.median(walls):.2f} ({', '.join(f'{w:.2f}' for w in walls)}) | {rss:.0f} | {features} | {areas} |")
PY
