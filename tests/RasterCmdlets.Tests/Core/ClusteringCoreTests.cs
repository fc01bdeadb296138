using RasterCmdlets.Core.Clustering;
using RasterCmdlets.Core.Rasters;
using Xunit;

namespace RasterCmdlets.Tests.Core;

/// <summary>The fitters on real GeoTIFFs, called directly (no PowerShell).</summary>
[Collection("WindowRunner settings")]
public class ClusteringCoreTests
{
    /// <summary>
    /// Best 1-D partition of raw pixel values by trying every pair of thresholds between sorted
    /// distinct values; each candidate's inertia is summed directly from the values of its classes.
    /// </summary>
    internal static double BestThreeClassInertia(double[] values)
    {
        var groups = values.GroupBy(v => v).OrderBy(g => g.Key).Select(g => (Value: g.Key, Count: (double)g.Count())).ToArray();
        double Sse(int from, int to) // groups from..to inclusive, two passes: mean, then squared deviations
        {
            double n = 0, s = 0;
            for (var i = from; i <= to; i++) { n += groups[i].Count; s += groups[i].Count * groups[i].Value; }
            var mean = s / n;
            var sse = 0.0;
            for (var i = from; i <= to; i++) sse += groups[i].Count * (groups[i].Value - mean) * (groups[i].Value - mean);
            return sse;
        }
        var best = double.PositiveInfinity;
        for (var a = 0; a < groups.Length - 2; a++)
            for (var b = a + 1; b < groups.Length - 1; b++)
                best = Math.Min(best, Sse(0, a) + Sse(a + 1, b) + Sse(b + 1, groups.Length - 1));
        return best;
    }

    private static double[] MixtureOfGaussians(int n, int seed, params (double Mean, double Sd)[] parts)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(i =>
        {
            var (mean, sd) = parts[i % parts.Length];
            var u = 1 - random.NextDouble();
            return mean + sd * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
        }).ToArray();
    }

    [Fact]
    public void FloatBandIsExactOnSmallInputs()
    {
        using var scratch = new ScratchFolder();
        var values = MixtureOfGaussians(30 * 20, 3, (0.1, 0.05), (0.45, 0.08), (0.8, 0.05)).Select(v => (double)(float)v).ToArray();
        var path = TestRasters.Write(scratch.File("f.tif"), 30, 20, RasterDataType.Float32, [values]);
        var band = RasterBand.Open(path)[0];
        var result = KMeansFitter.Fit(band, new KMeansOptions(3, seed: 1)).ClassMap;
        Assert.Equal(KMeansMethod.ExactSorted, result.Model.Method);
        Assert.Equal(BestThreeClassInertia(values), result.Inertia, 1e-9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    [InlineData(300_000)]
    public void RadixSortOrdersFloatsAsAComparisonSortDoes(int n)
    {
        // Every sign and magnitude, ties, both zeros, subnormals and infinities; and values of one
        // exponent, whose high digit every key shares (the pass that is skipped).
        var random = new Random(n);
        float[] special = [0f, -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, 1f, -1f];
        var values = Enumerable.Range(0, n).Select(i => (i % 4) switch
        {
            0 => special[random.Next(special.Length)],
            1 => BitConverter.Int32BitsToSingle(random.Next() & 0x7F7F_FFFF) * (random.Next(2) == 0 ? 1 : -1),
            2 => 0.5f + random.Next(1000) / 4096f,
            _ => (float)random.NextDouble() * 2 - 1,
        }).ToArray();
        var expected = values.ToArray();
        Array.Sort(expected);
        FloatRadixSort.Sort(values, new float[n]);
        // −0 and +0 compare equal: the comparison sort leaves them in either order, the radix sort puts −0 first.
        Assert.Equal(expected, values);
        for (var i = 1; i < n; i++)
            if (values[i] == 0 && values[i - 1] == 0) Assert.False(float.IsNegative(values[i]) && !float.IsNegative(values[i - 1]));
    }

    /// <summary>Best 2-class partition of raw values: every split between sorted distinct values, each side's squares summed directly.</summary>
    private static double BestTwoClassInertia(double[] values)
    {
        var sorted = values.Order().ToArray();
        double Sse(IEnumerable<double> part)
        {
            var list = part.ToList();
            var mean = list.Average();
            return list.Sum(v => (v - mean) * (v - mean));
        }
        var best = double.PositiveInfinity;
        for (var i = 1; i < sorted.Length; i++)
            if (sorted[i] > sorted[i - 1]) best = Math.Min(best, Sse(sorted[..i]) + Sse(sorted[i..]));
        return best;
    }

    [Fact]
    public void TwoClassFitFromCoarseBinsIsTheExactOptimum()
    {
        using var scratch = new ScratchFolder();
        // Overlapping classes, so that the best split falls inside one of 16 bins, not on an edge.
        var values = MixtureOfGaussians(40 * 25, 7, (10, 4), (22, 6)).Select(v => (double)(float)v).ToArray();
        var path = TestRasters.Write(scratch.File("f.tif"), 40, 25, RasterDataType.Float32, [values]);
        var band = RasterBand.Open(path)[0];
        var optimum = BestTwoClassInertia(values);
        using (OneBandFitter.DistinctLimitSetting.Use(100))
        using (OneBandFitter.FineBinsSetting.Use(16))
        {
            // Without the values read again the split stays on a bin edge, measurably worse: the
            // case needs the refinement.
            using (TwoClassRefinement.ValueLimitSetting.Use(0))
            {
                var onEdge = KMeansFitter.Fit(band, new KMeansOptions(2, seed: 1)).ClassMap;
                Assert.True(onEdge.Inertia > optimum * (1 + 1e-6), $"bin-edge inertia {onEdge.Inertia} vs optimum {optimum}");
            }
            var result = KMeansFitter.Fit(band, new KMeansOptions(2, seed: 1)).ClassMap;
            Assert.Equal(KMeansMethod.FineHistogram, result.Model.Method);
            Assert.Equal(optimum, result.Inertia, optimum * 1e-9);
            // The labels written are the optimum's, read back by GDAL's Python.
            result.WriteGeoTiff(scratch.File("labels.tif"), new GeoTiffOptions(), null);
            var labels = TestRasters.ReadBand(scratch.File("labels.tif")).Values;
            Assert.Equal(optimum, TestRasters.Inertia([values], labels, _ => true), optimum * 1e-9);
        }
    }

    [Theory]
    [InlineData(11, 4)]
    [InlineData(13, 64)]
    [InlineData(17, 1024)]
    [InlineData(19, 3)]
    public void TwoClassFitIsExactWhateverTheBins(int seed, int bins)
    {
        using var scratch = new ScratchFolder();
        // Unequal, skewed classes with ties: the split may fall anywhere in the range.
        var random = new Random(seed);
        var values = MixtureOfGaussians(30 * 30, seed, (0, 1), (0.5 + random.NextDouble() * 3, 0.5 + random.NextDouble()), (1, 0.2))
            .Select(v => (double)(float)Math.Round(v, 2)).ToArray();
        var path = TestRasters.Write(scratch.File("f.tif"), 30, 30, RasterDataType.Float32, [values]);
        using (OneBandFitter.DistinctLimitSetting.Use(10))
        using (OneBandFitter.FineBinsSetting.Use(bins))
        {
            var result = KMeansFitter.Fit(RasterBand.Open(path)[0], new KMeansOptions(2, seed: 1)).ClassMap;
            Assert.Equal(KMeansMethod.FineHistogram, result.Model.Method);
            var optimum = BestTwoClassInertia(values);
            Assert.Equal(optimum, result.Inertia, optimum * 1e-9);
        }
    }

    [Fact]
    public void FineHistogramPathStaysWithinAHairOfTheOptimum()
    {
        using var scratch = new ScratchFolder();
        var values = MixtureOfGaussians(40 * 25, 5, (10, 3), (25, 4), (40, 3)).Select(v => (double)(float)v).ToArray();
        var path = TestRasters.Write(scratch.File("f.tif"), 40, 25, RasterDataType.Float32, [values]);
        var band = RasterBand.Open(path)[0];
        // Few distinct values allowed: the path used beyond 2 million distinct values, for this test alone.
        using (OneBandFitter.DistinctLimitSetting.Use(100))
        using (OneBandFitter.FineBinsSetting.Use(4096))
        {
            var result = KMeansFitter.Fit(band, new KMeansOptions(3, seed: 1)).ClassMap;
            Assert.Equal(KMeansMethod.FineHistogram, result.Model.Method);
            var optimum = BestThreeClassInertia(values);
            Assert.True(result.Inertia <= optimum * (1 + 1e-6), $"inertia {result.Inertia} vs optimum {optimum}");
            // The reported inertia is that of the labels actually written, read back by GDAL's Python.
            result.WriteGeoTiff(scratch.File("labels.tif"), new GeoTiffOptions(), null);
            var labels = TestRasters.ReadBand(scratch.File("labels.tif")).Values;
            Assert.Equal(TestRasters.Inertia([values], labels, _ => true), result.Inertia, result.Inertia * 1e-9);
        }
    }

    [Fact]
    public void MultiBandResultDoesNotDependOnThreadCount()
    {
        var band = RasterBand.Open(Paths.Sample);
        var stack = RasterStack.Join(band);
        var one = Settings.WithThreads(1, () => KMeansFitter.Fit(stack, new KMeansOptions(4, seed: 42)).ClassMap);
        var four = Settings.WithThreads(4, () => KMeansFitter.Fit(stack, new KMeansOptions(4, seed: 42)).ClassMap);
        Assert.Equal(one.Model.Centres.SelectMany(c => c), four.Model.Centres.SelectMany(c => c));
        Assert.Equal(one.ClassPixelCounts, four.ClassPixelCounts);
        Assert.Equal(one.Inertia, four.Inertia);
    }
}

[CollectionDefinition("WindowRunner settings", DisableParallelization = true)]
public class WindowRunnerSettings;
