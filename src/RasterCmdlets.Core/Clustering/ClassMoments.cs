using System.Runtime.CompilerServices;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// Per-class weight, sum and sum of squares of one-band values (minus a shift that keeps the
/// squares small): enough to give each class's count and its squared distances to any centre.
/// </summary>
internal sealed class ClassMoments(int k, double shift)
{
    private readonly double[] _weight = new double[k];
    private readonly double[] _sum = new double[k];
    private readonly double[] _squares = new double[k];

    public double Shift { get; } = shift;

    /// <summary>Adds <paramref name="weight"/> values whose shifted sum is <paramref name="sum"/>.</summary>
    public void Add(int label, double weight, double sum, double? squares = null)
    {
        _weight[label] += weight;
        _sum[label] += sum;
        _squares[label] += squares ?? sum * sum;
    }

    public void Add(ClassMoments other)
    {
        for (var c = 0; c < _weight.Length; c++)
        {
            _weight[c] += other._weight[c];
            _sum[c] += other._sum[c];
            _squares[c] += other._squares[c];
        }
    }

    /// <summary>Counts, and the sum of squared distances of each class's values to its centre: Σ(x − c)² = Σx² − 2cΣx + nc².</summary>
    public ClassTally Tally(IReadOnlyList<double> centres, long totalPixels)
    {
        var counts = _weight.Select(w => (long)w).ToArray();
        var inertia = 0.0;
        for (var c = 0; c < _weight.Length; c++)
        {
            var centre = centres[c] - Shift;
            inertia += Math.Max(0, _squares[c] - 2 * centre * _sum[c] + _weight[c] * centre * centre);
        }
        return new ClassTally(counts, totalPixels - counts.Sum(), inertia);
    }
}
