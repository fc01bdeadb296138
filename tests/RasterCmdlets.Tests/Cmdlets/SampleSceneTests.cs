using System.Diagnostics;
using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Cmdlets;

/// <summary>The README's pipeline on the Landsat sample, checked against independent expectations and scikit-learn.</summary>
public class SampleSceneTests
{
    private static double[] SampleBand(int band) => TestRasters.ReadBand(Paths.Sample, band).Values;

    [Fact]
    public void WaterLandMapIsTheBestThreshold()
    {
        using var scratch = new ScratchFolder();
        File.Copy(Paths.Sample, scratch.File("x.tif"));
        using var session = new PowerShellSession(scratch.FullName);
        session.Run("Get-RasterBand x.tif 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff out.tif").ShouldSucceed();

        var input = TestRasters.ReadBand(scratch.File("x.tif"), 4);
        var output = TestRasters.ReadBand(scratch.File("out.tif"));
        Assert.Equal((input.Width, input.Height), (output.Width, output.Height));
        Assert.Equal(input.Transform, output.Transform);
        Assert.Equal(input.Wkt, output.Wkt);
        Assert.Equal(RasterDataType.Byte, output.Type);
        Assert.Null(output.NoData); // every pixel is valid, so no NoData value is declared

        // Exhaustive search: the threshold t minimising the within-class sum of squares of {v <= t}, {v > t}.
        var values = input.Values;
        var bestT = -1.0;
        var best = double.PositiveInfinity;
        foreach (var t in values.Distinct().Order().SkipLast(1))
        {
            var inertia = TestRasters.Inertia([values], values.Select(v => v <= t ? 0.0 : 1.0).ToArray(), _ => true);
            if (inertia < best) { best = inertia; bestT = t; }
        }
        var expected = values.Select(v => v <= bestT ? 0.0 : 1.0).ToArray();
        Assert.Equal(expected, output.Values);
        // Water (class 0) is the dark sea in the east: the right edge is water, the left edge is land.
        Assert.Equal(0, output.Values[input.Width * 100 + input.Width - 1]);
    }

    [Fact]
    public void ClassifiedRasterCarriesTheModel()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var result = session.Run("Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 3 -Seed 5",
            new Dictionary<string, object?> { ["sample"] = Paths.Sample }).ShouldSucceed().Single<ClassifiedRaster>();
        var values = SampleBand(4);
        Assert.Equal(3, result.K);
        Assert.Equal(5, result.Model.Seed);
        Assert.True(result.Converged);
        Assert.Equal(values.Length, result.ClassPixelCounts.Sum());
        Assert.Equal(0, result.NoDataPixelCount);
        var centres = result.Model.Centres.Select(c => c[0]).ToArray();
        Assert.Equal(centres.Order(), centres); // class 0 is the darkest
        Assert.Equal(Core.ClusteringCoreTests.BestThreeClassInertia(values), result.Inertia, result.Inertia * 1e-9);
    }

    [Fact]
    public void SeededRunsWriteIdenticalFiles()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        var vars = new Dictionary<string, object?> { ["sample"] = Paths.Sample };
        session.Run("Get-RasterBand $sample | Join-RasterBand | Invoke-KMeansCluster -K 4 -Seed 11 | Export-GeoTiff a.tif", vars).ShouldSucceed();
        session.Run("Get-RasterBand $sample | Join-RasterBand | Invoke-KMeansCluster -K 4 -Seed 11 | Export-GeoTiff b.tif", vars).ShouldSucceed();
        Assert.Equal(File.ReadAllBytes(scratch.File("a.tif")), File.ReadAllBytes(scratch.File("b.tif")));
    }

    // scikit-learn is installed by test.sh (python3-sklearn); these compare with it on the same pixels.
    internal static (byte[] Labels, double Inertia) ScikitLearn(int[] bands, int k)
    {
        using var scratch = new ScratchFolder();
        var script = scratch.File("sk.py");
        File.WriteAllText(script, $$"""
            import sys, numpy as np
            from osgeo import gdal
            from sklearn.cluster import KMeans
            ds = gdal.Open(sys.argv[1])
            X = np.stack([ds.GetRasterBand(b).ReadAsArray().ravel().astype(np.float64) for b in [{{string.Join(",", bands)}}]], axis=1)
            km = KMeans(n_clusters={{k}}, n_init=10, random_state=0).fit(X)
            km.labels_.astype(np.uint8).tofile(sys.argv[2])
            print(km.inertia_)
            """);
        var stdout = ChildProcess.Succeed(ChildProcess.Python, script, Paths.Sample, scratch.File("labels.bin"));
        return (File.ReadAllBytes(scratch.File("labels.bin")), double.Parse(stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void OneBandMatchesScikitLearn()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        session.Run("Get-RasterBand $sample 4 | Invoke-KMeansCluster -K 2 | Export-GeoTiff out.tif",
            new Dictionary<string, object?> { ["sample"] = Paths.Sample }).ShouldSucceed();
        var ours = TestRasters.ReadBand(scratch.File("out.tif")).Values;
        var (theirs, _) = ScikitLearn([4], 2);
        var values = SampleBand(4);
        // Match scikit-learn's arbitrary label numbering to ours by class means.
        var theirsMeanOf0 = values.Where((_, i) => theirs[i] == 0).Average();
        var theirsMeanOf1 = values.Where((_, i) => theirs[i] == 1).Average();
        var swap = theirsMeanOf0 > theirsMeanOf1;
        var agree = ours.Where((label, i) => label == (swap ? 1 - theirs[i] : theirs[i])).Count();
        Assert.True(agree >= 0.999 * values.Length, $"agreement {agree} of {values.Length}");
        var ourInertia = TestRasters.Inertia([values], ours, _ => true);
        var theirInertia = TestRasters.Inertia([values], theirs.Select(v => (double)v).ToArray(), _ => true);
        Assert.True(ourInertia <= theirInertia * 1.001, $"ours {ourInertia} vs scikit-learn {theirInertia}");
    }

    [Fact]
    public void SixBandsMeetScikitLearnsInertia()
    {
        using var scratch = new ScratchFolder();
        using var session = new PowerShellSession(scratch.FullName);
        session.Run("Get-RasterBand $sample 1,2,3,4,5,6 | Join-RasterBand | Invoke-KMeansCluster -K 4 | Export-GeoTiff out.tif",
            new Dictionary<string, object?> { ["sample"] = Paths.Sample }).ShouldSucceed();
        var features = Enumerable.Range(1, 6).Select(SampleBand).ToArray();
        var ours = TestRasters.ReadBand(scratch.File("out.tif")).Values;
        var (theirs, _) = ScikitLearn([1, 2, 3, 4, 5, 6], 4);
        var ourInertia = TestRasters.Inertia(features, ours, _ => true);
        var theirInertia = TestRasters.Inertia(features, theirs.Select(v => (double)v).ToArray(), _ => true);
        Assert.True(ourInertia <= theirInertia * 1.001, $"ours {ourInertia} vs scikit-learn {theirInertia}");
    }
}
