#!/usr/bin/env bash
# Runs every test: the xUnit suite (core, and the cmdlets through the hosted PowerShell engine),
# then the Pester suite where pwsh and Pester exist. Installs what a fresh Debian machine lacks:
# GDAL, and the scikit-learn reference that the comparison tests run.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/scripts/bootstrap.sh"
cd "$repo_root"
ensure_gdal
if ! /usr/bin/python3 -c 'import osgeo.gdal, sklearn' >/dev/null 2>&1; then
    apt_install python3-gdal python3-sklearn
fi

log="$(mktemp)"
status=0
dotnet test tests/RasterCmdlets.Tests/RasterCmdlets.Tests.csproj -c Release -nologo \
    --logger "console;verbosity=normal" >"$log" 2>&1 || status=$?
grep -vE '^\s+Passed |warning CA' "$log" || true
passed=$(grep -oP '^\s+Passed:\s+\K[0-9]+' "$log" | tail -n 1 || true)
failed=$(grep -oP '^\s+Failed:\s+\K[0-9]+' "$log" | tail -n 1 || true)
rm -f "$log"
echo "xunit: ${passed:-0} passed, ${failed:-0} failed"
[ -n "$passed" ] || status=1

if command -v pwsh >/dev/null 2>&1 && pwsh -NoProfile -Command 'exit [int](-not (Get-Module -ListAvailable Pester))' 2>/dev/null; then
    pwsh -NoProfile -Command "Invoke-Pester -Path '$repo_root/tests/RasterCmdlets.Tests.ps1' -CI" || status=1
else
    echo "Pester suite skipped: it needs pwsh and the Pester module, and this machine has $(command -v pwsh >/dev/null && echo 'pwsh without Pester' || echo 'no pwsh')."
fi
exit "$status"
