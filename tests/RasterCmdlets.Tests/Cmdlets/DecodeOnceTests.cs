using RasterCmdlets.Gdal;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>
/// Ctrl+C while pixels are kept in a temporary file (JPEG 2000 here): the file is removed whether
/// the stop comes during the fit that fills it or the write that reads it. The rest of decoding once
/// is specified in tests/DecodeOnce.Tests.ps1, in real pwsh.
/// </summary>
public class DecodeOnceTests
{
    [Theory]
    [InlineData("Get-RasterBand stopfit.jp2 | Invoke-KMeansCluster -K 3 | Export-GeoTiff out.tif", "stopfit", "Reading the value histogram")]
    [InlineData("$m = Get-RasterBand stopwrite.jp2 | Invoke-KMeansCluster -K 3; $m | Export-GeoTiff out.tif", "stopwrite", "Writing classes")]
    public void StoppingRemovesTheKeptFile(string script, string stem, string activity)
    {
        using var scratch = new ScratchFolder();
        const int size = 1500;
        var random = new Random(3);
        var tiff = TestRasters.Write(scratch.File($"{stem}.tif"), size, size, RasterDataType.UInt16,
            [Enumerable.Range(0, size * size).Select(_ => (double)random.Next(1, 60000)).ToArray()]);
        ChildProcess.Succeed("gdal_translate", "-q", "-of", "JP2OpenJPEG", "-co", "BLOCKXSIZE=128", "-co", "BLOCKYSIZE=128",
            "-co", "QUALITY=100", "-co", "REVERSIBLE=YES", tiff, scratch.File($"{stem}.jp2"));
        File.Delete(tiff);

        var previous = Environment.GetEnvironmentVariable(KeptPixels.MemoryBudgetVariable);
        Environment.SetEnvironmentVariable(KeptPixels.MemoryBudgetVariable, "0");
        try
        {
            string[] Kept() => Directory.GetFiles(ModuleTemp.Folder, $"{stem}-*.pixels");
            using var session = new PowerShellSession(scratch.FullName);
            var keptWhenReached = -1;
            session.StopWhenReached(script, activity, () => keptWhenReached = Kept().Length);
            Assert.Equal(1, keptWhenReached);
            Assert.Empty(Kept());
            Assert.Equal([$"{stem}.jp2"], Directory.GetFiles(scratch.FullName).Select(Path.GetFileName).Where(n => !n!.EndsWith(".aux.xml")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(KeptPixels.MemoryBudgetVariable, previous);
        }
    }
}
