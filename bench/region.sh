#!/usr/bin/env bash
# One model for a region: the joint fit of TILES tiles in one process, against the same fit over
# two PowerShell remoting hosts (two sshd on 127.0.0.2 and 127.0.0.3, each holding half the tiles,
# pwsh as their SSH subsystem), side by side in one run.
#
# usage: bench/region.sh [SIZE] [TILES] [WORKDIR]   (defaults 5490, 16, /tmp/rastercmdlets-region)
#   BENCH_REPEAT=N   runs of each (default 3, medians reported)
#
# Tiles: the four SIZE x SIZE quadrants of make_rasters.py's 2*SIZE band (UInt16, NoData 0), each
# copied TILES/4 times, half labelled EPSG:32631 and half EPSG:32632 (two UTM zones): values do not
# care where they are. Reports wall time and peak memory (/usr/bin/time -v) of the one process, of
# the coordinating session and of each host's pwsh, the bytes of summaries that crossed the
# network (their CliXml), and whether the two models are the same bit for bit.
set -euo pipefail

bench_name=bench; source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$repo_root/scripts/bootstrap.sh"
size="${1:-5490}"
tiles="${2:-16}"
workdir="${3:-/tmp/rastercmdlets-region}"
repeat="${BENCH_REPEAT:-3}"
dir="$workdir/$size-$tiles"
require_positive BENCH_REPEAT "$repeat"
[[ "$size" =~ ^[0-9]+$ && "$tiles" =~ ^[0-9]+$ && $((tiles % 4)) -eq 0 ]] || die "SIZE must be a number and TILES a multiple of 4"
command -v sshd >/dev/null || [ -x /usr/sbin/sshd ] || die "sshd is missing (apt-get install openssh-server)"
ensure_gdal
ensure_pwsh
ensure_built

# --- tiles --------------------------------------------------------------------------------------
mkdir -p "$dir/hostA" "$dir/hostB" "$dir/all" "$dir/logs"
if [ ! -f "$dir/all/tile$((tiles - 1)).tif" ]; then
    echo "bench: making $tiles tiles of ${size}x${size} in $dir"
    "$py" "$peers/make_rasters.py" "$dir/src" "$((2 * size))" >"$dir/logs/make_rasters.log" 2>&1 || die "make_rasters.py failed"
    for i in $(seq 0 $((tiles - 1))); do
        q=$((i % 4)); x=$(( (q % 2) * size )); y=$(( (q / 2) * size ))
        zone=$(( i < tiles / 2 ? 32631 : 32632 ))
        gdal_translate -q -srcwin "$x" "$y" "$size" "$size" -a_srs "EPSG:$zone" \
            -a_ullr $((300000 + i * 10)) 5700000 $((300000 + i * 10 + size * 10)) $((5700000 - size * 10)) \
            "$dir/src/band.tif" "$dir/all/tile$i.tif"
        holder=$([ $((i % 2)) -eq 0 ] && echo hostA || echo hostB)
        ln -sf "$dir/all/tile$i.tif" "$dir/$holder/tile$i.tif"
    done
    rm -rf "$dir/src"
fi

# --- two hosts ------------------------------------------------------------------------------------
keys="$dir/keys"; rm -rf "$keys"; mkdir -p "$keys" /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$keys/client"; cp "$keys/client.pub" "$keys/authorized_keys"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
free_port() { "$py" -c "import socket; s=socket.socket(); s.bind(('$1', 0)); print(s.getsockname()[1]); s.close()"; }
start_host() {   # name address; sets $port
    local name="$1" address="$2" folder="$dir/$1"
    port="$(free_port "$address")"
    ssh-keygen -q -t ed25519 -N '' -f "$keys/$name-hostkey" <<<y >/dev/null
    # Each session's pwsh runs under /usr/bin/time, which leaves its peak memory in a file per session.
    cat >"$keys/$name-subsystem.sh" <<EOF
#!/bin/sh
export RASTER_TILES='$folder'
exec /usr/bin/time -v -o '$dir/logs/$name-\$\$.time' ${pwsh_command[*]} -sshs -NoLogo -NoProfile
EOF
    chmod +x "$keys/$name-subsystem.sh"
    cat >"$keys/$name-sshd_config" <<EOF
Port $port
ListenAddress $address
HostKey $keys/$name-hostkey
AuthorizedKeysFile $keys/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
PermitRootLogin yes
UsePAM no
PidFile none
Subsystem powershell $keys/$name-subsystem.sh
EOF
    "$(command -v sshd || echo /usr/sbin/sshd)" -D -e -f "$keys/$name-sshd_config" >"$dir/logs/$name-sshd.out" 2>"$dir/logs/$name-sshd.log" &
    pids+=($!)
}
start_host hostA 127.0.0.2; portA="$port"
start_host hostB 127.0.0.3; portB="$port"
sleep 1

export PSModulePath="$repo_root/module${PSModulePath:+:$PSModulePath}"
manifest="$repo_root/RasterCmdlets.psd1"
local_script="Import-Module '$manifest'; Get-ChildItem '$dir/all' -Filter *.tif | Get-RasterBand -Band 1 | New-KMeansModel -K 2 | Export-KMeansModel '$dir/local.json' -Force"
remote_script="Import-Module '$manifest'
\$options = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
\$sessions = @(
    New-PSSession -HostName 127.0.0.2 -Port $portA -UserName root -KeyFilePath '$keys/client' -Options \$options -ErrorAction Stop
    New-PSSession -HostName 127.0.0.3 -Port $portB -UserName root -KeyFilePath '$keys/client' -Options \$options -ErrorAction Stop
)
\$summaries = Invoke-Command -Session \$sessions {
    Import-Module '$manifest'
    Get-ChildItem \$env:RASTER_TILES -Filter *.tif | Get-RasterBand -Band 1 | Measure-RasterSummary -Merge
}
\$bytes = (\$summaries | ForEach-Object { [Text.Encoding]::UTF8.GetByteCount([Management.Automation.PSSerializer]::Serialize(\$_)) } | Measure-Object -Sum).Sum
\$summaries | New-KMeansModel -K 2 | Export-KMeansModel '$dir/remote.json' -Force
Remove-PSSession \$sessions
\"summary-bytes \$bytes\""

peak() { grep -oP 'Maximum resident set size \(kbytes\): \K[0-9]+' "$1" | awk '{ printf "%d", $1 / 1024 }'; }
wall() { grep -oP 'Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): \K.*' "$1" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }'; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

: >"$dir/logs/local.tsv"; : >"$dir/logs/remote.tsv"
for run in $(seq 1 "$repeat"); do
    /usr/bin/time -v -o "$dir/logs/local.time" "${pwsh_command[@]}" -NoLogo -NoProfile -Command "$local_script" >/dev/null
    echo -e "$(wall "$dir/logs/local.time")\t$(peak "$dir/logs/local.time")" >>"$dir/logs/local.tsv"
    rm -f "$dir"/logs/host*-*.time
    /usr/bin/time -v -o "$dir/logs/remote.time" "${pwsh_command[@]}" -NoLogo -NoProfile -Command "$remote_script" >"$dir/logs/remote.out"
    sleep 1   # the hosts' pwsh write their time files as their sessions close
    hostA_mb="$(for f in "$dir"/logs/hostA-*.time; do peak "$f"; echo; done | sort -g | tail -n 1)"
    hostB_mb="$(for f in "$dir"/logs/hostB-*.time; do peak "$f"; echo; done | sort -g | tail -n 1)"
    echo -e "$(wall "$dir/logs/remote.time")\t$(peak "$dir/logs/remote.time")\t$hostA_mb\t$hostB_mb\t$(grep -oP 'summary-bytes \K[0-9]+' "$dir/logs/remote.out")" >>"$dir/logs/remote.tsv"
done

same="$(cmp -s <(grep -v '"seed"' "$dir/local.json") <(grep -v '"seed"' "$dir/remote.json") && echo yes || echo no)"
echo
echo "region: $tiles tiles of ${size}x${size} UInt16 in two UTM zones, one band, K=2; medians of $repeat runs"
printf '%-44s %8s %10s\n' "" "wall s" "peak MB"
printf '%-44s %8s %10s\n' "one process (New-KMeansModel over all tiles)" "$(cut -f1 "$dir/logs/local.tsv" | median)" "$(cut -f2 "$dir/logs/local.tsv" | median)"
printf '%-44s %8s %10s\n' "two hosts: coordinating session" "$(cut -f1 "$dir/logs/remote.tsv" | median)" "$(cut -f2 "$dir/logs/remote.tsv" | median)"
printf '%-44s %8s %10s\n' "two hosts: host A pwsh ($((tiles / 2)) tiles)" "" "$(cut -f3 "$dir/logs/remote.tsv" | median)"
printf '%-44s %8s %10s\n' "two hosts: host B pwsh ($((tiles / 2)) tiles)" "" "$(cut -f4 "$dir/logs/remote.tsv" | median)"
echo "summaries sent over the network: $(cut -f5 "$dir/logs/remote.tsv" | median) bytes of CliXml in all"
echo "same model bit for bit: $same"
