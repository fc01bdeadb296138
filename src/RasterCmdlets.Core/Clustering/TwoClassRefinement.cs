using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// Makes a 2-class fit from a fine histogram exact: the best split of the pixel values, not only of
/// the bins. Most bins cannot hold a better split than the best bin edge, and that can be proved
/// from the bins alone; the few that might are read again value by value, and the optimum is solved
/// over their values and the other bins.
/// </summary>
/// <remarks>
/// A split of the sorted values into a low class of n values summing to s (all minus the shift)
/// leaves the within-class sum of squares Q − F(n, s), with F(n, s) = s²/n + (S − s)²/(N − n):
/// the best split has the largest F. A split inside bin b puts below it the bins before b (A values,
/// summing to C) and m of the bin's own n_b values, whose sum lies between m·low and m·high. Over
/// the triangle m ≤ n_b − 1, m·low ≤ s ≤ m·high, F(A + m, C + s) is convex (a sum of
/// quadratic-over-linear terms), so it is largest at a corner: the bin's low edge, which is a bin
/// edge already, or m = n_b − 1 with all those values at low or at high. When neither of those two
/// beats the best bin edge, no split inside the bin does.
/// </remarks>
internal static class TwoClassRefinement
{
    /// <summary>Pixel values read again at most (4 M: 32 MB); a band needing more keeps the bin-edge split.</summary>
    internal static ScopedSetting<int> ValueLimitSetting { get; } = new(1 << 22);

    /// <summary>What the refinement found: the groups to solve, and how many bins and values it read again.</summary>
    public sealed record Refined(ValueGroups Groups, int Bins, int Values);

    /// <summary>
    /// The band's values as groups whose best 2-class split is the exact optimum: the fine bins,
    /// with those that might hold a better split replaced by their pixel values, read in one pass.
    /// Null when those values are more than <see cref="ValueLimitSetting"/> allows.
    /// </summary>
    public static Refined? Refine(RasterBand band, FineBins bins, ProgressReporter? progress, CancellationToken cancellation, KeptPixels? kept)
    {
        var (candidate, bincount, valueCount) = Candidates(bins);
        if (valueCount > ValueLimitSetting.Value) return null;
        var values = ReadValues(band, bins, candidate, valueCount, progress, cancellation, kept);
        if (values is null) return null;
        Array.Sort(values);
        return Merge(bins, candidate, values) is { } groups ? new Refined(groups, bincount, values.Length) : null;
    }

    /// <summary>The bins that might hold a split better than the best bin edge, how many, and how many values they hold.</summary>
    private static (bool[] Candidate, int Bins, long Values) Candidates(FineBins bins)
    {
        var m = bins.Moments;
        double n = 0, s = 0, q = 0;
        for (var b = 0; b < bins.Count; b++) { n += m[3 * b]; s += m[3 * b + 1]; q += m[3 * b + 2]; }

        double Between(double below, double sumBelow) =>
            (below > 0 ? sumBelow * sumBelow / below : 0) + (n - below > 0 ? (s - sumBelow) * (s - sumBelow) / (n - below) : 0);

        // The best bin edge.
        double best = double.NegativeInfinity, a = 0, c = 0;
        for (var b = 0; b < bins.Count; b++)
        {
            if (a > 0 && a < n) best = Math.Max(best, Between(a, c));
            a += m[3 * b];
            c += m[3 * b + 1];
        }
        // Rounding in the sums must not rule a bin out: a margin of a billionth of Σx², which bounds F.
        var margin = 1e-9 * q;

        var candidate = new bool[bins.Count];
        int count = 0;
        long values = 0;
        a = 0;
        c = 0;
        for (var b = 0; b < bins.Count; b++)
        {
            var inBin = m[3 * b];
            if (inBin >= 2)
            {
                // A split inside the bin leaves 1 to inBin − 1 of its values below: the triangle's far
                // corners are at inBin − 1, where both classes hold a value.
                var (low, high) = bins.Bounds(b);
                var below = a + inBin - 1;
                var bound = Math.Max(Between(below, c + (inBin - 1) * low), Between(below, c + (inBin - 1) * high));
                if (!(bound < best - margin))
                {
                    candidate[b] = true;
                    count++;
                    values += (long)inBin;
                }
            }
            a += inBin;
            c += m[3 * b + 1];
        }
        return (candidate, count, values);
    }

    /// <summary>The values of the candidate bins, in window order; null if they are more than the bins counted.</summary>
    private static double[]? ReadValues(RasterBand band, FineBins bins, bool[] candidate, long expected, ProgressReporter? progress,
        CancellationToken cancellation, KeptPixels? kept)
    {
        var values = new double[expected];
        var filled = 0;
        var tooMany = false;
        var windows = WindowRunner.WindowsOf(band).Count;
        WindowRunner.Run(band, pixels => ValuesIn(pixels, bins, candidate), (index, _, part) =>
        {
            // More values than the bins counted would mean the bins were filled by another rule: no refinement then.
            tooMany |= filled + part.Count > values.Length;
            if (!tooMany)
            {
                part.CopyTo(values, filled);
                filled += part.Count;
            }
            progress?.Invoke("Reading the values that can move the split", (index + 1.0) / windows);
        }, cancellation, kept);
        return tooMany ? null : filled == values.Length ? values : values[..filled];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<double> ValuesIn(WindowPixels pixels, FineBins bins, bool[] candidate)
    {
        var found = new List<double>();
        var raw = pixels.RawBand(0);
        var valid = pixels.Validity;
        if (pixels.Types[0] == RasterDataType.Float32)
        {
            var floats = MemoryMarshal.Cast<byte, float>(raw);
            for (var i = 0; i < floats.Length; i++)
                if (valid[i] != 0 && candidate[bins.BinOf(floats[i])]) found.Add(floats[i]);
            return found;
        }
        for (var i = 0; i < pixels.Count; i++)
        {
            if (valid[i] == 0) continue;
            var v = PixelMath.ValueAt(raw, pixels.Types[0], i);
            if (candidate[bins.BinOf(v)]) found.Add(v);
        }
        return found;
    }

    /// <summary>
    /// The bins in order, each candidate replaced by its distinct values (sorted values fall in bins
    /// in order, since <see cref="FineBins.BinOf"/> never decreases); null if a bin's values do not
    /// add up to its count.
    /// </summary>
    private static ValueGroups? Merge(FineBins bins, bool[] candidate, double[] sorted)
    {
        var m = bins.Moments;
        var shift = bins.Shift;
        var groups = sorted.Length;
        for (var b = 0; b < bins.Count; b++)
            if (m[3 * b] > 0 && !candidate[b]) groups++;
        // Sized once: at most a group per value read and per other bin.
        var (values, weights, sums, squares) = (new List<double>(groups), new List<double>(groups), new List<double>(groups), new List<double>(groups));
        var next = 0;
        for (var b = 0; b < bins.Count; b++)
        {
            var inBin = m[3 * b];
            if (inBin == 0) continue;
            if (!candidate[b])
            {
                values.Add(m[3 * b + 1] / inBin + shift);
                weights.Add(inBin);
                sums.Add(m[3 * b + 1]);
                squares.Add(m[3 * b + 2]);
                continue;
            }
            var read = 0;
            while (next < sorted.Length && bins.BinOf(sorted[next]) == b)
            {
                var value = sorted[next];
                var run = 0;
                while (next < sorted.Length && sorted[next] == value) { next++; run++; }
                var x = value - shift;
                values.Add(value);
                weights.Add(run);
                sums.Add(run * x);
                squares.Add(run * x * x);
                read += run;
            }
            if (read != inBin) return null;
        }
        return next == sorted.Length ? ValueGroups.FromParts(values, weights, sums, squares, shift) : null;
    }
}
