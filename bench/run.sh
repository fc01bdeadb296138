#!/usr/bin/env bash
# RasterCmdlets benchmark: K-means clustering of a Sentinel-2-sized raster, side by side with the
# scikit-learn reference pipeline and with a plain GDAL copy (the I/O floor).
#
# usage: bench/run.sh [SIZE] [WORKDIR]          (SIZE default 10980, WORKDIR default /tmp/rastercmdlets-bench)
#   BENCH_REPEAT=N        run rastercmdlets and the gdal_translate floor N times (default 5; each takes
#                         about a second at 10980, and the machines are noisy), report medians
#   BENCH_SKIP_SKLEARN=1  skip the scikit-learn runs (~25 s and ~6 GB RAM each at 10980)
#   BENCH_PEERS=DIR       where sklearn_band.py, sklearn_stack.py, make_rasters.py live (default ../shared/peers beside the repository)
#   BENCH_BATCH=N         tiles in the one-session batch case (default 4; 0 skips it)
#   BENCH_FORMATS=0       skip the formats users download: JPEG 2000, a single DEFLATE strip, a COG
#   BENCH_SEEDS="1 2 3 4 5"  the seeds of the stack's seed cases ("" skips them)
#   BENCH_GRASS=0         skip GRASS GIS on the stack (~7 s a run at 5490²; installs grass-core when missing)
#   BENCH_BASELINE=DIR    another checkout of this repo (an earlier commit, built): its raster-pwsh runs
#                         every case of ours right after ours, as the tool "baseline", so that a change
#                         is judged against the commit before it in one side-by-side run
#   BENCH_BAND=0          skip the one-band case (and the start-up runs timed with it)
# e.g.  BENCH_BAND=0 BENCH_BATCH=0 BENCH_FORMATS=0 BENCH_SEEDS="1 2 3" BENCH_SKIP_SKLEARN=1 bench/run.sh
#                       (the stack case alone, against GRASS: what the stack's speed target is judged on)
# e.g.  bench/run.sh 2000 /tmp/bench-scratch      (fast end-to-end check, ~15 s)
#       BENCH_SKIP_SKLEARN=1 BENCH_REPEAT=3 bench/run.sh 10980 /tmp/rasters
#
# What it measures, for four cases:
#   band K=2     band.tif (SIZE x SIZE UInt16, NoData 0), one band, K=2: one process per tile, as a
#                scheduled task runs it (pwsh starts, imports the module, does one tile, exits)
#   stack K=5    stack.tif (4 UInt16 bands, SIZE/2 square), all bands as features, K=5, one process
#   batch K=2    BENCH_BATCH tiles (hard links to band.tif) in one pwsh session: one pipeline from
#                Get-ChildItem, against a shell loop of gdal_translate over the same tiles
#   startup      pwsh starting with the module imported and doing nothing: what (band) pays once
#   seedN K=5    the stack again with -Seed N for each of BENCH_SEEDS: a multi-band fit's time may
#                depend on its seed (its sample may land in a worse basin), so the slowest seed counts;
#                each against the one scikit-learn run of the stack case (random_state 0)
#   jp2 K=2      band.tif as ESA ships Sentinel-2: JPEG 2000, lossless, 1024² tiles (made once with
#                gdal_translate -of JP2OpenJPEG), one process; scikit-learn's recipe reads it too
#   strip K=2    band.tif as one DEFLATE strip (one block of SIZE x SIZE), one process
#   stripbatch   BENCH_BATCH hard links to strip.tif in one session, against a gdal_translate loop
#   cog K=2      band.tif as a DEFLATE Cloud Optimized GeoTIFF (gdal_translate -of COG), one process
# and, on the stack (and its seed cases), GRASS GIS's own unsupervised classifier: bench/grass_stack.sh
# (r.external, i.cluster, i.maxlik, r.out.gdal in a temporary location), run alternately with ours.
# three tools, each under /usr/bin/time -v (wall clock "Elapsed" and "Maximum resident set size"):
#   rastercmdlets   ./raster-pwsh -Command "Get-RasterBand ... | Invoke-KMeansCluster ... | Export-GeoTiff ..."
#                   (real pwsh 7.6.9 from .config/dotnet-tools.json, the module imported)
#   scikit-learn    sklearn_band.py / sklearn_stack.py with n_init=1
#   gdal_translate  band 1 copied to a Byte GeoTIFF with Export-GeoTiff's creation options (I/O floor)
# then the inertia of each clustered output (bench/inertia.py: squared distance of every valid
# source pixel to the mean of its class, computed from the source values, over the same pixel set
# for every tool) and the label agreement between ours and scikit-learn's. bench/report.py prints
# the table and the ratios the targets are judged on. It reports, it does not assert: the exit
# status is non-zero only when a command failed.
#
# Inputs are made by make_rasters.py in WORKDIR/SIZE (reused when band.tif and stack.tif are
# already there); outputs, logs and results.tsv go to WORKDIR/SIZE and WORKDIR/SIZE/logs.
set -euo pipefail

bench_name=bench; source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
size="${1:-10980}"
workdir="${2:-/tmp/rastercmdlets-bench}"
repeat="${BENCH_REPEAT:-5}"
batch="${BENCH_BATCH:-4}"
skip_sklearn="${BENCH_SKIP_SKLEARN:-0}"
grass="${BENCH_GRASS:-1}"
baseline="${BENCH_BASELINE:-}"
band="${BENCH_BAND:-1}"
dir="$workdir/$size"
logs="$dir/logs"
results="$logs/results.tsv"

require_number SIZE "$size"
require_positive BENCH_REPEAT "$repeat"
require_number BENCH_BATCH "$batch"
command -v gdal_translate >/dev/null || die "gdal_translate is missing (apt-get install gdal-bin)"
if [ "$grass" = 1 ] && ! command -v grass >/dev/null; then
    echo "bench: installing GRASS GIS (apt-get install grass-core)"
    { [ "$(id -u)" = 0 ] && apt-get install -y grass-core >/dev/null; } \
        || die "grass is missing and could not be installed (apt-get install grass-core, or BENCH_GRASS=0)"
fi

# --- inputs -----------------------------------------------------------------------------------
mkdir -p "$logs"
rm -f "$logs"/*.out "$logs"/*.err "$logs"/*.time "$logs"/*.jsonl   # no stale logs from earlier runs
make_bench_rasters "$dir" "$size" "$logs/make_rasters.log" band.tif stack.tif

formats="${BENCH_FORMATS:-1}"
if [ "$formats" = 1 ]; then
    # The formats users download, decoded from the same pixels; made once, aside, then moved.
    make_format() { # NAME gdal_translate-options...
        local name="$1"; shift
        [ -f "$dir/$name" ] && return
        echo "bench: making $name from band.tif"
        gdal_translate -q "$@" "$dir/band.tif" "$dir/.$$.$name" || die "gdal_translate failed making $name"
        mv "$dir/.$$.$name" "$dir/$name"
        [ ! -f "$dir/.$$.$name.aux.xml" ] || mv "$dir/.$$.$name.aux.xml" "$dir/$name.aux.xml"
    }
    make_format band.jp2 -of JP2OpenJPEG -co BLOCKXSIZE=1024 -co BLOCKYSIZE=1024 -co QUALITY=100 -co REVERSIBLE=YES
    make_format strip.tif -co COMPRESS=DEFLATE -co BLOCKYSIZE="$size"
    make_format cog.tif -of COG -co COMPRESS=DEFLATE -co NUM_THREADS=ALL_CPUS
fi

# --- warm-up (not timed): restores pwsh and builds the module if needed, starts the runtime once --
echo "bench: warming up ./raster-pwsh"
"$repo_root/raster-pwsh" -Command '1' >/dev/null || die "raster-pwsh warm-up failed"
if [ -n "$baseline" ]; then
    baseline="$(cd "$baseline" && pwd)"
    "$baseline/raster-pwsh" -Command '1' >/dev/null || die "the baseline's raster-pwsh ($baseline) failed to start"
fi

{
    echo "date	$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "size	$size"
    echo "dir	$dir"
    echo "repeat	$repeat"
    echo "batch	$batch"
    echo "grass	$grass"
    [ "$grass" != 1 ] || echo "grass_version	$(grass --version 2>/dev/null | head -n 1)"
    echo "loadavg_start	$(cut -d' ' -f1-3 /proc/loadavg)"
    # read-only git queries (no index refresh: another engineer may be working in this tree)
    echo "commit	$(git -C "$repo_root" --no-optional-locks rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "dirty	$(git -C "$repo_root" --no-optional-locks status --porcelain -- src tests 2>/dev/null | wc -l)"
    [ -z "$baseline" ] || echo "baseline	$(git -C "$baseline" --no-optional-locks rev-parse --short HEAD 2>/dev/null || echo '?')"
} >"$logs/meta.tsv"
printf 'case\tk\ttool\trun\twall_s\tpeak_kb\toutput\tstdout\tbuild\trebuilt\n' >"$results"

# --- timed runs ---------------------------------------------------------------------------------
# timed CASE K TOOL RUN OUTPUT CMD...: deletes OUTPUT, runs CMD under /usr/bin/time -v in $dir,
# appends wall clock seconds and peak RSS to results.tsv. A raster-pwsh run that had to rebuild
# (another engineer edited src/ meanwhile) is not a measurement: it is run again, up to 3 times,
# and flagged in results.tsv if it still rebuilt. For raster-pwsh runs the build used (a hash of
# the module's DLLs) is recorded, so the report can tell when runs used different builds.
timed() {
    local case="$1" k="$2" tool="$3" run="$4" out="$5"; shift 5
    local tag="$case.$tool.$run" attempt wall peak rebuilt=0 build=-
    for attempt in 1 2 3; do
        rm -rf "$out"
        if ! /usr/bin/time -v -o "$logs/$tag.time" "$@" >"$logs/$tag.out" 2>"$logs/$tag.err"; then
            echo "bench: FAILED ($tool, $case): $*" >&2
            tail -n 30 "$logs/$tag.err" >&2
            exit 1
        fi
        rebuilt=0
        grep -q '^raster-pwsh: building' "$logs/$tag.err" || break
        rebuilt=1
        echo "bench: $tool rebuilt itself during the run (sources changed); timing not kept" >&2
    done
    [ -s "$out" ] || [ -d "$out" ] || [ "$out" = - ] || die "$tool wrote no $out"
    [ "$tool" != rastercmdlets ] || build="$(cat "$repo_root"/module/RasterCmdlets/*.dll | md5sum | cut -c1-8)"
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
                for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$logs/$tag.time")"
    peak="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$logs/$tag.time")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "$k" "$tool" "$run" "$wall" "$peak" \
        "$dir/$out" "$logs/$tag.out" "$build" "$rebuilt" >>"$results"
    printf 'bench: %-5s K=%s %-14s run %s: %7.2f s %7d MB\n' "$case" "$k" "$tool" "$run" "$wall" \
        "$((peak / 1024))"
}

# ours CASE K RUN OUTPUT COMMAND: runs COMMAND (a pipeline writing OUTPUT) in our raster-pwsh, then,
# with BENCH_BASELINE, in the baseline's, writing base_OUTPUT: the two alternate, run for run.
ours() {
    local case="$1" k="$2" run="$3" out="$4" command="$5"
    timed "$case" "$k" rastercmdlets "$run" "$out" "$repo_root/raster-pwsh" -Command "$command"
    [ -z "$baseline" ] || timed "$case" "$k" baseline "$run" "base_$out" "$baseline/raster-pwsh" -Command "${command//$out/base_$out}"
}

gt_opts=(-q -ot Byte -co TILED=YES -co BLOCKXSIZE=512 -co BLOCKYSIZE=512 -co COMPRESS=DEFLATE -co ZLEVEL=1
         -co NUM_THREADS=ALL_CPUS)
cd "$dir"
cat band.tif stack.tif >/dev/null    # same start for every tool: inputs in the page cache

# gdal_translate and ours alternate, so that a noisy spell on the machine hits both alike; pwsh
# starting with the module imported and exiting (paid once per process) is timed among them.
if [ "$band" = 1 ]; then
    for r in $(seq "$repeat"); do
        timed band 2 gdal_translate "$r" gt_band.tif gdal_translate "${gt_opts[@]}" band.tif gt_band.tif
        timed startup 0 rastercmdlets "$r" - "$repo_root/raster-pwsh" -Command '$null'
        [ -z "$baseline" ] || timed startup 0 baseline "$r" - "$baseline/raster-pwsh" -Command '$null'
        ours band 2 "$r" ours_band.tif "Get-RasterBand band.tif 1 | Invoke-KMeansCluster -K 2 | Export-GeoTiff ours_band.tif"
    done
fi
[ "$skip_sklearn" = 1 ] || [ "$band" != 1 ] ||
    timed band 2 scikit-learn 1 sk_band.tif "$py" "$peers/sklearn_band.py" band.tif 1 2 sk_band.tif 1

for r in $(seq "$repeat"); do
    timed stack 5 gdal_translate "$r" gt_stack.tif gdal_translate "${gt_opts[@]}" -b 1 stack.tif gt_stack.tif
    ours stack 5 "$r" ours_stack.tif "Get-RasterBand stack.tif | Join-RasterBand | Invoke-KMeansCluster -K 5 -Seed 0 | Export-GeoTiff ours_stack.tif"
    [ "$grass" != 1 ] || timed stack 5 grass "$r" grass_stack.tif "$bench_dir/grass_stack.sh" stack.tif 5 grass_stack.tif
done
[ "$skip_sklearn" = 1 ] ||
    timed stack 5 scikit-learn 1 sk_stack.tif "$py" "$peers/sklearn_stack.py" stack.tif 5 sk_stack.tif 1
seeds="${BENCH_SEEDS-1 2 3 4 5}"
for r in $(seq "$repeat"); do
    for seed in $seeds; do
        ours "seed$seed" 5 "$r" "ours_seed$seed.tif" \
            "Get-RasterBand stack.tif | Join-RasterBand | Invoke-KMeansCluster -K 5 -Seed $seed | Export-GeoTiff ours_seed$seed.tif"
    done
    # GRASS among the seeds too, so that the seed cases are judged against runs made alongside them.
    [ "$grass" != 1 ] || [ -z "$seeds" ] ||
        timed stack 5 grass "$((repeat + r))" grass_stack.tif "$bench_dir/grass_stack.sh" stack.tif 5 grass_stack.tif
done

# One session, several tiles: what a user running a batch (or an interactive session) sees.
# batch_case CASE INPUT: BENCH_BATCH hard links to INPUT through one pipeline from Get-ChildItem,
# against a shell loop of gdal_translate over the same files.
batch_case() {
    local case="$1" input="$2" r i
    mkdir -p "tiles_$case"
    for i in $(seq "$batch"); do ln -f "$input" "tiles_$case/tile$i.tif"; done
    for r in $(seq "$repeat"); do
        timed "$case" 2 gdal_translate "$r" "gt_$case" bash -c \
            'mkdir -p "$0" && for f in "$1"/*.tif; do gdal_translate "${@:2}" "$f" "$0/$(basename "$f")" || exit 1; done' \
            "gt_$case" "tiles_$case" "${gt_opts[@]}"
        timed "$case" 2 rastercmdlets "$r" "ours_$case" bash -c \
            'mkdir -p "$1" && exec "$0" -Command "Get-ChildItem $2/*.tif | Get-RasterBand -Band 1 | Invoke-KMeansCluster -K 2 | Export-GeoTiff -Destination $1 -Suffix _k2"' \
            "$repo_root/raster-pwsh" "ours_$case" "tiles_$case"
        [ -z "$baseline" ] || timed "$case" 2 baseline "$r" "base_ours_$case" bash -c \
            'mkdir -p "$1" && exec "$0" -Command "Get-ChildItem $2/*.tif | Get-RasterBand -Band 1 | Invoke-KMeansCluster -K 2 | Export-GeoTiff -Destination $1 -Suffix _k2"' \
            "$baseline/raster-pwsh" "base_ours_$case" "tiles_$case"
    done
}
[ "$batch" -eq 0 ] || batch_case batch band.tif

if [ "$formats" = 1 ]; then
    cat band.jp2 strip.tif cog.tif >/dev/null
    for pair in jp2:band.jp2 strip:strip.tif cog:cog.tif; do
        case="${pair%%:*}" input="${pair#*:}"
        for r in $(seq "$repeat"); do
            timed "$case" 2 gdal_translate "$r" "gt_$case.tif" gdal_translate "${gt_opts[@]}" "$input" "gt_$case.tif"
            ours "$case" 2 "$r" "ours_$case.tif" "Get-RasterBand $input 1 | Invoke-KMeansCluster -K 2 | Export-GeoTiff ours_$case.tif"
        done
    done
    [ "$skip_sklearn" = 1 ] ||
        timed jp2 2 scikit-learn 1 sk_jp2.tif "$py" "$peers/sklearn_band.py" band.jp2 1 2 sk_jp2.tif 1
    [ "$batch" -eq 0 ] || batch_case stripbatch strip.tif
fi

# --- inertia and agreement (ours first: agreement is reported against it) ------------------------
echo "bench: computing inertia"
sk_band=(); sk_stack=(); grass_stack=()
[ "$skip_sklearn" = 1 ] || { sk_band=(sk_band.tif); sk_stack=(sk_stack.tif); }
[ "$grass" != 1 ] || grass_stack=(grass_stack.tif)
[ "$band" != 1 ] || "$py" "$bench_dir/inertia.py" band.tif 2 ours_band.tif "${sk_band[@]}" >"$logs/inertia_band.jsonl" \
    || die "inertia.py failed on band"
seed_outputs=(); for seed in $seeds; do seed_outputs+=("ours_seed$seed.tif"); done
"$py" "$bench_dir/inertia.py" stack.tif 5 ours_stack.tif "${sk_stack[@]}" "${grass_stack[@]}" "${seed_outputs[@]}" >"$logs/inertia_stack.jsonl" \
    || die "inertia.py failed on stack"
if [ "$formats" = 1 ]; then
    sk_jp2=(); [ "$skip_sklearn" = 1 ] || sk_jp2=(sk_jp2.tif)
    "$py" "$bench_dir/inertia.py" band.jp2 2 ours_jp2.tif "${sk_jp2[@]}" >"$logs/inertia_jp2.jsonl" \
        || die "inertia.py failed on jp2"
fi

echo
"$py" "$bench_dir/report.py" "$logs" | tee "$logs/report.txt"
