using System.Numerics;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// In-memory K-means on a pixel sample: greedy k-means++ seeding (as scikit-learn: 2 + ln K
/// candidates per centre, the one that lowers the potential most wins), then Lloyd to convergence,
/// on a spread subset of the sample. Several initialisations run in parallel, each with its own
/// seeded generator, and the lowest inertia wins (ties to the lowest run), so the choice does not
/// depend on scheduling. Lloyd then runs from the winner on the whole sample, to a tighter tolerance.
/// </summary>
internal static class SampleKMeans
{
    /// <summary>
    /// How much tighter than the passes over every pixel Lloyd converges on the whole sample. Sampling
    /// noise alone moves the sample's centres about as far as the passes' tolerance from those of
    /// every pixel; stopping the sample at that same tolerance leaves its centres partway along a
    /// slow valley, and each pass over every pixel then costs what a hundred on the sample do.
    /// </summary>
    internal const double SampleToleranceFactor = 0.01;
    /// <summary>
    /// The whole sample starts from Lloyd's convergence on this fraction of it (when that is larger
    /// than the subset the initialisations ran on): the centres creep along the valley where an
    /// iteration costs a quarter, and the whole sample only corrects the smaller one's sampling noise.
    /// </summary>
    private const int FirstRung = 4;

    public static double[][] BestOf(PixelSample sample, int k, int initializations, int initializationSize, int seed, double threshold,
        int maxIterations, CancellationToken cancellation)
    {
        var subset = sample.Subset(initializationSize);
        var results = new (double[][] Centres, double Inertia)[initializations];
        Parallel.For(0, initializations, new ParallelOptions { CancellationToken = cancellation }, run =>
        {
            var random = new Random(unchecked(seed * 31 + run));
            var centres = PlusPlus(subset, k, random);
            var fit = BoundedLloyd.Run(subset, centres, threshold, maxIterations, cancellation);
            results[run] = (fit.Centres, fit.Inertia());
        });
        var best = 0;
        for (var run = 1; run < initializations; run++)
            if (results[run].Inertia < results[best].Inertia) best = run;
        var tight = threshold * SampleToleranceFactor;
        var start = results[best].Centres;
        if (sample.Count / FirstRung > initializationSize)
            start = BoundedLloyd.Run(sample.Subset(sample.Count / FirstRung), start, tight, maxIterations, cancellation).Centres;
        return BoundedLloyd.Run(sample, start, tight, maxIterations, cancellation).Centres;
    }

    internal static double[][] PlusPlus(PixelSample sample, int k, Random random)
    {
        var n = sample.Count;
        var planes = sample.Planes;
        var centres = new double[k][];
        var first = sample.Row(random.Next(n));
        centres[0] = first.Select(v => (double)v).ToArray();
        var closest = new double[n];
        SquaredDistances(planes, first, closest);
        var trials = 2 + (int)Math.Log(k);
        var candidateDistance = new double[n];
        var bestDistance = new double[n];
        for (var c = 1; c < k; c++)
        {
            var potential = closest.Sum();
            var bestPotential = double.PositiveInfinity;
            var bestIndex = 0;
            for (var t = 0; t < trials; t++)
            {
                var index = potential > 0 ? Pick(closest, random.NextDouble() * potential) : random.Next(n);
                SquaredDistances(planes, sample.Row(index), candidateDistance);
                var total = 0.0;
                for (var i = 0; i < n; i++)
                {
                    var d = Math.Min(closest[i], candidateDistance[i]);
                    candidateDistance[i] = d;
                    total += d;
                }
                if (total < bestPotential)
                {
                    bestPotential = total;
                    bestIndex = index;
                    (candidateDistance, bestDistance) = (bestDistance, candidateDistance);
                }
            }
            centres[c] = sample.Row(bestIndex).Select(v => (double)v).ToArray();
            (closest, bestDistance) = (bestDistance, closest);
        }
        return centres;
    }

    private static int Pick(double[] weights, double target)
    {
        var cumulative = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (cumulative >= target && weights[i] > 0) return i;
        }
        for (var i = weights.Length - 1; i >= 0; i--) if (weights[i] > 0) return i;
        return 0;
    }

    /// <summary>
    /// The squared distance of every sample pixel to a point, added band by band in the same order as
    /// pixel by pixel, one double-precision lane per pixel: each pixel's sum waits on its own
    /// additions only.
    /// </summary>
    private static void SquaredDistances(float[][] planes, float[] point, double[] distances)
    {
        Array.Clear(distances);
        var width = Vector<float>.Count;
        for (var b = 0; b < planes.Length; b++)
        {
            var plane = planes[b];
            var value = (double)point[b];
            var centre = new Vector<double>(value);
            var i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; i + width <= distances.Length; i += width)
                {
                    Vector.Widen(new Vector<float>(plane, i), out var low, out var high);
                    var x = low - centre;
                    (new Vector<double>(distances, i) + x * x).CopyTo(distances, i);
                    x = high - centre;
                    (new Vector<double>(distances, i + width / 2) + x * x).CopyTo(distances, i + width / 2);
                }
            }
            for (; i < distances.Length; i++)
            {
                var x = plane[i] - value;
                distances[i] += x * x;
            }
        }
    }
}
