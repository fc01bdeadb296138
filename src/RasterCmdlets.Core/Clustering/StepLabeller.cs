using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// Labels 8- and 16-bit pixels of one band with SIMD compares instead of a table lookup per pixel.
/// In one dimension a pixel's class is the number of class boundaries at or below its value, so a
/// vector of pixels is labelled by one compare and one subtract per boundary, and the NoData value
/// by one compare and one blend. A whole-tile write spends most of its labelling time in the
/// lookup's scattered loads (a 16-bit table is 128 KB, beyond the L1 cache); this does not load.
/// <para>
/// Built from the classifier's lookup table, and checked against it for every possible value when
/// built: a table that is not a step function (it always is, but a model file may hold anything)
/// gets no labeller, and the lookup is used instead.
/// </para>
/// </summary>
internal sealed class StepLabeller
{
    // Beyond this many boundaries the compares cost more than the lookup.
    private const int MaxBoundaries = 15;

    private readonly RasterDataType _type;
    // Boundaries and NoData are kept as table indices: the value plus the type's offset, which
    // orders signed values as unsigned ones (it flips the sign bit).
    private readonly Vector<ushort>[] _boundaries;
    private readonly bool _hasNoData;
    private readonly Vector<ushort> _noData;
    private readonly Vector<ushort> _noDataLabel;
    private readonly ushort[] _lookup;

    private StepLabeller(RasterDataType type, ushort[] boundaries, int? noDataIndex, ushort[] lookup)
    {
        _type = type;
        _boundaries = boundaries.Select(b => new Vector<ushort>(b)).ToArray();
        _hasNoData = noDataIndex is not null;
        _noData = new Vector<ushort>((ushort)(noDataIndex ?? 0));
        _noDataLabel = new Vector<ushort>(noDataIndex is int i ? lookup[i] : (ushort)0);
        _lookup = lookup;
    }

    /// <summary>A labeller equivalent to <paramref name="lookup"/>, or null where it would not pay or not be exact.</summary>
    /// <param name="lookup">Label of each table index (value + offset of <see cref="PixelClassifier.LookupRange"/>).</param>
    /// <param name="noDataIndex">The index whose label is the NoData label, if any: it is the one exception to the steps.</param>
    public static StepLabeller? For(RasterDataType type, ushort[] lookup, int? noDataIndex)
    {
        if (!Vector.IsHardwareAccelerated || PixelClassifier.LookupRange(type).Size != lookup.Length) return null;
        var boundaries = new List<ushort>();
        for (var index = 0; index < lookup.Length; index++)
        {
            if (index == noDataIndex) continue;
            while (boundaries.Count < lookup[index]) boundaries.Add((ushort)index);
            if (boundaries.Count > MaxBoundaries) return null;
        }
        // Exactness: every value, NoData included, must get the table's label.
        var below = 0;
        for (var index = 0; index < lookup.Length; index++)
        {
            while (below < boundaries.Count && boundaries[below] <= index) below++;
            if (index != noDataIndex && below != lookup[index]) return null;
        }
        return new StepLabeller(type, boundaries.ToArray(), noDataIndex, lookup);
    }

    /// <summary>Labels the pixels of <paramref name="raw"/> (of the labeller's type) into <paramref name="labels"/>.</summary>
    // Hot loop: compiled fully optimised at once; tiered compilation would first run it unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Label<TLabel>(ReadOnlySpan<byte> raw, Span<TLabel> labels) where TLabel : unmanaged, IBinaryInteger<TLabel>
    {
        var n = labels.Length;
        var lanes = Vector<ushort>.Count;
        var done = 0;
        if (_type is RasterDataType.UInt16 or RasterDataType.Int16)
        {
            var values = MemoryMarshal.Cast<byte, ushort>(raw)[..n];
            var flip = new Vector<ushort>(_type == RasterDataType.Int16 ? (ushort)0x8000 : (ushort)0);
            for (; done + 2 * lanes <= n; done += 2 * lanes)
            {
                var low = LabelsOf(new Vector<ushort>(values[done..]) ^ flip);
                var high = LabelsOf(new Vector<ushort>(values[(done + lanes)..]) ^ flip);
                Store(low, high, labels[done..]);
            }
        }
        else
        {
            var flip = new Vector<byte>(_type == RasterDataType.Int8 ? (byte)0x80 : (byte)0);
            for (; done + 2 * lanes <= n; done += 2 * lanes)
            {
                Vector.Widen(new Vector<byte>(raw[done..]) ^ flip, out var low, out var high);
                Store(LabelsOf(low), LabelsOf(high), labels[done..]);
            }
        }
        // The last few pixels: through the table, which gives the same labels.
        PixelClassifier.LookUp(_lookup, raw, _type, labels, done);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector<ushort> LabelsOf(Vector<ushort> indices)
    {
        var labels = Vector<ushort>.Zero;
        // A true compare is all ones, that is -1: subtracting it counts the boundary.
        foreach (var boundary in _boundaries) labels -= Vector.GreaterThanOrEqual(indices, boundary);
        return _hasNoData ? Vector.ConditionalSelect(Vector.Equals(indices, _noData), _noDataLabel, labels) : labels;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TLabel>(Vector<ushort> low, Vector<ushort> high, Span<TLabel> labels) where TLabel : unmanaged
    {
        if (typeof(TLabel) == typeof(byte))
        {
            Vector.Narrow(low, high).CopyTo(MemoryMarshal.Cast<TLabel, byte>(labels));
        }
        else
        {
            var wide = MemoryMarshal.Cast<TLabel, ushort>(labels);
            low.CopyTo(wide);
            high.CopyTo(wide[Vector<ushort>.Count..]);
        }
    }
}
