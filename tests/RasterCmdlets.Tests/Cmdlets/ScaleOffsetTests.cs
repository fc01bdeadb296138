using System.Diagnostics;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>
/// A band's Scale and Offset (physical value = raw × Scale + Offset): read from GDAL's band scale and
/// offset (set here by gdal_translate -a_scale/-a_offset), 1 and 0 where the file has none, kept by
/// every copy of the band and through PowerShell's serialisation; clustering still works on raw values.
/// </summary>
public class ScaleOffsetTests
{
    private const string RoundTrip = "function rt($o) { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($o)) }; ";

    private static string Scaled(ScratchFolder scratch)
    {
        var path = scratch.File("scaled.tif");
        using var process = Process.Start(new ProcessStartInfo("gdal_translate",
            ["-q", "-b", "4", "-a_scale", "0.0001", "-a_offset", "-0.1", Paths.Sample, path]) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"gdal_translate failed: {error}");
        return path;
    }

    [Fact]
    public void BandsTakeTheFilesScaleAndOffsetOrOneAndZero()
    {
        using var scratch = new ScratchFolder();
        var scaled = RasterBand.Open(Scaled(scratch))[0];
        Assert.Equal((0.0001, -0.1), (scaled.Scale, scaled.Offset));
        var plain = RasterBand.Open(Paths.Sample, [4])[0];
        Assert.Equal((1.0, 0.0), (plain.Scale, plain.Offset));
    }

    [Fact]
    public void EveryCopyOfABandKeepsItsScaleAndOffset()
    {
        var band = RasterBand.Open(Paths.Sample, [4])[0].WithScaleOffset(0.5, -3);
        Assert.Equal((0.5, -3.0), (band.Scale, band.Offset));
        var copies = new[]
        {
            band.WithNoDataValue(0),
            band.WithMask(new RasterMaskSource(Paths.Sample, 1, [0], Paths.Sample)),
            band.ResampledOnto(band.Grid, RasterResampling.Bilinear),
        };
        foreach (var copy in copies)
            Assert.Equal((0.5, -3.0), (copy.Scale, copy.Offset));
        var again = band.WithScaleOffset(2, 1);
        Assert.Equal((band.Path, band.BandNumber, band.DataType, 2.0, 1.0), (again.Path, again.BandNumber, again.DataType, again.Scale, again.Offset));
    }

    [Fact]
    public void ScaleAndOffsetSurviveSerialisationFromTheFileAndFromMetadata()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var output = session.Run(RoundTrip + """
            $fromFile = rt (Get-RasterBand $scaled)
            $given = rt ((Get-RasterBand $sample 4).WithScaleOffset(0.25, -7))
            $fromFile.GetType().Name; $fromFile.Scale; $fromFile.Offset
            $given.GetType().Name; $given.Scale; $given.Offset
            """, new Dictionary<string, object?> { ["sample"] = Paths.Sample, ["scaled"] = Scaled(scratch) }).ShouldSucceed().Output.Select(o => o?.ToString() ?? "").ToArray();
        Assert.Equal(["RasterBand", "0.0001", "-0.1", "RasterBand", "0.25", "-7"], output);
    }

    [Fact]
    public void ClusteringWorksOnRawValues()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        session.Run("""
            Get-RasterBand $scaled | Invoke-KMeansCluster -K 3 -Seed 2 | Export-GeoTiff scaled-map.tif
            Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 3 -Seed 2 | Export-GeoTiff raw-map.tif
            """, new Dictionary<string, object?> { ["sample"] = Paths.Sample, ["scaled"] = Scaled(scratch) }).ShouldSucceed();
        Assert.Equal(TestRasters.ReadBand(scratch.File("raw-map.tif")).Values, TestRasters.ReadBand(scratch.File("scaled-map.tif")).Values);
    }
}
