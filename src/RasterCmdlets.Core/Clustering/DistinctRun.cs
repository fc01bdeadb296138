using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// Sorted distinct values and their counts, in the first <see cref="Count"/> places of their arrays:
/// one window's (<see cref="Of"/>, in arrays a pass lends), or the merge of every window so far
/// (<see cref="Accumulator"/>).
/// </summary>
internal readonly record struct DistinctRun(double[] Values, long[] Counts, int Count)
{
    public static DistinctRun Empty => new([], [], 0);

    /// <summary>
    /// The distinct valid values of a window's first band, sorted, with their counts, written into
    /// <paramref name="values"/> and <paramref name="counts"/> (at least as long as the window).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DistinctRun Of(WindowPixels pixels, double[] values, long[] counts)
    {
        var raw = pixels.RawBand(0);
        var valid = pixels.Validity;
        var n = 0;
        if (pixels.Types[0] == RasterDataType.Float32)
        {
            // Sorted as floats, by their bits, in the first half of the values' memory with the
            // second half as scratch: a float widens to the same double after sorting as before.
            var floats = MemoryMarshal.Cast<byte, float>(raw);
            var sorted = MemoryMarshal.Cast<double, float>(values.AsSpan());
            for (var i = 0; i < floats.Length; i++)
                if (valid[i] != 0) sorted[n++] = floats[i];
            FloatRadixSort.Sort(sorted[..n], sorted[n..(2 * n)]);
            // Widened from the last to the first: each double takes the place of two floats at or after its float.
            for (var i = n - 1; i >= 0; i--) values[i] = sorted[i];
        }
        else
        {
            for (var i = 0; i < pixels.Count; i++)
                if (valid[i] != 0) values[n++] = PixelMath.ValueAt(raw, pixels.Types[0], i);
            Array.Sort(values, 0, n);
        }
        // Run lengths, written over the sorted values themselves.
        var distinct = 0;
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j < n && values[j] == values[i]) j++;
            values[distinct] = values[i];
            counts[distinct++] = j - i;
            i = j;
        }
        return new DistinctRun(values, counts, distinct);
    }

    /// <summary>
    /// The union of runs merged one after another, counts of equal values added, in two pairs of
    /// arrays used in turn and grown by doubling: merging a hundred windows of a million values
    /// allocates a few arrays, not a hundred.
    /// </summary>
    public sealed class Accumulator
    {
        private double[] _values = [], _spareValues = [];
        private long[] _counts = [], _spareCounts = [];

        public int Count { get; private set; }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Merge(DistinctRun part)
        {
            var size = Count + part.Count;
            if (_spareValues.Length < size)
            {
                var capacity = Math.Max(size, 2 * _spareValues.Length);
                (_spareValues, _spareCounts) = (GC.AllocateUninitializedArray<double>(capacity), GC.AllocateUninitializedArray<long>(capacity));
            }
            var (av, ac, bv, bc) = (_values, _counts, part.Values, part.Counts);
            var (values, counts) = (_spareValues, _spareCounts);
            int i = 0, j = 0, n = 0;
            while (i < Count && j < part.Count)
            {
                var (x, y) = (av[i], bv[j]);
                if (x < y) { values[n] = x; counts[n++] = ac[i++]; }
                else if (y < x) { values[n] = y; counts[n++] = bc[j++]; }
                else { values[n] = x; counts[n++] = ac[i++] + bc[j++]; }
            }
            for (; i < Count; i++) { values[n] = av[i]; counts[n++] = ac[i]; }
            for (; j < part.Count; j++) { values[n] = bv[j]; counts[n++] = bc[j]; }
            (_spareValues, _spareCounts, _values, _counts) = (_values, _counts, values, counts);
            Count = n;
        }

        /// <summary>Lets the arrays go (the values are too many to be kept).</summary>
        public void Clear()
        {
            (_values, _counts, _spareValues, _spareCounts) = ([], [], [], []);
            Count = 0;
        }

        public ValueGroups ToGroups() => ValueGroups.FromDistinct(_values[..Count], _counts[..Count]);
    }
}
