using System.Management.Automation;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>Bad input gets an error record with an ErrorId and a category: never a crash, a partial file or a changed input.</summary>
public class BadInputTests
{
    private static ErrorRecord SingleError(PowerShellSession.Result result) => Assert.Single(result.Errors);

    private static void AssertNoStrayFiles(ScratchFolder scratch, params string[] expected) =>
        Assert.Equal(expected.Order(), Directory.GetFiles(scratch.FullName).Select(Path.GetFileName).Order());

    [Fact]
    public void MissingFileIsNonTerminating()
    {
        using var scratch = new ScratchFolder();
        File.Copy(Paths.Sample, scratch.File("x.tif"));
        using var session = new PowerShellSession(scratch.FullName);
        var result = session.Run("Get-RasterBand missing.tif, x.tif 1");
        var error = SingleError(result);
        Assert.Equal("PathNotFound,RasterCmdlets.Commands.GetRasterBandCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("missing.tif", error.TargetObject);
        Assert.IsType<RasterBand>(Assert.Single(result.Output)); // the other path is still read
    }

    [Fact]
    public void TextFileIsAnOpenError()
    {
        using var scratch = new ScratchFolder();
        File.WriteAllText(scratch.File("notes.tif"), "not a raster");
        using var session = new PowerShellSession(scratch.FullName);
        var error = SingleError(session.Run("Get-RasterBand notes.tif"));
        Assert.Equal("RasterOpenFailed,RasterCmdlets.Commands.GetRasterBandCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OpenError, error.CategoryInfo.Category);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void BandOutOfRange(int band)
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var error = SingleError(session.Run($"Get-RasterBand '{Paths.Sample}' {band}"));
        Assert.Equal("BandOutOfRange,RasterCmdlets.Commands.GetRasterBandCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("6 bands", error.Exception.Message);
    }

    [Fact]
    public void KBelowTwoIsRefusedByTheBinder()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var error = SingleError(session.Run($"Get-RasterBand '{Paths.Sample}' 4 | Invoke-KMeansCluster -K 1"));
        Assert.StartsWith("ParameterArgumentValidationError", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void KAboveDistinctValues()
    {
        using var scratch = new ScratchFolder();
        TestRasters.Write(scratch.File("two.tif"), 10, 10, RasterDataType.Byte, [Enumerable.Range(0, 100).Select(i => (double)(i % 2) * 50).ToArray()]);
        using var session = new PowerShellSession(scratch.FullName);
        var error = SingleError(session.Run("Get-RasterBand two.tif | Invoke-KMeansCluster -K 3 | Export-GeoTiff out.tif"));
        Assert.Equal("KExceedsDistinctValues,RasterCmdlets.Commands.InvokeKMeansClusterCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        AssertNoStrayFiles(scratch, "two.tif");
    }

    [Fact]
    public void BandWithNoValidPixel()
    {
        using var scratch = new ScratchFolder();
        TestRasters.Write(scratch.File("empty.tif"), 10, 10, RasterDataType.Int16, [Enumerable.Repeat(-1.0, 100).ToArray()], noData: -1);
        using var session = new PowerShellSession(scratch.FullName);
        var error = SingleError(session.Run("Get-RasterBand empty.tif | Invoke-KMeansCluster -K 2"));
        Assert.Equal("NoValidPixels,RasterCmdlets.Commands.InvokeKMeansClusterCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
    }

    [Fact]
    public void ExistingOutputNeedsForce()
    {
        using var scratch = new ScratchFolder();
        File.WriteAllText(scratch.File("out.tif"), "keep me");
        using var session = new PowerShellSession(scratch.FullName);
        var error = SingleError(session.Run($"Get-RasterBand '{Paths.Sample}' 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff out.tif"));
        Assert.Equal("OutputExists,RasterCmdlets.Commands.ExportGeoTiffCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal("keep me", File.ReadAllText(scratch.File("out.tif")));
        session.Run($"Get-RasterBand '{Paths.Sample}' 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff out.tif -Force").ShouldSucceed();
        Assert.Equal(352, TestRasters.ReadBand(scratch.File("out.tif")).Height);
        AssertNoStrayFiles(scratch, "out.tif");
    }

    [Fact]
    public void OutputOverInputIsRefused()
    {
        using var scratch = new ScratchFolder();
        File.Copy(Paths.Sample, scratch.File("x.tif"));
        var before = File.ReadAllBytes(scratch.File("x.tif"));
        using var session = new PowerShellSession(scratch.FullName);
        var error = SingleError(session.Run("Get-RasterBand x.tif 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff x.tif -Force"));
        Assert.Equal("OutputIsInput,RasterCmdlets.Commands.ExportGeoTiffCommand", error.FullyQualifiedErrorId);
        Assert.Equal(before, File.ReadAllBytes(scratch.File("x.tif")));
    }

    [Fact]
    public void OutputIntoMissingFolder()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var error = SingleError(session.Run($"Get-RasterBand '{Paths.Sample}' 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff nowhere/out.tif"));
        Assert.Equal("OutputFolderNotFound,RasterCmdlets.Commands.ExportGeoTiffCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
    }

    [Fact]
    public void OutputIntoReadOnlyFolder()
    {
        using var scratch = new ScratchFolder();
        // Root writes into any read-only folder of a normal file system; /proc refuses even root.
        var folder = Environment.UserName == "root" ? "/proc" : scratch.File("ro");
        if (folder != "/proc")
        {
            Directory.CreateDirectory(folder);
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        var before = Directory.GetFiles(folder).Length;
        using var session = new PowerShellSession(scratch.FullName);
        var error = SingleError(session.Run($"Get-RasterBand '{Paths.Sample}' 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff '{folder}/out.tif'"));
        Assert.Equal("WriteFailed,RasterCmdlets.Commands.ExportGeoTiffCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.WriteError, error.CategoryInfo.Category);
        Assert.Equal(before, Directory.GetFiles(folder).Length);
    }
}
