using System.IO.Compression;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>Formats beyond GeoTIFF. (Running the module in pwsh as a process, script files with arguments and a
/// machine without GDAL are in the Pester suite, tests/RasterCmdlets.Tests.ps1.)</summary>
public class HostAndFormatsTests
{
    [Fact]
    public void ZippedVirtualAndJpeg2000RastersOpen()
    {
        using var scratch = new ScratchFolder();
        using (var zip = ZipFile.Open(scratch.File("scene.zip"), ZipArchiveMode.Create))
            zip.CreateEntryFromFile(Paths.Sample, "inner/L7.tif");
        File.WriteAllText(scratch.File("band4.vrt"), $"""
            <VRTDataset rasterXSize="349" rasterYSize="352">
              <VRTRasterBand dataType="Byte" band="1">
                <SimpleSource><SourceFilename relativeToVRT="0">{Paths.Sample}</SourceFilename><SourceBand>4</SourceBand></SimpleSource>
              </VRTRasterBand>
            </VRTDataset>
            """);
        ChildProcess.Succeed("gdal_translate", "-q", "-b", "4", "-of", "JP2OpenJPEG", "-co", "REVERSIBLE=YES", "-co", "QUALITY=100", Paths.Sample, scratch.File("b4.jp2"));
        using var session = new PowerShellSession(scratch.FullName);
        var jpeg2000 = session.Run("Get-RasterBand b4.jp2 | Invoke-KMeansCluster -K 2").ShouldSucceed().Single<ClassifiedRaster>();
        var zipped = session.Run($"Get-RasterBand '/vsizip/{scratch.File("scene.zip")}/inner/L7.tif' 4 | Invoke-KMeansCluster -K 2").ShouldSucceed().Single<ClassifiedRaster>();
        var virtualBand = session.Run("Get-RasterBand band4.vrt | Invoke-KMeansCluster -K 2").ShouldSucceed().Single<ClassifiedRaster>();
        Assert.Equal([21131L, 101717L], zipped.ClassPixelCounts);
        Assert.Equal(zipped.ClassPixelCounts, virtualBand.ClassPixelCounts);
        Assert.Equal(zipped.ClassPixelCounts, jpeg2000.ClassPixelCounts); // lossless JPEG 2000: the same pixels
        Assert.Equal("VRT", ((RasterBand)virtualBand.Source).Driver);
    }
}
