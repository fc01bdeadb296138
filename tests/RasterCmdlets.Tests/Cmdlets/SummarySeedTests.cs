using RasterCmdlets.Core.Clustering;
using Xunit;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>
/// Two seeds for two things: a stack summary's sample seed is Measure-RasterSummary's, and
/// New-KMeansModel's -Seed chooses only the initialisation on the summaries it is given, so that
/// another initialisation of a region needs its summaries, not its tiles.
/// </summary>
public class SummarySeedTests
{
    [Fact]
    public void AnotherInitialisationNeedsTheSummariesOnly()
    {
        using var scratch = new ScratchFolder();
        var tiles = RegionModelTests.Tiles(scratch);
        using var session = new PowerShellSession(scratch.FullName);
        var vars = new Dictionary<string, object?> { ["tiles"] = tiles, ["sample"] = Paths.Sample };
        session.Run("$summaries = $tiles | ForEach-Object { Get-RasterBand $_ | Join-RasterBand | Measure-RasterSummary -Seed 5 }", vars).ShouldSucceed();
        // The tiles are gone: fits with other initialisations can only use the summaries.
        foreach (var tile in tiles) File.Delete(tile);
        var models = session.Run("""
            $summaries | New-KMeansModel -K 4 -Seed 3
            $summaries | New-KMeansModel -K 4 -Seed 4
            $summaries | New-KMeansModel -K 4
            """, vars).ShouldSucceed().Output.Cast<KMeansModel>().ToArray();
        Assert.Equal([3, 4, 0], models.Select(m => m.Seed));
        Assert.All(tiles, t => Assert.False(File.Exists(t)));

        // Each initialisation's model, applied to the whole scene, is as good as scikit-learn's.
        var features = Enumerable.Range(1, 6).Select(b => TestRasters.ReadBand(Paths.Sample, b).Values).ToArray();
        var (theirs, _) = SampleSceneTests.ScikitLearn([1, 2, 3, 4, 5, 6], 4);
        var theirInertia = TestRasters.Inertia(features, theirs.Select(v => (double)v).ToArray(), _ => true);
        for (var i = 0; i < models.Length; i++)
        {
            session.Run("Get-RasterBand $sample | Join-RasterBand | Invoke-KMeansCluster -Model $model | Export-GeoTiff $out",
                new Dictionary<string, object?> { ["sample"] = Paths.Sample, ["model"] = models[i], ["out"] = scratch.File($"m{i}.tif") }).ShouldSucceed();
            var ours = TestRasters.Inertia(features, TestRasters.ReadBand(scratch.File($"m{i}.tif")).Values, _ => true);
            Assert.True(ours <= theirInertia * 1.001, $"seed {models[i].Seed}: ours {ours} vs scikit-learn {theirInertia}");
        }
    }

    /// <summary>Measure-KMeansCluster's -Seed on summaries is New-KMeansModel's: the initialisation, not the sample.</summary>
    [Fact]
    public void ScoresOfSummariesTakeTheirSeedAsTheInitialisation()
    {
        using var scratch = new ScratchFolder();
        var tiles = RegionModelTests.Tiles(scratch);
        using var session = new PowerShellSession(scratch.FullName);
        var vars = new Dictionary<string, object?> { ["tiles"] = tiles };
        var output = session.Run("""
            $summaries = $tiles | ForEach-Object { Get-RasterBand $_ | Join-RasterBand | Measure-RasterSummary -Seed 5 }
            $summaries | Measure-KMeansCluster -K 4 -Seed 3
            $summaries | New-KMeansModel -K 4 -Seed 3
            $summaries | Measure-KMeansCluster -K 4
            $summaries | New-KMeansModel -K 4
            """, vars).ShouldSucceed().Output;
        var (scored, fitted) = ((KMeansScore)output[0]!, (KMeansModel)output[1]!);
        var (scoredDefault, fittedDefault) = ((KMeansScore)output[2]!, (KMeansModel)output[3]!);
        Assert.Equal((3, fitted.Inertia), (scored.Seed, scored.Inertia));
        Assert.Equal((0, fittedDefault.Inertia), (scoredDefault.Seed, scoredDefault.Inertia));
    }

    [Fact]
    public void StacksPipedInAreSummarisedWithTheDefaultSampleSeed()
    {
        using var scratch = new ScratchFolder();
        var tiles = RegionModelTests.Tiles(scratch);
        using var session = new PowerShellSession(scratch.FullName);
        var vars = new Dictionary<string, object?> { ["tiles"] = tiles };
        var models = session.Run("""
            $stacks = { $tiles | ForEach-Object { Get-RasterBand $_ 1,3,4,5 | Join-RasterBand } }
            & $stacks | New-KMeansModel -K 5 -Seed 9
            & $stacks | Measure-RasterSummary | New-KMeansModel -K 5 -Seed 9
            & $stacks | Measure-RasterSummary -Seed 1 | New-KMeansModel -K 5 -Seed 9
            """, vars).ShouldSucceed().Output.Cast<KMeansModel>().ToArray();
        Assert.Equal(3, models.Length);
        Assert.Equal(RegionModelTests.Bits(models[0]), RegionModelTests.Bits(models[1]));
        // Another sample (seed 1) is other pixels: not the same model, though the same -Seed.
        Assert.NotEqual(RegionModelTests.Bits(models[0]), RegionModelTests.Bits(models[2]));
        Assert.All(models, m => Assert.Equal(9, m.Seed));
    }

    [Fact]
    public void SummariesSampledWithOtherSeedsAreStillNotMerged()
    {
        using var scratch = new ScratchFolder();
        var tiles = RegionModelTests.Tiles(scratch);
        using var session = new PowerShellSession(scratch.FullName);
        var result = session.Run("""
            (Get-RasterBand $tiles[0] | Join-RasterBand | Measure-RasterSummary -Seed 2), (Get-RasterBand $tiles[1] | Join-RasterBand) |
                New-KMeansModel -K 3 -Seed 2
            """, new Dictionary<string, object?> { ["tiles"] = tiles });
        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("SummaryMismatch")
            && e.CategoryInfo.Category == System.Management.Automation.ErrorCategory.InvalidArgument
            && e.Exception.Message.Contains("seeds 2 and 0"));
        Assert.DoesNotContain(result.Errors, e => e.Exception.Message.Contains("were sampled with seed"));
    }
}
