namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// In-memory K-means on a pixel sample: greedy k-means++ seeding (as scikit-learn: 2 + ln K
/// candidates per centre, the one that lowers the potential most wins), then Lloyd to convergence.
/// Several initialisations run in parallel, each with its own seeded generator, and the lowest
/// inertia wins (ties to the lowest run), so the choice does not depend on scheduling.
/// </summary>
internal static class SampleKMeans
{
    public static double[][] BestOf(PixelSample sample, int k, int initializations, int initializationSize, int seed, double threshold,
        int maxIterations, CancellationToken cancellation)
    {
        var subset = sample.Subset(initializationSize);
        var results = new (double[][] Centres, double Inertia)[initializations];
        Parallel.For(0, initializations, new ParallelOptions { CancellationToken = cancellation }, run =>
        {
            var random = new Random(unchecked(seed * 31 + run));
            var centres = PlusPlus(subset, k, random);
            results[run] = Lloyd(subset, centres, threshold, maxIterations, cancellation);
        });
        var best = 0;
        for (var run = 1; run < initializations; run++)
            if (results[run].Inertia < results[best].Inertia) best = run;
        return ReferenceEquals(subset, sample) ? results[best].Centres : Lloyd(sample, results[best].Centres, threshold, maxIterations, cancellation).Centres;
    }

    internal static double[][] PlusPlus(PixelSample sample, int k, Random random)
    {
        var n = sample.Count;
        var planes = sample.Planes;
        var centres = new double[k][];
        centres[0] = sample.Row(random.Next(n)).Select(v => (double)v).ToArray();
        var closest = new double[n];
        for (var i = 0; i < n; i++) closest[i] = Distance(planes, i, centres[0]);
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
                var candidate = sample.Row(index);
                var total = 0.0;
                for (var i = 0; i < n; i++)
                {
                    var d = Math.Min(closest[i], Distance(planes, i, candidate));
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

    private static double Distance(float[][] planes, int i, IReadOnlyList<double> centre)
    {
        var d = 0.0;
        for (var b = 0; b < planes.Length; b++) { var x = planes[b][i] - centre[b]; d += x * x; }
        return d;
    }

    private static double Distance(float[][] planes, int i, float[] centre)
    {
        var d = 0.0;
        for (var b = 0; b < planes.Length; b++) { var x = (double)planes[b][i] - centre[b]; d += x * x; }
        return d;
    }

    internal static (double[][] Centres, double Inertia) Lloyd(PixelSample sample, double[][] centres, double threshold,
        int maxIterations, CancellationToken cancellation)
    {
        var n = sample.Count;
        var bands = sample.Bands;
        var k = centres.Length;
        var inertia = double.PositiveInfinity;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            var flat = CentreMath.Flatten(centres);
            var sums = new ClusterSums(k, bands);
            LloydKernel.Assign(sample.Planes, 0, n, ReadOnlySpan<float>.Empty, flat, k, Span<byte>.Empty, (byte)0, sums);
            inertia = sums.Inertia(centres);
            var next = sums.Means(centres);
            var shift = CentreMath.SquaredShift(centres, next);
            centres = next;
            if (shift <= threshold) break;
        }
        return (centres, inertia);
    }
}
