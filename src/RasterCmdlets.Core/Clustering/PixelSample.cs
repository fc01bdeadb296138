using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// The points the K-means engine (<see cref="SampleKMeans"/>, <see cref="BoundedLloyd"/>) fits, each
/// with a weight: a reproducible random sample of a source's valid pixels (each weighs 1), or the
/// distinct vectors of a summary (each weighs as many pixels as have it). Values are single
/// precision, as the kernel that applies a model reads pixels, so a model fitted from either is
/// fitted with the arithmetic that will label with it.
/// A source's sample is drawn in one streamed pass: each pixel is kept with the same probability,
/// by a generator seeded per window from the seed, so the sample depends on the seed alone, not on
/// threads or read order.
/// </summary>
internal sealed class PixelSample
{
    private PixelSample(float[][] planes, int count, long validCount, double[]? weights = null)
    {
        Planes = planes;
        Count = count;
        ValidCount = validCount;
        Weights = weights;
    }

    /// <summary>One plane per band, <see cref="Count"/> values each.</summary>
    public float[][] Planes { get; }
    /// <summary>Each point's weight, or null when every point weighs 1 (a sample of pixels).</summary>
    public double[]? Weights { get; }
    public int Count { get; }
    /// <summary>All valid pixels of the source (not only the sampled ones).</summary>
    public long ValidCount { get; }
    public int Bands => Planes.Length;

    public static PixelSample Draw(IRasterSource source, int size, int seed, ProgressReporter? progress, CancellationToken cancellation,
        KeptPixels? kept = null)
    {
        var bands = source.Bands.Count;
        var rate = Math.Min(1.0, (double)size / source.Grid.PixelCount);
        var windows = WindowRunner.WindowsOf(source).Count;
        var parts = new List<float[][]>(windows);
        long valid = 0;
        WindowRunner.Run(source, pixels =>
        {
            // The generator is seeded by the seed and the window's first pixel, so picks do not depend on threads.
            var first = (ulong)pixels.Window.Y * (ulong)source.Grid.Width + (ulong)pixels.Window.X;
            var picks = Picks(pixels.Validity, rate, new Random(unchecked((int)Hash(first, seed))));
            var picked = new float[bands][];
            for (var b = 0; b < bands; b++)
            {
                picked[b] = new float[picks.Count];
                PixelMath.Gather(pixels.RawBand(b), pixels.Types[b], CollectionsMarshal.AsSpan(picks), picked[b]);
            }
            return (Picked: picked, Valid: (long)pixels.ValidCount);
        }, (index, _, part) =>
        {
            parts.Add(part.Picked);
            valid += part.Valid;
            progress?.Invoke("Sampling pixels", (index + 1.0) / windows);
        }, cancellation, kept);
        var count = parts.Sum(p => p[0].Length);
        var planes = Enumerable.Range(0, bands).Select(_ => new float[count]).ToArray();
        var offset = 0;
        foreach (var part in parts)
        {
            for (var b = 0; b < bands; b++) part[b].CopyTo(planes[b], offset);
            offset += part[0].Length;
        }
        return new PixelSample(planes, count, valid);
    }

    /// <summary>
    /// The valid pixels of a window kept, each with probability <paramref name="rate"/>, by geometric
    /// gaps between picks: the work is proportional to the sample, not to the window.
    /// </summary>
    // Hot loop: compiled fully optimised at once; a fit draws its sample once, before tiering would get to it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<int> Picks(ReadOnlySpan<byte> validity, double rate, Random random)
    {
        var logKeep = Math.Log(1 - Math.Min(rate, 1 - 1e-12));
        var picks = new List<int>();
        for (var i = Gap(random, rate, logKeep); i < validity.Length; i += 1 + Gap(random, rate, logKeep))
            if (validity[i] != 0) picks.Add(i);
        return picks;
    }

    /// <summary>Pixels skipped before the next pick when each is kept with probability <paramref name="rate"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Gap(Random random, double rate, double logKeep) =>
        rate >= 1 ? 0 : (int)Math.Min(int.MaxValue / 2, Math.Floor(Math.Log(1 - random.NextDouble()) / logKeep));

    /// <summary>Points that weigh 1 each, as a sample of pixels does.</summary>
    public static PixelSample Unweighted(float[][] planes, long validCount) => new(planes, planes[0].Length, validCount);

    /// <summary>Weighted points: the distinct vectors of a summary with their pixel counts, say.</summary>
    public static PixelSample Weighted(IReadOnlyList<double[]> vectors, IReadOnlyList<long> counts, long validCount)
    {
        var bands = vectors.Count == 0 ? 0 : vectors[0].Length;
        var planes = Enumerable.Range(0, bands).Select(b => vectors.Select(v => (float)v[b]).ToArray()).ToArray();
        return new PixelSample(planes, vectors.Count, validCount, counts.Select(c => (double)c).ToArray());
    }

    /// <summary>The weight of point <paramref name="i"/>.</summary>
    public double Weight(int i) => Weights?[i] ?? 1;

    /// <summary>What the points weigh together.</summary>
    public double TotalWeight => Weights?.Sum() ?? Count;

    /// <summary>Every n-th point of the sample (with its weight), so that a smaller sample still spans the whole raster.</summary>
    public PixelSample Subset(int size)
    {
        if (size >= Count) return this;
        var step = (double)Count / size;
        var picks = Enumerable.Range(0, size).Select(i => (int)(i * step)).ToArray();
        return new PixelSample(Planes.Select(p => picks.Select(i => p[i]).ToArray()).ToArray(), size, ValidCount,
            Weights is null ? null : picks.Select(i => Weights[i]).ToArray());
    }

    /// <summary>SplitMix64 of the pixel index and seed: a cheap, well-mixed, portable hash.</summary>
    internal static ulong Hash(ulong index, int seed)
    {
        var z = index + 0x9E3779B97F4A7C15UL * ((ulong)(uint)seed + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The weighted mean of each band.</summary>
    public double[] Means()
    {
        var weight = TotalWeight;
        return Planes.Select(p =>
        {
            var s = 0.0;
            for (var i = 0; i < Count; i++) s += Weight(i) * p[i];
            return weight > 0 ? s / weight : 0;
        }).ToArray();
    }

    /// <summary>The weighted variance of the bands, averaged: what the tolerance is relative to (as scikit-learn's).</summary>
    public double MeanVariance()
    {
        var means = Means();
        var weight = TotalWeight;
        var total = 0.0;
        for (var b = 0; b < Bands; b++)
        {
            var s = 0.0;
            for (var i = 0; i < Count; i++) s += Weight(i) * (Planes[b][i] - means[b]) * (Planes[b][i] - means[b]);
            total += weight > 0 ? s / weight : 0;
        }
        return total / Bands;
    }

    /// <summary>How many distinct pixels the sample holds, counting no further than <paramref name="enough"/>.</summary>
    public int DistinctCount(int enough)
    {
        var distinct = new List<float[]>();
        for (var i = 0; i < Count && distinct.Count < enough; i++)
        {
            var row = Row(i);
            if (!distinct.Any(d => d.AsSpan().SequenceEqual(row))) distinct.Add(row);
        }
        return distinct.Count;
    }

    public float[] Row(int i) => Planes.Select(p => p[i]).ToArray();
}
