using System.Numerics;

namespace RasterCmdlets.Core.Clustering;

/// <summary>Per-class counts and coordinate sums, and the sum of squared distances to the centres used.</summary>
internal sealed class ClusterSums(int k, int bands)
{
    public long[] Counts { get; } = new long[k];
    public double[] Sums { get; } = new double[k * bands];
    public double Distances { get; set; }
    public int Bands => bands;

    internal void Flush(Span<Vector<float>> sumLanes, Span<Vector<float>> countLanes, ref Vector<float> distanceLanes)
    {
        for (var c = 0; c < countLanes.Length; c++)
        {
            Counts[c] += (long)LaneTotal(countLanes[c]);
            countLanes[c] = Vector<float>.Zero;
        }
        for (var s = 0; s < sumLanes.Length; s++)
        {
            Sums[s] += LaneTotal(sumLanes[s]);
            sumLanes[s] = Vector<float>.Zero;
        }
        Distances += LaneTotal(distanceLanes);
        distanceLanes = Vector<float>.Zero;
    }

    private static double LaneTotal(Vector<float> lanes)
    {
        var total = 0.0;
        for (var j = 0; j < Vector<float>.Count; j++) total += lanes[j];
        return total;
    }

    public void Add(ClusterSums other)
    {
        for (var c = 0; c < Counts.Length; c++) Counts[c] += other.Counts[c];
        for (var s = 0; s < Sums.Length; s++) Sums[s] += other.Sums[s];
        Distances += other.Distances;
    }

    /// <summary>Each class's mean; an empty class keeps its previous centre.</summary>
    public double[][] Means(double[][] previous) => CentreMath.Means(Counts.Select(c => (double)c).ToArray(), Sums, previous);

    /// <summary>
    /// Sum of squared distances of each pixel to the mean of its class: the distances to the centres
    /// used, less each class's count times the squared distance from its centre to its mean.
    /// </summary>
    public double Inertia(double[][] centres)
    {
        var means = Means(centres);
        var inertia = Distances;
        for (var c = 0; c < Counts.Length; c++)
            for (var b = 0; b < bands; b++) inertia -= Counts[c] * (means[c][b] - centres[c][b]) * (means[c][b] - centres[c][b]);
        return Math.Max(0, inertia);
    }
}
