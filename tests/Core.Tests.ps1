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

    function Invoke-Python {
        param([Parameter(Mandatory)] [string] $Script, [string[]] $Arguments = @())
        $file = Join-Path $TestDrive ("script-{0}.py" -f [guid]::NewGuid().ToString('N'))
        Set-Content -LiteralPath $file -Value $Script
        $out = & $python $file @Arguments 2>&1
        if ($LASTEXITCODE -ne 0) { throw "python failed: $out" }
        $out
    }
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
