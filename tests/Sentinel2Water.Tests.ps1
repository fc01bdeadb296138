# Pester 5 suite of the README's section "Sentinel-2: water from a product in one line", run as
# written on L2A products that tests/tools/sentinel2_product.py lays out as ESA does.
#   Invoke-Pester -Path ./tests/Sentinel2Water.Tests.ps1 -Output Detailed
# Expectations come from tests/tools/sentinel2_expect.py (numpy over the JPEG 2000 files and the
# XML: MNDWI in reflectance, the SCL mask, the exact 2-class optimum), never from the module.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../RasterCmdlets.psd1') -Force -ErrorAction Stop
    $PSStyle.OutputRendering = 'PlainText'
    $script:python = '/usr/bin/python3'
    $script:generator = Join-Path $PSScriptRoot 'tools/sentinel2_product.py'
    $script:expect = Join-Path $PSScriptRoot 'tools/sentinel2_expect.py'
    $script:readme = Get-Content -Raw (Join-Path $PSScriptRoot '../README.md')
    $script:defaultClasses = '0,1,3,8,9,10'

    # The code blocks of the README's section, in order: Lang and Text.
    $section = ($readme -split '(?m)^## Sentinel-2: water from a product in one line\s*$')[1]
    $section = ($section -split '(?m)^## ')[0]
    $script:blocks = @(foreach ($m in [regex]::Matches($section, '(?ms)^```(\w*)\r?\n(.*?)^```')) {
            [pscustomobject]@{ Lang = $m.Groups[1].Value; Text = $m.Groups[2].Value }
        })

    # Writes an L2A product (zip only) and returns its path.
    function New-Product {
        param([string] $Folder, [int] $Size, [string] $Date, [int] $Seed, [string] $Baseline = '05.09')
        New-Item -ItemType Directory -Force $Folder | Out-Null
        $out = @(& $python $generator $Folder --zip --no-safe --size $Size --date $Date --seed $Seed --baseline $Baseline 2>&1)
        if ($LASTEXITCODE -ne 0) { throw "sentinel2_product.py failed: $out" }
        $out[-1]
    }

    # numpy's expectation for a product: counts and the labels written to a GeoTIFF (255 missing).
    function Get-Expectation {
        param([string] $Product, [string] $Labels)
        $json = & $python $expect $Product MNDWI - $Labels --mask $defaultClasses
        if ($LASTEXITCODE -ne 0) { throw "sentinel2_expect.py failed on $Product" }
        $json | ConvertFrom-Json
    }

    # Pixels whose labels differ between two Byte GeoTIFFs (NoData as 255 on both sides), and the shapes.
    function Compare-Labels {
        param([string] $Ours, [string] $Expected)
        & $python -c @'
import sys
import numpy as np
from osgeo import gdal
a_ds, b_ds = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2])
a, b = a_ds.GetRasterBand(1), b_ds.GetRasterBand(1)
x, y = a.ReadAsArray().astype(int), b.ReadAsArray().astype(int)
x[x == int(a.GetNoDataValue())] = 255
y[y == int(b.GetNoDataValue())] = 255
print(int((x != y).sum()) if x.shape == y.shape else -1)
'@ $Ours $Expected
    }
}

Describe 'The README''s Sentinel-2 water line' {
    BeforeAll {
        $script:scratch = Join-Path $TestDrive 'one'
        $script:product = New-Product -Folder $scratch -Size 600 -Date 2023-07-15 -Seed 2
        $script:expected = Get-Expectation -Product $product -Labels (Join-Path $TestDrive 'expected.tif')
    }

    It 'names the product the generator writes' {
        $blocks[0].Text | Should -Match ([regex]::Escape([IO.Path]::GetFileName($product)))
    }

    It 'runs as written and writes the exact 2-class optimum of MNDWI, clouds and NoData as NoData' {
        Push-Location $scratch
        try { Invoke-Expression $blocks[0].Text } finally { Pop-Location }
        $map = Join-Path $scratch 'water.tif'
        Test-Path $map | Should -BeTrue
        Compare-Labels $map (Join-Path $TestDrive 'expected.tif') | Should -Be 0
        $expected.missing | Should -BeGreaterThan 0
        $expected.why.scl | Should -BeGreaterThan 0
    }

    It 'prints the table the README shows, from the map read back with its class names' {
        $example = $blocks | Where-Object { $_.Text -like 'PS> *' } | Select-Object -First 1
        $lines = $example.Text -split '\r?\n'
        Push-Location $scratch
        try { $printed = (Invoke-Expression $lines[0].Substring(4) | Out-String) } finally { Pop-Location }
        $trim = { param($t) @(($t -split '\r?\n' | ForEach-Object { $_.TrimEnd() }) | Where-Object { $_ }) }
        & $trim $printed | Should -Be (& $trim ($lines[1..($lines.Count - 1)] -join "`n"))
    }

    It 'counts the pixels numpy counts' {
        $rows = Get-RasterBand (Join-Path $scratch 'water.tif') 1 | Measure-RasterClass
        ($rows | Where-Object Name -eq Land).PixelCount | Should -Be $expected.kmeans.counts[0]
        ($rows | Where-Object Name -eq Water).PixelCount | Should -Be $expected.kmeans.counts[1]
        ($rows | Where-Object Name -eq NoData).PixelCount | Should -Be $expected.missing
    }
}

Describe 'The README''s year of products' {
    BeforeAll {
        $script:yearScratch = Join-Path $TestDrive 'year'
        $folder = Join-Path $yearScratch 'T30STF'
        # Written out of date order, one of them of baseline 03.01 (no offsets): the script sorts and scales each.
        $script:products = @(
            @{ Date = '2023-10-28'; Seed = 3; Baseline = '05.09' }
            @{ Date = '2023-03-12'; Seed = 1; Baseline = '03.01' }
            @{ Date = '2023-07-15'; Seed = 2; Baseline = '05.09' }
        ) | ForEach-Object {
            $path = New-Product -Folder $folder -Size 120 -Date $_.Date -Seed $_.Seed -Baseline $_.Baseline
            $e = Get-Expectation -Product $path -Labels '-'
            [pscustomobject]@{ Date = $_.Date; Expected = $e }
        }
        $yearBlock = $blocks | Where-Object { $_.Lang -eq 'powershell' -and $_.Text -like 'Get-ChildItem*' } | Select-Object -First 1
        Push-Location $yearScratch
        try { $script:rows = @(Invoke-Expression $yearBlock.Text) } finally { Pop-Location }
    }

    It 'gives one row per product, in date order, with the date and tile of its metadata' {
        $rows.Count | Should -Be 3
        $rows.Date | Should -Be @('2023-03-12', '2023-07-15', '2023-10-28')
        $rows.Tile | Should -Be @('T30STF', 'T30STF', 'T30STF')
    }

    It 'measures each date''s water and masked share as numpy does' {
        foreach ($row in $rows) {
            $e = ($products | Where-Object Date -eq $row.Date).Expected
            # 10 m pixels: 100 m² each.
            $row.WaterKm2 | Should -Be ($e.kmeans.counts[1] * 100 / 1e6)
            $row.MaskedPercent | Should -Be ([math]::Round(100 * $e.missing / $e.pixels, 1))
        }
    }
}
