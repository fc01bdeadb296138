# Shared by ./raster-pwsh, ./test.sh, .ci/run and bench/run.sh: installs what a fresh Debian machine
# lacks, restores the pinned pwsh and builds what is out of date. Sourced, not run.

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# apt-get as root, or through sudo when there is one.
apt_install() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "raster-pwsh: installing $* with apt-get" >&2
    $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

# GDAL's shared library, unless one is named or already installed.
ensure_gdal() {
    [ -n "${RASTERCMDLETS_GDAL_LIBRARY:-}" ] && return 0
    # grep reads the whole list: with -q it would stop at the first match, and under pipefail
    # ldconfig's broken pipe would then read as "no GDAL" (and reinstall it) now and then.
    if ldconfig -p 2>/dev/null | grep 'libgdal\.so' >/dev/null; then return 0; fi
    if command -v apt-get >/dev/null 2>&1; then
        apt_install gdal-bin
    else
        echo "raster-pwsh: GDAL not found; install it (brew install gdal, conda install gdal) or set RASTERCMDLETS_GDAL_LIBRARY" >&2
        return 1
    fi
}

# sshd, for the PowerShell remoting tests (they start their own sshd on loopback addresses).
ensure_sshd() {
    [ -x /usr/sbin/sshd ] && return 0
    command -v apt-get >/dev/null 2>&1 && apt_install openssh-server
}

# nginx, for the COG tests (tests/Cog.Tests.ps1 serves files over loopback HTTP with range requests,
# from its own configuration in a temporary folder; the system's configuration is never used).
ensure_nginx() {
    [ -x /usr/sbin/nginx ] && return 0
    command -v nginx >/dev/null 2>&1 && return 0
    command -v apt-get >/dev/null 2>&1 && apt_install nginx
}

# The pwsh pinned in .config/dotnet-tools.json (the PowerShell .NET tool), restored from NuGet by
# `dotnet tool restore` on first use. pwsh_command is the command line that runs it: the tool's
# pwsh.dll under dotnet, one process. (`dotnet pwsh` runs the same pwsh.dll, but through the dotnet
# CLI and the tool's shim, three processes and about 0.17 s more at every start.)
pwsh_version() {
    sed -n '/"powershell"/,/}/ s/.*"version": *"\([^"]*\)".*/\1/p' "$repo_root/.config/dotnet-tools.json"
}

pwsh_dll() {
    local root="${NUGET_PACKAGES:-$HOME/.nuget/packages}" rid=unix
    case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*) rid=win ;; esac
    echo "$root/powershell/$(pwsh_version)/tools/net10.0/any/$rid/pwsh.dll"
}

ensure_pwsh() {
    local dll
    dll="$(pwsh_dll)"
    if [ ! -f "$dll" ]; then
        local log
        log="$(mktemp)"
        if ! (cd "$repo_root" && dotnet tool restore) >"$log" 2>&1; then
            cat "$log" >&2
            rm -f "$log"
            return 1
        fi
        rm -f "$log"
    fi
    if [ -f "$dll" ]; then
        pwsh_command=(dotnet "$dll")
    else
        # The tool lives somewhere else (another NuGet layout): let the dotnet CLI find it.
        pwsh_command=(dotnet tool run pwsh --)
    fi
}

build_stamp="$repo_root/.build/module.stamp"

# Builds the module (module/RasterCmdlets) when any source is newer than the last build.
ensure_built() {
    if [ -f "$build_stamp" ] && [ -f "$repo_root/module/RasterCmdlets/RasterCmdlets.dll" ] && \
       [ -z "$(find "$repo_root/src" "$repo_root/docs" "$repo_root/build" "$repo_root/RasterCmdlets.psd1" "$repo_root/Directory.Build.props" \
               -newer "$build_stamp" \( -name '*.cs' -o -name '*.csproj' -o -name '*.ps1xml' -o -name '*.psd1' -o -name '*.props' -o -name '*.targets' -o -name '*.md' \) \
               -not -path '*/obj/*' -not -path '*/bin/*' -print -quit 2>/dev/null)" ]; then
        return 0
    fi
    echo "raster-pwsh: building (first use or sources changed)..." >&2
    local log
    log="$(mktemp)"
    mkdir -p "$(dirname "$build_stamp")"
    touch "$build_stamp.new"     # sources edited during the build make the next run build again
    if ! dotnet build -c Release "$repo_root/src/RasterCmdlets/RasterCmdlets.csproj" -nologo >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log" "$build_stamp.new"
        return 1
    fi
    rm -f "$log"
    mv "$build_stamp.new" "$build_stamp"
}
