# What the bench scripts share. Sourced after `set -euo pipefail`, with the script's name for its
# messages:
#     bench_name=water_bodies; source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# It sets
#     bench_dir, repo_root   this folder and the repository
#     peers                  where the peers' scripts live (BENCH_PEERS; default ../shared/peers
#                            beside the repository, where CI and the sessions have it)
#     py                     Debian's python, the one that sees osgeo (GDAL), numpy and sklearn
# and defines die, require_number, require_positive and make_bench_rasters (below). Every bench
# times its runs with /usr/bin/time -v, so its absence stops any of them at once.

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(dirname "$bench_dir")"
peers="${BENCH_PEERS:-$(dirname "$repo_root")/shared/peers}"
py=/usr/bin/python3

# die MESSAGE: the message, prefixed with the script's name, on stderr; exit 1.
die() { echo "${bench_name:-bench}: $*" >&2; exit 1; }

# require_number NAME VALUE / require_positive NAME VALUE: a whole number (at least 1).
require_number() { [[ "$2" =~ ^[0-9]+$ ]] || die "$1 must be a number, not '$2'"; }
require_positive() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive integer, not '$2'"; }

[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"

# make_bench_rasters DIR SIZE LOG FILE...: the FILEs (band.tif, stack.tif) of make_rasters.py at
# SIZE x SIZE in DIR, made when one is missing. They are made aside and moved, so an interrupted run
# leaves no half file, and a file already there is kept.
make_bench_rasters() {
    local dir="$1" size="$2" log="$3" file missing=0
    shift 3
    for file in "$@"; do [ -f "$dir/$file" ] || missing=1; done
    [ "$missing" = 1 ] || return 0
    echo "${bench_name:-bench}: making ${size}x${size} rasters in $dir (about 10 s and 2 GB of memory at 10980)" >&2
    local tmp="$dir/.make_rasters.$$"
    mkdir -p "$dir"
    "$py" "$peers/make_rasters.py" "$tmp" "$size" >"$log" 2>&1 \
        || { cat "$log" >&2; rm -rf "$tmp"; die "make_rasters.py failed"; }
    for file in band.tif stack.tif; do [ -f "$dir/$file" ] || mv "$tmp/$file" "$dir/"; done
    rm -rf "$tmp"
}
