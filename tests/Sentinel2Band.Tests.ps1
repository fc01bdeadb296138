# Pester 5 suite of Get-Sentinel2Band (issue 18): Sentinel-2 L1C/L2A products as ESA ships them,
# given as a .SAFE folder, its .zip or its MTD_MSIL*.xml, described as RasterBands that know their
# product; -Resolution, -CloudMask/-MaskClass, serialisation and every error.
#   Invoke-Pester -Path ./tests/Sentinel2Band.Tests.ps1 -Output Detailed
# Products are written by tests/tools/sentinel2_product.py (GDAL's JP2OpenJPEG driver). Expectations
# come from the product itself, never from the module: Python's xml.etree reads the metadata,
# gdal_translate and numpy read the JPEG 2000 files, tests/tools/reference.py gives the exact K-means.

BeforeAll {
    $script:repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).ProviderPath
    Import-Module (Join-Path $repo 'RasterCmdlets.psd1') -Force -ErrorAction Stop
    # As for an installed module: thread jobs and jobs load it by name.
    if (($env:PSModulePath -split [IO.Path]::PathSeparator) -notcontains (Join-Path $repo 'module')) {
        $env:PSModulePath = (Join-Path $repo 'module') + [IO.Path]::PathSeparator + $env:PSModulePath
    }
    $script:python = '/usr/bin/python3'
    $script:generator = Join-Path $repo 'tests/tools/sentinel2_product.py'
    $script:sample = Join-Path $repo 'samples/L7_ETMs.tif'

    . (Join-Path $PSScriptRoot 'tools/Python.ps1')

    # Writes a product into its own folder; returns @{ Safe; Zip; Mtd }.
    function New-Product {
        param([string] $Name, [string[]] $Arguments)
        $folder = Join-Path $TestDrive $Name
        $lines = @(& $python $generator $folder --zip --size 120 @Arguments)
        if ($LASTEXITCODE -ne 0) { throw "sentinel2_product.py failed: $lines" }
        $safe = $lines[0]
        $mtd = (Get-ChildItem -LiteralPath $safe -Filter 'MTD_MSIL*.xml').FullName
        @{ Safe = $safe; Zip = $lines[1]; Mtd = $mtd; Folder = $folder }
    }

    $script:l2a = New-Product 'l2a-0509' @('--level', 'L2A', '--baseline', '05.09')
    $script:old = New-Product 'l2a-0301' @('--level', 'L2A', '--baseline', '03.01', '--date', '2021-06-02', '--tile', 'T31UDQ')
    $script:l1c = New-Product 'l1c-0509' @('--level', 'L1C', '--baseline', '05.09')

    # What the metadata says, read with xml.etree: per band the scale and offset physical = DN*scale+offset.
    $script:readMetadata = @'
import sys, json, re, datetime
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
local = lambda e: e.tag.split('}')[-1]
def first(tag):
    return next(e for e in root.iter() if local(e) == tag)
level = 'L2A' if local(root).startswith('Level-2A') else 'L1C'
q = float(first('BOA_QUANTIFICATION_VALUE' if level == 'L2A' else 'QUANTIFICATION_VALUE').text)
names = {}
for e in root.iter():
    if local(e) == 'Spectral_Information':
        p = e.get('physicalBand')
        names[e.get('bandId')] = p if p == 'B8A' else 'B%02d' % int(p[1:])
offsets = {e.get('band_id'): float(e.text) for e in root.iter() if local(e) in ('BOA_ADD_OFFSET', 'RADIO_ADD_OFFSET')}
uri = first('PRODUCT_URI').text
start = datetime.datetime.fromisoformat(first('PRODUCT_START_TIME').text.replace('Z', '+00:00'))
nodata = [s for s in root.iter() if local(s) == 'Special_Values' and s.find('SPECIAL_VALUE_TEXT').text == 'NODATA'][0]
print(json.dumps({
    'product': uri[:-5], 'level': level, 'baseline': first('PROCESSING_BASELINE').text,
    'sensing': start.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%f'),
    'tile': re.search(r'_(T\d\d[A-Z]{3})_', uri).group(1),
    'nodata': float(nodata.find('SPECIAL_VALUE_INDEX').text),
    'scale': 1 / q,
    'offset': {names[i]: offsets.get(i, 0.0) / q for i in names},
    'hasOffsetList': len(offsets) > 0,
}))
'@
    function Get-Metadata([string] $Mtd) { Invoke-Python $readMetadata $Mtd | ConvertFrom-Json -AsHashtable }

    # The JPEG 2000 file of a band in a SAFE folder, by its ESA name and resolution.
    function Get-Jp2([string] $Safe, [string] $Band, [int] $Resolution) {
        $all = Get-ChildItem -LiteralPath $Safe -Recurse -Filter '*.jp2' | Where-Object { $_.FullName -match '/IMG_DATA/' }
        $hit = $all | Where-Object { $_.Name -match "_${Band}_${Resolution}m\.jp2$" -or $_.Name -match "_${Band}\.jp2$" }
        @($hit)[0].FullName
    }

    # Number of pixels of OUT (a GeoTIFF the module wrote) that differ from REF (gdal_translate of the JP2).
    $script:compareTo = @'
import sys, numpy as np
from osgeo import gdal
a, b = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2])
x, y = a.GetRasterBand(1).ReadAsArray(), b.GetRasterBand(1).ReadAsArray()
print(int(x.size), int((x != y).sum()), a.GetRasterBand(1).GetNoDataValue())
'@

    # The pixels a masked band leaves out: DN 0 or SCL (nearest onto the band's grid: each 20 m pixel
    # covers 2x2 10 m pixels) in a masked class. OUT is a class map of the band (Export-GeoTiff writes
    # a band's pixels as they are; a class map has NoData where they are left out). Prints pixels
    # masked, pixels of OUT whose validity differs, pixels of a masked class.
    $script:maskCheck = @'
import sys, numpy as np
from osgeo import gdal
band_jp2, scl_jp2, out, classes = sys.argv[1], sys.argv[2], sys.argv[3], [int(c) for c in sys.argv[4].split(',')]
b, s, o = gdal.Open(band_jp2), gdal.Open(scl_jp2), gdal.Open(out)
dn = b.GetRasterBand(1).ReadAsArray()
scl = s.GetRasterBand(1).ReadAsArray()
f = dn.shape[0] // scl.shape[0]
scl = np.repeat(np.repeat(scl, f, axis=0), f, axis=1)
masked = (dn == 0) | np.isin(scl, classes)
ob = o.GetRasterBand(1)
got = ob.ReadAsArray()
nd = ob.GetNoDataValue()
got_masked = got == nd
print(int(masked.sum()), int((masked != got_masked).sum()), int(np.isin(scl, classes).sum()))
'@
}

Describe 'Get-Sentinel2Band: what a band says of itself' {
    It 'gives <Name> the name, product, level, UTC sensing time, tile, baseline, scale, offset and NoData its metadata says' -ForEach @(
        @{ Name = 'L2A 05.09'; Key = 'l2a' }
        @{ Name = 'L2A 03.01'; Key = 'old' }
        @{ Name = 'L1C 05.09'; Key = 'l1c' }
    ) {
        $product = Get-Variable -Scope Script -Name $Key -ValueOnly
        $meta = Get-Metadata $product.Mtd
        $bands = @(Get-Sentinel2Band $product.Zip)
        $expectedNames = if ($meta.level -eq 'L2A') { 'B01', 'B02', 'B03', 'B04', 'B05', 'B06', 'B07', 'B08', 'B8A', 'B09', 'B11', 'B12' }
        else { 'B01', 'B02', 'B03', 'B04', 'B05', 'B06', 'B07', 'B08', 'B8A', 'B09', 'B10', 'B11', 'B12' }
        $bands.Name | Should -Be $expectedNames
        foreach ($band in $bands) {
            $band | Should -BeOfType ([RasterCmdlets.Core.Rasters.RasterBand])
            $band.Product | Should -Be $meta.product
            $band.Level | Should -Be $meta.level
            $band.SensingTime.Kind | Should -Be 'Utc'
            $band.SensingTime.ToString('yyyy-MM-ddTHH:mm:ss.ffffff') | Should -Be $meta.sensing
            $band.Tile | Should -Be $meta.tile
            $band.ProcessingBaseline | Should -Be $meta.baseline
            $band.Scale | Should -Be $meta.scale
            $band.Offset | Should -Be $meta.offset[$band.Name]
            $band.NoDataValue | Should -Be $meta.nodata
            $band.Driver | Should -Be 'JP2OpenJPEG'
        }
        if ($meta.baseline -eq '03.01') {
            $meta.hasOffsetList | Should -BeFalse
            $bands.Offset | Sort-Object -Unique | Should -Be 0
        }
        else {
            $meta.hasOffsetList | Should -BeTrue
            $bands.Offset | Sort-Object -Unique | Should -Be (-0.1)
        }
    }

    It 'gives each band at its native resolution: B08 10 m, B11 and SCL 20 m, B01 60 m' {
        $grid = @{}
        Get-Sentinel2Band $l2a.Zip B08, B11, SCL, B01 | ForEach-Object { $grid[$_.Name] = $_.GeoTransform.PixelWidth, $_.Width }
        $grid['B08'] | Should -Be 10, 120
        $grid['B11'] | Should -Be 20, 60
        $grid['SCL'] | Should -Be 20, 60
        $grid['B01'] | Should -Be 60, 20
    }

    It 'takes band names in any case and short form (b8a, B8, b3)' {
        (Get-Sentinel2Band $l2a.Zip b8a, B8, b3).Name | Should -Be 'B8A', 'B08', 'B03'
    }

    It 'gives SCL of an L2A product as a class band: scale 1, offset 0' {
        $scl = Get-Sentinel2Band $l2a.Safe SCL
        $scl.Scale | Should -Be 1
        $scl.Offset | Should -Be 0
        $scl.DataType | Should -Be 'Byte'
    }

    It 'leaves the product properties null on bands of ordinary files (Get-RasterBand)' {
        $band = Get-RasterBand $sample 4
        $band.Name, $band.Product, $band.Level, $band.SensingTime, $band.Tile, $band.ProcessingBaseline | Should -Be @($null, $null, $null, $null, $null, $null)
        $band.Scale | Should -Be 1
        $band.Offset | Should -Be 0
    }
}

Describe 'Get-Sentinel2Band: pixels and the three ways to name a product' {
    It 'reads <Band> pixels equal to gdal_translate of its JPEG 2000 file, from the zip' -ForEach @(
        @{ Band = 'B08'; Resolution = 10 }, @{ Band = 'B11'; Resolution = 20 }, @{ Band = 'SCL'; Resolution = 20 }
    ) {
        $reference = Join-Path $TestDrive "ref-$Band.tif"
        & gdal_translate -q (Get-Jp2 $l2a.Safe $Band $Resolution) $reference
        $LASTEXITCODE | Should -Be 0
        $out = Join-Path $TestDrive "zip-$Band.tif"
        Get-Sentinel2Band $l2a.Zip $Band | Export-GeoTiff $out
        $size, $differ, $nodata = (Invoke-Python $compareTo $out, $reference) -split ' '
        [int]$size | Should -Be ($Resolution -eq 10 ? 14400 : 3600)
        [int]$differ | Should -Be 0
        [double]$nodata | Should -Be 0
    }

    It 'gives the same bands from the folder, the zip and the metadata file' {
        $fromZip = @(Get-Sentinel2Band $l2a.Zip B03, B11, SCL)
        $fromFolder = @(Get-Sentinel2Band $l2a.Safe B03, B11, SCL)
        $fromMtd = @(Get-Sentinel2Band $l2a.Mtd B03, B11, SCL)
        $fromZip[0].Path | Should -BeLike '/vsizip/*.zip/*.SAFE/GRANULE/*/IMG_DATA/R10m/*_B03_10m.jp2'
        $fromFolder[0].Path | Should -Be (Get-Jp2 $l2a.Safe B03 10)
        $fromMtd[0].Path | Should -Be (Get-Jp2 $l2a.Safe B03 10)
        foreach ($i in 0..2) {
            foreach ($other in $fromFolder[$i], $fromMtd[$i]) {
                foreach ($p in 'Name', 'Product', 'Level', 'SensingTime', 'Tile', 'ProcessingBaseline', 'Scale', 'Offset', 'NoDataValue', 'Width', 'Height', 'DataType', 'FileName') {
                    $other.$p | Should -Be $fromZip[$i].$p -Because "$p of $($fromZip[$i].Name)"
                }
                $other.GeoTransform | Should -Be $fromZip[$i].GeoTransform
                $other.Epsg | Should -Be $fromZip[$i].Epsg
            }
        }
        $a = Join-Path $TestDrive 'same-zip.tif'; $b = Join-Path $TestDrive 'same-folder.tif'
        Get-Sentinel2Band $l2a.Zip B11 | Export-GeoTiff $a
        Get-Sentinel2Band $l2a.Mtd B11 | Export-GeoTiff $b
        ((Invoke-Python $compareTo $a, $b) -split ' ')[1] | Should -Be '0'
    }

    It 'takes products from Get-ChildItem: zips and SAFE folders' {
        $zips = @(Get-ChildItem -LiteralPath $l2a.Folder, $old.Folder -Filter *.zip | Get-Sentinel2Band -Band B08)
        $zips.ProcessingBaseline | Should -Be '05.09', '03.01'
        $folders = @(Get-ChildItem -LiteralPath $l1c.Folder -Directory -Filter *.SAFE | Get-Sentinel2Band -Band B08)
        $folders.Level | Should -Be 'L1C'
    }

    It 'resolves -Path against the PowerShell location, with wildcards' {
        Push-Location $l2a.Folder
        try {
            $bands = @(Get-Sentinel2Band *.zip B03, B04)
            $bands.Name | Should -Be 'B03', 'B04'
            (Get-Sentinel2Band (Split-Path -Leaf $l2a.Safe) B03).Path | Should -Be (Get-Jp2 $l2a.Safe B03 10)
        }
        finally { Pop-Location }
    }

    It '-Resolution picks the band on another of the product''s grids' {
        $b03 = Get-Sentinel2Band $l2a.Zip B03 -Resolution 20
        $b03.Width | Should -Be 60
        $b03.Path | Should -BeLike '*/R20m/*_B03_20m.jp2'
        $b11 = Get-Sentinel2Band $l2a.Zip B11 -Resolution 60
        $b11.Width | Should -Be 20
        $b11.Path | Should -BeLike '*/R60m/*_B11_60m.jp2'
        $b11.Scale | Should -Be 0.0001
        # Without -Band, every spectral band the product has on that grid (L2A ships no B08 at 20 m).
        (Get-Sentinel2Band $l2a.Zip -Resolution 20).Name | Should -Be 'B01', 'B02', 'B03', 'B04', 'B05', 'B06', 'B07', 'B8A', 'B11', 'B12'
    }

    It 'completes -Band with ESA''s names' {
        $line = "Get-Sentinel2Band '$($l2a.Zip)' b8"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'B8A'
        $line = "Get-Sentinel2Band '$($l2a.Zip)' S"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'SCL'
    }
}

Describe 'Get-Sentinel2Band -CloudMask' {
    It 'takes out <What>, the product''s SCL put on the 10 m grid by nearest neighbour' -ForEach @(
        @{ What = 'the default classes 0, 1, 3, 8, 9, 10'; Classes = @(0, 1, 3, 8, 9, 10); Arguments = @{ CloudMask = $true } }
        @{ What = 'classes given by -MaskClass (snow added)'; Classes = @(0, 1, 3, 8, 9, 10, 11); Arguments = @{ CloudMask = $true; MaskClass = @(0, 1, 3, 8, 9, 10, 11) } }
        @{ What = 'classes of -MaskClass alone (it implies -CloudMask)'; Classes = @(9); Arguments = @{ MaskClass = @(9) } }
    ) {
        $out = Join-Path $TestDrive ("masked-{0}.tif" -f ($Classes -join '-'))
        Get-Sentinel2Band $l2a.Zip B08 @Arguments | Invoke-KMeansCluster -K 2 | Export-GeoTiff $out
        $masked, $validityDiffers, $sclMasked = (Invoke-Python $maskCheck (Get-Jp2 $l2a.Safe B08 10), (Get-Jp2 $l2a.Safe SCL 20), $out, ($Classes -join ',')) -split ' '
        [int]$sclMasked | Should -BeGreaterThan 0 -Because 'the generated scene has pixels of these classes'
        [int]$validityDiffers | Should -Be 0
    }

    It 'masks a 20 m band with the 20 m SCL itself, a 60 m band with the 60 m one' {
        (Get-Sentinel2Band $l2a.Zip B11 -CloudMask).MaskSource.Path | Should -BeLike '*_SCL_20m.jp2'
        (Get-Sentinel2Band $l2a.Zip B09 -CloudMask).MaskSource.Path | Should -BeLike '*_SCL_60m.jp2'
        (Get-Sentinel2Band $l2a.Zip B08 -CloudMask).MaskSource.File | Should -BeLike '*_SCL_20m.jp2'
    }

    It 'clusters B08 of a zip into the exact 2-class optimum, cloud pixels NoData: <Source>' -ForEach @(
        @{ Source = 'L2A 05.09 zip'; Key = 'l2a'; Given = 'Zip' }
        @{ Source = 'L2A 05.09 SAFE folder'; Key = 'l2a'; Given = 'Safe' }
        @{ Source = 'L2A 03.01 zip'; Key = 'old'; Given = 'Zip' }
    ) {
        $product = Get-Variable -Scope Script -Name $Key -ValueOnly
        $out = Join-Path $TestDrive "water-$Key-$Given.tif"
        Get-Sentinel2Band $product.$Given B08 -CloudMask | Invoke-KMeansCluster -K 2 | Export-GeoTiff $out
        $check = @'
import sys, json, numpy as np
from osgeo import gdal
sys.path.insert(0, sys.argv[5])
import reference
band_jp2, scl_jp2, out, scratch = sys.argv[1:5]
b, s = gdal.Open(band_jp2), gdal.Open(scl_jp2)
dn = b.GetRasterBand(1).ReadAsArray().astype(np.int64)
scl = np.repeat(np.repeat(s.GetRasterBand(1).ReadAsArray(), 2, axis=0), 2, axis=1)
masked = (dn == 0) | np.isin(scl, [0, 1, 3, 8, 9, 10])
d = gdal.GetDriverByName('GTiff').Create(scratch, dn.shape[1], dn.shape[0], 1, gdal.GDT_UInt16)
d.GetRasterBand(1).WriteArray(np.where(masked, 0, dn)); d.GetRasterBand(1).SetNoDataValue(0); d = None
upper = reference.exact1d(scratch, 1, [2])['2']['upper'][0]
expected = np.where(dn > upper, 1, 0)
o = gdal.Open(out); ob = o.GetRasterBand(1); got = ob.ReadAsArray().astype(np.int64); nd = ob.GetNoDataValue()
print(json.dumps({'masked': int(masked.sum()), 'validityDiffers': int(((got == nd) != masked).sum()),
                  'labelDiffers': int((got[~masked] != expected[~masked]).sum()), 'classes': sorted(set(got[~masked].tolist()))}))
'@
        $r = Invoke-Python $check (Get-Jp2 $product.Safe B08 10), (Get-Jp2 $product.Safe SCL 20), $out, (Join-Path $TestDrive "masked-$Key-$Given.tif"), (Join-Path $repo 'tests/tools') | ConvertFrom-Json
        $r.masked | Should -BeGreaterThan 0
        $r.classes | Should -Be 0, 1
        $r.validityDiffers | Should -Be 0
        $r.labelDiffers | Should -Be 0
    }
}

Describe 'Get-Sentinel2Band objects across processes' {
    It 'keeps name, product, date, tile, baseline, scale, offset and the cloud mask through <How>' -ForEach @(
        @{ How = 'Export-Clixml'; Run = { param($b) $f = Join-Path $TestDrive 'band.xml'; $b | Export-Clixml $f; Import-Clixml $f } }
        @{ How = 'Start-ThreadJob'; Run = { param($b) Start-ThreadJob { $using:b } | Receive-Job -Wait -AutoRemoveJob } }
        @{ How = 'PSSerializer (as remoting)'; Run = { param($b) [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($b, 5)) } }
        @{ How = 'Start-Job'; Run = { param($zip) Start-Job { param($zip) Import-Module RasterCmdlets; Get-Sentinel2Band $zip B08 -CloudMask } -ArgumentList $zip | Receive-Job -Wait -AutoRemoveJob } }
    ) {
        $band = Get-Sentinel2Band $l2a.Zip B08 -CloudMask
        $copy = if ($How -eq 'Start-Job') { & $Run $l2a.Zip } else { & $Run $band }
        $copy = [RasterCmdlets.Core.Rasters.RasterBand]$copy
        foreach ($p in 'Path', 'Name', 'Product', 'Level', 'SensingTime', 'Tile', 'ProcessingBaseline', 'Scale', 'Offset', 'NoDataValue') {
            $copy.$p | Should -Be $band.$p -Because $p
        }
        $copy.SensingTime.Kind | Should -Be 'Utc'
        $copy.MaskSource.File | Should -Be $band.MaskSource.File
        $copy.MaskSource.Values | Should -Be $band.MaskSource.Values
        $a = Join-Path $TestDrive "live-$How.tif"; $b = Join-Path $TestDrive "copy-$How.tif"
        $band | Invoke-KMeansCluster -K 2 | Export-GeoTiff $a
        $copy | Invoke-KMeansCluster -K 2 | Export-GeoTiff $b
        (Get-FileHash $a).Hash | Should -Be (Get-FileHash $b).Hash
    }
}

Describe 'Get-Sentinel2Band errors' {
    BeforeAll {
        $script:bad = Join-Path $TestDrive 'bad'
        New-Item -ItemType Directory $bad | Out-Null
        # A zip cut short, a metadata file whose offset list is cut, one with a garbled offset.
        $bytes = [IO.File]::ReadAllBytes($l2a.Zip)
        $script:truncatedZip = Join-Path $bad 'truncated.zip'
        [IO.File]::WriteAllBytes($truncatedZip, $bytes[0..([int]($bytes.Length * 0.6))])
        function Copy-Product([string] $From, [string] $Name) {
            $to = Join-Path $bad $Name
            Copy-Item -Recurse -LiteralPath $From $to
            $to
        }
        $script:cutOffsets = Copy-Product $l2a.Safe 'cut-offsets.SAFE'
        $mtd = Join-Path $cutOffsets 'MTD_MSIL2A.xml'
        $text = Get-Content -Raw $mtd
        $at = $text.IndexOf('<BOA_ADD_OFFSET band_id="6">')
        $at | Should -BeGreaterThan 0
        Set-Content -NoNewline -LiteralPath $mtd -Value $text.Substring(0, $at)
        $script:garbled = Copy-Product $l2a.Safe 'garbled.SAFE'
        $mtd = Join-Path $garbled 'MTD_MSIL2A.xml'
        (Get-Content -Raw $mtd) -replace '(<BOA_ADD_OFFSET band_id="7">)-1000<', '$1-1O00<' | Set-Content -NoNewline -LiteralPath $mtd
        $script:listCut = Copy-Product $l2a.Safe 'offset-list-removed.SAFE'
        $mtd = Join-Path $listCut 'MTD_MSIL2A.xml'
        (Get-Content -Raw $mtd) -replace '(?s)<BOA_ADD_OFFSET_VALUES_LIST>.*</BOA_ADD_OFFSET_VALUES_LIST>', '' | Set-Content -NoNewline -LiteralPath $mtd
        $script:noScl = Copy-Product $l2a.Safe 'no-scl.SAFE'
        Get-ChildItem -LiteralPath $noScl -Recurse -Filter '*_SCL_*.jp2' | Remove-Item
        $script:shortJp2 = Copy-Product $l2a.Safe 'short-jp2.SAFE'
        $jp2 = Get-Jp2 $shortJp2 B08 10
        $jp2Bytes = [IO.File]::ReadAllBytes($jp2)
        [IO.File]::WriteAllBytes($jp2, $jp2Bytes[0..([int]($jp2Bytes.Length / 2))])
        $script:notZip = Join-Path $bad 'not-a-zip.zip'
        Set-Content -LiteralPath $notZip -Value 'hello'
        $script:otherXml = Join-Path $bad 'other.xml'
        Set-Content -LiteralPath $otherXml -Value '<?xml version="1.0"?><Something/>'
        $script:emptyFolder = Join-Path $bad 'empty.SAFE'
        New-Item -ItemType Directory $emptyFolder | Out-Null
    }

    It '<ErrorId> (<Category>): <Case>' -ForEach @(
        @{ ErrorId = 'NotSentinel2Product'; Category = 'InvalidArgument'; Case = 'a GeoTIFF'; Run = { Get-Sentinel2Band $sample } }
        @{ ErrorId = 'NotSentinel2Product'; Category = 'InvalidArgument'; Case = 'a folder without metadata'; Run = { Get-Sentinel2Band $emptyFolder } }
        @{ ErrorId = 'NotSentinel2Product'; Category = 'InvalidArgument'; Case = 'a .zip that is no zip'; Run = { Get-Sentinel2Band $notZip } }
        @{ ErrorId = 'NotSentinel2Product'; Category = 'InvalidArgument'; Case = 'XML of something else'; Run = { Get-Sentinel2Band $otherXml } }
        @{ ErrorId = 'BandNotInProduct'; Category = 'InvalidArgument'; Case = 'B10 of an L2A product'; Run = { Get-Sentinel2Band $l2a.Zip B10 } }
        @{ ErrorId = 'BandNotInProduct'; Category = 'InvalidArgument'; Case = 'SCL of an L1C product'; Run = { Get-Sentinel2Band $l1c.Zip SCL } }
        @{ ErrorId = 'BandNotInProduct'; Category = 'InvalidArgument'; Case = 'B08 at 20 m'; Run = { Get-Sentinel2Band $l2a.Zip B08 -Resolution 20 } }
        @{ ErrorId = 'BandNotInProduct'; Category = 'InvalidArgument'; Case = 'a name that is no band'; Run = { Get-Sentinel2Band $l2a.Zip B13 } }
        @{ ErrorId = 'DamagedProduct'; Category = 'InvalidData'; Case = 'a truncated zip'; Run = { Get-Sentinel2Band $truncatedZip } }
        @{ ErrorId = 'DamagedProduct'; Category = 'InvalidData'; Case = 'metadata cut inside the offset list'; Run = { Get-Sentinel2Band $cutOffsets } }
        @{ ErrorId = 'DamagedProduct'; Category = 'InvalidData'; Case = 'a garbled offset'; Run = { Get-Sentinel2Band $garbled B08 } }
        @{ ErrorId = 'DamagedProduct'; Category = 'InvalidData'; Case = 'baseline 05.09 without its offset list'; Run = { Get-Sentinel2Band $listCut B08 } }
        @{ ErrorId = 'SclMissing'; Category = 'InvalidArgument'; Case = '-CloudMask on L1C'; Run = { Get-Sentinel2Band $l1c.Zip B08 -CloudMask } }
        @{ ErrorId = 'SclMissing'; Category = 'InvalidArgument'; Case = 'an L2A product whose SCL is not there'; Run = { Get-Sentinel2Band $noScl B08 -CloudMask } }
    ) {
        $out = Join-Path $TestDrive "error-$ErrorId.tif"
        # The error is non-terminating, as a user's session sees it (the suite runner itself stops on errors).
        $ErrorActionPreference = 'Continue'
        $all = @(& { & $Run | Invoke-KMeansCluster -K 2 | Export-GeoTiff $out } 2>&1)
        $e = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }).Count | Should -Be 0
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -Be "$ErrorId,RasterCmdlets.Commands.GetSentinel2BandCommand"
        "$($e[0].CategoryInfo.Category)" | Should -Be $Category
        $e[0].Exception.Message | Should -Not -BeNullOrEmpty
        Test-Path $out | Should -BeFalse
    }

    It 'names the missing offset and the garbled value' {
        Get-Sentinel2Band $cutOffsets -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].Exception.Message | Should -Match 'MTD_MSIL2A.xml'
        Get-Sentinel2Band $garbled -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].Exception.Message | Should -Match "B08 '-1O00' is not a number"
        Get-Sentinel2Band $listCut -ErrorAction SilentlyContinue -ErrorVariable e
        $e[0].Exception.Message | Should -Match 'BOA_ADD_OFFSET_VALUES_LIST'
    }

    It 'goes on with the next product after one that fails' {
        $bands = @(Get-Sentinel2Band $truncatedZip, $l2a.Zip B08 -ErrorAction SilentlyContinue -ErrorVariable e)
        $bands.Count | Should -Be 1
        $e.Count | Should -Be 1
    }

    It 'reports a JPEG 2000 band cut short as RasterReadFailed when it is read, and writes nothing' {
        $band = Get-Sentinel2Band $shortJp2 B08
        $band.Name | Should -Be 'B08'
        $out = Join-Path $TestDrive 'short.tif'
        $band | Invoke-KMeansCluster -K 2 -ErrorAction SilentlyContinue -ErrorVariable e | Export-GeoTiff $out
        $e.Count | Should -BeGreaterOrEqual 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'RasterReadFailed,*'
        Test-Path $out | Should -BeFalse
    }
}

Describe 'The README''s Get-Sentinel2Band example, run as written' {
    It 'prints the table of the README on the product sentinel2_product.py --size 600 writes' {
        $readme = Get-Content -Raw (Join-Path $repo 'README.md')
        $section = ($readme -split '(?m)^### Get-Sentinel2Band\s*$')[1]
        $section = ($section -split '(?m)^#{2,3} ')[0]
        $block = @([regex]::Matches($section, '(?ms)^```powershell\r?\n(PS> .*?)^```') | ForEach-Object { $_.Groups[1].Value })[0]
        $lines = $block -split '\r?\n'
        $commandLines = @($lines[0].Substring(4)) + @($lines | Select-Object -Skip 1 | Where-Object { $_ -like '>>*' } | ForEach-Object { $_.Substring(2) })
        $expected = @($lines | Select-Object -Skip $commandLines.Count | ForEach-Object { $_.TrimEnd() } | Where-Object { $_ })
        $folder = Join-Path $TestDrive 'readme'
        & $python $generator $folder --zip --no-safe --size 600 | Out-Null
        $LASTEXITCODE | Should -Be 0
        Push-Location $folder
        try {
            $PSStyle.OutputRendering = 'PlainText'
            $printed = @((Invoke-Expression ($commandLines -join "`n")) | Out-String -Width 200) -split '\r?\n' | ForEach-Object { $_.TrimEnd() } | Where-Object { $_ }
        }
        finally { Pop-Location }
        $printed | Should -Be $expected
    }
}
