# Shared by ./rastershell and ./test.sh: installs what a fresh Debian machine lacks and builds
# what is out of date. Sourced, not run.

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# apt-get as root, or through sudo when there is one.
apt_install() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "rastershell: installing $* with apt-get" >&2
    $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

# GDAL's shared library, unless one is named or already installed.
ensure_gdal() {
    [ -n "${RASTERCMDLETS_GDAL_LIBRARY:-}" ] && return 0
    if ldconfig -p 2>/dev/null | grep -q 'libgdal\.so'; then return 0; fi
    if command -v apt-get >/dev/null 2>&1; then
        apt_install gdal-bin
    else
        echo "rastershell: GDAL not found; install it (brew install gdal, conda install gdal) or set RASTERCMDLETS_GDAL_LIBRARY" >&2
        return 1
    fi
}

# The .NET runtime identifier of this machine, for the ahead-of-time compiled host.
host_rid() {
    local os arch
    case "$(uname -s)" in Linux) os=linux ;; Darwin) os=osx ;; *) os=win ;; esac
    case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) arch=x64 ;; esac
    echo "$os-$arch"
}

host_dir="$repo_root/.build/rastershell"

# Builds the module and publishes the host (ReadyToRun: the PowerShell engine starts in a quarter
# of a second instead of most of one) when any source is newer than the last build.
ensure_built() {
    local stamp="$host_dir/RasterShell.dll"
    if [ -f "$stamp" ] && [ -f "$repo_root/module/RasterCmdlets/RasterCmdlets.dll" ] && \
       [ -z "$(find "$repo_root/src" "$repo_root/docs" "$repo_root/build" "$repo_root/RasterCmdlets.psd1" "$repo_root/Directory.Build.props" \
               -newer "$stamp" \( -name '*.cs' -o -name '*.csproj' -o -name '*.ps1xml' -o -name '*.psd1' -o -name '*.props' -o -name '*.targets' -o -name '*.md' \) \
               -not -path '*/obj/*' -not -path '*/bin/*' -print -quit 2>/dev/null)" ]; then
        return 0
    fi
    echo "rastershell: building (first use or sources changed)..." >&2
    local log
    log="$(mktemp)"
    # Restore for this runtime first: a test build restores the same project without one.
    if ! { dotnet restore "$repo_root/src/RasterShell/RasterShell.csproj" -r "$(host_rid)" -p:PublishReadyToRun=true &&
           dotnet publish "$repo_root/src/RasterShell/RasterShell.csproj" -c Release -r "$(host_rid)" --self-contained false \
               -p:PublishReadyToRun=true --no-restore -o "$host_dir" -nologo; } >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
    touch "$stamp"
}
