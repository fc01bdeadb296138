#!/usr/bin/env bash
# Stack K-means for every seed: Invoke-KMeansCluster -K 5 on a 4-band stack with seeds 1..5, each
# end to end in real pwsh, side by side with the scikit-learn reference (n_init=1). The time of a
# multi-band fit depends on the seed (a sample that lands in a worse basin costs extra passes over
# every pixel), so the figure that counts is the slowest seed's.
#
# usage: bench/stack_seeds.sh [SIZE] [WORKDIR]    (SIZE default 10980, WORKDIR default /tmp/rastercmdlets-bench)
#   BENCH_REPEAT=N   rounds (default 1): each round runs every seed of ours and scikit-learn once,
#                    alternating, so that a noisy spell on the machine hits both alike; medians are
#                    reported. scikit-learn takes about 20 s and 2.6 GB per run at 10980.
#   BENCH_SEEDS="1 2 3 4 5"   the seeds
#   BENCH_PEERS=DIR  where sklearn_stack.py and make_rasters.py live (/work/shared/peers)
# e.g.  bench/stack_seeds.sh 2000 /tmp/bench-scratch     (quick check, ~15 s)
#       BENCH_REPEAT=3 bench/stack_seeds.sh 10980 /tmp/rasters
#
# Each run is under /usr/bin/time -v (wall clock and peak RSS):
#   ours          ./raster-pwsh -Command "Get-RasterBand stack.tif | Join-RasterBand |
#                     Invoke-KMeansCluster -K 5 -Seed N | Export-GeoTiff ours_seedN.tif"
#   scikit-learn  sklearn_stack.py stack.tif 5 sk_stack.tif 1 (its random_state is fixed at 0, so
#                 one output serves every seed; it is run once per seed for the timing pairs)
# then bench/inertia.py scores every output over the same valid pixels (squared distance of each
# pixel to the mean of its class, from the source values). It prints, per seed, our median time,
# scikit-learn's median, their ratio, both inertias and their difference, then the ratio of
# scikit-learn's median over our slowest seed. It reports, it does not assert: the exit status is
# non-zero only when a command failed.
#
# The stack is made by make_rasters.py in WORKDIR/SIZE (reused when stack.tif is already there);
# outputs and logs go to WORKDIR/SIZE and WORKDIR/SIZE/seeds-logs.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(dirname "$bench_dir")"
peers="${BENCH_PEERS:-/work/shared/peers}"
py=/usr/bin/python3          # Debian's python: the one that sees osgeo (GDAL), numpy and sklearn
size="${1:-10980}"
workdir="${2:-/tmp/rastercmdlets-bench}"
repeat="${BENCH_REPEAT:-1}"
seeds="${BENCH_SEEDS:-1 2 3 4 5}"
dir="$workdir/$size"
logs="$dir/seeds-logs"
results="$logs/results.tsv"

die() { echo "bench: $*" >&2; exit 1; }
[[ "$size" =~ ^[0-9]+$ ]] || die "SIZE must be a number, not '$size'"
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || die "BENCH_REPEAT must be a positive integer, not '$repeat'"
for s in $seeds; do [[ "$s" =~ ^[0-9]+$ ]] || die "BENCH_SEEDS must be numbers, not '$s'"; done
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"

# --- input ----------------------------------------------------------------------------------------
mkdir -p "$logs"
rm -f "$logs"/*.out "$logs"/*.err "$logs"/*.time "$logs"/*.jsonl
if [ -f "$dir/stack.tif" ]; then
    echo "bench: reusing $dir/stack.tif"
else
    echo "bench: making the rasters of size $size in $dir (about 10 s and 2 GB RAM at 10980)"
    tmp="$dir/.make_rasters.$$"      # made aside, then moved, so an interrupted run leaves no half file
    "$py" "$peers/make_rasters.py" "$tmp" "$size" >"$logs/make_rasters.log" 2>&1 \
        || { cat "$logs/make_rasters.log" >&2; rm -rf "$tmp"; die "make_rasters.py failed"; }
    mv "$tmp/stack.tif" "$dir/" && rm -rf "$tmp"
fi

# --- warm-up (not timed): restores pwsh and builds the module if needed ---------------------------
echo "bench: warming up ./raster-pwsh"
"$repo_root/raster-pwsh" -Command '1' >/dev/null || die "raster-pwsh warm-up failed"
{
    echo "date	$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "loadavg_start	$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "commit	$(git -C "$repo_root" --no-optional-locks rev-parse --short HEAD 2>/dev/null || echo '?')"
} >"$logs/meta.tsv"
printf 'tool\tseed\trun\twall_s\tpeak_kb\n' >"$results"

# timed TOOL SEED RUN OUTPUT CMD...: runs CMD under /usr/bin/time -v in $dir and appends its wall
# clock and peak RSS to results.tsv. A raster-pwsh run that had to rebuild (sources changed
# meanwhile) is not a measurement: it is run again, up to 3 times.
timed() {
    local tool="$1" seed="$2" run="$3" out="$4"; shift 4
    local tag="$tool.$seed.$run" attempt wall peak
    for attempt in 1 2 3; do
        rm -f "$out"
        /usr/bin/time -v -o "$logs/$tag.time" "$@" >"$logs/$tag.out" 2>"$logs/$tag.err" \
            || { tail -n 30 "$logs/$tag.err" >&2; die "FAILED ($tool, seed $seed): $*"; }
        grep -q '^raster-pwsh: building' "$logs/$tag.err" || break
        echo "bench: $tool rebuilt itself during the run (sources changed); timing not kept" >&2
    done
    [ -s "$out" ] || die "$tool wrote no $out"
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
                for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$logs/$tag.time")"
    peak="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$logs/$tag.time")"
    printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$seed" "$run" "$wall" "$peak" >>"$results"
    printf 'bench: seed %s %-13s run %s: %6.2f s %6d MB\n' "$seed" "$tool" "$run" "$wall" "$((peak / 1024))"
}

cd "$dir"
cat stack.tif >/dev/null    # same start for every tool: the input in the page cache
for r in $(seq "$repeat"); do
    for s in $seeds; do
        timed ours "$s" "$r" "ours_seed$s.tif" "$repo_root/raster-pwsh" -Command \
            "Get-RasterBand stack.tif | Join-RasterBand | Invoke-KMeansCluster -K 5 -Seed $s | Export-GeoTiff ours_seed$s.tif"
        timed scikit-learn "$s" "$r" sk_stack.tif "$py" "$peers/sklearn_stack.py" stack.tif 5 sk_stack.tif 1
    done
done

# --- inertia and report ---------------------------------------------------------------------------
echo "bench: computing inertia"
outputs=(sk_stack.tif)
for s in $seeds; do outputs+=("ours_seed$s.tif"); done
"$py" "$bench_dir/inertia.py" stack.tif 5 "${outputs[@]}" >"$logs/inertia.jsonl" || die "inertia.py failed"

echo
"$py" - "$logs" <<'EOF' | tee "$logs/report.txt"
import csv, json, os, statistics, sys
logs = sys.argv[1]
meta = dict(line.rstrip('\n').split('\t', 1) for line in open(os.path.join(logs, 'meta.tsv')))
rows = list(csv.DictReader(open(os.path.join(logs, 'results.tsv')), delimiter='\t'))
inertia = {json.loads(l)['path']: json.loads(l)['inertia'] for l in open(os.path.join(logs, 'inertia.jsonl'))}
def median(tool, seed=None, key='wall_s'):
    return statistics.median(float(r[key]) for r in rows if r['tool'] == tool and (seed is None or r['seed'] == seed))
seeds = list(dict.fromkeys(r['seed'] for r in rows if r['tool'] == 'ours'))
runs = len([r for r in rows if r['tool'] == 'ours' and r['seed'] == seeds[0]])
sk_inertia = inertia['sk_stack.tif']
print(f"stack K=5, {meta['date']}, commit {meta['commit']}, load at start {meta['loadavg_start']}, "
      f"{os.cpu_count()} cpus; medians of {runs} run(s)")
print(f"{'seed':>4} {'ours s':>7} {'sklearn s':>9} {'ratio':>6} {'ours MB':>7} {'sk MB':>6} "
      f"{'ours inertia':>13} {'sk inertia':>13} {'diff %':>8}")
for s in seeds:
    ours, sk = median('ours', s), median('scikit-learn', s)
    mine = inertia[f'ours_seed{s}.tif']
    print(f"{s:>4} {ours:7.2f} {sk:9.2f} {sk / ours:5.1f}x {median('ours', s, 'peak_kb') / 1024:7.0f} "
          f"{median('scikit-learn', s, 'peak_kb') / 1024:6.0f} {mine:13.6g} {sk_inertia:13.6g} "
          f"{100 * (mine - sk_inertia) / sk_inertia:+8.3f}")
slowest = max(seeds, key=lambda s: median('ours', s))
worst = max(seeds, key=lambda s: inertia[f'ours_seed{s}.tif'])
sk_all = median('scikit-learn')
print(f"slowest seed {slowest}: {median('ours', slowest):.2f} s; scikit-learn median {sk_all:.2f} s: "
      f"ratio {sk_all / median('ours', slowest):.1f}x")
print(f"worst inertia seed {worst}: "
      f"{100 * (inertia[f'ours_seed{worst}.tif'] - sk_inertia) / sk_inertia:+.3f}% against scikit-learn")
EOF
