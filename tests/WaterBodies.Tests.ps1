# Pester 5 suite of the water-bodies cmdlets (issue 13): Invoke-RasterSieve, Export-ClassPolygon,
# Export-RasterPreview, Export-KMeansChart, on the Landsat sample and small hand-made maps.
#   Invoke-Pester -Path ./tests/WaterBodies.Tests.ps1 -Output Detailed
# Expectations are computed apart from the module: connected regions are labelled here by a
# breadth-first search over pixels read by GDAL's command-line tools; polygon areas are read back
# with ogrinfo. Without gdal-bin on PATH those tests are skipped.
#
# samples/L7_ETMs.tif: Landsat 7 ETM+, 349 x 352 pixels, 6 Byte bands, EPSG:31985 (28.5 m pixels); band 4 is near-infrared.

BeforeDiscovery {
    $script:hasGdalTools = [bool](Get-Command gdal_translate -CommandType Application -ErrorAction SilentlyContinue) -and
        [bool](Get-Command ogrinfo -CommandType Application -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../RasterCmdlets.psd1') -Force -ErrorAction Stop
    $script:sample = (Resolve-Path (Join-Path $PSScriptRoot '../samples/L7_ETMs.tif')).ProviderPath

    # Pixel values of band 1, row by row, read by gdal_translate (not by the module).
    function Read-PixelValues {
        param([Parameter(Mandatory)] [string] $Path)
        $xyz = Join-Path $TestDrive ("values-{0}.xyz" -f [guid]::NewGuid().ToString('N'))
        & gdal_translate -q -of XYZ $Path $xyz
        if ($LASTEXITCODE -ne 0) { throw "gdal_translate failed on '$Path'" }
        $lines = [System.IO.File]::ReadAllLines($xyz)
        $values = [int[]]::new($lines.Length)
        for ($i = 0; $i -lt $lines.Length; $i++) { $values[$i] = [int][double]::Parse(($lines[$i] -split '\s+')[2], [cultureinfo]::InvariantCulture) }
        Remove-Item -LiteralPath $xyz
        , $values
    }

    # Sizes of the 4-connected regions of equal values, NoData apart, by breadth-first search.
    function Get-RegionSize {
        param([int[]] $Values, [int] $Width, [int] $NoData = -1)
        $seen = [bool[]]::new($Values.Length)
        $queue = [System.Collections.Generic.Queue[int]]::new()
        $sizes = [System.Collections.Generic.List[int]]::new()
        for ($start = 0; $start -lt $Values.Length; $start++) {
            if ($seen[$start] -or $Values[$start] -eq $NoData) { continue }
            $value = $Values[$start]; $size = 0; $seen[$start] = $true; $queue.Enqueue($start)
            while ($queue.Count) {
                $p = $queue.Dequeue(); $size++
                $x = $p % $Width
                foreach ($q in @($(if ($x -gt 0) { $p - 1 }), $(if ($x -lt $Width - 1) { $p + 1 }), ($p - $Width), ($p + $Width))) {
                    if ($null -eq $q -or $q -lt 0 -or $q -ge $Values.Length -or $seen[$q] -or $Values[$q] -ne $value) { continue }
                    $seen[$q] = $true; $queue.Enqueue($q)
                }
            }
            $sizes.Add($size)
        }
        , $sizes.ToArray()
    }

    # A small Byte class map with speckle, written by GDAL's tools from an ASCII grid.
    function New-SpeckleMap {
        param([string] $Path, [int] $Size = 40)
        $random = [Random]::new(3)
        $asc = "$Path.asc"
        $rows = foreach ($y in 0..($Size - 1)) { (0..($Size - 1) | ForEach-Object { if ($y -lt 3) { 255 } else { $random.Next(3) } }) -join ' ' }
        Set-Content -LiteralPath $asc -Value (@("ncols $Size", "nrows $Size", 'xllcorner 500000', 'yllcorner 4100000', 'cellsize 10', 'NODATA_value 255') + $rows)
        & gdal_translate -q -ot Byte -a_srs EPSG:32630 $asc $Path
        if ($LASTEXITCODE -ne 0) { throw "gdal_translate failed" }
        $Path
    }
}

Describe 'Invoke-RasterSieve' {
    It 'leaves no 4-connected region under the threshold, and NoData where it was' -Skip:(-not $hasGdalTools) {
        $map = New-SpeckleMap (Join-Path $TestDrive 'speckle.tif')
        (Get-RegionSize (Read-PixelValues $map) 40 255 | Where-Object { $_ -lt 6 }).Count | Should -BeGreaterThan 50
        Get-RasterBand $map | Invoke-RasterSieve -Threshold 6 | Export-GeoTiff (Join-Path $TestDrive 'sieved.tif')
        $before = Read-PixelValues $map
        $after = Read-PixelValues (Join-Path $TestDrive 'sieved.tif')
        @(Get-RegionSize $after 40 255 | Where-Object { $_ -lt 6 }).Count | Should -Be 0
        for ($i = 0; $i -lt $before.Length; $i++) { ($before[$i] -eq 255) | Should -Be ($after[$i] -eq 255) }
    }

    It 'takes a classification and emits a band that Measure-RasterClass measures' {
        $sieved = Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Invoke-RasterSieve 10
        $sieved | Should -BeOfType RasterCmdlets.Core.Rasters.RasterBand
        $rows = $sieved | Measure-RasterClass -ClassName Water, Land
        $rows.Name | Should -Be @('Water', 'Land')
        ($rows | Measure-Object PixelCount -Sum).Sum | Should -Be (349 * 352)
    }

    It 'refuses a threshold under 1' {
        { Get-RasterBand $sample 4 | Invoke-RasterSieve -Threshold 0 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,RasterCmdlets.Commands.InvokeRasterSieveCommand'
    }

    It 'refuses a floating-point band: it is no class map' -Skip:(-not $hasGdalTools) {
        $float = Join-Path $TestDrive 'float.tif'
        & gdal_translate -q -ot Float32 -b 4 $sample $float
        { Get-RasterBand $float | Invoke-RasterSieve 4 -ErrorAction Stop } | Should -Throw -ErrorId 'NotAClassMap,RasterCmdlets.Commands.InvokeRasterSieveCommand'
    }
}

Describe 'Export-ClassPolygon' {
    It 'writes water bodies whose areas add up to the water pixels times the pixel area' -Skip:(-not $hasGdalTools) {
        $sieved = Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Invoke-RasterSieve 10
        $water = ($sieved | Measure-RasterClass | Where-Object Class -EQ 0).PixelCount
        $gpkg = Join-Path $TestDrive 'water.gpkg'
        $sieved | Export-ClassPolygon $gpkg -Class 0 -ClassName Water, Land
        $sum = & ogrinfo -q -sql 'SELECT SUM(area) AS a, COUNT(*) AS n, MIN(class) AS lo, MAX(class) AS hi FROM water' $gpkg
        [double](($sum | Select-String 'a \(Real\) = (.*)').Matches[0].Groups[1].Value) | Should -BeGreaterThan (0.999999 * $water * 28.5 * 28.5)
        [double](($sum | Select-String 'a \(Real\) = (.*)').Matches[0].Groups[1].Value) | Should -BeLessThan (1.000001 * $water * 28.5 * 28.5)
        ($sum | Select-String 'hi \(Integer\) = (.*)').Matches[0].Groups[1].Value | Should -Be '0'
    }

    It 'writes <Extension> with the <Driver> driver' -Skip:(-not $hasGdalTools) -ForEach @(
        @{ Extension = '.gpkg'; Driver = 'GPKG' }
        @{ Extension = '.geojson'; Driver = 'GeoJSON' }
        @{ Extension = '.shp'; Driver = 'ESRI Shapefile' }
    ) {
        $path = Join-Path $TestDrive "classes$Extension"
        Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-ClassPolygon $path -Force
        (& ogrinfo -so -al $path) -join "`n" | Should -Match ([regex]::Escape("using driver ``$Driver'"))
        @(Get-ChildItem -LiteralPath $TestDrive -Force -Filter '.classes*').Count | Should -Be 0
    }

    It 'refuses an existing file without -Force, and an unknown extension' {
        $taken = Join-Path $TestDrive 'taken.gpkg'
        Set-Content -LiteralPath $taken -Value 'mine'
        { Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-ClassPolygon $taken -ErrorAction Stop } |
            Should -Throw -ErrorId 'OutputExists,RasterCmdlets.Commands.ExportClassPolygonCommand'
        Get-Content -LiteralPath $taken | Should -Be 'mine'
        { Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-ClassPolygon (Join-Path $TestDrive 'x.kml') -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnsupportedFormat,RasterCmdlets.Commands.ExportClassPolygonCommand'
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.gpkg'
        Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-ClassPolygon $path -WhatIf
        Test-Path -LiteralPath $path | Should -BeFalse
    }
}

Describe 'Pictures' {
    It 'draws a class map as a paletted PNG of the size asked' -Skip:(-not $hasGdalTools) {
        $png = Join-Path $TestDrive 'map.png'
        Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-RasterPreview $png -Size 100
        $info = & gdalinfo -json $png | ConvertFrom-Json
        $info.driverShortName | Should -Be 'PNG'
        $info.size | Should -Be @(99, 100)
        $info.bands[0].colorTable.entries[0] | Should -Be @(31, 119, 180, 255)
    }

    It 'draws a band stretched to grey' {
        $png = Join-Path $TestDrive 'nir.png'
        Get-RasterBand $sample 4 | Export-RasterPreview $png -PassThru | Should -BeOfType System.IO.FileInfo
        [System.IO.File]::ReadAllBytes($png)[1..3] | Should -Be ([byte[]][char[]]'PNG')
    }

    It 'draws the elbow chart of Measure-KMeansCluster' {
        $png = Join-Path $TestDrive 'elbow.png'
        Get-RasterBand $sample 4 | Measure-KMeansCluster -K 2..6 | Export-KMeansChart $png -Width 640 -Height 400
        $bytes = [System.IO.File]::ReadAllBytes($png)
        [System.Buffers.Binary.BinaryPrimitives]::ReadInt32BigEndian([byte[]]$bytes[16..19]) | Should -Be 640
        [System.Buffers.Binary.BinaryPrimitives]::ReadInt32BigEndian([byte[]]$bytes[20..23]) | Should -Be 400
    }
}

Describe 'The module''s temporary folder' {
    It 'goes when PowerShell exits' {
        $dotnet = (Get-Process -Id $PID).Path
        $pwshDll = [System.Reflection.Assembly]::GetEntryAssembly().Location
        $manifest = Join-Path $PSScriptRoot '../RasterCmdlets.psd1'
        $folder = & $dotnet $pwshDll -NoProfile -NonInteractive -Command "Import-Module '$manifest'; `$s = Get-RasterBand '$sample' 4 | Invoke-KMeansCluster -K 2 | Invoke-RasterSieve 10; if (Test-Path `$s.Path) { Split-Path `$s.Path }"
        $LASTEXITCODE | Should -Be 0
        $folder | Should -BeLike '*RasterCmdlets-*'
        Test-Path -LiteralPath $folder | Should -BeFalse
    }
}
