using System.Diagnostics;
using System.IO.Compression;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>Formats beyond GeoTIFF, the rastershell host as a process, and a machine without GDAL.</summary>
public class HostAndFormatsTests
{
    private static (int Code, string Out, string Err) Process(string[] args, Dictionary<string, string>? environment = null)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "RasterShell.dll");
        var start = new ProcessStartInfo("dotnet", [host, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in environment ?? []) start.Environment[k] = v;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }

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
        using (var translate = System.Diagnostics.Process.Start("gdal_translate", ["-q", "-b", "4", "-of", "JP2OpenJPEG", "-co", "REVERSIBLE=YES", "-co", "QUALITY=100", Paths.Sample, scratch.File("b4.jp2")])!)
            translate.WaitForExit();
        using var session = new PowerShellSession(scratch.FullName);
        var jpeg2000 = session.Run("Get-RasterBand b4.jp2 | Invoke-KMeansCluster -K 2").ShouldSucceed().Single<ClassifiedRaster>();
        var zipped = session.Run($"Get-RasterBand '/vsizip/{scratch.File("scene.zip")}/inner/L7.tif' 4 | Invoke-KMeansCluster -K 2").ShouldSucceed().Single<ClassifiedRaster>();
        var virtualBand = session.Run("Get-RasterBand band4.vrt | Invoke-KMeansCluster -K 2").ShouldSucceed().Single<ClassifiedRaster>();
        Assert.Equal([21131L, 101717L], zipped.ClassPixelCounts);
        Assert.Equal(zipped.ClassPixelCounts, virtualBand.ClassPixelCounts);
        Assert.Equal(zipped.ClassPixelCounts, jpeg2000.ClassPixelCounts); // lossless JPEG 2000: the same pixels
        Assert.Equal("VRT", ((RasterBand)virtualBand.Source).Driver);
    }

    [Fact]
    public void ShellRunsScriptFilesWithArguments()
    {
        using var scratch = new ScratchFolder();
        File.WriteAllText(scratch.File("classify.ps1"), "param($In, $K) (Get-RasterBand $In 4 | Invoke-KMeansCluster -K $K).ClassPixelCounts -join ','");
        var (code, output, error) = Process(["-File", scratch.File("classify.ps1"), Paths.Sample, "2"]);
        Assert.Equal(0, code);
        Assert.Equal("21131,101717", output.Trim());
        Assert.Empty(error);
    }

    [Fact]
    public void MissingGdalIsOneClearError()
    {
        var (code, _, error) = Process(["-Command", $"Get-RasterBand '{Paths.Sample}'"],
            new() { ["RASTERCMDLETS_GDAL_LIBRARY"] = "/nonexistent/libgdal.so" });
        Assert.Equal(1, code);
        Assert.Contains("GDAL could not be loaded. Tried: /nonexistent/libgdal.so", error);
        Assert.Contains("apt-get install gdal-bin", error);
    }
}
