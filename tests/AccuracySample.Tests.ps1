# Pester 5 suite of New-AccuracySample (issue 19, point 2).
#   Invoke-Pester -Path ./tests/AccuracySample.Tests.ps1 -Output Detailed
# Maps are written by GDAL's Python; the points written are read back with GDAL's Python (OGR) and
# ogrinfo, and checked against the map's and the reference's pixels read by GDAL, not the module.

BeforeDiscovery {
    $script:hasPeers = (Test-Path /usr/bin/python3) -and [bool](Get-Command ogrinfo -CommandType Application -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../RasterCmdlets.psd1') -Force -ErrorAction Stop
    $script:dir = Join-Path $TestDrive 'sample'
    $null = New-Item -ItemType Directory $dir
    $script:map = Join-Path $dir 'map.tif'
    $script:ref = Join-Path $dir 'ref.tif'
    # 300 x 200 pixels: Water, Land, and a rare Urban class of 6 pixels; NoData 255 speckle.
    @'
import sys
import numpy as np
from osgeo import gdal, osr
d = sys.argv[1]
rng = np.random.default_rng(3)
m = np.ones((200, 300), np.uint8); m[:, :90] = 0
m[rng.random(m.shape) < 0.1] = 255
m[150, 200:206] = 2
srs = osr.SpatialReference(); srs.ImportFromEPSG(32631)
for name, a, names in [('map.tif', m, ['Water', 'Land', 'Urban']), ('ref.tif', np.where(rng.random(m.shape) < 0.8, np.where(m == 255, 1, m), 1 - np.minimum(m, 1)).astype(np.uint8), ['Water', 'Land', 'Urban'])]:
    ds = gdal.GetDriverByName('GTiff').Create(d + '/' + name, 300, 200, 1, gdal.GDT_Byte)
    ds.SetGeoTransform([600000, 20, 0, 5000000, 0, -20]); ds.SetProjection(srs.ExportToWkt())
    b = ds.GetRasterBand(1); b.WriteArray(a); b.SetRasterCategoryNames(names)
    if name == 'map.tif': b.SetNoDataValue(255)
    ds = None
'@ | & /usr/bin/python3 - $dir
    if ($LASTEXITCODE -ne 0) { throw 'python failed' }

    # Each point: its pixel (from its coordinates), the map's and the reference's values there, and its fields.
    function Read-Sample {
        param([string] $Path)
        $script = @'
import sys, json
from osgeo import gdal, ogr
pts, mp, rp = sys.argv[1], sys.argv[2], sys.argv[3]
m = gdal.Open(mp); ma = m.GetRasterBand(1).ReadAsArray(); gt = m.GetGeoTransform()
r = gdal.Open(rp); ra = r.GetRasterBand(1).ReadAsArray()
ds = ogr.Open(pts); lyr = ds.GetLayer(0)
out = []
for f in lyr:
    g = f.GetGeometryRef()
    c = (g.GetX() - gt[0]) / gt[1] - 0.5; rr = (g.GetY() - gt[3]) / gt[5] - 0.5
    col, row = int(round(c)), int(round(rr))
    out.append({"x": g.GetX(), "y": g.GetY(), "centre": abs(c - col) < 1e-6 and abs(rr - row) < 1e-6, "map": int(ma[row, col]), "ref": int(ra[row, col]),
                "map_class": f.GetField('map_class'), "map_name": f.GetField('map_name'), "reference": f.GetField('reference'), "design": f.GetField('design')})
print(json.dumps(out))
'@
        $script | & /usr/bin/python3 - $Path $map $ref | ConvertFrom-Json
    }
}

Describe 'New-AccuracySample' -Skip:(-not $hasPeers) {
    It 'writes a GeoPackage that ogrinfo opens: PerClass points per class at pixel centres, never on NoData' {
        $gpkg = Join-Path $dir 'points.gpkg'
        Get-RasterBand $map | New-AccuracySample -PerClass 40 -Seed 7 -Path $gpkg -WarningVariable w -WarningAction SilentlyContinue
        $info = & ogrinfo -so -al $gpkg
        $LASTEXITCODE | Should -Be 0
        ($info -join "`n") | Should -Match 'Feature Count: 86'
        ($info -join "`n") | Should -Match 'Point'
        $points = Read-Sample $gpkg
        $points.Count | Should -Be 86
        ($points | Where-Object { -not $_.centre }).Count | Should -Be 0
        ($points | Where-Object { $_.map -eq 255 }).Count | Should -Be 0
        ($points | Where-Object { $_.map -ne $_.map_class }).Count | Should -Be 0
        ($points | Group-Object map_class | Sort-Object Name | ForEach-Object Count) | Should -Be @(40, 40, 6)
        ($points | Where-Object map_class -EQ 0).map_name | Sort-Object -Unique | Should -Be 'Water'
        ($points | Where-Object { $null -ne $_.reference }).Count | Should -Be 0
        ($points | Where-Object design -NE 'stratified').Count | Should -Be 0
        # Distinct pixels.
        ($points | ForEach-Object { "$($_.x),$($_.y)" } | Sort-Object -Unique).Count | Should -Be 86
    }

    It 'warns that a class had fewer pixels than asked, and says which' {
        Get-RasterBand $map | New-AccuracySample -PerClass 10 -Seed 1 -Path (Join-Path $dir 'few.gpkg') -WarningVariable w -WarningAction SilentlyContinue
        ($w -join ' ') | Should -Match 'Fewer sample points than asked'
        ($w -join ' ') | Should -Match 'Urban \(6 pixels\)'
    }

    It 'draws the same points with the same seed, other points with another' {
        $a = Join-Path $dir 'a.geojson'; $b = Join-Path $dir 'b.geojson'; $c = Join-Path $dir 'c.geojson'
        Get-RasterBand $map | New-AccuracySample -PerClass 25 -Seed 11 -Path $a -WarningAction SilentlyContinue
        Get-RasterBand $map | New-AccuracySample -PerClass 25 -Seed 11 -Path $b -WarningAction SilentlyContinue
        Get-RasterBand $map | New-AccuracySample -PerClass 25 -Seed 12 -Path $c -WarningAction SilentlyContinue
        $pa = (Read-Sample $a) | ForEach-Object { "$($_.x),$($_.y)" }
        $pb = (Read-Sample $b) | ForEach-Object { "$($_.x),$($_.y)" }
        $pc = (Read-Sample $c) | ForEach-Object { "$($_.x),$($_.y)" }
        $pb | Should -Be $pa
        ($pc -join ';') | Should -Not -Be ($pa -join ';')
    }

    It 'fills reference from a raster with -Reference, which Measure-ClassAccuracy then reads as a stratified sample' {
        $gpkg = Join-Path $dir 'filled.gpkg'
        Get-RasterBand $map | New-AccuracySample -PerClass 30 -Seed 2 -Path $gpkg -Reference $ref -WarningAction SilentlyContinue
        $points = Read-Sample $gpkg
        $names = 'Water', 'Land', 'Urban'
        ($points | Where-Object { $_.reference -ne $names[$_.ref] }).Count | Should -Be 0
        $report = Get-RasterBand $map | Measure-ClassAccuracy $gpkg
        $report.Stratified | Should -BeTrue
        $report.SampleCount | Should -Be 66
        $agree = ($points | Where-Object { $_.map -eq $_.ref }).Count
        ($report.ConfusionMatrix[0][0] + $report.ConfusionMatrix[1][1] + $report.ConfusionMatrix[2][2]) | Should -Be $agree
    }

    It 'takes a ClassifiedRaster piped in (classes counted by the fit) with -ClassName' {
        $sample = (Resolve-Path (Join-Path $PSScriptRoot '../samples/L7_ETMs.tif')).ProviderPath
        $out = Join-Path $dir 'l7.gpkg'
        Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | New-AccuracySample -PerClass 15 -Seed 4 -Path $out -ClassName Water, Land
        $n = & /usr/bin/python3 -c "from osgeo import ogr; ds = ogr.Open('$out'); l = ds.GetLayer(0); print(sorted(set(f.GetField('map_name') for f in l)), l.GetFeatureCount())"
        $n | Should -Be "['Land', 'Water'] 30"
    }

    It 'refuses to replace a file without -Force, writes nothing with -WhatIf, and leaves no temporary file' {
        $gpkg = Join-Path $dir 'exists.gpkg'
        Get-RasterBand $map | New-AccuracySample -PerClass 5 -Seed 1 -Path $gpkg -WarningAction SilentlyContinue
        $before = (Get-Item $gpkg).LastWriteTimeUtc
        Get-RasterBand $map | New-AccuracySample -PerClass 5 -Seed 2 -Path $gpkg -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'OutputExists,RasterCmdlets.Commands.NewAccuracySampleCommand'
        Get-RasterBand $map | New-AccuracySample -PerClass 5 -Seed 2 -Path $gpkg -Force -WhatIf
        (Get-Item $gpkg).LastWriteTimeUtc | Should -Be $before
        Get-RasterBand $map | New-AccuracySample -PerClass 5 -Seed 2 -Path (Join-Path $dir 'never.gpkg') -WhatIf
        Test-Path (Join-Path $dir 'never.gpkg') | Should -BeFalse
        Get-RasterBand $map | New-AccuracySample -PerClass 5 -Seed 2 -Path $gpkg -Force -WarningAction SilentlyContinue
        (Get-Item $gpkg).LastWriteTimeUtc | Should -BeGreaterThan $before
        Get-ChildItem $dir -Force -Filter '.*tmp*' | Should -BeNullOrEmpty
    }

    It 'refuses a file format it does not write (UnsupportedFormat), and a non-class-map' {
        Get-RasterBand $map | New-AccuracySample -PerClass 5 -Path (Join-Path $dir 'x.txt') -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'UnsupportedFormat,RasterCmdlets.Commands.NewAccuracySampleCommand'
        { Get-RasterBand $map | New-AccuracySample -PerClass 0 -Path (Join-Path $dir 'y.gpkg') -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,RasterCmdlets.Commands.NewAccuracySampleCommand'
    }
}
