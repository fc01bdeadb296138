#!/usr/bin/env bash
# Runs every test: the xUnit suite (the core, and the cmdlets through a hosted PowerShell engine),
# then every Pester suite (tests/*.Tests.ps1) in the pinned pwsh, never skipped. Installs what a
# fresh Debian machine lacks: GDAL, nginx (the COG tests), openssh-server (the remoting tests start their own sshd), the scikit-learn reference the comparison tests run, pwsh (the
# PowerShell .NET tool) and Pester (from NuGet, installed with PSResourceGet).
# Prints "xunit: N passed, N failed" and "pester: N passed, N failed, N skipped"; exits non-zero
# when either suite fails or does not run.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/scripts/bootstrap.sh"
cd "$repo_root"
ensure_gdal
if ! /usr/bin/python3 -c 'import osgeo.gdal, sklearn' >/dev/null 2>&1; then
    apt_install python3-gdal python3-sklearn
fi
ensure_nginx
ensure_sshd
ensure_pwsh
ensure_built

status=0

# --- xUnit ---------------------------------------------------------------------------------------
log="$(mktemp)"
dotnet test tests/RasterCmdlets.Tests/RasterCmdlets.Tests.csproj -c Release -nologo \
    --logger "console;verbosity=normal" >"$log" 2>&1 || status=$?
grep -vE '^\s+Passed |warning CA' "$log" || true
passed=$(grep -oP '^\s+Passed:\s+\K[0-9]+' "$log" | tail -n 1 || true)
failed=$(grep -oP '^\s+Failed:\s+\K[0-9]+' "$log" | tail -n 1 || true)
rm -f "$log"
echo "xunit: ${passed:-0} passed, ${failed:-0} failed"
[ -n "$passed" ] || status=1

# --- Pester --------------------------------------------------------------------------------------
# The pinned Pester package, restored by dotnet from its configured NuGet source into a folder that
# becomes a PSResourceGet repository; Install-PSResource installs it from there into a profile of
# its own (a temporary HOME), so neither the repository nor the module touches the user's profile.
pester_root="$(mktemp -d)"
trap 'rm -rf "$pester_root"' EXIT
pester_status=0
if ! stage_log="$(dotnet msbuild tests/tools/Pester.csproj -restore -t:StagePester -p:FeedDir="$pester_root/feed/" -nologo -v:m 2>&1)"; then
    echo "$stage_log" >&2
    pester_status=1
fi
pester_version="$(sed -n 's/.*pester-version=\([0-9.]*\).*/\1/p' <<<"$stage_log")"
pester_home="$pester_root/home"
# ~/.local/share must exist: without it .NET reports no LocalApplicationData, and PSResourceGet keeps
# its repository list in ./PSResourceGet of the current folder instead.
mkdir -p "$pester_home/.local/share" "$pester_home/.config" "$pester_home/.cache"
if [ "$pester_status" = 0 ] && ! HOME="$pester_home" XDG_DATA_HOME="$pester_home/.local/share" XDG_CONFIG_HOME="$pester_home/.config" \
        XDG_CACHE_HOME="$pester_home/.cache" "${pwsh_command[@]}" -NoLogo -NoProfile -NonInteractive -Command "
    \$ErrorActionPreference = 'Stop'
    Register-PSResourceRepository -Name PesterFromNuGet -Uri '$pester_root/feed' -Trusted -Force
    Install-PSResource -Name Pester -Version '$pester_version' -Repository PesterFromNuGet -Scope CurrentUser -Quiet"; then
    echo "pester: could not install Pester $pester_version with Install-PSResource" >&2
    pester_status=1
fi
[ ! -e PSResourceGet ] || { echo "pester: PSResourceGet wrote ./PSResourceGet (no LocalApplicationData)" >&2; pester_status=1; }
if [ "$pester_status" = 0 ]; then
    "${pwsh_command[@]}" -NoLogo -NoProfile -NonInteractive -File tests/tools/Invoke-PesterSuite.ps1 \
        -PesterModules "$pester_home/.local/share/powershell/Modules" -PesterVersion "$pester_version" || pester_status=1
else
    echo "pester: 0 passed, 0 failed, 0 skipped"
    echo "pester: FAILED (Pester could not be installed)"
fi
[ "$pester_status" = 0 ] || status=1
exit "$status"
