using System.Runtime.CompilerServices;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// The fine histogram of a band with too many distinct values: <see cref="Count"/> equal bins over
/// the valid values' range, each holding the count, the sum and the sum of squares of its values
/// minus <see cref="Shift"/> (side by side in <see cref="Moments"/>: a pixel touches one cache line).
/// </summary>
internal sealed class FineBins
{
    public FineBins(double min, double max, int count)
    {
        Min = min;
        Max = max;
        Count = count;
        Shift = (min + max) / 2;
        Scale = max > min ? count / (max - min) : 0;
        Moments = new double[3 * count];
    }

    public double Min { get; }
    public double Max { get; }
    public int Count { get; }
    public double Shift { get; }
    public double Scale { get; }
    /// <summary>For bin b: the count at 3b, the sum at 3b + 1, the sum of squares at 3b + 2.</summary>
    public double[] Moments { get; }

    /// <summary>The bin of a valid value: the one rule, for the pass that fills the bins and for any pass that finds a value's bin again.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int BinOf(double value) => Math.Min(Count - 1, (int)((value - Min) * Scale));

    /// <summary>
    /// Bounds of the values a bin can hold, minus <see cref="Shift"/>: its edges, widened by a
    /// billionth of the range for the rounding of <see cref="BinOf"/>, within the range.
    /// </summary>
    public (double Low, double High) Bounds(int bin)
    {
        var slack = (Max - Min) * 1e-9;
        var low = bin == 0 ? Min : Math.Max(Min, Min + bin / Scale - slack);
        var high = bin == Count - 1 ? Max : Math.Min(Max, Min + (bin + 1) / Scale + slack);
        return (low - Shift, high - Shift);
    }

    public ValueGroups ToGroups() => ValueGroups.FromBins(Moments, Shift);
}
