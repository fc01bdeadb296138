using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>The entry point of clustering: chooses the exact one-band method or Lloyd for several bands.</summary>
public static class KMeansFitter
{
    public static ClassifiedRaster Fit(IRasterSource source, KMeansOptions options, ProgressReporter? progress = null,
        StepReporter? step = null, CancellationToken cancellation = default)
    {
        return source.Bands.Count == 1
            ? OneBandFitter.Fit(source.Bands[0], options, progress, step, cancellation)
            : LloydFitter.Fit(source, options, progress, step, cancellation);
    }
}
