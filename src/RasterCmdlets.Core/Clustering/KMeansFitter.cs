using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// A fit: the model, and the labels it gives the source it was fitted on. A fitter labels its own
/// source with the rules of <see cref="PixelClassifier"/> as it measures the fit, so this tally is
/// exactly what applying the model to the source would measure, without reading the pixels again.
/// </summary>
public sealed record KMeansFit(IRasterSource Source, KMeansModel Model, ClassTally Tally)
{
    /// <summary>The class map of the source fitted.</summary>
    public ClassifiedRaster ClassMap => new(Source, Model, Tally);
}

/// <summary>The entry point of clustering: chooses the exact one-band method or Lloyd for several bands.</summary>
public static class KMeansFitter
{
    public static KMeansFit Fit(IRasterSource source, KMeansOptions options, ProgressReporter? progress = null,
        StepReporter? step = null, CancellationToken cancellation = default)
    {
        return source.Bands.Count == 1
            ? OneBandFitter.Fit(source.Bands[0], options, progress, step, cancellation)
            : LloydFitter.Fit(source, options, progress, step, cancellation);
    }
}
