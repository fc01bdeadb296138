namespace RasterCmdlets.Core.Clustering;

/// <summary>Centre arithmetic shared by the fitters.</summary>
internal static class CentreMath
{
    /// <summary>Centres as the kernel takes them: one flat k-major float array.</summary>
    public static float[] Flatten(IReadOnlyList<IReadOnlyList<double>> centres) =>
        centres.SelectMany(c => c.Select(v => (float)v)).ToArray();

    /// <summary>
    /// Each class's mean from its weight and coordinate sums (k-major); an empty class keeps its
    /// previous centre. The one rule of every Lloyd step: over a sample, a summary or every pixel.
    /// </summary>
    public static double[][] Means(double[] mass, double[] sums, double[][] previous)
    {
        var bands = previous[0].Length;
        var means = new double[mass.Length][];
        for (var c = 0; c < mass.Length; c++)
        {
            means[c] = new double[bands];
            for (var b = 0; b < bands; b++) means[c][b] = mass[c] == 0 ? previous[c][b] : sums[c * bands + b] / mass[c];
        }
        return means;
    }

    /// <summary>The nearest centre of a point (ties to the lower class) and its squared distance.</summary>
    public static (int Label, double Distance) Nearest(double[] point, double[][] centres)
    {
        var best = 0;
        var bestDistance = double.PositiveInfinity;
        for (var c = 0; c < centres.Length; c++)
        {
            var d = SquaredDistance(point, centres[c]);
            if (d < bestDistance) (best, bestDistance) = (c, d);
        }
        return (best, bestDistance);
    }

    public static double SquaredDistance(double[] a, double[] b)
    {
        var d = 0.0;
        for (var i = 0; i < a.Length; i++) d += (a[i] - b[i]) * (a[i] - b[i]);
        return d;
    }

    /// <summary>The total squared move of the centres between two iterations, compared with the tolerance.</summary>
    public static double SquaredShift(double[][] from, double[][] to)
    {
        var shift = 0.0;
        for (var c = 0; c < from.Length; c++)
            for (var b = 0; b < from[c].Length; b++) shift += (to[c][b] - from[c][b]) * (to[c][b] - from[c][b]);
        return shift;
    }
}
