using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// A fit: the model, and the labels it gives the source it was fitted on. A fitter labels its own
/// source with the rules of <see cref="PixelClassifier"/> as it measures the fit, so this tally is
/// exactly what applying the model to the source would measure, without reading the pixels again.
/// </summary>
public sealed record KMeansFit(IRasterSource Source, KMeansModel Model, ClassTally Tally)
{
    private ClassifiedRaster? _classMap;

    /// <summary>The source's decoded pixels, kept by the fit for the pass that writes the class map.</summary>
    internal KeptPixels? Kept { get; init; }

    /// <summary>The class map of the source fitted (one map, which holds the pixels the fit kept).</summary>
    public ClassifiedRaster ClassMap => _classMap ??= new(Source, Model, Tally, Kept);
}

/// <summary>The entry point of clustering: chooses the exact one-band method or Lloyd for several bands.</summary>
public static class KMeansFitter
{
    public static KMeansFit Fit(IRasterSource source, KMeansOptions options, ProgressReporter? progress = null,
        StepReporter? step = null, CancellationToken cancellation = default)
    {
        var kept = KeptPixels.For(source);
        if (kept is not null) step?.Invoke(kept.Describe());
        try
        {
            var fit = source.Bands.Count == 1
                ? OneBandFitter.Fit(source.Bands[0], options, progress, step, cancellation, kept)
                : LloydFitter.Fit(source, options, progress, step, cancellation, kept);
            return fit with { Kept = kept };
        }
        catch
        {
            kept?.Dispose();
            throw;
        }
    }
}
