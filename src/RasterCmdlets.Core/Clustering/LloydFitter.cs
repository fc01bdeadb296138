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
    public static KMeansFit Fit(IRasterSource source, KMeansOptions options, ProgressReporter? progress, StepReporter? step,
        CancellationToken cancellation, KeptPixels? kept)
    {
        var k = options.K;
        var watch = Stopwatch.StartNew();
        var sample = PixelSample.Draw(source, options.SampleSize, options.Seed, progress, cancellation, kept);
        KMeansOptions.RequireEnough(source.Name, sample.ValidCount, sample.DistinctCount(k), k);
        step?.Invoke($"Sampled {sample.Count:N0} of {sample.ValidCount:N0} valid pixels in {watch.Elapsed.TotalSeconds:F2} s.");

        watch.Restart();
        var threshold = options.Tolerance * sample.MeanVariance();
        var centres = SampleKMeans.BestOf(sample, k, options.Initializations, options.InitializationSampleSize, options.Seed, threshold, options.MaxIterations, cancellation).Centres;
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
            totals = Pass(source, flat, k, $"Lloyd iteration {pass} on all pixels", progress, cancellation, kept);
            var means = totals.Means(centres);
            var shift = CentreMath.SquaredShift(centres, means);
            step?.Invoke($"Lloyd iteration {iteration}: inertia {totals.Inertia(centres):G8}, centre shift {shift:G3}, {watch.Elapsed.TotalSeconds:F2} s.");
            if (shift <= threshold) { converged = true; break; }
            if (iteration >= options.MaxIterations) break;
            centres = means;
        }

        // The centres of the last pass labelled the pixels counted: report those, ordered as classes.
        var order = KMeansModel.ClassOrder(centres);
        var tally = Tally(totals, order, source.Grid.PixelCount);
        var fitted = new KMeansModel(order.Select(i => (IReadOnlyList<double>)centres[i]).ToArray(),
            source.Bands.Select(b => b.DataType).ToArray(), tally.Inertia, iteration, converged, options.Seed, "Lloyd")
        {
            NoDataValues = source.Bands.Select(b => b.NoDataValue).ToArray(),
        };
        return new KMeansFit(source, fitted, tally);
    }

    /// <summary>The labels that centres (in class order) give every pixel of a source, measured in one pass.</summary>
    internal static ClassTally Tally(IRasterSource source, IReadOnlyList<IReadOnlyList<double>> centres, ProgressReporter? progress,
        CancellationToken cancellation, KeptPixels? kept)
    {
        var totals = Pass(source, CentreMath.Flatten(centres), centres.Count, "Classifying with the model", progress, cancellation, kept);
        return Tally(totals, Enumerable.Range(0, centres.Count).ToArray(), source.Grid.PixelCount);
    }

    /// <summary>One streamed pass of the kernel: each class's count, sums and squared distances to the centres.</summary>
    private static ClusterSums Pass(IRasterSource source, float[] flatCentres, int k, string activity, ProgressReporter? progress,
        CancellationToken cancellation, KeptPixels? kept)
    {
        var bands = source.Bands.Count;
        var totals = new ClusterSums(k, bands);
        var windows = WindowRunner.WindowsOf(source).Count;
        WindowRunner.Run(source, pixels =>
        {
            var sums = new ClusterSums(k, bands);
            LloydKernel.Run(pixels, flatCentres, k, Span<byte>.Empty, (byte)0, sums, ChunkScratch.ForThisThread);
            return sums;
        }, (index, _, partial) =>
        {
            totals.Add(partial);
            progress?.Invoke(activity, (index + 1.0) / windows);
        }, cancellation, kept);
        return totals;
    }

    private static ClassTally Tally(ClusterSums sums, int[] classOrder, long totalPixels)
    {
        var counts = classOrder.Select(i => sums.Counts[i]).ToArray();
        return new ClassTally(counts, totalPixels - counts.Sum(), sums.Distances);
    }
}
