# The module manifest. The build copies it into the publishable folder module/RasterCmdlets
# with paths made relative to that folder; from the repo root, Import-Module ./RasterCmdlets.psd1
# loads the built module in place.
@{
    RootModule           = 'module/RasterCmdlets/RasterCmdlets.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0c7f43-2f7e-4a53-9d77-3f1b8f0f6a21'
    Author               = 'RasterCmdlets contributors'
    CompanyName          = 'RasterCmdlets'
    Copyright            = '(c) RasterCmdlets contributors. MIT licence.'
    Description          = 'Unsupervised classification of satellite images in one line of PowerShell: read bands with GDAL, cluster them with exact or SIMD K-means, write georeferenced GeoTIFF class maps, streaming window by window.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('module/RasterCmdlets/RasterCmdlets.Format.ps1xml')
    # The types file names types of the core assembly, which must be loaded before it is read.
    RequiredAssemblies   = @('module/RasterCmdlets/RasterCmdlets.Gdal.dll', 'module/RasterCmdlets/RasterCmdlets.Core.dll')
    TypesToProcess       = @('module/RasterCmdlets/RasterCmdlets.Types.ps1xml')
    CmdletsToExport      = @(
        'Get-RasterBand'
        'Get-Sentinel2Band'
        'Join-RasterBand'
        'Set-RasterMask'
        'Get-SpectralIndex'
        'Invoke-KMeansCluster'
        'Export-GeoTiff'
        'Measure-RasterClass'
        'Measure-ClassAccuracy'
        'New-AccuracySample'
        'Measure-KMeansCluster'
        'Export-KMeansModel'
        'Import-KMeansModel'
        'New-KMeansModel'
        'Measure-RasterSummary'
        'Invoke-RasterSieve'
        'Export-ClassPolygon'
        'Export-RasterPreview'
        'Export-KMeansChart'
        'Compare-RasterClass'
        'Measure-ClassFrequency'
        'Export-ClassAreaChart'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('GDAL', 'GeoTIFF', 'Raster', 'KMeans', 'Clustering', 'RemoteSensing', 'Sentinel2', 'Landsat', 'GIS', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'First release: read bands, join them, cluster them (exact for one band), apply saved models, measure classes and K, write GeoTIFF and COG.'
        }
    }
}
