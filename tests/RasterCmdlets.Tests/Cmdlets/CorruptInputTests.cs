using System.Management.Automation;
using Xunit;
using Xunit.Abstractions;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>
/// Damaged GeoTIFFs, truncated and with flipped bytes: every failure is an error record with a
/// PascalCase ErrorId, the process survives, no partial output is left and the input is unchanged.
/// </summary>
public class CorruptInputTests(ITestOutputHelper log)
{
    private const string Pipeline = "Get-RasterBand bad.tif | Join-RasterBand | Invoke-KMeansCluster -K 3 -Seed 1 | Export-GeoTiff out.tif";

    /// <summary>Runs the pipeline on damaged bytes and checks every promise; returns the error ids seen.</summary>
    private static List<string> RunOn(byte[] damaged)
    {
        using var scratch = new ScratchFolder();
        File.WriteAllBytes(scratch.File("bad.tif"), damaged);
        using var session = new PowerShellSession(scratch.FullName);
        var result = session.Run(Pipeline);
        result.ShouldHaveOnlyClearErrors();
        Assert.Equal(damaged, File.ReadAllBytes(scratch.File("bad.tif")));
        var files = Directory.GetFiles(scratch.FullName).Select(f => Path.GetFileName(f)!).Order().ToArray();
        if (result.Errors.Count == 0)
        {
            Assert.Equal(["bad.tif", "out.tif"], files);
            Assert.Equal(349, TestRasters.ReadBand(scratch.File("out.tif")).Width); // complete and readable
        }
        else
        {
            Assert.Equal(["bad.tif"], files);
        }
        return result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToList();
    }

    [Theory]
    [InlineData(0, "RasterOpenFailed")]
    [InlineData(7, "RasterOpenFailed")]
    [InlineData(100, "RasterOpenFailed")]
    [InlineData(2000, null)]
    [InlineData(200_000, "RasterReadFailed")]
    [InlineData(500_000, "RasterReadFailed")]
    [InlineData(798_000, null)] // only overview tiles are lost: the pixels read are all there
    public void TruncatedFile(int length, string? expected)
    {
        var bytes = File.ReadAllBytes(Paths.Sample);
        var ids = RunOn(bytes[..Math.Min(length, bytes.Length)]);
        if (expected is not null) Assert.Contains(expected, ids);
    }

    [Theory]
    [InlineData(3)]       // byte order / magic
    [InlineData(5)]       // offset of the first directory
    [InlineData(300)]     // inside the directory
    [InlineData(60_000)]  // compressed pixels
    [InlineData(400_000)]
    public void FlippedBytes(int offset)
    {
        var bytes = File.ReadAllBytes(Paths.Sample);
        for (var i = offset; i < offset + 16 && i < bytes.Length; i++) bytes[i] ^= 0xA5;
        RunOn(bytes);
    }

    /// <summary>A bounded fuzz run: random flips and truncations of a real GeoTIFF. Set RASTERCMDLETS_FUZZ_SEED to replay or vary it.</summary>
    [Fact]
    public void FuzzNeverCrashes()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("RASTERCMDLETS_FUZZ_SEED"), out var s) ? s : 20261123;
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("RASTERCMDLETS_FUZZ_ROUNDS"), out var r) ? r : 40;
        log.WriteLine($"fuzz seed {seed}, {rounds} rounds");
        Console.WriteLine($"fuzz seed {seed}, {rounds} rounds (RASTERCMDLETS_FUZZ_SEED to replay)");
        var random = new Random(seed);
        var original = File.ReadAllBytes(Paths.Sample);
        var outcomes = new Dictionary<string, int>();
        for (var round = 0; round < rounds; round++)
        {
            var bytes = (byte[])original.Clone();
            // Most damage lands in the first kilobytes, where the TIFF structure lives.
            var flips = random.Next(1, 12);
            for (var f = 0; f < flips; f++)
            {
                var at = random.Next(3) == 0 ? random.Next(bytes.Length) : random.Next(Math.Min(4096, bytes.Length));
                bytes[at] = (byte)random.Next(256);
            }
            if (random.Next(4) == 0) bytes = bytes[..random.Next(bytes.Length)];
            var ids = RunOn(bytes);
            var key = ids.Count == 0 ? "(success)" : string.Join("+", ids.Distinct());
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }
        log.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key} x{o.Value}")));
    }
}
