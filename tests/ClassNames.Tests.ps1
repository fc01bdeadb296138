# Pester 5 suite: a class map read back from a file keeps its class names (issue 19, point 0).
#   Invoke-Pester -Path ./tests/ClassNames.Tests.ps1 -Output Detailed
# The class-map files are written by GDAL's Python (/usr/bin/python3, osgeo.gdal) with category
# names and a colour table, never by the module; counts are computed by numpy from the same array,
# the polygons' names are read back with ogrinfo, the sieved file's names with gdalinfo.

BeforeDiscovery {
    $script:hasPeers = (Test-Path /usr/bin/python3) -and [bool](Get-Command ogrinfo -CommandType Application -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../RasterCmdlets.psd1') -Force -ErrorAction Stop

    # A 60 x 40 Byte map of classes 0..2 and NoData 255 with categories and colours, and the
    # counts numpy gives for it (JSON: {"counts": [...], "nodata": n}).
    function New-NamedClassMap {
        param([string] $Path, [string[]] $Names, [string] $Driver = 'GTiff')
        $script = @'
import json, sys
import numpy as np
from osgeo import gdal, osr
path, driver, names = sys.argv[1], sys.argv[2], sys.argv[3:]
rng = np.random.default_rng(7)
a = np.zeros((40, 60), dtype=np.uint8)
a[:, 20:40] = 1
a[:, 40:] = 2
a[rng.random(a.shape) < 0.05] = 255          # NoData speckle
a[10:14, 5:9] = 1                            # a block of 16 pixels of class 1 inside class 0
ds = gdal.GetDriverByName(driver).Create(path, 60, 40, 1, gdal.GDT_Byte)
ds.SetGeoTransform([500000, 10, 0, 4100000, 0, -10])
srs = osr.SpatialReference(); srs.ImportFromEPSG(32630)
ds.SetProjection(srs.ExportToWkt())
b = ds.GetRasterBand(1)
b.SetNoDataValue(255)
b.WriteArray(a)
ct = gdal.ColorTable()
for i, c in enumerate([(0, 0, 255, 255), (0, 160, 0, 255), (200, 200, 200, 255)]):
    ct.SetColorEntry(i, c)
b.SetRasterColorTable(ct)
b.SetRasterCategoryNames(names)
b = None
ds = None
v = a[a != 255]
print(json.dumps({"counts": [int((v == k).sum()) for k in range(3)], "nodata": int((a == 255).sum())}))
'@
        $json = $script | & /usr/bin/python3 - $Path $Driver @Names
        if ($LASTEXITCODE -ne 0) { throw "python failed writing '$Path'" }
        $json | ConvertFrom-Json
    }
}

Describe 'A class map read back from a file keeps its class names' -Skip:(-not $hasPeers) {
    BeforeAll {
        $script:map = Join-Path $TestDrive 'named.tif'
        $script:expected = New-NamedClassMap -Path $map -Names 'Water', 'Forest', 'Urban'
    }

    It 'has the category names GDAL wrote (in the .aux.xml sidecar)' {
        Test-Path "$map.aux.xml" | Should -BeTrue
        (Get-RasterBand $map 1).ClassNames | Should -Be @('Water', 'Forest', 'Urban')
    }

    It 'Measure-RasterClass names the rows after them, with numpy''s counts' {
        $rows = Get-RasterBand $map 1 | Measure-RasterClass
        $rows[0..2].Name | Should -Be @('Water', 'Forest', 'Urban')
        $rows[0..2].PixelCount | Should -Be $expected.counts
        $rows[3].Name | Should -Be 'NoData'
        $rows[3].PixelCount | Should -Be $expected.nodata
    }

    It '-ClassName still overrides them' {
        (Get-RasterBand $map 1 | Measure-RasterClass -ClassName A, B, C)[0..2].Name | Should -Be @('A', 'B', 'C')
    }

    It 'Invoke-RasterSieve''s output keeps them, with the colour table' {
        $sieved = Get-RasterBand $map 1 | Invoke-RasterSieve 20
        $sieved.ClassNames | Should -Be @('Water', 'Forest', 'Urban')
        ($sieved | Measure-RasterClass)[0..2].Name | Should -Be @('Water', 'Forest', 'Urban')
        $info = & gdalinfo -json $sieved.Path | ConvertFrom-Json -AsHashtable
        $info.bands[0].categories | Should -Be @('Water', 'Forest', 'Urban')
        $info.bands[0].colorTable.entries[1] | Should -Be @(0, 160, 0, 255)
    }

    It 'Export-ClassPolygon''s name field carries them' {
        $gpkg = Join-Path $TestDrive 'named.gpkg'
        Get-RasterBand $map 1 | Export-ClassPolygon $gpkg
        $names = & ogrinfo -q -al -geom=NO $gpkg | Select-String '^\s*name \(String\) = (.*)$' | ForEach-Object { $_.Matches[0].Groups[1].Value.Trim() }
        $names | Sort-Object -Unique | Should -Be @('Forest', 'Urban', 'Water')
    }

    It 'Export-GeoTiff of the band writes them again (gdalinfo reads them)' {
        $copy = Join-Path $TestDrive 'copy.tif'
        Get-RasterBand $map 1 | Export-GeoTiff $copy
        (& gdalinfo -json $copy | ConvertFrom-Json -AsHashtable).bands[0].categories | Should -Be @('Water', 'Forest', 'Urban')
    }

    It 'keeps them through Export-Clixml, even where the sidecar did not follow' {
        $xml = Join-Path $TestDrive 'band.xml'
        Get-RasterBand $map 1 | Export-Clixml $xml
        Move-Item "$map.aux.xml" "$map.aux.xml.away"
        try {
            $back = Import-Clixml $xml
            $back.GetType().FullName | Should -Be 'RasterCmdlets.Core.Rasters.RasterBand'
            $back.ClassNames | Should -Be @('Water', 'Forest', 'Urban')
            ($back | Measure-RasterClass)[0].Name | Should -Be 'Water'
        }
        finally { Move-Item "$map.aux.xml.away" "$map.aux.xml" }
    }

    It 'names a file with fewer names than classes "Class N" beyond them' {
        $partial = Join-Path $TestDrive 'partial.tif'
        $null = New-NamedClassMap -Path $partial -Names 'Water'
        (Get-RasterBand $partial 1 | Measure-RasterClass)[0..2].Name | Should -Be @('Water', 'Class 1', 'Class 2')
    }

    It 'reads names a format holds itself (an Erdas Imagine file, no sidecar)' {
        $img = Join-Path $TestDrive 'named.img'
        $null = New-NamedClassMap -Path $img -Names 'Water', 'Forest', 'Urban' -Driver HFA
        (Get-RasterBand $img 1 | Measure-RasterClass)[0..2].Name | Should -Be @('Water', 'Forest', 'Urban')
    }

    It 'a map written by Export-GeoTiff -ClassName reads back named (the README example)' {
        $sample = (Resolve-Path (Join-Path $PSScriptRoot '../samples/L7_ETMs.tif')).ProviderPath
        $water = Join-Path $TestDrive 'water.tif'
        Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff $water -ClassName Water, Land
        (Get-RasterBand $water 1 | Measure-RasterClass).Name | Should -Be @('Water', 'Land')
    }
}
