# GDAL's Python for the Pester suites (Debian's /usr/bin/python3: osgeo, numpy, scikit-learn),
# dot-sourced in their BeforeAll: expectations computed apart from the module.

# Runs a Python script given as text (written into the test's TestDrive) and returns its output lines;
# throws with its output when it fails.
function Invoke-Python {
    param([Parameter(Mandatory)] [string] $Script, [string[]] $Arguments = @())
    $file = Join-Path $TestDrive ("script-{0}.py" -f [guid]::NewGuid().ToString('N'))
    Set-Content -LiteralPath $file -Value $Script
    $out = & /usr/bin/python3 $file @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "python failed: $out" }
    $out
}
