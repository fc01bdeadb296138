using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// Fits one model from a (merged) summary, so the model depends on the summary's content alone:
/// one band exactly, from every distinct value and its count; several bands by the engine that fits
/// a pixel sample (<see cref="SampleKMeans"/>), each distinct vector weighing as many pixels as have
/// it, so that the model is fitted with the arithmetic of the kernel that applies it.
/// </summary>
public static class SummaryFitter
{
    public static KMeansModel Fit(RasterSummary summary, KMeansOptions options, CancellationToken cancellation = default)
    {
        var name = $"the {summary.SourceCount} source(s) summarised";
        KMeansOptions.RequireEnough(name, summary.ValidPixelCount, summary.EntryCount, options.K);
        return summary.BandCount == 1 ? OneBand(summary, options, cancellation) : Stack(summary, options, cancellation);
    }

    private static KMeansModel OneBand(RasterSummary summary, KMeansOptions options, CancellationToken cancellation)
    {
        var groups = ValueGroups.FromDistinct(summary.Vectors.Select(v => v[0]).ToArray(), summary.Counts);
        var centres = OneBandFitter.OptimalCentres(groups, options.K, cancellation);
        var inertia = groups.Tally(new ValueThresholds(centres), summary.PixelCount).Inertia;
        var method = PixelClassifier.LookupRange(summary.DataTypes[0]).Size > 0 ? "ExactHistogram" : "ExactSorted";
        return new KMeansModel(centres.Select(c => (IReadOnlyList<double>)[c]).ToArray(), summary.DataTypes, inertia, 1, true, options.Seed, method)
        {
            NoDataValues = summary.NoDataValues,
        };
    }

    private static KMeansModel Stack(RasterSummary summary, KMeansOptions options, CancellationToken cancellation)
    {
        // The summary's distinct vectors, each weighing its pixel count, fitted by the engine that fits
        // a sample of pixels: the same k-means++, the same Lloyd step, the kernel's arithmetic.
        var points = PixelSample.Weighted(summary.Vectors, summary.Counts, summary.ValidPixelCount);
        var threshold = options.Tolerance * points.MeanVariance();
        var fitted = SampleKMeans.BestOf(points, options.K, options.Initializations, options.InitializationSampleSize, options.Seed,
            threshold, options.MaxIterations, cancellation);
        var order = KMeansModel.ClassOrder(fitted.Centres);
        // The sample's inertia, scaled to every valid pixel it stands for.
        var inertia = fitted.Inertia() * summary.ValidPixelCount / points.TotalWeight;
        return new KMeansModel(order.Select(i => (IReadOnlyList<double>)fitted.Centres[i]).ToArray(), summary.DataTypes, inertia,
            fitted.Iterations, fitted.Converged, options.Seed, "SummaryLloyd")
        {
            NoDataValues = summary.NoDataValues,
        };
    }
}
