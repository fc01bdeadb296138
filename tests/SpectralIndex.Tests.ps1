# Pester 5 suite of issue 18's Get-SpectralIndex: built-in indices and -Expression as one lazy
# Float32 band in physical units, NaN where an input is NoData or masked or the result not finite.
#   Invoke-Pester -Path ./tests/SpectralIndex.Tests.ps1 -Output Detailed
# Expectations come from numpy (/usr/bin/python3 with python3-gdal), from GDAL's warper and from
# tests/tools/sentinel2_expect.py, never from the module: each formula is written again here in numpy.
#
# samples/L7_ETMs.tif: Landsat 7 ETM+, 349 x 352 pixels, 6 Byte bands (1 blue, 2 green, 3 red,
# 4 NIR, 5 SWIR1, 6 = ETM+ band 7 SWIR2). The copy used here has a scale and offset set by
# gdal_edit.py, NoData 30, and a square where green = SWIR1 = NIR = red = 100 DN, physical 0: 0/0.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../RasterCmdlets.psd1') -Force -ErrorAction Stop
    $script:sample = (Resolve-Path (Join-Path $PSScriptRoot '../samples/L7_ETMs.tif')).ProviderPath
    $script:python = '/usr/bin/python3'
    $script:s2product = Join-Path $PSScriptRoot 'tools/sentinel2_product.py'
    $script:s2expect = Join-Path $PSScriptRoot 'tools/sentinel2_expect.py'
    $script:roles = @{ Blue = 1; Green = 2; Red = 3; NIR = 4; SWIR1 = 5; SWIR2 = 6 }

    function Invoke-Gdal {
        param([Parameter(Mandatory)] [string] $Tool, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
        $out = & $Tool @Arguments 2>&1
        if ($LASTEXITCODE -ne 0) { throw "$Tool $Arguments failed: $out" }
    }

    . (Join-Path $PSScriptRoot 'tools/Python.ps1')

    # The scaled copy: a 0/0 square written by numpy, then scale, offset and NoData by gdal_edit.py.
    $script:scaled = Join-Path $TestDrive 'l7-scaled.tif'
    Invoke-Python -Arguments $sample, $scaled -Script @'
import sys
from osgeo import gdal
src = gdal.Open(sys.argv[1])
out = gdal.GetDriverByName('GTiff').CreateCopy(sys.argv[2], src)
for b in range(1, 7):
    band = out.GetRasterBand(b)
    a = band.ReadAsArray()
    a[100:110, 100:110] = 100
    band.WriteArray(a)
out = None
'@
    Invoke-Gdal gdal_edit.py -scale 0.0001 -offset -0.01 -a_nodata 30 $scaled

    # Compares an index file written by the module with numpy's: prints NaN-equal, max difference,
    # NaN count, and how many pixels are NaN for 0/0 and for NoData.
    $script:compare = @'
import re
import sys
import numpy as np
from osgeo import gdal
path, index, formula = sys.argv[1:4]
d = gdal.Open(path)
raw = {f'b{i}': d.GetRasterBand(i).ReadAsArray() for i in range(1, 7)}
phys = {k: v.astype(np.float64) * 0.0001 - 0.01 for k, v in raw.items()}
Blue, Green, Red, NIR, SWIR1, SWIR2 = (phys[f'b{i}'] for i in range(1, 7))
b1, b2, b3, b4, b5, b6 = (phys[f'b{i}'] for i in range(1, 7))
sqrt, abs, min, max = np.sqrt, np.abs, np.fmin, np.fmax
with np.errstate(all='ignore'):
    e = eval(formula)
names = {'Blue': 'b1', 'Green': 'b2', 'Red': 'b3', 'NIR': 'b4', 'SWIR1': 'b5', 'SWIR2': 'b6'}
used = [names.get(t, t) for t in re.findall(r'[A-Za-z_][A-Za-z0-9_]*', formula) if names.get(t, t) in raw]
nodata = np.zeros(e.shape, bool)
for k in set(used):
    nodata |= raw[k] == 30
e = np.where(nodata | ~np.isfinite(e), np.nan, e).astype(np.float32)
o = gdal.Open(index)
m = o.GetRasterBand(1).ReadAsArray()
same_nan = np.array_equal(np.isnan(m), np.isnan(e))
diff = float(np.nanmax(np.abs(m.astype(np.float64) - e))) if same_nan else -1
zero = bool(np.isnan(m[100:110, 100:110]).all())
print(same_nan, diff, int(np.isnan(e).sum()), zero, int((nodata & np.isnan(m)).sum()), o.GetRasterBand(1).DataType)
'@
}

Describe 'Get-SpectralIndex on a Landsat band set with scale, offset and NoData' {
    It '<Index> equals numpy''s <Formula> in physical units, NaN for NoData and 0/0' -ForEach @(
        @{ Index = 'NDVI'; Formula = '(NIR - Red) / (NIR + Red)' }
        @{ Index = 'NDWI'; Formula = '(Green - NIR) / (Green + NIR)' }
        @{ Index = 'MNDWI'; Formula = '(Green - SWIR1) / (Green + SWIR1)' }
        @{ Index = 'NDMI'; Formula = '(NIR - SWIR1) / (NIR + SWIR1)' }
        @{ Index = 'NBR'; Formula = '(NIR - SWIR2) / (NIR + SWIR2)' }
        @{ Index = 'AWEInsh'; Formula = '4 * (Green - SWIR1) - (0.25 * NIR + 2.75 * SWIR2)' }
        @{ Index = 'AWEIsh'; Formula = 'Blue + 2.5 * Green - 1.5 * (NIR + SWIR1) - 0.25 * SWIR2' }
    ) {
        $out = Join-Path $TestDrive "$Index.tif"
        $band = Get-RasterBand $scaled | Get-SpectralIndex $Index -BandRole $roles
        $band.DataType | Should -Be 'Float32'
        $band.Description | Should -Be $Index
        $band | Export-GeoTiff $out
        $same, $diff, $nan, $zero, $nodata, $type = (Invoke-Python -Script $compare -Arguments $scaled, $out, $Formula) -split ' '
        $same | Should -Be 'True'
        [double]$diff | Should -BeLessOrEqual 1e-6
        [int]$nodata | Should -BeGreaterThan 0
        $type | Should -Be '6'
        if ($Index -notin 'AWEInsh', 'AWEIsh') { $zero | Should -Be 'True' } # 0/0 is NaN, never 0
    }

    It 'an -Expression over b1, b2… and roles, with abs, sqrt, min and max, equals numpy''s' {
        $expression = 'sqrt(abs(NIR - b3)) + min(b2, Blue) * 2 - max(b6, 0.05) / 3'
        $out = Join-Path $TestDrive 'expression.tif'
        Get-RasterBand $scaled | Get-SpectralIndex -Expression $expression -BandRole @{ NIR = 4; Blue = 1 } | Export-GeoTiff $out
        $same, $diff, $rest = (Invoke-Python -Script $compare -Arguments $scaled, $out, $expression) -split " "
        $same | Should -Be 'True'
        [double]$diff | Should -BeLessOrEqual 1e-6
    }

    # A coarser band on a grid that its pixels scale (57 m onto 28.5 m, the same corner) is resampled
    # by GDAL's RasterIO, as gdal_translate -outsize -r bilinear does, values not rounded; on any
    # other grid (60 m onto 28.5 m) by GDAL's warper, as gdal.Warp does.
    It 'resamples a coarser band bilinearly onto the finest grid, as <Peer> then numpy' -ForEach @(
        @{ Peer = 'gdal_translate -outsize -r bilinear'; Resolution = 57 }
        @{ Peer = 'gdal.Warp -r bilinear'; Resolution = 60 }
    ) {
        $fine = Join-Path $TestDrive 'b2-fine.tif'
        $full = Join-Path $TestDrive 'b5-full.tif'
        $coarse = Join-Path $TestDrive "b5-coarse-$Resolution.tif"
        Invoke-Gdal gdal_translate -q -b 2 -srcwin 0 0 200 200 $sample $fine
        Invoke-Gdal gdal_translate -q -b 5 -srcwin 0 0 200 200 $sample $full
        Invoke-Gdal gdalwarp -q -r average -tr $Resolution $Resolution $full $coarse
        $out = Join-Path $TestDrive "mndwi-resampled-$Resolution.tif"
        @(Get-RasterBand $coarse; Get-RasterBand $fine) | Get-SpectralIndex MNDWI -BandRole @{ Green = 'b2'; SWIR1 = 'b1' } | Export-GeoTiff $out
        $result = Invoke-Python -Arguments $fine, $coarse, $out -Script @'
import sys
import numpy as np
from osgeo import gdal
fine, coarse, out = sys.argv[1:4]
d = gdal.Open(fine); gt = d.GetGeoTransform(); w, h = d.RasterXSize, d.RasterYSize
c = gdal.Open(coarse); cgt = c.GetGeoTransform()
if abs(c.RasterXSize * cgt[1] - w * gt[1]) < 1e-6 * cgt[1]:  # the same extent: a scaled grid
    s = gdal.Translate('/vsimem/s.tif', c, width=w, height=h, resampleAlg='bilinear', outputType=gdal.GDT_Float32).ReadAsArray()
    inside = np.ones((h, w), bool)
else:
    warped = gdal.Warp('/vsimem/w.tif', coarse, resampleAlg='bilinear', outputBounds=(gt[0], gt[3] + h * gt[5], gt[0] + w * gt[1], gt[3]),
                       xRes=gt[1], yRes=-gt[5], dstAlpha=True)
    s = warped.GetRasterBand(1).ReadAsArray()
    inside = warped.GetRasterBand(2).ReadAsArray() > 0
s = s.astype(np.float64)
g = d.GetRasterBand(1).ReadAsArray().astype(np.float64)
with np.errstate(all='ignore'):
    e = (g - s) / (g + s)
e = np.where(inside & np.isfinite(e), e, np.nan).astype(np.float32)
o = gdal.Open(out); m = o.GetRasterBand(1).ReadAsArray()
# The coarse band's value each output pixel was computed from, recovered from the index.
with np.errstate(all='ignore'):
    used = g * (1 - m.astype(np.float64)) / (1 + m.astype(np.float64))
print(o.RasterXSize, o.RasterYSize, np.array_equal(np.isnan(m), np.isnan(e)), float(np.nanmax(np.abs(m - e))),
      float(np.nanmax(np.abs(used - s))))
'@
        $width, $height, $same, $diff, $valueDiff = $result -split ' '
        "$width x $height" | Should -Be '200 x 200'
        $same | Should -Be 'True'
        if ($Resolution -eq 57) {
            [double]$diff | Should -BeLessOrEqual 1e-6
        }
        else {
            # The warper transforms coordinates approximately per chunk, and a warped VRT's chunks are
            # not gdal.Warp's: an interpolated value may round to the next integer, never further.
            [double]$valueDiff | Should -BeLessOrEqual (1 + 1e-3)
        }
    }

    It 'pipes into Measure-RasterSummary, New-KMeansModel, Measure-KMeansCluster and Export-RasterPreview, and survives Export-Clixml' {
        $index = Get-RasterBand $scaled | Get-SpectralIndex NDVI -BandRole $roles
        $summary = $index | Measure-RasterSummary
        $model = $summary | New-KMeansModel -K 2
        $model.K | Should -Be 2
        ($index | Measure-KMeansCluster -K 2, 3 -Seed 1).Count | Should -Be 2
        $preview = Join-Path $TestDrive 'ndvi.png'
        $index | Invoke-KMeansCluster -Model $model | Export-RasterPreview $preview
        Test-Path -LiteralPath $preview | Should -BeTrue
        $copy = Join-Path $TestDrive 'ndvi.clixml'
        $index | Export-Clixml -LiteralPath $copy
        $back = Import-Clixml -LiteralPath $copy
        $back.GetType().Name | Should -Be 'RasterBand'
        $back | Invoke-KMeansCluster -K 3 -Seed 1 | Export-GeoTiff (Join-Path $TestDrive 'copy.tif')
        $index | Invoke-KMeansCluster -K 3 -Seed 1 | Export-GeoTiff (Join-Path $TestDrive 'live.tif')
        (Get-FileHash (Join-Path $TestDrive 'copy.tif')).Hash | Should -Be (Get-FileHash (Join-Path $TestDrive 'live.tif')).Hash
    }

    It 'computes the index in a job, where only the module registered the pixel function' {
        $job = Start-Job -ScriptBlock {
            param($module, $path)
            Import-Module $module
            (Get-RasterBand $path | Get-SpectralIndex NDVI -BandRole @{ NIR = 4; Red = 3 } | Measure-RasterSummary).ValidPixelCount
        } -ArgumentList (Join-Path $PSScriptRoot '../RasterCmdlets.psd1'), $scaled
        $valid = $job | Wait-Job -Timeout 120 | Receive-Job
        $job | Remove-Job -Force
        $live = (Get-RasterBand $scaled | Get-SpectralIndex NDVI -BandRole @{ NIR = 4; Red = 3 } | Measure-RasterSummary).ValidPixelCount
        $valid | Should -Be $live
        $valid | Should -BeLessThan (349 * 352)
    }
}

Describe 'Get-SpectralIndex errors: one error record, nothing written' {
    It '<Case> gives <ErrorId>' -ForEach @(
        @{ Case = 'an unfinished expression'; ErrorId = 'InvalidExpression'; Run = { Get-RasterBand $scaled | Get-SpectralIndex -Expression '(b1 - ' }; Names = '' }
        @{ Case = 'an operator outside the grammar'; ErrorId = 'InvalidExpression'; Run = { Get-RasterBand $scaled | Get-SpectralIndex -Expression 'b1 % 2' }; Names = '%' }
        @{ Case = 'an unknown band name'; ErrorId = 'UnknownBandName'; Run = { Get-RasterBand $scaled | Get-SpectralIndex -Expression '(B99 - b1) / b2' }; Names = 'B99' }
        @{ Case = 'a role given to no input band'; ErrorId = 'UnknownBandName'; Run = { Get-RasterBand $scaled 1, 2 | Get-SpectralIndex NDWI -BandRole @{ Green = 2; NIR = 9 } }; Names = '9' }
        @{ Case = 'an index whose role has no band'; ErrorId = 'MissingBandRole'; Run = { Get-RasterBand $scaled 2, 4 | Get-SpectralIndex MNDWI -BandRole @{ Green = 2 } }; Names = 'SWIR1' }
    ) {
        $out = Join-Path $TestDrive 'never.tif'
        $err = $null
        try { & $Run | Export-GeoTiff $out } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be "$ErrorId,RasterCmdlets.Commands.GetSpectralIndexCommand"
        if ($Names) { $err.Exception.Message | Should -BeLike "*$Names*" }
        Test-Path -LiteralPath $out | Should -BeFalse
    }

    It 'refuses an unknown index name, and completes the known ones' {
        { Get-RasterBand $scaled | Get-SpectralIndex NDXI } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,RasterCmdlets.Commands.GetSpectralIndexCommand'
        $line = 'Get-SpectralIndex -Index MN'
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Contain 'MNDWI'
    }
}

Describe 'Sentinel-2: water from a product in one line' {
    BeforeAll {
        # Runs the README's line on a product and compares with the exact 2-class optimum of MNDWI
        # that sentinel2_expect.py computes from the product's JPEG 2000 files and XML.
        function Test-WaterLine([string] $Product, [string] $Name) {
            $water = Join-Path $TestDrive "$Name-water.tif"
            $expected = Join-Path $TestDrive "$Name-expected.tif"
            Get-Sentinel2Band $Product B03, B11 -CloudMask | Get-SpectralIndex MNDWI |
                Invoke-KMeansCluster -K 2 | Export-GeoTiff $water -ClassName Land, Water
            $facts = & $python $s2expect $Product MNDWI - $expected --mask 0,1,3,8,9,10 | ConvertFrom-Json
            $LASTEXITCODE | Should -Be 0
            $same = Invoke-Python -Arguments $water, $expected -Script @'
import sys
import numpy as np
from osgeo import gdal
a = gdal.Open(sys.argv[1]); b = gdal.Open(sys.argv[2])
x = a.GetRasterBand(1).ReadAsArray(); y = b.GetRasterBand(1).ReadAsArray()
print(np.array_equal(x, y), int((x == 255).sum()), a.GetRasterBand(1).GetNoDataValue())
'@
            [pscustomobject]@{ Result = $same; Facts = $facts }
        }
        $folder = Join-Path $TestDrive 'products'
        $script:l2a = @(& $python $s2product (Join-Path $folder 'new') --size 120 --zip)
        $script:old = @(& $python $s2product (Join-Path $folder 'old') --size 120 --baseline 03.01 --date 2021-05-01)
        $LASTEXITCODE | Should -Be 0
    }

    It 'the map of <Case> equals the exact optimum of MNDWI, cloud pixels NoData' -ForEach @(
        @{ Case = 'the zip'; Pick = { $l2a[1] } }
        @{ Case = 'the SAFE folder'; Pick = { $l2a[0] } }
        @{ Case = 'a baseline 03.01 product'; Pick = { $old[0] } }
    ) {
        $product = & $Pick
        $check = Test-WaterLine $product ($Case -replace '\W', '')
        $same, $nodata, $declared = $check.Result -split ' '
        $same | Should -Be 'True'
        [int]$nodata | Should -Be $check.Facts.missing
        $check.Facts.why.scl | Should -BeGreaterThan 0 # clouds were there, and are NoData
        [double]$declared | Should -Be 255
        $check.Facts.kmeans.near_threshold | Should -Be 0
    }

    It 'the index band says its product and date, and keeps its decoded pixels for the write' {
        $index = Get-Sentinel2Band $l2a[1] B03, B11 -CloudMask | Get-SpectralIndex MNDWI
        $index.Name | Should -Be 'MNDWI'
        $index.Tile | Should -Be 'T30STF'
        $index.SensingTime | Should -Not -BeNullOrEmpty
        $verbose = $index | Invoke-KMeansCluster -K 2 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'Keeping the decoded pixels.*MNDWI is computed'
    }

    It 'refuses bands of two products in one index (MixedProducts), writing nothing' {
        $out = Join-Path $TestDrive 'mixed.tif'
        $err = $null
        try { @(Get-Sentinel2Band $l2a[1] B03; Get-Sentinel2Band $old[0] B11) | Get-SpectralIndex MNDWI | Export-GeoTiff $out } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'MixedProducts,RasterCmdlets.Commands.GetSpectralIndexCommand'
        Test-Path -LiteralPath $out | Should -BeFalse
    }
}
