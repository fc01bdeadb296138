using System.Diagnostics;
using System.Management.Automation;
using RasterCmdlets.Core.Rasters;
using Xunit;
using Xunit.Abstractions;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>
/// One small L2A product (SAFE folder and zip) written by tests/tools/sentinel2_product.py with
/// GDAL's Python, shared by the tests of a class and removed afterwards.
/// </summary>
public sealed class Sentinel2ProductFixture : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public Sentinel2ProductFixture()
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { Path.Combine(Paths.RepoRoot, "tests", "tools", "sentinel2_product.py"), _folder.FullName, "--zip", "--size", "60" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("sentinel2_product.py failed: " + errors);
        Safe = lines[0];
        Zip = lines[1];
    }

    public string Safe { get; }
    public string Zip { get; }
    public string Metadata => Path.Combine(Safe, "MTD_MSIL2A.xml");

    /// <summary>The JPEG 2000 file of a band, relative to the SAFE folder.</summary>
    public string Image(string band, int resolution) =>
        Path.GetRelativePath(Safe, Directory.GetFiles(Safe, $"*_{band}_{resolution}m.jp2", SearchOption.AllDirectories).Single());

    public void Dispose() => _folder.Dispose();
}

/// <summary>
/// Get-Sentinel2Band in the engine: bands that keep what their product says through PowerShell's
/// serialisation, and damaged products (zips cut short, metadata whose offset list is cut or garbled,
/// a JPEG 2000 band cut short), run through the whole pipeline: every failure is an error record
/// with a PascalCase ErrorId, nothing hangs, no partial output is left and the input is unchanged.
/// </summary>
public class Sentinel2ProductTests(Sentinel2ProductFixture product, ITestOutputHelper log) : IClassFixture<Sentinel2ProductFixture>
{
    private const string RoundTrip = "function rt($o) { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($o)) }; ";
    private const string Pipeline = "Get-Sentinel2Band -LiteralPath $bad B03, B08 -CloudMask | Join-RasterBand | Invoke-KMeansCluster -K 2 -Seed 1 | Export-GeoTiff out.tif";

    [Fact]
    public void ASerialisedBandKeepsItsProductAndMaskAndClassifiesIdentically()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var output = session.Run(RoundTrip + """
            $band = Get-Sentinel2Band $zip B08 -CloudMask
            $copy = rt $band
            $band | Invoke-KMeansCluster -K 2 | Export-GeoTiff live.tif
            $copy | Invoke-KMeansCluster -K 2 | Export-GeoTiff copy.tif
            $band; $copy
            """, new Dictionary<string, object?> { ["zip"] = product.Zip }).ShouldSucceed().Output;
        var live = Assert.IsType<RasterBand>(output[0]);
        var copy = Assert.IsType<RasterBand>(output[1]);
        Assert.Equal(live.ProductInfo, copy.ProductInfo); // a record: every property compared
        Assert.Equal("B08", copy.Name);
        Assert.Equal("L2A", copy.Level);
        Assert.Equal("T30STF", copy.Tile);
        Assert.Equal("05.09", copy.ProcessingBaseline);
        Assert.Equal(new DateTime(2023, 7, 15, 10, 56, 19, DateTimeKind.Utc), copy.SensingTime!.Value.AddTicks(-(copy.SensingTime.Value.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Equal(DateTimeKind.Utc, copy.SensingTime.Value.Kind);
        Assert.Equal((0.0001, -0.1), (copy.Scale, copy.Offset));
        Assert.Equal(live.MaskSource, copy.MaskSource with { Values = live.MaskSource!.Values });
        Assert.Equal(live.MaskSource.Values, copy.MaskSource!.Values);
        Assert.Equal(File.ReadAllBytes(scratch.File("live.tif")), File.ReadAllBytes(scratch.File("copy.tif")));
    }

    [Fact]
    public void OrdinaryBandsHaveNoProduct()
    {
        var band = RasterBand.Open(Paths.Sample, [4])[0];
        Assert.Null(band.ProductInfo);
        Assert.Null(band.SensingTime);
        Assert.Null(band.Name);
    }

    /// <summary>Runs the pipeline on a damaged copy and checks every promise; returns the error ids seen.</summary>
    private List<string> RunOn(Action<ScratchFolder> damage, string bad)
    {
        using var scratch = new ScratchFolder();
        damage(scratch);
        var input = scratch.File(bad);
        var before = Snapshot(input);
        using var session = new PowerShellSession(scratch.FullName);
        var run = Task.Run(() => session.Run(Pipeline, new Dictionary<string, object?> { ["bad"] = input }));
        Assert.True(run.Wait(TimeSpan.FromMinutes(2)), "the pipeline hung on a damaged product");
        var result = run.Result;
        result.ShouldHaveOnlyClearErrors();
        Assert.Equal(before, Snapshot(input));
        var written = File.Exists(scratch.File("out.tif"));
        Assert.Equal(result.Errors.Count == 0, written);
        if (written) Assert.Equal(60, TestRasters.ReadBand(scratch.File("out.tif")).Width);
        Assert.Empty(Directory.GetFiles(scratch.FullName, "*.tmp.tif", SearchOption.AllDirectories));
        return result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToList();
    }

    /// <summary>Every file under a path (a zip, or a SAFE folder) with its bytes' hash.</summary>
    private static Dictionary<string, string> Snapshot(string path) =>
        (Directory.Exists(path) ? Directory.GetFiles(path, "*", SearchOption.AllDirectories) : [path])
            .ToDictionary(f => f, f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    private void CopySafe(ScratchFolder scratch, string name)
    {
        foreach (var file in Directory.GetFiles(product.Safe, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(scratch.File(name), Path.GetRelativePath(product.Safe, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }

    [Fact]
    public void TheUndamagedProductClusters()
    {
        Assert.Empty(RunOn(s => File.Copy(product.Zip, s.File("good.zip")), "good.zip"));
        Assert.Empty(RunOn(s => CopySafe(s, "good.SAFE"), "good.SAFE"));
    }

    [Theory]
    [InlineData(0, "NotSentinel2Product")] // empty: no zip at all
    [InlineData(100, "DamagedProduct")]
    [InlineData(150_000, "DamagedProduct")]
    [InlineData(-22, "DamagedProduct")]   // only the end of the central directory lost
    public void TruncatedZip(int length, string expected)
    {
        var bytes = File.ReadAllBytes(product.Zip);
        var keep = length < 0 ? bytes.Length + length : Math.Min(length, bytes.Length);
        var ids = RunOn(s => File.WriteAllBytes(s.File("bad.zip"), bytes[..keep]), "bad.zip");
        Assert.Equal([expected], ids);
    }

    [Theory]
    [InlineData("<BOA_ADD_OFFSET band_id=\"3\">")]   // cut inside the offset list
    [InlineData("</BOA_ADD_OFFSET_VALUES_LIST>")]   // cut right after it
    public void MetadataCutInTheOffsetList(string cutAt)
    {
        var ids = RunOn(s =>
        {
            CopySafe(s, "bad.SAFE");
            var mtd = Path.Combine(s.File("bad.SAFE"), "MTD_MSIL2A.xml");
            var text = File.ReadAllText(mtd);
            File.WriteAllText(mtd, text[..text.IndexOf(cutAt, StringComparison.Ordinal)]);
        }, "bad.SAFE");
        Assert.Equal(["DamagedProduct"], ids);
    }

    [Theory]
    [InlineData("-1000", "-1O00")]
    [InlineData("-1000", "")]
    [InlineData("-1000", "NaN")]
    [InlineData("band_id=\"7\"", "band_id=\"77\"")]
    public void MetadataWithAGarbledOffset(string value, string garbled)
    {
        var ids = RunOn(s =>
        {
            CopySafe(s, "bad.SAFE");
            var mtd = Path.Combine(s.File("bad.SAFE"), "MTD_MSIL2A.xml");
            var text = File.ReadAllText(mtd);
            var at = text.IndexOf("<BOA_ADD_OFFSET band_id=\"7\">", StringComparison.Ordinal);
            var valueAt = text.IndexOf(value, at, StringComparison.Ordinal);
            File.WriteAllText(mtd, text[..valueAt] + garbled + text[(valueAt + value.Length)..]);
        }, "bad.SAFE");
        Assert.Equal(["DamagedProduct"], ids);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.02)]
    [InlineData(0.5)]
    [InlineData(0.95)]
    public void Jpeg2000BandCutShort(double fraction)
    {
        var ids = RunOn(s =>
        {
            CopySafe(s, "bad.SAFE");
            var jp2 = Path.Combine(s.File("bad.SAFE"), product.Image("B08", 10));
            var bytes = File.ReadAllBytes(jp2);
            File.WriteAllBytes(jp2, bytes[..(int)(bytes.Length * fraction)]);
        }, "bad.SAFE");
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Contains(id, new[] { "RasterReadFailed", "DamagedProduct" }));
    }

    /// <summary>
    /// A bounded fuzz run over damaged products: zips cut anywhere or with flipped bytes in their
    /// directories, metadata cut or garbled anywhere in or around its offset list, the B08 JPEG 2000
    /// cut anywhere. RASTERCMDLETS_FUZZ_SEED replays or varies it, RASTERCMDLETS_FUZZ_ROUNDS sizes it.
    /// </summary>
    [Fact]
    public void FuzzOfDamagedProductsNeverCrashes()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("RASTERCMDLETS_FUZZ_SEED"), out var s) ? s : 20261130;
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("RASTERCMDLETS_FUZZ_ROUNDS"), out var r) ? Math.Max(1, r / 2) : 20;
        log.WriteLine($"fuzz seed {seed}, {rounds} rounds");
        var random = new Random(seed);
        var zip = File.ReadAllBytes(product.Zip);
        var mtdText = File.ReadAllText(product.Metadata);
        var listStart = mtdText.IndexOf("<BOA_ADD_OFFSET_VALUES_LIST>", StringComparison.Ordinal);
        var listEnd = mtdText.IndexOf("</BOA_ADD_OFFSET_VALUES_LIST>", StringComparison.Ordinal) + 30;
        var outcomes = new Dictionary<string, int>();
        for (var round = 0; round < rounds; round++)
        {
            var kind = random.Next(4);
            List<string> ids;
            switch (kind)
            {
                case 0: // a zip cut anywhere
                    var length = random.Next(zip.Length);
                    ids = RunOn(sc => File.WriteAllBytes(sc.File("bad.zip"), zip[..length]), "bad.zip");
                    break;
                case 1: // a zip with bytes flipped in its central directory (the last kilobytes)
                    var flipped = (byte[])zip.Clone();
                    for (var f = random.Next(1, 8); f > 0; f--)
                        flipped[zip.Length - 1 - random.Next(Math.Min(4096, zip.Length))] = (byte)random.Next(256);
                    ids = RunOn(sc => File.WriteAllBytes(sc.File("bad.zip"), flipped), "bad.zip");
                    break;
                case 2: // metadata cut or garbled in or around the offset list
                    var at = random.Next(listStart - 200, listEnd + 200);
                    var cut = random.Next(2) == 0;
                    var junk = new string(Enumerable.Range(0, random.Next(1, 12)).Select(_ => "<>&\"-0123456789abcO ="[random.Next(21)]).ToArray());
                    var damaged = cut ? mtdText[..at] : mtdText[..at] + junk + mtdText[Math.Min(mtdText.Length, at + junk.Length)..];
                    ids = RunOn(sc =>
                    {
                        CopySafe(sc, "bad.SAFE");
                        File.WriteAllText(Path.Combine(sc.File("bad.SAFE"), "MTD_MSIL2A.xml"), damaged);
                    }, "bad.SAFE");
                    break;
                default: // the B08 JPEG 2000 cut anywhere
                    var fraction = random.NextDouble();
                    ids = RunOn(sc =>
                    {
                        CopySafe(sc, "bad.SAFE");
                        var jp2 = Path.Combine(sc.File("bad.SAFE"), product.Image("B08", 10));
                        var bytes = File.ReadAllBytes(jp2);
                        File.WriteAllBytes(jp2, bytes[..(int)(bytes.Length * fraction)]);
                    }, "bad.SAFE");
                    break;
            }
            var key = $"{kind}:" + (ids.Count == 0 ? "(success)" : string.Join("+", ids.Distinct()));
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }
        log.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key} x{o.Value}")));
    }
}
