using System.Numerics;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// In-memory K-means on weighted points (a pixel sample, or a summary's vectors with their counts):
/// the one k-means++ and the one way of choosing among initialisations of every multi-band fit.
/// Greedy k-means++ seeding (as scikit-learn: 2 + ln K candidates per centre, each drawn in
/// proportion to weight × squared distance, the one that lowers the weighted potential most wins),
/// then Lloyd (<see cref="BoundedLloyd"/>) to convergence, on a spread subset of the points.
/// Several initialisations run in parallel, each with its own seeded generator, and the lowest
/// inertia wins (ties to the lowest run), so the choice does not depend on scheduling. Lloyd then
/// runs from the winner, to a tighter tolerance, up a ladder of subsets each eight times larger,
/// and last on the whole sample.
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
    /// Each rung of the ladder is this many times the one below, up to half the sample: the centres
    /// creep along the slow valley where an iteration is cheap, and each larger subset only corrects
    /// the smaller one's sampling noise. Measured on the 4 x 5490² stack at K=5 (2 M-pixel sample,
    /// seeds 1 to 5): initialisations on 8,192 pixels with rungs of x8 took 0.14 to 0.17 s of CPU,
    /// against 0.31 to 0.44 s for initialisations on 65,536 and one rung at a quarter of the sample,
    /// and reached a lower inertia on the sample, the same for every seed.
    /// </summary>
    private const int Rung = 8;

    /// <returns>The last Lloyd run, on all the points: its centres, iterations and inertia.</returns>
    public static BoundedLloyd BestOf(PixelSample sample, int k, int initializations, int initializationSize, int seed, double threshold,
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
        for (var size = (long)Math.Min(initializationSize, sample.Count) * Rung; size <= sample.Count / 2; size *= Rung)
            start = BoundedLloyd.Run(sample.Subset((int)size), start, tight, maxIterations, cancellation).Centres;
        return BoundedLloyd.Run(sample, start, tight, maxIterations, cancellation);
    }

    internal static double[][] PlusPlus(PixelSample sample, int k, Random random)
    {
        var n = sample.Count;
        var planes = sample.Planes;
        var weights = sample.Weights;
        var centres = new double[k][];
        var closest = new double[n];
        var first = sample.Row(Draw(n, null, weights, sample.TotalWeight, random));
        centres[0] = first.Select(v => (double)v).ToArray();
        SquaredDistances(planes, first, closest);
        var potential = 0.0;
        for (var i = 0; i < n; i++) potential += weights is null ? closest[i] : weights[i] * closest[i];
        var trials = 2 + (int)Math.Log(k);
        var candidateDistance = new double[n];
        var bestDistance = new double[n];
        for (var c = 1; c < k; c++)
        {
            var bestPotential = double.PositiveInfinity;
            var bestIndex = 0;
            for (var t = 0; t < trials; t++)
            {
                var index = Draw(n, closest, weights, potential, random);
                SquaredDistances(planes, sample.Row(index), candidateDistance);
                var total = 0.0;
                for (var i = 0; i < n; i++)
                {
                    var d = Math.Min(closest[i], candidateDistance[i]);
                    candidateDistance[i] = d;
                    total += weights is null ? d : weights[i] * d;
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
            potential = bestPotential;
        }
        return centres;
    }

    /// <summary>
    /// A point drawn with probability proportional to its weight × its squared distance (or its
    /// weight alone when <paramref name="distances"/> is null); <paramref name="total"/> is the sum of
    /// those products. Points that weigh nothing are never drawn; when all do, any point is.
    /// </summary>
    private static int Draw(int n, double[]? distances, double[]? weights, double total, Random random)
    {
        if (!(total > 0)) return random.Next(n);
        var target = random.NextDouble() * total;
        var cumulative = 0.0;
        var last = 0;
        for (var i = 0; i < n; i++)
        {
            var w = (weights is null ? 1 : weights[i]) * (distances is null ? 1 : distances[i]);
            if (!(w > 0)) continue;
            cumulative += w;
            last = i;
            if (cumulative >= target) return i;
        }
        return last;
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
