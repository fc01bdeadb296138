using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// Scores several K at once, to help choose K (the elbow of the inertia, the peak of the silhouette).
/// One band reuses one histogram for every K; several bands fit each K on one pixel sample and
/// measure every K's inertia in one shared pass over the pixels.
/// </summary>
public static class KMeansScores
{
    public const int SilhouetteSampleSize = 2000;

    /// <param name="seed">For several bands, the seed of the sample and of k-means++ (random when null, and recorded in each score).</param>
    public static IReadOnlyList<KMeansScore> Measure(IRasterSource source, IReadOnlyList<int> ks, int? seed = null, ProgressReporter? progress = null,
        CancellationToken cancellation = default)
    {
        if (ks.Count == 0) throw new RasterException("InvalidK", RasterErrorKind.InvalidArgument, "At least one K is needed.");
        foreach (var k in ks) KMeansOptions.RequireValidK(k);
        var resolved = KMeansOptions.ResolveSeed(seed);
        // One band is gathered in one pass; several bands are sampled, then measured for every K.
        using var kept = source.Bands.Count == 1 ? null : KeptPixels.For(source);
        return source.Bands.Count == 1
            ? OneBand(source.Bands[0], ks, resolved, progress, cancellation)
            : Lloyd(source, ks, resolved, progress, cancellation, kept);
    }

    /// <summary>Scores from a (merged) summary: exactly for one band; for several, fits on its sample, inertia scaled to every valid pixel.</summary>
    /// <param name="seed">The k-means++ initialisation's seed, as New-KMeansModel's: the sample was drawn with the summaries' own.</param>
    public static IReadOnlyList<KMeansScore> Measure(RasterSummary summary, IReadOnlyList<int> ks, int seed = 0, CancellationToken cancellation = default)
    {
        if (ks.Count == 0) throw new RasterException("InvalidK", RasterErrorKind.InvalidArgument, "At least one K is needed.");
        foreach (var k in ks) KMeansOptions.RequireValidK(k);
        KMeansOptions.RequireEnough($"the {summary.SourceCount} source(s) summarised", summary.ValidPixelCount, summary.EntryCount, ks.Max());
        if (summary.BandCount == 1)
        {
            var groups = ValueGroups.FromDistinct(summary.Vectors.Select(v => v[0]).ToArray(), summary.Counts);
            var method = PixelClassifier.LookupRange(summary.DataTypes[0]).Size > 0 ? KMeansMethod.ExactHistogram : KMeansMethod.ExactSorted;
            return OneBand(groups, method, summary.PixelCount, ks, seed, cancellation);
        }
        var points = summary.Vectors.Take(SilhouetteSampleSize).ToArray();
        return ks.Select(k =>
        {
            var model = SummaryFitter.Fit(summary, new KMeansOptions(k, seed), cancellation);
            var centres = model.Centres.Select(c => c.ToArray()).ToArray();
            var labels = points.Select(p => CentreMath.Nearest(p, centres).Label).ToArray();
            return new KMeansScore(k, model.Inertia, Silhouette(points, labels, k), points.Length, model.Method, seed);
        }).ToArray();
    }

    private static IReadOnlyList<KMeansScore> OneBand(RasterBand band, IReadOnlyList<int> ks, int seed, ProgressReporter? progress,
        CancellationToken cancellation)
    {
        var (groups, method, _) = OneBandFitter.Gather(band, progress, cancellation);
        KMeansOptions.RequireEnough(band.ToString(), groups.ValidCount, groups.Count, ks.Max());
        return OneBand(groups, method, band.Grid.PixelCount, ks, seed, cancellation);
    }

    private static IReadOnlyList<KMeansScore> OneBand(ValueGroups groups, KMeansMethod method, long pixelCount, IReadOnlyList<int> ks, int seed,
        CancellationToken cancellation)
    {
        var sample = StratifiedValues(groups, SilhouetteSampleSize);
        return ks.Select(k =>
        {
            var thresholds = new ValueThresholds(OneBandFitter.OptimalCentres(groups, k, cancellation));
            var inertia = groups.Tally(thresholds, pixelCount).Inertia;
            var labels = sample.Select(v => (int)thresholds.LabelOf(v)).ToArray();
            return new KMeansScore(k, inertia, Silhouette(sample.Select(v => new[] { v }).ToArray(), labels, k), sample.Length, method, seed);
        }).ToArray();
    }

    /// <summary>Values at evenly spaced quantiles of the distribution: a deterministic, representative sample.</summary>
    private static double[] StratifiedValues(ValueGroups groups, int size)
    {
        var n = (int)Math.Min(size, groups.ValidCount);
        var values = new double[n];
        var g = 0;
        double seen = groups.Weights[0];
        for (var i = 0; i < n; i++)
        {
            var rank = (i + 0.5) / n * groups.ValidCount;
            while (seen < rank && g + 1 < groups.Count) seen += groups.Weights[++g];
            values[i] = groups.Values[g];
        }
        return values;
    }

    private static IReadOnlyList<KMeansScore> Lloyd(IRasterSource source, IReadOnlyList<int> ks, int seed, ProgressReporter? progress,
        CancellationToken cancellation, KeptPixels? kept)
    {
        var options = new KMeansOptions(ks.Max(), seed);
        var sample = PixelSample.Draw(source, options.SampleSize, seed, progress, cancellation, kept);
        KMeansOptions.RequireEnough(source.Name, sample.ValidCount, sample.DistinctCount(ks.Max()), ks.Max());
        var threshold = options.Tolerance * sample.MeanVariance();
        var fits = ks.Select(k => SampleKMeans.BestOf(sample, k, options.Initializations, options.InitializationSampleSize, seed, threshold, options.MaxIterations, cancellation).Centres).ToArray();

        // One pass over every pixel measures every K.
        var flats = fits.Select(CentreMath.Flatten).ToArray();
        var totals = ks.Select(k => new ClusterSums(k, source.Bands.Count)).ToArray();
        var windows = WindowRunner.WindowsOf(source).Count;
        WindowRunner.Run(source, pixels => ks.Select((k, i) =>
        {
            var sums = new ClusterSums(k, source.Bands.Count);
            LloydKernel.Run(pixels, flats[i], k, Span<byte>.Empty, (byte)0, sums, ChunkScratch.ForThisThread);
            return sums;
        }).ToArray(), (index, _, partial) =>
        {
            for (var i = 0; i < totals.Length; i++) totals[i].Add(partial[i]);
            progress?.Invoke("Measuring inertia for every K", (index + 1.0) / windows);
        }, cancellation, kept);

        var subset = sample.Subset(SilhouetteSampleSize);
        var points = Enumerable.Range(0, subset.Count).Select(i => subset.Row(i).Select(v => (double)v).ToArray()).ToArray();
        return ks.Select((k, i) =>
        {
            var labels = points.Select(p => CentreMath.Nearest(p, fits[i]).Label).ToArray();
            return new KMeansScore(k, totals[i].Distances, Silhouette(points, labels, k), points.Length, KMeansMethod.Lloyd, seed);
        }).ToArray();
    }

    private static double Distance(double[] a, double[] b) => Math.Sqrt(CentreMath.SquaredDistance(a, b));

    /// <summary>Mean silhouette (b − a) / max(a, b) over the points; points alone in their class count 0.</summary>
    internal static double Silhouette(double[][] points, int[] labels, int k)
    {
        var n = points.Length;
        var sizes = new int[k];
        foreach (var l in labels) sizes[l]++;
        var total = 0.0;
        var sums = new double[k];
        for (var i = 0; i < n; i++)
        {
            Array.Clear(sums);
            for (var j = 0; j < n; j++) if (j != i) sums[labels[j]] += Distance(points[i], points[j]);
            var own = labels[i];
            if (sizes[own] <= 1) continue;
            var a = sums[own] / (sizes[own] - 1);
            var b = double.PositiveInfinity;
            for (var c = 0; c < k; c++) if (c != own && sizes[c] > 0) b = Math.Min(b, sums[c] / sizes[c]);
            if (double.IsPositiveInfinity(b)) continue;
            var m = Math.Max(a, b);
            total += m > 0 ? (b - a) / m : 0;
        }
        return n > 0 ? total / n : 0;
    }
}
