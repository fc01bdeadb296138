# Pester 5 suite of issue 12's Sentinel-2 parts: bands of different resolutions and CRSs joined with
# Join-RasterBand -Resampling, and masks from another raster (Set-RasterMask).
#   Invoke-Pester -Path ./tests/Sentinel2.Tests.ps1 -Output Detailed
# Expectations come from GDAL's own tools and numpy (/usr/bin/python3 with python3-gdal), never
# from the module: gdalwarp -r bilinear -te/-tr is the resampling a joined band must equal.
#
# samples/L7_ETMs.tif: Landsat 7 ETM+, 349 x 352 pixels, 6 Byte bands, EPSG:31985 (28.5 m pixels).
# Here band 4 cut to 200 x 200 stands for a 10 m band, band 5 averaged to 57 m for a 20 m one.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../RasterCmdlets.psd1') -Force -ErrorAction Stop
    $script:sample = (Resolve-Path (Join-Path $PSScriptRoot '../samples/L7_ETMs.tif')).ProviderPath
    $script:python = '/usr/bin/python3'

    function Invoke-Gdal {
        param([Parameter(Mandatory)] [string] $Tool, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
        & $Tool -q @Arguments
        if ($LASTEXITCODE -ne 0) { throw "$Tool $Arguments failed" }
    }

    # Runs a Python script (numpy, osgeo.gdal) and returns its output lines.
    function Invoke-Python {
        param([Parameter(Mandatory)] [string] $Script, [string[]] $Arguments = @())
        $file = Join-Path $TestDrive ("script-{0}.py" -f [guid]::NewGuid().ToString('N'))
        Set-Content -LiteralPath $file -Value $Script
        $out = & $python $file @Arguments 2>&1
        if ($LASTEXITCODE -ne 0) { throw "python failed: $out" }
        $out
    }

    $script:fine = Join-Path $TestDrive 'b4-fine.tif'
    $script:coarseFull = Join-Path $TestDrive 'b5-full.tif'
    $script:coarse = Join-Path $TestDrive 'b5-coarse.tif'
    $script:otherCrs = Join-Path $TestDrive 'b5-utm32725.tif'
    Invoke-Gdal gdal_translate -b 4 -srcwin 0 0 200 200 $sample $fine
    Invoke-Gdal gdal_translate -b 5 -srcwin 0 0 200 200 $sample $coarseFull
    Invoke-Gdal gdalwarp -r average -tr 57 57 $coarseFull $coarse
    Invoke-Gdal gdalwarp -r bilinear -t_srs EPSG:32725 $coarseFull $otherCrs

    # Largest difference between a joined band (its Path: a VRT's XML text GDAL opens) and the
    # same band warped by the gdalwarp API onto the fine band's grid; also how many pixels compared.
    $script:compare = @'
import sys
import numpy as np
from osgeo import gdal
fine, source, vrt_file, method = sys.argv[1:5]
d = gdal.Open(fine); gt = d.GetGeoTransform(); w, h = d.RasterXSize, d.RasterYSize
ref = gdal.Warp('/vsimem/ref.tif', source, resampleAlg=method, dstSRS=d.GetProjection(),
                outputBounds=(gt[0], gt[3] + h * gt[5], gt[0] + w * gt[1], gt[3]), xRes=gt[1], yRes=-gt[5], dstAlpha=True)
expected = ref.GetRasterBand(1).ReadAsArray().astype(int)
inside = ref.GetRasterBand(2).ReadAsArray() > 0
v = gdal.Open(open(vrt_file).read())
actual = v.GetRasterBand(1).ReadAsArray().astype(int)
print(int(np.abs(expected - actual)[inside].max()), int(inside.sum()))
'@
}

Describe 'Join-RasterBand -Resampling' {
    It 'puts a 20 m band on the 10 m grid of the first band, equal to gdalwarp -r bilinear -te/-tr' {
        $stack = @(Get-RasterBand $fine 1; Get-RasterBand $coarse 1) | Join-RasterBand -Resampling Bilinear
        $stack.Width | Should -Be 200
        $stack.Height | Should -Be 200
        $stack.Bands[1].FileName | Should -Be 'b5-coarse.tif'
        $stack.Bands[1].GeoTransform | Should -Be $stack.Bands[0].GeoTransform
        $vrt = Join-Path $TestDrive 'joined-b5.xml'
        [System.IO.File]::WriteAllText($vrt, $stack.Bands[1].Path)
        $maxDiff, $count = (Invoke-Python $compare $fine, $coarse, $vrt, 'bilinear') -split ' '
        [int]$count | Should -Be 40000
        [int]$maxDiff | Should -BeLessOrEqual 1
    }

    It 'reprojects a band in another CRS (EPSG:32725) onto the first band''s grid' {
        $stack = @(Get-RasterBand $fine 1; Get-RasterBand $otherCrs 1) | Join-RasterBand -Resampling Bilinear
        $stack.Bands[1].Crs.Epsg | Should -Be $stack.Bands[0].Crs.Epsg
        $vrt = Join-Path $TestDrive 'joined-utm.xml'
        [System.IO.File]::WriteAllText($vrt, $stack.Bands[1].Path)
        $maxDiff, $count = (Invoke-Python $compare $fine, $otherCrs, $vrt, 'bilinear') -split ' '
        [int]$count | Should -BeGreaterThan 30000
        [int]$maxDiff | Should -BeLessOrEqual 1
    }

    It 'classifies the joined stack; pixels outside a smaller band are NoData in the map' {
        # The top-left 120 x 120 pixels of band 5: the other 25,600 pixels of the 200 x 200 grid lie outside it.
        $partial = Join-Path $TestDrive 'b5-partial.tif'
        Invoke-Gdal gdal_translate -srcwin 0 0 120 120 $coarseFull $partial
        $map = Join-Path $TestDrive 'joined-map.tif'
        @(Get-RasterBand $fine 1; Get-RasterBand $partial 1) | Join-RasterBand -Resampling Nearest |
            Invoke-KMeansCluster -K 3 -Seed 1 | Export-GeoTiff -Path $map
        $counts = Invoke-Python @'
import sys
import numpy as np
from osgeo import gdal
m = gdal.Open(sys.argv[1]).ReadAsArray()
print(int((m == 255).sum()), len(set(np.unique(m[m != 255]).tolist())))
'@ $map
        $noData, $classes = $counts -split ' '
        [int]$classes | Should -Be 3
        [int]$noData | Should -Be (40000 - 120 * 120)
    }

    It 'keeps the BandsNotAligned error without -Resampling' {
        $err = try { @(Get-RasterBand $fine 1; Get-RasterBand $coarse 1) | Join-RasterBand -ErrorAction Stop } catch { $_ }
        $err.FullyQualifiedErrorId | Should -Be 'BandsNotAligned,RasterCmdlets.Commands.JoinRasterBandCommand'
    }
}
