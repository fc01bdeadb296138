using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;
using RasterCmdlets.Tests.Cmdlets;
using Xunit;

namespace RasterCmdlets.Tests.Core;

/// <summary>
/// One K-means engine for every multi-band fit: a summary's distinct vectors weighted by their pixel
/// counts are fitted exactly as the pixels they stand for, bit for bit, with the kernel's arithmetic;
/// and a summary's fit does not depend on the thread count.
/// </summary>
[Collection("WindowRunner settings")]
public class OneEngineTests
{
    /// <summary>
    /// Four bands of integers on a coarse lattice (multiples of 300) around five overlapping centres:
    /// few distinct vectors, most of them shared by many pixels, and pixels that change class for
    /// many iterations.
    /// </summary>
    private static (float[][] Planes, string Path) CoarseBlobs(ScratchFolder scratch, int width, int height)
    {
        var random = new Random(11);
        double[][] centres = [[500, 800, 600, 2000], [900, 1100, 1000, 2400], [1500, 1300, 1800, 1200], [700, 600, 1400, 900], [1200, 1500, 700, 1700]];
        var bands = Enumerable.Range(0, 4).Select(_ => new double[width * height]).ToArray();
        for (var i = 0; i < width * height; i++)
        {
            var centre = centres[random.Next(centres.Length)];
            for (var b = 0; b < 4; b++)
            {
                var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                bands[b][i] = Math.Clamp(300 * Math.Round((centre[b] + 300 * gaussian) / 300), 300, 65400);
            }
        }
        var path = TestRasters.Write(scratch.File("coarse.tif"), width, height, RasterDataType.UInt16, bands);
        return (bands.Select(b => b.Select(v => (float)v).ToArray()).ToArray(), path);
    }

    /// <summary>Distinct rows of the planes with the number of times each occurs, in first-seen order.</summary>
    private static (List<double[]> Vectors, List<long> Counts) Distinct(float[][] planes)
    {
        var index = new Dictionary<string, int>();
        var vectors = new List<double[]>();
        var counts = new List<long>();
        for (var i = 0; i < planes[0].Length; i++)
        {
            var row = planes.Select(p => (double)p[i]).ToArray();
            var key = string.Join(",", row);
            if (index.TryGetValue(key, out var at)) { counts[at]++; continue; }
            index[key] = vectors.Count;
            vectors.Add(row);
            counts.Add(1);
        }
        return (vectors, counts);
    }

    private static double[][] KernelStep(float[][] planes, double[][] centres)
    {
        var sums = new ClusterSums(centres.Length, planes.Length);
        LloydKernel.Assign(planes, 0, planes[0].Length, ReadOnlySpan<float>.Empty, CentreMath.Flatten(centres), centres.Length,
            Span<byte>.Empty, (byte)0, sums);
        return sums.Means(centres);
    }

    /// <summary>
    /// From the same start, Lloyd on the distinct vectors weighted by their counts gives, after every
    /// number of iterations, the centres of Lloyd on every pixel one by one, and those of the SIMD
    /// kernel that labels pixels: the same weighted points, the same centres, bit for bit.
    /// </summary>
    [Fact]
    public void WeightedPointsGiveThePixelsCentresBitForBit()
    {
        using var scratch = new ScratchFolder();
        var (planes, _) = CoarseBlobs(scratch, 300, 200);
        var (vectors, counts) = Distinct(planes);
        Assert.True(vectors.Count < planes[0].Length / 4, $"{vectors.Count} distinct vectors: too few repeats to test weights");
        Assert.Contains(counts, c => c > 20);
        var pixels = PixelSample.Unweighted(planes, planes[0].Length);
        var weighted = PixelSample.Weighted(vectors, counts, planes[0].Length);
        Assert.Equal(pixels.TotalWeight, weighted.TotalWeight);
        Assert.Equal(pixels.MeanVariance(), weighted.MeanVariance(), pixels.MeanVariance() * 1e-12);

        var start = SampleKMeans.PlusPlus(weighted, 5, new Random(5));
        var kernel = start;
        var done = 0;
        foreach (var iterations in new[] { 1, 2, 3, 5, 10, 30 })
        {
            for (; done < iterations; done++) kernel = KernelStep(planes, kernel);
            var one = BoundedLloyd.Run(pixels, start, 0, iterations, default);
            var other = BoundedLloyd.Run(weighted, start, 0, iterations, default);
            Assert.Equal(kernel.SelectMany(c => c), one.Centres.SelectMany(c => c));
            Assert.Equal(kernel.SelectMany(c => c), other.Centres.SelectMany(c => c));
            Assert.Equal(one.Inertia(), other.Inertia(), one.Inertia() * 1e-12);
        }
    }

    /// <summary>
    /// A model fitted from a stack's summary is the engine's fit of the summary's vectors weighted by
    /// their counts (k-means++, initialisations and Lloyd included), bit for bit; and its centres,
    /// labelling every pixel with the kernel, are the means of what they label (within the tolerance).
    /// </summary>
    [Fact]
    public void SummaryFitIsTheSampleFitOfItsWeightedVectors()
    {
        using var scratch = new ScratchFolder();
        var (planes, path) = CoarseBlobs(scratch, 300, 200);
        var stack = RasterStack.Join(RasterBand.Open(path));
        var summary = RasterSummary.Measure(stack, 0);
        Assert.True(summary.EntryCount < RasterSummary.StackSampleCapacity, "every distinct vector is in the summary");
        Assert.Equal((Distinct(planes).Vectors.Count, (long)planes[0].Length), (summary.EntryCount, summary.SampledPixelCount));
        var options = new KMeansOptions(5, 3) { InitializationSampleSize = 1 << 10 };
        var model = SummaryFitter.Fit(summary, options);

        var points = PixelSample.Weighted(summary.Vectors, summary.Counts, summary.ValidPixelCount);
        var fit = SampleKMeans.BestOf(points, 5, options.Initializations, options.InitializationSampleSize, 3,
            options.Tolerance * points.MeanVariance(), options.MaxIterations, default);
        var order = KMeansModel.ClassOrder(fit.Centres);
        Assert.Equal(order.SelectMany(i => fit.Centres[i]), model.Centres.SelectMany(c => c));
        Assert.Equal("SummaryLloyd", model.Method);
        Assert.Equal(3, model.Seed);

        var step = KernelStep(planes, model.Centres.Select(c => c.ToArray()).ToArray());
        var shift = CentreMath.SquaredShift(model.Centres.Select(c => c.ToArray()).ToArray(), step);
        Assert.True(shift <= options.Tolerance * points.MeanVariance(), $"the kernel moves the summary's centres by {shift}");
    }

    [Fact]
    public void SummaryFitDoesNotDependOnThreadCount()
    {
        using var scratch = new ScratchFolder();
        var (_, path) = CoarseBlobs(scratch, 300, 200);
        var stack = RasterStack.Join(RasterBand.Open(path));
        var before = WindowRunner.Parallelism;
        try
        {
            WindowRunner.Parallelism = 1;
            var one = SummaryFitter.Fit(RasterSummary.Measure(stack, 2), new KMeansOptions(5, 4));
            WindowRunner.Parallelism = 2;
            var two = SummaryFitter.Fit(RasterSummary.Measure(stack, 2), new KMeansOptions(5, 4));
            Assert.Equal(one.Centres.SelectMany(c => c), two.Centres.SelectMany(c => c));
            Assert.Equal(one.Inertia, two.Inertia);
            Assert.Equal(one.Iterations, two.Iterations);
        }
        finally
        {
            WindowRunner.Parallelism = before;
        }
    }
}
