# Pester 5 suite: the module as pwsh users run it, and the user-level specification of it.
#   ./test.sh                       (installs pwsh and Pester, runs every tests/*.Tests.ps1)
#   Invoke-Pester -Path ./tests/RasterCmdlets.Tests.ps1 -Output Detailed      (in pwsh 7.4+)
# Every README example runs here as written, in a scratch folder, and what it prints is compared
# with the README's text. Expectations are computed apart from the module: GDAL's command-line
# tools, tests/tools/reference.py in Debian's /usr/bin/python3 (osgeo, numpy, scikit-learn), rasters
# made by hand and text written by hand. Needs gdal-bin, python3-gdal and python3-sklearn: without
# them the tests fail, they are never skipped.
#
# samples/L7_ETMs.tif: Landsat 7 ETM+, 349 x 352 pixels, 6 Byte bands, EPSG:31985, 28.5 m pixels;
# band 4 is near-infrared.

BeforeDiscovery {
    $root = Join-Path $PSScriptRoot '..'
    $script:cmdletNames = @((Import-PowerShellDataFile (Join-Path $root 'RasterCmdlets.psd1')).CmdletsToExport)
    # The README's error table: | ErrorId | Category | When |
    $readmeText = Get-Content -Raw (Join-Path $root 'README.md')
    $errorSection = ($readmeText -split '(?m)^### Errors')[1] -split '(?m)^#' | Select-Object -First 1
    $script:errorRows = @(foreach ($line in $errorSection -split '\r?\n') {
            if ($line -match '^\|\s*([A-Z][A-Za-z0-9]+)\s*\|\s*([A-Za-z]+)\s*\|' -and $Matches[1] -ne 'ErrorId') { @{ ErrorId = $Matches[1]; Category = $Matches[2] } }
        })
}

BeforeAll {
    $script:repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).ProviderPath
    Import-Module (Join-Path $repo 'RasterCmdlets.psd1') -Force -ErrorAction Stop
    # As for an installed module: runspaces of ForEach-Object -Parallel and thread jobs load it by name.
    if (($env:PSModulePath -split [IO.Path]::PathSeparator) -notcontains (Join-Path $repo 'module')) {
        $env:PSModulePath = (Join-Path $repo 'module') + [IO.Path]::PathSeparator + $env:PSModulePath
    }
    $PSStyle.OutputRendering = 'PlainText'
    $script:sample = (Resolve-Path (Join-Path $repo 'samples/L7_ETMs.tif')).ProviderPath
    $script:readme = Get-Content -Raw (Join-Path $repo 'README.md')

    # JSON from tests/tools/reference.py (GDAL's Python, numpy, scikit-learn), as hashtables.
    function Get-Reference {
        $json = & /usr/bin/python3 (Join-Path $repo 'tests/tools/reference.py') @args
        if ($LASTEXITCODE -ne 0) { throw "reference.py $args failed" }
        $json | ConvertFrom-Json -AsHashtable
    }

    # The lines of a text, without trailing spaces and without blank lines at either end.
    function Get-Lines {
        param([Parameter(ValueFromPipeline)] [string] $Text)
        begin { $all = [System.Text.StringBuilder]::new() }
        process { [void]$all.AppendLine($Text) }
        end {
            # ANSI colour codes (pwsh colours table headers on a terminal) are not part of the text.
            $lines = @(("$all" -replace '\e\[[0-9;]*m', '') -split '\r?\n' | ForEach-Object { $_.TrimEnd() })
            $first = 0; $last = $lines.Count - 1
            while ($first -le $last -and $lines[$first] -eq '') { $first++ }
            while ($last -ge $first -and $lines[$last] -eq '') { $last-- }
            , @(if ($first -le $last) { $lines[$first..$last] })
        }
    }

    # The code blocks of the README section under a heading, in order: Lang and Text.
    function Get-ReadmeBlock {
        param([Parameter(Mandatory)] [string] $Heading)
        $section = ($readme -split ('(?m)^#+ ' + [regex]::Escape($Heading) + '\s*$'))[1]
        if (-not $section) { throw "README has no section '$Heading'" }
        $section = ($section -split '(?m)^#{2,3} ')[0]
        foreach ($m in [regex]::Matches($section, '(?ms)^```(\w*)\r?\n(.*?)^```')) {
            [pscustomobject]@{ Lang = $m.Groups[1].Value; Text = $m.Groups[2].Value }
        }
    }

    # A README example of the form "PS> command" followed by what it prints.
    function Get-ReadmeExample {
        param([Parameter(Mandatory)] [string] $Heading)
        $block = @(Get-ReadmeBlock $Heading | Where-Object { $_.Text -like 'PS> *' })[0]
        $lines = $block.Text -split '\r?\n'
        @{ Command = $lines[0].Substring(4); Expected = ($lines[1..($lines.Count - 1)] -join "`n") | Get-Lines }
    }

    . (Join-Path $PSScriptRoot 'tools/ChildProcess.ps1')

    # A scratch folder holding samples/L7_ETMs.tif, as the repo root does: README commands run there as written.
    function New-Scratch {
        param([string] $Name = [guid]::NewGuid().ToString('N'))
        $folder = Join-Path $TestDrive $Name
        New-Item -ItemType Directory -Path (Join-Path $folder 'samples') -Force | Out-Null
        Copy-Item -LiteralPath $sample -Destination (Join-Path $folder 'samples/L7_ETMs.tif')
        $folder
    }

    function Invoke-GdalTranslate {
        & gdal_translate -q @args
        if ($LASTEXITCODE -ne 0) { throw "gdal_translate $args failed" }
    }

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

    It 'labels class 0 exactly the pixels at or below the best of the 256 Byte thresholds' {
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

Describe 'NoData' {
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

Describe 'The README''s main job, through ./raster-pwsh' {
    BeforeAll {
        $script:launcher = Join-Path $repo 'raster-pwsh'
        $script:scratch = New-Scratch 'main-job'
        $blocks = @(Get-ReadmeBlock 'Two commands')
        # The first bash block is the main job; it runs here as written, ./raster-pwsh named by its full path.
        $script:mainJob = ($blocks | Where-Object { $_.Lang -eq 'bash' })[0].Text.Trim()
        $script:mainJobPrints = ($blocks | Where-Object { $_.Lang -eq 'text' })[0].Text | Get-Lines
        $mainJob | Should -BeLike './raster-pwsh -Command *'
        $script:run = Invoke-ChildProcess -FilePath bash -ArgumentList '-c', ($mainJob -replace '^\./raster-pwsh', "'$launcher'") -WorkingDirectory $scratch
    }

    It 'prints the table the README shows, and exits 0' {
        $run.Err | Should -BeNullOrEmpty
        $run.Code | Should -Be 0
        ($run.Out | Get-Lines) | Should -Be $mainJobPrints
    }

    It 'prints the exact partition''s figures (reference: dynamic programme over the histogram, pixel area from the geotransform)' {
        $exact = (Get-Reference exact1d $sample 4 2)['2']
        $pixelArea = 28.5 * 28.5
        $n = 349 * 352
        $rows = @($mainJobPrints | Select-Object -Skip 2)
        foreach ($c in 0, 1) {
            $cells = $rows[$c] -split '\s+' | Where-Object { $_ }
            [int]$cells[0] | Should -Be $c
            [double]$cells[2] | Should -BeLessThan ($exact.centres[$c] + 0.0005)
            [double]$cells[2] | Should -BeGreaterThan ($exact.centres[$c] - 0.0005)
            [long]$cells[3] | Should -Be $exact.counts[$c]
            $cells[4] | Should -Be ('{0:F2}' -f (100.0 * $exact.counts[$c] / $n))
            $cells[5] | Should -Be ('{0:F2}' -f ($exact.counts[$c] * $pixelArea / 1e4))
            $cells[6] | Should -Be ('{0:F4}' -f ($exact.counts[$c] * $pixelArea / 1e6))
        }
    }

    It 'writes water-land.tif: Byte, EPSG:31985, colour table, categories Water and Land, the exact labels' {
        $file = Join-Path $scratch 'water-land.tif'
        $info = (& gdalinfo -json $file) -join "`n" | ConvertFrom-Json -AsHashtable
        $info.bands[0].type | Should -Be 'Byte'
        $info.bands[0].categories | Should -Be @('Water', 'Land')
        $info.bands[0].colorTable.count | Should -BeGreaterOrEqual 2
        $info.coordinateSystem.wkt | Should -Match 'ID\["EPSG",31985\]\]$'
        $labels = Get-Reference labels $sample $file 4
        $labels.counts | Should -Be (Get-Reference exact1d $sample 4 2)['2'].counts
    }

    It 'exits 1 with pwsh''s error message on stderr when a file is missing' {
        $r = Invoke-ChildProcess -FilePath $launcher -ArgumentList '-Command', 'Get-RasterBand does-not-exist.tif' -WorkingDirectory $scratch
        $r.Code | Should -Be 1
        $r.Out.Trim() | Should -BeNullOrEmpty
        $r.Err | Should -Match '^(\e\[[0-9;]*m)*Get-RasterBand: (\e\[[0-9;]*m)*Cannot find the file'
    }

    It 'exits 1 when a statement failed even if the last one succeeded' {
        $r = Invoke-ChildProcess -FilePath $launcher -ArgumentList '-Command', 'Get-RasterBand does-not-exist.tif; "still here"' -WorkingDirectory $scratch
        $r.Out.Trim() | Should -Be 'still here'
        $r.Code | Should -Be 1
    }

    It 'keeps the exit code of exit N' {
        (Invoke-ChildProcess -FilePath $launcher -ArgumentList '-Command', 'exit 3').Code | Should -Be 3
    }

    It 'runs -File scripts with named and positional arguments' {
        $script = Join-Path $scratch 'classify.ps1'
        Set-Content -LiteralPath $script -Value 'param($In, $K) (Get-RasterBand $In 4 | Invoke-KMeansCluster -K $K).ClassPixelCounts -join ","'
        $expected = (Get-Reference exact1d $sample 4 2)['2'].counts -join ','
        $named = Invoke-ChildProcess -FilePath $launcher -ArgumentList '-File', $script, '-In', 'samples/L7_ETMs.tif', '-K', '2' -WorkingDirectory $scratch
        $named.Err | Should -BeNullOrEmpty
        $named.Out.Trim() | Should -Be $expected
        $named.Code | Should -Be 0
        $positional = Invoke-ChildProcess -FilePath $launcher -ArgumentList '-File', $script, 'samples/L7_ETMs.tif', '2' -WorkingDirectory $scratch
        $positional.Out.Trim() | Should -Be $expected
    }

    It 'tells how to install GDAL on a machine without it' {
        $r = Invoke-ChildProcess -FilePath $launcher -ArgumentList '-Command', "Get-RasterBand samples/L7_ETMs.tif" -WorkingDirectory $scratch `
            -Environment @{ RASTERCMDLETS_GDAL_LIBRARY = '/nonexistent/libgdal.so' }
        $r.Code | Should -Be 1
        $r.Err | Should -Match 'GDAL could not be loaded\. Tried: /nonexistent/libgdal\.so'
        $r.Err | Should -Match 'apt-get install gdal-bin'
    }
}

Describe 'README examples, run as written' {
    BeforeAll {
        $script:scratch = New-Scratch 'examples'
        Push-Location -LiteralPath $scratch
        # Sentinel-2-sized headers: Get-RasterBand and Join-RasterBand read no pixel, so VRT headers
        # (GDAL tells formats by content, not by name) stand in for the two JPEG 2000 files.
        foreach ($b in 'B04', 'B08') {
            Set-Content -LiteralPath "T31UFQ_$b.jp2" -Value '<VRTDataset rasterXSize="10980" rasterYSize="10980"><SRS>EPSG:32631</SRS><GeoTransform>600000,10,0,5500020,0,-10</GeoTransform><VRTRasterBand dataType="UInt16" band="1"/></VRTDataset>'
        }
        Copy-Item -LiteralPath $sample -Destination x.tif
        $script:exact = Get-Reference exact1d $sample 4 2 3 4 5 6
    }
    AfterAll { Pop-Location }

    It 'Get-RasterBand prints the README''s table' {
        $example = Get-ReadmeExample 'Get-RasterBand'
        (Invoke-Expression $example.Command | Out-String -Width 200 | Get-Lines) | Should -Be $example.Expected
    }

    It 'Join-RasterBand prints the README''s table' {
        $example = Get-ReadmeExample 'Join-RasterBand'
        (Invoke-Expression $example.Command | Out-String -Width 200 | Get-Lines) | Should -Be $example.Expected
    }

    It 'Invoke-KMeansCluster on the stack prints the README''s table; the inertia is that of the labels it writes, and no worse than scikit-learn''s' {
        $example = Get-ReadmeExample 'Invoke-KMeansCluster'
        $map = Invoke-Expression $example.Command
        ($map | Out-String -Width 200 | Get-Lines) | Should -Be $example.Expected
        $map | Export-GeoTiff stack-k4.tif
        $measured = Get-Reference labels $sample (Join-Path $scratch 'stack-k4.tif')
        $measured.counts | Should -Be @($map.ClassPixelCounts)
        # The inertia is the squared distance of each pixel to its class's centre: never below the
        # squared distance to its class's mean, and (once converged) within a hair of it.
        $toCentres = Get-Reference distances $sample (Join-Path $scratch 'stack-k4.tif') (ConvertTo-Json -Compress -InputObject @($map.Model.Centres | ForEach-Object { , @($_) }))
        [math]::Abs($toCentres.inertia - $map.Inertia) / $toCentres.inertia | Should -BeLessThan 1e-5
        $map.Inertia | Should -BeGreaterOrEqual ($measured.inertia * (1 - 1e-6))
        [math]::Abs($measured.inertia - $map.Inertia) / $measured.inertia | Should -BeLessThan 1e-4
        $map.Inertia | Should -BeLessOrEqual ((Get-Reference sklearn $sample 4).inertia * 1.001)
    }

    It 'Export-GeoTiff -ClassName -PassThru returns the file it wrote, with the category names' {
        $block = @(Get-ReadmeBlock 'Export-GeoTiff' | Where-Object { $_.Text -like 'PS> *' })[0]
        $file = Invoke-Expression $block.Text.Trim().Substring(4)
        $file | Should -BeOfType ([System.IO.FileInfo])
        $file.FullName | Should -Be (Join-Path $scratch 'water.tif')
        $info = (& gdalinfo -json water.tif) -join "`n" | ConvertFrom-Json -AsHashtable
        $info.bands[0].categories | Should -Be @('Water', 'Land')
        (Get-Reference labels $sample (Join-Path $scratch 'water.tif') 4).counts | Should -Be $exact['2'].counts
    }

    It 'Export-KMeansModel / Import-KMeansModel: the README''s three lines apply June''s model to July' {
        # June: the sample's band 4; July: another scene (band 3 of the sample, so other pixel values).
        Invoke-GdalTranslate -b 4 $sample T31UFQ_20260601_B08.tif
        Invoke-GdalTranslate -b 3 $sample T31UFQ_20260701_B08.tif
        $code = @(Get-ReadmeBlock 'Fit once, apply anywhere: Export-KMeansModel, Import-KMeansModel')[0].Text
        Invoke-Expression $code
        $saved = Get-Content -Raw water.json | ConvertFrom-Json
        $model | Should -Not -BeNullOrEmpty
        $model.K | Should -Be 2
        [math]::Abs($model.Centres[0][0] - $exact['2'].centres[0]) | Should -BeLessThan 1e-9
        [math]::Abs($model.Centres[1][0] - $exact['2'].centres[1]) | Should -BeLessThan 1e-9
        # July's labels: each pixel gets the nearer of June's two centres.
        (Get-Reference nearest $sample 3 (Join-Path $scratch 'july.tif') $exact['2'].centres[0] $exact['2'].centres[1]).differ | Should -Be 0
        $saved.K | Should -Be 2
    }

    It 'gives a window cut from a raster the labels it has in the classification of the whole' {
        Invoke-GdalTranslate -b 4 -srcwin 100 50 120 200 $sample window.tif
        Get-RasterBand window.tif | Invoke-KMeansCluster -Model (Import-KMeansModel water.json) | Export-GeoTiff window-labels.tif
        Get-RasterBand x.tif 4 | Invoke-KMeansCluster -Model (Import-KMeansModel water.json) | Export-GeoTiff whole-labels.tif
        Invoke-GdalTranslate -srcwin 100 50 120 200 whole-labels.tif whole-cut.tif
        (Get-Reference compare (Join-Path $scratch 'window-labels.tif') (Join-Path $scratch 'whole-cut.tif')).differ | Should -Be 0
    }

    It 'Measure-RasterClass prints the README''s table for water-land.tif' {
        $map = Get-RasterBand samples/L7_ETMs.tif 4 | Invoke-KMeansCluster -K 2
        $map | Export-GeoTiff water-land.tif -ClassName Water, Land -Force
        $example = Get-ReadmeExample 'Measure-RasterClass'
        (Invoke-Expression $example.Command | Out-String -Width 200 | Get-Lines) | Should -Be $example.Expected
    }

    It 'Measure-KMeansCluster prints the README''s table; inertias are the exact optima, silhouettes near scikit-learn''s' {
        $example = Get-ReadmeExample 'Choosing K: Measure-KMeansCluster'
        $scores = @(Invoke-Expression $example.Command)
        ($scores | Out-String -Width 200 | Get-Lines) | Should -Be $example.Expected
        $silhouettes = Get-Reference silhouette $sample 4 2 3 4 5 6
        $scores.Count | Should -Be 5
        foreach ($score in $scores) {
            $k = "$($score.K)"
            [math]::Abs($score.Inertia - $exact[$k].inertia) / $exact[$k].inertia | Should -BeLessThan 1e-9
            [math]::Abs($score.Silhouette - $silhouettes[$k]) | Should -BeLessThan 0.03
        }
    }
}

Describe 'Batches (README)' {
    BeforeAll {
        $script:scratch = New-Scratch 'batches'
        Push-Location -LiteralPath $scratch
        New-Item -ItemType Directory scenes, maps | Out-Null
        # Three scenes whose band 4 differs: the sample, a window of it, and its bands reordered.
        Copy-Item -LiteralPath $sample scenes/a.tif
        Invoke-GdalTranslate -srcwin 0 0 200 300 $sample scenes/b.tif
        Invoke-GdalTranslate -b 6 -b 5 -b 1 -b 2 -b 3 -b 4 $sample scenes/c.tif
        $script:blocks = @(Get-ReadmeBlock 'Batches')
    }
    AfterAll { Pop-Location }

    It 'Get-ChildItem | ... | Export-GeoTiff -Destination -Suffix writes one map per scene, each the exact partition of its band 4' {
        $blocks[0].Text | Should -Match '-Destination ./maps -Suffix _water'
        Invoke-Expression $blocks[0].Text
        foreach ($name in 'a', 'b', 'c') {
            $expected = (Get-Reference exact1d (Join-Path $scratch "scenes/$name.tif") 4 2)['2'].counts
            (Get-Reference labels (Join-Path $scratch "scenes/$name.tif") (Join-Path $scratch "maps/${name}_water.tif") 4).counts | Should -Be $expected
        }
    }

    It 'the delay-bind -Path script block writes each map beside its scene, the same bytes' {
        $blocks[1].Text | Should -Match '-Path \{'
        Invoke-Expression $blocks[1].Text
        foreach ($name in 'a', 'b', 'c') {
            (Get-FileHash "scenes/${name}_water.tif").Hash | Should -Be (Get-FileHash "maps/${name}_water.tif").Hash
        }
    }

    It 'a file that fails is an error record; the others are still written' {
        New-Item -ItemType Directory broken-batch, broken-maps | Out-Null
        Copy-Item scenes/a.tif, scenes/b.tif broken-batch/
        Set-Content broken-batch/damaged.tif 'not a raster'
        Get-ChildItem ./broken-batch/*.tif | Get-RasterBand -Band 4 -ErrorVariable failed -ErrorAction SilentlyContinue | Invoke-KMeansCluster -K 2 | Export-GeoTiff -Destination ./broken-maps -Suffix _water
        @($failed).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'RasterOpenFailed,*'
        (Get-ChildItem broken-maps).Name | Sort-Object | Should -Be @('a_water.tif', 'b_water.tif')
    }

    Context 'side by side, as the README shows, against sequential runs' {
        BeforeAll {
            # Sequential reference: the same pipeline, one scene after the other.
            New-Item -ItemType Directory sequential | Out-Null
            foreach ($scene in Get-ChildItem ./scenes/?.tif) {
                Get-RasterBand $scene.FullName | Join-RasterBand | Invoke-KMeansCluster -K 4 -Seed 1 | Export-GeoTiff -Destination ./sequential -Suffix _k4
            }
            $script:sequentialHashes = Get-ChildItem ./sequential | ForEach-Object { @{ $_.Name = (Get-FileHash $_.FullName).Hash } }
        }

        It '<Runner> writes the same bytes as sequential runs' -ForEach @(
            @{ Runner = 'ForEach-Object -Parallel'; Folder = 'parallel' }
            @{ Runner = 'Start-ThreadJob'; Folder = 'threadjob' }
        ) {
            $code = ($blocks | Where-Object { $_.Text -match [regex]::Escape($Runner) })[0].Text
            Push-Location (New-Item -ItemType Directory "$scratch/$Folder").FullName
            try {
                New-Item -ItemType Directory maps | Out-Null
                New-Item -ItemType Directory scenes | Out-Null
                Copy-Item ../scenes/?.tif scenes/
                Invoke-Expression $code
                foreach ($h in $sequentialHashes) {
                    $name = @($h.Keys)[0]
                    (Get-FileHash "maps/$name").Hash | Should -Be $h[$name] -Because $name
                }
                @(Get-ChildItem maps).Count | Should -Be 3
            } finally { Pop-Location }
        }
    }
}

Describe 'Printed forms (Out-String), against text written by hand' {
    BeforeAll {
        $script:map = Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 -Seed 1
    }

    It 'RasterBand, with a NoData value' {
        $withNoData = Join-Path $TestDrive 'nodata0.tif'
        Invoke-GdalTranslate -b 2 -b 4 -a_nodata 0 $sample $withNoData
        (Get-RasterBand $withNoData | Out-String -Width 200 | Get-Lines) | Should -Be @(
            'File        Band Width Height DataType NoData CRS'
            '----        ---- ----- ------ -------- ------ ---'
            'nodata0.tif    1   349    352 Byte          0 EPSG:31985'
            'nodata0.tif    2   349    352 Byte          0 EPSG:31985'
        )
    }

    It 'RasterStack' {
        (Get-RasterBand $sample | Join-RasterBand | Out-String -Width 200 | Get-Lines) | Should -Be @(
            'Name                          Bands Width Height CRS'
            '----                          ----- ----- ------ ---'
            'L7_ETMs.tif bands 1,2,3,4,5,6     6   349    352 EPSG:31985'
        )
    }

    It 'ClassifiedRaster' {
        ($map | Out-String -Width 200 | Get-Lines) | Should -Be @(
            'Source             K     Inertia Iterations Converged PixelsPerClass'
            '------             -     ------- ---------- --------- --------------'
            'L7_ETMs.tif band 4 2 1.76681E+07          1 True      21131, 101717'
        )
        $map.GetType().Name | Should -Be 'ClassifiedRaster'
    }

    It 'RasterClass' {
        ($map.Classes | Out-String -Width 200 | Get-Lines) | Should -Be @(
            'Class Name    Centre  PixelCount Percent Hectares SquareKilometres'
            '----- ----    ------  ---------- ------- -------- ----------------'
            '    0 Class 0 16.1215      21131   17.20  1716.37          17.1637'
            '    1 Class 1 68.192      101717   82.80  8261.96          82.6196'
        )
    }

    It 'KMeansModel' {
        ($map.Model | Out-String -Width 200 | Get-Lines) | Should -Be @(
            'K Bands     Inertia Iterations Converged Method         Centres'
            '- -----     ------- ---------- --------- ------         -------'
            '2     1 1.76681E+07          1 True      ExactHistogram (16.122) (68.192)'
        )
    }

    It 'KMeansScore' {
        (Get-RasterBand $sample 4 | Measure-KMeansCluster -K 2, 3 | Out-String -Width 200 | Get-Lines) | Should -Be @(
            'K     Inertia Silhouette Method'
            '-     ------- ---------- ------'
            '2 1.76681E+07      0.735 ExactHistogram'
            '3 6.42667E+06      0.629 ExactHistogram'
        )
    }
}

Describe 'Tab completion of -Band' {
    It 'completes the band numbers of the file named: <Bands> bands' -ForEach @(
        @{ Bands = 6; Translate = @() }
        @{ Bands = 2; Translate = @('-b', '1', '-b', '5') }
    ) {
        $file = Join-Path $TestDrive "complete-$Bands.tif"
        Invoke-GdalTranslate @Translate $sample $file
        $count = @(((& gdalinfo -json $file) -join "`n" | ConvertFrom-Json -AsHashtable).bands).Count
        $count | Should -Be $Bands
        $line = "Get-RasterBand '$file' -Band "
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($completion.CompletionMatches.CompletionText) | Should -Be @(1..$count | ForEach-Object { "$_" })
    }
}

Describe 'Every ErrorId of the README''s error table, with its category' {
    BeforeAll {
        $script:errorScratch = Join-Path $TestDrive 'errors'
        New-Item -ItemType Directory $errorScratch | Out-Null
        function Join-Scratch([string] $name) { Join-Path $errorScratch $name }
        Set-Content (Join-Scratch 'text.tif') 'not a raster'
        Set-Content (Join-Scratch 'not-a-model.json') '{ "this": "is not a model" }'
        Invoke-GdalTranslate -of GTiff -co TILED=NO $sample (Join-Scratch 'whole.tif')
        $bytes = [IO.File]::ReadAllBytes((Join-Scratch 'whole.tif'))
        [IO.File]::WriteAllBytes((Join-Scratch 'truncated.tif'), $bytes[0..($bytes.Length / 3)])
        Invoke-GdalTranslate -srcwin 0 0 100 100 $sample (Join-Scratch 'small.tif')
        Invoke-GdalTranslate -b 4 -ot Float32 $sample (Join-Scratch 'float.tif')
        Get-Reference make (Join-Scratch 'two-values.tif') 3 2 Byte none 1 1 1 7 7 7 | Out-Null
        Get-Reference make (Join-Scratch 'all-nodata.tif') 2 2 UInt16 9 9 9 9 9 | Out-Null
        & gdal_create -q -outsize 349 352 -ot Byte (Join-Scratch 'no-georeferencing.tif')
        Copy-Item $sample (Join-Scratch 'exists.tif')
        Copy-Item $sample (Join-Scratch 'input.tif')
        Invoke-GdalTranslate -b 4 -of JP2OpenJPEG -co QUALITY=100 -co REVERSIBLE=YES $sample (Join-Scratch 'b4.jp2')
        Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-KMeansModel (Join-Scratch 'one-band.json')
        # Sentinel-2 products (tests/tools/sentinel2_product.py): an L2A and an L1C zip, and an L2A zip cut short.
        $s2l2a = @(& /usr/bin/python3 (Join-Path $repo 'tests/tools/sentinel2_product.py') (Join-Scratch 's2-l2a') --zip --no-safe --size 60)[-1]
        $s2l1c = @(& /usr/bin/python3 (Join-Path $repo 'tests/tools/sentinel2_product.py') (Join-Scratch 's2-l1c') --zip --no-safe --size 60 --level L1C)[-1]
        $zipBytes = [IO.File]::ReadAllBytes($s2l2a)
        [IO.File]::WriteAllBytes((Join-Scratch 's2-truncated.zip'), $zipBytes[0..($zipBytes.Length / 2)])
        # Accuracy references (issue 19): a raster far from the sample, points and a polygon on it (GeoJSON in the sample's CRS).
        Invoke-GdalTranslate -a_ullr 0 10000 10000 0 $sample (Join-Scratch 'far.tif')
        $t = (Get-RasterBand $sample 4).GeoTransform
        $px = { param($col, $row) '[{0}, {1}]' -f ($t.OriginX + ($col + 0.5) * $t.PixelWidth).ToString([cultureinfo]::InvariantCulture), ($t.OriginY + ($row + 0.5) * $t.PixelHeight).ToString([cultureinfo]::InvariantCulture) }
        $point = { param($col, $row, $value) '{"type": "Feature", "properties": {"reference": "' + $value + '"}, "geometry": {"type": "Point", "coordinates": ' + (& $px $col $row) + '}}' }
        $crs = '"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::31985"}}'
        Set-Content (Join-Scratch 'one-point.geojson') ('{"type": "FeatureCollection", ' + $crs + ', "features": [' + (& $point 10 10 'Land') + ']}')
        $polygon = '{"type": "Feature", "properties": {"reference": "Land"}, "geometry": {"type": "Polygon", "coordinates": [[' + ((& $px 0 0), (& $px 5 0), (& $px 5 5), (& $px 0 0) -join ', ') + ']]}}'
        Set-Content (Join-Scratch 'mixed.geojson') ('{"type": "FeatureCollection", ' + $crs + ', "features": [' + (& $point 10 10 'Land') + ', ' + $polygon + ']}')

        # One way to provoke each ErrorId; each returns the error records written.
        $script:provoke = @{
            PathNotFound           = { Get-RasterBand (Join-Scratch 'missing.tif') -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            PathIsFolder           = { Get-RasterBand $errorScratch -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            RasterOpenFailed       = { Get-RasterBand (Join-Scratch 'text.tif') -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            RasterReadFailed       = { Get-RasterBand (Join-Scratch 'truncated.tif') 1 | Invoke-KMeansCluster -K 2 -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            BandOutOfRange         = { Get-RasterBand $sample 7 -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            MaskNotAligned         = { Get-RasterBand $sample 4 | Set-RasterMask (Join-Scratch 'no-georeferencing.tif') 3 -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            NotSentinel2Product    = { Get-Sentinel2Band $sample -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            BandNotInProduct       = { Get-Sentinel2Band $s2l2a B10 -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            DamagedProduct         = { Get-Sentinel2Band (Join-Scratch 's2-truncated.zip') -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            SclMissing             = { Get-Sentinel2Band $s2l1c B08 -CloudMask -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            InvalidExpression      = { try { Get-RasterBand $sample | Get-SpectralIndex -Expression '(b1 - ' -ErrorAction Stop } catch { $_ } }
            UnknownBandName        = { try { Get-RasterBand $sample | Get-SpectralIndex -Expression 'B99 / b1' -ErrorAction Stop } catch { $_ } }
            MissingBandRole        = { try { Get-RasterBand $sample 2, 4 | Get-SpectralIndex MNDWI -BandRole @{ Green = 2 } -ErrorAction Stop } catch { $_ } }
            MixedProducts          = {
                $of = { param($n, $name, $product) (Get-RasterBand $sample $n).WithProductInfo([RasterCmdlets.Core.Rasters.ProductInfo]::new($name, $product, 'L2A', $null, 'T30STF', '05.09')) }
                try { (& $of 2 B03 A), (& $of 5 B11 B) | Get-SpectralIndex MNDWI -ErrorAction Stop } catch { $_ }
            }
            BandsNotAligned        = { try { Get-RasterBand $sample, (Join-Scratch 'small.tif') 1 | Join-RasterBand -ErrorAction Stop } catch { $_ } }
            KExceedsDistinctValues = { Get-RasterBand (Join-Scratch 'two-values.tif') | Invoke-KMeansCluster -K 3 -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            NoValidPixels          = { Get-RasterBand (Join-Scratch 'all-nodata.tif') | Invoke-KMeansCluster -K 2 -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            OutputExists           = { Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff (Join-Scratch 'exists.tif') -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            OutputIsInput          = { Get-RasterBand (Join-Scratch 'input.tif') 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff (Join-Scratch 'input.tif') -Force -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            OutputFolderNotFound   = { Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff -Destination (Join-Scratch 'no-such-folder') -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            WriteFailed            = { Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff /proc/rastercmdlets-out.tif -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            BandCountMismatch      = { Get-RasterBand $sample 1, 2 | Join-RasterBand | Invoke-KMeansCluster -Model (Import-KMeansModel (Join-Scratch 'one-band.json')) -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            InvalidModelFile       = { Import-KMeansModel (Join-Scratch 'not-a-model.json') -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            NotAClassMap           = { Get-RasterBand (Join-Scratch 'float.tif') | Measure-RasterClass -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            ClassNameCountMismatch = { Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff (Join-Scratch 'names.tif') -ClassName Water -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            InvalidCompressionLevel = { Get-RasterBand $sample 4 | Export-GeoTiff (Join-Scratch 'level.tif') -Compression DEFLATE -CompressionLevel 12 -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            InvalidSetting         = {
                $env:RASTERCMDLETS_KEEP_MEMORY_MB = 'lots'
                try { Get-RasterBand (Join-Scratch 'b4.jp2') | Invoke-KMeansCluster -K 2 -ErrorAction SilentlyContinue -ErrorVariable e; $e }
                finally { Remove-Item env:RASTERCMDLETS_KEEP_MEMORY_MB }
            }
            UnsupportedInput       = { 'not a band' | Measure-RasterSummary -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            MaskRasterNotSupported = { Get-RasterBand $sample 4 | Set-RasterMask $sample -Band 1 -Value 255 | Export-RasterPreview (Join-Scratch 'masked.png') -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            NoOverlap              = { Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Measure-ClassAccuracy (Join-Scratch 'far.tif') -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            ReferenceFieldNotFound = { Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Measure-ClassAccuracy (Join-Scratch 'one-point.geojson') -ReferenceField truth -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            ClassNotInMap          = { Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Measure-ClassAccuracy $sample -ClassMap @{ Lava = 1 } -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            InvalidClassMap        = { Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Measure-ClassAccuracy $sample -ClassName Water, Land -ClassMap @{ Water = 1; Land = 1 } -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            StratumNotSampled      = { Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Measure-ClassAccuracy (Join-Scratch 'one-point.geojson') -Stratified -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            StratifiedNeedsPoints  = { Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Measure-ClassAccuracy $sample -Stratified -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            MixedReferenceGeometry = { Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Measure-ClassAccuracy (Join-Scratch 'mixed.geojson') -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            NoGeoTransform         = { Get-RasterBand (Join-Scratch 'no-georeferencing.tif') | Measure-ClassAccuracy (Join-Scratch 'one-point.geojson') -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            # Compare-RasterClass, Measure-ClassFrequency, Export-ClassAreaChart (tests/ClassChange.Tests.ps1 tests them against numpy).
            TooManyClasses         = { & gdal_create -q -ot UInt16 -outsize 4 4 -burn 300 (Join-Scratch 'classes-300.tif'); Compare-RasterClass (Get-RasterBand (Join-Scratch 'classes-300.tif') 1) (Get-RasterBand (Join-Scratch 'classes-300.tif') 1) -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            ClassNotFound          = { try { Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Measure-ClassFrequency -Class Snow -ClassName Water, Land } catch { $_ } }
            DateCountMismatch      = { try { Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Measure-ClassFrequency -Class 0 -Date 2023-01-01, 2023-02-01 } catch { $_ } }
            NoClassMaps            = { try { @() | Measure-ClassFrequency -Class 0 } catch { $_ } }
            NoAreas                = { @() | Export-ClassAreaChart (Join-Scratch 'none.png') -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            SeveralClasses         = { Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Measure-RasterClass | Select-Object *, @{ n = 'Date'; e = { [datetime]'2023-01-01' } } | Export-ClassAreaChart (Join-Scratch 'several.png') -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            MixedAreaUnits         = { [pscustomobject]@{ Name = 'Water'; Area = 1.0; AreaUnit = 'm²'; Date = [datetime]'2023-01-01' }, [pscustomobject]@{ Name = 'Water'; Area = 2.0; AreaUnit = 'ft²'; Date = [datetime]'2023-02-01' } | Export-ClassAreaChart (Join-Scratch 'units.png') -ErrorAction SilentlyContinue -ErrorVariable e; $e }
            SummaryMismatch        = { (Get-RasterBand $sample 4 | Measure-RasterSummary), (Get-RasterBand $sample 1, 2 | Join-RasterBand | Measure-RasterSummary) | Measure-RasterSummary -Merge -ErrorAction SilentlyContinue -ErrorVariable e | Out-Null; $e }
            # GDAL is loaded once per process: a machine without it is a child pwsh told to load a library that does not exist.
            GdalNotFound           = {
                $r = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-Command',
                    "Import-Module '$repo/RasterCmdlets.psd1'; Get-RasterBand '$sample' -ErrorAction SilentlyContinue; `$Error[0].FullyQualifiedErrorId; [string]`$Error[0].CategoryInfo.Category" `
                    -Environment @{ RASTERCMDLETS_GDAL_LIBRARY = '/nonexistent/libgdal.so' }
                $lines = $r.Out | Get-Lines
                [pscustomobject]@{ FullyQualifiedErrorId = $lines[0]; CategoryInfo = [pscustomobject]@{ Category = $lines[1] } }
            }
        }
    }

    It '<ErrorId> (<Category>)' -ForEach $errorRows {
        $provoke.ContainsKey($ErrorId) | Should -BeTrue -Because "the README documents ${ErrorId}: the suite must provoke it"
        $records = @(& $provoke[$ErrorId])
        $records.Count | Should -BeGreaterOrEqual 1
        $records[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        "$($records[0].CategoryInfo.Category)" | Should -Be $Category
    }

    It 'the README lists at least the 16 ErrorIds it always had' {
        $errorRows.Count | Should -BeGreaterOrEqual 16
    }
}

Describe 'The module as users install it' {
    BeforeAll {
        $script:published = Join-Path $repo 'module/RasterCmdlets'
        $script:installBlocks = @(Get-ReadmeBlock 'Installing the module' | Where-Object { $_.Lang -eq 'powershell' })
    }

    It 'Test-ModuleManifest passes on the publishable module, with the version of Directory.Build.props' {
        $manifest = Test-ModuleManifest -Path (Join-Path $published 'RasterCmdlets.psd1') -ErrorAction Stop
        $version = ([xml](Get-Content -Raw (Join-Path $repo 'Directory.Build.props'))).Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
        "$($manifest.Version)" | Should -Be $version
        @($manifest.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($cmdletNames | Sort-Object)
        { Test-ModuleManifest -Path (Join-Path $repo 'RasterCmdlets.psd1') -ErrorAction Stop } | Should -Not -Throw
    }

    It 'is published with Publish-PSResource, installed with Install-PSResource into a fresh profile, imported by name elsewhere, and runs the used-by line' {
        $feed = New-Item -ItemType Directory (Join-Path $TestDrive 'psrepo')
        $publisherHome = New-Item -ItemType Directory (Join-Path $TestDrive 'publisher-home')
        $userHome = New-Item -ItemType Directory (Join-Path $TestDrive 'user-home')
        $work = New-Item -ItemType Directory (Join-Path $TestDrive 'elsewhere')
        Copy-Item $sample (Join-Path $work 'x.tif')
        # The README's commands as written, the folder repository's path put in (and the module's, for the publisher).
        $publish = $installBlocks[0].Text -replace '/srv/psrepo', $feed.FullName -replace '\./module/RasterCmdlets', $published
        $install = $installBlocks[1].Text -replace '/srv/psrepo', $feed.FullName
        $usedBy = (@(Get-ReadmeBlock 'RasterCmdlets')[0].Text).Trim()
        $usedBy | Should -BeLike 'Get-RasterBand x.tif 1 | *'
        # A profile of its own. ~/.local/share must exist: .NET reports no LocalApplicationData without
        # it, and PSResourceGet then keeps its repository list in ./PSResourceGet of the current folder.
        $isolated = {
            param($home_)
            New-Item -ItemType Directory "$home_/.local/share", "$home_/.config", "$home_/.cache" -Force | Out-Null
            @{ HOME = $home_; XDG_DATA_HOME = "$home_/.local/share"; XDG_CONFIG_HOME = "$home_/.config"; XDG_CACHE_HOME = "$home_/.cache" }
        }

        $p = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-Command', "`$ErrorActionPreference = 'Stop'`n$publish" `
            -Environment (& $isolated $publisherHome.FullName) -RemoveEnvironment PSModulePath
        $p.Err | Should -BeNullOrEmpty
        $p.Code | Should -Be 0
        (Get-ChildItem $feed).Name | Should -Be 'RasterCmdlets.0.1.0.nupkg'

        $check = @"
`$ErrorActionPreference = 'Stop'
$install
$usedBy
(Get-Module RasterCmdlets).ModuleBase
(Get-Command Get-RasterBand).Source
"@
        $u = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-Command', $check -WorkingDirectory $work.FullName `
            -Environment (& $isolated $userHome.FullName) -RemoveEnvironment PSModulePath
        $u.Err | Should -BeNullOrEmpty
        $u.Code | Should -Be 0
        $lines = $u.Out | Get-Lines
        $lines[-2] | Should -BeLike "$($userHome.FullName)/.local/share/powershell/Modules/RasterCmdlets/0.1.0*"
        $lines[-1] | Should -Be 'RasterCmdlets'
        $out = Join-Path $work 'out.tif'
        (Get-Reference labels $sample $out 1).counts | Should -Be (Get-Reference exact1d $sample 1 2)['2'].counts
    }
}
