using System.Diagnostics;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// K-means on several bands: k-means++ with several initialisations on a sample of the valid
/// pixels picks the starting centres, then Lloyd's algorithm runs on every pixel, one streamed
/// pass per iteration, with the SIMD kernel on every core. Per-window sums are combined in window
/// order, so the result does not depend on the number of threads.
/// </summary>
internal static class LloydFitter
{
    public static ClassifiedRaster Fit(IRasterSource source, KMeansOptions options, ProgressReporter? progress, StepReporter? step,
        CancellationToken cancellation)
    {
        var bands = source.Bands.Count;
        var k = options.K;
        var watch = Stopwatch.StartNew();
        var sample = PixelSample.Draw(source, options.SampleSize, options.Seed, progress, cancellation);
        if (sample.ValidCount == 0)
            throw new RasterException("NoValidPixels", RasterErrorKind.InvalidData, $"{source.Name} has no valid pixel: every pixel is NoData, NaN or masked.");
        if (sample.DistinctCount(k) < k)
            throw new RasterException("KExceedsDistinctValues", RasterErrorKind.InvalidArgument,
                $"K={k} classes were asked of {source.Name}, but its sampled valid pixels take fewer than {k} distinct values.");
        step?.Invoke($"Sampled {sample.Count:N0} of {sample.ValidCount:N0} valid pixels in {watch.Elapsed.TotalSeconds:F2} s.");

        watch.Restart();
        var threshold = options.Tolerance * sample.MeanVariance();
        var centres = SampleKMeans.BestOf(sample, k, options.Initializations, options.InitializationSampleSize, options.Seed, threshold, cancellation);
        step?.Invoke($"Initialised from the best of {options.Initializations} k-means++ runs on the sample in {watch.Elapsed.TotalSeconds:F2} s.");

        var windows = WindowRunner.WindowsOf(source).Count;
        ClusterSums totals;
        var iteration = 0;
        var converged = false;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            iteration++;
            watch.Restart();
            var flat = CentreMath.Flatten(centres);
            var pass = iteration;
            var passTotals = totals = new ClusterSums(k, bands);
            WindowRunner.Run(source, pixels =>
            {
                var sums = new ClusterSums(k, bands);
                LloydKernel.Run(pixels, flat, k, Span<byte>.Empty, (byte)0, sums, ChunkScratch.ForThisThread);
                return sums;
            }, (index, _, partial) =>
            {
                passTotals.Add(partial);
                progress?.Invoke($"Lloyd iteration {pass} on all pixels", (index + 1.0) / windows);
            }, cancellation);
            var means = totals.Means(centres);
            var shift = CentreMath.SquaredShift(centres, means);
            step?.Invoke($"Lloyd iteration {iteration}: inertia {totals.Inertia(centres):G8}, centre shift {shift:G3}, {watch.Elapsed.TotalSeconds:F2} s.");
            if (shift <= threshold) { converged = true; break; }
            if (iteration >= options.MaxIterations) break;
            centres = means;
        }

        // The centres of the last pass labelled the pixels counted: report those, ordered as classes.
        var order = KMeansModel.ClassOrder(centres);
        var fitted = new KMeansModel(order.Select(i => (IReadOnlyList<double>)centres[i]).ToArray(),
            source.Bands.Select(b => b.DataType).ToArray(), totals.Inertia(centres), iteration, converged, options.Seed, "Lloyd")
        {
            NoDataValues = source.Bands.Select(b => b.NoDataValue).ToArray(),
        };
        var counts = order.Select(i => totals.Counts[i]).ToArray();
        return new ClassifiedRaster(source, fitted, counts, source.Grid.PixelCount - counts.Sum());
    }

}
