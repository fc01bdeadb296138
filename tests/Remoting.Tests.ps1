# Pester 5: one model for a region over several machines, through PowerShell remoting over SSH, and
# the module's objects across process boundaries (Export-Clixml, Start-Job).
#
# The "machines" are sshd processes started here, each on its own loopback address (127.0.0.2, .3,
# .4) with this pwsh as its SSH subsystem, its own host key, and its own folder of tiles (named to
# the remote session by RASTER_TILES). Keys and configuration live in $TestDrive; nothing outside
# it is touched, and only the sshd pids started here are stopped. Needs openssh-server (.ci/run and
# test.sh install it) and GDAL's command-line tools.

BeforeAll {
    $script:manifest = (Resolve-Path (Join-Path $PSScriptRoot '../RasterCmdlets.psd1')).ProviderPath
    Import-Module $manifest -Force -ErrorAction Stop
    $script:sample = (Resolve-Path (Join-Path $PSScriptRoot '../samples/L7_ETMs.tif')).ProviderPath

    # The sample cut into four tiles, two of them labelled in another UTM zone: values do not care where they are.
    $script:tiles = @()
    $cuts = @(@(0, 0, 200, 180, 'A'), @(200, 0, 149, 180, 'A'), @(0, 180, 200, 172, 'B'), @(200, 180, 149, 172, 'B'))
    foreach ($host_ in 'A', 'B', 'C') { New-Item -ItemType Directory -Path (Join-Path $TestDrive "host$host_/tiles"), (Join-Path $TestDrive "host$host_/out") | Out-Null }
    for ($i = 0; $i -lt 4; $i++) {
        $x, $y, $w, $h, $holder = $cuts[$i]
        $path = Join-Path $TestDrive "host$holder/tiles/tile$i.tif"
        $srs = if ($i % 2) { @('-a_srs', 'EPSG:32724') } else { @() }
        & gdal_translate -q -srcwin $x $y $w $h @srs $sample $path
        if ($LASTEXITCODE -ne 0) { throw "gdal_translate failed for tile $i" }
        $script:tiles += $path
    }

    $script:sshd = Get-Command sshd -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1 -ExpandProperty Source
    if (-not $sshd -and (Test-Path /usr/sbin/sshd)) { $script:sshd = '/usr/sbin/sshd' }
    if (-not $sshd) { throw 'sshd is missing: apt-get install openssh-server (test.sh does)' }
    $keys = Join-Path $TestDrive 'keys'
    New-Item -ItemType Directory -Path $keys | Out-Null
    & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $keys 'client') | Out-Null
    Copy-Item (Join-Path $keys 'client.pub') (Join-Path $keys 'authorized_keys')
    $script:clientKey = Join-Path $keys 'client'
    New-Item -ItemType Directory -Path /run/sshd -Force | Out-Null   # sshd's privilege-separation folder

    # This very pwsh, as the SSH subsystem: the dotnet host running pwsh.dll.
    $dotnet = (Get-Process -Id $PID).Path
    $pwshDll = [System.Reflection.Assembly]::GetEntryAssembly().Location

    function Get-FreePort([string] $Address) {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Parse($Address), 0)
        $listener.Start()
        try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }

    # One "machine": an sshd on its own address, whose sessions see their own tiles folder.
    function Start-Host([string] $Name, [string] $Address, [string] $ExtraEnvironment = '') {
        $folder = Join-Path $TestDrive "host$Name"
        & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $folder 'hostkey') | Out-Null
        $subsystem = Join-Path $folder 'subsystem.sh'
        Set-Content -Path $subsystem -Value @(
            '#!/bin/sh'
            "export RASTER_TILES='$folder/tiles' RASTER_OUT='$folder/out' $ExtraEnvironment"
            "exec '$dotnet' '$pwshDll' -sshs -NoLogo -NoProfile"
        )
        & chmod +x $subsystem
        $port = Get-FreePort $Address
        $config = Join-Path $folder 'sshd_config'
        Set-Content -Path $config -Value @(
            "Port $port", "ListenAddress $Address", "HostKey $folder/hostkey", "AuthorizedKeysFile $keys/authorized_keys",
            'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes', 'StrictModes no',
            'PermitRootLogin yes', 'UsePAM no', 'PidFile none', "Subsystem powershell $subsystem"
        )
        $process = Start-Process -FilePath $sshd -ArgumentList '-D', '-e', '-f', $config -PassThru `
            -RedirectStandardError (Join-Path $folder 'sshd.log') -RedirectStandardOutput (Join-Path $folder 'sshd.out')
        # Wait until it listens (a few seconds at most).
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while ($true) {
            $client = [System.Net.Sockets.TcpClient]::new()
            try { $client.Connect($Address, $port); break } catch { if ([DateTime]::UtcNow -gt $deadline -or $process.HasExited) { throw "sshd on ${Address}:$port did not start: $(Get-Content (Join-Path $folder 'sshd.log') -Raw)" } } finally { $client.Dispose() }
            Start-Sleep -Milliseconds 100
        }
        [pscustomobject]@{ Name = $Name; Address = $Address; Port = $port; Process = $process; Folder = $folder }
    }

    function Connect-Host($TestHost) {
        New-PSSession -HostName $TestHost.Address -Port $TestHost.Port -UserName root -KeyFilePath $clientKey `
            -Options @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' } -ErrorAction Stop
    }

    $script:hostA = Start-Host A 127.0.0.2
    $script:hostB = Start-Host B 127.0.0.3
    # A machine without GDAL: the module is told to load a library that is not there.
    $script:hostC = Start-Host C 127.0.0.4 "RASTERCMDLETS_GDAL_LIBRARY=/nonexistent/libgdal.so.99"
    $script:sessionA = Connect-Host $hostA
    $script:sessionB = Connect-Host $hostB
    $script:sessionC = Connect-Host $hostC
    $script:sessions = @($sessionA, $sessionB)
    Invoke-Command -Session $sessionA, $sessionB, $sessionC { Import-Module $using:manifest -ErrorAction Stop }

    function Get-ModelBits($Model) {
        (($Model.Centres | ForEach-Object { ($_ | ForEach-Object { [BitConverter]::DoubleToInt64Bits($_).ToString('x') }) -join ',' }) -join ';') +
            "|$($Model.Inertia)|$($Model.Method)|$($Model.Seed)"
    }
}

AfterAll {
    Get-PSSession | Where-Object { $_.ComputerName -like '127.0.0.*' } | Remove-PSSession -ErrorAction SilentlyContinue
    foreach ($h in $hostA, $hostB, $hostC) { if ($h -and -not $h.Process.HasExited) { Stop-Process -Id $h.Process.Id -Force -ErrorAction SilentlyContinue } }
}

Describe 'One model for a region over two remoting hosts' {
    It 'each host holds different tiles' {
        $held = Invoke-Command -Session $sessions { (Get-ChildItem $env:RASTER_TILES -Filter *.tif).Name }
        ($held | Sort-Object) | Should -Be @('tile0.tif', 'tile1.tif', 'tile2.tif', 'tile3.tif')
        ($held | Where-Object PSComputerName -EQ '127.0.0.2').Count | Should -Be 2
    }

    It 'one band: summaries made remotely and merged here give the one-process model, bit for bit' {
        $summaries = Invoke-Command -Session $sessions { Get-ChildItem $env:RASTER_TILES -Filter *.tif | Get-RasterBand -Band 4 | Measure-RasterSummary }
        $summaries.Count | Should -Be 4
        $summaries[0].pstypenames | Should -Contain 'Deserialized.RasterCmdlets.Core.Clustering.RasterSummary'
        $remote = $summaries | New-KMeansModel -K 2
        $local = $tiles | Get-RasterBand -Band 4 | New-KMeansModel -K 2
        Get-ModelBits $remote | Should -Be (Get-ModelBits $local)
        $remote.Method | Should -Be 'ExactHistogram'
    }

    It 'stacks: summaries made remotely and merged here give the one-process model, bit for bit' {
        $summaries = Invoke-Command -Session $sessions {
            Get-ChildItem $env:RASTER_TILES -Filter *.tif | ForEach-Object { Get-RasterBand -LiteralPath $_.FullName -Band 1, 3, 4, 5 | Join-RasterBand | Measure-RasterSummary -Seed 3 }
        }
        $local = $tiles | ForEach-Object { Get-RasterBand $_ 1, 3, 4, 5 | Join-RasterBand | Measure-RasterSummary -Seed 3 }
        $remote = $summaries | New-KMeansModel -K 4
        Get-ModelBits $remote | Should -Be (Get-ModelBits ($local | New-KMeansModel -K 4))
        # -Seed chooses the initialisation on the summaries sampled with seed 3: no host reads its tiles again.
        $other = $summaries | New-KMeansModel -K 4 -Seed 8
        $other.Seed | Should -Be 8
        Get-ModelBits $other | Should -Be (Get-ModelBits ($local | New-KMeansModel -K 4 -Seed 8))
    }

    It 'the model sent back with $using: writes on each host the files that applying it here writes' {
        $model = $tiles | Get-RasterBand -Band 4 | New-KMeansModel -K 2
        $remoteHashes = Invoke-Command -Session $sessions {
            Get-ChildItem $env:RASTER_TILES -Filter *.tif | Get-RasterBand -Band 4 |
                Invoke-KMeansCluster -Model $using:model | Export-GeoTiff -Destination $env:RASTER_OUT -Suffix _water -PassThru |
                Get-FileHash -Algorithm SHA256 | ForEach-Object { '{0} {1}' -f (Split-Path $_.Path -Leaf), $_.Hash }
        }
        $localOut = Join-Path $TestDrive 'local-out'
        New-Item -ItemType Directory -Path $localOut -Force | Out-Null
        $localHashes = $tiles | Get-RasterBand -Band 4 | Invoke-KMeansCluster -Model $model |
            Export-GeoTiff -Destination $localOut -Suffix _water -PassThru |
            Get-FileHash -Algorithm SHA256 | ForEach-Object { '{0} {1}' -f (Split-Path $_.Path -Leaf), $_.Hash }
        ($remoteHashes | Sort-Object) | Should -Be ($localHashes | Sort-Object)
        $remoteHashes.Count | Should -Be 4
    }
}

Describe 'Failures name the host and the file, and the other hosts still answer' {
    It 'a file missing on one host' {
        $results = Invoke-Command -Session $sessions { Get-RasterBand (Join-Path $env:RASTER_TILES 'tile0.tif') -Band 4 | Measure-RasterSummary } `
            -ErrorVariable failures -ErrorAction SilentlyContinue
        @($results).Count | Should -Be 1
        $results[0].PSComputerName | Should -Be '127.0.0.2'
        $failures.Count | Should -Be 1
        $failures[0].OriginInfo.PSComputerName | Should -Be '127.0.0.3'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound*'
        "$($failures[0].TargetObject) $failures" | Should -BeLike '*tile0.tif*'
    }

    It 'a host without GDAL' {
        $results = Invoke-Command -Session $sessionA, $sessionC { Get-RasterBand $env:RASTER_TILES/../../hostA/tiles/tile0.tif -Band 4 | Measure-RasterSummary } `
            -ErrorVariable failures -ErrorAction SilentlyContinue
        @($results).Count | Should -Be 1
        $results[0].PSComputerName | Should -Be '127.0.0.2'
        $failures.Count | Should -Be 1
        $failures[0].OriginInfo.PSComputerName | Should -Be '127.0.0.4'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'GdalNotFound*'
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        "$($failures[0].TargetObject) $failures" | Should -BeLike '*tile0.tif*'
    }

    It 'an unreachable host' {
        $closed = Get-FreePort 127.0.0.9
        $session = New-PSSession -HostName 127.0.0.9 -Port $closed -UserName root -KeyFilePath $clientKey `
            -Options @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; ConnectTimeout = '5' } -ErrorVariable failures -ErrorAction SilentlyContinue
        $session | Should -BeNullOrEmpty
        $failures.Count | Should -BeGreaterThan 0
        ($failures | Out-String) | Should -BeLike '*127.0.0.9*'
        # The reachable hosts still answer.
        (Invoke-Command -Session $sessions { 1 }).Count | Should -Be 2
    }
}

Describe 'Objects across process boundaries' {
    It 'a model read back with Import-Clixml binds to -Model and classifies bit-identically' {
        $map = Get-RasterBand $sample | Join-RasterBand | Invoke-KMeansCluster -K 4 -Seed 2
        $map.Model | Export-Clixml (Join-Path $TestDrive 'model.xml')
        $copy = Import-Clixml (Join-Path $TestDrive 'model.xml')
        $copy.GetType().FullName | Should -Be 'RasterCmdlets.Core.Clustering.KMeansModel'
        Get-RasterBand $sample | Join-RasterBand | Invoke-KMeansCluster -Model $map.Model | Export-GeoTiff (Join-Path $TestDrive 'live.tif')
        Get-RasterBand $sample | Join-RasterBand | Invoke-KMeansCluster -Model $copy | Export-GeoTiff (Join-Path $TestDrive 'copy.tif')
        (Get-FileHash (Join-Path $TestDrive 'copy.tif')).Hash | Should -Be (Get-FileHash (Join-Path $TestDrive 'live.tif')).Hash
    }

    It 'a band and a class map returned by Start-Job work as live ones' {
        $job = Start-Job {
            Import-Module $using:manifest
            Get-RasterBand $using:sample 4
            Get-RasterBand $using:sample 4 | Invoke-KMeansCluster -K 3 -Seed 1
        }
        $band, $map = Receive-Job $job -Wait -AutoRemoveJob
        $band.GetType().Name | Should -Be 'RasterBand'
        $map.GetType().Name | Should -Be 'ClassifiedRaster'
        $band | Invoke-KMeansCluster -K 3 -Seed 1 | Export-GeoTiff (Join-Path $TestDrive 'job-band.tif')
        $map | Export-GeoTiff (Join-Path $TestDrive 'job-map.tif')
        Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 3 -Seed 1 | Export-GeoTiff (Join-Path $TestDrive 'here.tif')
        $here = (Get-FileHash (Join-Path $TestDrive 'here.tif')).Hash
        (Get-FileHash (Join-Path $TestDrive 'job-band.tif')).Hash | Should -Be $here
        (Get-FileHash (Join-Path $TestDrive 'job-map.tif')).Hash | Should -Be $here
    }
}
