using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;
using RasterCmdlets.Tests.Cmdlets;
using Xunit;

namespace RasterCmdlets.Tests.Core;

/// <summary>Multi-band fits: the sample phase (k-means++, Lloyd with bounds) and the fit over every pixel.</summary>
[Collection("WindowRunner settings")]
public class StackFitTests
{
    private static readonly Lazy<double> ScikitLearnSixBandsK5 = new(() => SampleSceneTests.ScikitLearn([1, 2, 3, 4, 5, 6], 5).Inertia);

    /// <summary>Four bands of integers around five centres that overlap, so that pixels change class for many iterations.</summary>
    private static string OverlappingBlobs(ScratchFolder scratch, int width, int height)
    {
        var random = new Random(7);
        double[][] centres = [[500, 800, 600, 2000], [900, 1100, 1000, 2400], [1500, 1300, 1800, 1200], [700, 600, 1400, 900], [1200, 1500, 700, 1700]];
        var bands = Enumerable.Range(0, 4).Select(_ => new double[width * height]).ToArray();
        for (var i = 0; i < width * height; i++)
        {
            var centre = centres[random.Next(centres.Length)];
            for (var b = 0; b < 4; b++)
            {
                var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                bands[b][i] = Math.Clamp(Math.Round(centre[b] + 250 * gaussian), 1, 65535);
            }
        }
        return TestRasters.Write(scratch.File("blobs.tif"), width, height, RasterDataType.UInt16, bands);
    }

    /// <summary>
    /// Skipping the pixels whose margin is not spent changes nothing: on integer pixels (whose sums
    /// both add exactly) the centres after each number of iterations are bit for bit those of plain
    /// Lloyd, which measures every pixel's distance to every centre with the SIMD kernel.
    /// </summary>
    [Fact]
    public void BoundedLloydGivesPlainLloydsCentres()
    {
        using var scratch = new ScratchFolder();
        var stack = RasterStack.Join(RasterBand.Open(OverlappingBlobs(scratch, 400, 300)));
        var sample = PixelSample.Draw(stack, int.MaxValue, 1, null, default);
        Assert.Equal(400 * 300, sample.Count);
        var start = SampleKMeans.PlusPlus(sample, 5, new Random(3));
        var plain = start;
        var previous = 0;
        foreach (var iterations in new[] { 1, 2, 3, 5, 10, 20, 40 })
        {
            for (; previous < iterations; previous++) plain = PlainLloydStep(sample, plain);
            var bounded = BoundedLloyd.Run(sample, start, 0, iterations, default).Centres;
            Assert.Equal(plain.SelectMany(c => c), bounded.SelectMany(c => c));
        }
    }

    private static double[][] PlainLloydStep(PixelSample sample, double[][] centres)
    {
        var sums = new ClusterSums(centres.Length, sample.Bands);
        LloydKernel.Assign(sample.Planes, 0, sample.Count, ReadOnlySpan<float>.Empty, CentreMath.Flatten(centres), centres.Length,
            Span<byte>.Empty, (byte)0, sums);
        return sums.Means(centres);
    }

    [Fact]
    public void SamplePhaseDoesNotDependOnThreadCount()
    {
        using var scratch = new ScratchFolder();
        var stack = RasterStack.Join(RasterBand.Open(OverlappingBlobs(scratch, 400, 300)));
        var sample = PixelSample.Draw(stack, int.MaxValue, 1, null, default);
        var before = WindowRunner.Parallelism;
        try
        {
            WindowRunner.Parallelism = 1;
            var one = SampleKMeans.BestOf(sample, 5, 10, 1 << 14, 1, 1e-4, 300, default).Centres;
            WindowRunner.Parallelism = 2;
            var two = SampleKMeans.BestOf(sample, 5, 10, 1 << 14, 1, 1e-4, 300, default).Centres;
            Assert.Equal(one.SelectMany(c => c), two.SelectMany(c => c));
        }
        finally
        {
            WindowRunner.Parallelism = before;
        }
    }

    /// <summary>
    /// Every seed, not only a lucky one, meets scikit-learn (k-means++, 10 initialisations, float64):
    /// on the six bands of the sample scene, with a sample small enough (a quarter of the pixels)
    /// that the passes over every pixel have work to do. The inertia is measured here, from the
    /// labels written to the file and the scene's values; the thread count changes nothing.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void EverySeedMeetsScikitLearn(int seed)
    {
        using var scratch = new ScratchFolder();
        var stack = RasterStack.Join(RasterBand.Open(Paths.Sample));
        var options = new KMeansOptions(5, seed) { SampleSize = 1 << 15, InitializationSampleSize = 1 << 12 };
        var before = WindowRunner.Parallelism;
        KMeansFit one, two;
        try
        {
            WindowRunner.Parallelism = 1;
            one = KMeansFitter.Fit(stack, options);
            WindowRunner.Parallelism = 2;
            two = KMeansFitter.Fit(stack, options);
        }
        finally
        {
            WindowRunner.Parallelism = before;
        }
        Assert.Equal(one.Model.Centres.SelectMany(c => c), two.Model.Centres.SelectMany(c => c));
        Assert.Equal(one.Tally.ClassPixelCounts, two.Tally.ClassPixelCounts);

        one.ClassMap.WriteGeoTiff(scratch.File("out.tif"), new GeoTiffOptions());
        var labels = TestRasters.ReadBand(scratch.File("out.tif")).Values;
        var features = Enumerable.Range(1, 6).Select(b => TestRasters.ReadBand(Paths.Sample, b).Values).ToArray();
        var ours = TestRasters.Inertia(features, labels, _ => true);
        var theirs = ScikitLearnSixBandsK5.Value;
        Assert.True(ours <= theirs * 1.001, $"seed {seed}: ours {ours} vs scikit-learn {theirs}");
    }
}
