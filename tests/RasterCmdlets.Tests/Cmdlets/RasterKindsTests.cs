using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>Hand-made rasters with known clusters, of the kinds users bring: NoData, floats, rotation, stacks.</summary>
public class RasterKindsTests
{
    private static double[] Blocks(int width, int height, Func<int, int, double> value) =>
        Enumerable.Range(0, width * height).Select(i => value(i % width, i / width)).ToArray();

    [Fact]
    public void Int16WithNoDataKeepsNoData()
    {
        using var scratch = new ScratchFolder();
        const double noData = -9999;
        // Three plateaus with small deterministic noise, and a diagonal line of NoData.
        var values = Blocks(60, 40, (x, y) => x == y ? noData : (x < 20 ? -500 : x < 40 ? 100 : 900) + ((x * 7 + y * 3) % 11) - 5);
        TestRasters.Write(scratch.File("in.tif"), 60, 40, RasterDataType.Int16, [values], noData);
        using var session = new PowerShellSession(scratch.FullName);
        var result = session.Run("Get-RasterBand in.tif | Invoke-KMeansCluster -K 3 | Export-GeoTiff out.tif -PassThru").ShouldSucceed();
        Assert.IsType<FileInfo>(Assert.Single(result.Output));

        var output = TestRasters.ReadBand(scratch.File("out.tif"));
        Assert.Equal(RasterDataType.Byte, output.Type);
        Assert.Equal(255, output.NoData);
        for (var y = 0; y < 40; y++)
            for (var x = 0; x < 60; x++)
            {
                var expected = x == y ? 255 : x < 20 ? 0 : x < 40 ? 1 : 2;
                Assert.Equal(expected, output.Values[y * 60 + x]);
            }
    }

    [Fact]
    public void Float32WithNaNAndNoData()
    {
        using var scratch = new ScratchFolder();
        var values = Blocks(50, 30, (x, y) => (x + y) % 17 == 0 ? double.NaN : x % 9 == 4 && y % 5 == 0 ? -1 : y < 15 ? 0.05 + x * 1e-4 : 0.6 - x * 1e-4);
        TestRasters.Write(scratch.File("in.tif"), 50, 30, RasterDataType.Float32, [values], noData: -1);
        using var session = new PowerShellSession(scratch.FullName);
        var classes = session.Run("Get-RasterBand in.tif 1 | Invoke-KMeansCluster -K 2 | Export-GeoTiff out.tif -PassThru; Get-RasterBand in.tif | Invoke-KMeansCluster -K 2")
            .ShouldSucceed().Output.OfType<ClassifiedRaster>().Single();
        var output = TestRasters.ReadBand(scratch.File("out.tif"));
        var missing = values.Count(v => double.IsNaN(v) || v == -1);
        Assert.Equal(missing, classes.NoDataPixelCount);
        for (var i = 0; i < values.Length; i++)
        {
            var expected = double.IsNaN(values[i]) || values[i] == -1 ? 255 : i / 50 < 15 ? 0 : 1;
            Assert.Equal(expected, output.Values[i]);
        }
    }

    [Fact]
    public void RotatedGeotransformIsKept()
    {
        using var scratch = new ScratchFolder();
        var rotated = new GeoTransform(1000, 8.66, 5, 2000, 5, -8.66);
        var values = Blocks(32, 32, (x, y) => x < 16 ? 10 : 200);
        TestRasters.Write(scratch.File("in.tif"), 32, 32, RasterDataType.Byte, [values], transform: rotated);
        using var session = new PowerShellSession(scratch.FullName);
        session.Run("Get-RasterBand in.tif 1 | Invoke-KMeansCluster -K 2 | Export-GeoTiff out.tif").ShouldSucceed();
        var output = TestRasters.ReadBand(scratch.File("out.tif"));
        Assert.Equal(rotated, output.Transform);
        Assert.Equal(values.Select(v => v < 100 ? 0.0 : 1.0), output.Values);
    }

    [Fact]
    public void BandsFromSeveralFilesJoinIntoAStack()
    {
        using var scratch = new ScratchFolder();
        // Three clusters that only the two bands together separate: (low, low), (low, high), (high, low).
        var red = Blocks(40, 40, (x, y) => x < 20 ? 100 + (x + y) % 5 : 900 + (x * y) % 5);
        var nir = Blocks(40, 40, (x, y) => x < 20 && y >= 20 ? 800 + (x + 2 * y) % 5 : 120 + (3 * x + y) % 5);
        TestRasters.Write(scratch.File("B04.tif"), 40, 40, RasterDataType.UInt16, [red], blockSize: 16);
        TestRasters.Write(scratch.File("B08.tif"), 40, 40, RasterDataType.UInt16, [nir]);
        using var session = new PowerShellSession(scratch.FullName);
        var stack = session.Run("Get-RasterBand B04.tif, B08.tif | Join-RasterBand").ShouldSucceed().Single<RasterStack>();
        Assert.Equal(2, stack.BandCount);
        session.Run("Get-RasterBand B04.tif, B08.tif | Join-RasterBand | Invoke-KMeansCluster -K 3 -Seed 3 | Export-GeoTiff out.tif").ShouldSucceed();
        var output = TestRasters.ReadBand(scratch.File("out.tif")).Values;
        // Classes are ordered by the norm of their centre: (100,120) < (100,800) < (900,120).
        for (var i = 0; i < output.Length; i++)
        {
            var expected = red[i] > 500 ? 2 : nir[i] > 500 ? 1 : 0;
            Assert.Equal(expected, output[i]);
        }
    }

    [Fact]
    public void BandsOnDifferentGridsDoNotJoin()
    {
        using var scratch = new ScratchFolder();
        TestRasters.Write(scratch.File("a.tif"), 20, 20, RasterDataType.Byte, [new double[400]]);
        TestRasters.Write(scratch.File("b.tif"), 20, 20, RasterDataType.Byte, [new double[400]], transform: TestRasters.NorthUp with { PixelWidth = 20 });
        using var session = new PowerShellSession(scratch.FullName);
        var error = Assert.Single(session.Run("Get-RasterBand a.tif, b.tif | Join-RasterBand").Errors);
        Assert.Equal("BandsNotAligned,RasterCmdlets.Commands.JoinRasterBandCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("geotransform", error.Exception.Message);
    }

    [Fact]
    public void ExportedBandKeepsPixelsAndGeoreferencing()
    {
        using var scratch = new ScratchFolder();
        var values = Blocks(33, 17, (x, y) => x * 100 + y);
        TestRasters.Write(scratch.File("in.tif"), 33, 17, RasterDataType.UInt16, [values], noData: 0);
        using var session = new PowerShellSession(scratch.FullName);
        session.Run("Get-RasterBand in.tif | Export-GeoTiff copy.tif").ShouldSucceed();
        var copy = TestRasters.ReadBand(scratch.File("copy.tif"));
        Assert.Equal(values, copy.Values);
        Assert.Equal(RasterDataType.UInt16, copy.Type);
        Assert.Equal(0, copy.NoData);
        Assert.Equal(TestRasters.NorthUp, copy.Transform);
    }
}
