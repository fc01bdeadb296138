using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// Fits one model from a (merged) summary, so the model depends on the summary's content alone:
/// one band exactly, from every distinct value and its count; several bands by weighted k-means++
/// (several initialisations on the summary's first entries, themselves a sample) then weighted
/// Lloyd on the whole sample, each distinct vector weighing as many pixels as have it.
/// </summary>
public static class SummaryFitter
{
    public static KMeansModel Fit(RasterSummary summary, KMeansOptions options, CancellationToken cancellation = default)
    {
        var name = $"the {summary.SourceCount} source(s) summarised";
        KMeansOptions.RequireEnough(name, summary.ValidPixelCount, summary.EntryCount, options.K);
        return summary.BandCount == 1 ? OneBand(summary, options, cancellation) : Stack(summary, options, cancellation);
    }

    private static KMeansModel OneBand(RasterSummary summary, KMeansOptions options, CancellationToken cancellation)
    {
        var groups = ValueGroups.FromDistinct(summary.Vectors.Select(v => v[0]).ToArray(), summary.Counts);
        var centres = OneBandFitter.OptimalCentres(groups, options.K, cancellation);
        var inertia = groups.Tally(new ValueThresholds(centres), summary.PixelCount).Inertia;
        var method = PixelClassifier.LookupRange(summary.DataTypes[0]).Size > 0 ? "ExactHistogram" : "ExactSorted";
        return new KMeansModel(centres.Select(c => (IReadOnlyList<double>)[c]).ToArray(), summary.DataTypes, inertia, 1, true, options.Seed, method)
        {
            NoDataValues = summary.NoDataValues,
        };
    }

    private static KMeansModel Stack(RasterSummary summary, KMeansOptions options, CancellationToken cancellation)
    {
        var points = summary.Vectors.ToArray();
        var weights = summary.Counts.Select(c => (double)c).ToArray();
        var threshold = options.Tolerance * MeanVariance(points, weights);
        // The first entries of a bottom-k sample are a bottom-k sample themselves: k-means++ starts there.
        var starts = Math.Min(points.Length, options.InitializationSampleSize);
        var results = new (double[][] Centres, double Inertia, int Iterations, bool Converged)[options.Initializations];
        Parallel.For(0, options.Initializations, new ParallelOptions { CancellationToken = cancellation }, run =>
        {
            var random = new Random(unchecked(options.Seed * 31 + run));
            var centres = PlusPlus(points.AsSpan(0, starts), weights.AsSpan(0, starts), options.K, random);
            results[run] = Lloyd(points[..starts], weights[..starts], centres, threshold, options.MaxIterations, cancellation);
        });
        var best = 0;
        for (var run = 1; run < results.Length; run++)
            if (results[run].Inertia < results[best].Inertia) best = run;
        var fitted = Lloyd(points, weights, results[best].Centres, threshold, options.MaxIterations, cancellation);
        var order = KMeansModel.ClassOrder(fitted.Centres);
        // The sample's inertia, scaled to every valid pixel it stands for.
        var inertia = fitted.Inertia * summary.ValidPixelCount / weights.Sum();
        return new KMeansModel(order.Select(i => (IReadOnlyList<double>)fitted.Centres[i]).ToArray(), summary.DataTypes, inertia,
            fitted.Iterations, fitted.Converged, options.Seed, "SummaryLloyd")
        {
            NoDataValues = summary.NoDataValues,
        };
    }

    private static double MeanVariance(double[][] points, double[] weights)
    {
        var bands = points[0].Length;
        var total = weights.Sum();
        var variance = 0.0;
        for (var b = 0; b < bands; b++)
        {
            var mean = 0.0;
            for (var i = 0; i < points.Length; i++) mean += weights[i] * points[i][b];
            mean /= total;
            var s = 0.0;
            for (var i = 0; i < points.Length; i++) s += weights[i] * (points[i][b] - mean) * (points[i][b] - mean);
            variance += s / total;
        }
        return variance / bands;
    }

    /// <summary>Greedy weighted k-means++: each candidate drawn in proportion to weight × distance, the one that lowers the potential most kept.</summary>
    private static double[][] PlusPlus(ReadOnlySpan<double[]> points, ReadOnlySpan<double> weights, int k, Random random)
    {
        var n = points.Length;
        var centres = new double[k][];
        centres[0] = points[Draw(weights, null, random)];
        var closest = new double[n];
        for (var i = 0; i < n; i++) closest[i] = CentreMath.SquaredDistance(points[i], centres[0]);
        var trials = 2 + (int)Math.Log(k);
        var candidate = new double[n];
        var kept = new double[n];
        for (var c = 1; c < k; c++)
        {
            var bestPotential = double.PositiveInfinity;
            var bestIndex = 0;
            for (var t = 0; t < trials; t++)
            {
                var index = Draw(weights, closest, random);
                var potential = 0.0;
                for (var i = 0; i < n; i++)
                {
                    candidate[i] = Math.Min(closest[i], CentreMath.SquaredDistance(points[i], points[index]));
                    potential += weights[i] * candidate[i];
                }
                if (potential < bestPotential)
                {
                    (bestPotential, bestIndex) = (potential, index);
                    (candidate, kept) = (kept, candidate);
                }
            }
            centres[c] = points[bestIndex];
            (closest, kept) = (kept, closest);
        }
        return centres.Select(c => (double[])c.Clone()).ToArray();
    }

    /// <summary>An index drawn with probability proportional to weight (× distance, when given).</summary>
    private static int Draw(ReadOnlySpan<double> weights, double[]? distances, Random random)
    {
        var total = 0.0;
        for (var i = 0; i < weights.Length; i++) total += weights[i] * (distances?[i] ?? 1);
        if (!(total > 0)) return random.Next(weights.Length);
        var target = random.NextDouble() * total;
        var cumulative = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i] * (distances?[i] ?? 1);
            cumulative += w;
            if (cumulative >= target && w > 0) return i;
        }
        return weights.Length - 1;
    }

    private static (double[][] Centres, double Inertia, int Iterations, bool Converged) Lloyd(double[][] points, double[] weights,
        double[][] centres, double threshold, int maxIterations, CancellationToken cancellation)
    {
        var k = centres.Length;
        var bands = centres[0].Length;
        var labels = new int[points.Length];
        for (var iteration = 1; ; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            var sums = new double[k, bands];
            var mass = new double[k];
            var inertia = 0.0;
            for (var i = 0; i < points.Length; i++)
            {
                var (label, distance) = CentreMath.Nearest(points[i], centres);
                labels[i] = label;
                inertia += weights[i] * distance;
                mass[label] += weights[i];
                for (var b = 0; b < bands; b++) sums[label, b] += weights[i] * points[i][b];
            }
            var next = Enumerable.Range(0, k).Select(c => mass[c] > 0
                ? Enumerable.Range(0, bands).Select(b => sums[c, b] / mass[c]).ToArray()
                : centres[c]).ToArray();
            var shift = CentreMath.SquaredShift(centres, next);
            if (shift <= threshold || iteration >= maxIterations)
            {
                // Report the centres that labelled the points, with their inertia.
                return (centres, inertia, iteration, shift <= threshold);
            }
            centres = next;
        }
    }
}
