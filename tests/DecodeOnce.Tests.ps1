# Pester 5 suite of issue 12's "decode once": where reading a source again costs more than keeping
# its pixels (JPEG 2000, a compressed strip larger than a window, a band resampled by GDAL onto another grid),
# the fit keeps the decoded pixels and the write reads them instead of the source: in memory within
# $env:RASTERCMDLETS_KEEP_MEMORY_MB, otherwise in a file in the module's temporary folder, which is
# removed however the write ends.
#   Invoke-Pester -Path ./tests/DecodeOnce.Tests.ps1 -Output Detailed
# The proof that the write reads the kept pixels: the source file is deleted between the fit and the
# write. Expectations come from tests/tools/reference.py (GDAL's Python bindings and numpy), never
# from the module.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../RasterCmdlets.psd1') -Force -ErrorAction Stop
    . (Join-Path $PSScriptRoot 'tools/ChildProcess.ps1')
    $script:sample = (Resolve-Path (Join-Path $PSScriptRoot '../samples/L7_ETMs.tif')).ProviderPath
    $script:reference = Join-Path $PSScriptRoot 'tools/reference.py'

    function Invoke-Gdal {
        param([Parameter(Mandatory)] [string] $Tool, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
        & $Tool -q @Arguments
        if ($LASTEXITCODE -ne 0) { throw "$Tool $Arguments failed" }
    }

    function Invoke-Reference {
        $out = & /usr/bin/python3 $reference @args 2>&1
        if ($LASTEXITCODE -ne 0) { throw "reference.py $args failed: $out" }
        $out | ConvertFrom-Json
    }

    # The kept-pixel files of this process (the module's temporary folder is RasterCmdlets-<pid>)
    # made for a source file: they are named after it.
    $script:moduleTemp = Join-Path ($env:RASTERCMDLETS_TEMP ? $env:RASTERCMDLETS_TEMP : [IO.Path]::GetTempPath()) "RasterCmdlets-$PID"
    function Get-KeptFile([string] $Source) {
        @(Get-ChildItem -LiteralPath $moduleTemp -Filter "$([IO.Path]::GetFileNameWithoutExtension($Source))-*.pixels" -ErrorAction Ignore)
    }

    # Runs a fit with -Verbose: the map, and the verbose messages joined.
    function Invoke-VerboseFit {
        param([Parameter(Mandatory, ValueFromPipeline)] $Source, [int] $K = 3)
        process {
            $all = $Source | Invoke-KMeansCluster -K $K -Seed 1 -Verbose 4>&1
            [pscustomobject]@{
                Map     = $all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
                Verbose = ($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n"
            }
        }
    }

    # A copy of a fixture under a new name, deleted by the test to show the write does not read it.
    function Copy-Fixture([string] $Path) {
        $copy = Join-Path $TestDrive ("{0}-{1}{2}" -f [IO.Path]::GetFileNameWithoutExtension($Path), [guid]::NewGuid().ToString('N').Substring(0, 8), [IO.Path]::GetExtension($Path))
        Copy-Item -LiteralPath $Path -Destination $copy
        $copy
    }

    # Band 4 (near infrared) at twice the resolution, scaled to 16-bit reflectance-like values:
    # JPEG 2000 as ESA ships it (UInt16, tiled, lossless), and one DEFLATE strip larger than a window.
    $script:jp2 = Join-Path $TestDrive 'B08.jp2'
    Invoke-Gdal gdal_translate -b 4 -ot UInt16 -scale 0 255 1 10000 -srcwin 0 0 348 352 -outsize 696 704 -r nearest -a_nodata 0 -of JP2OpenJPEG `
        -co BLOCKXSIZE=256 -co BLOCKYSIZE=256 -co QUALITY=100 -co REVERSIBLE=YES $sample $jp2
    $script:jp2b5 = Join-Path $TestDrive 'B11.jp2'
    Invoke-Gdal gdal_translate -b 5 -ot UInt16 -scale 0 255 1 10000 -srcwin 0 0 348 352 -outsize 696 704 -r nearest -a_nodata 0 -of JP2OpenJPEG `
        -co BLOCKXSIZE=256 -co BLOCKYSIZE=256 -co QUALITY=100 -co REVERSIBLE=YES $sample $jp2b5
    $script:strip = Join-Path $TestDrive 'strip.tif'
    Invoke-Gdal gdal_translate -b 4 -ot UInt16 -scale 0 255 1 10000 -outsize 1500 1500 -r nearest -a_nodata 0 `
        -co COMPRESS=DEFLATE -co BLOCKYSIZE=1500 $sample $strip
    # An SCL-like Byte raster with pixels 4 x 4 band pixels, same origin, classes 0-12, as JPEG 2000 too.
    $script:scl = Join-Path $TestDrive 'SCL.jp2'
    Invoke-Gdal gdal_translate -b 1 -ot Byte -scale 0 255 0 11.99 -srcwin 0 0 348 352 -outsize 174 176 -r nearest -of JP2OpenJPEG `
        -co QUALITY=100 -co REVERSIBLE=YES $sample $scl
}

AfterAll {
    Remove-Item env:RASTERCMDLETS_KEEP_MEMORY_MB -ErrorAction Ignore
}

Describe 'Decode once' {
    AfterEach { Remove-Item env:RASTERCMDLETS_KEEP_MEMORY_MB -ErrorAction Ignore }

    It 'fits a JPEG 2000 band keeping its decoded pixels in a temporary file, and writes the map from them after the source has gone' {
        $env:RASTERCMDLETS_KEEP_MEMORY_MB = '0'
        $source = Copy-Fixture $jp2
        $fit = Get-RasterBand $source 1 | Invoke-VerboseFit -K 3
        $fit.Verbose | Should -Match 'Keeping the decoded pixels \(.*MB\) in .*\.pixels for the passes after the first: .*JPEG 2000'
        Get-KeptFile $source | Should -HaveCount 1
        (Get-KeptFile $source)[0].Length | Should -Be (696 * 704 * 2)
        Remove-Item -LiteralPath $source
        $out = Join-Path $TestDrive 'jp2-map.tif'
        $fit.Map | Export-GeoTiff $out
        Get-KeptFile $source | Should -HaveCount 0

        $expected = (Invoke-Reference exact1d $jp2 1 3).'3'
        $fit.Map.Inertia | Should -BeLessOrEqual ($expected.inertia * (1 + 1e-9))
        $fit.Map.Inertia | Should -BeGreaterOrEqual ($expected.inertia * (1 - 1e-9))
        (Invoke-Reference nearest $jp2 1 $out @($fit.Map.Centres | ForEach-Object { $_[0] })).differ | Should -Be 0
        (Invoke-Reference labels $jp2 $out 1).counts | Should -Be @($expected.counts)
    }

    It 'keeps a band that fits RASTERCMDLETS_KEEP_MEMORY_MB in memory: no file, the same map' {
        $env:RASTERCMDLETS_KEEP_MEMORY_MB = '64'
        $source = Copy-Fixture $jp2
        $fit = Get-RasterBand $source 1 | Invoke-VerboseFit -K 3
        $fit.Verbose | Should -Match 'Keeping the decoded pixels \(.*MB\) in memory'
        Get-KeptFile $source | Should -HaveCount 0
        Remove-Item -LiteralPath $source
        $out = Join-Path $TestDrive 'jp2-memory-map.tif'
        $fit.Map | Export-GeoTiff $out
        (Invoke-Reference labels $jp2 $out 1).counts | Should -Be @((Invoke-Reference exact1d $jp2 1 3).'3'.counts)
    }

    It 'reads a single DEFLATE strip larger than a window once: the write reads the kept pixels' {
        $env:RASTERCMDLETS_KEEP_MEMORY_MB = '0'
        $source = Copy-Fixture $strip
        $band = Get-RasterBand $source 1
        $band.BlockHeight | Should -Be 1500
        $fit = $band | Invoke-VerboseFit -K 2
        $fit.Verbose | Should -Match 'blocks larger than a window \(1500x1500\)'
        Remove-Item -LiteralPath $source
        $out = Join-Path $TestDrive 'strip-map.tif'
        $fit.Map | Export-GeoTiff $out
        Get-KeptFile $source | Should -HaveCount 0
        $expected = (Invoke-Reference exact1d $strip 1 2).'2'
        (Invoke-Reference nearest $strip 1 $out @($fit.Map.Centres | ForEach-Object { $_[0] })).differ | Should -Be 0
        (Invoke-Reference labels $strip $out 1).counts | Should -Be @($expected.counts)
    }

    It 'keeps a masked stack of JPEG 2000 bands with its mask: an SCL raster deleted too, the map still masked' {
        $env:RASTERCMDLETS_KEEP_MEMORY_MB = '0'
        $b8, $b11, $mask = (Copy-Fixture $jp2), (Copy-Fixture $jp2b5), (Copy-Fixture $scl)
        $stack = @(Get-RasterBand $b8 1; Get-RasterBand $b11 1) | Join-RasterBand | Set-RasterMask -Path $mask -Value 3, 8, 9, 10
        $fit = $stack | Invoke-VerboseFit -K 3
        $fit.Verbose | Should -Match 'Lloyd iteration 1:'
        (Get-KeptFile $b8)[0].Length | Should -Be (696 * 704 * 5)   # two UInt16 bands and the validity flags
        Remove-Item -LiteralPath $b8, $b11, $mask
        $out = Join-Path $TestDrive 'stack-map.tif'
        $fit.Map | Export-GeoTiff $out
        Get-KeptFile $b8 | Should -HaveCount 0

        # The mask as numpy resamples it (nearest: each SCL pixel covers 4 x 4 band pixels).
        $maskedCount = [int](& /usr/bin/python3 -c @'
import sys, numpy as np
from osgeo import gdal
scl = gdal.Open(sys.argv[1]).ReadAsArray()
full = np.repeat(np.repeat(scl, 4, axis=0), 4, axis=1)
print(int(np.isin(full, [3, 8, 9, 10]).sum()))
'@ $scl)
        $maskedCount | Should -BeGreaterThan 10000
        $fit.Map.NoDataPixelCount | Should -Be $maskedCount
        $pair = Join-Path $TestDrive 'pair.vrt'
        Invoke-Gdal gdalbuildvrt -separate $pair $jp2 $jp2b5
        $written = Invoke-Reference labels $pair $out 1 2
        $written.nodata | Should -Be $maskedCount
        $centres = ConvertTo-Json -Compress @($fit.Map.Centres | ForEach-Object { , @($_) })
        $distances = Invoke-Reference distances $pair $out $centres
        # the kernel sums distances of float32 pixels: equal to 1e-6
        [math]::Abs($distances.inertia - $fit.Map.Inertia) / $distances.inertia | Should -BeLessThan 1e-6
    }

    It 'a write refused before it starts (OutputExists) leaves the kept pixels with the map; the next write takes them' {
        $env:RASTERCMDLETS_KEEP_MEMORY_MB = '0'
        $out = Join-Path $TestDrive 'exists.tif'
        Set-Content -LiteralPath $out -Value 'not a raster'
        $source = Copy-Fixture $jp2
        $map = Get-RasterBand $source 1 | Invoke-KMeansCluster -K 2
        Get-KeptFile $source | Should -HaveCount 1
        $map | Export-GeoTiff $out -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'OutputExists,*'
        Get-Content -LiteralPath $out | Should -Be 'not a raster'
        Get-KeptFile $source | Should -HaveCount 1
        $map | Export-GeoTiff $out -Force
        Get-KeptFile $source | Should -HaveCount 0
        (Invoke-Reference labels $jp2 $out 1).counts | Should -Be @((Invoke-Reference exact1d $jp2 1 2).'2'.counts)
        # Written once, the map is written again from the source.
        $again = Join-Path $TestDrive 'again.tif'
        $map | Export-GeoTiff $again
        (Get-FileHash -LiteralPath $again).Hash | Should -Be (Get-FileHash -LiteralPath $out).Hash
    }

    It 'a map dropped without being written takes its file with it when it is collected' {
        $env:RASTERCMDLETS_KEEP_MEMORY_MB = '0'
        $source = Copy-Fixture $jp2
        Get-RasterBand $source 1 | Invoke-KMeansCluster -K 2 | Out-Null
        Get-KeptFile $source | Should -HaveCount 1
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        Get-KeptFile $source | Should -HaveCount 0
    }

    It 'a value of RASTERCMDLETS_KEEP_MEMORY_MB that is not a number of megabytes is InvalidSetting' {
        $env:RASTERCMDLETS_KEEP_MEMORY_MB = 'lots'
        Get-RasterBand $jp2 1 | Invoke-KMeansCluster -K 2 -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -Be 'InvalidSetting,RasterCmdlets.Commands.InvokeKMeansClusterCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e[0].Exception.Message | Should -Match "RASTERCMDLETS_KEEP_MEMORY_MB must be a whole number of megabytes.*'lots'"
    }

    It 'reads the source again when no temporary file can be made (RASTERCMDLETS_TEMP under a file): the same map' {
        $notAFolder = Join-Path $TestDrive 'not-a-folder'
        Set-Content -LiteralPath $notAFolder -Value 'a file'
        $out = Join-Path $TestDrive 'unkept-map.tif'
        $manifest = Join-Path $PSScriptRoot '../RasterCmdlets.psd1'
        $child = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-Command',
            "Import-Module '$manifest'; Get-RasterBand '$jp2' 1 | Invoke-KMeansCluster -K 3 | Export-GeoTiff '$out'; exit `$Error.Count" `
            -Environment @{ RASTERCMDLETS_TEMP = (Join-Path $notAFolder 'temp'); RASTERCMDLETS_KEEP_MEMORY_MB = '0' }
        $child.Code | Should -Be 0 -Because $child.Err
        (Invoke-Reference labels $jp2 $out 1).counts | Should -Be @((Invoke-Reference exact1d $jp2 1 3).'3'.counts)
    }

    It 'puts the file under RASTERCMDLETS_TEMP when it is set, and a finished pwsh leaves nothing there' {
        $parent = Join-Path $TestDrive 'bigdisk'
        New-Item -ItemType Directory -Path $parent | Out-Null
        $manifest = Join-Path $PSScriptRoot '../RasterCmdlets.psd1'
        $child = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-Command',
            "Import-Module '$manifest'; `$m = Get-RasterBand '$jp2' 1 | Invoke-KMeansCluster -K 2; Get-ChildItem -Recurse '$parent' -Filter *.pixels | ForEach-Object FullName" `
            -Environment @{ RASTERCMDLETS_TEMP = $parent; RASTERCMDLETS_KEEP_MEMORY_MB = '0' }
        $child.Code | Should -Be 0 -Because $child.Err
        $child.Out | Should -Match ([regex]::Escape($parent) + '/RasterCmdlets-\d+/B08-\d+\.pixels')
        @(Get-ChildItem -LiteralPath $parent -Force) | Should -HaveCount 0
    }
}
