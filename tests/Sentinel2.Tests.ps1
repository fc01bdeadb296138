# Pester 5 suite of issue 12's Sentinel-2 parts: bands of different resolutions and CRSs joined with
# Join-RasterBand -Resampling, and masks from another raster (Set-RasterMask).
#   Invoke-Pester -Path ./tests/Sentinel2.Tests.ps1 -Output Detailed
# Expectations come from GDAL's own tools and numpy (/usr/bin/python3 with python3-gdal), never
# from the module: on a grid its pixels scale (same CRS and corner, whole multiples) a joined band
# must equal gdal_translate -outsize -r (GDAL's RasterIO resampling); on any other, gdalwarp -te/-tr -r.
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
    . (Join-Path $PSScriptRoot 'tools/Python.ps1')

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
s = gdal.Open(source); sgt = s.GetGeoTransform()
if s.GetProjection() == d.GetProjection() and sgt[:4:3] == gt[:4:3] and abs(s.RasterXSize * sgt[1] - w * gt[1]) < 1e-6 * sgt[1]:
    ref = gdal.Translate('/vsimem/ref.tif', s, width=w, height=h, resampleAlg=method)
    inside = np.ones((h, w), bool)
else:
    ref = gdal.Warp('/vsimem/ref.tif', source, resampleAlg=method, dstSRS=d.GetProjection(),
                    outputBounds=(gt[0], gt[3] + h * gt[5], gt[0] + w * gt[1], gt[3]), xRes=gt[1], yRes=-gt[5], dstAlpha=True)
    inside = ref.GetRasterBand(2).ReadAsArray() > 0
expected = ref.GetRasterBand(1).ReadAsArray().astype(int)
v = gdal.Open(open(vrt_file).read())
actual = v.GetRasterBand(1).ReadAsArray().astype(int)
print(int(np.abs(expected - actual)[inside].max()), int(inside.sum()))
'@
}

Describe 'Join-RasterBand -Resampling' {
    It 'puts a 20 m band on the 10 m grid of the first band, equal to gdal_translate -outsize -r bilinear' {
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

    It 'a resampled band keeps its file''s name through Export-Clixml, and its file is not written over' {
        $copy = Join-Path $TestDrive 'joined.xml'
        @(Get-RasterBand $fine 1; Get-RasterBand $coarse 1) | Join-RasterBand -Resampling Bilinear | Export-Clixml -LiteralPath $copy
        $stack = Import-Clixml -LiteralPath $copy
        $stack.Bands[1].FileName | Should -Be 'b5-coarse.tif'
        $stack.Bands[1].ResampledFrom | Should -Be $coarse
        $stack | Invoke-KMeansCluster -K 2 -Seed 1 | Export-GeoTiff $coarse -Force -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].FullyQualifiedErrorId | Should -BeLike 'OutputIsInput,*'
    }

    It 'a resampled band whose file went away is RasterOpenFailed, with the file as target' {
        $gone = Join-Path $TestDrive 'gone.tif'
        Copy-Item -LiteralPath $coarse -Destination $gone
        $stack = @(Get-RasterBand $fine 1; Get-RasterBand $gone 1) | Join-RasterBand -Resampling Nearest
        Remove-Item -LiteralPath $gone
        $stack | Invoke-KMeansCluster -K 2 -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].FullyQualifiedErrorId | Should -BeLike 'RasterOpenFailed,*'
        $e[0].TargetObject | Should -Be $gone
        $e[0].Exception.Message | Should -Not -BeLike '*<VRTDataset*'
    }

    It 'reads a resampled band window by window on every worker as GDAL reads the VRT whole (2000 x 2000 from 1000 x 1000)' {
        # 4 M pixels: several windows of about 2 M pixels, read by several workers, each opening the VRT text itself.
        $big = Join-Path $TestDrive 'big-b4.tif'
        $half = Join-Path $TestDrive 'big-b5-half.tif'
        $written = Join-Path $TestDrive 'big-stack.tif'
        Invoke-Gdal gdal_translate -b 4 -outsize 2000 2000 -r nearest $sample $big
        Invoke-Gdal gdal_translate -b 5 -outsize 1000 1000 -r average $sample $half
        $stack = @(Get-RasterBand $big 1; Get-RasterBand $half 1) | Join-RasterBand -Resampling Bilinear
        $stack | Export-GeoTiff -Path $written
        $vrt = Join-Path $TestDrive 'big-b5.xml'
        [System.IO.File]::WriteAllText($vrt, $stack.Bands[1].Path)
        $result = Invoke-Python @'
import sys
import numpy as np
from osgeo import gdal
written, vrt_file, fine, source = sys.argv[1:5]
w = gdal.Open(written); v = gdal.Open(open(vrt_file).read())
module = w.GetRasterBand(2).ReadAsArray().astype(int)
whole = v.GetRasterBand(1).ReadAsArray().astype(int)
d = gdal.Open(fine); gt = d.GetGeoTransform(); n = d.RasterXSize
ref = gdal.Translate('/vsimem/big.tif', source, width=n, height=n, resampleAlg='bilinear')
print(int((module != whole).sum()), int(np.abs(module - ref.GetRasterBand(1).ReadAsArray().astype(int)).max()))
'@ $written, $vrt, $big, $half
        $differFromVrt, $maxFromGdalTranslate = $result -split ' '
        [int]$differFromVrt | Should -Be 0
        # The same grid scaled by 2: GDAL's RasterIO resampling, as gdal_translate -outsize does it.
        [int]$maxFromGdalTranslate | Should -Be 0
    }

    It 'keeps the BandsNotAligned error without -Resampling' {
        $err = try { @(Get-RasterBand $fine 1; Get-RasterBand $coarse 1) | Join-RasterBand -ErrorAction Stop } catch { $_ }
        $err.FullyQualifiedErrorId | Should -Be 'BandsNotAligned,RasterCmdlets.Commands.JoinRasterBandCommand'
    }
}

Describe 'Set-RasterMask' {
    BeforeAll {
        $script:fine5 = Join-Path $TestDrive 'b5-fine.tif'
        Invoke-Gdal gdal_translate -b 5 -srcwin 0 0 200 200 $sample $fine5
        # An SCL-like Byte raster at half the resolution (100 x 100, twice the pixel size, same
        # origin) with classes 0-11, and copies of the bands with NoData (0: band values start at
        # 29) wherever the nearest SCL pixel is 3, 8, 9 or 10: what the mask must amount to.
        $script:scl = Join-Path $TestDrive 'scl.tif'
        $script:masked4 = Join-Path $TestDrive 'b4-masked.tif'
        $script:masked5 = Join-Path $TestDrive 'b5-masked.tif'
        $script:maskedCount = [int](Invoke-Python @'
import sys
import numpy as np
from osgeo import gdal
fine, fine5, scl, out4, out5 = sys.argv[1:6]
d = gdal.Open(fine); gt = d.GetGeoTransform()
rng = np.random.default_rng(12)
classes = rng.integers(0, 12, size=(100, 100)).astype(np.uint8)
s = gdal.GetDriverByName('GTiff').Create(scl, 100, 100, 1, gdal.GDT_Byte)
s.SetGeoTransform((gt[0], gt[1] * 2, 0, gt[3], 0, gt[5] * 2)); s.SetProjection(d.GetProjection())
s.GetRasterBand(1).WriteArray(classes); s = None
masked = np.isin(np.repeat(np.repeat(classes, 2, axis=0), 2, axis=1), [3, 8, 9, 10])
for src, out in ((fine, out4), (fine5, out5)):
    a = gdal.Open(src).ReadAsArray().copy()
    assert a.min() > 0
    a[masked] = 0
    o = gdal.GetDriverByName('GTiff').CreateCopy(out, gdal.Open(src))
    o.GetRasterBand(1).SetNoDataValue(0); o.GetRasterBand(1).WriteArray(a); o = None
print(int(masked.sum()))
'@ $fine, $fine5, $scl, $masked4, $masked5)

        # Class maps as numpy sees them: how many pixels differ, and how many are NoData (255) in the first.
        $script:compareMaps = @'
import sys
from osgeo import gdal
a = gdal.Open(sys.argv[1]).ReadAsArray(); b = gdal.Open(sys.argv[2]).ReadAsArray()
print(int((a != b).sum()), int((a == 255).sum()))
'@
    }

    It 'takes the pixels where a half-resolution SCL raster is 3, 8, 9 or 10 out of a band''s fit and map' {
        $maskedCount | Should -BeGreaterThan 5000
        $withMask = Get-RasterBand $fine 1 | Set-RasterMask -Path $scl -Value 3, 8, 9, 10
        $withMask.MaskSource.Values | Should -Be @(3, 8, 9, 10)
        $withMask.Mask | Should -Be 'MaskBand'
        $map = Join-Path $TestDrive 'masked-band.tif'
        $reference = Join-Path $TestDrive 'reference-band.tif'
        $fit = $withMask | Invoke-KMeansCluster -K 3 -Seed 1
        $fit | Export-GeoTiff -Path $map
        $expected = Get-RasterBand $masked4 1 | Invoke-KMeansCluster -K 3 -Seed 1
        $expected | Export-GeoTiff -Path $reference
        $fit.NoDataPixelCount | Should -Be $maskedCount
        $fit.Model.Centres | ForEach-Object { $_ } | Should -Be ($expected.Model.Centres | ForEach-Object { $_ })
        $different, $noData = (Invoke-Python $compareMaps $map, $reference) -split ' '
        [int]$different | Should -Be 0
        [int]$noData | Should -Be $maskedCount
    }

    It 'masks a stack: the same fit and map as a stack of the copies with NoData' {
        $map = Join-Path $TestDrive 'masked-stack.tif'
        $reference = Join-Path $TestDrive 'reference-stack.tif'
        $stack = @(Get-RasterBand $fine 1; Get-RasterBand $fine5 1) | Join-RasterBand | Set-RasterMask $scl 3, 8, 9, 10
        $stack | Should -BeOfType RasterCmdlets.Core.Rasters.RasterStack
        $fit = $stack | Invoke-KMeansCluster -K 3 -Seed 1
        $fit | Export-GeoTiff -Path $map
        $expected = @(Get-RasterBand $masked4 1; Get-RasterBand $masked5 1) | Join-RasterBand | Invoke-KMeansCluster -K 3 -Seed 1
        $expected | Export-GeoTiff -Path $reference
        $fit.NoDataPixelCount | Should -Be $maskedCount
        $fit.Inertia | Should -Be $expected.Inertia
        $different, $noData = (Invoke-Python $compareMaps $map, $reference) -split ' '
        [int]$different | Should -Be 0
        [int]$noData | Should -Be $maskedCount
    }

    It 'keeps the mask through Export-Clixml and Import-Clixml, and never writes over the mask raster' {
        $copy = Join-Path $TestDrive 'masked-band.xml'
        Get-RasterBand $fine 1 | Set-RasterMask $scl 3, 8, 9, 10 | Export-Clixml -LiteralPath $copy
        $band = Import-Clixml -LiteralPath $copy
        $band | Should -BeOfType RasterCmdlets.Core.Rasters.RasterBand
        $band.MaskSource.Values | Should -Be @(3, 8, 9, 10)
        ($band | Invoke-KMeansCluster -K 3 -Seed 1).NoDataPixelCount | Should -Be $maskedCount
        # The mask raster is an input too: writing over it is refused.
        $band | Invoke-KMeansCluster -K 3 -Seed 1 | Export-GeoTiff $scl -Force -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].FullyQualifiedErrorId | Should -BeLike 'OutputIsInput,*'
    }

    It 'names a mask raster that cannot be put on the band''s grid (MaskNotAligned)' {
        $bare = Join-Path $TestDrive 'no-georeferencing.tif'
        Invoke-Gdal gdal_create -outsize 200 200 -ot Byte $bare
        $err = Get-RasterBand $fine 1 | Set-RasterMask $bare 3 -ErrorAction SilentlyContinue -ErrorVariable e; $e
        $e[0].FullyQualifiedErrorId | Should -Be 'MaskNotAligned,RasterCmdlets.Commands.SetRasterMaskCommand'
    }
}
