# Pester 5 suite of issue 12's COGs over HTTP: a DEFLATE Cloud Optimized GeoTIFF read through
# /vsicurl/ from nginx (Debian's) on loopback classifies, gives the same class map as the local file,
# and the file is read at most once, also when it is larger than GDAL's /vsicurl/ cache (the fit
# keeps the decoded pixels for the write).
#   Invoke-Pester -Path ./tests/Cog.Tests.ps1 -Output Detailed
# nginx runs with its own prefix, configuration, logs and pid in $TestDrive (no system configuration
# is read or touched), in the foreground as one process, and is stopped by its own process id. The bytes it sent
# are summed from its access log ($body_bytes_sent per request), not measured by the module.
#
# samples/L7_ETMs.tif: Landsat 7 ETM+, 349 x 352 pixels, 6 Byte bands, EPSG:31985.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../RasterCmdlets.psd1') -Force -ErrorAction Stop
    . (Join-Path $PSScriptRoot 'tools/ChildProcess.ps1')
    $script:sample = (Resolve-Path (Join-Path $PSScriptRoot '../samples/L7_ETMs.tif')).ProviderPath
    $script:nginxExe = @((Get-Command nginx -CommandType Application -ErrorAction SilentlyContinue).Source) + '/usr/sbin/nginx' |
        Where-Object { $_ -and (Test-Path -LiteralPath $_) } | Select-Object -First 1
    if (-not $nginxExe) { throw 'nginx is not installed (test.sh installs it: scripts/bootstrap.sh ensure_nginx)' }

    $script:site = Join-Path $TestDrive 'nginx'
    $html = Join-Path $site 'html'
    New-Item -ItemType Directory $html, (Join-Path $site 'logs'), (Join-Path $site 'temp') | Out-Null

    # Several copies of one COG, one per test: GDAL caches what /vsicurl/ downloaded for the life of
    # the process, so each count starts from a URL this process has never read.
    $script:cog = Join-Path $html 'l7.tif'
    & gdal_translate -q -of COG -co COMPRESS=DEFLATE $sample $cog
    if ($LASTEXITCODE -ne 0) { throw 'gdal_translate -of COG failed' }
    foreach ($name in 'same.tif', 'count.tif', 'stack.tif') { Copy-Item -LiteralPath $cog -Destination (Join-Path $html $name) }
    # A COG larger than the /vsicurl/ cache a test gives its child pwsh (1 MB): 16-bit noise over
    # band 4 at four times the resolution, which DEFLATE cannot shrink below a few megabytes.
    $script:bigCog = Join-Path $html 'big.tif'
    $noisy = Join-Path $TestDrive 'noisy.tif'
    & /usr/bin/python3 -c @'
import sys, numpy as np
from osgeo import gdal
src = gdal.Open(sys.argv[1])
b4 = np.kron(src.GetRasterBand(4).ReadAsArray().astype(np.float64), np.ones((4, 4)))
noise = np.random.default_rng(7).normal(0, 40, b4.shape)
out = gdal.GetDriverByName('GTiff').Create(sys.argv[2], b4.shape[1], b4.shape[0], 1, gdal.GDT_UInt16)
gt = list(src.GetGeoTransform()); gt[1] /= 4; gt[5] /= 4
out.SetGeoTransform(gt); out.SetProjection(src.GetProjection())
out.GetRasterBand(1).WriteArray(np.clip(b4 * 40 + noise, 1, 65535).astype(np.uint16)); out = None
'@ $sample $noisy
    if ($LASTEXITCODE -ne 0) { throw 'making the noisy raster failed' }
    & gdal_translate -q -of COG -co COMPRESS=DEFLATE $noisy $bigCog
    if ($LASTEXITCODE -ne 0) { throw 'gdal_translate -of COG failed' }

    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $script:port = $listener.LocalEndpoint.Port; $listener.Stop()
    $conf = Join-Path $site 'nginx.conf'
    Set-Content -LiteralPath $conf -Value @"
# One process, no workers: stopping it by its pid stops the whole server (a master killed outright
# would leave its workers behind).
master_process off;
error_log $site/logs/error.log;
events { worker_connections 64; }
http {
    log_format bytes '`$request_method `$uri `$status `$body_bytes_sent "`$http_range"';
    access_log $site/logs/access.log bytes;
    default_type application/octet-stream;
    client_body_temp_path $site/temp/body;
    proxy_temp_path $site/temp/proxy;
    fastcgi_temp_path $site/temp/fastcgi;
    uwsgi_temp_path $site/temp/uwsgi;
    scgi_temp_path $site/temp/scgi;
    server {
        listen 127.0.0.1:$port;
        root $html;
    }
}
"@
    $start = [System.Diagnostics.ProcessStartInfo]::new($nginxExe)
    foreach ($a in '-p', "$site/", '-c', $conf, '-g', "daemon off; pid $site/nginx.pid;") { $start.ArgumentList.Add($a) }
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $script:nginx = [System.Diagnostics.Process]::Start($start)
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while ($true) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect('127.0.0.1', $port); break } catch { } finally { $client.Dispose() }
        if ($nginx.HasExited) { throw "nginx exited: $($nginx.StandardError.ReadToEnd())" }
        if ([DateTime]::UtcNow -gt $deadline) { throw 'nginx did not start listening within 10 s' }
        Start-Sleep -Milliseconds 50
    }
    $script:base = "/vsicurl/http://127.0.0.1:$port"

    # Requests nginx served for one file: method, status and bytes sent.
    function Get-Served([string] $Name) {
        Get-Content -LiteralPath (Join-Path $site 'logs/access.log') | ForEach-Object {
            $method, $uri, $status, $bytes, $null = $_ -split ' '
            if ($uri -eq "/$Name") { [pscustomobject]@{ Method = $method; Status = [int]$status; Bytes = [long]$bytes; Range = ($_ -split '"')[1] } }
        }
    }
}

AfterAll {
    if ($nginx -and -not $nginx.HasExited) { $nginx.Kill(); $nginx.WaitForExit(5000) | Out-Null }
}

Describe 'COGs over HTTP (/vsicurl/)' {
    It 'the server answers range requests (206), as /vsicurl/ needs' {
        $request = [System.Net.Http.HttpRequestMessage]::new('GET', "http://127.0.0.1:$port/l7.tif")
        $request.Headers.Range = [System.Net.Http.Headers.RangeHeaderValue]::new(0, 99)
        $client = [System.Net.Http.HttpClient]::new()
        try { $response = $client.Send($request) } finally { $client.Dispose() }
        [int]$response.StatusCode | Should -Be 206
    }

    It 'a DEFLATE COG read through /vsicurl/ classifies into the same bytes as the local file' {
        $remote = Join-Path $TestDrive 'remote.tif'
        $local = Join-Path $TestDrive 'local.tif'
        $band = Get-RasterBand "$base/same.tif" 4
        $band.Driver | Should -Be 'GTiff'
        $band | Invoke-KMeansCluster -K 2 | Export-GeoTiff $remote
        Get-RasterBand $cog 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff $local
        (Get-FileHash -LiteralPath $remote).Hash | Should -Be (Get-FileHash -LiteralPath $local).Hash
    }

    It 'reads the file at most once for the fit and the write together' {
        $size = (Get-Item -LiteralPath $cog).Length
        Get-RasterBand "$base/count.tif" 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff (Join-Path $TestDrive 'count-map.tif')
        $served = @(Get-Served 'count.tif')
        $sent = ($served | Measure-Object Bytes -Sum).Sum
        Write-Host "count.tif: $size bytes; nginx sent $sent bytes in $($served.Count) requests: $(($served | ForEach-Object { "$($_.Method) $($_.Status) $($_.Range) $($_.Bytes)" }) -join '; ')"
        $sent | Should -BeGreaterThan 0
        # GDAL's /vsicurl/ caches what it downloaded (16 KB chunks, 16 MB by default) for the whole
        # process, and every worker's dataset shares that cache: the second pass (the write) and the
        # other workers' header reads cost nothing. The file is then sent once; the slack is one
        # chunk, for a first header read GDAL may repeat before it knows the file's size.
        $sent | Should -BeLessOrEqual ($size + 16384)
    }

    It 'reads a COG larger than the /vsicurl/ cache once: the write reads the pixels the fit kept' {
        $size = (Get-Item -LiteralPath $bigCog).Length
        $size | Should -BeGreaterThan 2MB
        $out = Join-Path $TestDrive 'big-map.tif'
        $manifest = Join-Path $PSScriptRoot '../RasterCmdlets.psd1'
        # GDAL sizes its /vsicurl/ cache once per process, from this setting: a child pwsh gets a small one.
        $child = Invoke-ChildPwsh -ArgumentList '-NoProfile', '-NonInteractive', '-Command',
            "Import-Module '$manifest'; Get-RasterBand '$base/big.tif' 1 | Invoke-KMeansCluster -K 2 | Export-GeoTiff '$out'; exit `$Error.Count" `
            -Environment @{ CPL_VSIL_CURL_CACHE_SIZE = '1048576' }
        $child.Code | Should -Be 0 -Because $child.Err
        $sent = (@(Get-Served 'big.tif') | Measure-Object Bytes -Sum).Sum
        Write-Host "big.tif: $size bytes; nginx sent $sent"
        $sent | Should -BeLessOrEqual ($size + 65536)
        $local = Join-Path $TestDrive 'big-local-map.tif'
        Get-RasterBand $bigCog 1 | Invoke-KMeansCluster -K 2 | Export-GeoTiff $local
        (Get-FileHash -LiteralPath $out).Hash | Should -Be (Get-FileHash -LiteralPath $local).Hash
    }

    It 'a stack of bands of a remote COG classifies, the file still read at most once' {
        $size = (Get-Item -LiteralPath $cog).Length
        $remote = Join-Path $TestDrive 'remote-stack.tif'
        $local = Join-Path $TestDrive 'local-stack.tif'
        Get-RasterBand "$base/stack.tif" 3, 4, 5 | Join-RasterBand | Invoke-KMeansCluster -K 3 -Seed 1 | Export-GeoTiff $remote
        Get-RasterBand $cog 3, 4, 5 | Join-RasterBand | Invoke-KMeansCluster -K 3 -Seed 1 | Export-GeoTiff $local
        (Get-FileHash -LiteralPath $remote).Hash | Should -Be (Get-FileHash -LiteralPath $local).Hash
        (@(Get-Served 'stack.tif') | Measure-Object Bytes -Sum).Sum | Should -BeLessOrEqual ($size + 16384)
    }
}
