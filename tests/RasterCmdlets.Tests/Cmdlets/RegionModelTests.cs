using System.Diagnostics;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>
/// One model over many inputs, from mergeable summaries: exact for one band over tiles in two CRSs,
/// scikit-learn's quality for stacks, and the same model bit for bit however the pixels were split
/// into summaries, merged or serialised.
/// </summary>
public class RegionModelTests
{
    private static void Gdal(string tool, params string[] args) => ChildProcess.Succeed(tool, args);

    /// <summary>The sample cut into four tiles, two of them labelled with another UTM zone: values do not care where they are.</summary>
    internal static string[] Tiles(ScratchFolder scratch)
    {
        var tiles = new List<string>();
        foreach (var (x, y, w, h, i) in new[] { (0, 0, 200, 180, 0), (200, 0, 149, 180, 1), (0, 180, 200, 172, 2), (200, 180, 149, 172, 3) })
        {
            var path = scratch.File($"tile{i}.tif");
            var srs = i % 2 == 0 ? [] : new[] { "-a_srs", "EPSG:32724" };
            Gdal("gdal_translate", ["-q", "-srcwin", $"{x}", $"{y}", $"{w}", $"{h}", .. srs, Paths.Sample, path]);
            tiles.Add(path);
        }
        return tiles.ToArray();
    }

    internal static string Bits(KMeansModel m) =>
        string.Join(";", m.Centres.Select(c => string.Join(",", c.Select(v => BitConverter.DoubleToInt64Bits(v).ToString("x"))))) + $"|{m.Inertia}|{m.Method}";

    [Fact]
    public void OneBandOverTilesInTwoCrssIsTheExactOptimumOfTheUnion()
    {
        using var scratch = new ScratchFolder();
        var tiles = Tiles(scratch);
        using var session = new PowerShellSession(scratch.FullName);
        var model = session.Run("$tiles | ForEach-Object { Get-RasterBand $_ 4 } | New-KMeansModel -K 2",
            new Dictionary<string, object?> { ["tiles"] = tiles }).ShouldSucceed().Single<KMeansModel>();

        var values = tiles.SelectMany(t => TestRasters.ReadBand(t, 4).Values).ToArray();
        Assert.Equal(349 * 352, values.Length);
        var best = (Cost: double.PositiveInfinity, Low: 0.0, High: 0.0);
        for (var t = 0; t < 255; t++)
        {
            var low = values.Where(v => v <= t).ToArray();
            var high = values.Where(v => v > t).ToArray();
            if (low.Length == 0 || high.Length == 0) continue;
            var (ml, mh) = (low.Average(), high.Average());
            var cost = low.Sum(v => (v - ml) * (v - ml)) + high.Sum(v => (v - mh) * (v - mh));
            if (cost < best.Cost) best = (cost, ml, mh);
        }
        Assert.Equal(best.Low, model.Centres[0][0], 1e-9);
        Assert.Equal(best.High, model.Centres[1][0], 1e-9);
        Assert.Equal(best.Cost, model.Inertia, best.Cost * 1e-9);
    }

    [Fact]
    public void SummariesInAnyPartitionGiveTheSameModelBitForBit()
    {
        using var scratch = new ScratchFolder();
        var tiles = Tiles(scratch);
        using var session = new PowerShellSession(scratch.FullName);
        var output = session.Run("""
            function rt($o) { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($o)) }
            $stack = { param($p) Get-RasterBand $p 1,3,4,5 | Join-RasterBand }
            # The whole scene in one summary.
            & $stack $sample | Measure-RasterSummary -Seed 7 | New-KMeansModel -K 5 -Seed 7
            # Four tiles, summarised apart, serialised, merged in another order.
            $parts = $tiles | ForEach-Object { rt (& $stack $_ | Measure-RasterSummary -Seed 7) }
            $parts[3], $parts[1], $parts[0], $parts[2] | New-KMeansModel -K 5 -Seed 7
            # Two pairs merged first, then the pairs.
            $a = $parts[0], $parts[3] | Measure-RasterSummary -Merge
            $b = rt ($parts[2], $parts[1] | Measure-RasterSummary -Merge)
            $b, $a | New-KMeansModel -K 5 -Seed 7
            """, new Dictionary<string, object?> { ["tiles"] = tiles, ["sample"] = Paths.Sample }).ShouldSucceed().Output.Cast<KMeansModel>().ToArray();
        Assert.Equal(3, output.Length);
        Assert.Equal(Bits(output[0]), Bits(output[1]));
        Assert.Equal(Bits(output[0]), Bits(output[2]));
        Assert.Equal(7, output[2].Seed);
    }

    [Fact]
    public void AStackModelOverTilesIsWithinATenthOfAPercentOfScikitLearn()
    {
        using var scratch = new ScratchFolder();
        var tiles = Tiles(scratch);
        using var session = new PowerShellSession(scratch.FullName);
        session.Run("""
            $model = $tiles | ForEach-Object { Get-RasterBand $_ | Join-RasterBand } | New-KMeansModel -K 4 -Seed 1
            Get-RasterBand $sample | Join-RasterBand | Invoke-KMeansCluster -Model $model | Export-GeoTiff joint.tif
            """, new Dictionary<string, object?> { ["tiles"] = tiles, ["sample"] = Paths.Sample }).ShouldSucceed();
        var features = Enumerable.Range(1, 6).Select(b => TestRasters.ReadBand(Paths.Sample, b).Values).ToArray();
        var ours = TestRasters.Inertia(features, TestRasters.ReadBand(scratch.File("joint.tif")).Values, _ => true);
        var (theirs, _) = SampleSceneTests.ScikitLearn([1, 2, 3, 4, 5, 6], 4);
        var theirInertia = TestRasters.Inertia(features, theirs.Select(v => (double)v).ToArray(), _ => true);
        Assert.True(ours <= theirInertia * 1.001, $"ours {ours} vs scikit-learn {theirInertia}");
    }

    [Fact]
    public void TheRegionsKIsChosenFromItsSummaries()
    {
        using var scratch = new ScratchFolder();
        var tiles = Tiles(scratch);
        using var session = new PowerShellSession(scratch.FullName);
        var fromSummaries = session.Run("$tiles | ForEach-Object { Get-RasterBand $_ 4 | Measure-RasterSummary } | Measure-KMeansCluster -K 2..4",
            new Dictionary<string, object?> { ["tiles"] = tiles }).ShouldSucceed().Output.Cast<KMeansScore>().ToArray();
        var fromScene = session.Run("Get-RasterBand $sample 4 | Measure-KMeansCluster -K 2..4",
            new Dictionary<string, object?> { ["sample"] = Paths.Sample }).ShouldSucceed().Output.Cast<KMeansScore>().ToArray();
        Assert.Equal(fromScene.Select(s => (s.K, s.Inertia, s.Silhouette)), fromSummaries.Select(s => (s.K, s.Inertia, s.Silhouette)));
    }

    [Fact]
    public void SummariesOfDifferentBandCountsOrSeedsDoNotMerge()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var vars = new Dictionary<string, object?> { ["sample"] = Paths.Sample };
        var bands = session.Run("(Get-RasterBand $sample 4 | Measure-RasterSummary), (Get-RasterBand $sample 1,2 | Join-RasterBand | Measure-RasterSummary) | New-KMeansModel -K 2", vars);
        Assert.Contains(bands.Errors, e => e.FullyQualifiedErrorId.StartsWith("SummaryMismatch") && e.CategoryInfo.Category == System.Management.Automation.ErrorCategory.InvalidArgument);
        var seeds = session.Run("(Get-RasterBand $sample 1,2 | Join-RasterBand | Measure-RasterSummary -Seed 1), (Get-RasterBand $sample 3,4 | Join-RasterBand | Measure-RasterSummary -Seed 2) | Measure-RasterSummary -Merge", vars);
        Assert.Contains(seeds.Errors, e => e.FullyQualifiedErrorId.StartsWith("SummaryMismatch") && e.Exception.Message.Contains("seeds 1 and 2"));
    }
}
