# Pester 5 suite of Measure-ClassAccuracy (issue 19, point 1).
#   Invoke-Pester -Path ./tests/ClassAccuracy.Tests.ps1 -Output Detailed
# Maps and references are written by GDAL's Python and GDAL's tools; the expected figures come from
# scikit-learn's sklearn.metrics on the same pixels and from Olofsson et al. (2014)'s equations in
# numpy (tests/tools/accuracy_peer.py), and from the numerical example published in that paper.

BeforeDiscovery {
    $script:hasPeers = (Test-Path /usr/bin/python3) -and [bool](Get-Command gdalwarp -CommandType Application -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../RasterCmdlets.psd1') -Force -ErrorAction Stop
    $script:peer = Join-Path $PSScriptRoot 'tools/accuracy_peer.py'

    function Invoke-Python {
        param([string] $Script, [string[]] $Arguments = @())
        $out = $Script | & /usr/bin/python3 - @Arguments
        if ($LASTEXITCODE -ne 0) { throw "python failed: $out" }
        $out
    }

    function Get-Peer { param([string[]] $Arguments) & /usr/bin/python3 $peer @Arguments | ConvertFrom-Json }

    # Figures of the module's report against the peer's, class by class in the peer's order.
    function Assert-SameFigures {
        param($Report, $Expected)
        $Report.SampleCount | Should -Be $Expected.n
        for ($i = 0; $i -lt $Expected.matrix.Count; $i++) { $Report.ConfusionMatrix[$i] | Should -Be $Expected.matrix[$i] }
        $Report.OverallAccuracy | Should -BeGreaterThan ($Expected.oa - 1e-12)
        $Report.OverallAccuracy | Should -BeLessThan ($Expected.oa + 1e-12)
        [math]::Abs($Report.Kappa - $Expected.kappa) | Should -BeLessThan 1e-12
        for ($i = 0; $i -lt $Expected.ua.Count; $i++) {
            $row = $Report.Classes[$i]
            foreach ($pair in @(@($row.UserAccuracy, $Expected.ua[$i]), @($row.ProducerAccuracy, $Expected.pa[$i]), @($row.F1, $Expected.f1[$i]), @($row.IoU, $Expected.iou[$i]))) {
                [math]::Abs([double]$pair[0] - $pair[1]) | Should -BeLessThan 1e-12
            }
        }
    }

    $script:dir = Join-Path $TestDrive 'acc'
    $null = New-Item -ItemType Directory $dir
    # An 80 x 60 map (UTM 30N, 10 m) of Water, Forest, Urban with NoData speckle; a reference that
    # agrees on about 85% of the pixels, coded differently (0 Urban, 1 Water, 2 Forest, 3 Cloud),
    # with NoData 99; the same two without names; and points and polygons over them.
    Invoke-Python -Arguments $dir -Script @'
import sys, os
import numpy as np
from osgeo import gdal, osr, ogr
d = sys.argv[1]
rng = np.random.default_rng(19)
h, w = 60, 80
m = np.zeros((h, w), np.uint8); m[:, 30:55] = 1; m[:, 55:] = 2; m[20:30, 10:20] = 2
m[rng.random((h, w)) < 0.04] = 255
truth = {0: 1, 1: 2, 2: 0}
r = np.vectorize(truth.get)(np.where(m == 255, 0, m)).astype(np.int16)
noise = rng.random((h, w)) < 0.15
r[noise] = rng.integers(0, 4, noise.sum())
r[rng.random((h, w)) < 0.03] = 99
srs = osr.SpatialReference(); srs.ImportFromEPSG(32630)
def write(name, a, gtype, nodata, names):
    ds = gdal.GetDriverByName('GTiff').Create(os.path.join(d, name), w, h, 1, gtype)
    ds.SetGeoTransform([500000, 10, 0, 4100000, 0, -10]); ds.SetProjection(srs.ExportToWkt())
    b = ds.GetRasterBand(1); b.SetNoDataValue(nodata); b.WriteArray(a)
    if names: b.SetRasterCategoryNames(names)
write('map.tif', m, gdal.GDT_Byte, 255, ['Water', 'Forest', 'Urban'])
write('map_plain.tif', m, gdal.GDT_Byte, 255, None)
write('ref.tif', r, gdal.GDT_Int16, 99, ['Urban', 'Water', 'Forest', 'Cloud'])
write('ref_plain.tif', r, gdal.GDT_Int16, 99, None)
# 300 labelled points at random places (some off the map, some on NoData), the label from the reference raster.
drv = ogr.GetDriverByName('GPKG')
ds = drv.CreateDataSource(os.path.join(d, 'points.gpkg'))
lyr = ds.CreateLayer('points', srs, ogr.wkbPoint)
lyr.CreateField(ogr.FieldDefn('truth', ogr.OFTInteger))
for i in range(300):
    x = 500000 + rng.uniform(-20, w * 10 + 20); y = 4100000 - rng.uniform(-20, h * 10 + 20)
    row, col = int((4100000 - y) // 10), int((x - 500000) // 10)
    f = ogr.Feature(lyr.GetLayerDefn())
    v = int(r[row, col]) if 0 <= row < h and 0 <= col < w and r[row, col] != 99 else int(rng.integers(0, 3))
    f.SetField('truth', v)
    g = ogr.Geometry(ogr.wkbPoint); g.AddPoint_2D(x, y); f.SetGeometry(g); lyr.CreateFeature(f)
ds = None
# Polygons: rectangles with a class each, partly overlapping the map's edge.
ds = ogr.GetDriverByName('GeoJSON').CreateDataSource(os.path.join(d, 'polygons.geojson'))
lyr = ds.CreateLayer('polygons', srs, ogr.wkbPolygon)
lyr.CreateField(ogr.FieldDefn('class', ogr.OFTInteger))
for (x0, y0, x1, y1, c) in [(-50, 0, 250, 300, 1), (300, 100, 520, 500, 2), (560, 0, 900, 580, 0), (100, 400, 200, 550, 3)]:
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for (x, y) in [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]:
        ring.AddPoint_2D(500000 + x, 4100000 - y)
    poly = ogr.Geometry(ogr.wkbPolygon); poly.AddGeometry(ring)
    f = ogr.Feature(lyr.GetLayerDefn()); f.SetField('class', c); f.SetGeometry(poly); lyr.CreateFeature(f)
ds = None
'@ | Out-Null
    $script:map = Join-Path $dir 'map.tif'
    $script:plain = Join-Path $dir 'map_plain.tif'
    $script:ref = Join-Path $dir 'ref.tif'
    $script:refPlain = Join-Path $dir 'ref_plain.tif'
    # Water→1, Forest→2, Urban→0; the reference's Cloud (3) has no map class.
    $script:truePairs = '0:1,1:2,2:0'
}

Describe 'Measure-ClassAccuracy against a reference raster' -Skip:(-not $hasPeers) {
    It 'pairs classes by name and gives scikit-learn''s matrix, accuracy, kappa, user''s and producer''s accuracy, F1 and IoU' {
        $r = Get-RasterBand $map | Measure-ClassAccuracy $ref
        $r.Matching | Should -Be 'Name'
        $r.ClassNames | Should -Be @('Water', 'Forest', 'Urban', 'Cloud')
        $expected = Get-Peer raster, $map, $ref, "$truePairs,3:3"
        Assert-SameFigures $r $expected
        $r.Classes[3].MapValue | Should -BeNullOrEmpty
        $r.Classes[3].UserAccuracy | Should -BeNullOrEmpty
    }

    It 'pairs unnamed classes by the assignment maximising agreement (Hungarian), and says so' {
        $r = Get-RasterBand $plain | Measure-ClassAccuracy $refPlain
        $r.Matching | Should -Be 'Agreement'
        $r.Assignment[0..2] | Should -Be @('Class 0 → 1', 'Class 1 → 2', 'Class 2 → 0')
        Assert-SameFigures $r (Get-Peer raster, $plain, $refPlain, "$truePairs,3:3")
    }

    It 'pairs classes as -ClassMap says, even against the agreement' {
        $r = Get-RasterBand $map | Measure-ClassAccuracy $refPlain -ClassMap @{ Water = 2; Forest = 1; Urban = 0 }
        $r.Matching | Should -Be 'ClassMap'
        Assert-SameFigures $r (Get-Peer raster, $map, $refPlain, '0:2,1:1,2:0,3:3')
    }

    It 'takes a ClassifiedRaster piped in, with -ClassName' {
        $sample = (Resolve-Path (Join-Path $PSScriptRoot '../samples/L7_ETMs.tif')).ProviderPath
        $written = Join-Path $dir 'l7.tif'
        $clustered = Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2
        $clustered | Export-GeoTiff $written
        $r = $clustered | Measure-ClassAccuracy $written -ClassName Water, Land
        $r.OverallAccuracy | Should -Be 1
        $r.SampleCount | Should -Be (349 * 352)
    }

    It 'reprojects a reference in another CRS by nearest neighbour, as gdalwarp does' {
        $geographic = Join-Path $dir 'ref4326.tif'
        & gdalwarp -q -t_srs EPSG:4326 -r near $ref $geographic
        $back = Join-Path $dir 'refback.tif'
        & gdalwarp -q -t_srs EPSG:32630 -te 500000 4099400 500800 4100000 -tr 10 10 -r near $geographic $back
        # gdalwarp drops the category names: the classes are paired by agreement.
        $r = Get-RasterBand $map | Measure-ClassAccuracy $geographic
        Assert-SameFigures $r (Get-Peer raster, $map, $back, "$truePairs,3:3")
    }

    It 'refuses a reference that does not overlap the map (NoOverlap)' {
        $far = Join-Path $dir 'far.tif'
        & gdal_translate -q -a_ullr 900000 4100000 900800 4099400 $ref $far
        Get-RasterBand $map | Measure-ClassAccuracy $far -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'NoOverlap,RasterCmdlets.Commands.MeasureClassAccuracyCommand'
        $far2 = Join-Path $dir 'far4326.tif'
        & gdal_translate -q -a_srs EPSG:4326 -a_ullr 100 10 100.01 9.99 $ref $far2
        Get-RasterBand $map | Measure-ClassAccuracy $far2 -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'NoOverlap,RasterCmdlets.Commands.MeasureClassAccuracyCommand'
    }

    It 'warns when a map class has no reference class' {
        $r = Get-RasterBand $map | Measure-ClassAccuracy $refPlain -ClassMap @{ Water = 1; Forest = 2 } -WarningVariable w -WarningAction SilentlyContinue
        ($w -join ' ') | Should -Match 'Urban has no reference class'
        $r.Classes[2].Class | Should -Be 'Urban'
        $r.Classes[2].Agreement | Should -Be 0
    }

    It 'refuses a -ClassMap key that is no class of the map (ClassNotInMap)' {
        Get-RasterBand $map | Measure-ClassAccuracy $refPlain -ClassMap @{ Lava = 1 } -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'ClassNotInMap,RasterCmdlets.Commands.MeasureClassAccuracyCommand'
    }

    It 'gives clean data: CSV rows per class, JSON, and a report that survives Export-Clixml' {
        $r = Get-RasterBand $map | Measure-ClassAccuracy $ref
        $csv = $r.Classes | ConvertTo-Csv | ConvertFrom-Csv
        $csv[0].Class | Should -Be 'Water'
        [double]$csv[0].UserAccuracy | Should -Be $r.Classes[0].UserAccuracy
        $json = $r | ConvertTo-Json -Depth 4 | ConvertFrom-Json
        $json.ConfusionMatrix[1] | Should -Be $r.ConfusionMatrix[1]
        $json.Classes[2].ProducerAccuracy | Should -Be $r.Classes[2].ProducerAccuracy
        $xml = Join-Path $dir 'report.xml'
        $r | Export-Clixml $xml
        $back = Import-Clixml $xml
        $back.GetType().FullName | Should -Be 'RasterCmdlets.Core.Accuracy.ClassAccuracyReport'
        $back.Classes[1].GetType().FullName | Should -Be 'RasterCmdlets.Core.Accuracy.ClassAccuracy'
        $back.MatrixText() | Should -Be $r.MatrixText()
        ($r | Out-String) | Should -Match 'Overall accuracy'
    }
}

Describe 'Measure-ClassAccuracy against vector references' -Skip:(-not $hasPeers) {
    It 'takes labelled points at their pixel (GeoPackage), as scikit-learn does on the same pixels' {
        $points = Join-Path $dir 'points.gpkg'
        $r = Get-RasterBand $map | Measure-ClassAccuracy $points -ReferenceField truth -ClassMap @{ Water = 1; Forest = 2; Urban = 0 } -WarningVariable w -WarningAction SilentlyContinue
        $r.ReferenceKind | Should -Be 'Points'
        Assert-SameFigures $r (Get-Peer points, $map, $points, truth, "$truePairs,3:3")
        ($w -join ' ') | Should -Match 'outside the map'
    }

    It 'transforms points in another CRS into the map''s: the same points in EPSG:4326 give the same figures' {
        $points = Join-Path $dir 'points.gpkg'
        $geographic = Join-Path $dir 'points4326.geojson'
        & ogr2ogr -q -f GeoJSON -t_srs EPSG:4326 -lco COORDINATE_PRECISION=12 $geographic $points
        $LASTEXITCODE | Should -Be 0
        $classMap = @{ Water = 1; Forest = 2; Urban = 0 }
        $there = Get-RasterBand $map | Measure-ClassAccuracy $points -ReferenceField truth -ClassMap $classMap -WarningAction SilentlyContinue
        $here = Get-RasterBand $map | Measure-ClassAccuracy $geographic -ReferenceField truth -ClassMap $classMap -WarningAction SilentlyContinue
        $here.SampleCount | Should -Be $there.SampleCount
        ($here.ConfusionMatrix | ConvertTo-Json -Depth 4) | Should -Be ($there.ConfusionMatrix | ConvertTo-Json -Depth 4)
        $here.OverallAccuracy | Should -Be $there.OverallAccuracy
    }

    It 'rasterises polygons onto the map''s grid, as gdal_rasterize does' {
        $polygons = Join-Path $dir 'polygons.geojson'
        $burnt = Join-Path $dir 'burnt.tif'
        & gdal_rasterize -q -a class -te 500000 4099400 500800 4100000 -tr 10 10 -ot Int32 -a_nodata 0 -init 0 $polygons $burnt
        $r = Get-RasterBand $map | Measure-ClassAccuracy $polygons -ReferenceField class -ClassMap @{ Water = 1; Forest = 2 }
        $r.ReferenceKind | Should -Be 'Polygons'
        # gdal_rasterize's 0 is NoData, so class 0 polygons are left out of its raster: compare classes 1..3.
        $expected = Get-Peer raster, $map, $burnt, '0:1,1:2,2:-5,3:3'
        $r.ClassNames | Should -Be @('Water', 'Forest', 'Urban', 'Reference 0', 'Reference 3')
        $r.ConfusionMatrix[0][0] | Should -Be $expected.matrix[0][0]
        $r.ConfusionMatrix[1][1] | Should -Be $expected.matrix[1][1]
        $r.ConfusionMatrix[0][1] | Should -Be $expected.matrix[0][1]
        $r.ConfusionMatrix[1][0] | Should -Be $expected.matrix[1][0]
    }

    It 'refuses a -ReferenceField the file does not have (ReferenceFieldNotFound)' {
        Get-RasterBand $map | Measure-ClassAccuracy (Join-Path $dir 'points.gpkg') -ReferenceField nope -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'ReferenceFieldNotFound,RasterCmdlets.Commands.MeasureClassAccuracyCommand'
        $e[0].Exception.Message | Should -Match 'truth'
    }

    It 'refuses points that all fall off the map (NoOverlap)' {
        $far = Join-Path $dir 'far.geojson'
        & ogr2ogr -q -f GeoJSON -dialect SQLite -sql 'SELECT truth, ST_Translate(geom, 100000, 0, 0) AS geom FROM points' $far (Join-Path $dir 'points.gpkg')
        Get-RasterBand $map | Measure-ClassAccuracy $far -ReferenceField truth -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'NoOverlap,RasterCmdlets.Commands.MeasureClassAccuracyCommand'
    }
}

Describe 'Measure-ClassAccuracy on a stratified sample (Olofsson et al. 2014)' -Skip:(-not $hasPeers) {
    BeforeAll {
        # The paper's numerical example (section 5): four strata of 200 000, 150 000, 3 200 000 and
        # 6 450 000 pixels of 30 m, and its sample's counts (rows: map, columns: reference).
        $script:paperMap = Join-Path $dir 'olofsson.tif'
        $script:paperPoints = Join-Path $dir 'olofsson.gpkg'
        Invoke-Python -Arguments $paperMap, $paperPoints -Script @'
import sys
import numpy as np
from osgeo import gdal, osr, ogr
mp, pp = sys.argv[1], sys.argv[2]
w = 10000
rows = [20, 15, 320, 645]            # x 10 000 pixels per stratum
m = np.repeat(np.arange(4, dtype=np.uint8), rows)[:, None].repeat(w, 1)
srs = osr.SpatialReference(); srs.ImportFromEPSG(32630)
names = ['Deforestation', 'Forest gain', 'Stable forest', 'Stable non-forest']
ds = gdal.GetDriverByName('GTiff').Create(mp, w, 1000, 1, gdal.GDT_Byte, ['COMPRESS=DEFLATE', 'TILED=YES'])
ds.SetGeoTransform([300000, 30, 0, 5000000, 0, -30]); ds.SetProjection(srs.ExportToWkt())
b = ds.GetRasterBand(1); b.WriteArray(m); b.SetRasterCategoryNames(names); ds = None
counts = [[66, 0, 5, 4], [0, 55, 8, 12], [1, 0, 153, 11], [2, 1, 9, 313]]
rng = np.random.default_rng(2014)
out = ogr.GetDriverByName('GPKG').CreateDataSource(pp)
lyr = out.CreateLayer('sample', srs, ogr.wkbPoint)
lyr.CreateField(ogr.FieldDefn('reference', ogr.OFTString))
top = np.concatenate([[0], np.cumsum(rows)])
for i in range(4):
    for j in range(4):
        for _ in range(counts[i][j]):
            row = rng.integers(top[i], top[i + 1]); col = rng.integers(0, w)
            f = ogr.Feature(lyr.GetLayerDefn()); f.SetField('reference', names[j])
            g = ogr.Geometry(ogr.wkbPoint); g.AddPoint_2D(float(300000 + 30 * col + 15), float(5000000 - 30 * row - 15)); f.SetGeometry(g)
            lyr.CreateFeature(f)
out = None
'@ | Out-Null

        # A stratified sample of the small map, marked as such by its 'design' field.
        $script:samplePoints = Join-Path $dir 'stratified.geojson'
        $script:sampleCounts = Invoke-Python -Arguments $map, $samplePoints -Script @'
import sys, json
import numpy as np
from osgeo import gdal, ogr, osr
mp, pp = sys.argv[1], sys.argv[2]
ds = gdal.Open(mp); m = ds.GetRasterBand(1).ReadAsArray(); gt = ds.GetGeoTransform()
names = ['Water', 'Forest', 'Urban']
rng = np.random.default_rng(5)
srs = osr.SpatialReference(); srs.ImportFromEPSG(32630)
out = ogr.GetDriverByName('GeoJSON').CreateDataSource(pp)
lyr = out.CreateLayer('sample', srs, ogr.wkbPoint)
lyr.CreateField(ogr.FieldDefn('map_class', ogr.OFTInteger)); lyr.CreateField(ogr.FieldDefn('reference', ogr.OFTString)); lyr.CreateField(ogr.FieldDefn('design', ogr.OFTString))
n = np.zeros((3, 3), int)
for k in range(3):
    rr, cc = np.nonzero(m == k)
    pick = rng.choice(len(rr), size=[25, 30, 20][k], replace=False)
    for p in pick:
        j = k if rng.random() > 0.25 else int(rng.integers(0, 3))
        n[k, j] += 1
        f = ogr.Feature(lyr.GetLayerDefn()); f.SetField('map_class', k); f.SetField('reference', names[j]); f.SetField('design', 'stratified')
        g = ogr.Geometry(ogr.wkbPoint); g.AddPoint_2D(float(gt[0] + gt[1] * (cc[p] + 0.5)), float(gt[3] + gt[5] * (rr[p] + 0.5))); f.SetGeometry(g)
        lyr.CreateFeature(f)
out = None
print(json.dumps({"counts": n.tolist(), "areas": [float((m == k).sum()) * 100 for k in range(3)]}))
'@ | ConvertFrom-Json
    }

    It 'reproduces the published example: areas in ha, user''s, producer''s and overall accuracy with their CIs' {
        $r = Get-RasterBand $paperMap | Measure-ClassAccuracy $paperPoints -Stratified
        $r.Stratified | Should -BeTrue
        $r.Matching | Should -Be 'Name'
        $r.ConfusionMatrix[0] | Should -Be @(66, 0, 5, 4)
        $r.AreaUnit | Should -Be 'm²'
        # Olofsson et al. 2014, section 5: 21 158 ± 6 158 ha, 11 686 ± 3 756 ha, 285 770 ± 15 510 ha, 581 386 ± 16 282 ha.
        $areas = $r.Classes | ForEach-Object { [math]::Round($_.EstimatedArea / 1e4) }
        $areas | Should -Be @(21158, 11686, 285770, 581386)
        ($r.Classes | ForEach-Object { [math]::Round($_.EstimatedAreaCI / 1e4) }) | Should -Be @(6158, 3756, 15510, 16282)
        ($r.Classes | ForEach-Object { [math]::Round($_.UserAccuracy, 2) }) | Should -Be @(0.88, 0.73, 0.93, 0.96)
        ($r.Classes | ForEach-Object { [math]::Round($_.ProducerAccuracy, 2) }) | Should -Be @(0.75, 0.85, 0.93, 0.96)
        [math]::Round($r.OverallAccuracy, 2) | Should -Be 0.95
        [math]::Round($r.OverallAccuracyCI, 2) | Should -Be 0.02
        # The map's own areas are the strata: 200 000 pixels of 900 m².
        $r.Classes[0].MapArea | Should -Be (200000 * 900)
    }

    It 'matches a numpy implementation of the estimators on a sample that says it is stratified' {
        $r = Get-RasterBand $map | Measure-ClassAccuracy $samplePoints
        $r.Stratified | Should -BeTrue
        $expected = Get-Peer olofsson, ($sampleCounts.counts | ConvertTo-Json -Compress), ($sampleCounts.areas | ConvertTo-Json -Compress)
        for ($i = 0; $i -lt 3; $i++) { $r.ConfusionMatrix[$i][0..2] | Should -Be $sampleCounts.counts[$i] }
        $close = { param($a, $b) [math]::Abs([double]$a - [double]$b) | Should -BeLessThan (1e-9 * [math]::Max(1, [math]::Abs([double]$b))) }
        & $close $r.OverallAccuracy $expected.oa
        & $close $r.OverallAccuracyCI $expected.oa_ci
        for ($i = 0; $i -lt 3; $i++) {
            $c = $r.Classes[$i]
            & $close $c.UserAccuracy $expected.ua[$i]; & $close $c.UserAccuracyCI $expected.ua_ci[$i]
            & $close $c.ProducerAccuracy $expected.pa[$i]; & $close $c.ProducerAccuracyCI $expected.pa_ci[$i]
            & $close $c.EstimatedArea $expected.area[$i]; & $close $c.EstimatedAreaCI $expected.area_ci[$i]
        }
        ($r | Out-String) | Should -Match 'stratified sample'
    }

    It 'refuses a stratified estimate with a map class that has no sample point (StratumNotSampled)' {
        $some = Join-Path $dir 'two-strata.geojson'
        & ogr2ogr -q -f GeoJSON -where 'map_class <> 2' $some $samplePoints
        Get-RasterBand $map | Measure-ClassAccuracy $some -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'StratumNotSampled,RasterCmdlets.Commands.MeasureClassAccuracyCommand'
    }

    It 'refuses -Stratified with a wall-to-wall reference (StratifiedNeedsPoints)' {
        Get-RasterBand $map | Measure-ClassAccuracy $ref -Stratified -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'StratifiedNeedsPoints,RasterCmdlets.Commands.MeasureClassAccuracyCommand'
    }

    It 'refuses a -ClassMap that pairs a class twice (InvalidClassMap)' {
        Get-RasterBand $map | Measure-ClassAccuracy $refPlain -ClassMap @{ Water = 1; Forest = 1 } -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'InvalidClassMap,RasterCmdlets.Commands.MeasureClassAccuracyCommand'
    }

    It 'refuses a reference mixing points and polygons (MixedReferenceGeometry)' {
        $mixed = Join-Path $dir 'mixed.gpkg'
        & ogr2ogr -q -f GPKG -nlt GEOMETRY -nln mixed $mixed (Join-Path $dir 'points.gpkg') -sql 'SELECT truth AS class, geom FROM points'
        & ogr2ogr -q -append -nlt GEOMETRY -nln mixed $mixed (Join-Path $dir 'polygons.geojson')
        Get-RasterBand $map | Measure-ClassAccuracy $mixed -ReferenceField class -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'MixedReferenceGeometry,RasterCmdlets.Commands.MeasureClassAccuracyCommand'
    }

    It 'refuses points on a map without a geotransform (NoGeoTransform)' {
        $bare = Join-Path $dir 'bare.tif'
        Invoke-Python -Arguments $bare -Script @'
import sys
import numpy as np
from osgeo import gdal
ds = gdal.GetDriverByName('GTiff').Create(sys.argv[1], 10, 10, 1, gdal.GDT_Byte); ds.GetRasterBand(1).WriteArray(np.zeros((10, 10), np.uint8)); ds = None
'@ | Out-Null
        Get-RasterBand $bare | Measure-ClassAccuracy $samplePoints -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'NoGeoTransform,RasterCmdlets.Commands.MeasureClassAccuracyCommand'
    }
}
