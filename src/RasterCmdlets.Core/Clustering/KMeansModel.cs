using System.Collections.ObjectModel;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// A fitted K-means model: immutable. Classes are numbered in the order of their centres (ascending
/// value for one band, ascending norm for several), so the same scene always gets the same labels.
/// </summary>
public sealed class KMeansModel
{
    private readonly double[][] _centres;

    public KMeansModel(IReadOnlyList<IReadOnlyList<double>> centres, IReadOnlyList<RasterDataType> dataTypes,
        double inertia, int iterations, bool converged, int seed, KMeansMethod method)
    {
        if (centres.Count < 2) throw new ArgumentException("A model needs at least two centres.", nameof(centres));
        var bands = dataTypes.Count;
        if (bands < 1 || centres.Any(c => c.Count != bands))
            throw new ArgumentException("Every centre needs one coordinate per band.", nameof(centres));
        _centres = centres.Select(c => c.ToArray()).ToArray();
        Centres = new ReadOnlyCollection<IReadOnlyList<double>>(_centres.Select(c => (IReadOnlyList<double>)Array.AsReadOnly(c)).ToArray());
        DataTypes = Array.AsReadOnly(dataTypes.ToArray());
        Inertia = inertia;
        Iterations = iterations;
        Converged = converged;
        Seed = seed;
        Method = method;
    }

    /// <summary>
    /// The NoData value of each band the model was fitted on. When the model classifies a raster
    /// whose band declares no NoData value, this one marks its missing pixels.
    /// </summary>
    public IReadOnlyList<double?> NoDataValues
    {
        get => _noData ?? Array.AsReadOnly(new double?[BandCount]);
        init => _noData = value.Count == BandCount ? Array.AsReadOnly(value.ToArray())
            : throw new ArgumentException("One NoData value (or null) per band.", nameof(value));
    }

    private readonly IReadOnlyList<double?>? _noData;

    public int K => _centres.Length;
    public int BandCount => DataTypes.Count;
    public IReadOnlyList<IReadOnlyList<double>> Centres { get; }
    public IReadOnlyList<RasterDataType> DataTypes { get; }
    /// <summary>What the fit measured on the pixels it was fitted on: the sum of squared distances of each valid pixel to its class's centre.</summary>
    public double Inertia { get; }
    public int Iterations { get; }
    public bool Converged { get; }
    public int Seed { get; }
    /// <summary>How the model was fitted.</summary>
    public KMeansMethod Method { get; }

    /// <summary>Orders centres as classes are numbered: by value for one band, by norm (then coordinates) for several.</summary>
    internal static int[] ClassOrder(IReadOnlyList<double[]> centres) =>
        centres[0].Length == 1
        ? Enumerable.Range(0, centres.Count).OrderBy(i => centres[i][0]).ToArray()
        : Enumerable.Range(0, centres.Count)
            .OrderBy(i => centres[i].Sum(v => v * v))
            .ThenBy(i => centres[i], Comparer<double[]>.Create((a, b) =>
            {
                for (var j = 0; j < a.Length; j++) { var c = a[j].CompareTo(b[j]); if (c != 0) return c; }
                return 0;
            }))
            .ToArray();

    public override string ToString() =>
        $"K-means K={K} on {BandCount} band{(BandCount == 1 ? "" : "s")}: inertia {Inertia:G6}, {Iterations} iterations, " +
        $"centres {string.Join("; ", _centres.Select(c => string.Join(",", c.Select(v => v.ToString("G6")))))}";
}
