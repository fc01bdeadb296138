using System.Runtime.CompilerServices;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>Weighted one-dimensional groups in ascending order: distinct values or histogram bins.</summary>
internal sealed class ValueGroups
{
    private ValueGroups(double[] values, double[] weights, double[] sums, double[] squares, double shift)
    {
        Values = values;
        Weights = weights;
        Sums = sums;
        SumsOfSquares = squares;
        Shift = shift;
        ValidCount = (long)weights.Sum();
    }

    /// <summary>A representative value of each group (the value itself, or the bin's mean).</summary>
    public double[] Values { get; }
    public double[] Weights { get; }
    /// <summary>Sums and sums of squares of the values minus <see cref="Shift"/>, which keeps the variance formula exact.</summary>
    public double[] Sums { get; }
    public double[] SumsOfSquares { get; }
    public double Shift { get; }
    public long ValidCount { get; }
    public int Count => Values.Length;

    public static ValueGroups FromDistinct(IReadOnlyList<double> values, IReadOnlyList<long> counts)
    {
        double total = 0, weighted = 0;
        for (var i = 0; i < values.Count; i++) { total += counts[i]; weighted += counts[i] * values[i]; }
        var shift = total > 0 ? Math.Round(weighted / total) : 0;
        var w = new double[values.Count];
        var s = new double[values.Count];
        var ss = new double[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var x = values[i] - shift;
            w[i] = counts[i];
            s[i] = counts[i] * x;
            ss[i] = counts[i] * x * x;
        }
        return new ValueGroups(values.ToArray(), w, s, ss, shift);
    }

    /// <summary>Groups given whole, in ascending order: sums and squares of the values minus <paramref name="shift"/>.</summary>
    public static ValueGroups FromParts(List<double> values, List<double> weights, List<double> sums, List<double> squares, double shift) =>
        new([.. values], [.. weights], [.. sums], [.. squares], shift);

    /// <summary>The non-empty bins of a histogram whose bins each hold a count, a sum and a sum of squares, side by side.</summary>
    public static ValueGroups FromBins(double[] moments, double shift)
    {
        var keep = Enumerable.Range(0, moments.Length / 3).Where(b => moments[3 * b] > 0).ToArray();
        return new ValueGroups(
            keep.Select(b => moments[3 * b + 1] / moments[3 * b] + shift).ToArray(),
            keep.Select(b => moments[3 * b]).ToArray(),
            keep.Select(b => moments[3 * b + 1]).ToArray(),
            keep.Select(b => moments[3 * b + 2]).ToArray(),
            shift);
    }

    /// <summary>The partition that labelling each group by its value gives, measured.</summary>
    public ClassTally Tally(ValueThresholds thresholds, long totalPixels)
    {
        var moments = new ClassMoments(thresholds.K, Shift);
        for (var g = 0; g < Count; g++) moments.Add(thresholds.LabelOf(Values[g]), Weights[g], Sums[g], SumsOfSquares[g]);
        return moments.Tally(thresholds.Centres, totalPixels);
    }
}
