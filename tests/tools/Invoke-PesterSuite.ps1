# Runs every tests/*.Tests.ps1 with the Pester installed in -PesterModules (test.sh installs it there
# with Install-PSResource), prints Pester's summary and then one plain line:
#   pester: N passed, N failed, N skipped
# Exits 1 when a test or a block failed, a file could not be run, anything was skipped or fewer than
# -MinimumPassed tests passed.
param(
    [Parameter(Mandatory)] [string] $PesterModules,
    [Parameter(Mandatory)] [string] $PesterVersion,
    [int] $MinimumPassed = 40
)
$ErrorActionPreference = 'Stop'
# The NuGet package (the one served, built for Chocolatey) holds the module under tools/, and
# Install-PSResource keeps that layout: Pester/<version>/tools/Pester.psd1.
$installed = Join-Path $PesterModules "Pester/$PesterVersion"
$manifest = @('tools/Pester.psd1', 'Pester.psd1') | ForEach-Object { Join-Path $installed $_ } | Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
if (-not $manifest) { throw "No Pester.psd1 under $installed" }
Import-Module $manifest -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = Split-Path -Parent $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = 'Plaintext'
$result = Invoke-Pester -Configuration $configuration
if (-not $result) {
    'pester: 0 passed, 0 failed, 0 skipped'
    'pester: FAILED (Invoke-Pester returned no result)'
    exit 1
}

$problems = @()
if ($result.FailedCount -gt 0) { $problems += "$($result.FailedCount) failed" }
if ($result.FailedBlocksCount -gt 0) { $problems += "$($result.FailedBlocksCount) blocks failed" }
if ($result.FailedContainersCount -gt 0) { $problems += "$($result.FailedContainersCount) files could not run" }
if ($result.SkippedCount -gt 0 -or $result.NotRunCount -gt 0) { $problems += "$($result.SkippedCount) skipped, $($result.NotRunCount) not run" }
if ($result.PassedCount -lt $MinimumPassed) { $problems += "only $($result.PassedCount) passed, at least $MinimumPassed expected" }

"pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped"
if ($problems) {
    "pester: FAILED ($($problems -join '; '))"
    exit 1
}
exit 0
