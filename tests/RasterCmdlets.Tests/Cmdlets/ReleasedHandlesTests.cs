using RasterCmdlets.Core.Rasters;
using RasterCmdlets.Gdal;
using Xunit;

namespace RasterCmdlets.Tests.Cmdlets;

[CollectionDefinition(nameof(ReleasedHandlesTests), DisableParallelization = true)]
public sealed class ReleasedHandlesCollection;

/// <summary>
/// Ctrl+C or a failure inside GDAL's sieve, polygonize and preview, or while an index's sources are
/// read, leaves no GDAL dataset open and no file behind. Alone in its collection: GDAL's count of open datasets is the whole process's.
/// </summary>
[Collection(nameof(ReleasedHandlesTests))]
public class ReleasedHandlesTests
{
    /// <summary>GDAL's open datasets, once the module's warm-up (which opens a few, on another core) is done.</summary>
    private static int OpenDatasetsWhenSettled()
    {
        var count = GdalLibrary.OpenDatasetCount();
        for (var i = 0; i < 50 && count > 0; i++)
        {
            Thread.Sleep(100);
            count = GdalLibrary.OpenDatasetCount();
        }
        return count;
    }

    private static string[] ModuleTempFiles() =>
        Directory.Exists(ModuleTemp.Folder) ? Directory.GetFiles(ModuleTemp.Folder, "big*") : [];

    private static void WriteSpeckle(string path)
    {
        const int size = 2000;
        var random = new Random(5);
        var blocks = Enumerable.Range(0, size / 2 * (size / 2)).Select(_ => (double)random.Next(3)).ToArray();
        var values = new double[size * size];
        for (var i = 0; i < values.Length; i++) values[i] = blocks[(i / size / 2) * (size / 2) + (i % size) / 2];
        TestRasters.Write(path, size, size, RasterDataType.Byte, [values], blockSize: 256);
    }

    /// <summary>Ctrl+C inside GDAL's sieve and polygonize (through their progress function) and while writing features.</summary>
    [Theory]
    [InlineData("Get-RasterBand big.tif | Invoke-RasterSieve 50 | Export-GeoTiff out.tif", "Sieving")]
    [InlineData("Get-RasterBand big.tif | Export-ClassPolygon out.gpkg", "Polygonizing")]
    [InlineData("Get-RasterBand big.tif | Export-ClassPolygon out.shp", "Writing polygons")]
    [InlineData("Get-RasterBand big.tif | Get-SpectralIndex -Expression 'b1 * 2 + 1' | Invoke-KMeansCluster -K 2 | Export-GeoTiff out.tif", "Reading the distinct values")]
    public void StoppingInsideGdalReleasesEveryDataset(string script, string activity)
    {
        using var scratch = new ScratchFolder();
        WriteSpeckle(scratch.File("big.tif"));
        using var session = new PowerShellSession(scratch.FullName);
        session.Run("$null = Get-RasterBand big.tif").ShouldSucceed();
        var before = ModuleTempFiles();
        Assert.Equal(0, OpenDatasetsWhenSettled());

        var stopping = session.StopWhenReached(script, activity);

        // A bound that catches a hang, not a timing: the machines are shared.
        Assert.True(stopping < TimeSpan.FromSeconds(30), $"stopping took {stopping}");
        Assert.Equal(0, OpenDatasetsWhenSettled());
        Assert.Equal(["big.tif"], Directory.GetFiles(scratch.FullName).Select(Path.GetFileName));
        Assert.Equal(before, ModuleTempFiles());
    }

    [Fact]
    public void APreviewOfADamagedFileFailsAndReleasesEveryDataset()
    {
        using var scratch = new ScratchFolder();
        WriteSpeckle(scratch.File("whole.tif"));
        // Cut the file: its header stays readable, its last tiles are gone.
        var bytes = File.ReadAllBytes(scratch.File("whole.tif"));
        File.WriteAllBytes(scratch.File("cut.tif"), bytes[..(bytes.Length * 2 / 3)]);
        using var session = new PowerShellSession(scratch.FullName);
        var result = session.Run("Get-RasterBand cut.tif | Export-RasterPreview cut.png");
        Assert.Equal("RasterReadFailed,RasterCmdlets.Commands.ExportRasterPreviewCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(0, OpenDatasetsWhenSettled());
        Assert.False(File.Exists(scratch.File("cut.png")));
        Assert.Equal(["cut.tif", "whole.tif"], Directory.GetFiles(scratch.FullName).Select(Path.GetFileName).Order());
    }
}
