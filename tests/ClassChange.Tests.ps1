# Pester 5 suite: what changed between two class maps, and how often a class was seen over many
# (issue 19, points 3 and 4: Compare-RasterClass, Measure-ClassFrequency).
#   Invoke-Pester -Path ./tests/ClassChange.Tests.ps1 -Output Detailed
# The maps are written by GDAL's Python (tests/tools/class_change_maps.py) with NoData values,
# internal mask bands, category names in different orders and dates in their metadata; every
# expectation (pixel by pixel, counts, areas, fractions) is computed there by numpy from the
# arrays it wrote, and the module's output files are read back by GDAL's Python to compare.

BeforeDiscovery {
    $script:hasPeers = Test-Path /usr/bin/python3
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../RasterCmdlets.psd1') -Force -ErrorAction Stop
    $script:tool = Join-Path $PSScriptRoot 'tools/class_change_maps.py'
    $script:dir = Join-Path $TestDrive 'maps'
    New-Item -ItemType Directory $dir | Out-Null
    $script:expected = & /usr/bin/python3 $tool make $dir | ConvertFrom-Json
    if ($LASTEXITCODE -ne 0) { throw 'class_change_maps.py make failed' }

    # The output's band 1 against an array numpy computed: mismatching pixels, NoData, names, colours.
    function Compare-WithNumpy([string] $Tif, [string] $Npy) {
        $json = & /usr/bin/python3 $tool compare $Tif (Join-Path $dir $Npy)
        if ($LASTEXITCODE -ne 0) { throw "class_change_maps.py compare failed on '$Tif'" }
        $json | ConvertFrom-Json
    }
    function Get-Map([string] $Name) { Get-RasterBand (Join-Path $dir $Name) 1 }
    $script:dates = 1..5 | ForEach-Object { Join-Path $dir "date$_.tif" }
}

Describe 'Compare-RasterClass' -Skip:(-not $hasPeers) {
    BeforeAll {
        $script:change = Compare-RasterClass (Get-Map before.tif) (Get-Map after.tif)
    }

    It 'labels each pixel with its pair (before x 3 + after), NoData where either map is NoData or masked, as numpy does' {
        $out = Join-Path $TestDrive 'change.tif'
        $change | Export-GeoTiff $out
        $r = Compare-WithNumpy $out change.npy
        $r.mismatch | Should -Be 0
        $r.nodata | Should -Be 255
        $r.colours | Should -BeTrue
        $r.names | Should -Be @('Water → Water', 'Water → Land', 'Water → Cloud', 'Land → Water', 'Land → Land', 'Land → Cloud',
            'Cloud → Water', 'Cloud → Land', 'Cloud → Cloud')
    }

    It 'carries the transition table: pixels and area of every pair, with numpy''s counts' {
        $t = $change.Transitions
        $t.Count | Should -Be 9
        $t.PixelCount | Should -Be $expected.change.counts
        $t | ForEach-Object { $_.Area | Should -Be ($_.PixelCount * 400) }
        $t.AreaUnit | Select-Object -Unique | Should -Be 'm²'
        ($t | Where-Object { -not $_.Changed }).Name | Should -Be @('Water → Water', 'Land → Land', 'Cloud → Cloud')
        $t[3].FromName | Should -Be 'Land'
        $t[3].ToName | Should -Be 'Water'
        $change.NoDataPixelCount | Should -Be $expected.change.nodata
        $change.ChangedPixelCount | Should -Be (($expected.change.counts | Measure-Object -Sum).Sum - $expected.change.counts[0] - $expected.change.counts[4] - $expected.change.counts[8])
    }

    It 'is measured by Measure-RasterClass with its pair names and a NoData row' {
        $rows = $change | Measure-RasterClass
        $rows.Count | Should -Be 10
        $rows[0..8].PixelCount | Should -Be $expected.change.counts
        $rows[1].Name | Should -Be 'Water → Land'
        $rows[9].Name | Should -Be 'NoData'
        $rows[9].PixelCount | Should -Be $expected.change.nodata
    }

    It 'refuses maps on different grids with BandsNotAligned' {
        { Compare-RasterClass (Get-Map before.tif) (Get-Map after-east.tif) -ErrorAction Stop } |
            Should -Throw -ErrorId 'BandsNotAligned,RasterCmdlets.Commands.CompareRasterClassCommand'
    }

    It 'puts the second map on the first''s grid with -Resampling Nearest, outside pixels NoData' {
        $c = Compare-RasterClass (Get-Map before.tif) (Get-Map after-east.tif) -Resampling Nearest
        $c.NoDataPixelCount | Should -Be $expected.changeEast.nodata
        $out = Join-Path $TestDrive 'change-east.tif'
        $c | Export-GeoTiff $out
        (Compare-WithNumpy $out change-east.npy).mismatch | Should -Be 0
    }

    It 'refuses maps with no pixel in common with NoOverlap' {
        { Compare-RasterClass (Get-Map before.tif) (Get-Map far.tif) -Resampling Nearest -ErrorAction Stop } |
            Should -Throw -ErrorId 'NoOverlap,RasterCmdlets.Commands.CompareRasterClassCommand'
    }

    It 'refuses resampling other than Nearest' {
        { Compare-RasterClass (Get-Map before.tif) (Get-Map after-east.tif) -Resampling Bilinear -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,RasterCmdlets.Commands.CompareRasterClassCommand'
    }

    It 'refuses a band that is not a class map, and objects that are not maps' {
        $float = Join-Path $TestDrive 'float.tif'
        & gdal_translate -q -ot Float32 (Join-Path $dir before.tif) $float
        { Compare-RasterClass (Get-Map before.tif) (Get-RasterBand $float 1) -ErrorAction Stop } |
            Should -Throw -ErrorId 'NotAClassMap,RasterCmdlets.Commands.CompareRasterClassCommand'
        { Compare-RasterClass (Get-Map before.tif) 'before.tif' -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnsupportedInput,RasterCmdlets.Commands.CompareRasterClassCommand'
    }

    It 'refuses maps whose pairs of classes would not fit a class map with TooManyClasses' {
        $big = Join-Path $TestDrive 'big.tif'
        & gdal_create -q -ot UInt16 -outsize 4 4 -burn 300 $big
        { Compare-RasterClass (Get-RasterBand $big 1) (Get-RasterBand $big 1) -ErrorAction Stop } |
            Should -Throw -ErrorId 'TooManyClasses,RasterCmdlets.Commands.CompareRasterClassCommand'
    }

    It 'compares two K-means classifications, named with -ClassName, as numpy''s thresholds do' {
        $py = @'
import json, sys
import numpy as np
from osgeo import gdal
d = sys.argv[1]
rng = np.random.default_rng(5)
out = []
for name in ("t1", "t2"):
    dark = rng.random((50, 60)) < 0.4
    a = np.where(dark, rng.integers(100, 200, (50, 60)), rng.integers(3000, 3200, (50, 60))).astype(np.uint16)
    ds = gdal.GetDriverByName("GTiff").Create(f"{d}/{name}.tif", 60, 50, 1, gdal.GDT_UInt16)
    ds.SetGeoTransform([0, 30, 0, 0, 0, -30])
    ds.GetRasterBand(1).WriteArray(a)
    ds = None
    out.append(a > 1600)
pairs = out[0].astype(int) * 2 + out[1]
print(json.dumps([int((pairs == c).sum()) for c in range(4)]))
'@
        $counts = $py | & /usr/bin/python3 - $TestDrive | ConvertFrom-Json
        $t1 = Get-RasterBand (Join-Path $TestDrive t1.tif) 1 | Invoke-KMeansCluster -K 2
        $t2 = Get-RasterBand (Join-Path $TestDrive t2.tif) 1 | Invoke-KMeansCluster -K 2
        $c = $t2 | Compare-RasterClass $t1 -ClassName Water, Land
        $c.Transitions.PixelCount | Should -Be $counts
        $c.Transitions.Name | Should -Be @('Water → Water', 'Water → Land', 'Land → Water', 'Land → Land')
        $c.NoDataPixelCount | Should -Be 0
    }
}

Describe 'Measure-ClassFrequency' -Skip:(-not $hasPeers) {
    BeforeAll {
        $script:freq = $dates | Get-RasterBand -Band 1 | Measure-ClassFrequency -Class Water
    }

    It 'writes the frequency of the class among valid observations (0-100 %, NoData where none), as numpy does' {
        $out = Join-Path $TestDrive 'frequency.tif'
        $freq.Frequency | Export-GeoTiff $out
        $r = Compare-WithNumpy $out frequency.npy
        $r.mismatch | Should -Be 0
        $r.nodata | Should -Be 255
    }

    It 'writes the count of valid observations, as numpy does' {
        $out = Join-Path $TestDrive 'validcount.tif'
        $freq.ValidCount | Export-GeoTiff $out
        (Compare-WithNumpy $out validcount.npy).mismatch | Should -Be 0
    }

    It 'has a row per date with the class''s pixels and area (by name: Water is class 1 on date 3) and the valid fraction' {
        $freq.MapCount | Should -Be 5
        for ($i = 0; $i -lt 5; $i++) {
            $row = $freq.Dates[$i]
            $want = $expected.frequency.rows[$i]
            $row.ClassPixelCount | Should -Be $want.classPixels
            $row.ValidPixelCount | Should -Be $want.validPixels
            $row.ClassArea | Should -Be $want.area
            $row.ValidFraction | Should -BeGreaterThan ($want.validFraction - 1e-12)
            $row.ValidFraction | Should -BeLessThan ($want.validFraction + 1e-12)
            $row.ClassName | Should -Be 'Water'
        }
        $freq.Dates[2].Class | Should -Be 1
    }

    It 'dates each map from its metadata: TIFFTAG_DATETIME, or the IMAGERY domain''s ACQUISITIONDATETIME' {
        $freq.Dates.SensingTime | ForEach-Object { $_.ToString('yyyy-MM-dd HH:mm') } |
            Should -Be @('2023-01-15 10:00', '2023-03-15 10:00', '2023-05-15 10:00', '2023-07-15 10:00', '2023-09-15 10:00')
    }

    It 'takes the dates given with -Date instead' {
        $given = [datetime[]]@('2020-01-01', '2020-02-01', '2020-03-01', '2020-04-01', '2020-05-01')
        $f = $dates | Get-RasterBand -Band 1 | Measure-ClassFrequency -Class Water -Date $given
        $f.Dates.SensingTime | Should -Be $given
    }

    It 'counts a class number in every map alike with -Class 0' {
        $f = $dates | Get-RasterBand -Band 1 | Measure-ClassFrequency -Class 0
        $f.Dates.ClassPixelCount | Should -Be @($expected.frequency.rows | ForEach-Object zeroPixels)
        $f.Dates[2].ClassName | Should -Be 'Land'
    }

    It 'counts more maps than a byte holds (300): UInt16 bands, NoData 65535, as numpy does' {
        $many = Join-Path $TestDrive 'many'
        New-Item -ItemType Directory $many | Out-Null
        $py = @'
import sys
import numpy as np
from osgeo import gdal
d = sys.argv[1]
rng = np.random.default_rng(3)
hits = np.zeros((6, 8), dtype=int)
seen = np.zeros((6, 8), dtype=int)
for i in range(300):
    a = rng.integers(0, 2, (6, 8)).astype(np.uint8)
    a[0, 0] = 0                                  # always water: 100 %
    a[0, 1] = 255                                # never observed: NoData
    a[rng.random((6, 8)) < 0.2] = 255
    a[0, 0] = 0
    ds = gdal.GetDriverByName("GTiff").Create(f"{d}/m{i:03d}.tif", 8, 6, 1, gdal.GDT_Byte)
    ds.SetGeoTransform([0, 10, 0, 0, 0, -10])
    ds.GetRasterBand(1).SetNoDataValue(255)
    ds.GetRasterBand(1).WriteArray(a)
    ds = None
    hits += a == 0
    seen += a != 255
np.save(f"{d}/frequency.npy", np.where(seen > 0, (200 * hits + seen) // (2 * np.maximum(seen, 1)), 65535))
np.save(f"{d}/validcount.npy", seen)
'@
        $py | & /usr/bin/python3 - $many
        $f = Get-ChildItem $many -Filter 'm*.tif' | Sort-Object Name | Get-RasterBand -Band 1 | Measure-ClassFrequency -Class 0
        $f.MapCount | Should -Be 300
        $f.Frequency.DataType | Should -Be 'UInt16'
        $f.Frequency | Export-GeoTiff (Join-Path $many 'f.tif')
        $f.ValidCount | Export-GeoTiff (Join-Path $many 'v.tif')
        $r = Compare-WithNumpy (Join-Path $many 'f.tif') ../many/frequency.npy
        $r.mismatch | Should -Be 0
        $r.nodata | Should -Be 65535
        (Compare-WithNumpy (Join-Path $many 'v.tif') ../many/validcount.npy).mismatch | Should -Be 0
    }

    It 'refuses a class that no map has with ClassNotFound' {
        { $dates | Get-RasterBand -Band 1 | Measure-ClassFrequency -Class Snow } |
            Should -Throw -ErrorId 'ClassNotFound,RasterCmdlets.Commands.MeasureClassFrequencyCommand'
        { $dates | Get-RasterBand -Band 1 | Measure-ClassFrequency -Class 7 } |
            Should -Throw -ErrorId 'ClassNotFound,RasterCmdlets.Commands.MeasureClassFrequencyCommand'
    }

    It 'refuses maps on different grids with BandsNotAligned' {
        { @($dates[0], (Join-Path $dir after-east.tif)) | Get-RasterBand -Band 1 | Measure-ClassFrequency -Class Water } |
            Should -Throw -ErrorId 'BandsNotAligned,RasterCmdlets.Commands.MeasureClassFrequencyCommand'
    }

    It 'refuses a -Date count that is not one per map with DateCountMismatch' {
        { $dates | Get-RasterBand -Band 1 | Measure-ClassFrequency -Class Water -Date ([datetime]'2020-01-01') } |
            Should -Throw -ErrorId 'DateCountMismatch,RasterCmdlets.Commands.MeasureClassFrequencyCommand'
    }

    It 'refuses an empty pipeline with NoClassMaps' {
        { @() | Measure-ClassFrequency -Class Water } |
            Should -Throw -ErrorId 'NoClassMaps,RasterCmdlets.Commands.MeasureClassFrequencyCommand'
    }
}

Describe 'Export-ClassAreaChart' -Skip:(-not $hasPeers) {
    BeforeAll {
        $script:freq = $dates | Get-RasterBand -Band 1 | Measure-ClassFrequency -Class Water
        # Size of the PNG and how many of its pixels are the area line's blue and the valid bars' grey, read by GDAL's PNG driver.
        function Get-PngColours([string] $Png) {
            $py = @'
import json, sys
import numpy as np
from osgeo import gdal
ds = gdal.Open(sys.argv[1])
a = ds.ReadAsArray()[:3].astype(int)
def near(rgb, tol=6):
    return int((np.abs(a - np.array(rgb).reshape(3, 1, 1)).max(axis=0) <= tol).sum())
print(json.dumps({"width": ds.RasterXSize, "height": ds.RasterYSize, "driver": ds.GetDriver().ShortName,
                  "blue": near((31, 119, 180)), "grey": near((216, 216, 216))}))
'@
            $py | & /usr/bin/python3 - $Png | ConvertFrom-Json
        }
    }

    It 'draws the area per date and the valid fraction of each date from Measure-ClassFrequency' {
        $png = Join-Path $TestDrive 'water.png'
        $file = $freq | Export-ClassAreaChart $png -Width 700 -Height 420 -PassThru
        $file.FullName | Should -Be $png
        $c = Get-PngColours $png
        $c.driver | Should -Be 'PNG'
        $c.width | Should -Be 700
        $c.height | Should -Be 420
        $c.blue | Should -BeGreaterThan 200
        $c.grey | Should -BeGreaterThan 5000
    }

    It 'draws Measure-RasterClass rows given a time, without bars when they carry no valid fraction' {
        $png = Join-Path $TestDrive 'rows.png'
        $i = 0
        $rows = foreach ($d in $dates[0, 1, 3]) {
            $i++
            Get-RasterBand $d 1 | Measure-RasterClass | Where-Object Name -EQ Water |
                Select-Object *, @{ n = 'SensingTime'; e = { [datetime]"2023-0$i-01" } }
        }
        $rows | Export-ClassAreaChart $png
        $c = Get-PngColours $png
        $c.blue | Should -BeGreaterThan 200
        $c.grey | Should -BeLessThan 1000
    }

    It 'refuses rows of several classes without -Class (SeveralClasses), and draws the one chosen with it' {
        $rows = Get-RasterBand $dates[0] 1 | Measure-RasterClass | Select-Object *, @{ n = 'Date'; e = { [datetime]'2023-01-01' } }
        { $rows | Export-ClassAreaChart (Join-Path $TestDrive 'several.png') -ErrorAction Stop } |
            Should -Throw -ErrorId 'SeveralClasses,RasterCmdlets.Commands.ExportClassAreaChartCommand'
        $rows | Export-ClassAreaChart (Join-Path $TestDrive 'land.png') -Class Land
        Test-Path (Join-Path $TestDrive 'land.png') | Should -BeTrue
    }

    It 'refuses rows whose areas are in different units with MixedAreaUnits' {
        $rows = @(
            [pscustomobject]@{ Name = 'Water'; Area = 10.0; AreaUnit = 'm²'; Date = [datetime]'2023-01-01' }
            [pscustomobject]@{ Name = 'Water'; Area = 12.0; AreaUnit = 'US survey foot²'; Date = [datetime]'2023-02-01' }
        )
        { $rows | Export-ClassAreaChart (Join-Path $TestDrive 'units.png') -ErrorAction Stop } |
            Should -Throw -ErrorId 'MixedAreaUnits,RasterCmdlets.Commands.ExportClassAreaChartCommand'
    }

    It 'refuses other formats, nothing to draw, and an existing file without -Force' {
        { $freq | Export-ClassAreaChart (Join-Path $TestDrive 'water.jpg') -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnsupportedFormat,RasterCmdlets.Commands.ExportClassAreaChartCommand'
        { $freq | Export-ClassAreaChart (Join-Path $TestDrive 'none.png') -Class Snow -ErrorAction Stop } |
            Should -Throw -ErrorId 'NoAreas,RasterCmdlets.Commands.ExportClassAreaChartCommand'
        Test-Path (Join-Path $TestDrive 'none.png') | Should -BeFalse
        $png = Join-Path $TestDrive 'exists.png'
        Set-Content $png 'not a chart'
        { $freq | Export-ClassAreaChart $png -ErrorAction Stop } |
            Should -Throw -ErrorId 'OutputExists,RasterCmdlets.Commands.ExportClassAreaChartCommand'
        Get-Content $png | Should -Be 'not a chart'
    }
}

Describe 'README: Is the map right? What changed? (run as written)' -Skip:(-not $hasPeers) {
    BeforeAll {
        $script:readme = Get-Content -Raw (Join-Path $PSScriptRoot '../README.md')
        # The code blocks of a README subsection, in order.
        function Get-Blocks([string] $Heading) {
            $section = ($readme -split ('(?m)^### ' + [regex]::Escape($Heading) + '\s*$'))[1]
            $section = ($section -split '(?m)^#{2,3} ')[0]
            foreach ($m in [regex]::Matches($section, '(?ms)^```(\w*)\r?\n(.*?)^```')) {
                [pscustomobject]@{ Lang = $m.Groups[1].Value; Text = $m.Groups[2].Value }
            }
        }
        function Get-Lines([string] $Text) { @($Text -split '\r?\n' | ForEach-Object TrimEnd | Where-Object { $_ }) }
        $script:scratch = Join-Path $TestDrive 'readme'
        New-Item -ItemType Directory (Join-Path $scratch 'samples') -Force | Out-Null
        Copy-Item (Join-Path $PSScriptRoot '../samples/L7_ETMs.tif') (Join-Path $scratch 'samples/L7_ETMs.tif')
        $PSStyle.OutputRendering = 'PlainText'
    }

    It 'A flood''s before and after: prints the README''s transition table, and Land → Water is the land numpy counts in the burnt rectangle' {
        $blocks = @(Get-Blocks 'A flood''s before and after')
        $code = @($blocks | Where-Object Lang -EQ 'powershell')
        $expected = ($blocks | Where-Object Lang -EQ 'text')[0].Text
        Push-Location $scratch
        try {
            foreach ($b in $code[0..1]) { Invoke-Expression $b.Text | Out-Null }
            $printed = Invoke-Expression $code[2].Text | Out-String -Width 200
            $land = & /usr/bin/python3 -c @'
from osgeo import gdal
b = gdal.Open('water-before.tif').ReadAsArray(); a = gdal.Open('nir-after.tif').ReadAsArray()
print(int(((b == 1) & (a == 12)).sum()))
'@
            (Get-Lines $printed) | Should -Be (Get-Lines $expected)
            ($change.Transitions | Where-Object Name -EQ 'Land → Water').PixelCount | Should -Be ([long]$land)
            Test-Path ./flood-change.tif, ./flood-change.png | Should -Be @($true, $true)
        }
        finally { Pop-Location }
    }

    It 'A year''s water frequency: prints the README''s table of dates, writes the frequency and the chart' {
        $blocks = @(Get-Blocks 'A year''s water frequency')
        $code = @($blocks | Where-Object Lang -EQ 'powershell')
        $expected = ($blocks | Where-Object Lang -EQ 'text')[0].Text
        Push-Location $scratch
        try {
            Invoke-Expression $code[0].Text | Out-Null
            $printed = Invoke-Expression $code[1].Text | Out-String -Width 200
            (Get-Lines $printed) | Should -Be (Get-Lines $expected)
            # The frequency band against numpy's, over the twelve months' labels written apart.
            Get-ChildItem ./nir-2023-*.tif | ForEach-Object {
                Get-RasterBand -LiteralPath $_.FullName 1 | Invoke-KMeansCluster -Model $model |
                    Export-GeoTiff ($_.FullName -replace 'nir-', 'labels-')
            }
            $bad = & /usr/bin/python3 -c @'
import glob
import numpy as np
from osgeo import gdal
months = [gdal.Open(p).ReadAsArray().astype(int) for p in sorted(glob.glob('labels-2023-*.tif'))]
hits = sum((m == 0).astype(int) for m in months)
seen = sum((m != 255).astype(int) for m in months)
want = np.where(seen > 0, (200 * hits + seen) // (2 * np.maximum(seen, 1)), 255)
print(len(months), int((gdal.Open('water-frequency-2023.tif').ReadAsArray() != want).sum()))
'@
            $bad | Should -Be '12 0'
            Test-Path ./water-2023.png | Should -BeTrue
        }
        finally { Pop-Location }
    }
}
