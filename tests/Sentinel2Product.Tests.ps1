# Pester 5 suite of the Sentinel-2 test fixture (issue 18): tests/tools/sentinel2_product.py writes
# L1C and L2A products laid out as ESA ships them. This suite proves the layout is the real thing
# with GDAL's own SENTINEL2 driver (gdalinfo -json, an outside tool) and GDAL's Python reading the
# JPEG 2000 files; it does not use the module.
#   Invoke-Pester -Path ./tests/Sentinel2Product.Tests.ps1 -Output Detailed
#
# Known reflectance: the synthetic scene's lake is pure water (B03 0.065, B08 0.010, B11 0.006), so
# its DN are written here by hand: 0.065 * 10000 + 1000 = 1650 from baseline 04.00, 650 before.

BeforeAll {
    $script:python = '/usr/bin/python3'
    $script:generator = (Resolve-Path (Join-Path $PSScriptRoot 'tools/sentinel2_product.py')).ProviderPath

    # Runs the generator; returns the paths it printed (SAFE folder, then zip).
    function New-Product {
        param([string] $OutDir, [string[]] $Arguments)
        $out = & $python $generator $OutDir @Arguments 2>&1
        if ($LASTEXITCODE -ne 0) { throw "sentinel2_product.py failed: $out" }
        @($out | ForEach-Object { "$_" })
    }

    function Get-GdalInfo {
        param([Parameter(Mandatory)] [string] $Path)
        $errors = Join-Path $TestDrive 'gdalinfo-stderr.txt'
        $json = & gdalinfo -json $Path 2>$errors
        if ($LASTEXITCODE -ne 0) { throw "gdalinfo $Path failed: $(Get-Content -Raw -LiteralPath $errors)" }
        ($json | Out-String) | ConvertFrom-Json -AsHashtable
    }

    # Runs a Python script (numpy, osgeo.gdal) and returns its output parsed as JSON.
    function Invoke-PythonJson {
        param([Parameter(Mandatory)] [string] $Script, [string[]] $Arguments = @())
        $file = Join-Path $TestDrive ("script-{0}.py" -f [guid]::NewGuid().ToString('N'))
        Set-Content -LiteralPath $file -Value $Script
        $out = & $python $file @Arguments 2>&1
        if ($LASTEXITCODE -ne 0) { throw "python failed: $out" }
        ($out | Out-String) | ConvertFrom-Json -AsHashtable
    }

    # The product's metadata XML (from the folder, or from the zip by .NET's own zip reader).
    function Get-ProductXml {
        param([string] $Safe, [string] $Zip, [string] $Name)
        if ($Zip) {
            Add-Type -AssemblyName System.IO.Compression.FileSystem
            $archive = [System.IO.Compression.ZipFile]::OpenRead($Zip)
            try {
                $entry = $archive.Entries | Where-Object FullName -like "*.SAFE/$Name" | Select-Object -First 1
                $reader = [System.IO.StreamReader]::new($entry.Open())
                try { [xml]$reader.ReadToEnd() } finally { $reader.Dispose() }
            } finally { $archive.Dispose() }
        } else {
            [xml](Get-Content -Raw -LiteralPath (Join-Path $Safe $Name))
        }
    }

    # Every IMAGE_FILE of the metadata (and the QI masks), read with GDAL; DN compared with the
    # known reflectance: round(reflectance * QUANTIFICATION - offset), offset read from the XML.
    $script:compareDn = @'
import sys, json, glob, os
import xml.etree.ElementTree as ET
import numpy as np
from osgeo import gdal
gdal.UseExceptions()
tools, safe, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, tools)
import sentinel2_product as sp
mtd = glob.glob(os.path.join(safe, 'MTD_MSIL*.xml'))[0]
tree = ET.parse(mtd).getroot()
q = float(next(e.text for e in tree.iter() if e.tag in ('BOA_QUANTIFICATION_VALUE', 'QUANTIFICATION_VALUE')))
offsets = {int(e.get('band_id')): float(e.text) for e in tree.iter() if e.tag in ('BOA_ADD_OFFSET', 'RADIO_ADD_OFFSET')}
files = [e.text for e in tree.iter() if e.tag == 'IMAGE_FILE']
checked, differ, missing, types, zero = 0, 0, 0, {}, {}
for f in files:
    band = f.split('_')[-2] if f.endswith('m') and '/R' in f else f.split('_')[-1]
    res = int(f.split('_')[-1][:-1]) if '/R' in f else sp.NATIVE.get(band, 10)
    path = os.path.join(safe, f + '.jp2')
    if not os.path.exists(path):
        missing += 1
        continue
    ds = gdal.Open(path)
    got = ds.ReadAsArray()
    types[band] = gdal.GetDataTypeName(ds.GetRasterBand(1).DataType)
    assert ds.GetGeoTransform()[1] == res, (f, ds.GetGeoTransform())
    ds = None
    if band in sp.BAND_ID:
        refl = sp.reflectance(band, res, size)
        off = offsets.get(sp.BAND_ID[band], 0.0)
        expected = np.where(np.isnan(refl), 0, np.rint(np.nan_to_num(refl) * q - off)).astype(np.int64)
        differ += int((got.astype(np.int64) != expected).sum())
        zero[f'{band}_{res}'] = int((got == 0).sum())
        checked += 1
    elif band == 'SCL':
        differ += int((got != sp.reflectance('SCL', res, size)).sum())
        zero[f'SCL_{res}'] = sorted(int(v) for v in np.unique(got))
        checked += 1
print(json.dumps({'files': len(files), 'checked': checked, 'differ': differ, 'missing': missing,
                  'types': types, 'zero': zero, 'quantification': q, 'offsets': sorted(set(offsets.values())),
                  'offsetCount': len(offsets)}))
'@

    # DN of the lake's probe pixel (a pure water spectrum) in B03, B08 at 10 m and B11 at 20 m.
    $script:lakeDn = @'
import sys, json, glob, os
sys.path.insert(0, sys.argv[1])
from osgeo import gdal
import sentinel2_product as sp
safe, size = sys.argv[2], int(sys.argv[3])
(r, c), _ = sp.probes(size)['lake']
def dn(pattern, row, col):
    ds = gdal.Open(glob.glob(os.path.join(safe, 'GRANULE', '*', 'IMG_DATA', pattern))[0])
    return int(ds.ReadAsArray()[row, col])
l2a = os.path.exists(os.path.join(safe, 'MTD_MSIL2A.xml'))
print(json.dumps({
    'B03': dn('R10m/*_B03_10m.jp2' if l2a else '*_B03.jp2', r, c),
    'B08': dn('R10m/*_B08_10m.jp2' if l2a else '*_B08.jp2', r, c),
    'B11': dn('R20m/*_B11_20m.jp2' if l2a else '*_B11.jp2', r // 2, c // 2)}))
'@

    $script:tools = Split-Path -Parent $generator
    $script:size = 120
    $script:l2aNew = @(New-Product (Join-Path $TestDrive 'l2a-0509') @('--level', 'L2A', '--baseline', '05.09', '--size', "$size", '--zip'))
    $script:l2aOld = @(New-Product (Join-Path $TestDrive 'l2a-0301') @('--level', 'L2A', '--baseline', '03.01', '--size', "$size"))
    $script:l1c = @(New-Product (Join-Path $TestDrive 'l1c-0509') @('--level', 'L1C', '--baseline', '05.09', '--size', "$size"))
}

Describe 'sentinel2_product.py: the products it writes' {
    It 'prints the SAFE folder (and the zip) named as ESA names them' {
        $l2aNew.Count | Should -Be 2
        Split-Path -Leaf $l2aNew[0] | Should -Be 'S2B_MSIL2A_20230715T105619_N0509_R094_T30STF_20230715T134512.SAFE'
        Split-Path -Leaf $l2aNew[1] | Should -Be 'S2B_MSIL2A_20230715T105619_N0509_R094_T30STF_20230715T134512.zip'
        Split-Path -Leaf $l2aOld[0] | Should -Match '^S2B_MSIL2A_20230715T105619_N0301_R094_T30STF_\d{8}T\d{6}\.SAFE$'
        Split-Path -Leaf $l1c[0] | Should -Match '^S2B_MSIL1C_20230715T105619_N0509_R094_T30STF_\d{8}T\d{6}\.SAFE$'
        $l2aOld.Count | Should -Be 1
        Test-Path -LiteralPath (Join-Path $l2aNew[0] 'manifest.safe') | Should -BeTrue
        Test-Path -LiteralPath (Join-Path $l1c[0] 'DATASTRIP') | Should -BeTrue
    }

    It 'zips the SAFE folder as the top entry, JPEG 2000 stored' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $archive = [System.IO.Compression.ZipFile]::OpenRead($l2aNew[1])
        try {
            $names = $archive.Entries.FullName
            $top = $names | ForEach-Object { ($_ -split '/')[0] } | Sort-Object -Unique
            $top | Should -Be (Split-Path -Leaf $l2aNew[0])
            $jp2 = $archive.Entries | Where-Object FullName -like '*.jp2'
            $jp2.Count | Should -BeGreaterThan 30
            ($jp2 | Where-Object { $_.CompressedLength -ne $_.Length }).Count | Should -Be 0
            $names | Should -Contain ((Split-Path -Leaf $l2aNew[0]) + '/MTD_MSIL2A.xml')
        } finally { $archive.Dispose() }
    }

    It 'GDAL''s SENTINEL2 driver opens <Label> and lists the 10m, 20m and 60m subdatasets' -ForEach @(
        @{ Label = 'the L2A 05.09 zip (/vsizip/)'; Kind = 'L2A'; Which = 'l2aNew'; Zip = $true }
        @{ Label = 'the L2A 05.09 folder'; Kind = 'L2A'; Which = 'l2aNew'; Zip = $false }
        @{ Label = 'the L2A 03.01 folder'; Kind = 'L2A'; Which = 'l2aOld'; Zip = $false }
        @{ Label = 'the L1C 05.09 folder'; Kind = 'L1C'; Which = 'l1c'; Zip = $false }
    ) {
        $paths = Get-Variable -Scope Script -Name $Which -ValueOnly
        $safe = Split-Path -Leaf $paths[0]
        $mtd = if ($Zip) { "/vsizip/$($paths[1])/$safe/MTD_MSI$Kind.xml" } else { Join-Path $paths[0] "MTD_MSI$Kind.xml" }
        $info = Get-GdalInfo $mtd
        $info.driverShortName | Should -Be 'SENTINEL2'
        $names = $info.metadata.SUBDATASETS.Keys | Where-Object { $_ -like '*_NAME' } | ForEach-Object { $info.metadata.SUBDATASETS[$_] }
        foreach ($res in '10m', '20m', '60m') {
            $names | Should -Contain "SENTINEL2_$($Kind):$($mtd):$($res):EPSG_32630"
        }
        $ten = Get-GdalInfo "SENTINEL2_$($Kind):$($mtd):10m:EPSG_32630"
        $ten.size | Should -Be @(120, 120)
        $ten.bands.Count | Should -Be 4
        $ten.geoTransform | Should -Be @(600000, 10, 0, 4100040, 0, -10)
        $ten.files | Where-Object { $_ -like '*.jp2' } | Should -HaveCount 4
        $sixty = Get-GdalInfo "SENTINEL2_$($Kind):$($mtd):60m:EPSG_32630"
        $sixty.size | Should -Be @(20, 20)
        $twenty = Get-GdalInfo "SENTINEL2_$($Kind):$($mtd):20m:EPSG_32630"
        $twenty.size | Should -Be @(60, 60)
        if ($Kind -eq 'L2A') {
            $twenty.bands.description | Where-Object { $_ -like 'SCL*' } | Should -HaveCount 1
        }
    }

    It 'puts the offsets in the metadata from baseline 04.00 only, with the quantification' {
        $new = Get-ProductXml -Zip $l2aNew[1] -Name 'MTD_MSIL2A.xml'
        $old = Get-ProductXml -Safe $l2aOld[0] -Name 'MTD_MSIL2A.xml'
        $one = Get-ProductXml -Safe $l1c[0] -Name 'MTD_MSIL1C.xml'
        $chars = { param($x) $x.DocumentElement.General_Info.Product_Image_Characteristics }

        $c = & $chars $new
        $c.QUANTIFICATION_VALUES_LIST.BOA_QUANTIFICATION_VALUE.'#text' | Should -Be '10000'
        $offsets = $c.BOA_ADD_OFFSET_VALUES_LIST.BOA_ADD_OFFSET
        $offsets | Should -HaveCount 13
        ($offsets.band_id | ForEach-Object { [int]$_ }) | Should -Be (0..12)
        $offsets.'#text' | Sort-Object -Unique | Should -Be '-1000'
        $new.DocumentElement.General_Info.Product_Info.PROCESSING_BASELINE | Should -Be '05.09'

        $c = & $chars $old
        $c.QUANTIFICATION_VALUES_LIST.BOA_QUANTIFICATION_VALUE.'#text' | Should -Be '10000'
        $c.BOA_ADD_OFFSET_VALUES_LIST | Should -BeNullOrEmpty
        $old.OuterXml | Should -Not -Match 'ADD_OFFSET'
        $old.DocumentElement.General_Info.Product_Info.PROCESSING_BASELINE | Should -Be '03.01'

        $c = & $chars $one
        $c.QUANTIFICATION_VALUE.'#text' | Should -Be '10000'
        $c.Radiometric_Offset_List.RADIO_ADD_OFFSET | Should -HaveCount 13
        $c.Radiometric_Offset_List.RADIO_ADD_OFFSET.'#text' | Sort-Object -Unique | Should -Be '-1000'
        $one.OuterXml | Should -Not -Match 'BOA_'
        $one.DocumentElement.General_Info.Product_Info.PRODUCT_TYPE | Should -Be 'S2MSI1C'
    }

    It 'lists the L2A images per resolution folder and the L1C images without them' {
        $new = Get-ProductXml -Safe $l2aNew[0] -Name 'MTD_MSIL2A.xml'
        $files = @($new.SelectNodes('//IMAGE_FILE') | ForEach-Object { $_.InnerText })
        $files | Should -Contain 'GRANULE/L2A_T30STF_A033066_20230715T105740/IMG_DATA/R10m/T30STF_20230715T105619_B03_10m'
        foreach ($b in 'B01', 'B02', 'B03', 'B04', 'B05', 'B06', 'B07', 'B8A', 'B11', 'B12', 'SCL') {
            @($files -like "*/R20m/*_$($b)_20m") | Should -HaveCount 1
        }
        foreach ($b in 'B01', 'B09', 'B11', 'SCL') { @($files -like "*/R60m/*_$($b)_60m") | Should -HaveCount 1 }
        @($files -like '*/R10m/*_B8A_10m') | Should -HaveCount 0
        $one = Get-ProductXml -Safe $l1c[0] -Name 'MTD_MSIL1C.xml'
        $files = @($one.SelectNodes('//IMAGE_FILE') | ForEach-Object { $_.InnerText })
        $files | Should -HaveCount 14
        $files | Should -Contain 'GRANULE/L1C_T30STF_A033066_20230715T105740/IMG_DATA/T30STF_20230715T105619_B11'
        $tl = [xml](Get-Content -Raw -LiteralPath (Get-ChildItem -Path (Join-Path $l1c[0] 'GRANULE/*/MTD_TL.xml')).FullName)
        $tl.DocumentElement.Geometric_Info.Tile_Geocoding.HORIZONTAL_CS_CODE | Should -Be 'EPSG:32630'
    }

    It 'writes DN = known reflectance * 10000 - offset in every band of <Label>' -ForEach @(
        @{ Label = 'the L2A 05.09 product'; Which = 'l2aNew'; Files = 36; Checked = 27 }
        @{ Label = 'the L2A 03.01 product'; Which = 'l2aOld'; Files = 36; Checked = 27 }
        @{ Label = 'the L1C 05.09 product'; Which = 'l1c'; Files = 14; Checked = 13 }
    ) {
        $paths = Get-Variable -Scope Script -Name $Which -ValueOnly
        $r = Invoke-PythonJson $compareDn @($tools, $paths[0], "$size")
        $r.files | Should -Be $Files
        $r.missing | Should -Be 0
        $r.checked | Should -Be $Checked
        $r.differ | Should -Be 0
        $r.quantification | Should -Be 10000
        $r.types['B03'] | Should -Be 'UInt16'
        if ($r.types.ContainsKey('SCL')) { $r.types['SCL'] | Should -Be 'Byte' }
        # NoData (DN 0) on the east edge of every band, and single-band defects in B03/B08 at 10 m
        $r.zero['B02_10'] | Should -BeGreaterThan 1000
        $r.zero['B03_10'] | Should -BeGreaterThan $r.zero['B02_10']
        $r.zero['B08_10'] | Should -BeGreaterThan $r.zero['B02_10']
    }

    It 'gives the lake the DN of pure water: <Label>' -ForEach @(
        @{ Label = 'L2A 05.09, offset -1000'; Which = 'l2aNew'; B03 = 1650; B08 = 1100; B11 = 1060 }
        @{ Label = 'L2A 03.01, no offset'; Which = 'l2aOld'; B03 = 650; B08 = 100; B11 = 60 }
        @{ Label = 'L1C 05.09, offset -1000'; Which = 'l1c'; B03 = 1650; B08 = 1100; B11 = 1060 }
    ) {
        $paths = Get-Variable -Scope Script -Name $Which -ValueOnly
        $r = Invoke-PythonJson $lakeDn @($tools, $paths[0], "$size")
        $r.B03 | Should -Be $B03
        $r.B08 | Should -Be $B08
        $r.B11 | Should -Be $B11
    }

    It 'classifies the scene with every SCL class that masks matter for' {
        $r = Invoke-PythonJson $compareDn @($tools, $l2aNew[0], "$size")
        foreach ($class in 0, 3, 4, 5, 6, 8, 9, 10, 11) { $r.zero['SCL_20'] | Should -Contain $class }
        $r.zero['SCL_60'] | Should -Contain 6
    }

    It 'builds the benchmark product (bench/make_sentinel2.sh) over the Landsat scene, at a small size' {
        $script_ = (Resolve-Path (Join-Path $PSScriptRoot '../bench/make_sentinel2.sh')).ProviderPath
        $out = & bash $script_ 96 (Join-Path $TestDrive 'bench') 2>&1
        $LASTEXITCODE | Should -Be 0
        $zip = @($out | Where-Object { "$_" -like '*.zip' })[0]
        $safe = [System.IO.Path]::GetFileNameWithoutExtension($zip) + '.SAFE'
        $info = Get-GdalInfo "SENTINEL2_L2A:/vsizip/$zip/$safe/MTD_MSIL2A.xml:10m:EPSG_32630"
        $info.size | Should -Be @(96, 96)
        # GDAL's driver gives its 10m subdataset B2, B3, B4, B8 whatever the product holds: the
        # bands the benchmark product leaves out are there, empty
        $names = $info.bands.description | ForEach-Object { ($_ -split ',')[0] }
        $names | Should -Contain 'B3'
        $names | Should -Contain 'B8'
        $twenty = Get-GdalInfo "SENTINEL2_L2A:/vsizip/$zip/$safe/MTD_MSIL2A.xml:20m:EPSG_32630"
        $twenty.size | Should -Be @(48, 48)
        $names = $twenty.bands.description | ForEach-Object { ($_ -split ',')[0] }
        foreach ($b in 'B11', 'B12', 'SCL') { $names | Should -Contain $b }
        $jp2 = Get-GdalInfo "/vsizip/$zip/$safe/GRANULE/$((Get-ChildItem (Join-Path $TestDrive "bench/s2-96/$safe/GRANULE")).Name)/IMG_DATA/R10m/T30STF_20230715T105619_B08_10m.jp2"
        $jp2.metadata.IMAGE_STRUCTURE.COMPRESSION_REVERSIBILITY | Should -Be 'LOSSLESS'
    }

    It 'writes lossless JPEG 2000 with its georeferencing' {
        $jp2 = Get-ChildItem -Path (Join-Path $l2aNew[0] 'GRANULE/*/IMG_DATA/R20m/*_B11_20m.jp2')
        $info = Get-GdalInfo $jp2.FullName
        $info.driverShortName | Should -Be 'JP2OpenJPEG'
        $info.metadata.IMAGE_STRUCTURE.COMPRESSION_REVERSIBILITY | Should -Be 'LOSSLESS'
        $info.geoTransform | Should -Be @(600000, 20, 0, 4100040, 0, -20)
        $info.coordinateSystem.wkt | Should -Match 'UTM zone 30N'
        Get-ChildItem -Path (Join-Path $l2aNew[0] 'GRANULE/*/QI_DATA/MSK_CLDPRB_20m.jp2') | Should -HaveCount 1
    }

}

Describe 'sentinel2_expect.py: expectations from a product' {
    BeforeAll {
        $script:expect = Join-Path $tools 'sentinel2_expect.py'

        function Invoke-Expect {
            param([string[]] $Arguments)
            $out = & $python $expect @Arguments 2>&1
            if ($LASTEXITCODE -ne 0) { throw "sentinel2_expect.py failed: $out" }
            ($out | Out-String) | ConvertFrom-Json -AsHashtable
        }
    }

    It 'finds the same 2-class optimum as reference.py''s dynamic programme' {
        $out = & $python $expect --crosscheck 1200 2>&1
        $LASTEXITCODE | Should -Be 0
        $r = ($out | Out-String) | ConvertFrom-Json -AsHashtable
        $r.same | Should -BeTrue
        $r.here.counts | Should -Be $r.reference.counts
    }

    It 'labels <Index> as scikit-learn''s KMeans does, on the zip' -ForEach @(
        @{ Index = 'NDWI' }, @{ Index = 'MNDWI' }
    ) {
        $labels = Join-Path $TestDrive "expect-$Index.tif"
        $indexFile = Join-Path $TestDrive "expect-$Index-index.tif"
        $r = Invoke-Expect @($l2aNew[1], $Index, $indexFile, $labels)
        $r.resolution | Should -Be 10
        $r.why.dn0 | Should -BeGreaterThan 1000
        $r.kmeans.counts[0] + $r.kmeans.counts[1] | Should -Be $r.valid
        # scikit-learn's KMeans (k-means++, n_init=10) on the index file's valid pixels, as
        # peers/sklearn_index.py fits them: the same partition, up to the order of the labels
        $cmp = Invoke-PythonJson @'
import sys, json
import numpy as np
from osgeo import gdal
from sklearn.cluster import KMeans
a = gdal.Open(sys.argv[1]); i = gdal.Open(sys.argv[2])
lab = a.GetRasterBand(1).ReadAsArray(); v = i.GetRasterBand(1).ReadAsArray().astype(np.float64)
valid = lab != 255
km = KMeans(n_clusters=2, n_init=10, random_state=0).fit(v[valid].reshape(-1, 1))
y = km.labels_ if km.cluster_centers_[0, 0] < km.cluster_centers_[1, 0] else 1 - km.labels_
print(json.dumps({'valid': int(valid.sum()), 'agree': int((lab[valid] == y).sum()),
                  'nanMatches': bool((np.isnan(v) == ~valid).all()), 'type': gdal.GetDataTypeName(i.GetRasterBand(1).DataType),
                  'labelNoData': a.GetRasterBand(1).GetNoDataValue()}))
'@ @($labels, $indexFile)
        $cmp.valid | Should -Be $r.valid
        $cmp.agree | Should -Be $r.valid
        $cmp.nanMatches | Should -BeTrue
        $cmp.type | Should -Be 'Float32'
        $cmp.labelNoData | Should -Be 255
    }

    It 'leaves out the masked SCL classes and reads the 03.01 product without offsets' {
        $all = Invoke-Expect @($l2aOld[0], 'NDWI', '-', '-')
        $masked = Invoke-Expect @($l2aOld[0], 'NDWI', '-', '-', '--mask', '3,8,9,10,11')
        $all.offsets.Count | Should -Be 0
        $masked.why.scl | Should -BeGreaterThan 500
        $masked.valid | Should -Be ($all.valid - $masked.why.scl)
        $masked.mask | Should -Be @(3, 8, 9, 10, 11)
        # same scene, same reflectance: the 05.09 product's index is the 03.01 one's
        $new = Invoke-Expect @($l2aNew[0], 'NDWI', '-', '-')
        $new.valid | Should -Be $all.valid
        $new.kmeans.counts | Should -Be $all.kmeans.counts
        [math]::Abs($new.kmeans.centres[0] - $all.kmeans.centres[0]) | Should -BeLessThan 1e-9
    }

    It 'computes NDMI on the 20 m grid and the AWEI indices on the 10 m grid of an L1C product' {
        $ndmi = Invoke-Expect @($l1c[0], 'NDMI', '-', '-')
        $ndmi.resolution | Should -Be 20
        $ndmi.width | Should -Be 60
        $awei = Invoke-Expect @($l1c[0], 'AWEIsh', '-', '-')
        $awei.resolution | Should -Be 10
        $awei.width | Should -Be 120
        $awei.offsets['2'] | Should -Be -1000
        $awei.kmeans.counts | Should -HaveCount 2
    }
}

