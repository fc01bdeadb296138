# Pester 5 suite of issue 17's defects, as a user meets them: NoData values that can never match a
# pixel, errors that escaped the one error path, and GDAL work stopped half-way.
#   Invoke-Pester -Path ./tests/Core.Tests.ps1 -Output Detailed
# Expectations come from tests/tools/reference.py (GDAL's Python and numpy) and GDAL's own tools.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../RasterCmdlets.psd1') -Force -ErrorAction Stop
    $script:sample = (Resolve-Path (Join-Path $PSScriptRoot '../samples/L7_ETMs.tif')).ProviderPath
    $script:python = '/usr/bin/python3'

    function Get-Reference {
        $json = & $python (Join-Path $PSScriptRoot 'tools/reference.py') @args
        if ($LASTEXITCODE -ne 0) { throw "reference.py $args failed" }
        $json | ConvertFrom-Json -AsHashtable
    }

    . (Join-Path $PSScriptRoot 'tools/Python.ps1')
}

Describe 'A NoData value no pixel can hold' {
    BeforeAll {
        # Band 4 of the sample with its darkest water at 0, and a VRT over it whose NoData is NaN: no
        # Byte equals NaN, so every pixel is valid, the zeros included.
        $zeroed = Join-Path $TestDrive 'zeroed.tif'
        Invoke-Python -Arguments $sample, $zeroed -Script @'
import sys
from osgeo import gdal
src = gdal.Open(sys.argv[1])
a = src.GetRasterBand(4).ReadAsArray()
a[a <= 12] = 0
out = gdal.GetDriverByName('GTiff').Create(sys.argv[2], src.RasterXSize, src.RasterYSize, 1, gdal.GDT_Byte)
out.SetGeoTransform(src.GetGeoTransform()); out.SetProjection(src.GetProjection())
out.GetRasterBand(1).WriteArray(a)
out = None
'@ | Out-Null
        $script:nanVrt = Join-Path $TestDrive 'nan-nodata.vrt'
        & gdal_translate -q -of VRT $zeroed $nanVrt
        $xml = [xml](Get-Content -Raw $nanVrt)
        $node = $xml.CreateElement('NoDataValue'); $node.InnerText = 'nan'
        [void]$xml.VRTDataset.VRTRasterBand.PrependChild($node)
        $xml.Save($nanVrt)
        $script:zeros = [int](Invoke-Python -Arguments $nanVrt -Script @'
import sys
from osgeo import gdal
d = gdal.Open(sys.argv[1]); b = d.GetRasterBand(1)
assert str(b.GetNoDataValue()) == 'nan', b.GetNoDataValue()
print(int((b.ReadAsArray() == 0).sum()))
'@)
    }

    It 'the fixture has pixels at 0 and GDAL reports NaN as its NoData' {
        $zeros | Should -BeGreaterThan 0
    }

    It 'counts every pixel of a Byte band whose NoData is NaN as valid, 0 included' {
        $out = Join-Path $TestDrive 'nan-map.tif'
        Get-RasterBand $nanVrt 1 | Invoke-KMeansCluster -K 2 | Export-GeoTiff $out
        $expected = Get-Reference exact1d $nanVrt 1 2
        $measured = Get-Reference labels $nanVrt $out 1
        $measured.nodata | Should -Be 0
        ($measured.counts | Measure-Object -Sum).Sum | Should -Be (349 * 352)
        $measured.counts | Should -Be $expected['2'].counts
    }

    It 'reports no NoData value for such a band' {
        (Get-RasterBand $nanVrt 1).NoDataValue | Should -BeNullOrEmpty
    }
}

Describe 'The one error path' {
    It 'Join-RasterBand -Resampling reports a band whose file went away as RasterOpenFailed, naming the file' {
        $gone = Join-Path $TestDrive 'gone.tif'
        $coarse = Join-Path $TestDrive 'coarse.tif'
        & gdal_translate -q -b 4 $sample $gone
        & gdalwarp -q -r average -tr 57 57 $sample $coarse
        $bands = @(Get-RasterBand $gone 1) + @(Get-RasterBand $coarse 5)
        Remove-Item -LiteralPath $gone
        # The first band gives the grid; the second, warped onto it, opens fine: make the first the warped one.
        $bands = @($bands[1], $bands[0])
        $err = $null
        try { $bands | Join-RasterBand -Resampling Bilinear -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be 'RasterOpenFailed,RasterCmdlets.Commands.JoinRasterBandCommand'
        $err.CategoryInfo.Category | Should -Be 'OpenError'
        $err.TargetObject | Should -Be $gone
    }

    It 'an input of the wrong type is UnsupportedInput (InvalidType), and the next input is still taken' {
        $out = Join-Path $TestDrive 'types'
        New-Item -ItemType Directory $out | Out-Null
        $results = @('not a raster', (Get-RasterBand $sample 4)) |
            Measure-RasterSummary -ErrorVariable errs -ErrorAction SilentlyContinue
        @($results).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'UnsupportedInput,RasterCmdlets.Commands.MeasureRasterSummaryCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidType'
    }

    It 'a folder named as a raster is PathIsFolder, a missing file PathNotFound' {
        Get-RasterBand $TestDrive -ErrorVariable e1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e1[0].FullyQualifiedErrorId | Should -Be 'PathIsFolder,RasterCmdlets.Commands.GetRasterBandCommand'
        Get-RasterBand (Join-Path $TestDrive 'nothing.tif') -ErrorVariable e2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $e2[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,RasterCmdlets.Commands.GetRasterBandCommand'
        $e2[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
