# Pester 5 suite for pwsh users: the module as a user imports it, on the Landsat sample.
#   Invoke-Pester -Path ./tests/RasterCmdlets.Tests.ps1 -Output Detailed
# Needs PowerShell 7.4+, Pester 5, GDAL's library (the module's only dependency) and, for the tests
# that check pixels independently of the module, GDAL's command-line tools on PATH (gdal-bin):
# without them those tests are skipped.
#
# samples/L7_ETMs.tif: Landsat 7 ETM+, 349 x 352 pixels, 6 Byte bands, EPSG:31985; band 4 is near-infrared.

BeforeDiscovery {
    $script:hasGdalTools = [bool](Get-Command gdal_translate -CommandType Application -ErrorAction SilentlyContinue)
    $script:cmdletNames = @((Import-PowerShellDataFile (Join-Path $PSScriptRoot '../RasterCmdlets.psd1')).CmdletsToExport)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../RasterCmdlets.psd1') -Force -ErrorAction Stop
    $script:sample = (Resolve-Path (Join-Path $PSScriptRoot '../samples/L7_ETMs.tif')).ProviderPath

    # The pixel values of one band, row by row, read by GDAL's own tools (not by the module).
    function Read-PixelValues {
        param([Parameter(Mandatory)] [string] $Path, [int] $Band = 1)
        $xyz = Join-Path $TestDrive ("values-{0}.xyz" -f [guid]::NewGuid().ToString('N'))
        & gdal_translate -q -of XYZ -b $Band $Path $xyz
        if ($LASTEXITCODE -ne 0) { throw "gdal_translate failed on '$Path' band $Band" }
        $lines = [System.IO.File]::ReadAllLines($xyz)
        $values = [double[]]::new($lines.Length)
        for ($i = 0; $i -lt $lines.Length; $i++) {
            $values[$i] = [double]::Parse(($lines[$i] -split '\s+')[2], [cultureinfo]::InvariantCulture)
        }
        Remove-Item -LiteralPath $xyz
        , $values
    }

    # The threshold t of a Byte band minimising the within-class sum of squares of {v <= t} and
    # {v > t}: an exhaustive search over the 256 possible thresholds, from the band's histogram.
    function Find-BestByteThreshold {
        param([Parameter(Mandatory)] [double[]] $Values)
        $count = [double[]]::new(256)
        foreach ($v in $Values) { $count[[int]$v]++ }
        $best = [double]::PositiveInfinity
        $bestT = -1
        for ($t = 0; $t -lt 255; $t++) {
            $n0 = 0.0; $s0 = 0.0; $q0 = 0.0; $n1 = 0.0; $s1 = 0.0; $q1 = 0.0
            for ($v = 0; $v -lt 256; $v++) {
                $c = $count[$v]
                if ($c -eq 0) { continue }
                if ($v -le $t) { $n0 += $c; $s0 += $c * $v; $q0 += $c * $v * $v }
                else { $n1 += $c; $s1 += $c * $v; $q1 += $c * $v * $v }
            }
            if ($n0 -eq 0 -or $n1 -eq 0) { continue }
            $inertia = ($q0 - $s0 * $s0 / $n0) + ($q1 - $s1 * $s1 / $n1)
            if ($inertia -lt $best) { $best = $inertia; $bestT = $t }
        }
        $bestT
    }
}

Describe 'Get-RasterBand' {
    It 'describes the 6 bands of the sample with their size, type and CRS' {
        $bands = @(Get-RasterBand -Path $sample)
        $bands.Count | Should -Be 6
        $bands.BandNumber | Should -Be @(1, 2, 3, 4, 5, 6)
        foreach ($band in $bands) {
            $band.Width | Should -Be 349
            $band.Height | Should -Be 352
            "$($band.DataType)" | Should -Be 'Byte'
            $band.Epsg | Should -Be 31985
        }
    }

    It 'describes only the bands asked for, in order' {
        $bands = @(Get-RasterBand $sample 4, 2)
        $bands.BandNumber | Should -Be @(4, 2)
    }

    It 'binds Get-ChildItem output to -LiteralPath' {
        Copy-Item -LiteralPath $sample -Destination (Join-Path $TestDrive 'scene[1].tif')
        $bands = @(Get-ChildItem -LiteralPath (Join-Path $TestDrive 'scene[1].tif') | Get-RasterBand -Band 1)
        $bands.Count | Should -Be 1
        $bands[0].FileName | Should -Be 'scene[1].tif'
    }

    It 'reports a missing file as PathNotFound and goes on with the other paths' {
        $missing = Join-Path $TestDrive 'missing.tif'
        $bands = @(Get-RasterBand $missing, $sample 1 -ErrorAction SilentlyContinue -ErrorVariable failed)
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,RasterCmdlets.Commands.GetRasterBandCommand'
        "$($failed[0].CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
        $bands.Count | Should -Be 1
    }

    It 'reports a band the file does not have as BandOutOfRange' {
        $bands = @(Get-RasterBand $sample 9 -ErrorAction SilentlyContinue -ErrorVariable failed)
        $bands.Count | Should -Be 0
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'BandOutOfRange,RasterCmdlets.Commands.GetRasterBandCommand'
    }
}

Describe 'Water/land map of the near-infrared band (K = 2)' {
    BeforeAll {
        $script:output = Join-Path $TestDrive 'water-land.tif'
        $script:map = Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2
        $script:file = $map | Export-GeoTiff -Path $output -PassThru
    }

    It 'writes a Byte class map the size of the input, in its CRS' {
        $file | Should -BeOfType ([System.IO.FileInfo])
        $file.FullName | Should -Be ([System.IO.Path]::GetFullPath($output))
        $written = Get-RasterBand $output
        $written.Width | Should -Be 349
        $written.Height | Should -Be 352
        "$($written.DataType)" | Should -Be 'Byte'
        $written.Epsg | Should -Be 31985
        $written.GeoTransform.ToString() | Should -Be (Get-RasterBand $sample 4).GeoTransform.ToString()
    }

    It 'uses the exact method and counts every pixel once' {
        $map.Model.Method | Should -Be 'ExactHistogram'
        $map.K | Should -Be 2
        $map.NoDataPixelCount | Should -Be 0
        ($map.ClassPixelCounts | Measure-Object -Sum).Sum | Should -Be (349 * 352)
        $map.Model.Centres[0][0] | Should -BeLessThan $map.Model.Centres[1][0]
    }

    It 'labels class 0 exactly the pixels at or below the best of the 256 Byte thresholds' -Skip:(-not $hasGdalTools) {
        $values = Read-PixelValues -Path $sample -Band 4
        $labels = Read-PixelValues -Path $output
        $labels.Length | Should -Be $values.Length
        $t = Find-BestByteThreshold -Values $values
        $t | Should -BeGreaterOrEqual 0
        $expectedWater = 0
        $mismatches = 0
        for ($i = 0; $i -lt $values.Length; $i++) {
            $expected = if ($values[$i] -le $t) { 0 } else { 1 }
            if ($expected -eq 0) { $expectedWater++ }
            if ($labels[$i] -ne $expected) { $mismatches++ }
        }
        $mismatches | Should -Be 0
        $map.ClassPixelCounts[0] | Should -Be $expectedWater
        $map.ClassPixelCounts[1] | Should -Be ($values.Length - $expectedWater)
    }

    It 'refuses to replace an existing file without -Force, and leaves it untouched' {
        $before = (Get-FileHash -LiteralPath $output).Hash
        $map | Export-GeoTiff -Path $output -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'OutputExists,RasterCmdlets.Commands.ExportGeoTiffCommand'
        "$($failed[0].CategoryInfo.Category)" | Should -Be 'ResourceExists'
        (Get-FileHash -LiteralPath $output).Hash | Should -Be $before
    }

    It 'replaces an existing file with -Force' {
        { $map | Export-GeoTiff -Path $output -Force -ErrorAction Stop } | Should -Not -Throw
        Test-Path -LiteralPath $output | Should -BeTrue
    }

    It 'writes nothing with -WhatIf' {
        $folder = Join-Path $TestDrive 'whatif'
        New-Item -ItemType Directory -Path $folder | Out-Null
        $target = Join-Path $folder 'never.tif'
        $map | Export-GeoTiff -Path $target -WhatIf
        Test-Path -LiteralPath $target | Should -BeFalse
        @(Get-ChildItem -LiteralPath $folder -Force).Count | Should -Be 0
    }

    It 'refuses to write over its own input' {
        $copy = Join-Path $TestDrive 'input.tif'
        Copy-Item -LiteralPath $sample -Destination $copy
        $before = (Get-FileHash -LiteralPath $copy).Hash
        Get-RasterBand $copy 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff -Path $copy -Force -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -Be 'OutputIsInput,RasterCmdlets.Commands.ExportGeoTiffCommand'
        (Get-FileHash -LiteralPath $copy).Hash | Should -Be $before
    }
}

Describe 'NoData' -Skip:(-not $hasGdalTools) {
    It 'leaves pixels equal to the NoData value out of the fit and writes them as NoData 255' {
        $values = Read-PixelValues -Path $sample -Band 4
        $noData = ($values | Measure-Object -Minimum).Minimum
        $missing = @($values | Where-Object { $_ -eq $noData }).Count
        $withNoData = Join-Path $TestDrive 'band4-nodata.tif'
        & gdal_translate -q -b 4 -a_nodata $noData $sample $withNoData
        $LASTEXITCODE | Should -Be 0

        $band = Get-RasterBand $withNoData
        $band.NoDataValue | Should -Be $noData
        $map = $band | Invoke-KMeansCluster -K 2
        $map.NoDataPixelCount | Should -Be $missing
        ($map.ClassPixelCounts | Measure-Object -Sum).Sum | Should -Be ($values.Length - $missing)

        $output = Join-Path $TestDrive 'nodata-classes.tif'
        $map | Export-GeoTiff -Path $output
        (Get-RasterBand $output).NoDataValue | Should -Be 255
        $labels = Read-PixelValues -Path $output
        $wrong = 0
        for ($i = 0; $i -lt $values.Length; $i++) {
            if (($values[$i] -eq $noData) -ne ($labels[$i] -eq 255) -or ($labels[$i] -ne 255 -and $labels[$i] -gt 1)) { $wrong++ }
        }
        $wrong | Should -Be 0
    }
}

Describe 'Six-band stack (K = 4)' {
    It 'joins the 6 bands into one stack' {
        $stack = Get-RasterBand $sample | Join-RasterBand
        $stack.BandCount | Should -Be 6
        $stack.Width | Should -Be 349
        $stack.Height | Should -Be 352
        $stack.Epsg | Should -Be 31985
    }

    It 'writes byte-identical files from two runs with the same -Seed' {
        $first = Join-Path $TestDrive 'k4-run1.tif'
        $second = Join-Path $TestDrive 'k4-run2.tif'
        $a = Get-RasterBand $sample | Join-RasterBand | Invoke-KMeansCluster -K 4 -Seed 1
        $a | Export-GeoTiff -Path $first
        $b = Get-RasterBand $sample | Join-RasterBand | Invoke-KMeansCluster -K 4 -Seed 1
        $b | Export-GeoTiff -Path $second
        $a.Model.Method | Should -Be 'Lloyd'
        $a.Model.Seed | Should -Be 1
        $b.ClassPixelCounts | Should -Be $a.ClassPixelCounts
        (Get-FileHash -LiteralPath $second).Hash | Should -Be (Get-FileHash -LiteralPath $first).Hash
        [System.IO.File]::ReadAllBytes($second).Length | Should -Be ([System.IO.File]::ReadAllBytes($first).Length)
    }

    It 'numbers the classes by the norm of their centre' {
        $map = Get-RasterBand $sample | Join-RasterBand | Invoke-KMeansCluster -K 4 -Seed 1
        $norms = foreach ($centre in $map.Model.Centres) { [math]::Sqrt((($centre | ForEach-Object { $_ * $_ }) | Measure-Object -Sum).Sum) }
        for ($c = 1; $c -lt $norms.Count; $c++) { $norms[$c] | Should -BeGreaterOrEqual $norms[$c - 1] }
    }
}

Describe 'Help' {
    BeforeAll {
        # Get-Help looks for RasterCmdlets.dll-Help.xml and about_RasterCmdlets.help.txt under the
        # en-US folder of the imported module's base: that of the published module, as users install it.
        Import-Module (Join-Path $PSScriptRoot '../module/RasterCmdlets/RasterCmdlets.psd1') -Force -ErrorAction Stop
    }

    It 'has a synopsis, a description, examples and every parameter for <_>' -ForEach $cmdletNames {
        $name = $_
        $help = Get-Help $name -Full
        "$($help.Synopsis)".Trim() | Should -Not -BeNullOrEmpty
        "$($help.Synopsis)".Trim() | Should -Not -BeLike "$name *"   # not the synopsis Get-Help makes up without a help file
        (@($help.description.Text) -join '').Trim() | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        foreach ($parameter in (Get-Command $name).Parameters.Keys | Where-Object { $common -notcontains $_ }) {
            $documented = @($help.parameters.parameter) | Where-Object { $_.name -eq $parameter }
            $documented | Should -Not -BeNullOrEmpty -Because "-$parameter of $name must be documented"
            (@($documented.description.Text) -join '').Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter of $name needs a description"
        }
    }

    It 'has the about_RasterCmdlets topic, naming every cmdlet' {
        $text = Get-Help about_RasterCmdlets | Out-String
        foreach ($name in @((Get-Module RasterCmdlets).ExportedCmdlets.Keys) + 'RASTERCMDLETS_GDAL_LIBRARY') {
            $text | Should -Match ([regex]::Escape($name))
        }
    }
}
