using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

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
            return fit.WithKept(kept);
        }
        catch
        {
            kept?.Dispose();
            throw;
        }
    }
}
