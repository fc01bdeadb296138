#!/usr/bin/env bash
# GRASS GIS's own unsupervised classifier on a multi-band GeoTIFF, as a GIS analyst runs it headless:
# a location made from the file, the bands linked (r.external, no copy), i.cluster (K spectral
# signatures from a sample of the pixels), i.maxlik (every pixel to its most likely signature),
# and the class map written as a GeoTIFF numbered from 0 (r.mapcalc, r.out.gdal). The location lives in a temporary folder,
# removed on exit however the script ends.
#
# usage: bench/grass_stack.sh STACK.tif K OUT.tif      (needs Debian's grass-core: `grass` on PATH)
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 STACK.tif K OUT.tif" >&2; exit 2; }
src="$(realpath "$1")" k="$2" out="$(realpath -m "$3")"
command -v grass >/dev/null || { echo "grass is missing (apt-get install grass-core)" >&2; exit 1; }
tmp="$(mktemp -d "${TMPDIR:-/tmp}/grass_stack.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
bands="$(gdalinfo "$src" | grep -c '^Band ')"

grass -c "$src" -e "$tmp/loc" >"$tmp/create.log" 2>&1 || { cat "$tmp/create.log" >&2; exit 1; }
cat >"$tmp/run.sh" <<SCRIPT
set -euo pipefail
r.external input="$src" output=s --quiet
g.region raster=s.1
maps=\$(seq -s, -f 's.%g' 1 $bands)
i.group group=g subgroup=g input="\$maps" --quiet
i.cluster group=g subgroup=g signaturefile=sig classes=$k --quiet
i.maxlik group=g subgroup=g signaturefile=sig output=classes --quiet
# i.maxlik numbers classes from 1; the other tools' maps (and bench/inertia.py) from 0.
r.mapcalc expression="labels = classes - 1" --quiet
r.out.gdal input=labels output="$out" format=GTiff type=Byte createopt=TILED=YES,COMPRESS=DEFLATE,ZLEVEL=1 --quiet --overwrite
SCRIPT
grass "$tmp/loc/PERMANENT" --exec bash "$tmp/run.sh"
