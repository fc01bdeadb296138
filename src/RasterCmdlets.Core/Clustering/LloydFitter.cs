using System.Diagnostics;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// K-means on several bands: k-means++ with several initialisations on a sample of the valid
/// pixels picks the starting centres, then Lloyd's algorithm runs on every pixel, one streamed
/// pass per iteration, with the SIMD kernel on every core. Per-strip sums are combined in strip
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
        var centres = SampleKMeans.BestOf(sample, k, options.Initializations, options.Seed, threshold, cancellation);
        step?.Invoke($"Initialised from the best of {options.Initializations} k-means++ runs on the sample in {watch.Elapsed.TotalSeconds:F2} s.");

        var reference = sample.Means();
        var strips = StripRunner.StripsOf(source).Count;
        PassTotals totals;
        var iteration = 0;
        var converged = false;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            iteration++;
            watch.Restart();
            var model = Provisional(centres, source, options.Seed);
            var classifier = new PixelClassifier(model, source.Bands.Select(b => b.DataType).ToArray());
            totals = new PassTotals(k, bands);
            var pass = iteration;
            StripRunner.Run(source, pixels => PassTotals.OfWindow(pixels, classifier, reference, k),
                (index, _, partial) =>
                {
                    totals.Add(partial);
                    progress?.Invoke($"Lloyd iteration {pass} on all pixels", (index + 1.0) / strips);
                }, cancellation);
            var means = totals.Means(centres, reference);
            var shift = 0.0;
            for (var c = 0; c < k; c++)
                for (var b = 0; b < bands; b++) shift += Math.Pow(means[c][b] - centres[c][b], 2);
            step?.Invoke($"Lloyd iteration {iteration}: inertia {totals.Inertia():G8}, centre shift {shift:G3}, {watch.Elapsed.TotalSeconds:F2} s.");
            if (shift <= threshold) { converged = true; break; }
            if (iteration >= options.MaxIterations) break;
            centres = means;
        }

        // The centres of the last pass labelled the pixels counted: report those, ordered as classes.
        var order = KMeansModel.ClassOrder(centres);
        var fitted = new KMeansModel(order.Select(i => (IReadOnlyList<double>)centres[i]).ToArray(),
            source.Bands.Select(b => b.DataType).ToArray(), totals.Inertia(), iteration, converged, options.Seed, "Lloyd");
        var counts = order.Select(i => totals.Counts[i]).ToArray();
        return new ClassifiedRaster(source, fitted, counts, source.Grid.PixelCount - counts.Sum());
    }

    private static KMeansModel Provisional(double[][] centres, IRasterSource source, int seed) =>
        new(centres, source.Bands.Select(b => b.DataType).ToArray(), 0, 0, false, seed, "Lloyd");
}

/// <summary>Per-class counts, sums and sums of squares of one pass (values minus a reference, per band).</summary>
internal sealed class PassTotals
{
    public PassTotals(int k, int bands)
    {
        Counts = new long[k];
        Sums = new double[k * bands];
        Squares = new double[k * bands];
        Bands = bands;
    }

    public long[] Counts { get; }
    public double[] Sums { get; }
    public double[] Squares { get; }
    public int Bands { get; }

    public static PassTotals OfWindow(WindowPixels pixels, PixelClassifier classifier, double[] reference, int k)
    {
        var bands = pixels.Types.Length;
        var totals = new PassTotals(k, bands);
        var scratch = new ClassifierScratch();
        var labels = new ushort[pixels.Count];
        classifier.Classify(pixels, labels, ushort.MaxValue, scratch);
        // The planes hold the values the kernel just converted: reuse them for the sums.
        var planes = scratch.Planes(bands, pixels.Count);
        for (var i = 0; i < pixels.Count; i++)
        {
            var label = labels[i];
            if (label == ushort.MaxValue) continue;
            totals.Counts[label]++;
            var row = label * bands;
            for (var b = 0; b < bands; b++)
            {
                var x = planes[b][i] - reference[b];
                totals.Sums[row + b] += x;
                totals.Squares[row + b] += x * x;
            }
        }
        return totals;
    }

    public void Add(PassTotals other)
    {
        for (var c = 0; c < Counts.Length; c++) Counts[c] += other.Counts[c];
        for (var i = 0; i < Sums.Length; i++) { Sums[i] += other.Sums[i]; Squares[i] += other.Squares[i]; }
    }

    /// <summary>Sum of squared distances of each pixel to the mean of its class.</summary>
    public double Inertia()
    {
        var inertia = 0.0;
        for (var c = 0; c < Counts.Length; c++)
        {
            if (Counts[c] == 0) continue;
            for (var b = 0; b < Bands; b++)
            {
                var s = Sums[c * Bands + b];
                inertia += Math.Max(0, Squares[c * Bands + b] - s * s / Counts[c]);
            }
        }
        return inertia;
    }

    /// <summary>Each class's mean; an empty class keeps its previous centre.</summary>
    public double[][] Means(double[][] previous, double[] reference)
    {
        var means = new double[Counts.Length][];
        for (var c = 0; c < Counts.Length; c++)
        {
            means[c] = new double[Bands];
            for (var b = 0; b < Bands; b++)
                means[c][b] = Counts[c] == 0 ? previous[c][b] : Sums[c * Bands + b] / Counts[c] + reference[b];
        }
        return means;
    }
}
